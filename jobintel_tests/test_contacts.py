"""Contacts (layer 5): placeholders offline, real people only when found, messages within limits."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from jobintel_assets.layers import contacts
from jobintel_assets.layers.models import (
    CandidateProfile,
    CandidateRole,
    CompanyProfile,
    CompanyResearch,
    CompanySignal,
    CompanyType,
    CompetencyWeights,
    Confidence,
    Contacts,
    ContactType,
    Education,
    EvidencedItem,
    ExtractedJD,
    FitComponent,
    FitScore,
    PainPoints,
    PersonHit,
    RemotePolicy,
    RoleCategory,
    RoleFamily,
    RoleResearch,
    Seniority,
    SignalType,
    SkillKind,
    SkillMention,
    SkillSection,
    fit_category_for,
    tier_for,
)
from jobintel_assets.layers.text import numbers_in

NORTHWIND_POSTING = """Senior Platform Engineer - Northwind Logistics (Berlin, hybrid)

Northwind moves 2 million parcels a week across Europe. After our Series B we are growing the
platform team from 4 to 9 engineers.

What you'll do
- Own our Kubernetes clusters and the Terraform that builds them
- Cut deployment lead time and make releases boring
- Build observability with Prometheus and Grafana so on-call stops firefighting
- Mentor engineers on infrastructure as code and incident response

