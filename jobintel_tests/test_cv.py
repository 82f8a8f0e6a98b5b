"""The tailored CV: selected and ordered from the master CV, never adding a fact."""

from __future__ import annotations

import re

from jobintel_assets.layers import cv, fit_score
from jobintel_assets.layers.models import (
    CandidateProfile,
    CVBullet,
    CVRole,
    ExtractedJD,
    PainPoints,
    RemotePolicy,
    RoleCategory,
    Seniority,
    SkillSection,
    TailoredCV,
)
from jobintel_tests.test_fit_score import (
    candidate_profile,
    item,
    make_jd,
    master_achievements,
    platform_jd,
    platform_pain_points,
)


def cv_inputs(
    jd: ExtractedJD | None = None, pains: PainPoints | None = None, candidate: CandidateProfile | None = None
) -> cv.CVInputs:
    jd = jd or platform_jd()
    pains = pains or platform_pain_points()
    candidate = candidate or candidate_profile()
    fit = fit_score.heuristic(fit_score.FitScoreInputs(jd=jd, pain_points=pains, candidate=candidate))
    return cv.CVInputs(jd=jd, pain_points=pains, fit=fit, candidate=candidate)


def payments_jd(focus: str, keywords: list[str], pain: tuple[str, str]) -> tuple[ExtractedJD, PainPoints]:
    jd = make_jd(
        title="Senior Backend Engineer",
        company="Quayside Pay",
        location="Manchester, UK",
        remote_policy=RemotePolicy.hybrid,
        seniority=Seniority.senior,
        weights=(40, 20, 30, 10),
        responsibilities=[focus],
        requirements=["5+ years of backend engineering", focus],
        nice_to_haves=[],
        top_keywords=keywords,
        years=5,
    )
    pains = PainPoints(
        pain_points=[item(*pain)],
        strategic_needs=[],
        risks_if_unfilled=[],
        success_metrics=[],
        reasoning_summary="One clear need.",
    )
    return jd, pains


def bullets_of(result: TailoredCV, employer: str) -> list[str]:
    return [b.text for b in next(r for r in result.experience if r.employer == employer).bullets]


def master_text(candidate: CandidateProfile) -> str:
    """Everything the candidate wrote, as plain text, to check the CV against independently."""
    parts = [candidate.name, candidate.headline, candidate.persona, str(candidate.years_experience)]
    parts += [
        candidate.email or "",
        candidate.phone or "",
        candidate.location or "",
        candidate.linkedin_url or "",
    ]
    for role in candidate.roles:
        parts += [role.title, role.employer, role.start, role.end, role.location or "", *role.achievements]
    parts += [e.degree + " " + e.institution + " " + str(e.year) for e in candidate.education]
    parts += candidate.certifications
    return "\n".join(parts)


def month_and_year(value: str) -> str:
    """How a CV prints '2021-02' and 'present'."""
    if value == "present":
        return "Present"
    year, month = value.split("-")
    return ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
        int(month) - 1
    ] + f" {year}"


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text))


# ------------------------------------------------------------------------------ tests


def test_the_cv_states_only_facts_from_the_master_cv():
    candidate = candidate_profile()
    result = cv.heuristic(cv_inputs(candidate=candidate))

    assert numbers(result.markdown) <= numbers(master_text(candidate))
    role_headers = re.findall(r"^### (.+) — (.+) \((.+) – (.+)\)$", result.markdown, flags=re.MULTILINE)
    assert role_headers == [
        (r.title, r.employer, month_and_year(r.start), month_and_year(r.end)) for r in candidate.roles
    ]
    listed = {skill for section in candidate.skills for skill in section.skills}
    assert {skill for section in result.core_competencies for skill in section.skills} <= listed
    for role in result.experience:
        for bullet in role.bullets:
            assert (
                bullet.source_text
                in next(r for r in candidate.roles if r.employer == role.employer).achievements
            )
            assert bullet.text in bullet.source_text
    assert "Kubernetes" not in listed and "k8s" in result.markdown  # the CV keeps the candidate's own words


