"""Every layer for one posting, in registry order, without Dagster or DuckDB: the pure pipeline the
tests and the benchmark's floor run over many postings.

Each layer runs through its own ``build`` (the adapter's answer, then ``ground``) and every check the
registry declares for it is evaluated on the result, as the Dagster asset checks are: the blocking
ones into ``violations``, the non-blocking ones (text quality) into ``reports``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jobintel_assets.layers.dossier import LayerLineage
from jobintel_assets.layers.models import (
    CandidateProfile,
    CompanyResearch,
    Contacts,
    Dossier,
    ExtractedJD,
    FitScore,
    InterviewPrep,
    JobPosting,
    PainPoints,
    TailoredCV,
)
from jobintel_assets.layers.ports import LLM, WebResearch
from jobintel_assets.layers.registry import DEEP, LAYERS, TRIAGE, JobSources, LayerSettings, LayerSpec
from jobintel_assets.layers.text import content_hash


@dataclass
class ChainResult:
    jd: ExtractedJD
    pain_points: PainPoints
    company_research: CompanyResearch
    fit: FitScore
    contacts: Contacts
    cv: TailoredCV
    interview: InterviewPrep
    dossier: Dossier
    violations: dict[str, list[str]]
    reports: dict[str, list[str]]  # by '<layer>.<check>': what the non-blocking checks found


def run_chain(posting: JobPosting, candidate: CandidateProfile, llm: LLM, web: WebResearch) -> ChainResult:
    results: dict[str, object] = {}
    lineage: dict[str, LayerLineage] = {}
    violations: dict[str, list[str]] = {}
    reports: dict[str, list[str]] = {}
    run_layers(LAYERS, posting, candidate, llm, web, results, lineage, violations, reports)
    return ChainResult(
        jd=results["extracted_jd"],
        pain_points=results["pain_points"],
        company_research=results["company_research"],
        fit=results["fit_score"],
        contacts=results["contacts"],
        cv=results["cv"],
        interview=results["interview_prep"],
        dossier=results["dossier"],
        violations=violations,
        reports=reports,
    )


def run_triage_then_deep(
    posting: JobPosting,
    candidate: CandidateProfile,
    llm: LLM,
    web: WebResearch,
    shortlisted: Callable[[FitScore], bool],
) -> bool:
    """What `jobintel run` computes for one job: the triage layers, then the deep ones when
    ``shortlisted(fit)``; returns whether the job was shortlisted."""
    results: dict[str, object] = {}
    lineage: dict[str, LayerLineage] = {}
    state = (results, lineage, {}, {})
    run_layers([s for s in LAYERS if s.stage == TRIAGE], posting, candidate, llm, web, *state)
    if not shortlisted(results["fit_score"]):
        return False
    run_layers([s for s in LAYERS if s.stage == DEEP], posting, candidate, llm, web, *state)
    return True


def run_layers(
    specs: Sequence[LayerSpec],
    posting: JobPosting,
    candidate: CandidateProfile,
    llm: LLM,
    web: WebResearch,
    results: dict[str, object],
    lineage: dict[str, LayerLineage],
    violations: dict[str, list[str]],
    reports: dict[str, list[str]],
) -> None:
    """Run ``specs`` in order on the results so far, adding to ``results``, ``lineage`` and the checks."""
    for spec in specs:
        sources = JobSources(
            job_id=posting.job_id,
            posting=posting,
            candidate=candidate,
            results=dict(results),
            lineage=dict(lineage),
            web=web,
            settings=LayerSettings(),
        )
        inputs = spec.inputs(sources)
        result = spec.build(inputs, llm)
        results[spec.name] = result
        lineage[spec.name] = LayerLineage(
            layer=spec.name,
            provider=llm.provider,
            model=llm.model,
            prompt_version=spec.version,
            input_hash=content_hash(inputs),
            output_hash=content_hash(result),
        )
        found = spec.violations(result, inputs)
        violations[spec.name] = [m for check in spec.checks if check.blocking for m in found[check.name]]
        reports |= {
            f"{spec.name}.{check.name}": found[check.name] for check in spec.checks if not check.blocking
        }