What we look for
- 6+ years building platforms on AWS
- Deep experience with Kubernetes, Terraform and Go or Python
"""


def _mention(name: str, posting: str = NORTHWIND_POSTING) -> SkillMention:
    start = posting.index(name)
    return SkillMention(
        name=name, kind=SkillKind.knowledge, matched_text=name, start=start, end=start + len(name)
    )


def _item(text: str, evidence: str) -> EvidencedItem:
    return EvidencedItem(text=text, evidence=evidence, confidence=Confidence.high)


def northwind_jd(
    title: str = "Senior Platform Engineer",
    category: RoleCategory = RoleCategory.senior_individual_contributor,
    seniority: Seniority = Seniority.senior,
) -> ExtractedJD:
    return ExtractedJD(
        title=title,
        company="Northwind Logistics",
        location="Berlin",
        remote_policy=RemotePolicy.hybrid,
        role_category=category,
        role_family=RoleFamily.infrastructure,
        seniority_level=seniority,
        competency_weights=CompetencyWeights(delivery=35, process=15, architecture=35, leadership=15),
        responsibilities=[
            "Own our Kubernetes clusters and the Terraform that builds them",
            "Cut deployment lead time and make releases boring",
            "Build observability with Prometheus and Grafana so on-call stops firefighting",
            "Mentor engineers on infrastructure as code and incident response",
        ],
        qualifications=[
            "6+ years building platforms on AWS",
            "Deep experience with Kubernetes, Terraform and Go or Python",
        ],
        nice_to_haves=[],
        technical_skills=[_mention(s) for s in ("Kubernetes", "Terraform", "Prometheus", "Grafana", "AWS")],
        soft_skills=[],
        implied_pain_points=["On-call is firefighting instead of engineering"],
        success_metrics=["Deployment lead time"],
        top_keywords=["Kubernetes", "Terraform", "AWS", "Prometheus", "observability"],
        years_experience_required=6,
    )


def northwind_pain_points() -> PainPoints:
    return PainPoints(
        pain_points=[
            _item(
                "Slow, risky deployments hold the platform team back",
                "Cut deployment lead time and make releases boring",
            ),
            _item(
                "On-call is firefighting for lack of observability",
                "Build observability with Prometheus and Grafana so on-call stops firefighting",
            ),
            _item(
                "The platform team is doubling from 4 to 9 engineers", "growing the platform team from 4 to 9"
            ),
        ],
        strategic_needs=[
            _item("Infrastructure as code across all clusters", "the Terraform that builds them"),
        ],
        risks_if_unfilled=[_item("Growth outpaces the platform", "growing the platform team")],
        success_metrics=[_item("Shorter deployment lead time", "Cut deployment lead time")],
        why_now="After the Series B the platform team is growing.",
        reasoning_summary="A growing logistics company whose platform must keep up with hiring.",
    )


def northwind_research(signals: list[CompanySignal] | None = None) -> CompanyResearch:
    return CompanyResearch(
        company=CompanyProfile(
            name="Northwind Logistics",
            summary="Northwind runs parcel logistics across Europe.",
            signals=signals
            if signals is not None
            else [
                CompanySignal(
                    type=SignalType.funding,
                    description="Northwind closed its Series B",
                    date="unknown",
                    source="posting",
                ),
                CompanySignal(
                    type=SignalType.growth,
                    description="Platform team growing from 4 to 9 engineers",
                    date="2025-03-01",
                    source="file:companies/northwind-logistics.md",
                ),
            ],
            company_type=CompanyType.employer,
            fetched_at=datetime(2025, 3, 10, tzinfo=UTC),
            sources=["posting", "file:companies/northwind-logistics.md"],
            unknowns=["headcount", "founding year"],
        ),
        role=RoleResearch(
            summary="The senior engineer who owns the Kubernetes platform.",
            business_impact=["Faster, safer releases for every product team"],
            why_now="After the Series B the platform team is growing.",
        ),
    )


def northwind_fit(candidate_evidence: list[str]) -> FitScore:
    return FitScore(
        fit_score=82,
        fit_category=fit_category_for(82),
        tier=tier_for(82),
        fit_rationale="Strong Kubernetes and Terraform record; no Grafana in the CV.",
        deterministic_score=82,
        breakdown=[
            FitComponent(name="skills", weight=0.5, score=80, detail="4 of 5 skills"),
            FitComponent(name="seniority", weight=0.3, score=90, detail="10 years vs 6 required"),
            FitComponent(name="pain points", weight=0.2, score=75, detail="2 of 3 pain points evidenced"),
        ],
        matched_skills=["Kubernetes", "Terraform", "AWS", "Prometheus"],
        missing_skills=["Grafana"],
        candidate_evidence=candidate_evidence,
    )


def maria_candidate() -> CandidateProfile:
    return CandidateProfile(
        name="Maria Keller",
        headline="Platform engineer who makes deployments boring",
        email="maria@example.org",
        phone="+49 30 1234567",
        persona="I build internal platforms that product teams like to use.",
        years_experience=10,
        roles=[
            CandidateRole(
                title="Senior Platform Engineer",
                employer="Parcelly",
                start="2020-01",
                end="present",
                achievements=[
                    "Cut deployment lead time from 3 days to 40 minutes by moving 60 services to "
                    "Kubernetes with Argo CD",
                    "Built Terraform modules used by 12 teams, replacing hand-made AWS setups",
                    "Introduced Prometheus alerting that reduced pages by 45%",
                ],
                skills=["Kubernetes", "Terraform", "AWS", "Prometheus", "Argo CD"],
            ),
            CandidateRole(
                title="DevOps Engineer",
                employer="Shoply",
                start="2015-06",
                end="2019-12",
                achievements=["Automated the release process with Jenkins and Ansible"],
            ),
        ],
        skills=[SkillSection(name="Platform", skills=["Kubernetes", "Terraform", "AWS", "Prometheus", "Go"])],
        education=[Education(degree="BSc Computer Science", institution="TU Berlin", year=2015)],
    )


def tiny_candidate() -> CandidateProfile:
    """A very short master CV: one role, one achievement without a number."""
    return CandidateProfile(
        name="Tom Ode",
        headline="Engineer",
        persona="I write software.",
        years_experience=2,
        roles=[
            CandidateRole(
                title="Engineer",
                employer="Acme",
                start="2023-01",
                end="present",
                achievements=["Built APIs"],
            )
        ],
        skills=[SkillSection(name="Languages", skills=["Python"])],
    )


LONG_ACHIEVEMENT = (
    "Led the re-architecture of the order platform from a single Rails monolith into 14 event-driven "
    "services on Kubernetes, coordinating 5 teams across 3 time zones, migrating 800 million rows of "
    "order history without downtime, introducing contract tests, canary releases and service-level "
    "objectives for every service, and training 40 engineers on the new deployment workflow, which "
    "together raised release frequency from monthly to 30 times a day while cutting incidents by 70%"
)


def long_candidate() -> CandidateProfile:
    """One very long achievement, longer on its own than any LinkedIn message may be."""
    return maria_candidate().model_copy(
        update={
            "roles": [
                CandidateRole(
                    title="Principal Engineer",
                    employer="Orderly",
                    start="2018-01",
                    end="present",
                    achievements=[LONG_ACHIEVEMENT],
                )
            ]
        }
    )


def northwind_inputs(
    candidate: CandidateProfile | None = None,
    people: list[PersonHit] | None = None,
    jd: ExtractedJD | None = None,
    signals: list[CompanySignal] | None = None,
    **limits: int,
) -> contacts.ContactsInputs:
    candidate = candidate or maria_candidate()
    return contacts.ContactsInputs(
        jd=jd or northwind_jd(),
        pain_points=northwind_pain_points(),
        company_research=northwind_research(signals),
        fit=northwind_fit(candidate.roles[0].achievements[:1]),
        candidate=candidate,
        people=people or [],
        **limits,
    )


def sparse_inputs() -> contacts.ContactsInputs:
    """A short CV and a posting that yielded no responsibilities, skills, pain points or signals."""
    jd = northwind_jd().model_copy(
        update={"responsibilities": [], "technical_skills": [], "top_keywords": [], "implied_pain_points": []}
    )
    inputs = northwind_inputs(candidate=tiny_candidate(), jd=jd, signals=[])
    research = inputs.company_research
    return inputs.model_copy(
        update={
            "pain_points": inputs.pain_points.model_copy(update={"pain_points": []}),
            "company_research": research.model_copy(
                update={"role": research.role.model_copy(update={"business_impact": []})}
            ),
            "fit": inputs.fit.model_copy(update={"matched_skills": []}),
        }
    )


def figures_first_inputs() -> contacts.ContactsInputs:
    """The top pain point and the first signal state the posting's figures (team of 4 growing to 9)."""
    inputs = northwind_inputs()
    pains = inputs.pain_points.pain_points
    signals = inputs.company_research.company.signals
    return northwind_inputs(signals=signals[::-1]).model_copy(
        update={"pain_points": inputs.pain_points.model_copy(update={"pain_points": pains[::-1]})}
    )


