"""The content-hash cache: a layer whose inputs, provider, model and prompt are unchanged is not rerun."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel

from jobintel_assets.storage.duckdb_store import CacheKey, DuckDBStore

Output = TypeVar("Output", bound=BaseModel)


def run_cached(
    store: DuckDBStore, key: CacheKey, output_type: type[Output], compute: Callable[[], Output]
) -> tuple[Output, bool]:
    """Return (result, cache_hit). A failed computation is recorded as ``failed`` and re-raised."""
    cached = store.cache_lookup(key)
    if cached is not None:
        return output_type.model_validate_json(cached), True
    store.cache_set(key, "running")
    try:
        result = compute()
    except Exception as error:
        store.cache_set(key, "failed", error=f"{type(error).__name__}: {error}")
        raise
    store.cache_set(key, "ready", result=result.model_dump_json())
    return result, False
