"""Shared fixtures: every test that touches the pipeline gets its own DuckDB file and Dagster home."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE_INBOX = REPO / "data" / "samples" / "inbox"
CANDIDATE_DIR = REPO / "data" / "candidate"
COMPANIES_DIR = REPO / "data" / "companies"


@pytest.fixture
def jobintel_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every jobintel path at ``tmp_path`` (the master CV and company notes are the bundled ones)."""
    candidate_dir = tmp_path / "candidate"
    shutil.copytree(CANDIDATE_DIR, candidate_dir)
    dagster_home = tmp_path / "dagster_home"
    dagster_home.mkdir()
    (dagster_home / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    monkeypatch.setenv("JOBINTEL_DB", str(tmp_path / "jobintel.duckdb"))
    monkeypatch.setenv("JOBINTEL_DOSSIER_DIR", str(tmp_path / "dossiers"))
    monkeypatch.setenv("JOBINTEL_CANDIDATE_DIR", str(candidate_dir))
    monkeypatch.setenv("JOBINTEL_COMPANIES_DIR", str(COMPANIES_DIR))
    monkeypatch.setenv("DAGSTER_HOME", str(dagster_home))
    return tmp_path
