"""Score the offline skill matcher against SkillSpan gold spans.

Run: ``python bench/eval_extractor.py --data PATH/TO/skillspan/postings_dev.jsonl`` (SkillSpan's
labelled postings as JSON lines).
Prints precision, recall and F1 per label (Knowledge <-> kind knowledge, Skill <-> kind skill),
strict (same offsets) and loose (overlapping spans); ``--errors N`` lists the most frequent misses
and false alarms, which is what tuning the dictionary needs.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jobintel_assets.layers.skills import find_skills

LABEL_BY_KIND = {"knowledge": "Knowledge", "skill": "Skill"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str

    def overlaps(self, other: Span) -> bool:
        return self.label == other.label and self.start < other.end and other.start < self.end


@dataclass
class Tally:
    predicted: int = 0
    gold: int = 0
    strict_hits: int = 0
    loose_correct_predictions: int = 0
    loose_found_gold: int = 0

    def scores(self, predicted_hits: int, gold_hits: int) -> tuple[float, float, float]:
        precision = predicted_hits / self.predicted if self.predicted else 0.0
        recall = gold_hits / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def evaluate(postings: list[dict], errors: int) -> tuple[dict[str, Tally], float, int]:
    tallies = {label: Tally() for label in LABEL_BY_KIND.values()}
    missed: Counter[tuple[str, str]] = Counter()
    false_alarms: Counter[tuple[str, str]] = Counter()
    elapsed = 0.0
    characters = 0
    for posting in postings:
        text = posting["text"]
        gold = {Span(s["start"], s["end"], s["label"]) for s in posting["spans"]}
        began = time.perf_counter()
        mentions = find_skills(text)
        elapsed += time.perf_counter() - began
        characters += len(text)
        predicted = {Span(m.start, m.end, LABEL_BY_KIND[m.kind.value]) for m in mentions}
        for label, tally in tallies.items():
            gold_here = {s for s in gold if s.label == label}
            predicted_here = {s for s in predicted if s.label == label}
            tally.gold += len(gold_here)
            tally.predicted += len(predicted_here)
            tally.strict_hits += len(gold_here & predicted_here)
            tally.loose_correct_predictions += sum(
                any(p.overlaps(g) for g in gold_here) for p in predicted_here
            )
            tally.loose_found_gold += sum(any(g.overlaps(p) for p in predicted_here) for g in gold_here)
        for span in gold - predicted:
            missed[(span.label, text[span.start : span.end].lower())] += 1
        for span in predicted - gold:
            false_alarms[(span.label, text[span.start : span.end].lower())] += 1
    if errors:
        print(f"most frequent misses: {missed.most_common(errors)}\n")
        print(f"most frequent false alarms: {false_alarms.most_common(errors)}\n")
    return tallies, elapsed, characters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="SkillSpan postings JSONL")
    parser.add_argument("--errors", type=int, default=0, help="show the N commonest errors")
    args = parser.parse_args()
    postings = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line]
    tallies, elapsed, characters = evaluate(postings, args.errors)
    print(f"{args.data.name}: {len(postings)} postings, {characters} characters")
    print(f"{'label':<10} {'mode':<7} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for label, tally in tallies.items():
        for mode, predicted_hits, gold_hits in (
            ("strict", tally.strict_hits, tally.strict_hits),
            ("loose", tally.loose_correct_predictions, tally.loose_found_gold),
        ):
            precision, recall, f1 = tally.scores(predicted_hits, gold_hits)
            print(
                f"{label:<10} {mode:<7} {tally.gold:>5} {tally.predicted:>5} "
                f"{precision:>6.3f} {recall:>6.3f} {f1:>6.3f}"
            )
    per_thousand = elapsed / characters * 1000 * 1000 if characters else 0.0
    print(f"matching time: {elapsed * 1000:.1f} ms in total, {per_thousand:.3f} ms per 1,000 characters")


if __name__ == "__main__":
    main()
