"""The content-hash cache: a layer whose inputs, provider, model and prompt are unchanged is not rerun.

Single flight: the first caller claims a key (status ``running``) and computes; a caller asking for
the same key meanwhile waits for that result instead of paying for a second call. While it computes,
the claimant refreshes its entry (a heartbeat); a ``running`` entry left untouched for
``takeover_after`` seconds belongs to a process that died (kill -9, power loss) and is taken over.
An interrupted computation (Ctrl-C) marks its entry failed, so the next run retries it at once.

A batch (``run_cached_many``) finds all its ready results in one query. What it has to compute goes
through the single flight above when the adapters cost money or time; with local adapters (free and
deterministic, and the batch holds the file's write lock) it is computed and stored in one statement.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from typing import Generic, NamedTuple, TypeVar

import duckdb
from pydantic import BaseModel

from jobintel_assets.storage.duckdb_store import CacheEntry, CacheKey, DuckDBStore

Output = TypeVar("Output", bound=BaseModel)

# A live computation touches its entry six times per takeover period, however long the provider call
# takes; an entry untouched for the whole period (a writer may wait for the DuckDB lock) is abandoned.
TAKEOVER_SECONDS = 90.0
ENV_TAKEOVER_SECONDS = "JOBINTEL_CACHE_TAKEOVER_SECONDS"
HEARTBEATS_PER_TAKEOVER = 6
POLL_SECONDS = 0.5


class CacheOutcome(NamedTuple, Generic[Output]):
    result: Output
    cache_hit: bool
    diagnostics: dict[str, object]


class ConcurrentComputationFailed(RuntimeError):
    """The caller that held the key failed while this one waited for it."""


class CachedCall(NamedTuple, Generic[Output]):
    """One computation of a batch: its key, how to compute it, what to keep about its result."""

    key: CacheKey
    compute: Callable[[], Output]
    diagnostics: Callable[[Output], dict[str, object]]


def run_cached(
    store: DuckDBStore,
    key: CacheKey,
    output_type: type[Output],
    compute: Callable[[], Output],
    *,
    diagnostics: Callable[[Output], dict[str, object]] = lambda result: {},
    max_age: timedelta | None = None,
    takeover_after: float | None = None,
    poll_seconds: float = POLL_SECONDS,
) -> CacheOutcome[Output]:
    """The ready result for ``key``, or ``compute()`` stored under it.

    ``diagnostics(result)`` (after a computation) is kept with the result and returned on hits too.
    ``max_age`` expires ready entries (company research); a failed computation is recorded as
    ``failed`` and re-raised, and the next caller tries again. ``takeover_after`` defaults to
    $JOBINTEL_CACHE_TAKEOVER_SECONDS, else ``TAKEOVER_SECONDS``.
    """
    if takeover_after is None:
        takeover_after = float(os.environ.get(ENV_TAKEOVER_SECONDS, TAKEOVER_SECONDS))
    waited_on_running = False
    while True:
        now = datetime.now(UTC)
        entry = store.cache_entry(key)
        fresh = entry is not None and (max_age is None or now - entry.updated_at < max_age)
        if entry is not None and entry.status == "ready" and fresh:
            return _hit(key, entry, output_type)
        if waited_on_running and entry is not None and entry.status == "failed":
            raise ConcurrentComputationFailed(
                f"{key.layer}: another run computing the same input with {key.provider}/{key.model} "
                f"failed: {entry.error}"
            )
        ready_before = now - max_age if max_age is not None else None
        if store.cache_claim(key, ready_before, now - timedelta(seconds=takeover_after)):
            break
        waited_on_running = True
        time.sleep(poll_seconds)
    try:
        with _heartbeat(store, key, takeover_after / HEARTBEATS_PER_TAKEOVER):
            result = compute()
    except BaseException as error:  # KeyboardInterrupt too: never leave the entry claimed
        store.cache_set(key, "failed", error=f"{type(error).__name__}: {error}")
        raise
    details = diagnostics(result)
    store.cache_set(key, "ready", result=result.model_dump_json(), diagnostics=details)
    return CacheOutcome(result, False, details)


def run_cached_many(
    store: DuckDBStore,
    calls: Mapping[Hashable, CachedCall[Output]],
    output_type: type[Output],
    *,
    single_flight: bool,
    isolate: tuple[type[Exception], ...] = (),
) -> dict[Hashable, CacheOutcome[Output] | Exception]:
    """``run_cached`` for a batch: every ready result found in one query, the others computed.

    ``single_flight``: each missing key goes through ``run_cached`` (claimed, heartbeat, waited for),
    so no two callers pay for the same answer. Without it the missing keys are computed here and
    stored together in one transaction (what finished is stored even when a later one raises); a
    crash before that leaves no claimed entry behind, only free work to redo. An exception of a type
    in ``isolate`` becomes that call's outcome and the others go on; any other one is raised.
    """
    ready = store.cache_entries([call.key for call in calls.values()])
    outcomes: dict[Hashable, CacheOutcome[Output] | Exception] = {}
    computed: list[tuple[CacheKey, str, dict[str, object]]] = []
    try:
        for name, call in calls.items():
            entry = ready.get(call.key)
            if entry is not None and entry.status == "ready":
                outcomes[name] = _hit(call.key, entry, output_type)
                continue
            try:
                if single_flight:
                    outcomes[name] = run_cached(
                        store, call.key, output_type, call.compute, diagnostics=call.diagnostics
                    )
                    continue
                result = call.compute()
            except isolate as error:
                outcomes[name] = error
                continue
            details = call.diagnostics(result)
            computed.append((call.key, result.model_dump_json(), details))
            outcomes[name] = CacheOutcome(result, False, details)
    finally:
        store.cache_set_ready(computed)
    return outcomes


def _hit(key: CacheKey, entry: CacheEntry, output_type: type[Output]) -> CacheOutcome[Output]:
    if entry.result is None:
        raise ValueError(
            f"{key.layer}: the layer_cache entry for {key.provider}/{key.model} is ready but has "
            "no result; delete that row so the layer is computed again"
        )
    return CacheOutcome(output_type.model_validate_json(entry.result), True, entry.diagnostics)


@contextmanager
def _heartbeat(store: DuckDBStore, key: CacheKey, interval: float) -> Iterator[None]:
    """Keep ``key``'s ``running`` entry fresh while the body computes, so no one takes it over."""
    done = threading.Event()

    def beat() -> None:
        while not done.wait(interval):
            with suppress(duckdb.Error):  # a missed beat only brings a takeover closer
                store.cache_touch(key)

    threading.Thread(target=beat, name=f"cache-heartbeat-{key.layer}", daemon=True).start()
    try:
        yield
    finally:
        done.set()  # a beat still under way touches only a `running` entry: harmless once stored
