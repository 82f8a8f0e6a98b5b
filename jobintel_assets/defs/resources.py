"""Dagster resources: the store, the providers the layers use, and local file settings."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dagster as dg

from jobintel_assets.adapters.firecrawl_web import FirecrawlWebResearch
from jobintel_assets.adapters.ledger import CallLedger
from jobintel_assets.adapters.offline import OfflineLLM, OfflineWebResearch
from jobintel_assets.adapters.openai_llm import OpenAILLM
from jobintel_assets.adapters.retry import RetryPolicy
from jobintel_assets.adapters.tiers import ModelTier, resolve_tier
from jobintel_assets.layers.models import Tier
from jobintel_assets.layers.ports import LLM, WebResearch
from jobintel_assets.shortlist import DEFAULT_TIERS
from jobintel_assets.storage.duckdb_store import DuckDBStore


class DuckDBStoreResource(dg.ConfigurableResource):
    """The DuckDB file every asset reads and writes."""

    database: str

    def open(self) -> DuckDBStore:
        return DuckDBStore(Path(self.database))


class ProvidersResource(dg.ConfigurableResource):
    """The LLM and web-research adapters the layers call.

    OpenAI (or any OpenAI-compatible endpoint) when an API key is set, Firecrawl when its key or
    self-hosted URL is set, the deterministic offline adapters otherwise.
    """

    companies_dir: str
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    firecrawl_api_key: str | None = None
    firecrawl_api_url: str | None = None
    model_tier: str = ModelTier.auto.value
    model_fast: str = "gpt-4o-mini"
    model_balanced: str = "gpt-4.1-mini"
    model_quality: str = "gpt-4.1"
    timeout_seconds: float = 60.0
    max_retries: int = 4
    backoff_seconds: float = 1.0
    max_concurrent_calls: int = 4
    budget_usd: float | None = None
    research_cache_days: float = 7.0

    def all_local(self) -> bool:
        """True when no adapter calls the network (the offline defaults)."""
        return not (self.openai_api_key or self.firecrawl_api_key or self.firecrawl_api_url)

    def ledger(
        self,
        store: DuckDBStore,
        run_id: str | None,
        job_id: str | None,
        layer: str,
        hold_cache_hits: bool = False,
    ) -> CallLedger:
        """Where one step's provider calls are recorded and its run's budget is checked."""
        return CallLedger(store, run_id, job_id, layer, self.budget_usd, hold_cache_hits)

    def model_for(self, layer: str, fit_tier: Tier | None = None) -> str:
        """The configured model of the tier this layer gets (see ``tiers.resolve_tier``)."""
        try:
            requested = ModelTier(self.model_tier)
        except ValueError:
            choices = ", ".join(tier.value for tier in ModelTier)
            raise ValueError(f"JOBINTEL_MODEL_TIER is {self.model_tier!r}; use one of: {choices}.") from None
        tier = resolve_tier(requested, layer, fit_tier)
        return {
            ModelTier.fast: self.model_fast,
            ModelTier.balanced: self.model_balanced,
            ModelTier.quality: self.model_quality,
        }[tier]

    def _policy(self) -> RetryPolicy:
        return RetryPolicy(
            timeout_seconds=self.timeout_seconds,
            max_retries=self.max_retries,
            backoff_seconds=self.backoff_seconds,
        )

    def llm(self, ledger: CallLedger | None = None, fit_tier: Tier | None = None) -> LLM:
        if not self.openai_api_key:
            return OfflineLLM()
        return OpenAILLM(
            api_key=self.openai_api_key,
            base_url=self.openai_base_url or None,
            model=self.model_for(ledger.layer if ledger else "", fit_tier),
            policy=self._policy(),
            max_concurrent_calls=self.max_concurrent_calls,
            ledger=ledger,
        )

    def web(self, ledger: CallLedger | None = None) -> WebResearch:
        """Without a ledger (ingestion) calls are neither recorded nor cached."""
        if not (self.firecrawl_api_key or self.firecrawl_api_url):
            return OfflineWebResearch(Path(self.companies_dir))
        return FirecrawlWebResearch(
            api_key=self.firecrawl_api_key or None,
            api_url=self.firecrawl_api_url or None,
            policy=self._policy(),
            ledger=ledger,
            cache_ttl=timedelta(days=self.research_cache_days),
        )


class PipelineSettings(dg.ConfigurableResource):
    """Local inputs and outputs: the candidate's master CV, where dossiers go, how many contacts."""

    candidate_dir: str
    dossier_dir: str
    annotations_dir: str = "data/annotations"
    shortlist_file: str = "data/shortlist.yaml"
    shortlist_tiers: str = DEFAULT_TIERS  # the fit tiers whose jobs get the deep layers
    max_primary_contacts: int = 2
    max_secondary_contacts: int = 2


class IngestionSettings(dg.ConfigurableResource):
    """Where postings come from (the inbox, the boards file) and how much the inbox sensor does per tick.

    The caps keep one tick well inside Dagster's 60-second sensor timeout and the run queue short:
    a folder of 10,000 files is read ``files_per_tick`` files at a time, at most ``jobs_per_tick``
    logged jobs are requested per tick (in runs of up to 100 jobs each), and no more runs are
    requested while ``max_queued_runs`` runs of job_layers are waiting.
    """

    inbox_dir: str
    boards_file: str
    files_per_tick: int = 200
    tick_budget_seconds: float = 20.0
    settle_seconds: float = 2.0
    jobs_per_tick: int = 500
    max_queued_runs: int = 200
    greenhouse_api: str = "https://boards-api.greenhouse.io"
    lever_api: str = "https://api.lever.co"
    lever_eu_api: str = "https://api.eu.lever.co"
    ashby_api: str = "https://api.ashbyhq.com"
    board_timeout_seconds: float = 20.0
