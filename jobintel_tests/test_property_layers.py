"""Property-based tests of every layer: any posting text (arbitrary, huge, control characters, mixed
scripts) goes through heuristic + ground of all seven layers without an exception, and the
grounded results pass every check their layer declares."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobintel_assets.adapters.offline import OfflineLLM
from jobintel_assets.ingestion.parsers import MAX_DESCRIPTION_CHARS, PostingDraft
from jobintel_assets.layers import (
    company_research,
    contacts,
    cv,
    dossier,
    extracted_jd,
    fit_score,
    pain_points,
)
from jobintel_assets.layers.models import JobPosting
from jobintel_tests.chain import ChainResult
from jobintel_tests.offline_chain import master_cv, run_chain
from jobintel_tests.test_property_parsers import ODD_TEXT, SAMPLE_LINES

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CANDIDATE = master_cv()
SECTION_HEADINGS = [
    "Requirements",
    "What you'll do",
    "Nice to have",
    "About us",
    "Benefits",
    "Responsibilities:",
    "## Qualifications",
]
MIXED_SCRIPTS = [
    "Инженер по данным, Python и Kubernetes",
    "データエンジニア（Python, SQL）5年以上",
    "مهندس برمجيات أول - Kubernetes",
    "מהנדס תוכנה בכיר",
    "Ingénieur·e logiciel senior — Zürich",
    "Ｐｙｔｈｏｎ ｗｉｔｈ ｆｕｌｌｗｉｄｔｈ letters",
    "K\u200bubernetes and Py\u200dthon with zero-width joins",
    "e\u0301 combining accents and \U0001d4af\U0001d4b6\U0001d4c2 math letters",
]
line = st.one_of(
    st.text(max_size=120),
    st.sampled_from(SAMPLE_LINES),
    st.sampled_from(ODD_TEXT + MIXED_SCRIPTS),
    st.sampled_from(SECTION_HEADINGS),
    st.sampled_from(SAMPLE_LINES).map(lambda text: f"- {text}"),
)
descriptions = st.lists(line, min_size=1, max_size=30).map("\n".join).filter(str.strip)
names = st.one_of(st.text(min_size=1, max_size=60), st.sampled_from(MIXED_SCRIPTS + ODD_TEXT + ["Acme"]))


def posting(title: str, company: str, description: str, location: str | None = None) -> JobPosting:
    draft = PostingDraft(
        source="inbox:generated.md", title=title, company=company, description=description, location=location
    )
    return draft.to_posting(NOW)


def assert_grounded_and_checked(result: ChainResult) -> None:
    failing = {layer: problems for layer, problems in result.violations.items() if problems}
    assert not failing, failing


@given(title=names, company=names, description=descriptions, location=st.none() | names)
def test_every_layer_takes_any_posting_and_passes_its_checks(
    title: str, company: str, description: str, location: str | None
):
    result = run_chain(posting(title, company, description, location), CANDIDATE, OfflineLLM())
    assert_grounded_and_checked(result)


@given(title=names, description=descriptions)
def test_grounding_a_grounded_result_changes_nothing(title: str, description: str):
    """ground is a fixed point: a model echoing the grounded answer back cannot shift it."""
    job = posting(title, "Acme", description)
    result = run_chain(job, CANDIDATE, OfflineLLM())
    jd_inputs = extracted_jd.ExtractedJDInputs(
        title=job.title, company=job.company, description=job.description
    )
    assert extracted_jd.ground(result.jd, jd_inputs) == result.jd
    pain_inputs = pain_points.PainPointsInputs(description=job.description, jd=result.jd)
    assert pain_points.ground(result.pain_points, pain_inputs) == result.pain_points
    fit_inputs = fit_score.FitScoreInputs(
        jd=result.jd,
        pain_points=result.pain_points,
        candidate=CANDIDATE,
    )
    assert fit_score.ground(result.fit, fit_inputs) == result.fit
    cv_inputs = cv.CVInputs(jd=result.jd, pain_points=result.pain_points, fit=result.fit, candidate=CANDIDATE)
    assert cv.ground(result.cv, cv_inputs) == result.cv
    contact_inputs = contacts.ContactsInputs(
        jd=result.jd,
        pain_points=result.pain_points,
        company_research=result.company_research,
        fit=result.fit,
        candidate=CANDIDATE,
        description=job.description,
    )
    assert contacts.ground(result.contacts, contact_inputs) == result.contacts
    research_inputs = company_research.CompanyResearchInputs(
        company=job.company, title=job.title, description=job.description, ingested_at=job.ingested_at
    )
    research = company_research.heuristic(research_inputs)
    assert company_research.ground(research, research_inputs) == company_research.ground(
        company_research.ground(research, research_inputs), research_inputs
    )
    assert dossier.check_sections(result.dossier) == []


@pytest.mark.parametrize("shape", ["one_paragraph", "many_lines", "one_line"])
def test_a_posting_at_the_size_cap_goes_through_every_layer(shape: str):
    if shape == "one_line":
        text = "Python Kubernetes " * (MAX_DESCRIPTION_CHARS // 20)
    else:
        separator = " " if shape == "one_paragraph" else "\n"
        lines, size = [], 0
        while size < MAX_DESCRIPTION_CHARS - 400:
            lines.append(SAMPLE_LINES[len(lines) % len(SAMPLE_LINES)])
            size += len(lines[-1]) + 1
        text = separator.join(lines)
    assert len(text) <= MAX_DESCRIPTION_CHARS
    assert_grounded_and_checked(run_chain(posting("Staff Engineer", "Acme", text), CANDIDATE, OfflineLLM()))
