"""Dossier (layer 7): ten sections in order, the facts of every layer, safe HTML and safe file names."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from jobintel_assets.layers import contacts, dossier, interview_prep
from jobintel_assets.layers.models import (
    CandidateProfile,
    CheckStatus,
    CompanySignal,
    CVBullet,
    CVHeader,
    CVRole,
    DealbreakerCheck,
    JobPosting,
    SignalType,
    TailoredCV,
)
from jobintel_assets.layers.signals import signal_news
from jobintel_assets.layers.text import sha256_text
from jobintel_tests.test_contacts import (
    NORTHWIND_POSTING,
    PEOPLE,
    maria_candidate,
    northwind_inputs,
)

SCRIPT = "<script>alert('pwned')</script>"


def _posting(description: str = NORTHWIND_POSTING, title: str = "Senior Platform Engineer") -> JobPosting:
    return JobPosting(
        job_id="northwind-logistics-senior-platform-engineer-3f9a1c2b",
        source="inbox:northwind.md",
        url="https://jobs.northwind.example/platform",
        title=title,
        company="Northwind Logistics",
        location="Berlin",
        description=description,
        content_sha256=sha256_text(description),
        ingested_at=datetime(2025, 3, 12, 9, 30, tzinfo=UTC),
    )


def _tailored_cv(candidate: CandidateProfile) -> TailoredCV:
    role = candidate.roles[0]
    bullets = [CVBullet(text=a, source_text=a) for a in role.achievements]
    return TailoredCV(
        header=CVHeader(
            name=candidate.name,
            headline=candidate.headline,
            contact_line="maria@example.org",
            value_proposition="Platform engineer who makes deployments boring.",
            achievements=bullets[:2],
        ),
        core_competencies=candidate.skills,
        experience=[
            CVRole(title=role.title, employer=role.employer, start=role.start, end=role.end, bullets=bullets)
        ],
        education=candidate.education,
        certifications=[],
        markdown="# Maria Keller",
    )


LINEAGE = [
    dossier.LayerLineage(
        layer=layer,
        provider="offline",
        model="heuristics",
        prompt_version=f"{layer}-v1",
        input_hash=f"{index}" * 64,
        output_hash=f"{index + 1}" * 64,
    )
    for index, layer in enumerate(
        ["extracted_jd", "pain_points", "company_research", "fit_score", "contacts", "cv", "interview_prep"]
    )
]


def dossier_inputs(
    posting: JobPosting | None = None, people=None, signals: list[CompanySignal] | None = None, **changes
) -> dossier.DossierInputs:
    layer_inputs = northwind_inputs(people=people, signals=signals)
    for field, value in changes.items():
        layer_inputs = layer_inputs.model_copy(update={field: value})
    return dossier.DossierInputs(
        job_id=(posting or _posting()).job_id,
        posting=posting or _posting(),
        jd=layer_inputs.jd,
        pain_points=layer_inputs.pain_points,
        company_research=layer_inputs.company_research,
        fit=layer_inputs.fit,
        contacts=contacts.heuristic(layer_inputs),
        cv=_tailored_cv(maria_candidate()),
        interview=interview_prep.heuristic(
            interview_prep.InterviewPrepInputs(
                description=(posting or _posting()).description,
                jd=layer_inputs.jd,
                pain_points=layer_inputs.pain_points,
                fit=layer_inputs.fit,
                company_research=layer_inputs.company_research,
                candidate=layer_inputs.candidate,
            )
        ),
        candidate=maria_candidate(),
        lineage=LINEAGE,
    )


def _section(result, number: int) -> str:
    return result.sections[number - 1].markdown


def test_dossier_has_the_eleven_sections_in_order():
    result = dossier.heuristic(dossier_inputs())

    assert dossier.check_sections(result) == []
    headings = re.findall(r"^## (\d+)\. (.+)$", result.markdown, flags=re.MULTILINE)
    assert [int(n) for n, _ in headings] == list(range(1, 12))
    assert [title for _, title in headings] == [
        "Pain → Proof → Plan",
        "Job summary and requirements",
        "Pain point analysis",
        "Role research",
        "Selected achievements",
        "Company overview and signals",
        "Fit analysis",
        "People and outreach",
        "Cover letter",
        "Interview preparation",
        "Metadata",
    ]
    assert result.markdown.startswith("# Senior Platform Engineer — Northwind Logistics\n")
    assert result.html.count("<h2") == 11 and 'href="#1-pain-proof-plan"' in result.html
    assert 'id="1-pain-proof-plan"' in result.html


def test_check_reports_a_missing_or_misplaced_section():
    result = dossier.heuristic(dossier_inputs())
    swapped = [*result.sections]
    swapped[2], swapped[3] = swapped[3], swapped[2]
    broken = result.model_copy(update={"sections": swapped})
    assert any("numbered" in p for p in dossier.check_sections(broken))


def test_pain_proof_plan_pairs_pains_with_cv_evidence_and_plans_actions_for_them():
    section = _section(dossier.heuristic(dossier_inputs()), 1)
    assert "Slow, risky deployments hold the platform team back" in section
    assert "Cut deployment lead time from 3 days to 40 minutes" in section
    plan = section.split("**Plan**", 1)[1]
    assert "First 30 days" in plan and "By day 90" in plan
    # Actions for the pains, not the responsibilities quoted back.
    assert "Own our Kubernetes clusters" not in plan


def test_fit_section_shows_score_tier_breakdown_and_gaps():
    section = _section(dossier.heuristic(dossier_inputs()), 7)
    assert "**Fit score: 82/100**" in section and "tier B" in section and "strong" in section
    assert "| seniority | 0.30 | 90 | 10 years vs 6 required |" in section
    assert "**Missing skills:** Grafana" in section


def test_every_signal_is_shown_with_its_date_and_source():
    signals = [
        CompanySignal(
            type=SignalType.funding,
            description="Northwind closed its Series B",
            date="unknown",
            source="posting",
        ),
        CompanySignal(
            type=SignalType.partnership,
            description="Partnership with DHL for cross-border parcels",
            date="2025-02-14",
            source="https://news.example/northwind-dhl",
        ),
    ]
    result = dossier.heuristic(dossier_inputs(signals=signals))
    section = _section(result, 6)
    assert "| funding | Northwind closed its Series B | unknown | posting |" in section
    assert "| partnership | Partnership with DHL for cross-border parcels | 2025-02-14 | " in section
    assert "https://news.example/northwind-dhl" in section
    assert "headcount" in section  # unknowns are listed, not hidden


def test_people_section_marks_placeholders_and_includes_messages():
    offline = _section(dossier.heuristic(dossier_inputs()), 8)
    assert offline.count("(placeholder)") == 4
    assert "Offline" in offline and "LinkedIn InMail" in offline

    with_people = _section(dossier.heuristic(dossier_inputs(people=PEOPLE)), 8)
    assert "**Priya Raman** —" in with_people and "https://www.linkedin.com/in/priya-raman" in with_people
    assert with_people.count("(placeholder)") == 2


def test_cover_letter_argues_the_pains_with_cv_proof():
    letter = _section(dossier.heuristic(dossier_inputs()), 9)
    body = letter.split("\n\n", 1)[1]
    assert body.startswith("Dear Hiring Manager,")
    # A short master CV gives less than 250 words of true material: the letter stays short, never padded.
    assert 200 <= len(body.split()) <= 400
    assert "the Senior Platform Engineer role at Northwind Logistics." in body.split("\n\n")[1]
    # The pain, said as the need it is, not pasted back in quotes.
    assert "someone to cut deployment lead time and make releases boring" in letter and "“" not in letter
    assert "from 3 days to 40 minutes" in letter  # ... proven by the master CV
    assert "raised new funding" in letter  # why this company, from its signals
    # The posting's figures appear only inside quotes from the posting, never as the candidate's claims.
    unquoted = re.sub(r"“[^”]*”", "", letter)
    assert "2 million" not in unquoted and "9 engineers" not in unquoted


def test_metadata_lists_the_posting_and_each_layers_lineage():
    section = _section(dossier.heuristic(dossier_inputs()), 11)
    posting = _posting()
    assert posting.content_sha256 in section
    assert "2025-03-12T09:30:00+00:00" in section and "https://jobs.northwind.example/platform" in section
    for step in LINEAGE:
        assert f"| {step.layer.replace('_', chr(92) + '_')} | offline | heuristics |" in section
        assert step.input_hash in section and step.output_hash in section


def test_a_posting_cannot_inject_html_or_script():
    hostile_title = f"Platform Engineer {SCRIPT}"
    posting = _posting(description=NORTHWIND_POSTING + SCRIPT, title=hostile_title)
    layer_inputs = northwind_inputs()
    jd = layer_inputs.jd.model_copy(
        update={
            "title": hostile_title,
            "responsibilities": [*layer_inputs.jd.responsibilities, f"Ship fast {SCRIPT}"],
            "industry_background": '<img src=x onerror="alert(1)"> [click](javascript:alert(1))',
        }
    )
    signals = [
        CompanySignal(
            type=SignalType.growth, description=f"Hiring {SCRIPT}", date="unknown", source="posting"
        )
    ]
    result = dossier.heuristic(dossier_inputs(posting=posting, signals=signals, jd=jd))

    assert "<script" not in result.html and "<img" not in result.html
    assert "javascript:" not in re.findall(r'href="[^"]*"', result.html).__str__()
    assert "&lt;script&gt;" in result.html  # shown as text
    assert "<script" not in result.markdown and "<img" not in result.markdown


def test_ground_keeps_data_sections_from_the_layers_and_rejects_markup():
    inputs = dossier_inputs()
    honest = dossier.heuristic(inputs)
    tampered_sections = [*honest.sections]
    tampered_sections[6] = tampered_sections[6].model_copy(
        update={"markdown": "## 7. Fit analysis\n\n**Fit score: 100/100**"}
    )
    tampered_sections[8] = tampered_sections[8].model_copy(
        update={"markdown": f"## 9. Cover letter\n\nI grew revenue by 900%. {SCRIPT}"}
    )
    grounded = dossier.ground(honest.model_copy(update={"sections": tampered_sections}), inputs)
    assert grounded == honest
    assert dossier.ground(honest, inputs) == honest


@pytest.mark.parametrize(
    "job_id",
    [
        "../../etc/passwd",
        "..",
        ".hidden",
        "-rf",
        "job \"quoted\" 'id'",
        "Zürich café — 東京 job",
        "a/b\\c:d*e?f<g>h|i",
        "x" * 500,
        "",
        "northwind-logistics-senior-platform-engineer-3f9a1c2b",
    ],
)
def test_dossier_filenames_are_safe(job_id):
    name = dossier.dossier_filename(job_id)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", name)
    assert ".." not in name and "/" not in name and "\\" not in name
    assert not name.startswith((".", "-"))
    assert len(name) <= 100


def test_dossier_filenames_keep_clean_ids_and_separate_different_ones():
    assert (
        dossier.dossier_filename("northwind-senior-platform-engineer-3f9a")
        == "northwind-senior-platform-engineer-3f9a"
    )
    assert dossier.dossier_filename("a/b") != dossier.dossier_filename("a-b")
    assert dossier.dossier_filename("a/b") == dossier.dossier_filename("a/b")


@pytest.mark.parametrize(
    ("signal_type", "description", "said"),
    [
        (
            SignalType.funding,
            "Our client recently closed a £32M Series B, and is preparing to launch in Germany in 2026.",
            "raised a £32M Series B",
        ),
        (
            SignalType.growth,
            "The business has doubled its loan book in the past year.",
            "doubled its loan book",
        ),
        (SignalType.funding, "We are well funded and growing.", "raised new funding"),
        (
            SignalType.acquisition,
            "After acquiring Settle.io in June 2025 we are bringing two payments platforms together, "
            "and our Payments Platform team is doubling.",
            "acquired Settle.io",
        ),
        (
            SignalType.leadership_change,
            "Our engineering team has grown from 40 to 120 engineers in 18 months, and in September 2025 "
            "we welcomed Priya Raman as our new CTO.",
            "welcomed Priya Raman as its new CTO",
        ),
        (
            SignalType.partnership,
            "Partnership with Banco Atlântico Digital for instant SEPA payouts.",
            "entered a partnership with Banco Atlântico Digital for instant SEPA payouts",
        ),
    ],
)
def test_a_signal_is_said_as_precisely_as_its_source(signal_type, description, said):
    signal = CompanySignal(type=signal_type, description=description, date="unknown", source="posting")

    assert signal_news(signal) == said


def test_the_interview_section_lists_each_question_with_its_line_and_its_story():
    inputs = dossier_inputs()
    section = _section(dossier.heuristic(inputs), 10)

    assert section.startswith("## 10. Interview preparation")
    assert inputs.interview.questions
    for question in inputs.interview.questions:
        assert dossier.md_text(question.question) in section
        assert f"“{dossier.md_text(question.posting_quote)}”" in section
        if question.story:
            assert f"*Told from:* “{dossier.md_text(question.story.source_text)}”" in section
    assert "**Questions to ask them**" in section and "**Gaps to prepare for**" in section


def test_the_interview_section_lists_what_the_fit_score_leaves_open_to_clarify():
    settled = dossier_inputs()
    unknown_pay = DealbreakerCheck(
        name="salary", status=CheckStatus.unknown, reason="salary: the posting states no pay", ask="pay"
    )
    open_pay = dossier_inputs(fit=settled.fit.model_copy(update={"dealbreakers": [unknown_pay]}))

    section = _section(dossier.heuristic(open_pay), 10)
    assert "**To clarify before or during the interview**" in section
    assert "- Ask about pay: the posting states no pay." in section
    assert "leaves nothing open" in _section(dossier.heuristic(settled), 10)