def test_bullets_put_the_most_job_relevant_achievement_first():
    latency_jd, latency_pains = payments_jd(
        "Bring API latency down with Redis caching",
        ["Redis", "latency"],
        ("Slow API responses frustrate merchants", "Bring API latency down with Redis caching"),
    )
    streaming_jd, streaming_pains = payments_jd(
        "Build event streaming on Apache Kafka",
        ["Kafka", "event streaming"],
        ("Batch jobs cannot keep up with payment events", "event streaming on Apache Kafka"),
    )

    for_latency = bullets_of(cv.heuristic(cv_inputs(latency_jd, latency_pains)), "Brightpath Payments")
    for_streaming = bullets_of(cv.heuristic(cv_inputs(streaming_jd, streaming_pains)), "Brightpath Payments")

    assert for_latency[0].startswith("Reduced p99 API latency")
    assert for_streaming[0].startswith("Built a Kafka event pipeline")
    # First in the master CV, but nothing in either posting asks for it: a past role leaves it out.
    assert not any(b.startswith("Ran quarterly planning") for b in for_latency + for_streaming)


def test_a_management_posting_moves_mentoring_up_and_a_platform_posting_moves_it_down():
    mentoring = "Mentored 6 engineers, 3 of whom were promoted to senior."
    manager_jd = make_jd(
        title="Engineering Manager, Platform",
        company="Fernhill Health",
        location="London, UK",
        remote_policy=RemotePolicy.hybrid,
        seniority=Seniority.staff,
        weights=(15, 25, 10, 50),
        responsibilities=[
            "Grow and promote engineers into senior roles",
            "Run quarterly planning for the team",
        ],
        requirements=["Experience managing and mentoring engineers"],
        nice_to_haves=[],
        top_keywords=["mentoring", "planning"],
        years=8,
    )
    manager_pains = PainPoints(
        pain_points=[item("Engineers are not growing into senior roles", "Grow and promote engineers")],
        strategic_needs=[],
        risks_if_unfilled=[],
        success_metrics=[],
        reasoning_summary="Growing the team.",
    )

    manager_jd = manager_jd.model_copy(update={"role_category": RoleCategory.manager})

    platform = bullets_of(cv.heuristic(cv_inputs()), "Northwind Logistics")
    management = bullets_of(cv.heuristic(cv_inputs(manager_jd, manager_pains)), "Northwind Logistics")

    assert mentoring not in platform or platform.index(mentoring) >= 3
    assert management[0] == mentoring


def test_job_keywords_reorder_the_candidates_skills_but_never_add_one():
    latency_jd, latency_pains = payments_jd(
        "Bring API latency down with Redis caching and Rust services",
        ["Redis", "Rust", "latency"],
        ("Slow API responses frustrate merchants", "Bring API latency down with Redis caching"),
    )
    candidate = candidate_profile()

    competencies = cv.heuristic(cv_inputs(latency_jd, latency_pains, candidate)).core_competencies

    assert competencies[0].name == "Data" and competencies[0].skills[0] == "Redis"
    assert [s.name for s in competencies] != [s.name for s in candidate.skills]
    assert sorted(s for section in competencies for s in section.skills) == sorted(
        s for section in candidate.skills for s in section.skills
    )


def test_bullets_record_their_source_metric_keyword_and_pain_point():
    result = cv.heuristic(cv_inputs())
    bullets = [b for role in result.experience for b in role.bullets]
    migration = next(b for b in bullets if b.text.startswith("Led the migration"))

    assert migration.source_metric == "32%"
    assert migration.jd_keyword_used == "Kubernetes"  # the bullet says 'k8s'
    assert migration.pain_point_addressed == "Rising cloud infrastructure cost"
    assert all(b.source_metric is None or b.source_metric in b.source_text for b in bullets)


