"""Time inbox-sensor ticks over a folder of many postings: does each tick stay far below 60 s?

    .venv/bin/python bench/inbox_tick.py [--files 10000] [--per-tick 200]

Prints the seconds of the first ticks (each reads --per-tick files into a fresh DuckDB file) and
of a tick once every file has been read (the scan alone).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from jobintel_assets.ingestion.ingest import ingest_new_files
from jobintel_assets.storage.duckdb_store import DuckDBStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--per-tick", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        inbox, store = Path(folder) / "inbox", DuckDBStore(Path(folder) / "bench.duckdb")
        inbox.mkdir()
        for n in range(args.files):
            (inbox / f"posting-{n:05d}.md").write_text(
                f"# Data Engineer {n} — Company {n % 400}\n\nLocation: Remote\n\n"
                f"Build pipeline number {n} in Airflow and dbt. " * 20,
                encoding="utf-8",
            )
        ticks = []
        while True:
            started = time.perf_counter()
            scan = ingest_new_files(store, inbox, datetime.now(UTC), max_files=args.per_tick)
            ticks.append(time.perf_counter() - started)
            if not scan.files_read:
                break
        print(f"{args.files} files, {args.per_tick} per tick: {len(ticks) - 1} reading ticks")
        reading = ticks[:-1]
        print(f"first tick {reading[0]:.2f} s, slowest {max(reading):.2f} s, last {reading[-1]:.2f} s")
        print(f"tick with nothing new (scan only): {ticks[-1]:.2f} s")


if __name__ == "__main__":
    main()
