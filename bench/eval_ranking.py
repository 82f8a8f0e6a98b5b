"""How well jobintel ranks jobs for a candidate, against the hand labels of bench/ranking/.

Every candidate in ``bench/ranking/candidates/`` is scored against every posting in
``bench/ranking/postings/`` through the pure layer chain (the same ``run_chain`` the tests and the
pipeline benchmark use), offline, nothing stored. Labels and the rules they follow:
``bench/ranking/labels.csv`` and ``bench/ranking/LABELLING.md``.

Printed per candidate, then averaged over candidates:

- Spearman: rank correlation between our ``fit_score`` and the label (ties get their average rank),
  over all postings, and over the postings of the candidate's own or an adjacent profession alone
  ("in prof."): jobs of other professions are easy to rank low, these are the hard part.
- P@5: precision of our top five. Relevant means what LABELLING.md says: a label of 70 or more and
  no dealbreaker. Our ties are broken by posting name, so the figure does not depend on chance.
- DB in A/B: labelled dealbreakers that reached tier A or B (each is listed below the table).
- Boilerplate |Δ|: how far a score moves, on average and at most, when the posting gains the
  benefits, about-us and equal-opportunity text a job board adds (``BOILERPLATE``). A score
  must not depend on it: ideally 0.

    .venv/bin/python bench/eval_ranking.py            # the table
    .venv/bin/python bench/eval_ranking.py --pairs    # also every pair: label, score, tier
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))  # the pure chain lives with the tests

from jobintel_assets.adapters.offline import OfflineLLM, OfflineWebResearch  # noqa: E402
from jobintel_assets.ingestion.candidate import load_candidate  # noqa: E402
from jobintel_assets.ingestion.parsers import parse_inbox  # noqa: E402
from jobintel_tests.chain import run_chain  # noqa: E402

RANKING = BENCH_DIR / "ranking"

RELEVANT_LABEL = 70
TOP = 5
# The postings' fixed "now": ingestion dates nothing by the clock, so the figures are reproducible.
NOW = datetime(2026, 11, 30, tzinfo=UTC)
BOILERPLATE = """
About us

We are a diverse, fast-growing and award-winning team on a mission to make a difference. Our
people are our greatest asset: we believe in collaboration, ownership, transparency and having
fun together, and we were named a Best Place to Work three years running.

What we offer

- Competitive salary, annual bonus and a generous pension or retirement plan.
- Private medical, dental and vision insurance from day one, and an employee assistance programme.
- 30 days of paid holiday, flexible working hours and enhanced parental leave.
- A yearly learning budget, conference tickets and mentoring.
- Wellness stipend, gym membership, cycle-to-work scheme and regular team events.

Equal opportunity

