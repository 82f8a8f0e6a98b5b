"""Some providers quote the API key back in their errors (for a key they reject). The adapters
scrub it from an error before the error travels on to the CLI, Dagster's event log or the cache."""

from __future__ import annotations

import json

MASK = "***"


def scrub(error: BaseException, secret: str | None) -> None:
    """Mask ``secret`` in ``error`` and in every error it was raised from, in place: the type and the
    traceback stay, so callers still tell a rate limit from a bad key."""
    seen: set[int] = set()
    current: BaseException | None = error
    while secret and current is not None and id(current) not in seen:
        seen.add(id(current))
        current.args = tuple(_masked(arg, secret) for arg in current.args)
        for name in ("message", "body"):  # openai's APIError keeps the text here too
            if hasattr(current, name):
                setattr(current, name, _masked(getattr(current, name), secret))
        current = current.__cause__ or current.__context__


def _masked(value: object, secret: str) -> object:
    if isinstance(value, str):
        return value.replace(secret, MASK)
    if isinstance(value, dict | list):
        return json.loads(json.dumps(value).replace(secret, MASK))
    return value
