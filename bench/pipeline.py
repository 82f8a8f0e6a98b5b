"""Benchmark the whole pipeline on generated postings and print throughput, rerun and rescore figures.

For one machine in one run it prints:

- the floor: the pure layer functions, without Dagster or DuckDB, for what `jobintel run` computes:
  the triage layers for every job, the deep layers for the shortlist (tiers A and B);
- end to end through Dagster: `jobintel run` (ingest, triage, shortlist) on a fresh store and
  instance, with the time to the ranked list and to the shortlist's dossiers;
- a rerun of unchanged inputs: time, cache hit rate, adapter (model) calls; `jobintel run` skips
  jobs whose layers are up to date, and `run --all` puts every job through Dagster from the cache;
- a re-score after a change to the master CV: `jobintel rescore`;
- peak memory (resident set size) of each Dagster phase.

Every Dagster phase is its own `jobintel` process, as a user would run it, so its peak memory is
its own. Offline adapters throughout; nothing leaves the machine.

    .venv/bin/python bench/pipeline.py --count 1000
    .venv/bin/python bench/pipeline.py --count 100 --profile    # cProfile of the pure layers
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(REPO)]  # generate_postings, and the pure chain in jobintel_tests

from generate_postings import generate  # noqa: E402

from jobintel_assets.adapters.offline import OfflineLLM, OfflineWebResearch  # noqa: E402
from jobintel_assets.ingestion.candidate import load_candidate  # noqa: E402
from jobintel_assets.ingestion.parsers import parse_inbox  # noqa: E402
from jobintel_assets.layers.models import CandidateProfile, JobPosting  # noqa: E402
from jobintel_tests.chain import run_triage_then_deep  # noqa: E402

JOBINTEL = Path(sys.executable).with_name("jobintel")
SUMMARY = re.compile(r"Layers computed: (\d+), served from cache: (\d+)")
RANKED = re.compile(r"Ranked list: \d+ job\(s\) scored, ([\d.]+) s after the start")
DEEP_DONE = re.compile(r"Shortlist's deep layers done, ([\d.]+) s after the start")
SHORTLIST = re.compile(r"Shortlist \(tiers .*?\): (\d+) job\(s\)")


def run_layers(posting: JobPosting, candidate: CandidateProfile, web: OfflineWebResearch) -> bool:
    """One job as the assets chain it, checks included, nothing stored: the triage layers, then the
    deep ones when it lands in tier A or B (the default shortlist). Returns whether it did."""
    return run_triage_then_deep(posting, candidate, OfflineLLM(), web, lambda fit: fit.tier in ("A", "B"))


def pure_floor(inbox: Path, profile: bool) -> tuple[int, float]:
    """Parse the inbox and run the layers per job in this process; returns (jobs, seconds)."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    postings = [draft.to_posting(now) for draft in parse_inbox(inbox, now).postings]
    candidate = load_candidate(REPO / "data" / "candidate")
    web = OfflineWebResearch(REPO / "data" / "companies")
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    shortlisted = sum(run_layers(posting, candidate, web) for posting in postings)
    print(f"{shortlisted} of {len(postings)} jobs in tiers A and B (the shortlist)")
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return len(postings), time.perf_counter() - started


@dataclass
class Phase:
    name: str
    seconds: float
    peak_rss_mib: float
    computed: int
    from_cache: int
    output: str

    def line(self, jobs: int, reference: Phase | None = None) -> str:
        layers = self.computed + self.from_cache
        hit_rate = f"{self.from_cache / layers:6.1%}" if layers else "  none"  # no layer was run at all
        text = (
            f"{self.name:<28} {self.seconds:8.1f} s  {jobs / self.seconds:7.1f} jobs/s  "
            f"cache hits {hit_rate}  adapter calls {self.computed:6d}  peak {self.peak_rss_mib:7.0f} MiB"
        )
        if reference is not None:
            text += f"  ({self.seconds / reference.seconds:.1%} of the first run)"
        return text