We are an equal opportunity employer and value diversity. We do not discriminate on the basis of
race, colour, religion, sex, sexual orientation, gender identity, national origin, age, disability,
veteran status or any other characteristic protected by law. If you need reasonable adjustments
during the application process, please let our talent team know.
"""


def spearman(ours: pd.Series, labels: pd.Series) -> float:
    """Spearman's rho: Pearson's correlation of the average ranks."""
    return float(ours.rank().corr(labels.rank()))


def score_pairs() -> pd.DataFrame:
    """One row per candidate and posting: our fit score and tier beside the hand label."""
    postings = {
        Path(draft.source.removeprefix("inbox:")).stem: draft.to_posting(NOW)
        for draft in parse_inbox(RANKING / "postings", NOW).postings
    }
    labels = pd.read_csv(RANKING / "labels.csv")
    missing = set(labels["posting"]) - set(postings)
    if missing:
        sys.exit(f"bench/ranking/labels.csv names postings that were not read: {sorted(missing)}")
    web = OfflineWebResearch(REPO / "data" / "companies")
    llm = OfflineLLM()
    rows = []
    for candidate_name in sorted(labels["candidate"].unique()):
        candidate = load_candidate(RANKING / "candidates" / candidate_name)
        for posting_name, posting in sorted(postings.items()):
            fit = run_chain(posting, candidate, llm, web).fit
            padded = posting.model_copy(update={"description": posting.description + "\n" + BOILERPLATE})
            padded_score = run_chain(padded, candidate, llm, web).fit.fit_score
            scored = {
                "score": fit.fit_score,
                "tier": fit.tier,
                "boilerplate_shift": padded_score - fit.fit_score,
            }
            rows.append({"candidate": candidate_name, "posting": posting_name, **scored})
    return labels.merge(pd.DataFrame(rows), on=["candidate", "posting"], how="left", validate="1:1")


def main() -> None:
    parser = argparse.ArgumentParser(description="Rank correlation of fit scores with hand labels.")
    parser.add_argument("--pairs", action="store_true", help="print every pair: label, score and tier")
    args = parser.parse_args()

    started = time.perf_counter()
    pairs = score_pairs()
    pairs["dealbreaker"] = pairs["dealbreaker"].eq("yes")
    pairs["relevant"] = (pairs["label"] >= RELEVANT_LABEL) & ~pairs["dealbreaker"]
    pairs["tier"] = pairs["tier"].astype(str)

    header = (
        f"{'candidate':<30} {'Spearman':>8} {'in prof.':>8} {'P@5':>5} {'DB in A/B':>9} "
        f"{'boilerplate |Δ|':>15}  tiers A/B/C/D  top five: posting (label)"
    )
    print(header)
    print("-" * len(header))
    figures = []
    for name, group in pairs.groupby("candidate", sort=True):
        rho = spearman(group["score"], group["label"])
        in_profession = group[group["profession"] != "other"]
        rho_in_profession = spearman(in_profession["score"], in_profession["label"])
        top = group.sort_values(["score", "posting"], ascending=[False, True]).head(TOP)
        precision = top["relevant"].mean()
        leaked = group[group["dealbreaker"] & group["tier"].isin(["A", "B"])]
        tiers = "/".join(str(int((group["tier"] == tier).sum())) for tier in "ABCD")
        shifts = group["boilerplate_shift"].abs()
        boilerplate = f"{shifts.mean():.1f} max {shifts.max()}"
        best = ", ".join(f"{p[:2]}({label})" for p, label in zip(top["posting"], top["label"], strict=True))
        print(
            f"{name:<30} {rho:8.3f} {rho_in_profession:8.3f} {precision:5.2f} {len(leaked):9d} "
            f"{boilerplate:>15}  {tiers:<13} {best}"
        )
        figures.append((rho, rho_in_profession, precision, len(leaked)))
    print("-" * len(header))
    means = [sum(f[i] for f in figures) / len(figures) for i in range(3)]
    leaked_total = sum(f[3] for f in figures)
    shifts = pairs["boilerplate_shift"].abs()
    boilerplate = f"{shifts.mean():.1f} max {shifts.max()}"
    print(
        f"{'mean over candidates':<30} {means[0]:8.3f} {means[1]:8.3f} {means[2]:5.2f} {leaked_total:9d} "
        f"{boilerplate:>15}"
    )

    leaked = pairs[pairs["dealbreaker"] & pairs["tier"].isin(["A", "B"])]
    print(f"\nLabelled dealbreakers in tier A or B: {len(leaked)}")
    for row in leaked.itertuples():
        ours = f"ours {row.score} tier {row.tier}"
        print(f"  {row.candidate} x {row.posting}: {ours}; label {row.label}: {row.reason}")
    if args.pairs:
        print()
        for row in pairs.sort_values(["candidate", "label"], ascending=[True, False]).itertuples():
            flag = "DB" if row.dealbreaker else "  "
            print(
                f"{row.candidate:<28} {row.posting:<46} {row.profession:<8} label {row.label:3d} {flag}  "
                f"ours {row.score:3d} {row.tier}  with boilerplate {row.boilerplate_shift:+d}"
            )
    seconds = time.perf_counter() - started
    print(f"\n{len(pairs)} pairs scored twice (plain, with boilerplate) in {seconds:.1f} s, offline")


if __name__ == "__main__":
    main()
