"""Retries for provider calls: exponential backoff with jitter, honouring the server's Retry-After."""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

Result = TypeVar("Result")


@dataclass(frozen=True)
class RetryPolicy:
    """How long one request may take and how often a transient failure is retried."""

    timeout_seconds: float = 60.0
    max_retries: int = 4
    backoff_seconds: float = 1.0
    max_backoff_seconds: float = 30.0
    # A Retry-After longer than this is not waited for: the call fails and says so.
    max_retry_after_seconds: float = 120.0


class RetriesExhausted(RuntimeError):
    """A transient failure that outlasted the retries; its message says what the provider answered."""


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return max(0.0, email.utils.mktime_tz(parsed) - time.time())


def backoff_delay(policy: RetryPolicy, attempt: int) -> float:
    """Exponential backoff from ``backoff_seconds``, capped, with up to 50% jitter so callers spread out."""
    delay = min(policy.backoff_seconds * 2**attempt, policy.max_backoff_seconds)
    return delay * (0.5 + random.random() / 2)


def call_with_retries(
    call: Callable[[], Result],
    policy: RetryPolicy,
    transient: Callable[[Exception], tuple[bool, float | None]],
    describe: str,
    sleep: Callable[[float], None] = time.sleep,
) -> Result:
    """Run ``call``; retry while ``transient(error)`` says (retryable, retry_after seconds or None).

    ``describe`` names the call in the final error (e.g. 'openai chat completion for pain_points').
    """
    attempt = 0
    while True:
        try:
            return call()
        except Exception as error:
            retryable, retry_after = transient(error)
            if not retryable:
                raise
            if attempt >= policy.max_retries:
                raise RetriesExhausted(
                    f"{describe} failed after {attempt + 1} attempts; last answer: {error}. "
                    "The provider is rate limiting or unavailable: rerun later (finished layers are cached)."
                ) from error
            if retry_after is not None and retry_after > policy.max_retry_after_seconds:
                raise RetriesExhausted(
                    f"{describe}: the provider asked to wait {retry_after:.0f} s (Retry-After), longer than "
                    f"the {policy.max_retry_after_seconds:.0f} s jobintel waits; rerun later."
                ) from error
            sleep(retry_after if retry_after is not None else backoff_delay(policy, attempt))
            attempt += 1
