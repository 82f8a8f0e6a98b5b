"""Nothing is invented, over every sample posting and a batch of generated ones.

The tailored CV, the fit score's evidence and the drafted messages state no skill, employer,
title, date or number that the master CV does not; every company signal names a source the
research read; offline, every contact is a marked placeholder or a person the posting names.
The reference is the master CV's file text, read here, not anything the layers computed.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jobintel_assets.adapters.offline import OfflineLLM
from jobintel_assets.ingestion.parsers import parse_inbox
from jobintel_assets.layers.fit_score import skill_key
from jobintel_assets.layers.injections import redact_instructions
from jobintel_assets.layers.models import CandidateProfile, JobPosting
from jobintel_assets.layers.skills import find_skills
from jobintel_assets.layers.text import contains_quote, normalize_for_match, numbers_in
from jobintel_tests.chain import ChainResult
from jobintel_tests.conftest import CANDIDATE_DIR, REPO, SAMPLE_INBOX
from jobintel_tests.lying_model import LyingLLM
from jobintel_tests.offline_chain import master_cv, run_chain

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
GENERATED_COUNT = 40
CANDIDATE = master_cv()
MASTER_TEXT = (CANDIDATE_DIR / "master_cv.yaml").read_text(encoding="utf-8")
MASTER_NUMBERS = numbers_in(MASTER_TEXT)
MASTER_SKILLS = (
    {skill_key(s) for s in CANDIDATE.all_skills()}
    | {skill_key(m.name) for m in find_skills(MASTER_TEXT)}
    | {skill_key(language.split("(")[0].strip()) for language in CANDIDATE.languages}
)


def _generated_postings(folder: Path) -> list[JobPosting]:
    spec = importlib.util.spec_from_file_location(
        "generate_postings", REPO / "bench" / "generate_postings.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    module.generate(GENERATED_COUNT, folder, seed=11)
    return [draft.to_posting(NOW) for draft in parse_inbox(folder, NOW).postings]


@pytest.fixture(scope="module")
def postings(tmp_path_factory: pytest.TempPathFactory) -> list[JobPosting]:
    postings = [draft.to_posting(NOW) for draft in parse_inbox(SAMPLE_INBOX, NOW).postings]
    postings += _generated_postings(tmp_path_factory.mktemp("generated"))
    assert len(postings) >= GENERATED_COUNT + 10
    return postings


@pytest.fixture(scope="module")
def offline(postings: list[JobPosting]) -> list[tuple[JobPosting, ChainResult]]:
    return [(posting, run_chain(posting, CANDIDATE, OfflineLLM())) for posting in postings]


@pytest.fixture(scope="module")
def lying(postings: list[JobPosting]) -> list[tuple[JobPosting, ChainResult]]:
    return [(posting, run_chain(posting, CANDIDATE, LyingLLM())) for posting in postings]


@pytest.fixture(params=["offline", "lying_model"])
def swept(request: pytest.FixtureRequest) -> list[tuple[JobPosting, ChainResult]]:
    """Every posting through every layer: with the offline heuristics, and with a model that lies."""
    return request.getfixturevalue("offline" if request.param == "offline" else "lying")


def _in_master(text: str) -> bool:
    return normalize_for_match(text) in normalize_for_match(MASTER_TEXT)


def _invented_numbers(text: str, *also_allowed: str) -> set[str]:
    allowed = MASTER_NUMBERS.union(*(numbers_in(extra) for extra in also_allowed))
    return numbers_in(text) - allowed


def cv_problems(candidate: CandidateProfile, result: ChainResult) -> list[str]:
    cv = result.cv
    problems = []
    for section in cv.core_competencies:
        problems += [f"skill {s!r}" for s in section.skills if skill_key(s) not in MASTER_SKILLS]
    for role in cv.experience:
        for value in (role.title, role.employer, role.start, role.end):
            if not _in_master(value):
                problems.append(f"role field {value!r}")
        for bullet in role.bullets:
            if not any(
                contains_quote(a, bullet.source_text) for r in candidate.roles for a in r.achievements
            ):
                problems.append(f"bullet source {bullet.source_text!r}")
    for text in [cv.header.name, *cv.certifications, *(e.institution for e in cv.education)]:
        if not _in_master(text):
            problems.append(f"fact {text!r}")
    if invented := _invented_numbers(cv.markdown):
        problems.append(f"numbers {sorted(invented)} in the CV")
    return problems


def test_the_tailored_cv_states_only_master_cv_facts(swept):
    failures = {posting.job_id: cv_problems(CANDIDATE, result) for posting, result in swept}
    assert {job: problems for job, problems in failures.items() if problems} == {}


def test_the_fit_score_cites_only_master_cv_skills_and_achievements(swept):
    failures = {}
    for posting, result in swept:
        fit = result.fit
        problems = [f"matched {s!r}" for s in fit.matched_skills if skill_key(s) not in MASTER_SKILLS]
        achievements = [a for role in CANDIDATE.roles for a in role.achievements]
        problems += [
            f"evidence {q!r}"
            for q in fit.candidate_evidence
            if not any(contains_quote(a, q) for a in achievements)
        ]
        for quote in re.findall(r'"([^"]{8,})"', fit.fit_rationale):
            if not (_in_master(quote) or contains_quote(posting.description, quote)):
                problems.append(f"rationale quotes {quote!r}")
        if problems:
            failures[posting.job_id] = problems
    assert failures == {}


def test_messages_state_no_number_absent_from_the_master_cv(swept):
    failures = {}
    for posting, result in swept:
        for contact in [*result.contacts.primary_contacts, *result.contacts.secondary_contacts]:
            for text in (
                contact.linkedin_connection_message,
                contact.linkedin_inmail_subject,
                contact.linkedin_inmail,
                contact.email_subject,
                contact.email_body,
            ):
                # The posting's reference ('TB-88213') is quoted back to whoever runs the search.
                reference = posting.requisition_id or ""
                if invented := _invented_numbers(text, posting.company, posting.title, reference):
                    failures.setdefault(posting.job_id, []).append(f"{sorted(invented)} in {text[:60]!r}")
    assert failures == {}


def test_every_layer_passes_its_checks(swept):
    failing = {
        posting.job_id: {layer: problems for layer, problems in result.violations.items() if problems}
        for posting, result in swept
    }
    assert {job: layers for job, layers in failing.items() if layers} == {}


def test_a_lying_models_judgement_is_set_aside_and_the_rubric_stands(offline, lying):
    for (posting, honest), (_, lied) in zip(offline, lying, strict=True):
        # It scored 100 on an achievement the master CV does not state: the whole judgement goes.
        assert lied.fit == honest.fit, posting.job_id
        assert lied.fit.llm_score is None


def test_with_no_one_found_every_contact_is_a_placeholder_or_named_in_the_posting(swept):
    named = 0
    for posting, result in swept:
        for contact in [*result.contacts.primary_contacts, *result.contacts.secondary_contacts]:
            assert contact.linkedin_url is None
            if contact.is_synthetic:
                assert contact.source_url is None
            else:  # a person the posting itself names, with the role it gives them
                named += 1
                assert contact.source_url == "posting" and contact.name in posting.description, contact
                assert contact.role in posting.description
    assert named > 0  # the samples name a CTO and a CEO


def test_every_company_signal_names_a_source_the_research_read(swept):
    signals = 0
    for posting, result in swept:
        company = result.company_research.company
        read = {"posting", *company.sources}
        for signal in company.signals:
            signals += 1
            assert signal.source in read, (posting.job_id, signal)
            if signal.source == "posting":
                assert signal.date == "unknown" or signal.date[:4] in posting.description, signal
    assert signals > 0  # the sweep does reach signals


def test_no_real_posting_reads_as_an_instruction_to_a_model(swept):
    """What models are shown of a posting loses nothing of an ordinary posting."""
    for posting, _ in swept:
        assert redact_instructions(posting.description) == posting.description, posting.source


def test_interview_stories_are_master_cv_achievements_and_questions_quote_the_posting(swept):
    stories = 0
    for posting, result in swept:
        told = []
        for question in result.interview.questions:
            assert contains_quote(posting.description, question.posting_quote), (posting.job_id, question)
            story = question.story
            if story is None:
                continue
            stories += 1
            told.append(story.source_text)
            assert _in_master(story.source_text), (posting.job_id, story.source_text)
            for part in (story.task, story.action, story.result):
                assert not part or contains_quote(story.source_text, part), (posting.job_id, part)
            assert not _invented_numbers(f"{story.situation} {story.task} {story.action} {story.result}")
        assert len(told) == len(set(told)), posting.job_id
        missing = {skill_key(s) for s in result.fit.missing_skills}
        assert all(skill_key(gap.skill) in missing for gap in result.interview.gaps), posting.job_id
    assert sum(len(r.interview.questions) for _, r in swept) > len(swept)  # the sweep does ask questions
