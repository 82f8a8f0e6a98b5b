"""The `jobintel` command: run the pipeline through Dagster, look at what it stored, open the UI."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import warnings
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jobintel_assets import config
from jobintel_assets.documents import CV_FORMATS, cv_file_name

if TYPE_CHECKING:
    from dagster import DagsterInstance, Definitions

    from jobintel_assets.batches import BatchOutcome
    from jobintel_assets.reporting import Applications
    from jobintel_assets.storage.duckdb_store import DuckDBStore
    from jobintel_assets.tracking import Status, StatusChange
from jobintel_assets.instance import (
    PROJECT_CONFIG,
    InstanceConfigError,
    register_pool_limits,
    write_instance_config,
)
from jobintel_assets.shortlist import ShortlistError
from jobintel_assets.tracking import TrackingError

EXIT_OK = 0
EXIT_FAILED_JOBS = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3

EXIT_CODES_HELP = """exit codes:
  0  done
  1  a job (or the candidate profile) failed: the message names it; details in `jobintel ui`, Runs
  2  usage or configuration error: a missing folder, database or setting, or a CV file that
     `cv import` cannot read, named in the message
  3  `show`: no such job id"""

QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME, or a persistent ./.dagster_home, with its dagster.yaml written from the project's.

    A dagster.yaml without jobintel's header in a DAGSTER_HOME you set is yours and left alone.
    """
    managed_by_user = bool(os.environ.get(config.ENV_DAGSTER_HOME))
    home = config.dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    write_instance_config(home, PROJECT_CONFIG, os.environ, managed_by_user=managed_by_user)
    # Dagster reads the instance folder from this variable only.
    os.environ[config.ENV_DAGSTER_HOME] = str(home)
    return home


def _dagster(paths: config.Paths) -> tuple[Definitions, DagsterInstance]:
    """The instance (its folder and dagster.yaml written, the duckdb pool's limit stored) and the
    Definitions on ``paths``, for the commands that run assets in this process."""
    ensure_dagster_home()
    import dagster as dg

    from jobintel_assets.defs.assets import DUCKDB_POOL
    from jobintel_assets.defs.definitions import build_definitions

    instance = dg.DagsterInstance.get()
    register_pool_limits(instance, [DUCKDB_POOL])
    return build_definitions(paths), instance


def _paths(args: argparse.Namespace) -> config.Paths:
    """Every path of this command, absolute: options and JOBINTEL_* read against the project folder."""
    return config.Paths.from_env(db=getattr(args, "db", None), inbox=getattr(args, "inbox", None))


