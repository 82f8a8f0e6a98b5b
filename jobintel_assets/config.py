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
ENV_SHORTLIST = "JOBINTEL_SHORTLIST"

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


# The folder every relative path is read against. `jobintel` sets it for the Dagster processes it
# starts (`jobintel ui`), whose working directory is the instance folder, not the user's.
ENV_PROJECT_DIR = "JOBINTEL_PROJECT_DIR"
ENV_DAGSTER_HOME = "DAGSTER_HOME"


def project_dir() -> Path:
    """Where the user ran `jobintel` (or what a parent `jobintel` handed down), as an absolute path."""
    return Path(os.environ.get(ENV_PROJECT_DIR) or Path.cwd()).resolve()


def resolve(path: str | Path) -> Path:
    """``path`` as an absolute path: a relative one is read against the project folder."""
    return Path(os.path.normpath(project_dir() / Path(path).expanduser()))


def dagster_home() -> Path:
    """DAGSTER_HOME, or ./.dagster_home of the project folder."""
    return resolve(os.environ.get(ENV_DAGSTER_HOME) or ".dagster_home")


@dataclass(frozen=True)
class Paths:
    """Every file and folder jobintel uses, absolute: resolved once, then handed to Dagster as they are."""

    data_dir: Path
    db: Path
    inbox: Path
    boards: Path
    candidate_dir: Path
    companies_dir: Path
    dossier_dir: Path
    annotations_dir: Path
    shortlist_file: Path

    @classmethod
    def from_env(cls, *, db: str | Path | None = None, inbox: str | Path | None = None) -> Paths:
        """The paths from JOBINTEL_* (defaults under ./data); ``db`` and ``inbox`` come from options."""
        data_dir = resolve(os.environ.get(ENV_DATA_DIR) or "data")

        def setting(option: str | Path | None, env_name: str, default: str) -> Path:
            return resolve(option or os.environ.get(env_name) or data_dir / default)

        return cls(
            data_dir=data_dir,
            db=setting(db, ENV_DB, "jobintel.duckdb"),
            inbox=setting(inbox, ENV_INBOX, "inbox"),
            boards=setting(None, ENV_BOARDS, "boards.yaml"),
            candidate_dir=setting(None, ENV_CANDIDATE_DIR, "candidate"),
            companies_dir=setting(None, ENV_COMPANIES_DIR, "companies"),
            dossier_dir=setting(None, ENV_DOSSIER_DIR, "dossiers"),
            annotations_dir=setting(None, ENV_ANNOTATIONS_DIR, "annotations"),
            shortlist_file=setting(None, ENV_SHORTLIST, "shortlist.yaml"),
        )

    def as_env(self) -> dict[str, str]:
        """These paths as the environment of a child process (the Dagster processes of `jobintel ui`)."""
        return {
            ENV_PROJECT_DIR: str(project_dir()),
            ENV_DATA_DIR: str(self.data_dir),
            ENV_DB: str(self.db),
            ENV_INBOX: str(self.inbox),
            ENV_BOARDS: str(self.boards),
            ENV_CANDIDATE_DIR: str(self.candidate_dir),
            ENV_COMPANIES_DIR: str(self.companies_dir),
            ENV_DOSSIER_DIR: str(self.dossier_dir),
            ENV_ANNOTATIONS_DIR: str(self.annotations_dir),
            ENV_SHORTLIST: str(self.shortlist_file),
        }
