"""Batched execution: many job partitions per Dagster run, in this process or as a daemon backfill.

A Dagster run costs seconds to start, so the CLI runs *partition ranges* of the `job` partitions
(at most ``BATCH_SIZE`` per run) and the assets' ``BackfillPolicy`` makes daemon backfills do the
same. Dynamic partitions form ranges in the order they were added: a selection with gaps splits
into several runs.

A partition that fails inside a batch fails its step after the other partitions' rows are
stored; the step's failure names the failed job ids. In process, the other jobs of the batch are
then run again without the failed ones (what they had finished comes from the cache).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import dagster as dg

from jobintel_assets.layers import registry
from jobintel_assets.layers.models import JobPosting
from jobintel_assets.storage.duckdb_store import CANDIDATE_PROFILE_ID, DuckDBStore

# Partitions per run: large enough that run start-up (seconds) is a few percent of the run, small
# enough that a failure, a cancelled run or the DuckDB write lock concerns a bounded part of a backfill.
BATCH_SIZE = 100

# Metadata key of a batch step's failure: the job ids that failed, each with its reason.
FAILED_JOBS_KEY = "failed_jobs"

# The run tags that make a run materialize a range of partitions (as backfills tag theirs).
PARTITION_RANGE_START_TAG = "dagster/asset_partition_range_start"
PARTITION_RANGE_END_TAG = "dagster/asset_partition_range_end"

QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def partition_ranges(ordered_keys: Sequence[str], selected: Iterable[str], max_size: int) -> list[list[str]]:
    """The selected keys as contiguous runs of ``ordered_keys``, each at most ``max_size`` long."""
    wanted = set(selected)
    ranges: list[list[str]] = []
    current: list[str] = []
    for key in ordered_keys:
        if key in wanted:
            current.append(key)
            if len(current) == max_size:
                ranges.append(current)
                current = []
        elif current:
            ranges.append(current)
            current = []
    if current:
        ranges.append(current)
    return ranges


def jobs_to_refresh(
    store: DuckDBStore, job_ids: Sequence[str], provider: str, stage: str = registry.TRIAGE
) -> list[str]:
    """The jobs a run of ``stage``'s layers has to materialize: postings that are new or changed since
    their `job_posting` row, and jobs with a layer of the stage that is missing, older than a row it is
    computed from (the candidate's row changes only with the CV), or made by another version of its
    code or another provider. For every other job the stage's layers are up to date: materializing
    them again would only read the cache.
    """
    return list(stale_layers(store, job_ids, provider, stage))


def stale_layers(
    store: DuckDBStore, job_ids: Sequence[str], provider: str, stage: str = registry.TRIAGE
) -> dict[str, list[str]]:
    """Job id -> the layers of ``stage`` it has to materialize (see ``jobs_to_refresh``), for the jobs
    that have any; a layer is stale when it is or when a layer it is computed from is."""
    candidate = store.read_lineage("candidate_profile", CANDIDATE_PROFILE_ID)
    ingested = store.read_records("ingested_postings", list(job_ids), JobPosting)
    specs = [spec for spec in registry.LAYERS if spec.stage == stage]
    read = {"job_posting", *(s.name for s in specs), *(d for s in specs for d in s.deps)} - {
        "candidate_profile"
    }
    tables = {table: store.read_lineages(table, list(job_ids)) for table in sorted(read)}

    def stale(job_id: str) -> list[str]:
        rows = {table: found[job_id] for table, found in tables.items() if job_id in found}
        rows |= {"candidate_profile": candidate} if candidate is not None else {}
        posting = rows.get("job_posting")
        if (
            job_id not in ingested
            or posting is None
            or posting.output_hash != ingested[job_id].content_sha256
        ):
            return [spec.name for spec in specs]
        found: list[str] = []
        for spec in specs:  # graph order: a layer's upstream layers are decided before it
            row = rows.get(spec.name)
            if (
                row is None
                or row.prompt_version != spec.version
                or row.provider != provider
                or any(dep in found or dep not in rows for dep in spec.deps)
                or any(row.materialized_at < rows[dep].materialized_at for dep in spec.deps)
            ):
                found.append(spec.name)
        return found

    return {job_id: layers for job_id in job_ids if (layers := stale(job_id))}


@dataclass
class BatchOutcome:
    succeeded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # job id -> reason
    # (layer, job id) -> served from cache, as first reported (a retried batch re-reports hits)
    cache_hits: dict[tuple[str, str], bool] = field(default_factory=dict)

    def absorb(self, other: BatchOutcome) -> None:
        """Add the outcome of another set of runs (the deep layers after the triage)."""
        self.succeeded += other.succeeded
        self.failed |= other.failed
        for key, hit in other.cache_hits.items():
            self.cache_hits.setdefault(key, hit)

    @property
    def computed(self) -> int:
        return sum(1 for hit in self.cache_hits.values() if not hit)

    @property
    def from_cache(self) -> int:
        return sum(1 for hit in self.cache_hits.values() if hit)


def run_in_batches(
    job: dg.JobDefinition,
    instance: dg.DagsterInstance,
    job_ids: Sequence[str],
    asset_selection: Sequence[dg.AssetKey] | None = None,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[list[str], BatchOutcome], None] = lambda batch, outcome: None,
    partitions: str = "job",
) -> BatchOutcome:
    """Materialize ``job_ids`` in partition-range runs in this process; failures are reported by job id.

    ``partitions`` is the dynamic partition set ``job`` runs over (``job``, or ``shortlist`` for the
    deep layers); ``on_batch(finished_job_ids, outcome)`` is called after each run (for a progress bar).
    """
    ordered = instance.get_dynamic_partitions(partitions)
    outcome = BatchOutcome()
    pending = partition_ranges(ordered, job_ids, batch_size)
    while pending:
        batch = pending.pop(0)
        result = _execute_range(job, instance, batch, asset_selection)
        for event in result.get_asset_materialization_events():
            materialization = event.materialization
            hit = materialization.metadata.get("cache_hit")
            if hit is not None and isinstance(hit.value, bool) and materialization.partition is not None:
                key = (materialization.asset_key.to_user_string(), materialization.partition)
                outcome.cache_hits.setdefault(key, hit.value)
        if result.success:
            outcome.succeeded += batch
            on_batch(batch, outcome)
            continue
        failures = failed_jobs(result, batch)
        outcome.failed |= failures
        on_batch([job_id for job_id in batch if job_id in failures], outcome)
        rest = [job_id for job_id in batch if job_id not in failures]
        pending[:0] = partition_ranges(ordered, rest, batch_size)
    return outcome


def _execute_range(
    job: dg.JobDefinition,
    instance: dg.DagsterInstance,
    batch: list[str],
    asset_selection: Sequence[dg.AssetKey] | None,
) -> dg.ExecuteInProcessResult:
    # One partition runs as a plain partitioned run (its data version is its own output hash).
    partition_key = batch[0] if len(batch) == 1 else None
    tags = {} if partition_key else {PARTITION_RANGE_START_TAG: batch[0], PARTITION_RANGE_END_TAG: batch[-1]}
    return job.execute_in_process(
        instance=instance,
        run_config=QUIET_RUN_CONFIG,
        raise_on_error=False,
        tags=tags,
        asset_selection=asset_selection,
        partition_key=partition_key,
    )


def failed_jobs(result: dg.ExecuteInProcessResult, batch: list[str]) -> dict[str, str]:
    """Job id -> reason for the jobs of ``batch`` a failed run names; all of them when it names none."""
    failures: dict[str, str] = {}
    for event in result.all_events:
        if not event.is_step_failure:
            continue
        data = event.step_failure_data
        named = data.user_failure_data.metadata.get(FAILED_JOBS_KEY) if data.user_failure_data else None
        if named is not None and isinstance(named.value, dict):
            failures |= {job_id: str(reason) for job_id, reason in named.value.items() if job_id in batch}
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.passed or not evaluation.blocking:
            continue
        violations = evaluation.metadata.get("violations")
        by_job = violations.value if violations is not None and isinstance(violations.value, dict) else {}
        for job_id, messages in by_job.items():
            if job_id in batch:
                failures.setdefault(job_id, f"check {evaluation.check_name} failed: {'; '.join(messages)}")
    if failures:
        return failures
    message = _first_error(result)
    return dict.fromkeys(batch, message)


def _first_error(result: dg.ExecuteInProcessResult) -> str:
    for event in result.all_events:
        if event.is_step_failure or event.event_type_value == "RUN_FAILURE":
            data = event.step_failure_data if event.is_step_failure else event.job_failure_data
            error = data.error if data else None
            if error is not None:
                return f"{event.step_key or 'run'}: {error.message.strip()}"
    return "the run failed without an error message (see `jobintel ui`, Runs)"


def backfill_daemon_alive(instance: dg.DagsterInstance, max_age_seconds: float = 120.0) -> bool:
    """True when a daemon on this instance has reported its backfill loop recently."""
    heartbeat = instance.get_daemon_heartbeats().get("BACKFILL")
    return heartbeat is not None and time.time() - heartbeat.timestamp < max_age_seconds
