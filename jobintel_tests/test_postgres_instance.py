"""The production instance on a real PostgreSQL server: run history, queued runs, the duckdb pool."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import psycopg2
import pytest

from jobintel_assets.instance import InstanceConfigError, write_instance_config
from jobintel_assets.layers.registry import LAYERS
from jobintel_assets.processes import stop_process_group
from jobintel_tests.conftest import REPO, SAMPLE_INBOX, SHORTLISTED_SAMPLES
from jobintel_tests.services import PostgresServer, postgres_server

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def postgres() -> PostgresServer:
    with postgres_server() as server:
        yield server


@pytest.fixture
def pg_project(jobintel_env: Path, postgres: PostgresServer, request) -> tuple[Path, dict[str, str], str]:
    """A project whose instance jobintel configures for a fresh Postgres database, with two postings."""
    database = request.node.name.lower()[:60]
    url = postgres.create_database(database)
    home = jobintel_env / "dagster_home"
    (home / "dagster.yaml").unlink()
    inbox = jobintel_env / "inbox"
    inbox.mkdir()
    for sample in SHORTLISTED_SAMPLES:
        shutil.copy(sample, inbox / sample.name)
    env = dict(os.environ) | {"DAGSTER_PG_URL": url}
    return jobintel_env, env, url


def _query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _jobintel_run(folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "jobintel"), "run", "--inbox", str(folder / "inbox")],
        cwd=folder, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def postgres_password(url: str) -> str:
    return url.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]


def test_host_user_password_variables_configure_postgres(jobintel_env, postgres, monkeypatch):
    postgres.create_database("by_fields")
    home = jobintel_env / "dagster_home"
    fields = {
        "DAGSTER_PG_HOST": postgres.host,
        "DAGSTER_PG_PORT": str(postgres.port),
        "DAGSTER_PG_USER": postgres.user,
        "DAGSTER_PG_PASSWORD": postgres.password,
        "DAGSTER_PG_DB": "by_fields",
    }
    for name, value in fields.items():
        monkeypatch.setenv(name, value)
    (home / "dagster.yaml").unlink()
    write_instance_config(home, REPO / "dagster.yaml", os.environ, managed_by_user=True)

    with dg.DagsterInstance.get() as instance:
        instance.add_dynamic_partitions("job", ["acme-engineer-0000abcd"])

    assert _query(postgres.url("by_fields"), "SELECT partition FROM dynamic_partitions") == [
        ("acme-engineer-0000abcd",)
    ]
    monkeypatch.delenv("DAGSTER_PG_USER")
    with pytest.raises(InstanceConfigError, match="DAGSTER_PG_USER"):
        write_instance_config(home, REPO / "dagster.yaml", os.environ, managed_by_user=True)


def test_run_history_sensor_ticks_and_queued_runs_in_postgres(pg_project):
    """`jobintel run` records its runs in Postgres; then the daemon's inbox sensor requests runs for an
    edited and a new posting (two partition ranges: two runs in one tick), and the queue starts them one
    at a time because they share the duckdb pool."""
    folder, env, url = pg_project

    result = _jobintel_run(folder, env)

    assert result.returncode == 0, result.stdout + result.stderr
    runs = _query(url, "SELECT pipeline_name, status FROM runs ORDER BY create_timestamp")
    # Both jobs in one batch: their triage, then (both are shortlisted) their deep layers, then the pay
    # view over every posting.
    assert runs == [
        ("candidate_profile_job", "SUCCESS"),
        ("job_layers", "SUCCESS"),
        ("shortlist_layers", "SUCCESS"),
        ("market_view", "SUCCESS"),
    ]
    partitions = "SELECT partition FROM dynamic_partitions WHERE partitions_def_name = %s ORDER BY partition"
    job_ids = [key for (key,) in _query(url, partitions, ("job",))]
    assert len(job_ids) == 2
    assert [key for (key,) in _query(url, partitions, ("shortlist",))] == job_ids
    materializations = _query(
        url,
        "SELECT partition, count(*) FROM event_logs WHERE dagster_event_type = 'ASSET_MATERIALIZATION' "
        "AND partition IS NOT NULL GROUP BY partition",
    )
    assert dict(materializations) == dict.fromkeys(job_ids, 1 + len(LAYERS))  # job_posting and each layer
    home = folder / "dagster_home"
    assert not (home / "history").exists(), "SQLite run storage was used instead of Postgres"
    instance_config = (home / "dagster.yaml").read_text()
    assert "DAGSTER_PG_URL" in instance_config and postgres_password(url) not in instance_config

    since = _query(url, "SELECT max(create_timestamp) FROM runs")[0][0]
    inbox = folder / "inbox"
    edited = sorted(inbox.glob("*.md"))[0]
    edited.write_text(edited.read_text() + "\nWe also offer a four-day week.\n")
    shutil.copy(sorted(SAMPLE_INBOX.glob("*.txt"))[0], inbox)
    an_hour_ago = time.time() - 3600  # written long ago: nothing waits to settle
    for posting in inbox.iterdir():
        os.utime(posting, (an_hour_ago, an_hour_ago))
    daemon = subprocess.Popen(
        [str(BIN / "dagster-daemon"), "run", "-w", str(REPO / "workspace.yaml")],
        cwd=home, env=env | {"JOBINTEL_INBOX": str(inbox)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,  # its code server and run workers are stopped with it, as one group
    )  # fmt: skip
    sensor_runs = "SELECT run_id, status, start_time, end_time FROM runs WHERE create_timestamp > %s"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            new_runs = _query(url, sensor_runs, (since,))
            if len(new_runs) >= 2 and all(status in ("SUCCESS", "FAILURE") for _, status, _, _ in new_runs):
                break
            time.sleep(1)
    finally:
        stop_process_group(daemon)

    ticks = _query(url, "SELECT status FROM job_ticks WHERE selector_id IS NOT NULL")
    assert ("SUCCESS",) in ticks, ticks
    # The inbox sensor's runs, and any the automation sensor adds beside them: all succeed, one at a time.
    assert len(new_runs) >= 2 and {status for _, status, _, _ in new_runs} == {"SUCCESS"}, new_runs
    ordered = sorted(new_runs, key=lambda run: run[2])
    for earlier, later in itertools.pairwise(ordered):
        assert later[2] >= earlier[3], f"two runs wrote DuckDB at the same time: {new_runs}"