def _print_table(rows: list[dict[str, object]], columns: list[str]) -> None:
    cells = [[("" if row.get(c) is None else str(row.get(c))) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def cmd_run(args: argparse.Namespace) -> int:
    paths = _paths(args)
    if not paths.inbox.is_dir():
        print(
            f"error: inbox folder {paths.inbox} does not exist: pass --inbox DIR or set {config.ENV_INBOX}."
        )
        return EXIT_USAGE
    defs, instance = _dagster(paths)

    from jobintel_assets.defs.applications import report_applications
    from jobintel_assets.defs.definitions import JOB_LAYERS_JOB
    from jobintel_assets.ingestion.ingest import ingest_folder
    from jobintel_assets.storage.duckdb_store import DuckDBStore

    started = time.monotonic()
    store = DuckDBStore(paths.db)
    report = ingest_folder(store, paths.inbox, datetime.now(UTC))
    print(
        f"Ingested {len(report.job_ids)} postings from {paths.inbox} "
        f"({len(report.new)} new, {len(report.changed)} changed), {len(report.rejections)} rejected."
    )
    for rejection in report.rejections:
        print(f"  rejected {rejection.source}: {rejection.reason}")

    known = set(instance.get_dynamic_partitions("job"))
    instance.add_dynamic_partitions("job", [j for j in report.job_ids if j not in known])

    if not _materialize_candidate(defs, instance, paths):
        return EXIT_FAILED_JOBS

    provider = defs.resources["providers"].process_config_and_initialize().llm().provider
    todo = report.job_ids
    if not args.all:
        from jobintel_assets.batches import jobs_to_refresh

        todo = jobs_to_refresh(store, report.job_ids, provider)
        print(f"{len(report.job_ids) - len(todo)} job(s) triaged and up to date, {len(todo)} to triage.")
    outcome = _run_batches(defs.resolve_job_def(JOB_LAYERS_JOB), instance, todo, None)
    scored_after = time.monotonic() - started
    print(f"Ranked list: {len(report.job_ids)} job(s) scored, {scored_after:.1f} s after the start.")
    rerun = report.job_ids if args.all else None
    outcome.absorb(_shortlist_deep_layers(defs, instance, store, paths, provider, rerun))
    print(f"Shortlist's deep layers done, {time.monotonic() - started:.1f} s after the start.")
    pay_ok = _materialize_pay_view(defs, instance)
    report_applications(instance, paths.db, "jobintel run: the jobs it ingested start as new")
    _print_layer_counts(outcome)
    _print_ranked_list(store, report.job_ids, paths)
    print(f"\nDuckDB: {paths.db}   (view job_overview: one row per job)")
    print(f"Dossiers: {paths.dossier_dir}")
    print("Pay by title family, level and place: `jobintel pay` (tables pay_groups, pay_positions)")
    return _report_failures(outcome) or (EXIT_OK if pay_ok else EXIT_FAILED_JOBS)


def _materialize_pay_view(defs: object, instance: object) -> bool:
    """Materialize pay_view over every posting and the current shortlist; when it fails, say why."""
    from jobintel_assets.defs.definitions import MARKET_JOB

    run = defs.resolve_job_def(MARKET_JOB).execute_in_process(
        instance=instance, run_config=QUIET_RUN_CONFIG, raise_on_error=False
    )
    if not run.success:
        print(f"error: the pay view could not be computed:\n{_first_failure(run)}")
        return False
    (materialization,) = run.get_asset_materialization_events()
    meta = {key: value.value for key, value in materialization.materialization.metadata.items()}
    print(
        f"Pay view: {meta['with_pay']} of {meta['postings']} postings state pay "
        f"({meta['no_pay_stated']} state none, {meta['no_currency']} name no currency), "
        f"{meta['groups_with_percentiles']} of {meta['groups']} groups with percentiles, "
        f"{meta['shortlisted_positioned']} shortlisted job(s) positioned."
    )
    return True


def _print_ranked_list(store: object, job_ids: list[str] | None, paths: config.Paths) -> None:
    """The jobs, best fit first, each with whether it is shortlisted and why."""
    from jobintel_assets.layers.models import FitScore
    from jobintel_assets.shortlist import parse_tiers, shortlist, shortlist_tiers, why_not
    from jobintel_assets.tracking import statuses

    rows = store.overview(job_ids)
    fits = store.read_records("fit_score", [row["job_id"] for row in rows], FitScore)
    tiers, tracked = parse_tiers(shortlist_tiers()), statuses(store)
    reasons = shortlist(fits, tiers, tracked)
    for row in rows:
        job_id = row["job_id"]
        row["shortlist"] = (
            f"yes: {reasons[job_id]}"
            if job_id in reasons
            else (f"no: {why_not(fits.get(job_id), job_id, tiers, tracked)}")
        )
        row["closes"] = _closing(row)
    columns = ["job_id", "title", "company", "fit_score", "tier", "shortlist"]
    if any(row["closes"] for row in rows):
        columns.append("closes")
    _print_table(rows, columns)
    if any(row["closed_at"] for row in rows):
        print("A job marked 'closed' has passed its closing date or is no longer listed: check it is open.")


def _closing(row: dict[str, object]) -> str:
    """When applications close, as the posting or the boards say."""
    closes = row["closes_at"] or ""
    if row["closed_at"] is None:
        return str(closes)
    return f"closed {closes}" if closes else "closed (no longer listed)"


def _shortlist_deep_layers(
    defs: object,
    instance: object,
    store: object,
    paths: config.Paths,
    provider: str,
    rerun: list[str] | None,
) -> BatchOutcome:
    """Bring the `shortlist` partitions in line with the fit scores and the hand-made choices, then
    materialize the deep layers of the shortlisted jobs that need them (``rerun``: these anyway)."""
    import dagster as dg

    from jobintel_assets.batches import stale_layers
    from jobintel_assets.defs.definitions import SHORTLIST_LAYERS_JOB
    from jobintel_assets.layers.registry import DEEP, stage_layers
    from jobintel_assets.shortlist import SHORTLIST_PARTITIONS, apply, plan, shortlist_tiers

    tiers = shortlist_tiers()
    found = plan(
        store,
        instance.get_dynamic_partitions("job"),
        instance.get_dynamic_partitions(SHORTLIST_PARTITIONS),
        tiers,
        paths.shortlist_file,
    )
    apply(instance, found)
    stale = stale_layers(store, found.members, provider, DEEP)
    todo = [job_id for job_id in found.members if job_id in stale or job_id in set(rerun or [])]
    print(
        f"Shortlist (tiers {tiers or 'none'}, and the statuses you tracked): "
        f"{len(found.members)} job(s), {len(found.to_add)} joined, {len(found.to_delete)} left "
        f"(their stored deep layers stay, no longer refreshed); {len(todo)} to research and write up."
    )
    # Only the stale deep layers (with --all, all of them): a re-score leaves company research alone.
    layers = {layer for job_id in todo for layer in stale.get(job_id, [])}
    selection = (
        None if rerun is not None else [dg.AssetKey(name) for name in stage_layers(DEEP) if name in layers]
    )
    return _run_batches(
        defs.resolve_job_def(SHORTLIST_LAYERS_JOB), instance, todo, selection, partitions=SHORTLIST_PARTITIONS
    )


def _materialize_candidate(defs: object, instance: object, paths: config.Paths) -> bool:
    """Materialize candidate_profile; when the master CV cannot be loaded, say why."""
    from jobintel_assets.defs.definitions import CANDIDATE_JOB

    run = defs.resolve_job_def(CANDIDATE_JOB).execute_in_process(
        instance=instance, run_config=QUIET_RUN_CONFIG, raise_on_error=False
    )
    if not run.success:
        print(f"error: the candidate profile in {paths.candidate_dir} could not be loaded:")
        print(_first_failure(run))
    return run.success


def _run_batches(
    job: object,
    instance: object,
    job_ids: list[str],
    asset_selection: list[object] | None,
    partitions: str = "job",
) -> BatchOutcome:
    """Materialize ``job_ids`` in partition-range runs in this process, with a progress bar."""
    from jobintel_assets.batches import run_in_batches

    with _progress() as progress:
        task = progress.add_task("materializing", total=len(job_ids))

        def on_batch(finished: list[str], outcome: BatchOutcome) -> None:
            for job_id in finished:
                if job_id in outcome.failed:
                    progress.console.print(
                        f"{job_id}: FAILED {outcome.failed[job_id]}",
                        markup=False,
                        highlight=False,
                        soft_wrap=True,
                    )
            progress.advance(task, len(finished))

        return run_in_batches(
            job, instance, job_ids, asset_selection=asset_selection, on_batch=on_batch, partitions=partitions
        )


def _print_layer_counts(outcome: BatchOutcome) -> None:
    print(f"\nLayers computed: {outcome.computed}, served from cache: {outcome.from_cache}.")


def _report_failures(outcome: BatchOutcome) -> int:
    if outcome.failed:
        failed = ", ".join(outcome.failed)
        print(f"\n{len(outcome.failed)} job(s) failed: {failed}. Details: `jobintel ui`, Runs page.")
        return EXIT_FAILED_JOBS
    return EXIT_OK


def cmd_rescore(args: argparse.Namespace) -> int:
    paths = _paths(args)
    if not paths.db.is_file():
        print(f"No database at {paths.db}: run `jobintel run` first.")
        return EXIT_USAGE
    defs, instance = _dagster(paths)

    import dagster as dg

    from jobintel_assets import backfills, batches
    from jobintel_assets.defs.definitions import JOB_LAYERS_JOB
    from jobintel_assets.layers import registry
    from jobintel_assets.layers.registry import TRIAGE, downstream_of_candidate, upstream
    from jobintel_assets.storage.duckdb_store import DuckDBStore

    if not _materialize_candidate(defs, instance, paths):
        return EXIT_FAILED_JOBS
    partitions = instance.get_dynamic_partitions("job")
    # Every job is re-scored (triage); the shortlist that follows from the new scores gets its deep layers.
    rescored = [layer for layer in downstream_of_candidate() if registry.BY_NAME[layer].stage == TRIAGE]
    # Jobs whose layers before the re-scored ones are stored: the others have nothing to re-score yet.
    store = DuckDBStore(paths.db)
    ready = [set(store.read_lineages(layer, list(partitions))) for layer in upstream(rescored[0])]
    job_ids = [job_id for job_id in partitions if all(job_id in rows for rows in ready)]
    asset_keys = [dg.AssetKey(name) for name in rescored]
    print(f"Re-scoring {len(job_ids)} job(s): {', '.join(rescored)}; then the shortlist's deep layers.")
    if not job_ids:
        return EXIT_OK

    url = args.url.rstrip("/") + "/graphql"
    if batches.backfill_daemon_alive(instance) and backfills.webserver_reachable(url):
        # The daemon's shortlist sensor then requests the deep layers of the new shortlist.
        return _rescore_backfill(url, rescored, job_ids)
    outcome = _run_batches(defs.resolve_job_def(JOB_LAYERS_JOB), instance, job_ids, asset_keys)
    provider = defs.resources["providers"].process_config_and_initialize().llm().provider
    outcome.absorb(_shortlist_deep_layers(defs, instance, store, paths, provider, None))
    pay_ok = _materialize_pay_view(defs, instance)  # the floor and the shortlist may have changed
    _print_layer_counts(outcome)
    return _report_failures(outcome) or (EXIT_OK if pay_ok else EXIT_FAILED_JOBS)


def cmd_annotate(args: argparse.Namespace) -> int:
    """Mark phrases of one job's posting, then re-score that job alone."""
    from jobintel_assets import reporting
    from jobintel_assets.ingestion.annotations import AnnotationsError, add_annotations, annotations_path
    from jobintel_assets.layers.models import Annotation, AnnotationMark

    paths = _paths(args)
    new = [
        Annotation(phrase=phrase, mark=mark, note=args.note)
        for mark in AnnotationMark
        for phrase in getattr(args, mark.value) or []
    ]
    if not paths.db.is_file():
        print(f"No database at {paths.db}: run `jobintel run` first.")
        return EXIT_USAGE
    try:
        job_id = reporting.resolve_job_id(args.job_id, paths.db)
        # With no mark given, the file as it is (edited by hand) is what the job is re-scored with.
        path = (
            add_annotations(paths.annotations_dir, job_id, new)
            if new
            else annotations_path(paths.annotations_dir, job_id)
        )
    except reporting.JobNotFound as error:
        print(f"error: {error}")
        return EXIT_NOT_FOUND
    except AnnotationsError as error:
        print(f"error: {error}")
        return EXIT_USAGE
    print(f"Annotations of {job_id}: {path}. Re-scoring this job.")
    defs, instance = _dagster(paths)

    import dagster as dg

    from jobintel_assets.defs.definitions import JOB_LAYERS_JOB
    from jobintel_assets.layers.registry import TRIAGE, downstream_of_candidate, stage_layers

    asset_keys = [dg.AssetKey(name) for name in downstream_of_candidate() if name in stage_layers(TRIAGE)]
    outcome = _run_batches(defs.resolve_job_def(JOB_LAYERS_JOB), instance, [job_id], asset_keys)
    if not outcome.failed:
        from jobintel_assets.storage.duckdb_store import DuckDBStore

        provider = defs.resources["providers"].process_config_and_initialize().llm().provider
        outcome.absorb(_shortlist_deep_layers(defs, instance, DuckDBStore(paths.db), paths, provider, None))
    _print_layer_counts(outcome)
    if not outcome.failed:
        fit = reporting.fit_headline(job_id, paths.db)
        if fit is not None:
            print(f"{job_id}: fit score {fit[0]}, tier {fit[1]}.")
    return _report_failures(outcome)


def _rescore_backfill(url: str, assets: list[str], job_ids: list[str]) -> int:
    """Launch the re-scoring as a backfill on the running webserver and daemon; follow it to the end."""
    from jobintel_assets import backfills

    backfill_id = backfills.launch_backfill(url, assets, job_ids, title="jobintel rescore")
    print(f"Backfill {backfill_id} launched on {url}: the daemon runs it in batches (UI: Backfills).")
    with _progress() as progress:
        task = progress.add_task("re-scoring", total=len(job_ids))
        while True:
            status = backfills.backfill_progress(url, backfill_id, assets[-1])
            progress.update(task, completed=status.materialized + status.failed)
            if status.finished:
                break
            time.sleep(2.0)
    print(f"Backfill {status.status}: {status.materialized} job(s) re-scored, {status.failed} failed.")
    return EXIT_OK if status.failed == 0 and status.status != "FAILED" else EXIT_FAILED_JOBS


def _progress() -> Progress:
    """A progress bar on a terminal; elsewhere (a log, a pipe) only the lines printed through it."""
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    return Progress(*columns, transient=True)


def _first_failure(result: object) -> str:
    for event in result.all_events:
        if event.is_step_failure or event.event_type_value == "RUN_FAILURE":
            error = event.event_specific_data.error if event.event_specific_data else None
            # Dagster wraps what our code raised: the innermost cause says what to do.
            while error is not None and error.cause is not None:
                error = error.cause
            if error is not None:
                return f"  {event.step_key or 'run'}: {error.message.strip()}"
    return "  (no error message recorded)"


def cmd_status(args: argparse.Namespace) -> int:
    paths = _paths(args)
    if not paths.db.is_file():
        print(f"No database at {paths.db}: run `jobintel run` first.")
        return EXIT_USAGE
    from jobintel_assets.storage.duckdb_store import DuckDBStore

    print(f"DuckDB: {paths.db}\nInbox: {paths.inbox}\nMaster CV: {paths.candidate_dir}")
    print(f"Dossiers: {paths.dossier_dir}\nDagster instance: {config.dagster_home()}\n")
    store = DuckDBStore(paths.db)
    counts = store.table_counts()
    _print_table([{"table": t, "rows": n} for t, n in counts.items()], ["table", "rows"])
    rejections = store.rejections()
    if rejections:
        print(f"\nRejected postings ({len(rejections)}):")
        for rejection in rejections:
            print(f"  {rejection.source}: {rejection.reason}")
    print("\nThe ranked list (the shortlist gets research, contacts, a tailored CV and a dossier):")
    _print_ranked_list(store, None, paths)
    return EXIT_OK


def cmd_shortlist(args: argparse.Namespace) -> int:
    """List the shortlist, or add or remove a job by hand (the status shortlisted or discarded, as
    `jobintel track` records it) and give the shortlist its deep layers."""
    from jobintel_assets import reporting, tracking

    paths = _paths(args)
    if not paths.db.is_file():
        print(f"No database at {paths.db}: run `jobintel run` first.")
        return EXIT_USAGE
    from jobintel_assets.storage.duckdb_store import DuckDBStore

    store = DuckDBStore(paths.db)
    try:
        if args.action == "list":
            _print_ranked_list(store, None, paths)
            return EXIT_OK
        if not args.job_id:
            print(
                f"error: `jobintel shortlist {args.action}` needs a job id (see `jobintel shortlist list`)."
            )
            return EXIT_USAGE
        job_id = reporting.resolve_job_id(args.job_id, paths.db)
    except reporting.JobNotFound as error:
        print(f"error: {error}")
        return EXIT_NOT_FOUND
    status = tracking.Status.SHORTLISTED if args.action == "add" else tracking.Status.DISCARDED
    current = tracking.latest(store, [job_id]).get(job_id)
    # A job you applied to is on the shortlist already, a rejected one off it: its status stays.
    already = tracking.ON_SHORTLIST if args.action == "add" else tracking.CLOSED
    if current is not None and current.status in already:
        print(
            f"{job_id}: {current.status} already, so {'on' if args.action == 'add' else 'off'} the shortlist."
        )
    else:
        change = tracking.next_change(current, job_id, status, _today(), None, None, datetime.now(UTC))
        tracking.record(store, [change])
        print(f"{job_id}: {status} (`jobintel track {job_id}` shows its history).")
    defs, instance = _dagster(paths)
    provider = defs.resources["providers"].process_config_and_initialize().llm().provider
    outcome = _shortlist_deep_layers(defs, instance, store, paths, provider, None)
    pay_ok = _materialize_pay_view(defs, instance)  # the shortlist's pay positions
    _print_layer_counts(outcome)
    return _report_failures(outcome) or (EXIT_OK if pay_ok else EXIT_FAILED_JOBS)


def cmd_ingest(args: argparse.Namespace) -> int:
    paths = _paths(args)
    ensure_dagster_home()

    import dagster as dg

    from jobintel_assets.defs.definitions import build_definitions
    from jobintel_assets.ingestion.ingest import ingest_targets
    from jobintel_assets.storage.duckdb_store import DuckDBStore

    providers = build_definitions(paths).resources["providers"].process_config_and_initialize()
    report = ingest_targets(DuckDBStore(paths.db), args.targets, providers.web(), datetime.now(UTC))
    instance = dg.DagsterInstance.get()
    known = set(instance.get_dynamic_partitions("job"))
    instance.add_dynamic_partitions("job", [job_id for job_id in report.job_ids if job_id not in known])
    print(
        f"Ingested {len(report.job_ids)} job(s): {len(report.new)} new, {len(report.changed)} changed, "
        f"{len(report.duplicates)} duplicate(s) of a known job; {len(report.rejections)} rejected."
    )
    for source, job_id in report.duplicates.items():
        print(f"  duplicate {source}: same posting as job {job_id}")
    for rejection in report.rejections:
        print(f"  rejected {rejection.source}: {rejection.reason}")
    if report.new or report.changed:
        print("Their layers follow while Dagster runs (`jobintel ui`): the inbox sensor requests them.")
    return EXIT_FAILED_JOBS if report.rejections else EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markdown import Markdown

    from jobintel_assets import reporting

    paths = _paths(args)
    if not paths.db.is_file():
        print(f"No database at {paths.db}: run `jobintel run` first.")
        return EXIT_USAGE
    try:
        job_id = reporting.resolve_job_id(args.job_id, paths.db)
    except reporting.JobNotFound as error:
        print(f"error: {error}")
        return EXIT_NOT_FOUND
    if args.cv:
        return _show_cv_file(job_id, args.cv, paths)
    markdown = reporting.dossier_markdown(job_id, paths.db)
    if markdown is None:
        fit = reporting.fit_headline(job_id, paths.db)
        if fit is None:
            print(
                f"Job {job_id} has no dossier yet: run `jobintel run` (or materialize `dossier` in the UI)."
            )
        else:
            print(
                f"Job {job_id} has no dossier: with fit score {fit[0]}, tier {fit[1]}, it is not on the "
                "shortlist (`jobintel shortlist list` says why). "
                f"`jobintel shortlist add {job_id}` writes one."
            )
        return EXIT_NOT_FOUND
    Console().print(Markdown(markdown))
    return EXIT_OK


def _show_cv_file(job_id: str, file_format: str, paths: config.Paths) -> int:
    """Print the path of the job's tailored CV file, for attaching or opening (`xdg-open "$(...)"`)."""
    from jobintel_assets.layers.dossier import dossier_filename

    path = (paths.dossier_dir / cv_file_name(dossier_filename(job_id), file_format)).resolve()
    if not path.is_file():
        print(f"Job {job_id} has no CV file at {path} yet: run `jobintel run` (or materialize `cv`).")
        return EXIT_NOT_FOUND
    print(path)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from jobintel_assets import reporting

    paths = _paths(args)
    if not paths.db.is_file():
        print(f"No database at {paths.db}: run `jobintel run` first.")
        return EXIT_USAGE
    summary = reporting.summarize(paths.db)
    print(f"{summary.jobs} jobs, {summary.scored} scored.")
    print("Tiers: " + ", ".join(f"{tier} {count}" for tier, count in summary.tiers.items()))
    print(f"Companies with signals: {summary.companies_with_signals}")
    spend = f"Provider spend: ${summary.cost_usd:.4f}"
    if summary.unpriced_calls:
        spend += f" (+ {summary.unpriced_calls} calls without a known price)"
    print(spend)
    print("\nBest fit:")
    columns = ["job_id", "title", "company", "fit_score", "tier"]
    _print_table([dict(zip(columns, row, strict=True)) for row in summary.best], columns)
    print("\nMost-wanted skills you lack:")
    _print_table([{"skill": s, "jobs": n} for s, n in summary.missing_skills], ["skill", "jobs"])
    _print_applications(reporting.applications(paths.db), brief=True)
    print()
    print(reporting.pay_section(paths.db))
    chart = reporting.write_chart(summary, Path(args.out) if args.out else paths.data_dir / "report.png")
    print(f"\nChart: {chart.resolve()}")
    return EXIT_OK


def cmd_pay(args: argparse.Namespace) -> int:
    from jobintel_assets import reporting

    paths = _paths(args)
    if not paths.db.is_file():
        print(f"No database at {paths.db}: run `jobintel run` first.")
        return EXIT_USAGE
    if not args.job_id:
        print(reporting.pay_section(paths.db, groups=args.groups))
        return EXIT_OK
    try:
        job_id = reporting.resolve_job_id(args.job_id, paths.db)
    except reporting.JobNotFound as error:
        print(f"error: {error}")
        return EXIT_NOT_FOUND
    print(reporting.job_pay(job_id, paths.db))
    return EXIT_OK


def cmd_ui(args: argparse.Namespace) -> int:
    paths = _paths(args)
    home = ensure_dagster_home()
    import dagster as dg

    from jobintel_assets.defs.assets import DUCKDB_POOL
    from jobintel_assets.processes import stop_process_group

    with dg.DagsterInstance.get() as instance:
        register_pool_limits(instance, [DUCKDB_POOL])
    command = [sys.executable, "-m", "dagster", "dev", "-m", "jobintel_assets.defs"]
    command += ["--host", args.host, "--port", str(args.port)]
    # Started in the instance folder, the only dagster.yaml Dagster sees beside it is the instance's own;
    # the project's paths go to the webserver, the daemon and the code server as absolute paths.
    # `dagster dev` still works in 1.13; only its notice that `dg dev` supersedes it is silenced.
    env = os.environ | paths.as_env() | {"PYTHONWARNINGS": "ignore:Function `dev_command` is superseded"}
    print(f"DuckDB: {paths.db}\nInbox: {paths.inbox}\nDagster instance: {home}")
    # Its own session, so that the whole tree it starts can be stopped as one group.
    dev = subprocess.Popen(command, cwd=home, env=env, start_new_session=True)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        return dev.wait()
    except KeyboardInterrupt:
        return EXIT_OK
    finally:
        stop_process_group(dev)


def cmd_cv_import(args: argparse.Namespace) -> int:
    from jobintel_assets.cv_import.draft import describe
    from jobintel_assets.cv_import.importer import draft_from_file, write_draft
    from jobintel_assets.cv_import.readers import CvImportError
    from jobintel_assets.ingestion.candidate import MASTER_CV_FILE

    source = Path(args.file)
    out = Path(args.out) if args.out else config.Paths.from_env().candidate_dir / MASTER_CV_FILE
    now = datetime.now(UTC)
    llm = None
    if os.environ.get(config.ENV_OPENAI_API_KEY) and not args.offline:
        from jobintel_assets.defs.definitions import build_definitions

        llm = build_definitions().resources["providers"].process_config_and_initialize().llm()
    try:
        imported = draft_from_file(source, now, llm)
        backup = write_draft(imported, out, now, force=args.force)
    except CvImportError as error:
        print(f"error: {error}")
        return EXIT_USAGE
    if backup:
        print(f"The previous master CV is kept as {backup}.")
    print(f"Wrote the master CV draft {out}, read from {source}:")
    if imported.structured_by:
        print(
            f"  read by the {imported.structured_by}; {imported.dropped} value(s) it gave are not in the "
            "file and were left out; what only the model found is marked 'from the model'"
        )
    print("\n".join(describe(imported.draft)))
    return EXIT_OK


def cmd_cv_export(args: argparse.Namespace) -> int:
    from jobintel_assets.cv_import.importer import export_json_resume
    from jobintel_assets.ingestion.candidate import CandidateProfileError, load_candidate

    paths = config.Paths.from_env()
    try:
        profile = load_candidate(paths.candidate_dir)
    except CandidateProfileError as error:
        print(f"error: {error}")
        return EXIT_USAGE
    text = export_json_resume(profile)
    if not args.out:
        sys.stdout.write(text)
        return EXIT_OK
    Path(args.out).write_text(text, encoding="utf-8")
    print(
        f"Wrote {args.out} (JSON Resume). Not in that format, so not exported: persona's tone, "
        "years_experience, each role's skills, preferences."
    )
    return EXIT_OK


def _add_cv_commands(commands: argparse._SubParsersAction) -> None:
    cv = commands.add_parser("cv", help="import your CV as the master CV draft, or export the master CV")
    cv_commands = cv.add_subparsers(dest="cv_command", required=True)
    cv_import = cv_commands.add_parser(
        "import",
        help="write a master CV draft from a PDF, DOCX, Markdown, text or JSON Resume file",
        description="Read your CV and write a master CV draft: every value comes from the file, and what "
        "it does not say is left empty with a TODO comment. Then fill in the TODOs and run `jobintel run`. "
        f"With ${config.ENV_OPENAI_API_KEY} set a model reads the CV; whatever it gives that the file does "
        "not contain is left out, and what only the model found is marked.",
    )
    cv_import.add_argument("file", metavar="FILE", help=".pdf, .docx, .md, .txt or .json (JSON Resume)")
    cv_import.add_argument(
        "--out",
        help=f"where to write the draft (default: ${config.ENV_CANDIDATE_DIR}/master_cv.yaml "
        "or data/candidate/master_cv.yaml)",
    )
    cv_import.add_argument(
        "--force", action="store_true", help="replace an existing master CV (a timestamped backup is kept)"
    )
    cv_import.add_argument(
        "--offline",
        action="store_true",
        help=f"read the CV with the local reader even when ${config.ENV_OPENAI_API_KEY} is set",
    )
    cv_import.set_defaults(handler=cmd_cv_import)
    cv_export = cv_commands.add_parser(
        "export",
        help="write the master CV in another format (JSON Resume)",
        description="Write the master CV as JSON Resume (https://jsonresume.org/schema).",
    )
    cv_export.add_argument("--format", choices=["json-resume"], default="json-resume")
    cv_export.add_argument("--out", help="file to write (default: print it)")
    cv_export.set_defaults(handler=cmd_cv_export)


def _today() -> date:
    """Today in this machine's time zone (DuckDB's current_date, which the tracking views use)."""
    return datetime.now().astimezone().date()


def _track_targets(
    args: argparse.Namespace, store: DuckDBStore, db: Path
) -> tuple[list[str], Status | None, str]:
    """The jobs a `track` command names (its ids, or a fit tier's jobs that are new or shortlisted), the
    status to record (None: show the history, or keep the status) and what the ids were chosen by."""
    from jobintel_assets import reporting, tracking
    from jobintel_assets.layers.models import Tier

    words = list(args.words)
    if args.tier:
        if len(words) != 1:
            raise TrackingError(
                "--tier moves the jobs of a fit tier to one status: e.g. `jobintel track --tier D discarded`"
            )
        status = tracking.parse_status(words[0])
        tiers = [part.strip().upper() for part in args.tier.split(",") if part.strip()]
        unknown = [tier for tier in tiers if tier not in Tier.__members__]
        if unknown or not tiers:
            raise TrackingError(
                f"--tier {args.tier!r}: {', '.join(unknown) or 'no tier'} is not a fit tier; "
                "write A, B, C or D (several: C,D)"
            )
        with store.connect() as con:
            in_tiers = [
                row[0]
                for row in con.execute(
                    "SELECT job_id FROM fit_score WHERE list_contains(?::VARCHAR[], tier) "
                    "ORDER BY fit_score DESC, job_id",
                    [tiers],
                ).fetchall()
            ]
        return in_tiers, status, f"tier {','.join(tiers)}"
    if not words:
        raise TrackingError(
            "name a job: `jobintel track JOB [STATUS]` (`jobintel pipeline` shows every job's status)"
        )
    named: Status | None = tracking.parse_status(words.pop()) if len(words) >= 2 else None
    if named is None and words[0].strip().lower() in set(tracking.FUNNEL):
        raise TrackingError(
            f"which jobs? `jobintel track JOB {words[0]}`, "
            f"or a fit tier's: `jobintel track --tier D {words[0]}`"
        )
    try:
        job_ids = list(dict.fromkeys(reporting.resolve_job_id(word, db) for word in words))
    except reporting.JobNotFound as error:
        raise TrackingError(f"{error} Nothing was recorded.") from None
    return job_ids, named, "id"


def cmd_track(args: argparse.Namespace) -> int:
    """Record a status change of one job, several, or a fit tier's; or show one job's history."""
    from jobintel_assets import tracking
    from jobintel_assets.layers.models import FitScore
    from jobintel_assets.shortlist import parse_tiers, shortlist, shortlist_tiers
    from jobintel_assets.storage.duckdb_store import DuckDBStore

    paths = _paths(args)
    if not paths.db.is_file():
        print(f"No database at {paths.db}: run `jobintel run` first.")
        return EXIT_USAGE
    store = DuckDBStore(paths.db)
    try:
        job_ids, status, chosen_by = _track_targets(args, store, paths.db)
    except TrackingError as error:
        print(f"error: {error}")
        return EXIT_USAGE
    try:
        on = tracking.parse_date(args.on, "--on") if args.on else _today()
        follow_up = tracking.parse_date(args.follow_up, "--follow-up") if args.follow_up else None
    except TrackingError as error:
        jobs = job_ids[0] if len(job_ids) == 1 else f"{len(job_ids)} jobs of {chosen_by}"
        print(f"error: {jobs}: {error}. Nothing was recorded.")
        return EXIT_USAGE
    note = args.note.strip() if args.note and args.note.strip() else None
    if status is None and note is None and follow_up is None:
        _print_history(store, job_ids[0], paths.db)
        return EXIT_OK

    before = tracking.latest(store, job_ids)
    skipped: dict[str, int] = {}
    if chosen_by != "id":
        # A bulk move leaves alone the jobs you are applying to, have closed, or that have the status.
        movable = {tracking.Status.NEW, tracking.Status.SHORTLISTED} - {status}
        for job_id in job_ids:
            if job_id in before and before[job_id].status not in movable:
                skipped[before[job_id].status] = skipped.get(before[job_id].status, 0) + 1
        job_ids = [j for j in job_ids if j not in before or before[j].status in movable]
    now = datetime.now(UTC)
    changes = [tracking.next_change(before.get(j), j, status, on, follow_up, note, now) for j in job_ids]
    tracking.record(store, changes)

    if chosen_by == "id":
        for change in changes:
            print(_describe_change(change, before.get(change.job_id)))
    else:
        left = ", ".join(f"{count} {name}" for name, count in skipped.items())
        print(
            f"{len(changes)} job(s) of {chosen_by} now {status}"
            + (f"; left alone: {left}" if left else "")
            + ". `jobintel pipeline` shows where every job stands."
        )
    if follow_up is not None and follow_up < _today():
        print(f"The follow-up date {follow_up} has passed already: it shows as overdue.")
    _report_applications(paths, f"jobintel track: {len(changes)} job(s) {status or 'noted'}")

    # The shortlist follows the status: give the jobs that joined it their deep layers now.
    tiers = parse_tiers(shortlist_tiers())
    fits = store.read_records("fit_score", job_ids, FitScore)
    was = shortlist(fits, tiers, {j: c.status for j, c in before.items()})
    now_on = shortlist(fits, tiers, {c.job_id: c.status for c in changes})
    if set(was) == set(now_on):
        return EXIT_OK
    defs, instance = _dagster(paths)
    provider = defs.resources["providers"].process_config_and_initialize().llm().provider
    outcome = _shortlist_deep_layers(defs, instance, store, paths, provider, None)
    _print_layer_counts(outcome)
    return _report_failures(outcome)


def _report_applications(paths: config.Paths, reason: str) -> None:
    """The funnel as it now stands, as a materialization of the UI's ``application_events`` asset."""
    ensure_dagster_home()
    import dagster as dg

    from jobintel_assets.defs.applications import report_applications

    report_applications(dg.DagsterInstance.get(), paths.db, reason)


def _describe_change(change: StatusChange, before: StatusChange | None) -> str:
    """`job: applied on 2026-11-30 (moved from shortlisted); follow up on 2026-12-10. Note: via referral`."""
    from jobintel_assets import tracking

    previous = before.status if before is not None else tracking.Status.NEW
    if previous == change.status:
        text = f"{change.job_id}: still {change.status}"
    else:
        back = " back" if tracking.is_move_back(previous, change.status) else ""
        text = f"{change.job_id}: {change.status} on {change.happened_on} (moved{back} from {previous})"
    if change.follow_up:
        text += f"; follow up on {change.follow_up}"
    return text + (f". Note: {change.note}" if change.note else ".")


def _print_history(store: DuckDBStore, job_id: str, db: Path) -> None:
    """One job's status now, its dates, and every change recorded, oldest first."""
    from jobintel_assets import reporting, tracking
    from jobintel_assets.shortlist import parse_tiers, shortlist_tiers

    job = reporting.application(job_id, db)
    tier = f", tier {job['tier']} ({job['fit_score']}/100)" if job.get("tier") else ""
    print(f"{job['title']} at {job['company']}{tier}\n{job_id}")
    changes = tracking.history(store, job_id)
    if not changes:
        tiers = parse_tiers(shortlist_tiers())
        by_tier = f", on the shortlist by its tier {job['tier']}" if job["tier"] in tiers else ""
        print(f"\nStatus: new (not tracked yet{by_tier}). Record a step: `jobintel track {job_id} applied`.")
        return
    print(f"\n{_status_line(job)}\n")
    rows: list[dict[str, object]] = [
        {"on": c.happened_on, "status": c.status.value, "follow-up": c.follow_up, "note": c.note}
        for c in changes
    ]
    _print_table(rows, ["on", "status", "follow-up", "note"])


def _status_line(job: dict[str, Any]) -> str:
    """`Status: interviewing since 2026-12-03. Applied 12 days ago. Follow up on 2026-12-10 (overdue...).`"""
    from jobintel_assets.tracking import IN_PROGRESS

    text = f"Status: {job['status']} since {job['since']}."
    if job["days_since_applied"] is not None and job["status"] in IN_PROGRESS:
        days = int(job["days_since_applied"])
        text += f" Applied {_days(days)} ago." if days else " Applied today."
    if job["follow_up"] is not None:
        late = (_today() - job["follow_up"]).days
        overdue = f" (overdue by {_days(late)})." if job["follow_up_overdue"] else "."
        text += f" Follow up on {job['follow_up']}{overdue}"
    return text


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def cmd_pipeline(args: argparse.Namespace) -> int:
    from jobintel_assets import reporting

    paths = _paths(args)
    if not paths.db.is_file():
        print(f"No database at {paths.db}: run `jobintel run` first.")
        return EXIT_USAGE
    _print_applications(reporting.applications(paths.db), brief=False)
    return EXIT_OK


def _print_applications(found: Applications, brief: bool) -> None:
    """The funnel, the follow-ups that are due, and (unless ``brief``) the applications in progress."""
    if brief:
        counts = ", ".join(f"{status} {jobs}" for status, jobs in found.funnel if jobs)
        print(f"\nApplications: {counts or 'none'} (`jobintel pipeline` for the details).")
    else:
        print(f"Your applications on {_today()}:\n")
        widest = max((jobs for _, jobs in found.funnel), default=0) or 1
        for status, jobs in found.funnel:
            bar = "█" * max(1 if jobs else 0, round(30 * jobs / widest))
            extra = ""
            if status == "new" and found.new_by_tier:
                extra = "  by fit tier: " + ", ".join(f"{t} {n}" for t, n in found.new_by_tier.items())
            print(f"  {status:<13}{jobs:>4}  {bar}{extra}")
    columns = ["job_id", "title", "company", "status", "follow_up", "days_overdue", "last_note"]
    if found.overdue:
        print(f"\nFollow-ups overdue ({len(found.overdue)}):")
        _print_table(found.overdue, columns)
    elif not brief:
        print("\nNo follow-up overdue.")
    if brief:
        return
    if found.active:
        print(f"\nIn progress ({len(found.active)}), longest wait first:")
        _print_table(
            found.active,
            ["job_id", "title", "company", "status", "since", "days_since_applied", "follow_up", "last_note"],
        )
    else:
        print("\nNo application in progress: `jobintel track JOB applied` records one.")


def _add_tracking_commands(commands: argparse._SubParsersAction) -> None:
    from jobintel_assets.tracking import FUNNEL

    track = commands.add_parser(
        "track",
        help="record where a job stands (applied, interviewing, ...) with a note and a follow-up date, "
        "or show its history",
        usage="jobintel track JOB [JOB...] STATUS [--note NOTE] [--follow-up DATE] [--on DATE]\n"
        "       jobintel track --tier TIER STATUS [--note NOTE]\n"
        "       jobintel track JOB [--note NOTE] [--follow-up DATE]   (same status; none: the history)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=f"""Record where you stand with a job. Every change is kept; the last one is its status.

statuses, in funnel order: {", ".join(FUNNEL)}
  shortlisted to offer keep a job on the shortlist whatever its fit tier;
  rejected, withdrawn and discarded take it off; new leaves it to the tier.

examples:
  jobintel track lumen-ledger-staff applied --note "via referral" --follow-up 2026-12-10
  jobintel track lumen-ledger-staff --note "called Priya"     (a note; the status stays)
  jobintel track lumen-ledger-staff                           (its status and history)
  jobintel track --tier D discarded   (leaves alone the jobs you applied to or closed)""",
    )
    track.add_argument(
        "words", nargs="*", metavar="JOB... STATUS", help="job ids (or unique starts), then the status"
    )
    track.add_argument("--tier", help="every job of this fit tier (or tiers: C,D) that is new or shortlisted")
    track.add_argument("--note", help="a note kept with this change")
    track.add_argument("--follow-up", dest="follow_up", metavar="YYYY-MM-DD", help="when to follow up next")
    track.add_argument("--on", metavar="YYYY-MM-DD", help="when it happened (default: today)")
    _add_db_option(track)
    track.set_defaults(handler=cmd_track)

    pipeline = commands.add_parser(
        "pipeline",
        help="your applications: jobs per status, overdue follow-ups, days since you applied",
    )
    _add_db_option(pipeline)
    pipeline.set_defaults(handler=cmd_pipeline)


def _add_db_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--db", help=f"DuckDB file (default: ${config.ENV_DB} or data/jobintel.duckdb)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jobintel",
        description="Job intelligence on Dagster and DuckDB: read, score and prepare outreach for postings.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "run",
        help="ingest postings, score every job through Dagster, then the shortlist's deep layers "
        "(idempotent)",
        description="Ingest every posting in the inbox and materialize all seven layers for each job. "
        "Jobs whose layers are up to date are not run again; the rest run in batches, and layers whose "
        "inputs did not change come from the content-hash cache.",
    )
    run.add_argument("--inbox", help=f"folder of postings (default: ${config.ENV_INBOX} or data/inbox)")
    _add_db_option(run)
    run.add_argument(
        "--all",
        action="store_true",
        help="materialize every job, also those up to date (their layers come from the cache); "
        "use it after editing company notes, which the up-to-date test does not see",
    )
    run.set_defaults(handler=cmd_run)

    status = commands.add_parser(
        "status",
        help="rows per table, rejected postings with reasons, and the ranked list with the shortlist",
    )
    _add_db_option(status)
    status.set_defaults(handler=cmd_status)

    shortlist = commands.add_parser(
        "shortlist",
        help="the jobs that get the deep layers: list them, or add or remove one by hand",
    )
    shortlist.add_argument("action", choices=["list", "add", "remove"])
    shortlist.add_argument("job_id", nargs="?", help="a job id (or a unique prefix) for add and remove")
    _add_db_option(shortlist)
    shortlist.set_defaults(handler=cmd_shortlist)
    _add_tracking_commands(commands)

    ingest = commands.add_parser(
        "ingest",
        help="ingest posting files, folders or URLs (URLs are fetched through the web research provider)",
        description="Store the postings in each file, folder or posting URL as jobs (a posting already "
        "known is recognised as a duplicate); every input that cannot be read is listed with the reason.",
    )
    ingest.add_argument("targets", nargs="+", metavar="PATH_OR_URL")
    _add_db_option(ingest)
    ingest.set_defaults(handler=cmd_ingest)

    show = commands.add_parser(
        "show",
        help="print one job's dossier in the terminal",
        description="Print the dossier of JOB_ID (the whole id, or enough of its start to be unique).",
    )
    show.add_argument("job_id", metavar="JOB_ID", help="e.g. acme-data-engineer-1a2b3c4d, or acme-data")
    _add_db_option(show)
    show.add_argument(
        "--cv",
        choices=list(CV_FORMATS),
        help="print the path of the job's tailored CV file in this format instead of the dossier",
    )
    show.set_defaults(handler=cmd_show)

    report = commands.add_parser(
        "report",
        help="summary across jobs, and a PNG chart of fit scores and missing skills",
        description="Summarize every job: tiers, best fits, the skills you lack most often, provider spend; "
        "and write a chart of the fit-score distribution and the most-wanted missing skills.",
    )
    _add_db_option(report)
    report.add_argument("--out", help="where to write the PNG chart (default: data/report.png)")
    report.set_defaults(handler=cmd_report)

    pay = commands.add_parser(
        "pay",
        help="what the postings pay by title family, level and place; one job's pay against comparable ones",
        description="Without JOB_ID: pay from every posting that states it, grouped by title family, level "
        "and place with percentiles and counts, and where each shortlisted job sits with a negotiation note. "
        "With JOB_ID: that job's pay, its groups and (shortlisted) the comparable postings behind every "
        "figure.",
    )
    pay.add_argument("job_id", nargs="?", metavar="JOB_ID", help="a job id, or the start of it")
    pay.add_argument("--groups", type=int, default=40, help="how many groups to list (default 40)")
    _add_db_option(pay)
    pay.set_defaults(handler=cmd_pay)

    rescore = commands.add_parser(
        "rescore",
        help="re-score every job after the master CV changed, then the new shortlist's contacts, CV "
        "and dossier",
        description="Reload the master CV, then materialize fit_score, contacts, cv and dossier for every "
        "job: as a backfill when a Dagster webserver and daemon run on this instance, else here in batches. "
        "Jobs whose inputs did not change come from the cache.",
    )
    _add_db_option(rescore)
    rescore.add_argument(
        "--url",
        default="http://127.0.0.1:3000",
        help="the Dagster webserver (default: http://127.0.0.1:3000)",
    )
    rescore.set_defaults(handler=cmd_rescore)

    annotate = commands.add_parser(
        "annotate",
        help="mark phrases of one job's posting (must-have, gap, love it...) and re-score that job",
        description="Add your marks on phrases of a job's posting to data/annotations/<job_id>.yaml "
        "(repeat an option for several phrases; none: after editing the file by hand), then re-score "
        "that job alone: fit score, contacts, "
        "CV and dossier. Points per mark: must-have +10, love it +5, core identity +3, avoid -3, "
        "not me -4, gap -5 (jobintel_assets/layers/annotations.py).",
    )
    annotate.add_argument("job_id", help="the job's id, or the start of it")
    for mark in ("must_have", "gap", "love_it", "avoid", "core_identity", "not_me"):
        flag = "--" + mark.replace("_", "-")
        annotate.add_argument(
            flag, dest=mark, action="append", metavar="PHRASE", help=f"mark a phrase '{mark}'"
        )
    annotate.add_argument("--note", help="a note kept with these marks")
    _add_db_option(annotate)
    annotate.set_defaults(handler=cmd_annotate)

    ui = commands.add_parser("ui", help="open the Dagster UI on this project (dagster dev)")
    ui.add_argument(
        "--inbox", help=f"folder the inbox sensor watches (default: ${config.ENV_INBOX} or data/inbox)"
    )
    _add_db_option(ui)
    ui.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)"
    )
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(handler=cmd_ui)
    _add_cv_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore", module="dagster")
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (InstanceConfigError, ShortlistError, TrackingError) as error:
        print(f"error: {error}")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
