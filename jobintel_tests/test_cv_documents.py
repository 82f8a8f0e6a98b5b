"""The sample postings' tailored CVs read as the recruiter who receives them would, and the files
(PDF, DOCX, HTML, JSON Resume) a person attaches, read back.

The reference for every fact is the master CV's own file, read here, not what the layers computed.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from html import escape as html_escape
from itertools import combinations

import pytest
from docx import Document
from pypdf import PdfReader

from jobintel_assets.adapters.offline import OfflineLLM
from jobintel_assets.documents.cv_files import cv_docx, cv_html, cv_json_resume, cv_pdf
from jobintel_assets.ingestion.parsers import parse_inbox
from jobintel_assets.layers import cv
from jobintel_assets.layers.models import CandidatePreferences, CandidateProfile, JobPosting
from jobintel_assets.layers.text import numbers_in
from jobintel_tests.chain import ChainResult
from jobintel_tests.conftest import CANDIDATE_DIR, SAMPLE_INBOX
from jobintel_tests.offline_chain import master_cv, run_chain

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CANDIDATE = master_cv()
MASTER_TEXT = (CANDIDATE_DIR / "master_cv.yaml").read_text(encoding="utf-8")
MASTER_ACHIEVEMENTS = [a for role in CANDIDATE.roles for a in role.achievements]
# Words of a people-and-organisation result, as a recruiter for a leadership job scans for them.
PEOPLE_WORDS = ("hiring", "grew", "coached", "mentored", "promot", "planning", "negotiated", "engagement")


@pytest.fixture(scope="module")
def samples() -> dict[str, tuple[JobPosting, ChainResult]]:
    postings = [draft.to_posting(NOW) for draft in parse_inbox(SAMPLE_INBOX, NOW).postings]
    assert len(postings) == 16
    return {p.job_id: (p, run_chain(p, CANDIDATE, OfflineLLM())) for p in postings}


def sample(samples: dict[str, tuple[JobPosting, ChainResult]], start: str) -> tuple[JobPosting, ChainResult]:
    return next(value for job_id, value in samples.items() if job_id.startswith(start))


def chosen(result: ChainResult) -> set[str]:
    return {b.source_text for role in result.cv.experience for b in role.bullets}


def flat(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------ selection over the samples


def test_the_sample_cvs_use_part_of_the_master_cv_and_differ_by_job(samples):
    sets = [chosen(result) for _, result in samples.values()]
    shares = [len(s) / len(MASTER_ACHIEVEMENTS) for s in sets]
    overlaps = [len(a & b) / len(a | b) for a, b in combinations(sets, 2)]

    assert max(len(s) for s in sets) < 23  # not 23 of 24 in every CV
    assert sum(shares) / len(shares) <= 0.70
    assert sum(overlaps) / len(overlaps) <= 0.60


def test_the_current_role_gets_the_most_bullets_and_old_roles_one_or_two(samples):
    for job_id, (_, result) in samples.items():
        counts = [len(role.bullets) for role in result.cv.experience]
        assert counts[0] == max(counts), (job_id, counts)
        assert all(count <= 2 for count in counts[3:]), (job_id, counts)
        # Every role stays, at least as a title line: no gap in the dates.
        assert [r.employer for r in result.cv.experience] == [r.employer for r in CANDIDATE.roles]


def test_headline_and_summary_follow_the_job_in_the_master_cvs_own_words(samples):
    own_phrases = {p.strip() for p in CANDIDATE.headline.split("|")} | {r.title for r in CANDIDATE.roles}
    vp = sample(samples, "quillstack-vp-of-engineering")[1].cv
    data_engineer = sample(samples, "northwind-analytics-senior-data-engineer")[1].cv

    assert len({result.cv.header.headline for _, result in samples.values()}) > 1
    assert vp.header.headline != data_engineer.header.headline
    assert vp.header.value_proposition != data_engineer.header.value_proposition
    for _, result in samples.values():
        header = result.cv.header
        assert {p.strip() for p in header.headline.split("|")} <= own_phrases, header.headline
        # Whole sentences in one voice: the current title at its employer, then the master's own
        # sentences with the candidate as their subject, no 'I' and no verb left without one.
        summary = header.value_proposition
        sentences = re.split(r"(?<=\.)\s+", summary)
        current = CANDIDATE.roles[0]
        assert sentences[0].startswith(f"{current.title} at {current.employer}, with 12 years"), summary
        for sentence in sentences[1:]:
            assert re.match(r"(At [A-Z][\w ]+, )?Alex [a-z]+ ", sentence), sentence
        assert not re.search(r"\b(I|my|me)\b", summary), summary
        # The summary's own glue words; every other word is the master's.
        master_words = {w.lower() for w in re.findall(r"[\w-]+", MASTER_TEXT)}
        master_words |= {"at", "with", "of", "years", "experience", "is", "was", "a", "an"}
        for word in re.findall(r"[\w-]+", summary.lower()):
            assert word in master_words or re.sub(r"e?s$", "", word) in master_words, (word, summary)


def test_the_sample_summaries_read_as_whole_sentences_for_the_job(samples):
    manager = sample(samples, "lumen-ledger-engineering-manager")[1].cv.header.value_proposition
    data_engineer = sample(samples, "northwind-analytics-senior-data-engineer")[1].cv.header.value_proposition

    assert "Alex leads two teams (14 engineers, 2 team leads)" in manager
    assert "Alex is an engineering manager who spent eight years as a backend" in data_engineer
    assert "Lead two teams" not in manager + data_engineer


def test_the_job_and_company_domain_pick_the_old_roles_bullets(samples):
    northwind = chosen(sample(samples, "northwind-analytics-engineering-manager")[1])
    lumen = chosen(sample(samples, "lumen-ledger-engineering-manager")[1])

    # Northwind sells demand forecasting to retailers and needs fresher data.
    assert any(b.startswith("Delivered a demand-forecasting data mart used by 60 buyers") for b in northwind)
    assert any(
        b.startswith("Built the team's streaming ingestion on Kafka") and "480 stores" in b for b in northwind
    )
    # Lumen Ledger reconciles payments and is migrating payouts.
    assert any(b.startswith("Built the payouts service in Go and PostgreSQL") for b in lumen)
    assert any("0.4% to 0.02%" in b for b in lumen)


def _role_headings_followed_by_bullets(markdown: str) -> list[str]:
    """Role headings ('### ...') with no bullet before the next heading."""
    blocks = re.split(r"^(?=#{2,3} )", markdown, flags=re.MULTILINE)
    return [
        block.splitlines()[0]
        for block in blocks
        if block.startswith("### ") and not re.search(r"^- ", block, flags=re.MULTILINE)
    ]


def test_no_role_heading_stands_without_bullets_in_any_sample_or_file(samples):
    for job_id, (_, result) in samples.items():
        assert _role_headings_followed_by_bullets(result.cv.markdown) == [], job_id

    tailored = sample(samples, "northwind-analytics-engineering-manager")[1].cv
    earlier = [r for r in tailored.experience if not r.bullets]
    assert earlier  # the oldest roles get no bullet for this job: they are listed, not headed
    lines = [f"{r.title} — {r.employer} ({r.start[:4]}–{r.end[:4]})" for r in earlier]
    pdf_text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(cv_pdf(tailored))).pages))
    document = Document(io.BytesIO(cv_docx(tailored)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]
    page = cv_html(tailored)
    for line in lines:
        assert f"- {line}" in tailored.markdown
        assert flat(line) in pdf_text
        assert ("List Bullet", line) in paragraphs
        assert f"<li>{html_escape(line)}</li>" in page
    for text in ("Earlier experience",):
        assert text in pdf_text and ("Heading 2", text) in paragraphs and f"<h3>{text}</h3>" in page
    role_headings = [
        i
        for i, (style, text) in enumerate(paragraphs)
        if style == "Heading 2" and text != "Earlier experience"
    ]
    for i in role_headings:
        # The heading, its place and dates, then a bullet.
        assert paragraphs[i + 2][0] == "List Bullet", paragraphs[i]


def test_languages_and_certifications_stay_and_the_tidewater_cv_shows_spanish(samples):
    posting, result = sample(samples, "tidewater-energy-platform-engineer")
    assert "Spanish" in posting.description

    assert "Spanish (professional working proficiency)" in result.cv.markdown
    assert "## Languages" in result.cv.markdown
    for _, result in samples.values():
        assert result.cv.languages == CANDIDATE.languages
        assert result.cv.certifications == CANDIDATE.certifications


def test_a_vp_cv_opens_with_a_leadership_result_and_an_ic_cv_with_a_technical_one(samples):
    vp = sample(samples, "quillstack-vp-of-engineering")[1].cv
    data_engineer = sample(samples, "northwind-analytics-senior-data-engineer")[1].cv

    for first in (vp.experience[0].bullets[0].text, vp.header.achievements[0].text):
        assert any(word in first.lower() for word in PEOPLE_WORDS), first
    first = data_engineer.experience[0].bullets[0].text
    assert not any(word in first.lower() for word in PEOPLE_WORDS), first
    assert any(skill in first for skill in ("Airflow", "dbt", "BigQuery", "Kafka")), first


def _years_of(skill: str, candidate: CandidateProfile) -> float:
    """Years of the roles whose skills or achievements name ``skill``, from their dates (present: 2026-03)."""
    total = 0
    for role in candidate.roles:
        text = " ".join([*role.skills, *role.achievements]).lower()
        if skill.lower() in text:
            end = "2026-03" if role.end == "present" else role.end
            (y0, m0), (y1, m1) = (map(int, role.start.split("-")), map(int, end.split("-")))
            total += (y1 * 12 + m1) - (y0 * 12 + m0)
    return total / 12


def test_no_cv_claims_years_of_a_skill_the_roles_that_list_it_do_not_add_up_to(samples):
    claim = re.compile(r"(\d+) years of experience in (.+?)(?:, most recently|\.)")
    for job_id, (_, result) in samples.items():
        for years, skills in claim.findall(result.cv.header.value_proposition):
            for skill in re.split(r", | and ", skills):
                assert _years_of(skill.replace("Apache ", "").replace("Google ", ""), CANDIDATE) >= int(
                    years
                ), (job_id, skill)


def test_a_model_claiming_years_of_airflow_dbt_and_bigquery_is_caught_and_replaced(samples):
    _, result = sample(samples, "northwind-analytics-engineering-manager")
    inputs = cv.CVInputs(jd=result.jd, pain_points=result.pain_points, fit=result.fit, candidate=CANDIDATE)
    claim = "Engineering manager with 12 years of experience in Apache Airflow, dbt and Google BigQuery."
    lying = result.cv.model_copy(
        update={"header": result.cv.header.model_copy(update={"value_proposition": claim})}
    )

    flagged = "\n".join(cv.check_years_claims(lying, inputs))
    grounded = cv.ground(lying, inputs)

    assert "dbt" in flagged and "Airflow" in flagged
    assert "12 years of experience in" not in grounded.header.value_proposition
    assert cv.check_years_claims(grounded, inputs) == []


def test_a_model_keeping_every_bullet_is_cut_to_the_page_budget(samples):
    _, result = sample(samples, "quillstack-vp-of-engineering")
    inputs = cv.CVInputs(jd=result.jd, pain_points=result.pain_points, fit=result.fit, candidate=CANDIDATE)
    everything = result.cv.model_copy(
        update={
            "experience": [
                role.model_copy(
                    update={"bullets": [cv.CVBullet(text=a, source_text=a) for a in master.achievements]}
                )
                for role, master in zip(result.cv.experience, CANDIDATE.roles, strict=True)
            ]
        }
    )
    one_page = CANDIDATE.model_copy(update={"preferences": CandidatePreferences(cv_pages=1)})

    grounded = cv.ground(everything, inputs.model_copy(update={"candidate": one_page}))

    assert len(PdfReader(io.BytesIO(cv_pdf(grounded))).pages) == 1
    assert grounded.experience[0].bullets  # the current role keeps its lines


# ------------------------------------------------------------------------------- the files


def test_the_pdf_reads_back_as_the_cv_in_one_column_of_real_text(samples):
    tailored = sample(samples, "tidewater-energy-platform-engineer")[1].cv

    reader = PdfReader(io.BytesIO(cv_pdf(tailored)))
    text = flat(" ".join(page.extract_text() for page in reader.pages))

    assert len(reader.pages) <= 2  # 12 years of experience: a two-page budget
    assert text.startswith(CANDIDATE.name)
    for role in tailored.experience:
        assert role.title in text and role.employer in text
    assert flat(tailored.experience[0].bullets[0].text) in text
    for section in ("Summary", "Skills", "Experience", "Education", "Certifications", "Languages"):
        assert section in text
    assert "Spanish" in text
    assert numbers_in(text) <= numbers_in(MASTER_TEXT)
    assert reader.metadata.title == f"{CANDIDATE.name} — CV"


def test_the_docx_reads_back_as_the_cv_under_standard_headings(samples):
    tailored = sample(samples, "quillstack-vp-of-engineering")[1].cv

    document = Document(io.BytesIO(cv_docx(tailored)))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    text = "\n".join(p.text for p in paragraphs)

    assert paragraphs[0].text == CANDIDATE.name
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Summary", "Skills", "Experience", "Education", "Certifications", "Languages"]
    assert not document.tables  # one column, nothing an ATS parser skips
    for role in tailored.experience:
        assert f"{role.title} — {role.employer}" in text
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert tailored.experience[0].bullets[0].text in bullets
    assert set(bullets) & set(MASTER_ACHIEVEMENTS) == {b.text for r in tailored.experience for b in r.bullets}
    assert numbers_in(text) <= numbers_in(MASTER_TEXT)


def test_the_json_resume_carries_this_jobs_selection_in_the_schemas_fields(samples):
    tailored = sample(samples, "tidewater-energy-platform-engineer")[1].cv

    resume = json.loads(cv_json_resume(tailored, CANDIDATE))

    assert resume["basics"]["name"] == CANDIDATE.name
    assert resume["basics"]["email"] == CANDIDATE.email
    assert resume["basics"]["summary"] == tailored.header.value_proposition
    assert [w["name"] for w in resume["work"]] == [r.employer for r in CANDIDATE.roles]
    assert resume["work"][0]["startDate"] == CANDIDATE.roles[0].start and "endDate" not in resume["work"][0]
    assert resume["work"][1]["highlights"] == [b.text for b in tailored.experience[1].bullets]
    assert {"language": "Spanish", "fluency": "professional working proficiency"} in resume["languages"]
    assert {"name": "Google Cloud Professional Data Engineer", "date": "2022"} in resume["certificates"]


def test_the_html_shows_markup_in_the_master_cv_as_text(samples):
    tailored = sample(samples, "tidewater-energy-platform-engineer")[1].cv
    hostile = tailored.model_copy(update={"markdown": tailored.markdown + "\n<script>alert(1)</script>\n"})

    page = cv_html(hostile)

    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<h2>Languages</h2>" in page


def test_under_eight_years_the_cv_fits_one_page_and_the_candidate_can_choose_two(samples):
    _, result = sample(samples, "northwind-analytics-senior-data-engineer")
    inputs = cv.CVInputs(jd=result.jd, pain_points=result.pain_points, fit=result.fit, candidate=CANDIDATE)
    junior = CANDIDATE.model_copy(update={"years_experience": 6})
    chose_two = junior.model_copy(update={"preferences": CandidatePreferences(cv_pages=2)})

    one_page = cv.heuristic(inputs.model_copy(update={"candidate": junior}))
    two_pages = cv.heuristic(inputs.model_copy(update={"candidate": chose_two}))

    assert len(PdfReader(io.BytesIO(cv_pdf(one_page))).pages) == 1
    assert len(chosen_of(two_pages)) > len(chosen_of(one_page))


def chosen_of(tailored: cv.TailoredCV) -> list[str]:
    return [b.text for role in tailored.experience for b in role.bullets]
