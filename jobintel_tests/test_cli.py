"""End to end: the `jobintel` command on a temporary inbox, as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from jobintel_tests.conftest import SAMPLE_INBOX

TRIAGE = ["extracted_jd", "pain_points", "fit_score"]
DEEP = ["company_research", "contacts", "cv", "interview_prep", "dossier"]
LAYERS = [*TRIAGE, *DEEP]


def jobintel(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jobintel_assets.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def workdir(jobintel_env: Path) -> tuple[Path, dict[str, str]]:
    """A folder with an inbox of four sample files in different formats (five postings) and two bad files."""
    inbox = jobintel_env / "my inbox"
    inbox.mkdir()
    # Three the master CV fits (tiers A and B), and a JSON list of two it does not.
    for name in [
        "lumen-ledger-staff-backend-engineer.md",
        "northwind-analytics-engineering-manager.html",
        "talentbridge-head-of-engineering.txt",
        "job-board-export.json",
    ]:
        shutil.copy(SAMPLE_INBOX / name, inbox / name)
    (inbox / "empty.txt").write_text("   \n\t\n")
    (inbox / "broken.json").write_text('{"title": "Data Engineer", "company": ')
    env = dict(os.environ)
    return jobintel_env, env


def _table_state(db: Path) -> dict[str, list[tuple[str, str]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            layer: con.execute(f"SELECT job_id, output_hash FROM {layer} ORDER BY job_id").fetchall()
            for layer in LAYERS
        }


def test_run_twice_on_another_inbox_and_db(workdir):
    folder, env = workdir
    db = folder / "other.duckdb"

    first = jobintel("run", "--inbox", str(folder / "my inbox"), "--db", str(db), cwd=folder, env=env)

    assert first.returncode == 0, first.stdout + first.stderr
    assert "rejected" in first.stdout and "empty.txt" in first.stdout and "broken.json" in first.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        jobs = con.execute("SELECT count(*) FROM job_posting").fetchone()[0]
        overview = con.execute(
            "SELECT count(*), count(DISTINCT job_id), count(fit_score) FROM job_overview"
        ).fetchone()
        rejected = {row[0] for row in con.execute("SELECT source FROM rejected_postings").fetchall()}
    assert jobs >= 4
    assert overview == (jobs, jobs, jobs)
    assert any("empty.txt" in source for source in rejected) and any(
        "broken.json" in source for source in rejected
    )
    state = _table_state(db)
    assert all(len(state[layer]) == jobs for layer in TRIAGE)
    with duckdb.connect(str(db), read_only=True) as con:
        shortlisted = {
            row[0] for row in con.execute("SELECT job_id FROM fit_score WHERE tier IN ('A', 'B')").fetchall()
        }
    assert len(shortlisted) == 3
    assert all({job_id for job_id, _ in state[layer]} == shortlisted for layer in DEEP)
    assert f"{len(shortlisted)} job(s), {len(shortlisted)} joined, 0 left" in first.stdout

    second = jobintel("run", "--inbox", str(folder / "my inbox"), "--db", str(db), cwd=folder, env=env)

    assert second.returncode == 0, second.stdout + second.stderr
    assert f"{jobs} job(s) triaged and up to date, 0 to triage." in second.stdout
    assert (
        "0 joined, 0 left (their stored deep layers stay, no longer refreshed); 0 to research"
        in second.stdout
    )
    assert _table_state(db) == state

    forced = jobintel(
        "run", "--all", "--inbox", str(folder / "my inbox"), "--db", str(db), cwd=folder, env=env
    )

    assert forced.returncode == 0, forced.stdout + forced.stderr
    served = len(TRIAGE) * jobs + len(DEEP) * len(shortlisted)
    assert f"Layers computed: 0, served from cache: {served}." in forced.stdout
    assert _table_state(db) == state

    status = jobintel("status", "--db", str(db), cwd=folder, env=env)
    assert status.returncode == 0
    assert "empty.txt" in status.stdout and "dossier" in status.stdout
    assert all(f"{job_id}" in status.stdout for job_id in shortlisted)
    assert status.stdout.count("yes: tier ") == len(shortlisted)
    assert status.stdout.count("is not a shortlist tier (A,B)") == jobs - len(shortlisted)


def test_without_dagster_home_a_persistent_instance_folder_is_created(workdir):
    folder, env = workdir
    env.pop("DAGSTER_HOME", None)

    result = jobintel(
        "run", "--inbox", str(folder / "my inbox"), "--db", str(folder / "x.duckdb"), cwd=folder, env=env
    )

    assert result.returncode == 0, result.stdout + result.stderr
    home = folder / ".dagster_home"
    assert (home / "dagster.yaml").is_file()
    assert (home / "history" / "runs.db").is_file()


def test_a_missing_inbox_is_a_usage_error(workdir):
    folder, env = workdir
    result = jobintel("run", "--inbox", str(folder / "nope"), cwd=folder, env=env)
    assert result.returncode == 2
    assert "nope" in result.stdout
