"""Dagster resources: the store, the providers the layers use, and local file settings."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from jobintel_assets.adapters.offline import OfflineLLM, OfflineWebResearch
from jobintel_assets.adapters.ports import LLM, WebResearch
from jobintel_assets.storage.duckdb_store import DuckDBStore


class DuckDBStoreResource(dg.ConfigurableResource):
    """The DuckDB file every asset reads and writes."""

    database: str

    def open(self) -> DuckDBStore:
        return DuckDBStore(Path(self.database))


class ProvidersResource(dg.ConfigurableResource):
    """The LLM and web-research adapters the layers call; offline and deterministic by default."""

    companies_dir: str

    def llm(self) -> LLM:
        return OfflineLLM()

    def web(self) -> WebResearch:
        return OfflineWebResearch(Path(self.companies_dir))


class PipelineSettings(dg.ConfigurableResource):
    """Local inputs and outputs: the candidate's master CV, where dossiers go, how many contacts."""

    candidate_dir: str
    dossier_dir: str
    max_primary_contacts: int = 2
    max_secondary_contacts: int = 2
