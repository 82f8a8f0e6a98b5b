"""Where jobintel keeps its files: every path has an environment variable and a default under ./data."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATA_DIR = "JOBINTEL_DATA_DIR"
ENV_DB = "JOBINTEL_DB"
ENV_INBOX = "JOBINTEL_INBOX"
ENV_CANDIDATE_DIR = "JOBINTEL_CANDIDATE_DIR"
ENV_COMPANIES_DIR = "JOBINTEL_COMPANIES_DIR"
ENV_DOSSIER_DIR = "JOBINTEL_DOSSIER_DIR"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    db: Path
    inbox: Path
    candidate_dir: Path
    companies_dir: Path
    dossier_dir: Path

    @classmethod
    def from_env(cls) -> Paths:
        data_dir = Path(os.environ.get(ENV_DATA_DIR, "data"))
        return cls(
            data_dir=data_dir,
            db=Path(os.environ.get(ENV_DB, data_dir / "jobintel.duckdb")),
            inbox=Path(os.environ.get(ENV_INBOX, data_dir / "inbox")),
            candidate_dir=Path(os.environ.get(ENV_CANDIDATE_DIR, data_dir / "candidate")),
            companies_dir=Path(os.environ.get(ENV_COMPANIES_DIR, data_dir / "companies")),
            dossier_dir=Path(os.environ.get(ENV_DOSSIER_DIR, data_dir / "dossiers")),
        )