def test_header_has_a_short_summary_of_whole_sentences_and_three_or_four_key_achievements():
    long_persona = " ".join(
        ["I care about calm, well-run production systems and the people who run them."] * 5
    )
    candidate = candidate_profile(persona=long_persona)
    result = cv.heuristic(cv_inputs(candidate=candidate))

    header = result.header
    assert len(header.value_proposition.split()) <= 60
    opening = "Staff Platform Engineer at Northwind Logistics, with 11 years of experience."
    assert header.value_proposition.startswith(opening)
    # The persona's sentence comes whole and once, never cut to fit, in the summary's one voice.
    said = "Dana cares about calm, well-run production systems and the people who run them."
    assert header.value_proposition.count(said) == 1
    assert header.value_proposition.endswith(said)
    assert "Swift" not in header.value_proposition
    assert 3 <= len(header.achievements) <= 4
    assert all(b.source_text in master_achievements(candidate) for b in header.achievements)
    assert (
        header.contact_line
        == "dana.okafor@example.com · +44 7700 900123 · London, UK · https://www.linkedin.com/in/dana-okafor"
    )


def test_checks_pass_on_the_heuristic_cv():
    inputs = cv_inputs()
    result = cv.heuristic(inputs)

    assert cv.check_bullet_provenance(result, inputs) == []
    assert cv.check_skills_in_master(result, inputs) == []
    assert cv.check_numbers_in_master(result, inputs) == []


def invented_cv(inputs: cv.CVInputs) -> TailoredCV:
    """The heuristic CV with what a careless model might add: a bullet, a number, a skill, a role."""
    honest = cv.heuristic(inputs)
    migration = (
        "Led the migration of 140 services from VMs to k8s on AWS, cutting infrastructure cost by 32%."
    )
    northwind = honest.experience[0]
    bullets = [
        CVBullet(
            text="Scaled the platform to 10 million users.",
            source_text="Scaled the platform to 10 million users.",
        ),
        CVBullet(text=migration.replace("32%", "45%"), source_text=migration),
        CVBullet(
            text=migration.replace("on AWS", "on AWS as Head of Platform at Google"), source_text=migration
        ),
        *northwind.bullets,
    ]
    invented_role = CVRole(
        title="Principal Engineer",
        employer="Google",
        start="2010-01",
        end="2013-08",
        bullets=[CVBullet(text="Built Borg.", source_text="Built Borg.")],
    )
    competencies = [
        SkillSection(name="Languages", skills=["Python", "Rust", "Go"]),
        *honest.core_competencies,
    ]
    draft = honest.model_copy(
        update={
            "experience": [
                northwind.model_copy(update={"bullets": bullets}),
                invented_role,
                *honest.experience[1:],
            ],
            "core_competencies": competencies,
        }
    )
    return draft.model_copy(update={"markdown": cv.render_markdown(draft)})


def test_checks_flag_an_invented_bullet_number_skill_and_role():
    inputs = cv_inputs()
    result = invented_cv(inputs)

    provenance = "\n".join(cv.check_bullet_provenance(result, inputs))
    assert "experience[0].bullets[0]" in provenance and "not a master-CV achievement" in provenance
    assert "experience[0].bullets[1]" in provenance and "45" in provenance
    assert "experience[0].bullets[2]" in provenance and "'Google'" in provenance and "'Head'" in provenance
    assert "experience[1]: role 'Principal Engineer — Google' is not in the master CV" in provenance
    assert any("Rust" in message for message in cv.check_skills_in_master(result, inputs))
    # 45 appears elsewhere in the master CV ('from 45 to 8 minutes'): only provenance can catch it.
    numbers_flagged = cv.check_numbers_in_master(result, inputs)
    assert any(" 10," in message for message in numbers_flagged)
    assert any(" 2010," in message for message in numbers_flagged)
    assert not any(" 45," in message for message in numbers_flagged)


