"""The asset graph through Dagster on a real DuckDB file: materialize, check, cache, staleness."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from jobintel_assets.defs.definitions import (
    CANDIDATE_JOB,
    JOB_LAYERS_JOB,
    SHORTLIST_LAYERS_JOB,
    build_definitions,
)
from jobintel_assets.ingestion.ingest import ingest_folder
from jobintel_assets.layers.registry import DEEP, stage_layers
from jobintel_assets.shortlist import SHORTLIST_PARTITIONS
from jobintel_assets.storage.duckdb_store import DuckDBStore
from jobintel_assets.storage.schema import layer_tables
from jobintel_tests.conftest import SHORTLISTED_SAMPLES

LAYERS = list(layer_tables())


def _materialize(
    defs: dg.Definitions, instance: dg.DagsterInstance, job_id: str
) -> list[dg.ExecuteInProcessResult]:
    """The job's triage run then, as the job is on the shortlist, its deep run."""
    triage = defs.resolve_job_def(JOB_LAYERS_JOB).execute_in_process(
        partition_key=job_id, instance=instance, raise_on_error=False
    )
    if not triage.success:
        return [triage]
    if job_id not in instance.get_dynamic_partitions(SHORTLIST_PARTITIONS):
        instance.add_dynamic_partitions(SHORTLIST_PARTITIONS, [job_id])
    deep = defs.resolve_job_def(SHORTLIST_LAYERS_JOB).execute_in_process(
        partition_key=job_id, instance=instance, raise_on_error=False
    )
    return [triage, deep]


def _materializations(results: list[dg.ExecuteInProcessResult]) -> list[dg.DagsterEvent]:
    return [event for result in results for event in result.get_asset_materialization_events()]


def _cache_hits(results: list[dg.ExecuteInProcessResult]) -> dict[str, bool]:
    return {
        event.asset_key.path[-1]: event.materialization.metadata["cache_hit"].value
        for event in _materializations(results)
        if "cache_hit" in event.materialization.metadata
    }


@pytest.fixture
def one_job(jobintel_env: Path):
    """A store with one sample posting the master CV fits ingested, its partition added, and the candidate
    materialized."""
    inbox = jobintel_env / "inbox"
    inbox.mkdir()
    sample = SHORTLISTED_SAMPLES[0]
    shutil.copy(sample, inbox / sample.name)
    store = DuckDBStore(jobintel_env / "jobintel.duckdb")
    report = ingest_folder(store, inbox, datetime(2026, 11, 2, tzinfo=UTC))
    (job_id,) = report.job_ids
    instance = dg.DagsterInstance.get()
    instance.add_dynamic_partitions("job", [job_id])
    defs = build_definitions()
    assert defs.resolve_job_def(CANDIDATE_JOB).execute_in_process(instance=instance).success
    return defs, instance, store, job_id


def test_definitions_load_with_every_asset_and_check():
    defs = build_definitions()
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert keys == {"candidate_profile", "job_posting", *LAYERS, "pay_view", "application_events"}
    assert graph.get(dg.AssetKey("pay_view")).partitions_def is None  # one view over every posting
    assert not graph.get(dg.AssetKey("application_events")).is_executable  # written by `jobintel track`
    for layer in LAYERS:
        expected = SHORTLIST_PARTITIONS if layer in stage_layers(DEEP) else "job"
        assert graph.get(dg.AssetKey(layer)).partitions_def.name == expected, layer
    assert graph.get(dg.AssetKey("job_posting")).partitions_def.name == "job"
    assert set(stage_layers(DEEP)) == {"company_research", "contacts", "cv", "interview_prep", "dossier"}
    check_names = {key.name for key in graph.asset_check_keys}
    assert {
        "competency_weights_sum_to_100",
        "evidence_in_posting",
        "signals_have_sources",
        "message_lengths",
        "bullets_trace_to_master_cv",
        "numbers_in_master_cv",
        "sections_in_order",
    } <= check_names


def test_one_partition_fills_every_layer_and_passes_every_check(one_job):
    defs, instance, store, job_id = one_job
    results = _materialize(defs, instance, job_id)

    assert all(result.success for result in results) and len(results) == 2
    counts = store.table_counts()
    assert all(counts[layer] == 1 for layer in LAYERS), counts
    evaluations = [e for result in results for e in result.get_asset_check_evaluations()]
    assert len(evaluations) >= 11
    assert [e.check_name for e in evaluations if not e.passed] == []
    previews = {
        event.asset_key.path[-1]: event.materialization.metadata["preview"]
        for event in _materializations(results)
    }
    assert set(previews) == {"job_posting", *LAYERS}
    assert all(isinstance(p, dg.MarkdownMetadataValue) and p.value.strip() for p in previews.values())
    dossier_md = Path(store.overview([job_id])[0]["dossier_path"])
    assert dossier_md.read_text().startswith("# ")
    cv_metadata = next(
        event.materialization.metadata
        for event in _materializations(results)
        if event.asset_key.path[-1] == "cv"
    )
    cv_files = {
        name: Path(cv_metadata[f"cv_{name}_path"].value) for name in ("md", "html", "pdf", "docx", "json")
    }
    assert {path.parent for path in cv_files.values()} == {dossier_md.parent}
    assert cv_files["pdf"].read_bytes().startswith(b"%PDF")


def test_rerun_serves_every_layer_from_cache_with_identical_outputs(one_job):
    defs, instance, store, job_id = one_job
    first = _materialize(defs, instance, job_id)
    hashes = {layer: store.read_lineage(layer, job_id).output_hash for layer in LAYERS}

    second = _materialize(defs, instance, job_id)

    assert set(_cache_hits(first).values()) == {False}
    assert _cache_hits(second) == dict.fromkeys(LAYERS, True)
    assert {layer: store.read_lineage(layer, job_id).output_hash for layer in LAYERS} == hashes
    assert all(count == 1 for layer, count in store.table_counts().items() if layer in LAYERS)


def test_editing_the_master_cv_recomputes_the_candidate_layers_only(one_job, jobintel_env):
    defs, instance, _, job_id = one_job
    _materialize(defs, instance, job_id)
    master_cv = jobintel_env / "candidate" / "master_cv.yaml"
    master_cv.write_text(master_cv.read_text().replace("headline:", "headline: Hands-on", 1))
    assert defs.resolve_job_def(CANDIDATE_JOB).execute_in_process(instance=instance).success

    hits = _cache_hits(_materialize(defs, instance, job_id))

    assert hits["extracted_jd"] and hits["pain_points"] and hits["company_research"]
    assert not hits["cv"] and not hits["dossier"]


def test_a_partition_without_an_ingested_posting_fails_naming_the_job(jobintel_env):
    instance = dg.DagsterInstance.get()
    instance.add_dynamic_partitions("job", ["ghost-job-00000000"])
    (result,) = _materialize(build_definitions(), instance, "ghost-job-00000000")

    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "ghost-job-00000000" in failure.event_specific_data.error.message
    with duckdb.connect(str(jobintel_env / "jobintel.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM extracted_jd").fetchone() == (0,)
