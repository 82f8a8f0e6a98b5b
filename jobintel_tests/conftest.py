"""Shared fixtures: every test that touches the pipeline gets its own DuckDB file and Dagster home."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import time
import uuid
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests stay fast in the suite; HYPOTHESIS_PROFILE=thorough searches much longer.
settings.register_profile("ci", max_examples=50, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
SAMPLE_INBOX = REPO / "data" / "samples" / "inbox"
# Two samples the bundled master CV fits (tiers A and B): `jobintel run` gives them every layer, the
# triage layers and the deep ones.
SHORTLISTED_SAMPLES = [
    SAMPLE_INBOX / "lumen-ledger-staff-backend-engineer.md",
    SAMPLE_INBOX / "northwind-analytics-engineering-manager.html",
]
NOT_SHORTLISTED_SAMPLE = SAMPLE_INBOX / "harbourline-freight-director-of-engineering.md"
CANDIDATE_DIR = REPO / "data" / "candidate"
COMPANIES_DIR = REPO / "data" / "companies"


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind():
    """Every process a test starts (Dagster's daemon, webserver, code servers, run workers) inherits a
    marker; when the suite ends, none of them may still be running."""
    from jobintel_tests.services import SESSION_MARKER_ENV, command_line, processes_with_env

    marker = uuid.uuid4().hex
    os.environ[SESSION_MARKER_ENV] = marker
    yield
    deadline = time.monotonic() + 30
    while (left := processes_with_env(SESSION_MARKER_ENV, marker)) and time.monotonic() < deadline:
        time.sleep(0.5)
    described = [f"{pid}: {command_line(pid)}" for pid in left]
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert not left, "the tests left processes running:\n" + "\n".join(described)


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
    monkeypatch.setenv("JOBINTEL_ANNOTATIONS_DIR", str(tmp_path / "annotations"))
    monkeypatch.setenv("JOBINTEL_SHORTLIST", str(tmp_path / "shortlist.yaml"))
    monkeypatch.delenv("JOBINTEL_SHORTLIST_TIERS", raising=False)
    monkeypatch.setenv("DAGSTER_HOME", str(dagster_home))
    return tmp_path


@pytest.fixture(scope="session")
def _fake_openai_session():
    from jobintel_tests.fake_servers import FakeOpenAI, serve

    with serve(FakeOpenAI()) as server:
        yield server


@pytest.fixture
def fake_openai(_fake_openai_session):
    """The local OpenAI-compatible server (127.0.0.1), with no queued misbehaviour and no requests yet."""
    _fake_openai_session.reset()
    return _fake_openai_session


@pytest.fixture(scope="session")
def _fake_firecrawl_session():
    from jobintel_tests.fake_servers import FakeFirecrawl, serve

    with serve(FakeFirecrawl()) as server:
        yield server


@pytest.fixture
def fake_firecrawl(_fake_firecrawl_session):
    """The local Firecrawl server (127.0.0.1), knowing no companies and with no requests yet."""
    _fake_firecrawl_session.reset()
    _fake_firecrawl_session.companies.clear()
    return _fake_firecrawl_session


@pytest.fixture(scope="session")
def materialized_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Three sample postings run through `jobintel run` once, for the tests that only look at results:
    the two ``SHORTLISTED_SAMPLES`` with every layer, and one the master CV does not fit (on site in
    Rotterdam, tier D) with its reading and fit score only.

    Returns the folder and the environment (JOBINTEL_*, DAGSTER_HOME) that point at it.
    """
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("materialized")
    inbox = folder / "inbox"
    inbox.mkdir()
    for sample in [*SHORTLISTED_SAMPLES, NOT_SHORTLISTED_SAMPLE]:
        shutil.copy(sample, inbox / sample.name)
    env = dict(os.environ) | {
        "JOBINTEL_DB": str(folder / "jobintel.duckdb"),
        "JOBINTEL_DOSSIER_DIR": str(folder / "dossiers"),
        "JOBINTEL_CANDIDATE_DIR": str(CANDIDATE_DIR),
        "JOBINTEL_COMPANIES_DIR": str(COMPANIES_DIR),
        "JOBINTEL_INBOX": str(inbox),
        "JOBINTEL_SHORTLIST": str(folder / "shortlist.yaml"),
        "DAGSTER_HOME": str(folder / "dagster_home"),
    }
    env.pop("DAGSTER_PG_URL", None)
    run = subprocess.run(
        [str(Path(sys.executable).parent / "jobintel"), "run"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    return folder, env
