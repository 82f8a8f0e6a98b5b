"""Query the DuckDB file from a notebook, also while `jobintel run` or the Dagster UI is writing to it.

DuckDB allows one writing process per file, or several reading processes and no writer. A notebook
that kept a connection open would block the pipeline (its writes retry for two minutes, then fail).
So `query` opens a read-only connection, fetches the whole result into a DataFrame and closes it at
once; when the pipeline holds the file for one of its short writes, the query waits and retries.

    from jobintel_assets.notebook import query
    query("SELECT * FROM best_fit_jobs LIMIT 10")
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jobintel_assets import config
from jobintel_assets.storage.duckdb_store import DuckDBStore

# The views made for notebooks (storage/schema.py), besides one table per layer.
VIEWS = [
    "job_overview",
    "best_fit_jobs",
    "missing_skills",
    "company_signals",
    "spend_per_job",
    "pipeline",
    "application_status",
    "application_history",
    "pay_ranges",
]


def database_path(db: Path | str | None = None) -> Path:
    """``db``, else JOBINTEL_DB, else data/jobintel.duckdb (relative to the working directory)."""
    return Path(db) if db is not None else config.Paths.from_env().db


def query(sql: str, params: list[object] | None = None, db: Path | str | None = None) -> pd.DataFrame:
    """Run one SQL statement on a short-lived read-only connection and return its rows."""
    path = database_path(db)
    if not path.is_file():
        raise FileNotFoundError(
            f"no jobintel database at {path.resolve()}: run `jobintel run` first, "
            f"or pass db=... (or set {config.ENV_DB})."
        )
    with DuckDBStore(path).connect(read_only=True) as connection:
        return connection.execute(sql, params or []).df()
