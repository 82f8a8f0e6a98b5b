"""API keys never leave the environment: after a run with keys set, including provider errors that
echo the key back, no trace of them is in DuckDB, the Dagster instance (run storage, event log,
run metadata, compute logs), the command's output or the dossiers."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from jobintel_tests.conftest import SHORTLISTED_SAMPLES


def _duckdb_text(path: Path) -> str:
    """Every value of every table, as text."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
        ).fetchall()]  # fmt: skip
        assert len(tables) >= 10
        return "\n".join(repr(con.execute(f'SELECT * FROM "{table}"').fetchall()) for table in tables)


def test_no_api_key_is_stored_logged_or_written(jobintel_env: Path, fake_openai, fake_firecrawl):
    openai_key = f"sk-test-{secrets.token_hex(16)}"
    firecrawl_key = f"fc-test-{secrets.token_hex(16)}"
    # Providers that echo the key in their errors, as some do for a bad key: retried, then fatal.
    fake_openai.script += [
        {"status": 500, "message": f"upstream failed for key {openai_key}"},
        {"status": 401, "message": f"Incorrect API key provided: {openai_key}"},
    ]
    fake_firecrawl.script += [{"status": 401, "message": f"Unauthorized: invalid token {firecrawl_key}"}]
    inbox = jobintel_env / "inbox"
    inbox.mkdir()
    for sample in SHORTLISTED_SAMPLES:
        shutil.copy(sample, inbox / sample.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAGSTER_PG")} | {
        "OPENAI_API_KEY": openai_key,
        "OPENAI_BASE_URL": f"{fake_openai.url}/v1",
        "FIRECRAWL_API_KEY": firecrawl_key,
        "FIRECRAWL_API_URL": fake_firecrawl.url,
        "JOBINTEL_PROVIDER_TIMEOUT_SECONDS": "10",
        "JOBINTEL_PROVIDER_BACKOFF_SECONDS": "0.01",
    }

    # The first run meets the errors and fails those layers; the second completes every job.
    command = [str(Path(sys.executable).parent / "jobintel"), "run", "--inbox", str(inbox)]
    runs = [
        subprocess.run(command, env=env, cwd=jobintel_env, capture_output=True, text=True, timeout=600)
        for _ in range(2)
    ]

    assert runs[1].returncode == 0, runs[1].stdout + runs[1].stderr
    assert fake_openai.chat_requests() and fake_firecrawl.requests  # the keys were used
    output = "".join(run.stdout + run.stderr for run in runs)
    places = {"jobintel run output": output, "DuckDB": _duckdb_text(jobintel_env / "jobintel.duckdb")}
    for path in sorted(p for p in jobintel_env.rglob("*") if p.is_file() and p.parent != inbox):
        places[str(path.relative_to(jobintel_env))] = path.read_bytes().decode("utf-8", errors="replace")
    assert any(name.startswith("dagster_home/history/runs/") for name in places)  # event logs
    assert any(name.startswith("dossiers") for name in places)
    # The errors themselves were recorded, masked: the scan covers the path a leak would take.
    assert "Incorrect API key provided: ***" in output
    for key in (openai_key, firecrawl_key):
        fragment = key[8:24]  # a masked copy still shows part of the key
        leaks = [name for name, text in places.items() if key in text or fragment in text]
        assert leaks == [], f"{key[:8]}… found in {leaks}"
