"""Benchmark the whole pipeline on generated postings and print throughput, rerun and rescore figures.

For one machine in one run it prints:

- the pure layer functions, without Dagster or DuckDB, for what `jobintel run` computes: the
  triage layers for every job, the deep layers for the shortlist (tiers A and B);
- Dagster's floor: a graph of the same shape whose assets do nothing, over as many job and
  shortlist partitions, in the same partition-range runs (bench/dagster_floor.py);
- end to end through Dagster: `jobintel run` (ingest, triage, shortlist) on a fresh store and
  instance, with the time to the ranked list and to the shortlist's dossiers, and its time over
  (Dagster's floor + the pure layers);
- a rerun of unchanged inputs: time, cache hit rate, adapter (model) calls; `jobintel run` skips
  jobs whose layers are up to date, and `run --all` puts every job through Dagster from the cache;
- a re-score after a change to the master CV: `jobintel rescore`;
- peak memory (resident set size) of each Dagster phase;
- with the stand-in model and web search of the test suite (OpenAI- and Firecrawl-compatible
  servers on 127.0.0.1, bench/providers.py): model calls and dollars per 1,000 postings, and calls
  per posting outside the shortlist, from a `jobintel run` on the first ``--model-count`` postings.

Every Dagster phase is its own `jobintel` process, as a user would run it, so its peak memory is
its own. Offline adapters otherwise; nothing leaves the machine.

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

import duckdb

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(REPO)]  # generate_postings, and the pure chain in jobintel_tests

from dagster_floor import measure_floor  # noqa: E402
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


def pure_layers(inbox: Path, profile: bool) -> tuple[int, int, float]:
    """Parse the inbox and run the layers per job in this process; returns (jobs, shortlisted, seconds)."""
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
    return len(postings), shortlisted, time.perf_counter() - started


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


def bench_env(work: Path, inbox: Path, dagster_home: Path) -> dict[str, str]:
    """The environment of a `jobintel` process on a store, instance and candidate of its own in ``work``."""
    candidate_dir = work / "candidate"
    shutil.copytree(REPO / "data" / "candidate", candidate_dir)
    dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "dagster.yaml", dagster_home / "dagster.yaml")
    return {
        key: value for key, value in os.environ.items() if not key.startswith(("OPENAI", "FIRECRAWL"))
    } | {
        "DAGSTER_HOME": str(dagster_home),
        "JOBINTEL_DB": str(work / "jobintel.duckdb"),
        "JOBINTEL_INBOX": str(inbox),
        "JOBINTEL_CANDIDATE_DIR": str(candidate_dir),
        "JOBINTEL_COMPANIES_DIR": str(REPO / "data" / "companies"),
        "JOBINTEL_DOSSIER_DIR": str(work / "dossiers"),
        "JOBINTEL_SHORTLIST": str(work / "shortlist.yaml"),
    }


def with_stand_in_model(count: int, seed: int, work: Path) -> None:
    """`jobintel run` on ``count`` postings against the stand-in model and web search; prints the model
    calls and dollars (list prices of the default models for the tokens the stand-in reports)."""
    from jobintel_tests.fake_servers import FakeFirecrawl, FakeOpenAI, serve

    inbox = work / "inbox"
    generate(count, inbox, seed)
    env = bench_env(work, inbox, work / "dagster_home")
    with serve(FakeOpenAI()) as llm, serve(FakeFirecrawl()) as web:
        env |= {
            "OPENAI_API_KEY": "sk-bench-local",
            "OPENAI_BASE_URL": f"{llm.url}/v1",
            "FIRECRAWL_API_URL": web.url,
        }
        phase = run_phase("first run, stand-in model", ["run"], env)
        print(phase.line(count))
        rerun = run_phase("rerun, stand-in model", ["run"], env)
        print(rerun.line(count, phase))
    model = "NOT cache_hit AND provider <> 'firecrawl'"  # the stand-in model's calls, not web research
    with duckdb.connect(env["JOBINTEL_DB"], read_only=True) as con:
        calls, cost, searches = con.execute(
            f"SELECT count(*) FILTER (WHERE {model}), coalesce(sum(cost_usd), 0), "
            "count(*) FILTER (WHERE NOT cache_hit AND provider = 'firecrawl') FROM provider_calls"
        ).fetchone()
        outside, outside_calls = con.execute(
            "SELECT count(*), coalesce(sum(m.calls), 0) FROM job_posting p LEFT JOIN "
            f"(SELECT job_id, count(*) AS calls FROM provider_calls WHERE {model} GROUP BY job_id) m "
            "USING (job_id) WHERE p.job_id NOT IN (SELECT job_id FROM dossier)"
        ).fetchone()
    per_thousand = 1000 / count
    print(
        f"{'  model calls':<28} {calls * per_thousand:8.0f} per 1,000 postings  "
        f"(${cost * per_thousand:.2f}; web searches and scrapes {searches * per_thousand:.0f})"
    )
    print(
        f"{'  outside the shortlist':<28} {outside_calls / max(outside, 1):8.2f} model calls per posting "
        f"({outside} of {count} postings)"
    )


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
        "--model-count",
        type=int,
        default=200,
        help="postings run against the stand-in model (figures scaled per 1,000; 0 skips it)",
    )
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

    jobs, shortlisted, pure_seconds = pure_layers(inbox, args.profile)
    print(f"{'pure layer functions':<28} {pure_seconds:8.1f} s  {jobs / pure_seconds:7.1f} jobs/s")
    if args.profile:
        return
    floor_seconds = measure_floor(jobs, shortlisted, metadata=False)
    print(
        f"{'Dagster floor (no-op graph)':<28} {floor_seconds:8.1f} s  {jobs / floor_seconds:7.1f} jobs/s  "
        f"({jobs} job partitions, {shortlisted} shortlist partitions)"
    )

    if args.dagster_home:
        Path(args.dagster_home).mkdir(parents=True, exist_ok=True)
    dagster_home = (
        Path(tempfile.mkdtemp(dir=args.dagster_home)) if args.dagster_home else work / "dagster_home"
    )
    env = bench_env(work, inbox, dagster_home)
    first = run_phase("first run (triage + shortlist)", ["run"], env)
    print(first.line(jobs))
    ranked, deep_done = float(RANKED.search(first.output)[1]), float(DEEP_DONE.search(first.output)[1])
    print(f"{'  time to the ranked list':<28} {ranked:8.1f} s  {jobs / ranked:7.1f} jobs/s")
    print(
        f"{'  time to shortlist dossiers':<28} {deep_done:8.1f} s  ({SHORTLIST.search(first.output)[1]} jobs)"
    )
    print(
        f"{'  ours / (floor + pure)':<28} {first.seconds / (floor_seconds + pure_seconds):8.2f} x  "
        f"(the run's whole process: start-up, ingestion, candidate, shortlist)"
    )
    rerun = run_phase("rerun, nothing changed", ["run"], env)
    print(rerun.line(jobs, first))
    forced = run_phase("rerun --all (from cache)", ["run", "--all"], env)
    print(forced.line(jobs, first))
    master_cv = Path(env["JOBINTEL_CANDIDATE_DIR"]) / "master_cv.yaml"
    master_cv.write_text(master_cv.read_text().replace("headline:", "headline: Hands-on", 1))
    rescore = run_phase("re-score after a CV change", ["rescore"], env)
    print(rescore.line(jobs))
    peak = max(phase.peak_rss_mib for phase in (first, rerun, forced, rescore))
    print(f"{'peak memory':<28} {peak:8.0f} MiB")
    if args.model_count:
        with_stand_in_model(min(args.model_count, args.count), args.seed, work / "stand-in")
    if args.keep:
        print(f"working folder kept: {work}")
    else:
        shutil.rmtree(work)
        shutil.rmtree(dagster_home, ignore_errors=True)


if __name__ == "__main__":
    main()
