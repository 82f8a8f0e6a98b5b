"""Print the pay view of an inbox: groups with counts and percentiles, what gave no figure, and the
positions of a few jobs; and check that no figure comes from a posting that states no pay.

Pure (no Dagster, no DuckDB): the inbox is parsed as ingestion parses it and the sample master CV
gives the floor. Without ``--inbox`` it generates postings with bench/generate_postings.py.

    python bench/pay_view.py                      # 200 generated postings (seed 7)
    python bench/pay_view.py --inbox data/samples/inbox --positions 4
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_postings import generate

from jobintel_assets.ingestion.candidate import load_candidate
from jobintel_assets.ingestion.parsers import parse_inbox
from jobintel_assets.layers.pay import PayStatus, money, pay_view

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inbox", type=Path, help="a folder of postings (default: generate them)")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--positions", type=int, default=3, help="jobs to position, the first by job id")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        inbox = args.inbox
        if inbox is None:
            inbox = Path(folder) / "inbox"
            generate(args.count, inbox, args.seed)
        parsed = parse_inbox(inbox, datetime.now(UTC))
    candidate = load_candidate(REPO / "data" / "candidate")
    postings = sorted(parsed.postings, key=lambda p: p.job_id)
    started = time.perf_counter()
    view = pay_view(postings, [p.job_id for p in postings[: args.positions]], candidate)
    seconds = time.perf_counter() - started

    by_status = {status: [p for p in view.postings if p.status is status] for status in PayStatus}
    print(
        f"{len(view.postings)} postings: {len(by_status[PayStatus.stated])} state pay, "
        f"{len(by_status[PayStatus.no_pay_stated])} state none, {len(by_status[PayStatus.no_currency])} name "
        f"no currency; pay view computed in {seconds * 1000:.0f} ms."
    )
    enough = [g for g in view.groups if g.enough]
    print(f"{len(view.groups)} groups, {len(enough)} with at least {view.min_postings} postings with pay:\n")
    for group in enough:
        figures = " / ".join(
            money(v, group.currency) for v in (group.p25, group.median, group.p75) if v is not None
        )
        print(
            f"  {group.group_id}: n={group.postings}, {figures}, no pay stated: {len(group.no_pay_job_ids)}"
        )
    for position in view.positions:
        print(f"\n{position.job_id} ({position.band}, {len(position.comparable_job_ids)} comparable):")
        print(f"  {position.negotiation_note}")

    silent = {p.job_id for p in view.postings if p.status is not PayStatus.stated}
    leaked = [g.group_id for g in view.groups if silent & set(g.job_ids)]
    leaked += [p.job_id for p in view.positions if silent & set(p.comparable_job_ids)]
    print(f"\nFigures drawn from a posting without usable pay: {len(leaked)}")
    return 1 if leaked else 0


if __name__ == "__main__":
    sys.exit(main())
