"""Provider calls per job, cache hit rate and cost per job, for a first run and a rerun.

Runs `jobintel run` (in process) on the bundled sample postings against the local OpenAI-compatible
and Firecrawl stand-ins of the test suite (127.0.0.1 only; nothing leaves the machine), then reads
the cost ledger (`provider_calls`). Costs are list prices of the default models for the tokens
the stand-in reports.

    .venv/bin/python bench/providers.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    from jobintel_tests.fake_servers import FakeFirecrawl, FakeOpenAI, serve

    with tempfile.TemporaryDirectory() as folder, serve(FakeOpenAI()) as llm, serve(FakeFirecrawl()) as web:
        work = Path(folder)
        (work / "dagster_home").mkdir()
        (work / "dagster_home" / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
        os.environ.update(
            {
                "DAGSTER_HOME": str(work / "dagster_home"),
                "JOBINTEL_DB": str(work / "jobintel.duckdb"),
                "JOBINTEL_DOSSIER_DIR": str(work / "dossiers"),
                "JOBINTEL_CANDIDATE_DIR": str(REPO / "data" / "candidate"),
                "JOBINTEL_COMPANIES_DIR": str(REPO / "data" / "companies"),
                "OPENAI_API_KEY": "sk-bench-local",
                "OPENAI_BASE_URL": f"{llm.url}/v1",
                "FIRECRAWL_API_URL": web.url,
            }
        )
        from jobintel_assets.cli import main as jobintel

        inbox = str(REPO / "data" / "samples" / "inbox")
        jobintel(["run", "--inbox", inbox])
        rerun_start = datetime.now(UTC)
        jobintel(["run", "--inbox", inbox])
        con = duckdb.connect(str(work / "jobintel.duckdb"), read_only=True)
        print(f"\n{'run':<8}{'jobs':>6}{'calls/job':>11}{'cache hits':>12}{'hit rate':>10}{'$ / job':>11}")
        for name, condition in (("first", "called_at < ?"), ("rerun", "called_at >= ?")):
            jobs, calls, hits, cost = con.execute(
                "SELECT count(DISTINCT job_id), count(*) FILTER (WHERE NOT cache_hit), "
                "count(*) FILTER (WHERE cache_hit), coalesce(sum(cost_usd), 0) "
                f"FROM provider_calls WHERE {condition}",
                [rerun_start],
            ).fetchone()
            rate = hits / (hits + calls) if hits + calls else 0.0
            per_job = max(jobs, 1)
            print(f"{name:<8}{jobs:>6}{calls / per_job:>11.1f}{hits:>12}{rate:>10.0%}{cost / per_job:>11.5f}")
        con.close()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
