"""Every layer, once: what it is computed from, its contracts, how it is built and checked, its version.

The Dagster assets and their checks, the DuckDB tables, the up-to-date test of `jobintel run`, the
offline adapter and the pure chain the benchmark runs are all generated from ``LAYERS``. A new layer
is one module (the shape in ``layers/__init__.py``) plus one ``LayerSpec`` below.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from pydantic import BaseModel

from jobintel_assets.layers import (
    company_research,
    contacts,
    cv,
    dossier,
    extracted_jd,
    fit_score,
    interview_prep,
    pain_points,
)
from jobintel_assets.layers.models import (
    Annotation,
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
    Tier,
)
from jobintel_assets.layers.ports import LLM, WebResearch

Result = TypeVar("Result", bound=BaseModel)

# The roots every layer is ultimately computed from: the posting (per job) and the master CV.
JOB_POSTING = "job_posting"
CANDIDATE_PROFILE = "candidate_profile"

# Every posting gets the triage layers (its reading and its fit score: the ranked list); only the
# shortlisted jobs get the deep ones (research, contacts, the tailored CV, the dossier).
TRIAGE = "triage"
DEEP = "deep"


@dataclass(frozen=True)
class LayerCheck:
    """One rule over a layer's result; ``violations(result, inputs)`` says what breaks it, by message."""

    name: str
    description: str
    violations: Callable[[Any, Any], list[str]]  # (a layer's result, its inputs)
    blocking: bool = True


@dataclass(frozen=True)
class LayerSettings:
    """What the user tunes about the layers (not about where files are)."""

    max_primary_contacts: int = 2
    max_secondary_contacts: int = 2


@dataclass(frozen=True)
class JobSources:
    """Everything a layer's inputs are made from, for one job."""

    job_id: str
    posting: JobPosting
    candidate: CandidateProfile | None
    results: Mapping[str, BaseModel]  # the stored result of every upstream layer
    lineage: Mapping[str, dossier.LayerLineage]  # how each of them was made
    web: WebResearch
    settings: LayerSettings
    annotations: list[Annotation] = field(default_factory=list)  # the user's marks on this posting

    def result(self, layer: str, model: type[Result]) -> Result:
        """The stored result of upstream ``layer``, as its model."""
        found = self.results[layer]
        if not isinstance(found, model):
            raise TypeError(f"job {self.job_id}: {layer} is a {type(found).__name__}, not a {model.__name__}")
        return found

    def master_cv(self) -> CandidateProfile:
        if self.candidate is None:
            raise ValueError(f"job {self.job_id}: the layer needs the candidate profile, and none is loaded")
        return self.candidate


@dataclass(frozen=True)
class LayerSpec:
    module: ModuleType  # LAYER, PROMPT_VERSION, PROMPT, build, heuristic, ground, check_*
    output: type[BaseModel]
    deps: tuple[str, ...]  # the layers (or roots) it is computed from: the edges of the asset graph
    inputs: Callable[[JobSources], BaseModel]
    group: str
    description: str
    checks: tuple[LayerCheck, ...] = ()
    stage: str = TRIAGE  # TRIAGE: every job; DEEP: the shortlisted jobs only

    @property
    def name(self) -> str:
        return self.module.LAYER

    @property
    def human_version(self) -> str:
        return self.module.PROMPT_VERSION

    @cached_property
    def version(self) -> str:
        """``<layer>/v<n>`` and a fingerprint of the code and data it runs: part of every cache key and
        the asset's code version, so a changed heuristic or dictionary recomputes the layer."""
        return f"{self.human_version}+{code_fingerprint(self.module)}"

    def build(self, inputs: BaseModel, llm: LLM) -> BaseModel:
        return self.module.build(inputs, llm)

    def heuristic(self, inputs: BaseModel) -> BaseModel:
        return self.module.heuristic(inputs)

    def violations(self, result: BaseModel, inputs: BaseModel) -> dict[str, list[str]]:
        return {check.name: check.violations(result, inputs) for check in self.checks}


# ------------------------------------------------------------------ fingerprints

_PACKAGE = "jobintel_assets.layers"


