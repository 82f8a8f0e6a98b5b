"""The `jobintel` command: run the pipeline through Dagster, look at what it stored, open the UI."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path

from jobintel_assets import config

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DAGSTER_HOME = Path(".dagster_home")

EXIT_OK = 0
EXIT_FAILED_JOBS = 1
EXIT_USAGE = 2

QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def ensure_dagster_home() -> Path:
    """Use DAGSTER_HOME when set; otherwise a persistent ./.dagster_home with the project's dagster.yaml."""
    if "DAGSTER_HOME" in os.environ:
        return Path(os.environ["DAGSTER_HOME"])
    home = DEFAULT_DAGSTER_HOME.resolve()
    home.mkdir(parents=True, exist_ok=True)
    project_config = PROJECT_ROOT / "dagster.yaml"
    instance_config = home / "dagster.yaml"
    if project_config.is_file() and (
        not instance_config.is_file() or instance_config.read_bytes() != project_config.read_bytes()
    ):
        shutil.copyfile(project_config, instance_config)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def _apply_path_options(args: argparse.Namespace) -> config.Paths:
    if getattr(args, "db", None):
        os.environ[config.ENV_DB] = str(Path(args.db))
    if getattr(args, "inbox", None):
        os.environ[config.ENV_INBOX] = str(Path(args.inbox))
    return config.Paths.from_env()


def _print_table(rows: list[dict[str, object]], columns: list[str]) -> None:
    cells = [[("" if row.get(c) is None else str(row.get(c))) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def cmd_run(args: argparse.Namespace) -> int:
    paths = _apply_path_options(args)
    if not paths.inbox.is_dir():
        print(
            f"error: inbox folder {paths.inbox} does not exist: pass --inbox DIR or set {config.ENV_INBOX}."
        )
        return EXIT_USAGE
    ensure_dagster_home()

    import dagster as dg

    from jobintel_assets.definitions import CANDIDATE_JOB, JOB_LAYERS_JOB, build_definitions
    from jobintel_assets.ingestion.ingest import ingest_folder
    from jobintel_assets.storage.duckdb_store import DuckDBStore

    store = DuckDBStore(paths.db)
    report = ingest_folder(store, paths.inbox, datetime.now(UTC))
    print(
        f"Ingested {len(report.job_ids)} postings from {paths.inbox} "
        f"({len(report.new)} new, {len(report.changed)} changed), {len(report.rejections)} rejected."
    )
    for rejection in report.rejections:
        print(f"  rejected {rejection.source}: {rejection.reason}")

    instance = dg.DagsterInstance.get()
    known = set(instance.get_dynamic_partitions("job"))
    instance.add_dynamic_partitions("job", [j for j in report.job_ids if j not in known])

    defs = build_definitions()
    candidate_run = defs.resolve_job_def(CANDIDATE_JOB).execute_in_process(
        instance=instance, run_config=QUIET_RUN_CONFIG, raise_on_error=False
    )
    if not candidate_run.success:
        print(f"error: the candidate profile in {paths.candidate_dir} could not be loaded:")
        print(_first_failure(candidate_run))
        return EXIT_FAILED_JOBS

    layers_job = defs.resolve_job_def(JOB_LAYERS_JOB)
    failed: list[str] = []
    cache_hits = computed = 0
    for position, job_id in enumerate(report.job_ids, start=1):
        result = layers_job.execute_in_process(
            partition_key=job_id, instance=instance, run_config=QUIET_RUN_CONFIG, raise_on_error=False
        )
        hits = [
            event.materialization.metadata["cache_hit"].value
            for event in result.get_asset_materialization_events()
            if "cache_hit" in event.materialization.metadata
        ]
        cache_hits += sum(hits)
        computed += len(hits) - sum(hits)
        status = "ok" if result.success else "FAILED"
        print(
            f"[{position}/{len(report.job_ids)}] {job_id}: {status} "
            f"({sum(hits)}/{len(hits)} layers from cache)"
        )
        if not result.success:
            failed.append(job_id)
            print(_first_failure(result))

    print(f"\nLayers computed: {computed}, served from cache: {cache_hits}.")
    rows = store.overview(report.job_ids)
    _print_table(rows, ["job_id", "title", "company", "fit_score", "tier"])
    print(f"\nDuckDB: {paths.db.resolve()}   (view job_overview: one row per job)")
    print(f"Dossiers: {paths.dossier_dir.resolve()}")
    if failed:
        print(f"\n{len(failed)} job(s) failed: {', '.join(failed)}. Details: `jobintel ui`, Runs page.")
        return EXIT_FAILED_JOBS
    return EXIT_OK


def _first_failure(result: object) -> str:
    for event in result.all_events:
        if event.is_step_failure or event.event_type_value == "RUN_FAILURE":
            error = event.event_specific_data.error if event.event_specific_data else None
            if error is not None:
                return f"  {event.step_key or 'run'}: {error.message.strip()}"
    return "  (no error message recorded)"


def cmd_status(args: argparse.Namespace) -> int:
    paths = _apply_path_options(args)
    if not paths.db.is_file():
        print(f"No database at {paths.db}: run `jobintel run` first.")
        return EXIT_USAGE
    from jobintel_assets.storage.duckdb_store import DuckDBStore

    store = DuckDBStore(paths.db)
    counts = store.table_counts()
    _print_table([{"table": t, "rows": n} for t, n in counts.items()], ["table", "rows"])
    rejections = store.rejections()
    if rejections:
        print(f"\nRejected postings ({len(rejections)}):")
        for rejection in rejections:
            print(f"  {rejection.source}: {rejection.reason}")
    return EXIT_OK


def cmd_ui(args: argparse.Namespace) -> int:
    home = ensure_dagster_home()
    workspace = PROJECT_ROOT / "workspace.yaml"
    command = [sys.executable, "-m", "dagster", "dev", "-w", str(workspace), "--host", args.host]
    command += ["--port", str(args.port)]
    # Started in the instance folder, the only dagster.yaml Dagster sees beside it is the instance's own.
    # `dagster dev` still works in 1.13; only its notice that `dg dev` supersedes it is silenced.
    env = os.environ | {"PYTHONWARNINGS": "ignore:Function `dev_command` is superseded"}
    return subprocess.call(command, cwd=home, env=env)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jobintel",
        description="Job intelligence on Dagster and DuckDB: read, score and prepare outreach for postings.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "run",
        help="ingest postings, then materialize every layer through Dagster (idempotent)",
        description="Ingest every posting in the inbox and materialize all seven layers for each job. "
        "Unchanged inputs are served from the content-hash cache, so a second run changes nothing.",
    )
    run.add_argument("--inbox", help=f"folder of postings (default: ${config.ENV_INBOX} or data/inbox)")
    run.add_argument("--db", help=f"DuckDB file (default: ${config.ENV_DB} or data/jobintel.duckdb)")
    run.set_defaults(handler=cmd_run)

    status = commands.add_parser("status", help="rows per table and rejected postings with reasons")
    status.add_argument("--db", help=f"DuckDB file (default: ${config.ENV_DB} or data/jobintel.duckdb)")
    status.set_defaults(handler=cmd_status)

    ui = commands.add_parser("ui", help="open the Dagster UI on this project (dagster dev)")
    ui.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)"
    )
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(handler=cmd_ui)
    return parser


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore", module="dagster")
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
