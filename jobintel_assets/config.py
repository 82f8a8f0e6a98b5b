"""Where jobintel keeps its files: every path has an environment variable and a default under ./data."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATA_DIR = "JOBINTEL_DATA_DIR"
ENV_DB = "JOBINTEL_DB"
ENV_INBOX = "JOBINTEL_INBOX"
ENV_BOARDS = "JOBINTEL_BOARDS"
ENV_CANDIDATE_DIR = "JOBINTEL_CANDIDATE_DIR"
ENV_COMPANIES_DIR = "JOBINTEL_COMPANIES_DIR"
ENV_DOSSIER_DIR = "JOBINTEL_DOSSIER_DIR"
ENV_ANNOTATIONS_DIR = "JOBINTEL_ANNOTATIONS_DIR"

# Providers: a real model when OPENAI_API_KEY is set, real web research when a Firecrawl key or URL is.
ENV_OPENAI_API_KEY = "OPENAI_API_KEY"
ENV_OPENAI_BASE_URL = "OPENAI_BASE_URL"
ENV_FIRECRAWL_API_KEY = "FIRECRAWL_API_KEY"
ENV_FIRECRAWL_API_URL = "FIRECRAWL_API_URL"
ENV_MODEL_TIER = "JOBINTEL_MODEL_TIER"
ENV_MODEL_FAST = "JOBINTEL_MODEL_FAST"
ENV_MODEL_BALANCED = "JOBINTEL_MODEL_BALANCED"
ENV_MODEL_QUALITY = "JOBINTEL_MODEL_QUALITY"
ENV_PROVIDER_TIMEOUT = "JOBINTEL_PROVIDER_TIMEOUT_SECONDS"
ENV_PROVIDER_RETRIES = "JOBINTEL_PROVIDER_MAX_RETRIES"
ENV_PROVIDER_BACKOFF = "JOBINTEL_PROVIDER_BACKOFF_SECONDS"
ENV_PROVIDER_CONCURRENCY = "JOBINTEL_PROVIDER_MAX_CONCURRENCY"
ENV_BUDGET_USD = "JOBINTEL_BUDGET_USD"
ENV_RESEARCH_CACHE_DAYS = "JOBINTEL_RESEARCH_CACHE_DAYS"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    db: Path
    inbox: Path
    boards: Path
    candidate_dir: Path
    companies_dir: Path
    dossier_dir: Path
    annotations_dir: Path

    @classmethod
    def from_env(cls) -> Paths:
        data_dir = Path(os.environ.get(ENV_DATA_DIR, "data"))
        return cls(
            data_dir=data_dir,
            db=Path(os.environ.get(ENV_DB, data_dir / "jobintel.duckdb")),
            inbox=Path(os.environ.get(ENV_INBOX, data_dir / "inbox")),
            boards=Path(os.environ.get(ENV_BOARDS, data_dir / "boards.yaml")),
            candidate_dir=Path(os.environ.get(ENV_CANDIDATE_DIR, data_dir / "candidate")),
            companies_dir=Path(os.environ.get(ENV_COMPANIES_DIR, data_dir / "companies")),
            dossier_dir=Path(os.environ.get(ENV_DOSSIER_DIR, data_dir / "dossiers")),
            annotations_dir=Path(os.environ.get(ENV_ANNOTATIONS_DIR, data_dir / "annotations")),
        )
