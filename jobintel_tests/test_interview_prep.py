"""Interview preparation: questions the posting's own lines raise, stories the master CV tells in its own
words, gaps the fit score found and nothing more, questions to ask that cite their source; and a model
that invents a story, a quote, a gap or a source is overruled.

The fixture is real: the bundled Northwind Analytics engineering-manager posting, its company notes and
the bundled master CV, read by the offline layers before this one.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jobintel_assets.adapters.offline import OfflineLLM
from jobintel_assets.ingestion.parsers import parse_path
from jobintel_assets.layers import interview_prep
from jobintel_assets.layers.interview_prep import InterviewPrepInputs, star_parts
from jobintel_assets.layers.models import CandidateProfile, InterviewPrep, JobPosting
from jobintel_assets.layers.text import contains_quote, numbers_in
from jobintel_tests.conftest import SAMPLE_INBOX
from jobintel_tests.lying_model import INVENTED_ACHIEVEMENT, INVENTED_SKILLS, INVENTED_SOURCE, LyingLLM
from jobintel_tests.offline_chain import master_cv, run_chain

NOW = datetime(2026, 3, 1, tzinfo=UTC)
CANDIDATE = master_cv()
ACHIEVEMENTS = {a: role for role in CANDIDATE.roles for a in role.achievements}


def _posting(name: str) -> JobPosting:
    (draft,) = parse_path(SAMPLE_INBOX / name, SAMPLE_INBOX, NOW).postings
    return draft.to_posting(NOW)


def _inputs(file_name: str, title: str = "") -> InterviewPrepInputs:
    (draft,) = [
        d for d in parse_path(SAMPLE_INBOX / file_name, SAMPLE_INBOX, NOW).postings if title in d.title
    ]
    posting = draft.to_posting(NOW)
    chain = run_chain(posting, CANDIDATE, OfflineLLM())
    return InterviewPrepInputs(
        description=posting.description,
        jd=chain.jd,
        pain_points=chain.pain_points,
        fit=chain.fit,
        company_research=chain.company_research,
        candidate=CANDIDATE,
    )


@pytest.fixture(scope="module")
def northwind() -> InterviewPrepInputs:
    return _inputs("northwind-analytics-engineering-manager.html")


@pytest.fixture(scope="module")
def prep(northwind: InterviewPrepInputs) -> InterviewPrep:
    return interview_prep.build(northwind, OfflineLLM())


def test_every_question_cites_a_line_of_the_posting_and_is_asked_in_its_own_words(prep, northwind):
    assert 6 <= len(prep.questions) <= 10
    for question in prep.questions:
        assert contains_quote(northwind.description, question.posting_quote), question
        # Asked as an interviewer would, not the posting's bullet with 'Tell me about' in front.
        assert not contains_quote(question.question, question.posting_quote), question
    assert {q.kind.value for q in prep.questions} == {"behavioural", "technical"}
    # The pain points come first: the team to grow, the rebuild, the incidents.
    assert [q.basis for q in prep.questions[:3]] == ["a pain point"] * 3
    assert "9 a month" in prep.questions[2].posting_quote
    assert "incidents" in prep.questions[2].question


def test_a_story_is_one_achievement_of_the_master_cv_told_in_its_own_words_and_numbers(prep):
    stories = [q.story for q in prep.questions if q.story]
    assert len(stories) >= 6
    for story in stories:
        role = ACHIEVEMENTS[story.source_text]
        assert (story.role_title, story.employer) == (role.title, role.employer)
        assert role.achievements[story.achievement_index] == story.source_text
        for part in (story.task, story.action, story.result):
            assert not part or contains_quote(story.source_text, part), part
        told = numbers_in(" ".join([story.task, story.action, story.result]))
        assert told <= numbers_in(story.source_text)
    # Each achievement is told once.
    assert len({s.source_text for s in stories}) == len(stories)


def test_each_story_answers_its_question(prep):
    by_question = {q.question: q.story.source_text for q in prep.questions if q.story}
    hiring = next(text for question, text in by_question.items() if "hire" in question)
    incidents = next(text for question, text in by_question.items() if "incidents" in question)
    assert "hiring 9 engineers" in hiring
    assert "pages a week" in incidents or "incidents" in incidents
    # The posting asks about handling underperformance; the master CV has no such story, so none is told.
    underperformance = next(q for q in prep.questions if "underperforming" in q.question)
    assert underperformance.story is None


def test_star_parts_split_an_achievement_into_its_own_words():
    parts = star_parts(
        "Reduced data-pipeline incidents from 11 to 3 per month by introducing data contracts, dbt tests "
        "and on-call runbooks."
    )
    assert (parts.task, parts.action, parts.result) == (
        "Reduced data-pipeline incidents",
        "introducing data contracts, dbt tests and on-call runbooks",
        "from 11 to 3 per month",
    )
    moved = star_parts(
        "Led the move from a Python monolith to 6 services on AWS (ECS), with CI/CD in Jenkins."
    )
    # A move from one system to another is what was done, not a measured result.
    assert moved.result == "" and moved.action.startswith("Led the move from a Python monolith")


def test_an_achievement_saying_what_was_done_is_the_action_and_leaves_the_task_to_prepare():
    parts = star_parts(
        "Designed idempotent payment APIs and a reconciliation job that brought unmatched transactions "
        "from 0.4% to 0.02%."
    )
    assert (parts.task, parts.action, parts.result) == (
        "",
        "Designed idempotent payment APIs and a reconciliation job",
        "brought unmatched transactions from 0.4% to 0.02%",
    )
    # 'by 31%' alone is no result: the change it measures is.
    cut = star_parts(
        "Cut GCP spend by 31% (about £420,000 a year) through BigQuery slot reservations and partitioning."
    )
    assert (cut.task, cut.action, cut.result) == (
        "",
        "BigQuery slot reservations and partitioning",
        "Cut GCP spend by 31% (about £420,000 a year)",
    )


def test_a_technology_is_asked_about_once(northwind):
    warehouses = (
        "- Experience with cloud data warehouses (BigQuery, Snowflake) and orchestration (Airflow, Dagster)."
    )
    description = northwind.description.replace(
        warehouses,
        f"{warehouses}\n- BigQuery and Airflow in production.\n- Airflow and Kubernetes in production.",
    )
    prep = interview_prep.heuristic(northwind.model_copy(update={"description": description}))

    asked = [q.question for q in prep.questions if q.question.startswith("What have you built in production")]
    assert any("BigQuery" in q and "Airflow" in q for q in asked)
    for technology in ("BigQuery", "Airflow", "Kubernetes"):
        assert sum(technology in q for q in asked) == 1, asked
    # The line naming nothing new is not asked about; the one naming Kubernetes asks only about it.
    assert "BigQuery and Airflow in production." not in [q.posting_quote for q in prep.questions]


@pytest.fixture(scope="module")
def payments_manager() -> InterviewPrepInputs:
    return _inputs("saved-jobs.csv", "Engineering Manager, Payments Platform")


def test_a_pain_points_line_is_asked_about_the_work_its_pain_names(payments_manager):
    prep = interview_prep.heuristic(payments_manager)
    by_line = {q.posting_quote: q for q in prep.questions}

    # The pain is bringing two platforms together: the payouts migration is a migration question, and
    # the payments question goes to the requirement about payments correctness, with the payments story.
    migration = by_line[
        "Own delivery of the payouts migration from the Settle.io platform, with zero missed payouts."
    ]
    assert "migration" in migration.question
    # Told with the latest migration the master CV has, the one that states its result.
    assert migration.story is not None and migration.story.source_text.startswith("Led the migration of 140")
    assert migration.story.result
    correctness = by_line[
        "Experience with payments, banking or other systems where correctness is non-negotiable."
    ]
    assert "payment" in correctness.question
    assert correctness.story is not None and "idempotent payment APIs" in correctness.story.source_text
    # What to ask them about it is about the migration and its target, not about reconciliation breaks.
    ask = next(a for a in prep.questions_to_ask if a.quote == migration.posting_quote)
    assert "cut-over" in ask.question and "'zero missed payouts'" in ask.question
    # 'the Payments Platform team' names the team, not work to be asked about.
    assert not any(
        "Payments Platform team" in q.posting_quote and "payment" in q.question for q in prep.questions
    )


def test_what_the_fit_score_leaves_open_is_listed_to_clarify(payments_manager, northwind):
    prep = interview_prep.heuristic(payments_manager)
    unknown = [c for c in payments_manager.fit.dealbreakers if c.status.value == "unknown"]
    assert {c.name for c in unknown} == {"salary", "location"}

    # Pay first, then the contract, each with the fit score's reason.
    assert [point.split(":")[0] for point in prep.to_clarify] == [
        "Ask about pay",
        "Ask about a contract in the United Kingdom",
    ]
    assert "just under your floor of GBP 110,000" in prep.to_clarify[0]
    # A posting that settles pay, place and contract leaves nothing to clarify.
    assert interview_prep.heuristic(northwind).to_clarify == []
    # A model cannot add or drop one: the list is the fit score's.
    assert interview_prep.build(payments_manager, LyingLLM()).to_clarify == prep.to_clarify


def test_a_team_larger_than_any_in_the_master_cv_and_a_change_of_track_are_to_be_ready_for():
    head = interview_prep.heuristic(_inputs("talentbridge-head-of-engineering.txt"))
    assert any(p.startswith("Team size: the posting asks to have led 20+ engineers") for p in head.to_clarify)
    staff = interview_prep.heuristic(_inputs("lumen-ledger-staff-backend-engineer.md"))
    assert any("a step away from managing people" in p for p in staff.to_clarify)


def test_leading_through_managers_is_asked_as_such_not_as_running_a_team():
    head = interview_prep.heuristic(_inputs("talentbridge-head-of-engineering.txt"))
    (asked,) = [q for q in head.questions if q.posting_quote.startswith("Led teams of 20+ engineers")]
    assert "through other managers or leads" in asked.question


def _without(skill: str) -> CandidateProfile:
    """The master CV of someone who never used ``skill``."""
    roles = [r.model_copy(update={"skills": [s for s in r.skills if s != skill]}) for r in CANDIDATE.roles]
    sections = [
        s.model_copy(update={"skills": [k for k in s.skills if k != skill]}) for s in CANDIDATE.skills
    ]
    return CANDIDATE.model_copy(update={"roles": roles, "skills": sections})


def test_gaps_are_the_fit_scores_missing_skills_and_claim_no_experience(northwind):
    candidate = _without("Terraform")
    posting = _posting("northwind-analytics-engineering-manager.html")
    chain = run_chain(posting, candidate, OfflineLLM())
    assert "Terraform" in chain.fit.missing_skills
    inputs = northwind.model_copy(update={"fit": chain.fit, "candidate": candidate})

    prep = interview_prep.heuristic(inputs)

    assert [g.skill for g in prep.gaps] == chain.fit.missing_skills
    gap = next(g for g in prep.gaps if g.skill == "Terraform")
    assert gap.posting_quote == "Familiarity with Kubernetes and Terraform."
    assert gap.note.startswith("Your master CV does not show Terraform") and "say so plainly" in gap.note
    assert interview_prep.check_gaps_are_missing_skills(prep, inputs) == []
    # With nothing missing, nothing is listed as a gap.
    assert interview_prep.heuristic(northwind).gaps == []


def test_questions_to_ask_come_from_the_pain_points_and_dated_signals_and_cite_them(prep, northwind):
    from_posting = [a for a in prep.questions_to_ask if a.source == "posting"]
    from_signals = [a for a in prep.questions_to_ask if a.source != "posting"]
    assert len(from_posting) == 3 and len(from_signals) == 2
    assert all(contains_quote(northwind.description, a.quote) for a in from_posting)
    signals = northwind.company_research.company.signals
    for ask in from_signals:
        signal = next(s for s in signals if s.source == ask.source and s.description == ask.quote)
        assert signal.date[:4] in ask.question  # said with its date
    assert any("Northwind Forecast 3" in a.question for a in from_signals)


def test_a_model_that_invents_stories_quotes_gaps_and_sources_is_overruled(northwind):
    inputs = northwind.model_copy(
        update={"fit": northwind.fit.model_copy(update={"missing_skills": ["Dagster"]})}
    )
    lied = interview_prep.build(inputs, LyingLLM())
    honest = interview_prep.build(inputs, OfflineLLM())

    everything = lied.model_dump_json()
    assert INVENTED_ACHIEVEMENT not in everything and "250" not in everything and "900%" not in everything
    assert INVENTED_SOURCE not in everything and INVENTED_SKILLS[0] not in everything
    # The honest questions stay, each story inflated by the model is dropped rather than kept altered.
    assert [q.question for q in lied.questions] == [q.question for q in honest.questions][:8]
    assert all(q.story is None for q in lied.questions)
    # The gap stays, its note claiming experience is replaced by the honest one.
    assert [g.note for g in lied.gaps] == [g.note for g in honest.gaps]
    for check in (
        interview_prep.check_stories_trace_to_master_cv,
        interview_prep.check_questions_cite_the_posting,
        interview_prep.check_gaps_are_missing_skills,
    ):
        assert check(lied, inputs) == []


def test_the_checks_name_what_an_unground_answer_gets_wrong(prep, northwind):
    story = next(q.story for q in prep.questions if q.story)
    altered = story.model_copy(update={"result": "from 11 to 1 per month"})
    broken = prep.model_copy(
        update={
            "questions": [
                prep.questions[0].model_copy(update={"story": altered}),
                prep.questions[1].model_copy(update={"posting_quote": "Ten years of Rust."}),
                prep.questions[2].model_copy(update={"story": prep.questions[0].story}),
            ]
        }
    )
    stories = interview_prep.check_stories_trace_to_master_cv(broken, northwind)
    assert any("questions[0].story: result" in p for p in stories)
    assert any("questions[2].story: the same achievement as questions[0]" in p for p in stories)
    cited = interview_prep.check_questions_cite_the_posting(broken, northwind)
    assert cited == ["questions[1].posting_quote: 'Ten years of Rust.' is not in the posting"]


class _RewordingModel:
    """A model that tells the honest stories, setting each in its own words."""

    provider, model = "rewording-test-model", "own-words"

    def generate(self, task, output_type):
        honest = OfflineLLM().generate(task, output_type)
        questions = [
            q.model_copy(update={"story": q.story.model_copy(update={"situation": "Back then, at work."})})
            if q.story
            else q
            for q in honest.questions
        ]
        return honest.model_copy(update={"questions": questions})


def test_a_model_that_sets_an_honest_story_in_its_own_words_keeps_the_story(northwind, prep):
    reworded = interview_prep.build(northwind, _RewordingModel())

    assert reworded.questions == prep.questions  # the situation is the master CV's, the story kept
