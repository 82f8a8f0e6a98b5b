"""Messages, pain points, dossier and cover letters of the sample postings, read as their recipient would.

Each test is a finding a recruiter made reading the samples' documents. The last one runs the
text-quality gate over the samples and 200 generated postings: every kind of defect counts zero.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

import pytest

from jobintel_assets.adapters.offline import OfflineLLM
from jobintel_assets.ingestion.parsers import parse_inbox
from jobintel_assets.layers.models import Contact, JobPosting
from jobintel_tests.chain import ChainResult
from jobintel_tests.conftest import REPO, SAMPLE_INBOX
from jobintel_tests.offline_chain import master_cv, run_chain

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CANDIDATE = master_cv()
GENERATED_COUNT = 200


def _results(postings: list[JobPosting]) -> dict[str, ChainResult]:
    return {f"{p.company} | {p.title}": run_chain(p, CANDIDATE, OfflineLLM()) for p in postings}


@pytest.fixture(scope="module")
def samples() -> dict[str, ChainResult]:
    return _results([draft.to_posting(NOW) for draft in parse_inbox(SAMPLE_INBOX, NOW).postings])


def _contacts(result: ChainResult) -> list[Contact]:
    return [*result.contacts.primary_contacts, *result.contacts.secondary_contacts]


def _messages(result: ChainResult) -> list[str]:
    return [
        text
        for contact in _contacts(result)
        for text in (contact.linkedin_connection_message, contact.linkedin_inmail, contact.email_body)
    ]


def _job(samples: dict[str, ChainResult], company: str, title: str) -> ChainResult:
    return samples[f"{company} | {title}"]


# ------------------------------------------------------------------ messages


def test_a_message_quotes_an_achievement_whole_or_not_at_all(samples):
    achievements = [a.rstrip(".") for role in CANDIDATE.roles for a in role.achievements]
    for result in samples.values():
        for message in _messages(result):
            for achievement in achievements:
                opening = " ".join(
                    achievement.split()[1:7]
                )  # after the verb, which is put in the first person
                if opening in message:
                    assert achievement.split(" ", 1)[1] in message, (opening, message)


def test_no_category_label_is_pasted_into_prose(samples):
    for result in samples.values():
        for text in [*_messages(result), result.dossier.sections[8].markdown]:
            assert "points to a clear need" not in text
            assert not re.search(r": [A-Z][^.:]*: ", text), text


def test_people_the_posting_names_are_addressed_and_marked_as_taken_from_it(samples):
    harbourline = _contacts(_job(samples, "Harbourline Freight", "Director of Engineering"))
    cto = next(c for c in harbourline if c.name == "Priya Raman")
    assert cto.contact_type.value == "hiring_manager" and not cto.is_synthetic  # 'You report to the CTO'
    assert cto.source_url == "posting" and "named in the posting" in cto.why_relevant
    assert cto.linkedin_connection_message.startswith("Hi Priya,") and cto.linkedin_url is None

    quillstack = _job(samples, "Quillstack", "VP of Engineering")
    ceo = next(c for c in _contacts(quillstack) if c.name == "Maya Chen")
    assert ceo.contact_type.value == "hiring_manager" and ceo.email_body.startswith("Hi Maya,")
    assert "Dear Maya Chen," in quillstack.dossier.sections[8].markdown


def test_a_recruitment_agency_is_written_to_as_the_agency(samples):
    result = _job(samples, "Talentbridge Partners", "Head of Engineering")
    everything = result.dossier.markdown + " ".join(_messages(result))
    assert "Partners's" not in everything
    recruiter = next(c for c in _contacts(result) if c.contact_type.value == "recruiter")
    assert "on behalf of your client" in recruiter.linkedin_inmail
    assert recruiter.name == "Consultant at Talentbridge Partners running this search"
    assert "recruiting on behalf of its client" in result.dossier.sections[8].markdown


def test_the_markdown_shows_ampersands_and_bars_as_written(samples):
    for result in samples.values():
        for line in result.dossier.markdown.splitlines():
            assert "&amp;" not in line, line
            assert line.lstrip().startswith("|") or "\\|" not in line, line
    assert "Platform & Data" in _job(samples, "Talentbridge Partners", "Head of Engineering").dossier.markdown


# ------------------------------------------------------------------ cover letters


def _five_word_phrases(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def test_cover_letters_are_250_to_400_words_and_differ_from_job_to_job(samples):
    letters = [r.dossier.sections[8].markdown.split("\n\n", 1)[1] for r in samples.values()]
    assert all(250 <= len(letter.split()) <= 400 for letter in letters)
    shares = []
    for first, second in combinations(letters, 2):
        a, b = _five_word_phrases(first), _five_word_phrases(second)
        shares.append(len(a & b) / min(len(a), len(b)))
    assert sum(shares) / len(shares) <= 0.20


def test_a_cover_letter_says_the_needs_in_its_own_words_and_quotes_the_posting_once_at_most(samples):
    for result in samples.values():
        letter = result.dossier.sections[8].markdown
        bullets = [*result.jd.responsibilities, *result.jd.qualifications]
        quoted = [q for q in re.findall(r"“([^”]*)”", letter) if any(q.lower() in b.lower() for b in bullets)]
        assert len(quoted) <= 1, quoted
        assert "It also says" not in letter and "And it says" not in letter
        assert "asks for “" not in letter
    lumen = (
        _job(samples, "Lumen Ledger", "Engineering Manager, Payments Platform").dossier.sections[8].markdown
    )
    assert "own the payouts migration from the Settle.io platform without a single missed payout" in lumen


def test_the_letter_names_what_was_acquired_and_what_follows(samples):
    lumen = (
        _job(samples, "Lumen Ledger", "Engineering Manager, Payments Platform").dossier.sections[8].markdown
    )
    assert "made an acquisition" not in lumen
    assert "acquired Settle.io in June 2025 and is now bringing two payments platforms together" in lumen
    # Written to the person the news is about, the letter says 'you'.
    harbourline = _job(samples, "Harbourline Freight", "Director of Engineering").dossier.sections[8].markdown
    assert "Dear Priya Raman," in harbourline and "welcomed you as its new CTO" in harbourline


def test_a_cover_letter_argues_the_jobs_pains_and_says_why_this_company(samples):
    letter = _job(samples, "Northwind Analytics", "Senior Data Engineer").dossier.sections[8].markdown
    assert "nightly batch jobs that take up to 9 hours and fail about twice a week" in letter
    # The recent, exact match, not the 2014 invoicing rewrite.
    assert "I led the migration of 140 nightly batch jobs" in letter
    assert "invoicing" not in letter
    assert "What draws me to Northwind Analytics now is that it" in letter and "2025" in letter


# ------------------------------------------------------------------ pain points


def test_pain_points_are_problems_not_relabelled_bullets_or_benefits(samples):
    for result in samples.values():
        for pain in result.pain_points.pain_points:
            assert ": " not in pain.text and "…" not in pain.text, pain.text
    junior = _job(samples, "Harbourline Freight", "Junior Backend Engineer").pain_points
    assert not any("dedicated mentor" in p.evidence for p in junior.pain_points)


def test_the_obvious_pain_of_the_data_engineering_posting_is_found(samples):
    pains = _job(samples, "Northwind Analytics", "Senior Data Engineer").pain_points.pain_points
    slow = next(p for p in pains if "take up to 9 hours and fail about twice a week" in p.evidence)
    assert slow.confidence.value == "high" and "fail" in slow.text


def test_success_metrics_keep_their_numbers(samples):
    metrics = _job(samples, "Tidewater Energy", "Platform Engineer (SRE)").pain_points.success_metrics
    assert any("MTTR" in m.text and "3 hours" in m.text and "under 1" in m.text for m in metrics)


def test_one_sentence_is_one_signal_with_its_best_date(samples):
    for result in samples.values():
        signals = result.company_research.company.signals
        keys = [(s.description, s.source) for s in signals]
        assert len(keys) == len(set(keys)), signals


# ------------------------------------------------------------------ dossier


def test_pain_and_proof_share_what_the_pain_is_about(samples):
    section = _job(samples, "Kestrel Security", "Senior Backend Engineer").dossier.sections[0].markdown
    row = next(line for line in section.splitlines() if "Postgres, Redis" in line)
    assert "Cut p99 API latency from 900 ms to 180 ms" in row


def test_the_plan_is_actions_for_the_pains_not_the_responsibilities_quoted_back(samples):
    for result in samples.values():
        plan = result.dossier.sections[0].markdown.split("**Plan**", 1)[1].split("**Measured by**")[0]
        for responsibility in result.jd.responsibilities:
            assert responsibility.rstrip(".") not in plan


# ------------------------------------------------------------------ the gate over many postings


def _generated(folder: Path) -> list[JobPosting]:
    spec = importlib.util.spec_from_file_location(
        "generate_postings", REPO / "bench" / "generate_postings.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    module.generate(GENERATED_COUNT, folder, seed=7)
    return [draft.to_posting(NOW) for draft in parse_inbox(folder, NOW).postings]


def test_the_text_quality_gate_counts_no_defect_over_samples_and_generated_postings(samples, tmp_path):
    from jobintel_assets.layers import contacts, dossier, text_quality

    generated = [run_chain(p, CANDIDATE, OfflineLLM()) for p in _generated(tmp_path)]
    results = [*samples.values(), *generated]
    assert len(results) == 16 + GENERATED_COUNT
    defects = [
        d for r in results for _, d in contacts.text_defects(r.contacts) + dossier.text_defects(r.dossier)
    ]
    assert text_quality.count_by_kind(defects) == dict.fromkeys(text_quality.DEFECT_KINDS, 0), defects[:5]
    assert all(
        not r.reports["contacts.text_quality"] and not r.reports["dossier.text_quality"] for r in results
    )


# ------------------------------------------------------------------ the recruiter's read-through

NORTHWIND_EM = ("Northwind Analytics", "Engineering Manager, Data Platform")
LUMEN_EM = ("Lumen Ledger", "Engineering Manager, Payments Platform")
TALENTBRIDGE = ("Talentbridge Partners", "Head of Engineering")


def _proof_row(result: ChainResult, evidence_words: str) -> str:
    section = result.dossier.sections[0].markdown
    pain = next(p for p in result.pain_points.pain_points if evidence_words in p.evidence)
    return next(line for line in section.splitlines() if line.startswith(f"| {pain.text}"))


def test_the_proof_is_the_achievement_that_matches_the_pain_in_table_letter_and_messages(samples):
    northwind = _job(samples, *NORTHWIND_EM)
    batch_jobs = "140 nightly batch jobs"
    assert batch_jobs in _proof_row(northwind, "ingestion rebuild")
    assert batch_jobs in northwind.dossier.sections[8].markdown
    assert "Python monolith" not in northwind.dossier.sections[8].markdown
    manager = next(c for c in _contacts(northwind) if c.contact_type.value == "hiring_manager")
    assert batch_jobs in manager.email_body

    lumen = _job(samples, *LUMEN_EM)
    assert "payouts service in Go and PostgreSQL" in _proof_row(lumen, "payouts migration")
    letter = lumen.dossier.sections[8].markdown
    assert "payouts service in Go and PostgreSQL" in letter


def test_an_agency_posting_gets_one_note_to_the_consultant_with_the_reference(samples):
    result = _job(samples, *TALENTBRIDGE)
    contacts = _contacts(result)
    assert [c.contact_type.value for c in contacts] == ["recruiter"]
    note = contacts[0]
    for text in (note.linkedin_inmail, note.email_body, note.email_subject):
        assert "TB-88213" in text, text
    assert "at Talentbridge" not in note.email_subject
    everything = " ".join(_messages(result)) + result.dossier.sections[8].markdown
    assert "the client recently" not in everything and "I read that the client" not in everything
    assert "Dear Hiring Manager" not in result.dossier.sections[8].markdown


def test_messages_name_the_person_and_the_signal_and_read_as_written(samples):
    northwind = _job(samples, *NORTHWIND_EM)
    texts = " ".join(_messages(northwind))
    assert "Dana" in texts and "Forecast 3" in texts
    assert "recent product launch" not in texts
    for result in samples.values():
        for contact in _contacts(result):
            assert " over Engineering" not in contact.role and " over Engineering" not in contact.why_relevant
        for message in _messages(result):
            assert "From the posting, I understand that" not in message
            mid_sentence = message.split(". ", 1)[-1]
            assert "Data pipelines" not in message and "Event-driven architecture" not in mid_sentence
            employers = re.findall(r"\bAt ([A-Z][\w ]+?), I\b", message)
            assert len(employers) == len(set(employers)), message


def test_subjects_name_the_exact_job_and_the_candidate(samples):
    for company, title in (NORTHWIND_EM, ("Northwind Analytics", "Senior Data Engineer")):
        for contact in _contacts(_job(samples, company, title)):
            if contact.contact_type.value in ("hiring_manager", "recruiter", "vp_director"):
                assert contact.email_subject.startswith(f"Application: {title}"), contact.email_subject
                assert contact.email_subject.endswith("– Alex Morgan")
    northwind = _contacts(_job(samples, *NORTHWIND_EM))
    assert any("(NW-1042)" in c.email_subject for c in northwind)
    assert all(c.linkedin_inmail_subject != "Engineering role" for c in northwind)


def test_core_requirements_are_only_the_requirements_and_old_skills_are_dated(samples):
    for key, not_required in ((NORTHWIND_EM, "Kubernetes"), (LUMEN_EM, "Go,"), (TALENTBRIDGE, "Django")):
        for message in _messages(_job(samples, *key)):
            for sentence in re.split(r"(?<=\.)\s", message):
                if "core requirements" in sentence:
                    assert not_required not in sentence, sentence
    for message in _messages(_job(samples, *TALENTBRIDGE)):
        assert not re.search(r"hands-on experience with [^.]*Django", message), message


def test_success_metrics_of_the_samples_are_found_with_their_figures(samples):
    for key, target in (
        (NORTHWIND_EM, "top 100 customers by Q3 2026"),
        (NORTHWIND_EM, "currently 9 a month"),
        (LUMEN_EM, "99.9% within 1 hour"),
        (LUMEN_EM, "zero missed payouts"),
        (TALENTBRIDGE, "22 to 40 engineers over the next 18 months"),
    ):
        metrics = " ".join(m.text for m in _job(samples, *key).pain_points.success_metrics)
        assert target.lower() in metrics.lower(), (key, target)


def test_the_letter_says_what_happened_and_the_plan_fits_the_team(samples):
    northwind = _job(samples, *NORTHWIND_EM)
    letter = northwind.dossier.sections[8].markdown
    assert "changed its leadership" not in letter and "first VP of Data" in letter
    assert "I would be glad to take on “" not in letter
    assert "Dear Dana Whitfield," in letter
    for key in (NORTHWIND_EM, LUMEN_EM):
        plan = _job(samples, *key).dossier.sections[0].markdown.split("**Plan**", 1)[1]
        assert "managers in place" not in plan
    lumen_plan = _job(samples, *LUMEN_EM).dossier.sections[0].markdown.split("**Plan**", 1)[1]
    assert "zero missed payouts" in lumen_plan.lower()


def test_pains_are_problems_the_posting_states(samples):
    data_engineer = _job(samples, "Northwind Analytics", "Senior Data Engineer").pain_points.pain_points
    assert not any("one week in six" in p.evidence for p in data_engineer)
    assert not any("Terraform, CI/CD" in p.text for p in data_engineer)
    talentbridge = _job(samples, *TALENTBRIDGE).pain_points.pain_points
    assert not any("delighted to be partnering" in p.evidence for p in talentbridge)
    lumen = _job(samples, *LUMEN_EM).pain_points.pain_points
    merge = next(p for p in lumen if "Settle.io" in p.evidence or "platforms together" in p.evidence)
    assert "Legacy systems" not in merge.text