def _everyone(result: Contacts):
    return [*result.primary_contacts, *result.secondary_contacts]


# ------------------------------------------------------------------ offline placeholders


def test_offline_contacts_are_role_placeholders_never_people():
    inputs = northwind_inputs()
    result = contacts.heuristic(inputs)

    assert len(result.primary_contacts) == 2 and len(result.secondary_contacts) == 2
    for contact in _everyone(result):
        assert contact.is_synthetic
        assert contact.linkedin_url is None and contact.source_url is None
        assert contact.name.endswith("at Northwind Logistics")
        assert contact.linkedin_connection_message.startswith("Hi there,")
        assert contact.email_body.startswith("Hello,")
    names = [c.name for c in _everyone(result)]
    assert "Hiring manager (Platform Engineering) at Northwind Logistics" in names
    assert {c.contact_type for c in result.primary_contacts} == {
        ContactType.hiring_manager,
        ContactType.recruiter,
    }
    assert "Offline" in result.discovery_note
    assert contacts.check_no_invented_people(result, inputs) == []


def test_senior_engineer_and_director_roles_get_different_people_to_look_for():
    senior = contacts.heuristic(northwind_inputs())
    director = contacts.heuristic(
        northwind_inputs(
            jd=northwind_jd("Director of Platform Engineering", RoleCategory.director, Seniority.director)
        )
    )

    senior_roles = {c.contact_type: c.role for c in _everyone(senior)}
    director_roles = {c.contact_type: c.role for c in _everyone(director)}
    assert "Manager" in senior_roles[ContactType.hiring_manager]
    assert "Staff Engineer" in senior_roles[ContactType.peer]
    assert director_roles[ContactType.hiring_manager].startswith("VP")
    assert "CTO" in director_roles[ContactType.executive]


def test_signals_are_offered_as_hooks_with_their_source():
    result = contacts.heuristic(northwind_inputs())
    hiring_manager = result.primary_contacts[0]
    assert any("source: posting" in s for s in hiring_manager.recent_signals)
    assert any("file:companies/northwind-logistics.md" in s for s in hiring_manager.recent_signals)

    quiet = contacts.heuristic(northwind_inputs(signals=[]))
    assert all(c.recent_signals == [] for c in _everyone(quiet))


def test_contact_counts_are_configurable():
    result = contacts.heuristic(northwind_inputs(max_primary=1, max_secondary=3))
    assert len(result.primary_contacts) == 1 and len(result.secondary_contacts) == 3
    assert len({c.name for c in _everyone(result)}) == 4


# ------------------------------------------------------------------ real people

PEOPLE = [
    PersonHit(
        name="Priya Raman",
        role="Engineering Manager, Platform",
        source_url="https://northwind.example/team",
        linkedin_url="https://www.linkedin.com/in/priya-raman",
    ),
    PersonHit(
        name="Jonas Berg", role="Senior Technical Recruiter", source_url="https://northwind.example/team"
    ),
]