def test_ground_drops_what_the_master_cv_cannot_support():
    inputs = cv_inputs()
    grounded = cv.ground(invented_cv(inputs), inputs)

    assert "10 million" not in grounded.markdown
    assert "45%" not in grounded.markdown and "32%" in grounded.markdown
    assert "Google" not in grounded.markdown and "Head of Platform" not in grounded.markdown
    assert "Rust" not in grounded.markdown
    assert [r.employer for r in grounded.experience] == [r.employer for r in inputs.candidate.roles]
    assert cv.check_bullet_provenance(grounded, inputs) == []
    assert cv.check_skills_in_master(grounded, inputs) == []
    assert cv.check_numbers_in_master(grounded, inputs) == []


def test_ground_restores_master_facts_a_model_changed():
    inputs = cv_inputs()
    honest = cv.heuristic(inputs)
    edited = honest.model_copy(
        update={
            "header": honest.header.model_copy(
                update={"name": "Dana O.", "value_proposition": "Engineer with 25 years of Rust experience."}
            ),
            "experience": [
                honest.experience[0].model_copy(update={"start": "2018-01"}),
                *honest.experience[1:],
            ],
        }
    )

    grounded = cv.ground(edited, inputs)

    assert grounded.header.name == "Dana Okafor"
    assert grounded.experience[0].start == "2021-02"
    assert "25" not in grounded.header.value_proposition and "Rust" not in grounded.header.value_proposition
    assert grounded.markdown == cv.render_markdown(grounded)


def test_ground_keeps_an_honest_cv_unchanged():
    inputs = cv_inputs()
    honest = cv.heuristic(inputs)

    assert cv.ground(honest, inputs) == honest


def test_summary_sentences_get_the_candidate_as_subject_or_stay_out():
    candidate = candidate_profile(
        persona="Platform engineer who spent six years making deploys dull. "
        "I build platforms and I coach the teams that use them. Cloud, containers, calm."
    )
    candidate.roles[0].summary = "Lead the platform group of 9 engineers."
    candidate.roles[1].summary = "Managed the payments reliability team."

    summary = cv.heuristic(cv_inputs(candidate=candidate)).header.value_proposition
    sentences = re.split(r"(?<=\.)\s+", summary)

    assert sentences[0] == "Staff Platform Engineer at Northwind Logistics, with 11 years of experience."
    assert set(sentences[1:]) <= {
        "Dana is a platform engineer who spent six years making deploys dull.",
        "Dana builds platforms and coaches the teams that use them.",
        "Dana leads the platform group of 9 engineers.",
        "At Brightpath Payments, Dana managed the payments reliability team.",
    }
    assert len(sentences) == 3
    # A fragment with no verb to give a subject to stays out.
    assert "Cloud, containers" not in summary


def with_bullets(tailored: TailoredCV, bullets: list[list[CVBullet]]) -> TailoredCV:
    roles = [r.model_copy(update={"bullets": b}) for r, b in zip(tailored.experience, bullets, strict=True)]
    return tailored.model_copy(update={"experience": roles})


def test_a_model_cv_with_a_bulletless_role_between_two_others_gets_that_roles_best_bullet():
    inputs = cv_inputs()
    honest = cv.heuristic(inputs)
    oldest = inputs.candidate.roles[2].achievements[0]
    gap = with_bullets(
        honest, [honest.experience[0].bullets, [], [CVBullet(text=oldest, source_text=oldest)]]
    )

    grounded = cv.ground(gap, inputs)

    assert len(grounded.experience[1].bullets) == 1
    assert grounded.experience[1].bullets[0].source_text in inputs.candidate.roles[1].achievements
    assert "Earlier experience" not in grounded.markdown


def test_the_oldest_roles_without_bullets_are_listed_on_one_line_each():
    inputs = cv_inputs()
    honest = cv.heuristic(inputs)
    titles_only = with_bullets(honest, [honest.experience[0].bullets, [], []])

    markdown = cv.render_markdown(titles_only)

    earlier = markdown.split("### Earlier experience", 1)[1].split("## Education")[0]
    assert " ".join(earlier.split()) == (
        "- Senior Software Engineer — Brightpath Payments (2017–2021) "
        "- Software Engineer — Tessellate Studio (2013–2017)"
    )
    assert "### Senior Software Engineer" not in markdown
