"""The asset graph with real provider clients against the local OpenAI and Firecrawl servers."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest

from jobintel_assets.defs.definitions import (
    CANDIDATE_JOB,
    JOB_LAYERS_JOB,
    SHORTLIST_LAYERS_JOB,
    build_definitions,
)
from jobintel_assets.ingestion.ingest import ingest_folder
from jobintel_assets.shortlist import SHORTLIST_PARTITIONS
from jobintel_assets.storage.duckdb_store import DuckDBStore
from jobintel_assets.storage.schema import layer_tables
from jobintel_tests.conftest import SAMPLE_INBOX
from jobintel_tests.fake_servers import INVENTED_EVIDENCE, MALFORMED_MARKER

API_KEY = "sk-pipeline-test-secret-4242"


@pytest.fixture
def provider_env(jobintel_env: Path, fake_openai, fake_firecrawl, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", f"{fake_openai.url}/v1")
    monkeypatch.setenv("FIRECRAWL_API_URL", fake_firecrawl.url)
    monkeypatch.setenv("JOBINTEL_PROVIDER_TIMEOUT_SECONDS", "10")
    monkeypatch.setenv("JOBINTEL_PROVIDER_BACKOFF_SECONDS", "0.01")
    inbox = jobintel_env / "inbox"
    inbox.mkdir()
    sample = SAMPLE_INBOX / "lumen-ledger-staff-backend-engineer.md"
    shutil.copy(sample, inbox / sample.name)
    other = (SAMPLE_INBOX / "northwind-analytics-senior-data-engineer.md").read_text()
    (inbox / "malformed.md").write_text(f"{other}\n\n{MALFORMED_MARKER}\n")
    store = DuckDBStore(jobintel_env / "jobintel.duckdb")
    report = ingest_folder(store, inbox, datetime(2026, 11, 2, tzinfo=UTC))
    instance = dg.DagsterInstance.get()
    instance.add_dynamic_partitions("job", report.job_ids)
    defs = build_definitions()
    assert defs.resolve_job_def(CANDIDATE_JOB).execute_in_process(instance=instance).success
    good = next(j for j in report.job_ids if j.startswith("lumen"))
    bad = next(j for j in report.job_ids if j != good)
    return defs, instance, store, good, bad


class _Runs(list):
    """The triage run of one job, then (when it succeeded) the run of its deep layers."""

    @property
    def success(self) -> bool:
        return all(run.success for run in self)

    def materializations(self) -> list[dg.DagsterEvent]:
        return [event for run in self for event in run.get_asset_materialization_events()]


def _run(defs: dg.Definitions, instance: dg.DagsterInstance, job_id: str) -> _Runs:
    """Triage, then the deep layers as for a job on the shortlist (put there as by hand)."""
    runs = _Runs(
        [
            defs.resolve_job_def(JOB_LAYERS_JOB).execute_in_process(
                partition_key=job_id, instance=instance, raise_on_error=False
            )
        ]
    )
    if runs.success:
        if job_id not in instance.get_dynamic_partitions(SHORTLIST_PARTITIONS):
            instance.add_dynamic_partitions(SHORTLIST_PARTITIONS, [job_id])
        runs.append(
            defs.resolve_job_def(SHORTLIST_LAYERS_JOB).execute_in_process(
                partition_key=job_id, instance=instance, raise_on_error=False
            )
        )
    return runs


def test_every_layer_comes_from_the_model_a_rerun_calls_no_provider_and_no_secret_is_stored(
    provider_env, fake_openai
):
    defs, instance, store, good, bad = provider_env

    first = _run(defs, instance, good)
    failed = _run(defs, instance, bad)

    assert first.success
    for layer in layer_tables():
        lineage = store.read_lineage(layer, good)
        assert lineage.provider == f"openai-compatible@127.0.0.1:{fake_openai.url.rsplit(':', 1)[1]}"
        assert lineage.model in {"gpt-4o-mini", "gpt-4.1-mini", "gpt-4.1"}
    metadata = {
        event.asset_key.path[-1]: event.materialization.metadata for event in first.materializations()
    }
    # One reading of the posting: the pain points come in extracted_jd's answer, grounded there.
    assert metadata["extracted_jd"]["provider_calls"].value == 1
    assert metadata["extracted_jd"]["grounding_dropped_by_field"].value["pain_reading.pain_points"] >= 1
    assert metadata["pain_points"]["provider_calls"].value == 0
    with store.connect() as con:
        evidence = con.execute(
            "SELECT to_json(pain_points)::VARCHAR FROM pain_points WHERE job_id = ?", [good]
        )
        assert INVENTED_EVIDENCE not in evidence.fetchone()[0]
        cost, calls = con.execute(
            "SELECT cost_usd, provider_calls FROM job_overview WHERE job_id = ?", [good]
        ).fetchone()
    assert cost > 0 and calls >= len(layer_tables())

    # The malformed partition failed with its reason; the good one was not affected.
    assert not failed.success
    (failed_triage,) = failed
    (failure,) = [e for e in failed_triage.all_events if e.event_type_value == "STEP_FAILURE"]
    assert "extracted_jd" in failure.message and "after one repair attempt" in str(
        failure.event_specific_data
    )

    requests_before = len(fake_openai.requests)
    rerun = _run(defs, instance, good)

    assert rerun.success
    assert len(fake_openai.requests) == requests_before
    with store.connect() as con:
        rows = con.execute(
            "SELECT cache_hit, count(*) FROM provider_calls WHERE list_contains(?, run_id) "
            "GROUP BY cache_hit",
            [[run.run_id for run in rerun]],
        ).fetchall()
    assert rows == [(True, len(layer_tables()) + 2)]  # seven layers, company pages and people search

    # No secret reaches the store.
    with store.connect() as con:
        tables = [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        for table in tables:
            dump = con.execute(f'SELECT to_json(t)::VARCHAR FROM "{table}" t').fetchall()
            assert API_KEY not in repr(dump), table
