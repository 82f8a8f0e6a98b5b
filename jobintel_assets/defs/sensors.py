"""How postings arrive without anyone clicking: the inbox sensor and the hourly job-board refresh.

The inbox sensor reads new and changed inbox files into the store, then turns what ingestion
logged (from the inbox, the boards, `jobintel ingest`) into `job` partitions and job_layers
runs, in the same tick. Its cursor is the last ``ingestion_log`` entry it requested a run for.
"""

import time
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from jobintel_assets.batches import (
    BATCH_SIZE,
    PARTITION_RANGE_END_TAG,
    PARTITION_RANGE_START_TAG,
    jobs_to_refresh,
    partition_ranges,
)
from jobintel_assets.defs.assets import job_partitions, shortlist_partitions
from jobintel_assets.defs.jobs import (
    CANDIDATE_JOB,
    JOB_LAYERS_JOB,
    SHORTLIST_LAYERS_JOB,
    candidate_profile_job,
    job_layers_job,
    shortlist_layers_job,
)
from jobintel_assets.defs.resources import (
    DuckDBStoreResource,
    IngestionSettings,
    PipelineSettings,
    ProvidersResource,
)
from jobintel_assets.ingestion.boards import BoardAPIs, BoardsConfigError, load_boards, refresh_boards
from jobintel_assets.ingestion.candidate import CandidateProfileError, candidate_files_hash
from jobintel_assets.ingestion.ingest import ingest_new_files
from jobintel_assets.layers.registry import DEEP
from jobintel_assets.layers.text import content_hash
from jobintel_assets.shortlist import ShortlistError, plan

_WAITING_RUNS = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED]