def run_phase(name: str, arguments: list[str], env: dict[str, str]) -> Phase:
    """Run one `jobintel` command in its own process; its time, peak RSS and layer counts."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(JOBINTEL), *arguments], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    summary = SUMMARY.search(output)
    if process.returncode != 0 or summary is None:
        sys.exit(f"{name}: `jobintel {' '.join(arguments)}` exited {process.returncode}:\n{output[-4000:]}")
    return Phase(name, seconds, usage.ru_maxrss / 1024, int(summary[1]), int(summary[2]), output)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark jobintel on generated postings.")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile the pure layers and stop")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument(
        "--dagster-home",
        type=Path,
        help="put the Dagster instance here instead of in the working folder (e.g. on /dev/shm, to "
        "measure how much of the time is the instance's SQLite writes)",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="jobintel-bench-"))
    inbox = work / "inbox"
    generate(args.count, inbox, args.seed)
    print(f"{args.count} generated postings (seed {args.seed}) in {inbox}; {os.cpu_count()} CPUs")
    print(f"Dagster instance in {args.dagster_home or work}")

    jobs, floor_seconds = pure_floor(inbox, args.profile)
    print(f"{'pure layer functions (floor)':<28} {floor_seconds:8.1f} s  {jobs / floor_seconds:7.1f} jobs/s")
    if args.profile:
        return

    candidate_dir = work / "candidate"
    shutil.copytree(REPO / "data" / "candidate", candidate_dir)
    if args.dagster_home:
        Path(args.dagster_home).mkdir(parents=True, exist_ok=True)
    dagster_home = (
        Path(tempfile.mkdtemp(dir=args.dagster_home)) if args.dagster_home else work / "dagster_home"
    )
    dagster_home.mkdir(exist_ok=True)
    shutil.copyfile(REPO / "dagster.yaml", dagster_home / "dagster.yaml")
    env = os.environ | {
        "DAGSTER_HOME": str(dagster_home),
        "JOBINTEL_DB": str(work / "jobintel.duckdb"),
        "JOBINTEL_INBOX": str(inbox),
        "JOBINTEL_CANDIDATE_DIR": str(candidate_dir),
        "JOBINTEL_COMPANIES_DIR": str(REPO / "data" / "companies"),
        "JOBINTEL_DOSSIER_DIR": str(work / "dossiers"),
    }
    first = run_phase("first run (triage + shortlist)", ["run"], env)
    print(first.line(jobs))
    ranked, deep_done = float(RANKED.search(first.output)[1]), float(DEEP_DONE.search(first.output)[1])
    print(f"{'  time to the ranked list':<28} {ranked:8.1f} s  {jobs / ranked:7.1f} jobs/s")
    print(
        f"{'  time to shortlist dossiers':<28} {deep_done:8.1f} s  ({SHORTLIST.search(first.output)[1]} jobs)"
    )
    print(f"{'Dagster overhead':<28} {first.seconds / floor_seconds:8.2f} x the floor")
    rerun = run_phase("rerun, nothing changed", ["run"], env)
    print(rerun.line(jobs, first))
    forced = run_phase("rerun --all (from cache)", ["run", "--all"], env)
    print(forced.line(jobs, first))
    master_cv = candidate_dir / "master_cv.yaml"
    master_cv.write_text(master_cv.read_text().replace("headline:", "headline: Hands-on", 1))
    rescore = run_phase("re-score after a CV change", ["rescore"], env)
    print(rescore.line(jobs))
    peak = max(phase.peak_rss_mib for phase in (first, rerun, forced, rescore))
    print(f"{'peak memory':<28} {peak:8.0f} MiB")
    if args.keep:
        print(f"working folder kept: {work}")
    else:
        shutil.rmtree(work)
        shutil.rmtree(dagster_home, ignore_errors=True)


if __name__ == "__main__":
    main()
