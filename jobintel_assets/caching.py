"""The content-hash cache: a layer whose inputs, provider, model and prompt are unchanged is not rerun.

Single flight: the first caller claims a key (status ``running``) and computes; a caller asking for
the same key meanwhile waits for that result instead of paying for a second call. A ``running``
entry whose process died is taken over once it is older than ``takeover_after`` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Generic, NamedTuple, TypeVar

from pydantic import BaseModel

from jobintel_assets.storage.duckdb_store import CacheKey, DuckDBStore

Output = TypeVar("Output", bound=BaseModel)

# Longer than the slowest provider call with all its retries, so a live computation is never taken over.
TAKEOVER_SECONDS = 900.0
POLL_SECONDS = 0.5


class CacheOutcome(NamedTuple, Generic[Output]):
    result: Output
    cache_hit: bool
    diagnostics: dict[str, object]


class ConcurrentComputationFailed(RuntimeError):
    """The caller that held the key failed while this one waited for it."""


def run_cached(
    store: DuckDBStore,
    key: CacheKey,
    output_type: type[Output],
    compute: Callable[[], Output],
    *,
    diagnostics: Callable[[Output], dict[str, object]] = lambda result: {},
    max_age: timedelta | None = None,
    takeover_after: float = TAKEOVER_SECONDS,
    poll_seconds: float = POLL_SECONDS,
) -> CacheOutcome[Output]:
    """The ready result for ``key``, or ``compute()`` stored under it.

    ``diagnostics(result)`` (after a computation) is kept with the result and returned on hits too.
    ``max_age`` expires ready entries (company research); a failed computation is recorded as
    ``failed`` and re-raised, and the next caller tries again.
    """
    waited_on_running = False
    while True:
        now = datetime.now(UTC)
        entry = store.cache_entry(key)
        fresh = entry is not None and (max_age is None or now - entry.updated_at < max_age)
        if entry is not None and entry.status == "ready" and fresh:
            return CacheOutcome(output_type.model_validate_json(entry.result), True, entry.diagnostics)
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
        result = compute()
    except Exception as error:
        store.cache_set(key, "failed", error=f"{type(error).__name__}: {error}")
        raise
    details = diagnostics(result)
    store.cache_set(key, "ready", result=result.model_dump_json(), diagnostics=details)
    return CacheOutcome(result, False, details)