@dg.sensor(
    jobs=[candidate_profile_job, job_layers_job],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def inbox_sensor(
    context: dg.SensorEvaluationContext,
    store: DuckDBStoreResource,
    settings: PipelineSettings,
    ingestion: IngestionSettings,
    providers: ProvidersResource,
) -> dg.SensorResult:
    """Ingest new inbox files, register their jobs and request job_layers runs for new or changed postings,
    in partition ranges of up to ``BATCH_SIZE`` jobs per run."""
    db = store.open()
    inbox = Path(ingestion.inbox_dir)
    notes = []
    if inbox.is_dir():
        scan = ingest_new_files(
            db,
            inbox,
            datetime.now(UTC),
            max_files=ingestion.files_per_tick,
            settle_seconds=ingestion.settle_seconds,
            deadline=time.monotonic() + ingestion.tick_budget_seconds,
        )
        report = scan.report
        notes.append(
            f"read {len(scan.files_read)} file(s) ({scan.files_waiting} left for the next tick): "
            f"{len(report.new)} new posting(s), {len(report.changed)} changed, "
            f"{len(report.duplicates)} duplicate(s), {len(report.rejections)} rejected"
        )
    else:
        notes.append(f"inbox folder {inbox} does not exist; create it or set JOBINTEL_INBOX")

    after = int(context.cursor or 0)
    waiting = context.instance.get_runs_count(dg.RunsFilter(job_name=JOB_LAYERS_JOB, statuses=_WAITING_RUNS))
    room = max(0, min(ingestion.jobs_per_tick, ingestion.max_queued_runs - waiting))
    pending = db.ingestion_log_after(after, room) if room else []
    logged = list(dict.fromkeys(job_id for _, job_id in pending))
    known = context.instance.get_dynamic_partitions(job_partitions.name)
    new_partitions = [job_id for job_id in logged if job_id not in set(known)]
    partition_requests = [job_partitions.build_add_request(new_partitions)] if new_partitions else []

    if db.read_candidate() is None:
        # fit_score and the layers after it need the candidate: load it first, request the jobs next tick.
        try:
            version = candidate_files_hash(Path(settings.candidate_dir))[:16]
        except CandidateProfileError:
            version = "missing"  # the run fails naming the file to create
        context.log.info("; ".join([*notes, "candidate_profile requested first"]))
        return dg.SensorResult(
            run_requests=[dg.RunRequest(job_name=CANDIDATE_JOB, run_key=f"candidate_profile@{version}")],
            dynamic_partitions_requests=partition_requests,
            cursor=str(after),
        )

    # What `jobintel run` (or an earlier run) already materialized is not run again.
    todo = jobs_to_refresh(db, logged, providers.llm().provider)
    last_seq = pending[-1][0] if pending else after
    run_requests = [
        _layers_run(batch, last_seq)
        for batch in partition_ranges([*known, *new_partitions], todo, BATCH_SIZE)
    ]
    notes.append(
        f"{len(todo)} of {len(logged)} logged job(s) to materialize in {len(run_requests)} run(s), "
        f"{waiting} run(s) waiting in the queue"
    )
    context.log.info("; ".join(notes))
    return dg.SensorResult(
        run_requests=run_requests,
        dynamic_partitions_requests=partition_requests,
        cursor=str(last_seq),
        skip_reason=None if run_requests else "; ".join(notes),
    )


def _layers_run(batch: list[str], seq: int | str, job_name: str = JOB_LAYERS_JOB) -> dg.RunRequest:
    """One run of ``job_name`` for a contiguous range of partitions (a single partition as itself)."""
    if len(batch) == 1:
        return dg.RunRequest(job_name=job_name, partition_key=batch[0], run_key=f"{batch[0]}@{seq}")
    return dg.RunRequest(
        job_name=job_name,
        run_key=f"{batch[0]}..{batch[-1]}@{seq}",
        tags={PARTITION_RANGE_START_TAG: batch[0], PARTITION_RANGE_END_TAG: batch[-1]},
    )


@dg.sensor(
    jobs=[shortlist_layers_job], minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING
)
def shortlist_sensor(
    context: dg.SensorEvaluationContext,
    store: DuckDBStoreResource,
    settings: PipelineSettings,
    providers: ProvidersResource,
) -> dg.SensorResult | dg.SkipReason:
    """Keep the `shortlist` partitions equal to the shortlist (fit tier, or chosen by hand) and request the
    deep layers of the shortlisted jobs whose deep layers are missing or older than their fit score."""
    db = store.open()
    current = context.instance.get_dynamic_partitions(shortlist_partitions.name)
    try:
        found = plan(
            db,
            context.instance.get_dynamic_partitions(job_partitions.name),
            current,
            settings.shortlist_tiers,
            Path(settings.shortlist_file),
        )
    except ShortlistError as error:
        return dg.SkipReason(str(error))
    requests = []
    if found.to_add:
        requests.append(shortlist_partitions.build_add_request(found.to_add))
    if found.to_delete:
        requests.append(shortlist_partitions.build_delete_request(found.to_delete))
    todo = jobs_to_refresh(db, found.members, providers.llm().provider, DEEP)
    fits = db.read_lineages("fit_score", todo)
    ordered = [*(j for j in current if j not in found.to_delete), *found.to_add]
    run_requests = [
        # Keyed by the fit scores it follows: the same request is made once, a new score asks again.
        _layers_run(batch, content_hash([fits[j].output_hash for j in batch])[:12], SHORTLIST_LAYERS_JOB)
        for batch in partition_ranges(ordered, todo, BATCH_SIZE)
    ]
    note = (
        f"{len(found.members)} job(s) on the shortlist ({len(found.to_add)} joined, "
        f"{len(found.to_delete)} left); {len(todo)} to give their deep layers in {len(run_requests)} run(s)"
    )
    context.log.info(note)
    return dg.SensorResult(
        run_requests=run_requests,
        dynamic_partitions_requests=requests,
        skip_reason=None if run_requests or requests else note,
    )


# ------------------------------------------------------------------ job boards


@dg.op
def refresh_job_boards(
    context: dg.OpExecutionContext, store: DuckDBStoreResource, ingestion: IngestionSettings
) -> dg.Output[None]:
    """Read every board in the boards file, store new and changed postings, close the ones gone."""
    try:
        boards = load_boards(Path(ingestion.boards_file))
    except BoardsConfigError as error:
        raise dg.Failure(str(error)) from None
    apis = BoardAPIs(
        greenhouse=ingestion.greenhouse_api,
        lever=ingestion.lever_api,
        lever_eu=ingestion.lever_eu_api,
        ashby=ingestion.ashby_api,
    )
    results = refresh_boards(
        store.open(), boards, apis, datetime.now(UTC), timeout_seconds=ingestion.board_timeout_seconds
    )
    summary = {}
    for result in results:
        if result.error:
            context.log.warning(result.error)
            summary[result.board] = {"error": result.error}
            continue
        report = result.report
        summary[result.board] = {
            "listed": result.listed,
            "new": len(report.new),
            "changed": len(report.changed),
            "duplicates": len(report.duplicates),
            "rejected": len(report.rejections),
            "closed": len(result.closed),
        }
        context.log.info(f"{result.board}: {summary[result.board]}")
    return dg.Output(
        None,
        metadata={
            "boards": len(boards),
            "unreadable": sum(1 for r in results if r.error),
            "new_postings": sum(len(r.report.new) for r in results if r.report),
            "closed_postings": sum(len(r.closed) for r in results if r.report),
            "per_board": dg.MetadataValue.json(summary),
        },
    )


@dg.job(description="Read the job boards listed in the boards file (data/boards.yaml).")
def job_boards_refresh() -> None:
    refresh_job_boards()


@dg.schedule(
    job=job_boards_refresh, cron_schedule="0 * * * *", default_status=dg.DefaultScheduleStatus.RUNNING
)
def job_boards_schedule(
    context: dg.ScheduleEvaluationContext, ingestion: IngestionSettings
) -> dg.RunRequest | dg.SkipReason:
    """Every hour, when the boards file lists any board; the inbox sensor then requests their layers."""
    try:
        boards = load_boards(Path(ingestion.boards_file))
    except BoardsConfigError:
        return dg.RunRequest()  # the run fails with the message, where the user looks for failures
    if not boards:
        return dg.SkipReason(f"no boards listed in {ingestion.boards_file}")
    return dg.RunRequest()
