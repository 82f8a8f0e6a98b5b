"""`jobintel annotate`: the user's marks on one posting re-score that job, and only that job."""

from __future__ import annotations

import os
import shutil

import duckdb
import yaml

from jobintel_tests.conftest import SAMPLE_INBOX
from jobintel_tests.test_cli import jobintel


def test_annotating_one_job_rescores_it_alone(jobintel_env):
    inbox = jobintel_env / "inbox"
    inbox.mkdir()
    for name in ("lumen-ledger-staff-backend-engineer.md", "northwind-analytics-senior-data-engineer.md"):
        shutil.copy(SAMPLE_INBOX / name, inbox / name)
    db = jobintel_env / "jobs.duckdb"
    env = dict(os.environ)
    assert jobintel("run", "--inbox", str(inbox), "--db", str(db), cwd=jobintel_env, env=env).returncode == 0
    with duckdb.connect(str(db), read_only=True) as con:
        before = dict(con.execute("SELECT job_id, fit_score FROM fit_score").fetchall())
        hashes = dict(con.execute("SELECT job_id, output_hash FROM fit_score").fetchall())
    lumen = next(job_id for job_id in before if job_id.startswith("lumen-ledger-staff"))

    done = jobintel(
        "annotate", "lumen-ledger-staff", "--gap", "Go", "--db", str(db), cwd=jobintel_env, env=env
    )

    assert done.returncode == 0, done.stdout + done.stderr
    marks = yaml.safe_load((jobintel_env / "annotations" / f"{lumen}.yaml").read_text())
    assert marks == [{"phrase": "Go", "mark": "gap"}]
    with duckdb.connect(str(db), read_only=True) as con:
        after = dict(con.execute("SELECT job_id, fit_score FROM fit_score").fetchall())
        rescored = dict(con.execute("SELECT job_id, output_hash FROM fit_score").fetchall())
    assert after[lumen] == before[lumen] - 5
    assert {j: h for j, h in rescored.items() if j != lumen} == {
        j: h for j, h in hashes.items() if j != lumen
    }