@pytest.mark.parametrize(
    ("person_role", "job_category", "expected"),
    [
        (
            "Engineering Manager, Platform",
            RoleCategory.senior_individual_contributor,
            ContactType.hiring_manager,
        ),
        ("Staff Software Engineer", RoleCategory.senior_individual_contributor, ContactType.peer),
        ("Director of Engineering", RoleCategory.senior_individual_contributor, ContactType.vp_director),
        ("CTO", RoleCategory.senior_individual_contributor, ContactType.executive),
        ("Talent Acquisition Partner", RoleCategory.director, ContactType.recruiter),
        ("VP Engineering", RoleCategory.director, ContactType.hiring_manager),
        ("Co-founder & CEO", RoleCategory.director, ContactType.executive),
        ("Product Owner, Onboarding", RoleCategory.director, ContactType.peer),
        ("CEO", RoleCategory.c_level, ContactType.hiring_manager),
    ],
)
def test_people_are_classified_by_their_level_relative_to_the_job(person_role, job_category, expected):
    jd = northwind_jd(category=job_category)
    assert contacts.classify_person(person_role, jd) == expected


def test_people_found_are_used_with_their_sources():
    inputs = northwind_inputs(people=PEOPLE)
    result = contacts.heuristic(inputs)

    by_name = {c.name: c for c in _everyone(result)}
    priya, jonas = by_name["Priya Raman"], by_name["Jonas Berg"]
    assert not priya.is_synthetic and not jonas.is_synthetic
    assert priya.contact_type == ContactType.hiring_manager and jonas.contact_type == ContactType.recruiter
    assert priya.linkedin_url == "https://www.linkedin.com/in/priya-raman"
    assert priya.source_url == jonas.source_url == "https://northwind.example/team"
    assert priya.email_body.startswith("Hi Priya,")
    assert all(c.is_synthetic for c in result.secondary_contacts)
    assert "Found 2 people via northwind.example" in result.discovery_note
    assert contacts.check_no_invented_people(result, inputs) == []


def test_ground_turns_unknown_names_into_placeholders():
    inputs = northwind_inputs(people=PEOPLE)
    drafted = contacts.heuristic(inputs)
    invented = drafted.primary_contacts[1].model_copy(
        update={
            "name": "Sarah Connor",
            "is_synthetic": False,
            "linkedin_url": "https://www.linkedin.com/in/sarah-connor",
            "email_body": drafted.primary_contacts[1].email_body.replace("Hi Jonas,", "Hi Sarah,"),
        }
    )
    tampered = drafted.model_copy(update={"primary_contacts": [drafted.primary_contacts[0], invented]})
    assert contacts.check_no_invented_people(tampered, inputs)

    grounded = contacts.ground(tampered, inputs)
    fixed = grounded.primary_contacts[1]
    assert fixed.is_synthetic and fixed.linkedin_url is None
    assert "Sarah" not in fixed.name and "Sarah" not in fixed.email_body
    assert contacts.check_no_invented_people(grounded, inputs) == []


def test_ground_fixes_messages_out_of_limits_and_invented_numbers():
    inputs = northwind_inputs()
    drafted = contacts.heuristic(inputs)
    first = drafted.primary_contacts[0]
    broken = first.model_copy(
        update={
            "linkedin_connection_message": "I grew revenue 300% at my last job. " * 20,
            "linkedin_inmail": "Too short.",
            "email_body": "I cut costs by 95% and doubled uptime. " * 40,
        }
    )
    result = contacts.ground(drafted.model_copy(update={"primary_contacts": [broken]}), inputs)
    assert contacts.check_message_lengths(result) == []
    assert contacts.check_no_invented_numbers(result, inputs) == []
    assert "300" not in result.primary_contacts[0].linkedin_connection_message


# ------------------------------------------------------------------ message limits and facts

FIXTURES = {
    "northwind": lambda: northwind_inputs(),
    "with people": lambda: northwind_inputs(people=PEOPLE),
    "very long achievement": lambda: northwind_inputs(candidate=long_candidate()),
    "very short cv": lambda: northwind_inputs(candidate=tiny_candidate(), signals=[]),
    "cto role": lambda: northwind_inputs(jd=northwind_jd("CTO", RoleCategory.c_level, Seniority.c_level)),
    "sparse job and cv": lambda: sparse_inputs(),
    "figures in the top pain and signal": lambda: figures_first_inputs(),
}


