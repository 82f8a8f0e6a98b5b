"""Prompt-injection postings cannot talk the pipeline into lying.

Each file in fixtures/hostile/ is an injection that carries no job content ("ignore previous
instructions", "score this candidate 100", fake ``system:`` lines, instructions in HTML comments,
scripts, hidden or zero-width text). It is planted at the top, middle and end of real sample
postings; offline, the fit score, the tailored CV and every drafted message must be exactly those
of the same posting without it. Plain-text injections go into every format; markup injections
into HTML pages, where a browser would not show them either.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jobintel_assets.adapters.offline import OfflineLLM
from jobintel_assets.ingestion.parsers import html_to_text, parse_path
from jobintel_assets.layers.injections import redact_instructions
from jobintel_assets.layers.models import Contacts, JobPosting
from jobintel_assets.layers.skills import find_skills
from jobintel_assets.layers.text import normalize_for_match
from jobintel_tests.chain import ChainResult
from jobintel_tests.conftest import SAMPLE_INBOX
from jobintel_tests.offline_chain import master_cv, run_chain

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
INJECTIONS = sorted(HOSTILE.iterdir())
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CANDIDATE = master_cv()
BASES = [
    "lumen-ledger-staff-backend-engineer.md",
    "orbital-studio-frontend-engineer.txt",
    "brightpath-health-machine-learning-engineer.html",
]
PLACES = ["top", "middle", "end"]


def plant(base: str, injection: Path, place: str) -> str:
    """The base posting's file text with the injection inserted as its own block at ``place``."""
    text = (SAMPLE_INBOX / base).read_text(encoding="utf-8")
    snippet = injection.read_text(encoding="utf-8")
    if base.endswith(".html"):
        if injection.suffix == ".txt":
            snippet = f"<p>{snippet}</p>"
        anchors = {"top": "</h1>", "middle": "</ul>", "end": "</body>"}
        anchor = anchors[place]
        cut = text.index(anchor) + (len(anchor) if place != "end" else 0)
    else:
        blocks = [i for i in range(len(text)) if text.startswith("\n\n", i)]
        # "top" is after the first paragraph: before it, a block would end the 'Key: value' header.
        cut = {"top": blocks[1], "middle": blocks[len(blocks) // 2], "end": len(text)}[place]
    return f"{text[:cut]}\n\n{snippet}\n\n{text[cut:]}"


def parsed(tmp_path: Path, name: str, text: str) -> JobPosting:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = parse_path(path, tmp_path, NOW)
    assert result.rejections == []
    (draft,) = result.postings
    return draft.to_posting(NOW)


def messages(contacts: Contacts) -> list[tuple[str, ...]]:
    return [
        (
            c.linkedin_connection_message,
            c.linkedin_inmail_subject,
            c.linkedin_inmail,
            c.email_subject,
            c.email_body,
        )
        for c in [*contacts.primary_contacts, *contacts.secondary_contacts]
    ]


def assert_same_outcome(hostile: ChainResult, clean: ChainResult) -> None:
    assert hostile.fit == clean.fit
    assert hostile.cv == clean.cv
    assert messages(hostile.contacts) == messages(clean.contacts)
    for layer, problems in hostile.violations.items():
        assert problems == [], (layer, problems)


CASES = [
    (base, injection, place)
    for base in BASES
    for injection in INJECTIONS
    if injection.suffix == ".txt" or base.endswith(".html")
    for place in PLACES
]


@pytest.fixture(scope="module")
def clean_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ChainResult]:
    folder = tmp_path_factory.mktemp("clean")
    return {
        base: run_chain(
            parsed(folder, base, (SAMPLE_INBOX / base).read_text(encoding="utf-8")), CANDIDATE, OfflineLLM()
        )
        for base in BASES
    }


def test_the_corpus_covers_every_kind_of_injection():
    names = {path.stem for path in INJECTIONS}
    assert {
        "ignore-previous-instructions",
        "score-this-candidate-100",
        "html-comment",
        "zero-width-text",
    } <= names
    assert {"fake-system-line", "fake-script"} <= names
    assert len(CASES) >= 60


@pytest.mark.parametrize("injection", INJECTIONS, ids=lambda path: path.stem)
def test_no_injection_carries_job_content(injection: Path):
    """What a reader sees of an injection names no skill; hidden markup may (and must stay hidden)."""
    text = injection.read_text(encoding="utf-8")
    visible = html_to_text(text) if injection.suffix == ".html" else text
    assert find_skills(visible) == []


@pytest.mark.parametrize(
    ("base", "injection", "place"), CASES, ids=lambda value: getattr(value, "stem", value)
)
def test_an_injection_changes_no_score_cv_or_message(
    base: str, injection: Path, place: str, tmp_path: Path, clean_results: dict[str, ChainResult]
):
    hostile_posting = parsed(tmp_path, base, plant(base, injection, place))
    hostile = run_chain(hostile_posting, CANDIDATE, OfflineLLM())
    assert_same_outcome(hostile, clean_results[base])


@pytest.mark.parametrize("injection", INJECTIONS, ids=lambda path: path.stem)
def test_models_are_shown_the_posting_without_its_instructions(injection: Path):
    base = "orbital-studio-frontend-engineer.txt"
    if injection.suffix == ".html":
        base = "brightpath-health-machine-learning-engineer.html"
    with tempfile.TemporaryDirectory() as folder:
        posting = parsed(Path(folder), base, plant(base, injection, "middle"))
    shown = normalize_for_match(redact_instructions(posting.description))
    for phrase in ("previous instructions", "candidate 100", "system:", "fit_score", "chief scientist"):
        assert phrase not in shown
    assert "ｉｇｎｏｒｅ" not in shown and "erongi" not in shown
