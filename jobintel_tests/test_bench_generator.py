"""The benchmark's posting generator: the same seed writes the same inbox, and every posting ingests."""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime
from pathlib import Path

from jobintel_assets.ingestion.parsers import parse_inbox
from jobintel_tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("generate_postings", REPO / "bench" / "generate_postings.py")
generate_postings = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = generate_postings  # its dataclasses look their module up
_spec.loader.exec_module(generate_postings)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_same_seed_writes_the_same_files_and_another_seed_does_not(tmp_path):
    generate_postings.generate(80, tmp_path / "a", seed=3)
    generate_postings.generate(80, tmp_path / "b", seed=3)
    generate_postings.generate(80, tmp_path / "c", seed=4)

    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    assert _snapshot(tmp_path / "a") != _snapshot(tmp_path / "c")


def test_every_generated_posting_ingests_as_its_own_job_in_every_format(tmp_path):
    generate_postings.generate(120, tmp_path / "inbox", seed=7)

    parsed = parse_inbox(tmp_path / "inbox", datetime(2026, 11, 2, tzinfo=UTC))

    assert parsed.rejections == []
    assert len({draft.job_id for draft in parsed.postings}) == 120
    suffixes = {path.suffix for path in (tmp_path / "inbox").iterdir()}
    assert suffixes == {".md", ".txt", ".html", ".json", ".jsonl", ".csv"}
    titles = {draft.title for draft in parsed.postings}
    companies = {draft.company for draft in parsed.postings}
    assert len(titles) >= 20 and len(companies) >= 40
