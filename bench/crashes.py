"""kill -9 `jobintel run` at random moments, rerun, and check that nothing is half done.

Each round starts a run on generated postings, kills its whole process group with SIGKILL after a
random delay (while it ingests, computes or writes), then runs again and checks: the rerun
succeeds, every table holds exactly one row per job, no cache entry is left `running` or
`failed`, and no temporary dossier file is left behind.

    python bench/crashes.py --rounds 10 --postings 6

Prints what each round found at the moment of the kill and after the rerun; exits 1 on any loss.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _rows(db: Path, tables: list[str]) -> dict[str, tuple[int, int]]:
    """(rows, distinct job ids) per table; empty when the file or its tables do not exist yet."""
    if not db.exists():
        return {}
    with duckdb.connect(str(db), read_only=True) as con:
        found = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        return {
            table: con.execute(f"SELECT count(*), count(DISTINCT job_id) FROM {table}").fetchone()
            for table in tables
            if table in found
        }


def crash_round(folder: Path, postings: int, delay: float, seed: int, takeover_seconds: float) -> dict:
    concurrency = _bench("concurrency")
    env = concurrency.environment(folder) | {"JOBINTEL_CACHE_TAKEOVER_SECONDS": str(takeover_seconds)}
    inbox = folder / "inbox"
    _bench("generate_postings").generate(postings, inbox, seed=seed)
    db = Path(env["JOBINTEL_DB"])
    command = [str(BIN / "jobintel"), "run", "--inbox", str(inbox)]

    doomed = subprocess.Popen(
        command,
        env=env,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    finished_first = doomed.poll() is not None
    if not finished_first:
        os.killpg(doomed.pid, signal.SIGKILL)
    doomed.wait()
    at_kill = {table: rows for table, (rows, _) in _rows(db, concurrency.LAYERS).items()}

    started = time.monotonic()
    rerun = subprocess.run(command, env=env, cwd=folder, capture_output=True, text=True, timeout=1800)
    after = _rows(db, concurrency.LAYERS)
    with duckdb.connect(str(db), read_only=True) as con:
        jobs = con.execute("SELECT count(*) FROM ingested_postings").fetchone()[0]
        unfinished = con.execute("SELECT count(*) FROM layer_cache WHERE status <> 'ready'").fetchone()[0]
    leftovers = (
        [p.name for p in (folder / "dossiers").glob(".*.partial")] if (folder / "dossiers").exists() else []
    )
    problems = [] if rerun.returncode == 0 else [f"rerun exited {rerun.returncode}: {rerun.stdout[-1500:]}"]
    problems += [
        f"{t}: {rows} rows for {distinct} jobs" for t, (rows, distinct) in after.items() if rows != distinct
    ]
    problems += [f"{t}: {distinct} of {jobs} jobs" for t, (_, distinct) in after.items() if distinct != jobs]
    problems += [f"{unfinished} cache entries not ready"] if unfinished else []
    problems += [f"temporary dossier files left: {leftovers}"] if leftovers else []
    return {
        "killed": not finished_first,
        "rows_at_kill": at_kill,
        "jobs": jobs,
        "rerun_seconds": time.monotonic() - started,
        "problems": problems,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--postings", type=int, default=6)
    parser.add_argument("--max-delay", type=float, default=20.0, help="kill within this many seconds")
    parser.add_argument(
        "--takeover-seconds", type=float, default=10.0, help="JOBINTEL_CACHE_TAKEOVER_SECONDS"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("/tmp/jobintel-crashes"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    crashes = failures = 0
    for number in range(args.rounds):
        folder = args.out / f"round-{number + 1}"
        shutil.rmtree(folder, ignore_errors=True)
        delay = rng.uniform(0.5, args.max_delay)
        outcome = crash_round(
            folder, args.postings, delay, seed=number, takeover_seconds=args.takeover_seconds
        )
        crashes += outcome["killed"]
        failures += bool(outcome["problems"])
        state = "killed" if outcome["killed"] else "finished before the kill"
        print(
            f"round {number + 1}: {state} after {delay:.1f} s with rows {outcome['rows_at_kill']}; "
            f"rerun took {outcome['rerun_seconds']:.1f} s for {outcome['jobs']} jobs: "
            + (
                "; ".join(outcome["problems"])
                or "nothing lost, nothing duplicated, no cache entry left running"
            )
        )
    print(
        f"\n{crashes} crashes injected in {args.rounds} rounds; "
        f"rounds with a problem after the rerun: {failures}"
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
