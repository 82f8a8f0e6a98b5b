"""The text-quality detectors, on sentences a person would and would not send."""

from __future__ import annotations

import pytest

from jobintel_assets.layers import text_quality
from jobintel_assets.layers.text_quality import (
    CUT_MID_PHRASE,
    ELLIPSIS,
    ENTITIES_OR_ESCAPES,
    LABEL_THEN_QUOTE,
    PLURAL_POSSESSIVE,
    REPEATED_SENTENCE,
    UNBALANCED_BRACKETS,
    prose_defects,
)

GOOD = [
    "Hi Priya, I'm applying for the Director of Engineering role at Harbourline Freight. I'd be glad to "
    "connect.",
    "At Wavelength Media, I designed the event pipeline (Kafka, Spark Structured Streaming, GCS) that "
    "processed 2 billion playback events a day.",
    "I read about the new partnership Talentbridge Partners' client announced.",
    "Your posting says “Own observability: Prometheus, Grafana and OpenTelemetry”. I have done this before.",
    "I have worked with Python, Django and PostgreSQL, which the posting lists as core requirements.",
    "Engineering Manager, Data & Platform at Oakridge Health.",
]

BAD = [
    (
        "At Wavelength Media, I designed the event pipeline (Kafka, Spark Structured Streaming. I'd be glad "
        "to connect.",
        UNBALANCED_BRACKETS,
    ),
    (
        "At Quanta Retail Group, I built the streaming ingestion for the. I'd be glad to connect.",
        CUT_MID_PHRASE,
    ),
    (
        "Your posting points to a clear need: Reliability and incident load to bring under control: 1s, "
        "career development, incident reviews.",
        LABEL_THEN_QUOTE,
    ),
    ("At Oakridge Health: Ran the ISO 27001 evidence work.", LABEL_THEN_QUOTE),
    ("I saw Talentbridge Partners's recent funding news.", PLURAL_POSSESSIVE),
    ("Senior Engineering Manager, Platform &amp; Data at Oakridge Health.", ENTITIES_OR_ESCAPES),
    ("Engineering Manager, Data & Platform \\| ex-Staff Engineer", ENTITIES_OR_ESCAPES),
    ("Take part in a light on-call rotation and write the runbooks that keep it…", ELLIPSIS),
    (
        "I bring 12 years of experience in data platforms. Thanks. I bring 12 years of experience in data "
        "platforms.",
        REPEATED_SENTENCE,
    ),
]


@pytest.mark.parametrize("text", GOOD)
def test_text_a_person_would_send_has_no_defect(text):
    assert prose_defects(text) == []


@pytest.mark.parametrize(("text", "kind"), BAD)
def test_each_defect_is_found_and_named(text, kind):
    assert kind in {d.kind for d in prose_defects(text)}


def test_markdown_may_escape_what_it_must_and_table_cells_are_read_one_by_one():
    table = (
        "| Pain | Proof |\n|---|---|\n| Scale (PostgreSQL \\| Redis). | Cut p99 latency. (Staff, Fernhill) |"
    )
    repeated_cells = table + "\n| Grow the team. | Hired 9. (Staff, Fernhill) |"
    assert prose_defects("Shown as text: &lt;script&gt;", markdown=True) == []
    assert prose_defects(repeated_cells, markdown=True) == []
    assert prose_defects("Outside a table \\| is an escape a reader sees.", markdown=True) != []


def test_counts_list_every_kind_and_letters_overlap_by_shared_five_word_phrases():
    counts = text_quality.count_by_kind(prose_defects(BAD[4][0]))
    assert set(counts) == set(text_quality.DEFECT_KINDS) and counts[PLURAL_POSSESSIVE] == 1
    letter = "I would welcome a conversation about the role and what comes next for the team"
    assert text_quality.shared_phrase_fraction(letter, letter) == 1.0
    assert text_quality.shared_phrase_fraction(letter, "An entirely different letter about other work") == 0.0