@pytest.mark.parametrize("fixture", FIXTURES)
def test_every_message_is_within_its_limits(fixture):
    result = contacts.heuristic(FIXTURES[fixture]())

    assert contacts.check_message_lengths(result) == []
    for contact in _everyone(result):
        assert len(contact.linkedin_connection_message) <= 300
        assert len(contact.linkedin_inmail_subject) <= 30
        assert 400 <= len(contact.linkedin_inmail) <= 600
        assert len(contact.email_subject) <= 100
        assert 95 <= len(contact.email_body.split()) <= 205


@pytest.mark.parametrize("fixture", FIXTURES)
def test_messages_state_no_number_missing_from_the_master_cv(fixture):
    inputs = FIXTURES[fixture]()
    result = contacts.heuristic(inputs)
    cv_text = inputs.candidate.model_dump_json()

    for contact in _everyone(result):
        for message in (contact.linkedin_connection_message, contact.linkedin_inmail, contact.email_body):
            assert numbers_in(message) <= numbers_in(cv_text), message
    # The posting's own figures (a team growing from 4 to 9) are not the candidate's to claim.
    assert all("9 engineers" not in c.email_body for c in _everyone(result))


def test_messages_cite_the_cv_and_the_top_pain_point():
    result = contacts.heuristic(northwind_inputs())
    hiring_manager = result.primary_contacts[0]
    assert "from 3 days to 40 minutes" in hiring_manager.email_body
    # The pain as the work the posting asks for, then its proof; no "From the posting, I understand".
    pain = "The posting asks for someone to cut deployment lead time and make releases boring."
    assert (
        f"{pain} At Parcelly, I cut deployment lead time from 3 days to 40 minutes"
        in hiring_manager.email_body
    )
    assert "I understand" not in hiring_manager.email_body
    assert "Northwind Logistics" in hiring_manager.linkedin_inmail


@pytest.mark.parametrize("fixture", FIXTURES)
def test_a_message_that_names_the_postings_need_also_gives_its_proof_and_no_proof_twice(fixture):
    inputs = FIXTURES[fixture]()
    result = contacts.heuristic(inputs)
    pain = "The posting asks for someone to"
    achievements = [a.rstrip(".") for role in inputs.candidate.roles for a in role.achievements]
    for contact in _everyone(result):
        for message in (contact.linkedin_connection_message, contact.linkedin_inmail, contact.email_body):
            for achievement in achievements:
                assert message.count(achievement[1:]) <= 1, message
            if pain in message:
                after = message.split(pain, 1)[1]
                assert re.search(r"\. (?:At [A-Z][^,]+|There|I also|Also at [A-Z][^,]+), I ", after), message


def test_an_employer_the_sentence_before_named_is_not_named_again():
    text = "I bring 12 years, most recently as a manager at Oakridge Health. At Oakridge Health, I grew it."
    assert contacts.vary_employers(text).endswith("Oakridge Health. There, I grew it.")


def test_an_achievement_too_long_for_a_message_is_left_out_never_cut():
    result = contacts.heuristic(northwind_inputs(candidate=long_candidate()))
    messages = [
        message
        for contact in _everyone(result)
        for message in (contact.linkedin_connection_message, contact.linkedin_inmail, contact.email_body)
    ]
    whole = "At Orderly, I l" + LONG_ACHIEVEMENT[1:] + "."
    assert not any("At Orderly, I led" in m for m in messages[::3])  # no room in a connection message
    for message in messages:
        assert "At Orderly, I led" not in message or whole in message


def test_heuristic_is_deterministic_and_ground_keeps_it():
    inputs = northwind_inputs(people=PEOPLE)
    first = contacts.heuristic(inputs)
    assert contacts.heuristic(inputs) == first
    assert contacts.ground(first, inputs) == first


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In September 2025 we welcomed Priya Raman as our new CTO.", [("Priya Raman", "CTO")]),
        ("In October our co-founder Maya Chen became CEO.", [("Maya Chen", "CEO")]),
        ("You will report to our VP Engineering, Sam Okafor.", [("Sam Okafor", "VP Engineering")]),
        ("We raised a Series B led by Harbor Ventures in September 2025.", []),
        ("Reporting directly to the CEO, you will lead 22 engineers.", []),
        ("Northwind Logistics is hiring a Head of Platform.", []),
    ],
)
def test_people_are_taken_from_the_posting_only_when_it_names_them_with_a_role(sentence, expected):
    found = contacts.people_named_in(sentence, "Northwind Logistics")
    assert [(p.name, p.role) for p in found] == expected
    assert all(p.source_url == "posting" for p in found)
