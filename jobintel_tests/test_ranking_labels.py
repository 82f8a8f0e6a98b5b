"""The ranking benchmark's hand labels keep the rules of bench/ranking/LABELLING.md."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

from jobintel_assets.ingestion.candidate import load_candidate
from jobintel_assets.ingestion.parsers import parse_inbox
from jobintel_tests.conftest import REPO

RANKING = REPO / "bench" / "ranking"
LABELS = list(csv.DictReader((RANKING / "labels.csv").open(encoding="utf-8")))


def test_every_candidate_is_labelled_once_against_every_posting_that_parses():
    postings = sorted(path.stem for path in (RANKING / "postings").iterdir())
    parsed = parse_inbox(RANKING / "postings", datetime(2026, 11, 30, tzinfo=UTC))
    candidates = sorted(path.name for path in (RANKING / "candidates").iterdir())

    assert len(postings) >= 30 and len(parsed.postings) == len(postings) and parsed.rejections == []
    assert len(candidates) >= 3
    assert all(load_candidate(RANKING / "candidates" / name) for name in candidates)
    assert sorted((row["candidate"], row["posting"]) for row in LABELS) == [
        (candidate, posting) for candidate in candidates for posting in postings
    ]


def test_labels_follow_the_labelling_rules():
    for row in LABELS:
        where = f"{row['candidate']} x {row['posting']}"
        label = int(row["label"])
        assert 0 <= label <= 100, where
        assert row["dealbreaker"] in {"yes", "no"} and row["profession"] in {"same", "adjacent", "other"}
        assert row["reason"].strip(), where
        if row["dealbreaker"] == "yes":
            assert label <= 49, f"{where}: a dealbreaker caps the label at 49"
        if row["profession"] == "other":
            assert row["dealbreaker"] == "yes" and label <= 10, f"{where}: another profession"


def test_every_candidate_has_five_relevant_postings_so_a_perfect_top_five_is_possible():
    for candidate in {row["candidate"] for row in LABELS}:
        relevant = [
            row
            for row in LABELS
            if row["candidate"] == candidate and int(row["label"]) >= 70 and row["dealbreaker"] == "no"
        ]
        assert len(relevant) >= 5, candidate
