"""Several runs, the multiprocess executor and readers on one DuckDB file at once.

Every writer is a separate process: `jobintel run` processes (in-process executor) and
`dagster asset materialize` processes (the multiprocess executor: one process per step), all on
the same DuckDB file and Dagster instance, while notebook readers query it in a loop and one
reader holds a read-only connection open for a while. Afterwards every table must hold exactly one
row per job, no cache entry may be left `running`, and no process may have failed.

    python bench/concurrency.py --postings 12 --writers 4 --materializers 3 --readers 2 --hold-seconds 10

Prints the processes started, the rows checked and the wall time of each round; exits 1 if
anything failed, was lost or was duplicated.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LAYERS = [
    "job_posting",
    "extracted_jd",
    "pain_points",
    "company_research",
    "fit_score",
    "contacts",
    "cv",
    "dossier",
]
# What a `dagster asset materialize` writer selects: one run covers one partition set, and the deep
# layers' is the shortlist, which the `jobintel run` writers fill (every tier is shortlisted here).
TRIAGE = ["job_posting", "extracted_jd", "pain_points", "fit_score"]

READER = """
import sys, time
from pathlib import Path
from jobintel_assets.notebook import query
stop, queries, errors = Path(sys.argv[1]), 0, 0
while not stop.exists():
    try:
        query("SELECT count(*) AS jobs FROM job_overview")
        queries += 1
    except Exception as error:
        errors += 1
        print(f"reader error: {type(error).__name__}: {error}", file=sys.stderr)
    time.sleep(0.05)
print(queries, errors)
"""

HOLDER = """
import sys, time
from jobintel_assets.storage.duckdb_store import DuckDBStore
with DuckDBStore(sys.argv[1]).connect(read_only=True) as connection:
    connection.execute("SELECT count(*) FROM ingested_postings").fetchone()
    time.sleep(float(sys.argv[2]))
