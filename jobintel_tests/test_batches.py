"""Batched runs: many job partitions per Dagster run, failures by job id, re-scoring, automation."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest

from jobintel_assets import batches, cli
from jobintel_assets.defs.definitions import (
    CANDIDATE_JOB,
    JOB_LAYERS_JOB,
    SHORTLIST_LAYERS_JOB,
    build_definitions,
)
from jobintel_assets.ingestion.ingest import ingest_folder
from jobintel_assets.layers.registry import DEEP, TRIAGE, stage_layers
from jobintel_assets.shortlist import SHORTLIST_PARTITIONS
from jobintel_assets.storage.duckdb_store import DuckDBStore
from jobintel_assets.storage.schema import layer_tables
from jobintel_tests.conftest import SAMPLE_INBOX, SHORTLISTED_SAMPLES

LAYERS = list(layer_tables())
TRIAGE_LAYERS = stage_layers(TRIAGE)
DEEP_LAYERS = stage_layers(DEEP)
RESCORED = ["fit_score", "contacts", "cv", "interview_prep", "dossier"]


@pytest.fixture
def three_jobs(jobintel_env: Path):
    """Three sample postings the master CV fits (all shortlisted) ingested, the partitions
    ``job-a, ghost, job-b, job-c`` added in that order (``ghost`` has no posting), and the candidate
    materialized."""
    inbox = jobintel_env / "inbox"
    inbox.mkdir()
    for sample in [*SHORTLISTED_SAMPLES, SAMPLE_INBOX / "talentbridge-head-of-engineering.txt"]:
        shutil.copy(sample, inbox / sample.name)
    store = DuckDBStore(jobintel_env / "jobintel.duckdb")
    job_ids = ingest_folder(store, inbox, datetime(2026, 11, 2, tzinfo=UTC)).job_ids
    assert len(job_ids) == 3
    instance = dg.DagsterInstance.get()
    instance.add_dynamic_partitions("job", job_ids[:1])
    instance.add_dynamic_partitions("job", ["ghost-job-00000000"])
    instance.add_dynamic_partitions("job", job_ids[1:])
    defs = build_definitions()
    assert defs.resolve_job_def(CANDIDATE_JOB).execute_in_process(instance=instance).success
    return defs, instance, store, job_ids, inbox


def _layer_runs(instance: dg.DagsterInstance) -> list[dg.DagsterRun]:
    return instance.get_runs(dg.RunsFilter(job_name=JOB_LAYERS_JOB))


def test_one_batched_run_per_stage_fills_every_layer_for_each_partition(three_jobs):
    defs, instance, store, job_ids, _ = three_jobs
    later = job_ids[1:]  # contiguous in the partition order: one range

    triage = batches.run_in_batches(defs.resolve_job_def(JOB_LAYERS_JOB), instance, later)

    assert triage.failed == {} and triage.succeeded == later
    assert len(_layer_runs(instance)) == 1
    assert set(triage.cache_hits) == {(layer, job_id) for layer in TRIAGE_LAYERS for job_id in later}
    for layer in ["job_posting", *TRIAGE_LAYERS]:
        assert set(store.read_lineages(layer, job_ids)) == set(later), layer
    assert store.read_lineages("dossier", job_ids) == {}  # deep work waits for the shortlist

    instance.add_dynamic_partitions(SHORTLIST_PARTITIONS, later)
    deep = batches.run_in_batches(
        defs.resolve_job_def(SHORTLIST_LAYERS_JOB), instance, later, partitions=SHORTLIST_PARTITIONS
    )

    assert deep.failed == {} and deep.succeeded == later
    assert len(instance.get_runs(dg.RunsFilter(job_name=SHORTLIST_LAYERS_JOB))) == 1
    assert set(deep.cache_hits) == {(layer, job_id) for layer in DEEP_LAYERS for job_id in later}
    for layer in LAYERS:
        assert set(store.read_lineages(layer, job_ids)) == set(later), layer
    materializations = instance.fetch_materializations(dg.AssetKey("dossier"), limit=10).records
    metadata = {r.partition_key: r.asset_materialization.metadata for r in materializations}
    assert {key: m["job_id"].value for key, m in metadata.items()} == {job_id: job_id for job_id in later}
    assert all(
        m["output_hash"].value == store.read_lineage("dossier", k).output_hash for k, m in metadata.items()
    )


def test_a_partition_failing_in_a_batch_is_named_and_the_others_are_stored(three_jobs):
    defs, instance, store, job_ids, _ = three_jobs
    batch = [job_ids[0], "ghost-job-00000000", job_ids[1]]
    job = defs.resolve_job_def(JOB_LAYERS_JOB)

    failed_run = batches._execute_range(job, instance, batch, None)

    assert not failed_run.success
    failures = batches.failed_jobs(failed_run, batch)
    assert list(failures) == ["ghost-job-00000000"]
    assert "no ingested posting" in failures["ghost-job-00000000"]
    assert set(store.read_lineages("job_posting", batch)) == {job_ids[0], job_ids[1]}

    outcome = batches.run_in_batches(job, instance, [*job_ids, "ghost-job-00000000"])

    assert list(outcome.failed) == ["ghost-job-00000000"]
    assert sorted(outcome.succeeded) == sorted(job_ids)
    for layer in TRIAGE_LAYERS:
        assert set(store.read_lineages(layer, [*job_ids, "ghost-job-00000000"])) == set(job_ids), layer


def test_rescore_after_a_cv_change_recomputes_only_the_candidate_layers(three_jobs, capsys):
    _, _, store, job_ids, inbox = three_jobs
    assert cli.main(["run", "--inbox", str(inbox)]) == cli.EXIT_OK
    before = {layer: store.read_lineages(layer, job_ids) for layer in LAYERS}
    master_cv = Path(store.path).parent / "candidate" / "master_cv.yaml"
    master_cv.write_text(master_cv.read_text().replace("headline:", "headline: Hands-on", 1))
    capsys.readouterr()

    assert cli.main(["rescore"]) == cli.EXIT_OK

    out = capsys.readouterr().out
    assert f"Re-scoring {len(job_ids)} job(s)" in out
    assert f"Layers computed: {len(RESCORED) * len(job_ids)}, served from cache: 0." in out
    after = {layer: store.read_lineages(layer, job_ids) for layer in LAYERS}
    for layer in LAYERS:
        for job_id in job_ids:
            if layer in RESCORED:
                assert after[layer][job_id].run_id != before[layer][job_id].run_id
                assert not after[layer][job_id].cache_hit
            else:
                assert after[layer][job_id] == before[layer][job_id]  # not even read again

    assert cli.main(["rescore"]) == cli.EXIT_OK
    unchanged = capsys.readouterr().out
    assert f"Layers computed: 0, served from cache: {len(RESCORED) * len(job_ids)}." in unchanged


def test_the_automation_sensor_is_on_by_default_and_reacts_to_real_changes_only(three_jobs):
    defs, instance, store, job_ids, _ = three_jobs
    (sensor,) = [s for s in defs.sensors if isinstance(s, dg.AutomationConditionSensorDefinition)]
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    graph = defs.resolve_asset_graph()
    automated = {key.to_user_string() for key in sensor.asset_selection.resolve(graph)}
    assert automated == {*LAYERS, "pay_view"}

    batches.run_in_batches(defs.resolve_job_def(JOB_LAYERS_JOB), instance, job_ids)
    instance.add_dynamic_partitions(SHORTLIST_PARTITIONS, job_ids)
    shortlist_job = defs.resolve_job_def(SHORTLIST_LAYERS_JOB)
    batches.run_in_batches(shortlist_job, instance, job_ids, partitions=SHORTLIST_PARTITIONS)
    candidate_job = defs.resolve_job_def(CANDIDATE_JOB)
    settled = dg.evaluate_automation_conditions(defs=defs, instance=instance)
    assert candidate_job.execute_in_process(instance=instance).success  # same master CV, same version

    unchanged = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=settled.cursor)

    assert unchanged.total_requested == 0
    master_cv = Path(store.path).parent / "candidate" / "master_cv.yaml"
    master_cv.write_text(master_cv.read_text().replace("headline:", "headline: Hands-on", 1))
    assert candidate_job.execute_in_process(instance=instance).success
    changed = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=unchanged.cursor)
    requested = {
        key.to_user_string(): set(changed.get_requested_partitions(key))
        for key in graph.get_all_asset_keys()
        if changed.get_num_requested(key)
    }
    # The pay view follows too: it positions the shortlist against the master CV's salary floor.
    assert requested == {"fit_score": set(job_ids), "pay_view": {None}}
    # The deep layers follow once the new scores are stored: their partitions are the shortlist's.
    assert batches.run_in_batches(
        defs.resolve_job_def(JOB_LAYERS_JOB), instance, job_ids, [dg.AssetKey("fit_score")]
    ).succeeded
    rescored = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=changed.cursor)
    deep = {
        key.to_user_string(): set(rescored.get_requested_partitions(key))
        for key in graph.get_all_asset_keys()
        if rescored.get_num_requested(key)
    }
    # Those whose score's data version changed (a batch reports one for all its partitions).
    assert set(deep) == {"contacts", "cv", "interview_prep", "dossier"}
    assert all(requested_jobs and requested_jobs <= set(job_ids) for requested_jobs in deep.values())


def test_run_materializes_only_the_jobs_that_are_not_up_to_date(three_jobs, capsys):
    _, _, store, job_ids, inbox = three_jobs
    assert cli.main(["run", "--inbox", str(inbox)]) == cli.EXIT_OK
    posting = inbox / "lumen-ledger-staff-backend-engineer.md"  # its URL keeps its job id when edited
    posting.write_text(posting.read_text() + "\nWe also offer a yearly conference budget.\n")
    capsys.readouterr()

    assert cli.main(["run", "--inbox", str(inbox)]) == cli.EXIT_OK

    assert f"{len(job_ids) - 1} job(s) triaged and up to date, 1 to triage." in capsys.readouterr().out
    master_cv = Path(store.path).parent / "candidate" / "master_cv.yaml"
    master_cv.write_text(master_cv.read_text().replace("headline:", "headline: Hands-on", 1))

    assert cli.main(["run", "--inbox", str(inbox)]) == cli.EXIT_OK

    assert f"0 job(s) triaged and up to date, {len(job_ids)} to triage." in capsys.readouterr().out
