"""Read the messages and cover letters of many jobs as a recipient would, and print what reads wrong.

Runs the pure layer chain (offline adapters, bundled master CV and company notes) over the sample
inbox and a generated one, then prints, per kind of text-quality defect, how many the contacts'
messages and the dossiers hold; and how much the sample cover letters share: the share of the
shorter letter's five-word phrases that the other also uses, pairwise (mean and maximum).

    .venv/bin/python bench/documents_text.py --count 200
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(REPO)]  # generate_postings, and the pure chain in jobintel_tests

from generate_postings import generate  # noqa: E402

from jobintel_assets.adapters.offline import OfflineLLM, OfflineWebResearch  # noqa: E402
from jobintel_assets.ingestion.candidate import load_candidate  # noqa: E402
from jobintel_assets.ingestion.parsers import parse_inbox  # noqa: E402
from jobintel_assets.layers import contacts, dossier, text_quality  # noqa: E402
from jobintel_tests.chain import ChainResult, run_chain  # noqa: E402

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def chain_results(inbox: Path) -> list[ChainResult]:
    candidate = load_candidate(REPO / "data" / "candidate")
    web = OfflineWebResearch(REPO / "data" / "companies")
    postings = [draft.to_posting(NOW) for draft in parse_inbox(inbox, NOW).postings]
    return [run_chain(posting, candidate, OfflineLLM(), web) for posting in postings]


def defect_counts(results: list[ChainResult]) -> dict[str, dict[str, int]]:
    """Defects per kind in the contacts' messages and in the dossiers."""
    return {
        "contacts": text_quality.count_by_kind(
            d for r in results for _, d in contacts.text_defects(r.contacts)
        ),
        "dossier": text_quality.count_by_kind(d for r in results for _, d in dossier.text_defects(r.dossier)),
    }


def cover_letter(result: ChainResult) -> str:
    return result.dossier.sections[8].markdown


def letter_overlaps(results: list[ChainResult]) -> list[float]:
    letters = [cover_letter(r) for r in results]
    return [text_quality.shared_phrase_fraction(a, b) for a, b in combinations(letters, 2)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="generated postings besides the samples")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    samples = chain_results(REPO / "data" / "samples" / "inbox")
    with tempfile.TemporaryDirectory() as folder:
        generate(args.count, Path(folder), args.seed)
        generated = chain_results(Path(folder))
    print(f"Jobs: {len(samples)} samples + {len(generated)} generated")
    for name, results in (("samples", samples), ("generated", generated)):
        for layer, counts in defect_counts(results).items():
            print(f"  {name:9} {layer:8} " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    overlaps = letter_overlaps(samples)
    words = [len(cover_letter(r).split()) for r in samples]
    print(
        f"Sample cover letters: {len(words)}, {min(words)}-{max(words)} words (heading included); "
        "shared five-word phrases pairwise: "
        f"mean {sum(overlaps) / len(overlaps):.1%}, max {max(overlaps):.1%}, "
        f"pairs above 20%: {sum(o > 0.2 for o in overlaps)} of {len(overlaps)}"
    )


if __name__ == "__main__":
    main()
