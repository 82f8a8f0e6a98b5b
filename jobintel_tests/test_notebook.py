"""Reading results from a notebook while `jobintel run` writes them, and the example notebook itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client import KernelManager
from nbclient import NotebookClient

from jobintel_assets.notebook import query
from jobintel_tests.conftest import REPO, SAMPLE_INBOX


def test_queries_during_a_run_return_rows_and_the_run_still_succeeds(jobintel_env):
    inbox = jobintel_env / "inbox"
    inbox.mkdir()
    for sample in sorted(SAMPLE_INBOX.glob("*.md"))[:3]:
        shutil.copy(sample, inbox / sample.name)
    run = subprocess.Popen(
        [str(Path(sys.executable).parent / "jobintel"), "run", "--inbox", str(inbox)],
        cwd=jobintel_env, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    answered_while_running = []
    while run.poll() is None:
        if (jobintel_env / "jobintel.duckdb").is_file():
            rows = query("SELECT job_id, fit_score FROM job_overview")
            if run.poll() is None:
                answered_while_running.append(len(rows))
        time.sleep(0.2)
    output = run.stdout.read()

    assert run.returncode == 0, output
    assert any(count > 0 for count in answered_while_running), answered_while_running
    assert query("SELECT count(fit_score) AS scored FROM job_overview").scored.iloc[0] == 3


def test_a_missing_database_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nothing\.duckdb"):
        query("SELECT 1", db=tmp_path / "nothing.duckdb")


def test_the_example_notebook_runs_and_answers_each_question(materialized_project, monkeypatch, tmp_path):
    _, env = materialized_project
    monkeypatch.setenv("JOBINTEL_DB", env["JOBINTEL_DB"])
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(REPO / "notebooks" / "explore.ipynb", as_version=4)
    # The kernel talks to this process over local sockets (ipc), not TCP.
    kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(tmp_path / "kernel"))

    try:
        NotebookClient(
            notebook, km=kernel, timeout=120, resources={"metadata": {"path": str(REPO / "notebooks")}}
        ).execute()
    finally:
        if kernel.has_kernel:  # a kernel we started is ours to stop
            kernel.shutdown_kernel(now=True)

    outputs = {
        index: "".join(
            str(out.get("data", {}).get("text/plain", out.get("text", ""))) for out in cell.outputs
        )
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
    }
    best = query("SELECT title, fit_score FROM best_fit_jobs", db=env["JOBINTEL_DB"])
    text = "\n".join(outputs.values())
    assert env["JOBINTEL_DB"] in text
    assert best.title.iloc[0][:20] in text
    assert "skills_coverage" in text  # the fit breakdown of the best job
    assert not any(out.output_type == "error" for cell in notebook.cells for out in cell.get("outputs", []))
