"""`jobintel ingest PATH_OR_URL...` as a user runs it: files, folders, and URLs while offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from jobintel_assets.adapters.offline import OFFLINE_FETCH_REASON
from jobintel_assets.storage.duckdb_store import DuckDBStore
from jobintel_tests.conftest import SAMPLE_INBOX


def jobintel(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIRECRAWL_", "OPENAI_"))}
    return subprocess.run(
        [sys.executable, "-m", "jobintel_assets.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ingest_files_folders_and_an_offline_url(jobintel_env: Path) -> None:
    folder = jobintel_env / "saved"
    folder.mkdir()
    samples = sorted(p for p in SAMPLE_INBOX.iterdir() if p.suffix == ".md")[:2]
    for sample in samples:
        shutil.copy(sample, folder / sample.name)
    single = jobintel_env / "copy-of-first.md"
    shutil.copy(samples[0], single)
    url = "https://boards.greenhouse.io/tidewaterenergy/jobs/4471203"

    first = jobintel("ingest", str(folder), str(single), url, cwd=jobintel_env)

    assert first.returncode == 1, first.stderr  # one input could not be read
    assert "Ingested 2 job(s): 2 new, 0 changed, 1 duplicate(s)" in first.stdout
    assert f"rejected url:{url}: {url}: could not be fetched ({OFFLINE_FETCH_REASON})" in first.stdout
    assert "Traceback" not in first.stderr
    store = DuckDBStore(jobintel_env / "jobintel.duckdb")
    assert [r.source for r in store.rejections()] == [f"url:{url}"]
    assert store.table_counts()["ingested_postings"] == 2

    again = jobintel("ingest", str(folder), cwd=jobintel_env)

    assert again.returncode == 0, again.stderr
    assert "Ingested 2 job(s): 0 new, 0 changed" in again.stdout
    assert store.table_counts()["ingested_postings"] == 2


def test_ingest_names_a_path_that_does_not_exist(jobintel_env: Path) -> None:
    result = jobintel("ingest", "no/such/posting.md", cwd=jobintel_env)

    assert result.returncode == 1
    assert "no/such/posting.md: no such file or folder, and not an http(s) URL" in result.stdout