def _source(module: ModuleType) -> Path:
    if module.__file__ is None:
        raise ValueError(f"{module.__name__} has no source file to fingerprint")
    return Path(module.__file__)


def _local_imports(module: ModuleType) -> list[ModuleType]:
    """The modules of the layer package that ``module`` imports (``from .x import``, ``import .x``)."""
    tree = ast.parse(_source(module).read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(_PACKAGE):
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names if alias.name.startswith(_PACKAGE)}
    found = []
    for name in sorted(names):
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError:
            continue  # a name imported from a module, not a module
    return [m for m in found if m.__name__ != _PACKAGE]


def code_fingerprint(module: ModuleType) -> str:
    """A hash of ``module``'s source, of every layer-package module it imports (transitively) and of
    the data files those modules declare in ``DATA_FILES``."""
    seen: dict[str, ModuleType] = {}
    pending = [module]
    while pending:
        current = pending.pop()
        if current.__name__ in seen:
            continue
        seen[current.__name__] = current
        pending += _local_imports(current)
    digest = hashlib.sha256()
    for name in sorted(seen):
        digest.update(name.encode())
        digest.update(_source(seen[name]).read_bytes())
        for data_file in getattr(seen[name], "DATA_FILES", ()):
            digest.update(Path(data_file).read_bytes())
    return digest.hexdigest()[:12]


# ------------------------------------------------------------------ the layers


def _extracted_jd_inputs(sources: JobSources) -> BaseModel:
    posting = sources.posting
    return extracted_jd.ExtractedJDInputs(
        title=posting.title,
        company=posting.company,
        location=posting.location,
        description=posting.description,
        salary=posting.salary,
    )


def _pain_points_inputs(sources: JobSources) -> BaseModel:
    return pain_points.PainPointsInputs(
        description=sources.posting.description, jd=sources.result("extracted_jd", ExtractedJD)
    )


def _company_research_inputs(sources: JobSources) -> BaseModel:
    posting = sources.posting
    return company_research.CompanyResearchInputs(
        company=posting.company,
        title=posting.title,
        description=posting.description,
        pages=sources.web.company_pages(posting.company),
        posting_url=posting.url,
        ingested_at=posting.ingested_at,
    )


def _fit_score_inputs(sources: JobSources) -> BaseModel:
    return fit_score.FitScoreInputs(
        jd=sources.result("extracted_jd", ExtractedJD),
        pain_points=sources.result("pain_points", PainPoints),
        candidate=sources.master_cv(),
        annotations=sources.annotations,
    )


def _contacts_inputs(sources: JobSources) -> BaseModel:
    return contacts.ContactsInputs(
        jd=sources.result("extracted_jd", ExtractedJD),
        pain_points=sources.result("pain_points", PainPoints),
        company_research=sources.result("company_research", CompanyResearch),
        fit=sources.result("fit_score", FitScore),
        candidate=sources.master_cv(),
        people=sources.web.find_people(sources.posting.company, sources.posting.title),
        description=sources.posting.description,
        reference=sources.posting.requisition_id,
        max_primary=sources.settings.max_primary_contacts,
        max_secondary=sources.settings.max_secondary_contacts,
    )


def _cv_inputs(sources: JobSources) -> BaseModel:
    return cv.CVInputs(
        jd=sources.result("extracted_jd", ExtractedJD),
        pain_points=sources.result("pain_points", PainPoints),
        fit=sources.result("fit_score", FitScore),
        candidate=sources.master_cv(),
        company_research=sources.result("company_research", CompanyResearch),
    )


def _interview_prep_inputs(sources: JobSources) -> BaseModel:
    return interview_prep.InterviewPrepInputs(
        description=sources.posting.description,
        jd=sources.result("extracted_jd", ExtractedJD),
        pain_points=sources.result("pain_points", PainPoints),
        fit=sources.result("fit_score", FitScore),
        company_research=sources.result("company_research", CompanyResearch),
        candidate=sources.master_cv(),
    )


