"""The cost ledger: every provider call of one asset step, written to ``provider_calls`` as it happens,
and the run's budget checked before each new call."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from jobintel_assets.storage.duckdb_store import DuckDBStore

OFFLINE = "offline"


class BudgetExceeded(RuntimeError):
    """The run has spent its budget: no further provider call is made."""


@dataclass(frozen=True)
class ProviderCall:
    provider: str
    model: str
    cache_hit: bool = False
    tokens_in: int | None = None
    tokens_out: int | None = None
    cost_usd: float | None = None  # None: the price of this model is not known
    latency_seconds: float | None = None
    error: str | None = None


@dataclass
class CallLedger:
    """Records the calls made for one (run, job, layer) and enforces the run's budget.

    Calls are written immediately, so a partition that fails still shows what it spent, and steps
    running in parallel see each other's spending. Cache hits spend nothing: with ``hold_cache_hits``
    (an asset step's ledgers) their rows wait in ``unwritten`` until ``write_cache_hits`` stores a
    whole batch's in one statement.
    """

    store: DuckDBStore
    run_id: str | None
    job_id: str | None
    layer: str
    budget_usd: float | None = None
    hold_cache_hits: bool = False
    calls: list[ProviderCall] = field(default_factory=list)
    unwritten: list[dict[str, object]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def check_budget(self, provider: str) -> None:
        """Raise ``BudgetExceeded`` when the run has already spent its budget."""
        if self.budget_usd is None or self.run_id is None:
            return
        spent = self.store.run_cost(self.run_id)
        if spent >= self.budget_usd:
            raise BudgetExceeded(
                f"run {self.run_id} has spent ${spent:.4f} of its ${self.budget_usd:.4f} budget "
                f"(JOBINTEL_BUDGET_USD): {self.layer} for job {self.job_id!r} makes no further {provider} "
                "call. Raise the budget and rerun: finished layers come from the cache and cost nothing."
            )

    def record(self, call: ProviderCall) -> None:
        """Write one call (offline work is not a provider call and is not recorded)."""
        if call.provider == OFFLINE:
            return
        row = {
            "called_at": datetime.now(UTC),
            "run_id": self.run_id,
            "job_id": self.job_id,
            "layer": self.layer,
            **call.__dict__,
        }
        held = call.cache_hit and self.hold_cache_hits
        with self._lock:
            self.calls.append(call)
            if held:
                self.unwritten.append(row)
        if not held:
            self.store.record_provider_call(row)

    def summary(self) -> dict[str, object]:
        """This step's calls for the materialization metadata."""
        made = [c for c in self.calls if not c.cache_hit]
        return {
            "provider_calls": len(made),
            "provider_cache_hits": len(self.calls) - len(made),
            "tokens_in": sum(c.tokens_in or 0 for c in made),
            "tokens_out": sum(c.tokens_out or 0 for c in made),
            "cost_usd": round(sum(c.cost_usd or 0.0 for c in made), 6),
            "unpriced_calls": sum(1 for c in made if c.cost_usd is None),
        }


def write_cache_hits(store: DuckDBStore, ledgers: Iterable[CallLedger]) -> None:
    """Store the cache-hit rows of ``ledgers`` (a batch's) in one transaction."""
    rows = []
    for ledger in ledgers:
        with ledger._lock:
            rows += ledger.unwritten
            ledger.unwritten = []
    store.record_provider_calls(rows)
