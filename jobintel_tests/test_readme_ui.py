"""The README's own words, with nothing configured: `jobintel run` on the samples, then `jobintel ui`,
whose daemon picks up a posting dropped into data/inbox/ and writes its layers to data/jobintel.duckdb:
the posting fits the bundled master CV (tier B), so the shortlist sensor gives it the deep layers too.
After a change to the master CV, `jobintel rescore` re-scores every job as a backfill on that daemon."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from jobintel_assets.notebook import query
from jobintel_tests.conftest import REPO
from jobintel_tests.services import command_line, free_port, processes_with_env

BIN = Path(sys.executable).parent
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", ".dagster_home", "*.duckdb*", "dossiers", "test-artifacts", "__pycache__", ".*_cache"
)
NEW_POSTING = """# Analytics Engineering Lead — Saltmarsh Energy

Location: London, United Kingdom (hybrid)

Saltmarsh Energy sells renewable power to 40,000 small businesses. We are hiring a lead to run our
analytics engineering team of four.

## What you'll do

- Own our dbt project and the Airflow jobs that load billing data into BigQuery.
- Coach four analytics engineers and review their data models.
- Agree data contracts with the billing and finance teams.

## What you bring

- Five or more years with SQL, dbt and a cloud warehouse (BigQuery or Snowflake).
- Experience leading a small data team.
"""
LAYERS = ["extracted_jd", "pain_points", "company_research", "fit_score", "contacts", "cv", "interview_prep",
          "dossier"]  # fmt: skip
WITHOUT_SETTINGS = ("JOBINTEL_", "DAGSTER_", "OPENAI_", "FIRECRAWL_")


def _wait_for(what: str, seconds: float, condition, ui: subprocess.Popen, log: Path):
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        assert ui.poll() is None, f"jobintel ui exited ({ui.returncode}) while waiting for {what}: {log}"
        assert time.monotonic() < deadline, f"no {what} after {seconds:.0f} s; log: {log.read_text()[-3000:]}"
        time.sleep(1)


def _serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/server_info", timeout=2):
            return True
    except OSError:
        return False


def test_the_ui_daemon_works_on_the_project_folder_with_nothing_configured(tmp_path: Path):
    project = tmp_path / "jobintel"
    shutil.copytree(REPO, project, ignore=NOT_COPIED)
    marker = uuid.uuid4().hex
    env = {name: value for name, value in os.environ.items() if not name.startswith(WITHOUT_SETTINGS)}
    env["JOBINTEL_README_TEST"] = marker  # only to find every process this test started

    demo = subprocess.run(
        [str(BIN / "jobintel"), "run", "--inbox", "data/samples/inbox"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert demo.returncode == 0, demo.stdout + demo.stderr
    database = project / "data" / "jobintel.duckdb"
    assert f"DuckDB: {database}" in demo.stdout
    assert "Shortlist (tiers A,B, and " in demo.stdout and ": 4 job(s), 4 joined, 0 left" in demo.stdout

    port = free_port()
    log = tmp_path / "ui.log"
    with log.open("w") as output:
        ui = subprocess.Popen(
            [str(BIN / "jobintel"), "ui", "--port", str(port)],
            cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait_for("webserver", 180, lambda: _serving(f"http://127.0.0.1:{port}"), ui, log)
        (project / "data" / "inbox" / "saltmarsh-analytics-lead.md").write_text(NEW_POSTING)

        def new_job_id() -> str | None:
            rows = query("SELECT job_id FROM dossier WHERE job_id LIKE 'saltmarsh-energy-%'", db=database)
            return rows.job_id.iloc[0] if len(rows) else None

        job_id = _wait_for("dossier for the dropped posting", 420, new_job_id, ui, log)
        for layer in LAYERS:
            rows = query(f"SELECT count(*) AS n FROM {layer} WHERE job_id = ?", [job_id], db=database)
            assert rows.n.iloc[0] == 1, f"{layer} has no row for {job_id}"

        # "Changed your CV? jobintel rescore": with the UI running, a backfill on its daemon.
        master_cv = project / "data" / "candidate" / "master_cv.yaml"
        master_cv.write_text(master_cv.read_text().replace("years_experience: 12", "years_experience: 13"))
        before = query("SELECT max(materialized_at) AS latest FROM fit_score", db=database).latest.iloc[0]
        rescore = subprocess.run(
            [str(BIN / "jobintel"), "rescore", "--url", f"http://127.0.0.1:{port}"],
            cwd=project, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert rescore.returncode == 0, rescore.stdout + rescore.stderr
        assert "Re-scoring 17 job(s)" in rescore.stdout, rescore.stdout
        assert "launched on" in rescore.stdout and "17 job(s) re-scored, 0 failed" in rescore.stdout
        after = query("SELECT count(*) AS n FROM fit_score WHERE materialized_at > ?", [before], db=database)
        assert after.n.iloc[0] == 17
    finally:
        ui.send_signal(signal.SIGTERM)
        ui.wait(timeout=120)

    assert not (project / ".dagster_home" / "data").exists(), "the daemon used a second data folder"
    status = subprocess.run(
        [str(BIN / "jobintel"), "status"], cwd=project, env=env, capture_output=True, text=True, timeout=120
    )
    assert f"DuckDB: {database}" in status.stdout, status.stdout
    assert any(job_id in line and "yes: tier B" in line for line in status.stdout.splitlines()), status.stdout
    deadline = time.monotonic() + 30
    while (left := processes_with_env("JOBINTEL_README_TEST", marker)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not left, "still running after SIGTERM:\n" + "\n".join(command_line(pid) for pid in left)