def _dossier_inputs(sources: JobSources) -> BaseModel:
    return dossier.DossierInputs(
        job_id=sources.job_id,
        posting=sources.posting,
        jd=sources.result("extracted_jd", ExtractedJD),
        pain_points=sources.result("pain_points", PainPoints),
        company_research=sources.result("company_research", CompanyResearch),
        fit=sources.result("fit_score", FitScore),
        contacts=sources.result("contacts", Contacts),
        cv=sources.result("cv", TailoredCV),
        interview=sources.result("interview_prep", InterviewPrep),
        candidate=sources.master_cv(),
        lineage=[sources.lineage[layer] for layer in DOSSIER_LINEAGE],
    )


DOSSIER_LINEAGE = (
    "extracted_jd",
    "pain_points",
    "company_research",
    "fit_score",
    "contacts",
    "cv",
    "interview_prep",
)

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        extracted_jd,
        ExtractedJD,
        deps=(JOB_POSTING,),
        inputs=_extracted_jd_inputs,
        group="analysis",
        description="The structured reading of the job, every skill located in the posting text.",
        checks=(
            LayerCheck(
                "competency_weights_sum_to_100",
                "delivery + process + architecture + leadership = 100",
                extracted_jd.check_competency_weights,
            ),
            LayerCheck(
                "top_keywords_in_posting",
                "Every top keyword appears in the posting text (case-insensitively or as a known alias)",
                extracted_jd.check_top_keywords,
            ),
        ),
    ),
    LayerSpec(
        pain_points,
        PainPoints,
        deps=("extracted_jd",),
        inputs=_pain_points_inputs,
        group="analysis",
        description="The problems this hire is meant to solve, each with a quote from the posting.",
        checks=(
            LayerCheck(
                "evidence_in_posting",
                "Every pain point, need, risk and metric quotes evidence found in the posting",
                pain_points.check_evidence,
            ),
        ),
    ),
    LayerSpec(
        fit_score,
        FitScore,
        deps=("pain_points", CANDIDATE_PROFILE),
        inputs=_fit_score_inputs,
        group="fit",
        description="An honest fit score of the candidate for this job, with its breakdown.",
        checks=(
            LayerCheck(
                "score_matches_rubric",
                "The deterministic score is the rubric's, and the final score the documented blend",
                fit_score.check_score_matches_rubric,
            ),
            LayerCheck(
                "evidence_in_master_cv",
                "Every piece of candidate evidence is found in the master CV",
                fit_score.check_evidence_in_master_cv,
            ),
        ),
    ),
    LayerSpec(
        company_research,
        CompanyResearch,
        deps=("extracted_jd",),
        inputs=_company_research_inputs,
        group="research",
        stage=DEEP,
        description="What the company is, recent signals with sources, and why this role exists now.",
        checks=(
            LayerCheck(
                "signals_have_sources",
                "Every company signal names its source, and that source is the posting or a page the "
                "research read",
                company_research.check_signal_sources,
            ),
            LayerCheck(
                "signal_dates_iso_or_unknown",
                "Every signal's date is an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) or 'unknown'",
                company_research.check_signal_dates,
            ),
        ),
    ),
    LayerSpec(
        contacts,
        Contacts,
        deps=("fit_score", "company_research"),
        inputs=_contacts_inputs,
        group="outreach",
        stage=DEEP,
        description="The people to contact (or the roles to look for) with drafted messages.",
        checks=(
            LayerCheck(
                "message_lengths",
                "Connection message <= 300 chars, InMail 400-600 chars, email body 95-205 words",
                lambda result, inputs: contacts.check_message_lengths(result),
            ),
            LayerCheck(
                "no_invented_people",
                "Every named contact was found by people search; everyone else is a synthetic role "
                "placeholder",
                contacts.check_no_invented_people,
            ),
            LayerCheck(
                "no_invented_numbers",
                "Every number in a drafted message appears in the master CV (or the company name and title)",
                contacts.check_no_invented_numbers,
            ),
            LayerCheck(
                "text_quality",
                "Messages read as written: no sentence cut mid-phrase, open bracket, HTML entity or escape, "
                "pasted label, repeated sentence, 'Partners's' or ellipsis",
                lambda result, inputs: contacts.check_text_quality(result),
                blocking=False,
            ),
        ),
    ),
    LayerSpec(
        cv,
        TailoredCV,
        deps=("fit_score", "company_research"),
        inputs=_cv_inputs,
        group="outreach",
        stage=DEEP,
        description="A CV tailored to the job from the master CV only, every bullet with its source.",
        checks=(
            LayerCheck(
                "bullets_trace_to_master_cv",
                "Every CV bullet is built from an achievement of the master CV",
                cv.check_bullet_provenance,
            ),
            LayerCheck(
                "skills_in_master_cv",
                "Every listed skill exists in the master CV (JD keywords may reorder, never add)",
                cv.check_skills_in_master,
            ),
            LayerCheck(
                "numbers_in_master_cv",
                "Every number in the tailored CV appears in the master CV",
                cv.check_numbers_in_master,
            ),
            LayerCheck(
                "years_claims_add_up",
                "No 'N years of X' unless the dates of the master-CV roles that list X add up to N",
                cv.check_years_claims,
            ),
        ),
    ),
    LayerSpec(
        interview_prep,
        InterviewPrep,
        deps=("fit_score", "company_research"),
        inputs=_interview_prep_inputs,
        group="outreach",
        stage=DEEP,
        description="Likely interview questions with STAR stories from the master CV, gaps to prepare, "
        "and questions to ask.",
        checks=(
            LayerCheck(
                "stories_trace_to_master_cv",
                "Every STAR story is a master-CV achievement in its own words, each told once",
                interview_prep.check_stories_trace_to_master_cv,
            ),
            LayerCheck(
                "questions_cite_the_posting",
                "Every likely question quotes a line found in the posting; every question to ask quotes "
                "the posting or the company signal it comes from",
                interview_prep.check_questions_cite_the_posting,
            ),
            LayerCheck(
                "gaps_are_missing_skills",
                "Every gap is a skill the fit score found missing, and claims no experience of it",
                interview_prep.check_gaps_are_missing_skills,
            ),
            LayerCheck(
                "text_quality",
                "Questions and notes read as written: no sentence cut mid-phrase, open bracket, entity, "
                "pasted label, repeated sentence or ellipsis",
                lambda result, inputs: interview_prep.check_text_quality(result),
                blocking=False,
            ),
        ),
    ),
    LayerSpec(
        dossier,
        Dossier,
        deps=("contacts", "cv", "interview_prep"),
        inputs=_dossier_inputs,
        group="outreach",
        stage=DEEP,
        description="Everything about the job in one document.",
        checks=(
            LayerCheck(
                "sections_in_order",
                "The dossier has its eleven sections, numbered 1 to 11",
                lambda result, inputs: dossier.check_sections(result),
            ),
            LayerCheck(
                "text_quality",
                "The pain/proof/plan and the cover letter read as written; no entity or stray escape shows",
                lambda result, inputs: dossier.check_text_quality(result),
                blocking=False,
            ),
        ),
    ),
)

