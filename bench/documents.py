"""How much the tailored CVs select, over the sample postings, offline.

For every sample posting the pure layer chain builds the tailored CV; this prints, per job, its
role category, headline, bullets chosen of the master CV's achievements and the pages of its PDF,
then the figures that say whether the CVs select and differ by job:

- the mean share of the master CV's achievements a CV uses (target: at most 0.70);
- the mean pairwise Jaccard overlap of the chosen bullets (target: at most 0.60);
- how many different headlines the CVs carry.

    .venv/bin/python bench/documents.py
    .venv/bin/python bench/documents.py --inbox data/inbox --candidate data/candidate
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from jobintel_assets.adapters.offline import OfflineLLM, OfflineWebResearch  # noqa: E402
from jobintel_assets.documents.cv_files import cv_pdf  # noqa: E402
from jobintel_assets.ingestion.candidate import load_candidate  # noqa: E402
from jobintel_assets.ingestion.parsers import parse_inbox  # noqa: E402
from jobintel_assets.layers.models import TailoredCV  # noqa: E402
from jobintel_tests.chain import run_chain  # noqa: E402

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def chosen_bullets(cv: TailoredCV) -> set[str]:
    return {bullet.source_text for role in cv.experience for bullet in role.bullets}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inbox", type=Path, default=REPO / "data" / "samples" / "inbox")
    parser.add_argument("--candidate", type=Path, default=REPO / "data" / "candidate")
    parser.add_argument("--companies", type=Path, default=REPO / "data" / "companies")
    args = parser.parse_args()

    candidate = load_candidate(args.candidate)
    master = sum(len(role.achievements) for role in candidate.roles)
    web = OfflineWebResearch(args.companies)
    rows = []
    for draft in parse_inbox(args.inbox, NOW).postings:
        posting = draft.to_posting(NOW)
        result = run_chain(posting, candidate, OfflineLLM(), web)
        pages = len(PdfReader(io.BytesIO(cv_pdf(result.cv))).pages)
        rows.append((posting.job_id, result.jd.role_category.value, result.cv, pages))

    print(f"{'job':58} {'category':30} {'bullets':>7} {'pages':>5}  headline")
    for job_id, category, cv, pages in rows:
        print(f"{job_id[:58]:58} {category:30} {len(chosen_bullets(cv)):>7} {pages:>5}  {cv.header.headline}")
    shares = [len(chosen_bullets(cv)) / master for _, _, cv, _ in rows]
    overlaps = [
        jaccard(chosen_bullets(a), chosen_bullets(b)) for (_, _, a, _), (_, _, b, _) in combinations(rows, 2)
    ]
    print()
    print(f"CVs: {len(rows)}; master achievements: {master}")
    print(f"mean share of master achievements used: {sum(shares) / len(shares):.2f} (target <= 0.70)")
    print(
        f"mean pairwise Jaccard overlap of chosen bullets: {sum(overlaps) / len(overlaps):.2f}"
        " (target <= 0.60)"
    )
    print(f"different headlines: {len({cv.header.headline for _, _, cv, _ in rows})}")
    print(f"pages: max {max(p for *_, p in rows)}, page budget {candidate.preferences.cv_pages or 'default'}")


if __name__ == "__main__":
    main()
