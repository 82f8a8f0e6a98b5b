"""The layer cache under concurrency: one call per key, takeover of abandoned entries, expiry."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest

from jobintel_assets.adapters.openai_llm import ModelRefusal
from jobintel_assets.caching import CachedCall, ConcurrentComputationFailed, run_cached, run_cached_many
from jobintel_assets.layers.models import PainPoints
from jobintel_assets.storage.duckdb_store import CacheKey, DuckDBStore

KEY = CacheKey("pain_points", "abc", "openai", "gpt-4o-mini", "pain_points-1")


def _answer(summary: str) -> PainPoints:
    return PainPoints(
        pain_points=[],
        strategic_needs=[],
        risks_if_unfilled=[],
        success_metrics=[],
        reasoning_summary=summary,
    )


@pytest.fixture
def store(tmp_path: Path) -> DuckDBStore:
    return DuckDBStore(tmp_path / "jobintel.duckdb")


def _in_threads(count: int, target) -> list:
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            results[index] = target()
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert not any(thread.is_alive() for thread in threads), "a caller never finished"
    return results


def test_callers_asking_for_the_same_key_at_once_make_one_call(store):
    calls = []

    def slow_model_call() -> PainPoints:
        calls.append(1)
        time.sleep(0.5)
        return _answer("the one answer")

    outcomes = _in_threads(4, lambda: run_cached(store, KEY, PainPoints, slow_model_call, poll_seconds=0.05))

    assert len(calls) == 1
    assert {outcome.result.reasoning_summary for outcome in outcomes} == {"the one answer"}
    assert sorted(outcome.cache_hit for outcome in outcomes) == [False, True, True, True]


def test_a_running_entry_left_by_a_crashed_process_is_taken_over(store):
    store.cache_set(KEY, "running")  # a process claimed the key and died

    (outcome,) = _in_threads(
        1,
        lambda: run_cached(
            store, KEY, PainPoints, lambda: _answer("recomputed"), takeover_after=0.3, poll_seconds=0.05
        ),
    )

    assert (outcome.result.reasoning_summary, outcome.cache_hit) == ("recomputed", False)
    assert store.cache_entry(KEY).status == "ready"


def test_a_waiting_caller_reports_the_failure_of_the_call_it_waited_for(store):
    second_caller_started = threading.Event()

    def failing_call() -> PainPoints:
        second_caller_started.wait(timeout=30)
        time.sleep(3)  # the second caller is waiting on this call by now, even on a loaded machine
        raise RuntimeError("the model refused")

    first_error: list[Exception] = []

    def first_caller() -> None:
        try:
            run_cached(store, KEY, PainPoints, failing_call)
        except RuntimeError as error:
            first_error.append(error)

    first = threading.Thread(target=first_caller)
    first.start()
    while store.cache_entry(KEY) is None:
        time.sleep(0.01)
    second_caller_started.set()
    with pytest.raises(ConcurrentComputationFailed, match="the model refused"):
        run_cached(store, KEY, PainPoints, lambda: _answer("never"), poll_seconds=0.05)
    first.join()
    assert str(first_error[0]) == "the model refused"

    # A later run tries again.
    retried = run_cached(store, KEY, PainPoints, lambda: _answer("second try"))
    assert retried.result.reasoning_summary == "second try"


def test_an_entry_older_than_max_age_is_computed_again(store):
    run_cached(store, KEY, PainPoints, lambda: _answer("old research"))

    fresh = run_cached(store, KEY, PainPoints, lambda: _answer("new"), max_age=timedelta(days=7))
    expired = run_cached(store, KEY, PainPoints, lambda: _answer("new research"), max_age=timedelta(0))

    assert (fresh.result.reasoning_summary, fresh.cache_hit) == ("old research", True)
    assert (expired.result.reasoning_summary, expired.cache_hit) == ("new research", False)


def _batch(store: DuckDBStore, answers: dict[str, str], computed: list[str], single_flight: bool) -> dict:
    def compute(job_id: str) -> PainPoints:
        computed.append(job_id)
        if answers[job_id] == "refused":
            raise ModelRefusal(f"refused for {job_id}")
        return _answer(answers[job_id])

    calls = {
        job_id: CachedCall(replace(KEY, input_hash=job_id), partial(compute, job_id), lambda result: {})
        for job_id in answers
    }
    return run_cached_many(store, calls, PainPoints, single_flight=single_flight, isolate=(ModelRefusal,))


@pytest.mark.parametrize("single_flight", [False, True])
def test_a_batch_computes_only_what_the_cache_lacks_and_a_failure_stays_with_its_job(store, single_flight):
    run_cached(store, replace(KEY, input_hash="job-a"), PainPoints, lambda: _answer("stored before"))
    computed: list[str] = []

    outcomes = _batch(
        store, {"job-a": "new", "job-b": "b", "job-c": "refused", "job-d": "d"}, computed, single_flight
    )

    assert computed == ["job-b", "job-c", "job-d"]
    assert outcomes["job-a"] == (_answer("stored before"), True, {})
    assert outcomes["job-b"].result == _answer("b") and not outcomes["job-b"].cache_hit
    assert isinstance(outcomes["job-c"], ModelRefusal)
    again: list[str] = []
    rerun = _batch(store, {"job-b": "other", "job-c": "c", "job-d": "other"}, again, single_flight)
    assert again == ["job-c"]  # b and d were stored; the refused job is tried again
    assert rerun["job-d"] == (_answer("d"), True, {})
    with store.connect() as con:
        statuses = con.execute("SELECT status, count(*) FROM layer_cache GROUP BY status").fetchall()
    assert statuses == [("ready", 4)]