BY_NAME: dict[str, LayerSpec] = {spec.name: spec for spec in LAYERS}


def stage_layers(stage: str) -> list[str]:
    """The layers of one stage (``TRIAGE`` or ``DEEP``), in graph order."""
    return [spec.name for spec in LAYERS if spec.stage == stage]


def upstream(name: str) -> list[str]:
    """Every layer ``name`` is computed from, directly or not, in graph order (roots excluded)."""
    wanted: set[str] = set()
    pending = [dep for dep in BY_NAME[name].deps if dep in BY_NAME]
    while pending:
        dep = pending.pop()
        if dep not in wanted:
            wanted.add(dep)
            pending += [d for d in BY_NAME[dep].deps if d in BY_NAME]
    return [spec.name for spec in LAYERS if spec.name in wanted]


def needs_candidate(name: str) -> bool:
    return any(CANDIDATE_PROFILE in BY_NAME[layer].deps for layer in [*upstream(name), name])


def downstream_of_candidate() -> list[str]:
    """The layers a change of the master CV makes stale (what `jobintel rescore` redoes)."""
    return [spec.name for spec in LAYERS if needs_candidate(spec.name)]


def fit_tier(results: Mapping[str, BaseModel]) -> Tier | None:
    """The job's fit tier once it is scored: the model tier of the deep layers follows it."""
    fit = results.get("fit_score")
    return fit.tier if isinstance(fit, FitScore) else None
