"""kill -9 a run in the middle of its work: the next run completes, with no partial or duplicated
rows, no cache entry left `running` and no half-written dossier."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from jobintel_assets.caching import ENV_TAKEOVER_SECONDS
from jobintel_tests.conftest import SHORTLISTED_SAMPLES

LAYERS = [
    "job_posting",
    "extracted_jd",
    "pain_points",
    "company_research",
    "fit_score",
    "contacts",
    "cv",
    "dossier",
]
# Loaded by the run that will be killed: it computes pain points slowly, so the kill lands while
# they are being computed and other layers are half done.
SLOW_PAIN_POINTS = """
import os, time
from pathlib import Path
from jobintel_assets.adapters import offline

_generate = offline.OfflineLLM.generate

def _slow_generate(self, task, output_type):
    if task.layer == "pain_points":
        Path(os.environ["COMPUTING_MARKER"]).touch()
        time.sleep(600)
    return _generate(self, task, output_type)

offline.OfflineLLM.generate = _slow_generate
"""


def _query(db: Path, sql: str) -> list[tuple]:
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute(sql).fetchall()
    except (duckdb.IOException, duckdb.CatalogException):  # the run holds the file, or has no tables yet
        return []


def _run(env: dict[str, str], inbox: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    jobintel = str(Path(sys.executable).parent / "jobintel")
    return subprocess.run(
        [jobintel, "run", "--inbox", str(inbox)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_a_run_killed_mid_write_leaves_nothing_half_done(jobintel_env: Path):
    inbox = jobintel_env / "inbox"
    inbox.mkdir()
    for sample in SHORTLISTED_SAMPLES:
        shutil.copy(sample, inbox / sample.name)
    hook = jobintel_env / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SLOW_PAIN_POINTS)
    db = jobintel_env / "jobintel.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI", "FIRECRAWL", "DAGSTER_PG"))}
    # An abandoned computation is taken over after this long without a heartbeat (default 90 s).
    env[ENV_TAKEOVER_SECONDS] = "5"
    computing = jobintel_env / "computing-pain-points"

    doomed = subprocess.Popen(
        [str(Path(sys.executable).parent / "jobintel"), "run", "--inbox", str(inbox)],
        env=env
        | {
            "PYTHONPATH": os.pathsep.join(filter(None, [str(hook), env.get("PYTHONPATH")])),
            "COMPUTING_MARKER": str(computing),
        },
        cwd=jobintel_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while not computing.exists():
        assert doomed.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "the run never started computing pain points"
        time.sleep(0.2)
    os.killpg(doomed.pid, signal.SIGKILL)
    doomed.wait()
    # Local adapters claim nothing in the cache (a batch stores what it computed at its end): the
    # killed run leaves no entry for the next one to wait on or take over.
    assert _query(db, "SELECT layer, status FROM layer_cache WHERE layer = 'pain_points'") == []
    assert _query(db, "SELECT count(*) FROM layer_cache WHERE layer = 'extracted_jd'") == [(2,)]

    rerun = _run(env, inbox, jobintel_env)

    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    for table in LAYERS:
        rows, jobs = _query(db, f"SELECT count(*), count(DISTINCT job_id) FROM {table}")[0]
        assert rows == jobs == 2, table
    assert _query(db, "SELECT count(*) FROM layer_cache WHERE status <> 'ready'")[0][0] == 0
    files = sorted(p.name for p in (jobintel_env / "dossiers").iterdir())
    dossiers = [name for name in files if ".cv." not in name]
    assert len(dossiers) == 4 and not any(name.endswith(".partial") for name in files)