"""


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_postings", REPO / "bench" / "generate_postings.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@dataclass
class Round:
    jobs: int = 0
    processes: int = 0
    failed: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)
    running_cache_entries: int = 0
    reader_queries: int = 0
    reader_errors: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.failed or any(self.duplicates.values()) or any(self.missing.values())) and not (
            self.running_cache_entries or self.reader_errors
        )


def environment(folder: Path) -> dict[str, str]:
    home = folder / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "dagster.yaml", home / "dagster.yaml")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DAGSTER_PG", "OPENAI", "FIRECRAWL"))}
    return env | {
        "JOBINTEL_DB": str(folder / "jobintel.duckdb"),
        "JOBINTEL_DOSSIER_DIR": str(folder / "dossiers"),
        "JOBINTEL_CANDIDATE_DIR": str(REPO / "data" / "candidate"),
        "JOBINTEL_COMPANIES_DIR": str(REPO / "data" / "companies"),
        "JOBINTEL_SHORTLIST": str(folder / "shortlist.yaml"),
        "JOBINTEL_SHORTLIST_TIERS": "A,B,C,D",
        "DAGSTER_HOME": str(home),
        "PYTHONWARNINGS": "ignore",
    }


def _check(command: list[str], env: dict[str, str], cwd: Path) -> None:
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def run_round(
    folder: Path,
    postings: int,
    writers: int,
    materializers: int,
    readers: int,
    hold_seconds: float,
    seed: int,
) -> Round:
    """One round on a fresh folder: ingest, then every writer and reader at once, then count."""
    env = environment(folder)
    inbox, empty = folder / "inbox", folder / "empty-inbox"
    empty.mkdir(parents=True, exist_ok=True)
    _generator().generate(postings, inbox, seed=seed)
    # The partitions and the candidate profile first: `dagster asset materialize` needs both.
    _check([str(BIN / "jobintel"), "ingest", str(inbox)], env, folder)
    _check([str(BIN / "jobintel"), "run", "--inbox", str(empty)], env, folder)
    with duckdb.connect(env["JOBINTEL_DB"], read_only=True) as con:
        job_ids = [
            row[0] for row in con.execute("SELECT job_id FROM ingested_postings ORDER BY job_id").fetchall()
        ]

    result = Round(jobs=len(job_ids))
    stop = folder / "stop-readers"
    started = time.monotonic()
    writing: list[tuple[str, subprocess.Popen[str]]] = []
    for number in range(writers):
        command = [str(BIN / "jobintel"), "run", "--inbox", str(inbox)]
        writing.append((f"jobintel run #{number + 1}", _start(command, env, folder)))
    for number in range(materializers):
        job_id = job_ids[number % len(job_ids)]
        command = [str(BIN / "dagster"), "asset", "materialize", "-m", "jobintel_assets.defs"]
        command += ["--select", ",".join(TRIAGE), "--partition", job_id]
        writing.append((f"dagster asset materialize {job_id}", _start(command, env, folder)))
    reading = [_start([sys.executable, "-c", READER, str(stop)], env, folder) for _ in range(readers)]
    holder = _start([sys.executable, "-c", HOLDER, env["JOBINTEL_DB"], str(hold_seconds)], env, folder)
    result.processes = len(writing) + len(reading) + 1

    for name, process in writing:
        out, err = process.communicate(timeout=1800)
        if process.returncode != 0:
            result.failed.append(f"{name} exited {process.returncode}:\n{out[-2000:]}\n{err[-2000:]}")
    stop.touch()
    for process in reading:
        out, err = process.communicate(timeout=120)
        queries, errors = (int(n) for n in out.split()[-2:])
        result.reader_queries += queries
        result.reader_errors += errors
    holder.communicate(timeout=120)
    if holder.returncode != 0:
        result.failed.append("the reader holding a read-only connection failed")
    result.seconds = time.monotonic() - started

    with duckdb.connect(env["JOBINTEL_DB"], read_only=True) as con:
        for table in LAYERS:
            rows, distinct = con.execute(f"SELECT count(*), count(DISTINCT job_id) FROM {table}").fetchone()
            result.rows[table] = rows
            result.duplicates[table] = rows - distinct
            result.missing[table] = len(job_ids) - distinct
        result.running_cache_entries = con.execute(
            "SELECT count(*) FROM layer_cache WHERE status = 'running'"
        ).fetchone()[0]
    return result


def _start(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=12)
    parser.add_argument("--writers", type=int, default=4, help="concurrent `jobintel run` processes")
    parser.add_argument(
        "--materializers", type=int, default=3, help="concurrent `dagster asset materialize` (multiprocess)"
    )
    parser.add_argument("--readers", type=int, default=2, help="notebook readers querying in a loop")
    parser.add_argument("--hold-seconds", type=float, default=10.0, help="how long one reader holds the file")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("/tmp/jobintel-concurrency"))
    args = parser.parse_args()
    all_ok = True
    for number in range(args.rounds):
        folder = args.out / f"round-{number + 1}"
        shutil.rmtree(folder, ignore_errors=True)
        outcome = run_round(
            folder,
            args.postings,
            args.writers,
            args.materializers,
            args.readers,
            args.hold_seconds,
            seed=number,
        )
        all_ok &= outcome.ok
        print(
            f"round {number + 1}: {outcome.jobs} jobs, {outcome.processes} processes at once "
            f"({args.writers} runs, {args.materializers} multiprocess materializations, "
            f"{args.readers} readers, 1 reader holding the file {args.hold_seconds:.0f} s) "
            f"in {outcome.seconds:.1f} s"
        )
        print(f"  rows per table: {outcome.rows}")
        print(
            f"  failed processes: {len(outcome.failed)}, "
            f"duplicated rows: {sum(outcome.duplicates.values())}, "
            f"missing rows: {sum(outcome.missing.values())}, cache entries left running: "
            f"{outcome.running_cache_entries}, reader queries: {outcome.reader_queries} "
            f"({outcome.reader_errors} errors)"
        )
        for failure in outcome.failed:
            print(f"  {failure}")
    sys.exit(0 if all_ok else 1)


if __name__ == "__main__":
    main()
