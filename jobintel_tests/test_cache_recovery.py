"""A cache entry is never stuck in `running`: a live computation keeps its claim however long it
takes, an interrupted one gives it back at once, and a dead one is taken over (see also
test_crash_recovery.py, which kills a real run)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from jobintel_assets.caching import run_cached
from jobintel_assets.layers.models import PainPoints
from jobintel_assets.storage.duckdb_store import CacheKey, DuckDBStore

KEY = CacheKey("pain_points", "abc", "openai", "gpt-4o-mini", "pain_points-1")
ANSWER = PainPoints(
    pain_points=[], strategic_needs=[], risks_if_unfilled=[], success_metrics=[], reasoning_summary="answer"
)


@pytest.fixture
def store(tmp_path: Path) -> DuckDBStore:
    return DuckDBStore(tmp_path / "jobintel.duckdb")


def test_a_computation_slower_than_the_takeover_period_is_not_taken_over(store):
    calls = []

    def slow_model_call() -> PainPoints:
        calls.append(1)
        time.sleep(3.0)  # five takeover periods: only its heartbeat keeps the claim
        return ANSWER

    first = threading.Thread(
        target=run_cached, args=(store, KEY, PainPoints, slow_model_call), kwargs={"takeover_after": 0.6}
    )
    first.start()
    while store.cache_entry(KEY) is None:
        time.sleep(0.01)
    waited = run_cached(store, KEY, PainPoints, slow_model_call, takeover_after=0.6, poll_seconds=0.05)
    first.join()

    assert waited.cache_hit and waited.result == ANSWER
    assert len(calls) == 1


def test_an_interrupted_computation_gives_its_claim_back(store):
    def interrupted() -> PainPoints:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_cached(store, KEY, PainPoints, interrupted)

    assert store.cache_entry(KEY).status == "failed"
    outcome = run_cached(store, KEY, PainPoints, lambda: ANSWER)  # no wait for a takeover
    assert not outcome.cache_hit and outcome.result == ANSWER
