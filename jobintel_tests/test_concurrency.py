"""Concurrent writers and readers on one DuckDB file: no step fails on the lock, nothing is lost or
duplicated. A small round of bench/concurrency.py (the bench runs larger ones)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from jobintel_tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("concurrency_bench", REPO / "bench" / "concurrency.py")
concurrency = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = concurrency
_spec.loader.exec_module(concurrency)


def test_runs_a_multiprocess_materialization_and_readers_at_once_lose_and_duplicate_nothing(tmp_path: Path):
    outcome = concurrency.run_round(
        tmp_path, postings=2, writers=2, materializers=1, readers=1, hold_seconds=3, seed=5
    )
    assert outcome.failed == []
    assert outcome.jobs == 2
    assert outcome.rows == dict.fromkeys(concurrency.LAYERS, 2)
    assert outcome.running_cache_entries == 0
    assert outcome.reader_errors == 0 and outcome.reader_queries > 0
