"""Check the interview preparation of many jobs for provenance, and count what a candidate gets.

Runs the pure layer chain (offline adapters, bundled master CV and company notes) over the sample inbox
and a generated one: the triage layers for every job, the deep ones (interview preparation among them)
for the shortlisted jobs (tier A or B), or for every job with ``--all-jobs``. For each set it prints the
violations of the interview asset's blocking checks (every story traceable to the master CV, every
question's line found in the posting, every gap a missing skill), how many questions, stories, gaps
and questions to ask the jobs get, how many stories are told twice in one job, and the text-quality
defects of what the layer writes and of the dossier's interview section. ``--lying`` also runs a model
that invents stories, quotes, gaps and sources, to count what grounding drops.

``--show N`` prints the dossier's interview section of the first N prepared jobs of each set, to read.

    .venv/bin/python bench/interview_prep.py --count 200 [--all-jobs] [--lying] [--show N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(REPO)]  # generate_postings, and the pure chain in jobintel_tests

from generate_postings import generate  # noqa: E402

from jobintel_assets.adapters.offline import OfflineLLM, OfflineWebResearch  # noqa: E402
from jobintel_assets.ingestion.candidate import load_candidate  # noqa: E402
from jobintel_assets.ingestion.parsers import parse_inbox  # noqa: E402
from jobintel_assets.layers import dossier, interview_prep, text_quality  # noqa: E402
from jobintel_assets.layers.models import Dossier, FitScore, InterviewPrep, Tier  # noqa: E402
from jobintel_assets.layers.ports import LLM  # noqa: E402
from jobintel_assets.layers.registry import BY_NAME, DEEP, LAYERS, TRIAGE, JobSources, LayerSettings  # noqa: E402
from jobintel_tests.chain import run_layers  # noqa: E402
from jobintel_tests.lying_model import LyingLLM  # noqa: E402

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SHORTLIST = {Tier.A, Tier.B}


@dataclass
class Tally:
    jobs: int = 0
    prepared: int = 0
    questions: list[int] = field(default_factory=list)
    stories: int = 0
    repeated_stories: int = 0
    gaps: int = 0
    asks: int = 0
    to_clarify: int = 0
    to_prepare: Counter[str] = field(default_factory=Counter)  # story parts the master CV leaves open
    violations: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    defects: Counter[str] = field(default_factory=Counter)

    def add(self, prep: InterviewPrep, section: str, violations: dict[str, list[str]], job_id: str) -> None:
        self.prepared += 1
        self.sections.append(f"### {job_id}\n\n{section}")
        self.questions.append(len(prep.questions))
        told = [q.story.source_text for q in prep.questions if q.story]
        self.stories += len(told)
        self.repeated_stories += len(told) - len(set(told))
        self.gaps += len(prep.gaps)
        self.asks += len(prep.questions_to_ask)
        self.to_clarify += len(prep.to_clarify)
        for story in (q.story for q in prep.questions if q.story):
            parts = {"task": story.task, "action": story.action, "result": story.result}
            self.to_prepare.update(part for part, text in parts.items() if not text)
        for check in _INTERVIEW.checks:
            problems = violations[check.name] if check.blocking else []
            self.violations[check.name] += len(problems)
            self.examples += [f"{job_id}: {check.name}: {p}" for p in problems[:1]]
        self.defects.update(text_quality.count_by_kind(d for _, d in interview_prep.text_defects(prep)))
        self.defects.update(text_quality.count_by_kind(text_quality.prose_defects(section, markdown=True)))

    def report(self, name: str) -> str:
        asked = sum(self.questions)
        spread = f"{min(self.questions)}-{max(self.questions)}" if self.questions else "-"
        checks = ", ".join(f"{c.name} {self.violations[c.name]}" for c in _INTERVIEW.checks if c.blocking)
        defects = ", ".join(f"{k} {v}" for k, v in self.defects.items() if v) or "none"
        lines = [
            f"  {name}: {self.jobs} jobs, {self.prepared} prepared; questions {asked} ({spread} a job), "
            f"with a story {self.stories} ({self.stories / max(asked, 1):.0%}), stories told twice in a job "
            f"{self.repeated_stories}; gaps {self.gaps}; questions to ask {self.asks}; points to clarify "
            f"{self.to_clarify}",
            "    story parts left to prepare: "
            + ", ".join(f"{part} {self.to_prepare[part]}" for part in ("task", "action", "result")),
            f"    blocking-check violations: {checks}",
            f"    text-quality defects (questions, notes, the dossier's interview section): {defects}",
        ]
        return "\n".join(lines + [f"    e.g. {e}" for e in self.examples[:5]])


_INTERVIEW = BY_NAME[interview_prep.LAYER]


def tally(inbox: Path, llm: LLM, all_jobs: bool) -> Tally:
    candidate = load_candidate(REPO / "data" / "candidate")
    web = OfflineWebResearch(REPO / "data" / "companies")
    result = Tally()
    for draft in parse_inbox(inbox, NOW).postings:
        posting = draft.to_posting(NOW)
        results: dict[str, object] = {}
        state = (results, {}, {}, {})
        run_layers([s for s in LAYERS if s.stage == TRIAGE], posting, candidate, llm, web, *state)
        result.jobs += 1
        fit = results["fit_score"]
        if not all_jobs and not (isinstance(fit, FitScore) and fit.tier in SHORTLIST):
            continue
        run_layers([s for s in LAYERS if s.stage == DEEP], posting, candidate, llm, web, *state)
        prep = results[interview_prep.LAYER]
        assert isinstance(prep, InterviewPrep)
        sources = JobSources(posting.job_id, posting, candidate, dict(results), {}, web, LayerSettings())
        document = results["dossier"]
        assert isinstance(document, Dossier)
        section = document.sections[dossier.SECTION_TITLES.index("Interview preparation")].markdown
        result.add(prep, section, _INTERVIEW.violations(prep, _INTERVIEW.inputs(sources)), posting.job_id)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="generated postings besides the samples")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--all-jobs", action="store_true", help="prepare every job, not only the shortlist")
    parser.add_argument("--lying", action="store_true", help="also run a model that invents")
    parser.add_argument("--show", type=int, default=0, help="print the interview section of N jobs a set")
    args = parser.parse_args()
    models: list[tuple[str, LLM]] = [("offline", OfflineLLM())]
    if args.lying:
        models.append(("a lying model", LyingLLM()))
    with tempfile.TemporaryDirectory() as folder:
        generate(args.count, Path(folder), args.seed)
        for label, llm in models:
            print(f"{label}, {'every job' if args.all_jobs else 'shortlisted jobs (tier A or B)'}:")
            for name, inbox in (
                ("samples", REPO / "data" / "samples" / "inbox"),
                ("generated", Path(folder)),
            ):
                counted = tally(inbox, llm, args.all_jobs)
                print(counted.report(name))
                for section in counted.sections[: args.show]:
                    print(f"\n{section}\n")


if __name__ == "__main__":
    main()
