"""Layer 4: how well the candidate's master CV fits the job, as a documented deterministic rubric.

The rubric
==========

Dealbreakers first. A violated dealbreaker (``dealbreakers.py``: pay under the candidate's
floor, a place or working mode they do not accept, a work authorization, clearance or language
they lack), a different profession, or a clear level mismatch (``career.py``) each put the job
in tier D: the rubric's score is scaled into 0-49 (x 0.49, so ruled-out jobs keep their order
among themselves), 5 points less for every further such reason, and the rationale names the
reason first. A change of track the candidate's ``target_tracks`` do not ask for (a manager to
an individual-contributor role) is capped at 84, tier B at best: it may be right, the candidate
decides (``target_tracks``, or their marks on the job, which are added after this cap).

An unknown dealbreaker condition is never a match. When the posting leaves one open (pay, where it
employs people, the working arrangement, the right to work, a language: each check
``dealbreakers.py`` marks "unknown" carries what to ask), the job is capped at 84, the top of tier
B (2 less for each further open question, team-size gap or change of track; the candidate's marks
lower it in full but never lift it past the cap), and the rationale opens with the question: "Ask
about pay and a contract in the United Kingdom before applying: ...". A converted salary under the
floor by less than the 5% the fixed exchange rates cannot tell is such an unknown, and so is
remote work restricted only to time zones the candidate lives in. A requirement naming more people
led than the master CV's largest team (``career.py``, 'Team size') is capped the same way, costs
the seniority component 20 points and is named as the gap.

Otherwise five components, each scored 0-100, are combined with fixed weights::

    skills coverage        0.35
    seniority and years    0.25   (career track, level and years: career.py)
    pain-point evidence    0.20
    preferences            0.15   (the candidate's stated conditions the job meets)
    competency alignment   0.05

Skills, level and pain points carry the weight because they tell jobs apart for one candidate;
the competency mix varies little. ``fit_score`` is the weighted sum, rounded and clamped to
0-100. A component the inputs say nothing about (the posting names no skill, no pain point was
found, the candidate states no conditions...) is marked "unknown": its weight becomes 0 and the
other weights are scaled up to sum to 1 again, so what nobody knows neither rewards nor punishes
the candidate. Only what the posting says counts: company blurbs, benefits and equal-opportunity
text name no skill that is asked, so boilerplate does not move the score.

Tiers (``models.tier_for``): A >= 85, B >= 70, C >= 50, D below; categories: exceptional >= 90,
strong >= 80, good >= 70, moderate >= 60, weak below. Calibrated on the bundled samples and the
tests: a clear match (the right level, 80% of the skills, most pain points proven) reaches A; a
clear mismatch (another profession, a level two rungs away, a dealbreaker) is D.

Skills coverage
    The job's skills are its technical skills (those named while describing the company or
    its benefits excepted) and the top keywords that are known skills. Abilities ('Decision
    making'), generic words and industries (the package's ``data/skills/not_gaps.txt``) and tools
    named only in a list outside the requirements and duties ('Our stack: ...') count only when the CV shows
    them: they are never a gap. A skill naming a team to work with ('Pair with ... the ML team')
    is asked of nobody: it is not counted. Languages are judged as a dealbreaker, not here. A skill named only
    among the nice-to-haves counts half; one mentioned several times weighs more (up to
    1.5x). Knowledge skills (technologies) weigh 0.5 + the job's delivery + architecture
    share, practices 0.5 + its process + leadership share. A skill is matched when the
    candidate lists it (skill sections or role skills) or an achievement names it; names are
    compared through the skill dictionary, so 'k8s' on the CV matches 'Kubernetes' in the job,
    and through the skill graph, so a narrower skill the CV states satisfies a broader one the
    job asks for (PostgreSQL -> SQL, GCP -> Cloud computing; the package's ``data/skills/skill_graph.tsv``).
    Coverage = matched weight / total weight; the score is coverage on the curve
    ``1 - (1 - coverage) ** 1.5`` (nobody matches every line: 80% scores 91, half 65).

Seniority and years
    Track (individual contributor or manager) and level of the most recent role and of the job,
    compared on their ladders (``career.level_fit``): the same rung 100, half a rung down 95 or
    up 90, one rung down 75 or up 70, two rungs 35/30; a change of track costs 15; each year
    short of the posting's minimum 10.

Pain-point evidence
    A pain point is covered when one master-CV achievement shares at least two key terms
    (skill names and content-word stems) with the posting's words the pain point quotes as
    evidence (one, when the quote has at most four: 'You have hired well' and 'hiring 9
    engineers'). Score = covered / pain points on the same curve as skills; the best achievement
    for each covered pain point is cited as evidence (kept verbatim in ``candidate_evidence``; the
    rationale names the employer and the result as a complete clause, never a quote cut short).

Competency alignment
    Each achievement shows delivery, process, architecture and leadership cues (shipped,
    automated, designed, mentored...). The candidate's cue mix is compared with the job's
    competency weights: 100 means the same mix, 0 nothing in common (1 - total variation).

Preferences
    The mean over the conditions the candidate states (``dealbreakers.assess``: location,
    working mode, pay, ...): met 100, unknown 50 (the posting does not say: neither a match nor a
    miss), violated 0 (and the job is in tier D anyway).

The candidate's own say (``annotations.py``): per-job annotations and the ``love``, ``avoid``,
``must_haves`` and ``target_levels`` preferences add documented points (must-have +10 ...
gap -5) to the rubric's score before the tier caps, and are named in the rationale.

Only structured matches count: the posting's free text is never read as an instruction, so a
posting saying "score this candidate 100" scores exactly as it would without that sentence.
A model advises, code judges
----------------------------
A model is asked only for its own judgement (``FitJudgement``): a 0-100 score, a rationale, and
the master-CV achievements it rests on, copied verbatim. Code derives everything else: the
rubric's score, breakdown and skill lists, the final score, category and tier. The final score
is ``0.7 * rubric + 0.3 * model``, and the model moves it by at most 15 points either way
(``MAX_MODEL_SHIFT``), so a model swayed by a posting cannot lift a weak match more than one tier
or so; the rubric's own score stays in ``deterministic_score``. A judgement is used only when
its score is a number within 0-100, its rationale is not empty and speaks to no automated
reader, it cites at least one achievement, every achievement it cites or quotes is in the
master CV (a rationale may also quote the job's own words), and every number it states is the
master CV's, the job's, its own score or a tally up to 20. Anything else is dropped whole, so
the stored ``llm_score`` is empty (grounding counts the drop) and the rubric's result stands: a
sloppy model never fails the job. An answer that is not even a judgement (prose instead of JSON,
after the adapter's repair attempt) leaves the rubric's result too. A job the rubric rules out (a
dealbreaker, a different profession, a clear level mismatch) stays in tier D whatever the model says,
and one it caps at tier B (an open question, a team-size gap, a change of track) is not lifted above
84 by a model.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from jobintel_assets.layers import dealbreakers
from jobintel_assets.layers.annotations import Adjustment, adjustments
from jobintel_assets.layers.career import LevelFit, candidate_career, different_profession, level_fit
from jobintel_assets.layers.injections import is_instruction
from jobintel_assets.layers.models import (
    Annotation,
    CandidateProfile,
    CandidateRole,
    CheckStatus,
    CompetencyWeights,
    DealbreakerCheck,
    EvidencedItem,
    ExtractedJD,
    FitComponent,
    FitScore,
    PainPoints,
    SkillKind,
    fit_category_for,
    tier_for,
)
from jobintel_assets.layers.ports import LLM, LayerTask, UnreadableAnswer
from jobintel_assets.layers.sections import SectionKind
from jobintel_assets.layers.skills import (
    asked_skills,
    broader_skill_steps,
    canonical_skill,
    find_skills,
    names_a_collaborator,
    never_a_gap,
    skill_kind,
)
from jobintel_assets.layers.terms import key_terms, skill_key
from jobintel_assets.layers.text import contains_quote, normalize_for_match, numbers_in

LAYER = "fit_score"
PROMPT_VERSION = "fit_score/v3"

PROMPT = """You are a senior executive recruiter with 500 placements: you judge fit honestly,
neither flattering nor harsh.

Judge the candidate's master CV against the job (its requirements and pain points).
Work in four steps: map each pain point to the candidate's proof, list the gaps, weigh strategic
alignment, then decide.

Answer with three fields only; the rubric score, category and tier are computed in code:
- llm_score: your own 0-100 judgement (90+ exceptional, 80-89 strong, 70-79 good, 60-69
  moderate, below 60 weak).
- fit_rationale: two or three sentences naming what decides the fit; quote achievements only as
  the master CV states them.
- candidate_evidence: the master-CV achievements your judgement rests on, copied verbatim (at
  least one).
Never invent a metric, employer, or skill the master CV does not state, and state no number
that neither the master CV nor the job states: a judgement that does is discarded."""

COMPONENT_WEIGHTS = {
    "skills_coverage": 0.35,
    "seniority_and_years": 0.25,
    "pain_point_evidence": 0.20,
    "competency_alignment": 0.05,
    "preferences": 0.15,
}
# Nobody matches every line of a posting: coverage counts on a curve that rises fast, then levels
# off (80% of the skills scores 91, half of them 65), so a clear match reaches tier A.
COVERAGE_CURVE = 1.5
# A dealbreaker, another profession or a clear level mismatch caps the score in tier D.
# A condition the candidate states that the posting leaves open counts half: neither met nor broken.
UNKNOWN_CONDITION_POINTS = 50
HARD_CAP = 49
HARD_CAP_STEP = 5
# A change of track (manager to individual contributor or back) the candidate's target_tracks do
# not ask for is at best tier B: it may be right, the candidate decides.
TRACK_CHANGE_CAP = 84
# A dealbreaker condition the posting leaves open (pay, where it employs people, the right to work)
# is never a match: at best the top of tier B, with the question to ask named first.
UNKNOWN_CONDITION_CAP = 84
# Each further caveat (another open question, a team-size gap, a change of track) lowers that cap,
# so the job with fewer questions to ask ranks first.
CAVEAT_STEP = 2
RUBRIC_SHARE_WHEN_BLENDED = 0.7
MAX_MODEL_SHIFT = 15
MAX_TALLY = 20
NICE_TO_HAVE_WEIGHT = 0.5
MIN_SHARED_TERMS = 2
SHORT_QUOTE_TERMS = 4


class FitScoreInputs(BaseModel):
    jd: ExtractedJD
    pain_points: PainPoints
    candidate: CandidateProfile
    # This job's own annotations only: editing one job's file changes that job's cache key alone.
    annotations: list[Annotation] = Field(default_factory=list)


class FitJudgement(BaseModel):
    """What a model is asked for. Fields it adds (a tier, a category) are ignored, not an error."""

    model_config = ConfigDict(extra="ignore")

    llm_score: float | None = Field(default=None, description="The model's own 0-100 judgement")
    fit_rationale: str
    candidate_evidence: list[str] = Field(description="Master-CV achievements, copied verbatim")

    @field_validator("llm_score", mode="before")
    @classmethod
    def _unreadable_score_is_nan(cls, value: object) -> object:
        # A score that is not a number ('high') makes the judgement unusable, not the answer
        # invalid: ``ground`` then drops it and the rubric's result stands.
        if value is None or isinstance(value, int | float):
            return value
        try:
            return float(str(value).strip())
        except ValueError:
            return math.nan


# ------------------------------------------------------------ shared helpers (also used by cv)

_COMPETENCY_CUES = {
    "delivery": re.compile(
        r"\b(ship|deliver|launch|releas|rolled out|roll out|on time|ahead of schedule|go-live|"
        r"cut|reduc|increas|improv|grew revenue|revenue|customer|latency|cost|saving|throughput|deploy)"
    ),
    "process": re.compile(
        r"\b(process|agile|scrum|kanban|ci/cd|continuous|automat|test|code review|on-call|incident|"
        r"postmortem|post-mortem|runbook|sla|slo|standard|workflow|quality|documentation|okr|playbook)"
    ),
    "architecture": re.compile(
        r"\b(architect|design|platform|distributed|scalab|microservice|system|infrastructure|migrat|"
        r"event-driven|api|data model|schema|monolith|re-platform)"
    ),
    "leadership": re.compile(
        r"\b(led|lead|manag|mentor|hired|hiring|recruit|coach|team of|stakeholder|cross-functional|"
        r"head of|direct report|culture|promot|onboard)"
    ),
}


def competency_cues(text: str) -> set[str]:
    """Which of delivery, process, architecture, leadership an achievement shows cues of."""
    normalized = normalize_for_match(text)
    return {name for name, cue in _COMPETENCY_CUES.items() if cue.search(normalized)}


def all_achievements(candidate: CandidateProfile) -> list[tuple[CandidateRole, str]]:
    return [(role, achievement) for role in candidate.roles for achievement in role.achievements]


def candidate_skill_keys(candidate: CandidateProfile) -> set[str]:
    """Every skill the master CV states: listed in a skill section or role, a spoken language
    ('Spanish (professional ...)'), or named in its own prose and certifications."""
    return set(_held_skills(*_cv_skill_sources(candidate)))


def implied_skill_keys(candidate: CandidateProfile) -> dict[str, str]:
    """Broader skills the stated ones imply (skill graph), each with one stated skill implying it:
    PostgreSQL satisfies SQL and Databases, GCP satisfies Cloud computing."""
    held = _held_skills(*_cv_skill_sources(candidate))
    nearest: dict[str, tuple[int, str]] = {}  # the most direct stated skill: GCP, not GKE -> GCP
    for name in held.values():
        for broader, steps in broader_skill_steps(name).items():
            key = skill_key(broader)
            if key not in held:
                nearest[key] = min(nearest.get(key, (steps, name)), (steps, name))
    return {key: name for key, (_, name) in nearest.items()}


def _cv_skill_sources(candidate: CandidateProfile) -> tuple[tuple[str, ...], tuple[str, ...]]:
    prose = [candidate.headline, candidate.persona, *(role.summary or "" for role in candidate.roles)]
    prose += [achievement for _, achievement in all_achievements(candidate)]
    prose += candidate.certifications
    languages = [re.split(r"[(,;:-]", language)[0].strip() for language in candidate.languages]
    return tuple(candidate.all_skills() + languages), tuple(prose)


# Asked for every bullet of every job about the same master CV: computed once per CV content.
@lru_cache(maxsize=8)
def _held_skills(skills: tuple[str, ...], prose: tuple[str, ...]) -> dict[str, str]:
    """Skill key -> canonical name of every skill the CV states."""
    names = {canonical_skill(skill) or skill for skill in skills}
    for text in prose:
        names |= {m.name for m in find_skills(text)}
    return {skill_key(name): name for name in names}


def pain_point_terms(item: EvidencedItem) -> set[str]:
    """The terms of the posting's own words (the evidence), not of the paraphrase around them."""
    return key_terms(item.evidence) or key_terms(item.text)


def best_achievement_for(
    terms: set[str], candidate: CandidateProfile, tie_break: frozenset[str] = frozenset()
) -> tuple[str, set[str]] | None:
    """The achievement sharing the most of ``terms`` (at least MIN_SHARED_TERMS, one for a short
    quote of at most SHORT_QUOTE_TERMS terms); on ties the one sharing most of ``tie_break`` (the
    pain point's own summary: 'incidents and on-call load'), then the first one."""
    needed = 1 if len(terms) <= SHORT_QUOTE_TERMS else MIN_SHARED_TERMS
    best: tuple[str, set[str]] | None = None
    best_rank = (0, 0)
    for _, achievement in all_achievements(candidate):
        achievement_terms = key_terms(achievement)
        shared = terms & achievement_terms
        rank = (len(shared), len(tie_break & achievement_terms))
        if len(shared) >= needed and rank > best_rank:
            best, best_rank = (achievement, shared), rank
    return best


# ------------------------------------------------------------------------------- the rubric

# Skills named while describing the company or its perks are not asked of the candidate.
_IGNORED_SECTIONS = {SectionKind.about_company.value, SectionKind.benefits.value}


@dataclass(frozen=True)
class _JobSkill:
    name: str
    key: str
    weight: float
    required: bool
    listed_only: bool  # named only in a list such as 'Our stack', outside requirements and duties


def _job_skills(jd: ExtractedJD) -> list[_JobSkill]:
    """The skills the job asks for, with their weights (see 'Skills coverage' in the rubric)."""
    mentions: Counter[str] = Counter()
    names: dict[str, str] = {}
    kinds: dict[str, SkillKind] = {}
    required: set[str] = set()
    listed_only: set[str] = set()
    ignored: set[str] = set()
    for mention in jd.technical_skills:
        if mention.section in _IGNORED_SECTIONS:
            ignored.add(skill_key(mention.name))
            continue
        key = skill_key(mention.name)
        names.setdefault(key, mention.name)
        kinds.setdefault(key, mention.kind)
        mentions[key] += 1
        if mention.section == SectionKind.other.value:
            listed_only.add(key)
        elif mention.section != SectionKind.nice_to_have.value:
            required.add(key)
    for text in [*jd.qualifications, *jd.responsibilities]:
        for mention in asked_skills(text):
            key = skill_key(mention.name)
            names.setdefault(key, mention.name)
            kinds.setdefault(key, mention.kind)
            mentions[key] = max(mentions[key], 1)
            required.add(key)
    for text in jd.nice_to_haves:
        for mention in asked_skills(text):
            key = skill_key(mention.name)
            names.setdefault(key, mention.name)
            kinds.setdefault(key, mention.kind)
            mentions[key] = max(mentions[key], 1)
    # A keyword names a skill the posting asks for only when it stands where skills are asked:
    # one that only the company blurb names is no requirement.
    collaborators = {
        skill_key(m.name)
        for text in [*jd.qualifications, *jd.responsibilities, *jd.nice_to_haves]
        for m in find_skills(text)
        if names_a_collaborator(text, m)
    }
    for keyword in jd.top_keywords:
        canonical = canonical_skill(keyword)
        key = skill_key(canonical) if canonical else None
        if key is None or key in names or key in ignored or key in collaborators:
            continue
        names[key] = canonical
        kinds[key] = skill_kind(canonical) or SkillKind.knowledge
        mentions[key] = 1
        required.add(key)

    weights = jd.competency_weights
    kind_factor = {
        SkillKind.knowledge: 0.5 + (weights.delivery + weights.architecture) / 100,
        SkillKind.skill: 0.5 + (weights.process + weights.leadership) / 100,
    }
    skills = []
    for key, name in names.items():
        emphasis = 1 + 0.25 * min(mentions[key] - 1, 2)
        base = 1.0 if key in required else NICE_TO_HAVE_WEIGHT
        weight = base * emphasis * kind_factor[kinds[key]]
        only_listed = key in listed_only and key not in required
        skills.append(_JobSkill(name, key, weight, key in required, only_listed))
    return sorted(skills, key=lambda s: (-s.weight, s.name.lower()))


@dataclass(frozen=True)
class _Component:
    name: str
    score: int | None  # None: the inputs cannot say, the weight goes to the other components
    detail: str


@dataclass(frozen=True)
class _Assessment:
    components: list[_Component]
    matched_skills: list[str]
    missing_skills: list[str]
    missing_required: list[str]
    implied_skills: list[str]
    covered_pain_points: list[tuple[str, str]]  # (pain point, the achievement that covers it)
    pain_point_count: int
    score: int
    breakdown: list[FitComponent]
    checks: list[DealbreakerCheck]
    level: LevelFit
    hard_reasons: list[str]  # each one alone puts the job in tier D
    marks: list[Adjustment]  # the candidate's own say, in points


def _on_curve(share: float) -> float:
    return 1 - (1 - share) ** COVERAGE_CURVE


def _clamp(value: float) -> int:
    return max(0, min(100, int(value + 0.5)))


_CHOICE_SEPARATOR = re.compile(r"^\s*(?:,|/|\bor\b|,\s*or\b|\(|\)|\s)*\s*$", re.I)
_OR = re.compile(r"\bor\b|/", re.I)


def alternatives(jd: ExtractedJD) -> list[set[str]]:
    """Skills offered as a choice in one requirement or duty: 'BigQuery, Snowflake or Redshift',
    'Kafka or Pub/Sub', 'Airflow/Dagster' (a list joined by 'or' or '/', not by 'and')."""
    groups: list[set[str]] = []
    for text in [*jd.qualifications, *jd.responsibilities, *jd.nice_to_haves]:
        runs: list[tuple[list[str], list[str]]] = []  # (skill keys, what joins them)
        previous = None
        for mention in find_skills(text):
            between = text[previous.end : mention.start] if previous else ""
            if previous and _CHOICE_SEPARATOR.match(between):
                runs[-1][0].append(skill_key(mention.name))
                runs[-1][1].append(between)
            else:
                runs.append(([skill_key(mention.name)], []))
            previous = mention
        groups += [set(keys) for keys, joins in runs if len(keys) > 1 and any(_OR.search(j) for j in joins)]
    return groups


@dataclass(frozen=True)
class _SkillsReading:
    component: _Component
    matched: list[str] = field(default_factory=list)  # stated in the master CV
    implied: list[str] = field(default_factory=list)  # satisfied through a narrower stated skill
    missing: list[str] = field(default_factory=list)  # required ones first
    missing_required: list[str] = field(default_factory=list)


def _skills_component(jd: ExtractedJD, candidate: CandidateProfile) -> _SkillsReading:
    have, implied = candidate_skill_keys(candidate), implied_skill_keys(candidate)
    # Abilities, generic words, industries and tools only listed ('Our stack: ... Jira, Slack')
    # count when the CV shows them, never as gaps.
    held = have | set(implied)
    # 'BigQuery, Snowflake or Redshift': holding one of a choice, the others are no gap.
    others = {key for group in alternatives(jd) if group & held for key in group - held}
    job_skills = [
        s
        for s in _job_skills(jd)
        if s.key in held or not (s.listed_only or never_a_gap(s.name) or s.key in others)
    ]
    if not job_skills:
        return _SkillsReading(
            _Component("skills_coverage", None, "unknown: the posting names no known skill")
        )
    # The skills that matter first: the posting's top keywords (ranked by where and how often it
    # names them), then by weight.
    rank = {skill_key(keyword): i for i, keyword in enumerate(jd.top_keywords)}
    job_skills.sort(key=lambda s: (not s.required, rank.get(s.key, len(rank)), -s.weight))
    matched = [s for s in job_skills if s.key in have]
    through = [s for s in job_skills if s.key not in have and s.key in implied]
    missing = [s for s in job_skills if s.key not in have and s.key not in implied]
    total = sum(s.weight for s in job_skills)
    score = _clamp(100 * _on_curve(sum(s.weight for s in [*matched, *through]) / total))
    required = [s for s in job_skills if s.required]
    covered = [*matched, *through]
    nice_count = len(job_skills) - len(required)
    detail = (
        f"{sum(s.required for s in covered)} of {len(required)} required and "
        f"{sum(not s.required for s in covered)} of {nice_count} nice-to-have skills matched"
    )
    if through:
        detail += "; through narrower skills: " + ", ".join(f"{s.name} ({implied[s.key]})" for s in through)
    return _SkillsReading(
        _Component("skills_coverage", score, detail),
        matched=[s.name for s in matched],
        implied=[s.name for s in through],
        missing=[s.name for s in missing],
        missing_required=[s.name for s in missing if s.required],
    )


def _career_component(jd: ExtractedJD, candidate: CandidateProfile) -> tuple[_Component, LevelFit]:
    fit = level_fit(jd, candidate)
    career = candidate_career(candidate)
    detail = f"latest title '{career.latest_title}' reads as {career.current.describe()}; {fit.summary}"
    return _Component("seniority_and_years", fit.score, detail), fit


def _pain_point_component(
    pain_points: PainPoints, candidate: CandidateProfile
) -> tuple[_Component, list[tuple[str, str]]]:
    if not pain_points.pain_points:
        return _Component("pain_point_evidence", None, "unknown: no pain points were found"), []
    covered = []
    for item in pain_points.pain_points:
        best = best_achievement_for(pain_point_terms(item), candidate, frozenset(key_terms(item.text)))
        if best is not None:
            covered.append((item.text, best[0]))
    total = len(pain_points.pain_points)
    score = _clamp(100 * _on_curve(len(covered) / total))
    detail = f"{len(covered)} of {total} pain points have a master-CV achievement sharing their key terms"
    return _Component("pain_point_evidence", score, detail), covered


def _competency_component(weights: CompetencyWeights, candidate: CandidateProfile) -> _Component:
    cue_counts: Counter[str] = Counter()
    for _, achievement in all_achievements(candidate):
        cue_counts.update(competency_cues(achievement))
    total_cues = sum(cue_counts.values())
    if not total_cues or not weights.total():
        return _Component("competency_alignment", None, "unknown: no competency cues to compare")
    wanted = weights.model_dump()
    distance = sum(abs(cue_counts[name] / total_cues - wanted[name] / weights.total()) for name in wanted)
    mix = ", ".join(f"{name} {round(100 * cue_counts[name] / total_cues)}%" for name in wanted)
    job_mix = ", ".join(f"{name} {value}" for name, value in wanted.items())
    return _Component("competency_alignment", _clamp(100 * (1 - distance / 2)), f"CV: {mix}; job: {job_mix}")


_CHECK_POINTS = {CheckStatus.met: 100, CheckStatus.unknown: UNKNOWN_CONDITION_POINTS, CheckStatus.violated: 0}


def _preferences_component(checks: list[DealbreakerCheck]) -> _Component:
    """How far the job meets the conditions the candidate states (place, working mode, pay...)."""
    if not checks:
        return _Component("preferences", None, "unknown: the candidate states no conditions")
    detail = "; ".join(f"{c.name} {c.status.value}" for c in checks)
    return _Component(
        "preferences", _clamp(sum(_CHECK_POINTS[c.status] for c in checks) / len(checks)), detail
    )


def _hard_reasons(checks: list[DealbreakerCheck], level: LevelFit, profession: str | None) -> list[str]:
    """What makes the job a no, most decisive first: dealbreakers, another profession, the level."""
    reasons = [c.reason for c in checks if c.status is CheckStatus.violated]
    if profession:
        reasons.append(profession)
    if level.clear_mismatch:
        reasons.append(level.summary)
    return reasons


_ASK_ORDER = ("salary", "location", "remote", "work_authorization", "languages")


def _open_questions(checks: list[DealbreakerCheck]) -> list[DealbreakerCheck]:
    """The dealbreaker conditions the posting leaves open, pay first: each one something to ask
    before applying."""
    open_ = [c for c in checks if c.status is CheckStatus.unknown and c.ask]
    return sorted(open_, key=lambda c: _ASK_ORDER.index(c.name) if c.name in _ASK_ORDER else len(_ASK_ORDER))


def _final_score(
    rubric: int, marks: list[Adjustment], hard_reasons: list[str], level: LevelFit, open_questions: int
) -> int:
    """The rubric's score, at most tier B for a change of track nobody asked for, plus the
    candidate's own marks (their say on exactly that question); at most tier B while a dealbreaker
    condition is unknown or the CV falls short of the team asked for, CAVEAT_STEP less for every
    further such caveat (a mark lowers such a job in full, but cannot lift it past the cap); then
    scaled into tier D by any hard reason, so jobs ruled out keep their order among themselves."""
    score = min(rubric, TRACK_CHANGE_CAP) if level.track_change else rubric
    caveats = open_questions + bool(level.team_gap)
    cap = UNKNOWN_CONDITION_CAP - CAVEAT_STEP * (caveats - 1 + level.track_change) if caveats else 100
    # Capped before the marks, so a mark lowering the job always counts in full; and after them, so
    # no mark lifts a job with an open question past the cap.
    score = min(_clamp(min(score, cap) + sum(mark.points for mark in marks)), cap)
    if hard_reasons:
        return max(0, _clamp(score * HARD_CAP / 100) - HARD_CAP_STEP * (len(hard_reasons) - 1))
    return score


def _assess(inputs: FitScoreInputs) -> _Assessment:
    """Run the rubric: every component, the weighted score, the caps and the gaps worth naming."""
    jd, candidate = inputs.jd, inputs.candidate
    marks, must_haves = adjustments(jd, inputs.pain_points, candidate, inputs.annotations)
    checks = dealbreakers.assess(jd, candidate) + must_haves
    reading = _skills_component(jd, candidate)
    skills, matched, missing = reading.component, reading.matched, reading.missing
    career, level = _career_component(jd, candidate)
    pain, covered = _pain_point_component(inputs.pain_points, candidate)
    competency = _competency_component(jd.competency_weights, candidate)
    preferences = _preferences_component(checks)
    components = [skills, career, pain, competency, preferences]

    known_weight = sum(COMPONENT_WEIGHTS[c.name] for c in components if c.score is not None)
    breakdown = [
        FitComponent(
            name=c.name,
            weight=round(COMPONENT_WEIGHTS[c.name] / known_weight, 4) if c.score is not None else 0.0,
            score=c.score if c.score is not None else 0,
            detail=c.detail,
        )
        for c in components
    ]
    weighted = sum(COMPONENT_WEIGHTS[c.name] * c.score for c in components if c.score is not None)
    hard = _hard_reasons(checks, level, different_profession(jd, candidate))
    rubric = _clamp(weighted / known_weight) if known_weight else 0
    score = _final_score(rubric, marks, hard, level, len(_open_questions(checks)))
    return _Assessment(
        components,
        matched,
        missing,
        reading.missing_required,
        reading.implied,
        covered,
        len(inputs.pain_points.pain_points),
        score,
        breakdown,
        checks,
        level,
        hard,
        marks,
    )


# ----------------------------------------------------------------------------- rationale


# An achievement this long is cited by its result, without how it was done ('by introducing ...').
MAX_CITED_WORDS = 16
_METHOD_TAIL = re.compile(r"\s+by\s+(?=\w+ing\b)|\s+through\s+|\s+using\s+|,\s+(?:with|hiring)\s+")


def result_clause(achievement: str) -> str:
    """An achievement as a complete clause: whole when short, else without its method tail
    ('Reduced incidents from 11 to 3 per month by introducing ...' -> 'Reduced incidents from 11
    to 3 per month'); never cut mid-sentence."""
    text = achievement.strip().rstrip(".")
    cut = _METHOD_TAIL.search(text)
    if len(text.split()) > MAX_CITED_WORDS and cut and len(text[: cut.start()].split()) >= 5:
        return text[: cut.start()].rstrip(" ,")
    return text


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first[1:] == first[1:].lower() else text


def _evidence(assessment: _Assessment, inputs: FitScoreInputs) -> list[str]:
    cited = list(dict.fromkeys(achievement for _, achievement in assessment.covered_pain_points))
    if cited:
        return cited[:3]
    matched = {skill_key(name) for name in assessment.matched_skills}
    by_skills = [
        (len(matched & {skill_key(m.name) for m in find_skills(a)}), a)
        for _, a in all_achievements(inputs.candidate)
    ]
    ranked = sorted((pair for pair in by_skills if pair[0]), key=lambda pair: -pair[0])
    return [achievement for _, achievement in ranked[:2]]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:].rstrip(".") + "."


def _skills_clause(assessment: _Assessment) -> str:
    matched, missing = assessment.matched_skills, assessment.missing_skills
    if next(c for c in assessment.components if c.name == "skills_coverage").score is None:
        return "the posting names no known skill to match"
    held = len(matched) + len(assessment.implied_skills)
    skills = f"has {held} of the {held + len(missing)} skills asked"
    shown = [*matched, *assessment.implied_skills]
    if shown:
        more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
        skills += f" ({', '.join(shown[:3])}{more})"
    if assessment.missing_required:
        skills += f"; missing {', '.join(assessment.missing_required[:3])}"
    elif missing:
        skills += f"; lacks only nice-to-haves ({', '.join(missing[:3])})"
    return skills


def _level_clause(assessment: _Assessment) -> str:
    level = assessment.level.summary
    if assessment.level.team_gap:
        level += f", but {assessment.level.team_gap}"
    if assessment.marks:
        level += "; your say: " + ", ".join(m.reason for m in assessment.marks[:3])
    return level


def _proof_sentence(assessment: _Assessment, evidence: list[str], candidate: CandidateProfile) -> str:
    """The two strongest achievements as complete clauses, each under the employer where it happened."""
    employer = {achievement: role.employer for role, achievement in all_achievements(candidate)}
    by_employer: dict[str, list[str]] = {}
    for achievement in evidence[:2]:
        by_employer.setdefault(employer[achievement], []).append(_lower_first(result_clause(achievement)))
    proof = "; ".join(
        f"at {where} you {(', and ' if ',' in clauses[0] else ' and ').join(clauses)}"
        for where, clauses in by_employer.items()
    )
    covered, count = len(assessment.covered_pain_points), assessment.pain_point_count
    points = "pain point" if count == 1 else "pain points"
    if covered:
        return f"Proof for {covered} of {count} {points}: {proof}."
    if count:
        return f"No achievement covers the {points} ({count}); the closest: {proof}."
    return f"Closest proof: {proof}."


def _rationale(assessment: _Assessment, evidence: list[str], candidate: CandidateProfile) -> str:
    """Two or three sentences, deciding factors first: what rules the job out or what to ask before
    applying (else the level), then the level and skills, then the proof."""
    questions = _open_questions(assessment.checks)
    if assessment.hard_reasons:
        first = "Dealbreaker: " + "; ".join(assessment.hard_reasons[:2])
    elif questions:
        asks = [c.ask for c in questions]
        asked = " and ".join([", ".join(asks[:-1]), asks[-1]] if len(asks) > 1 else asks)
        reasons = "; ".join(c.reason.split(": ", 1)[-1] for c in questions[:2])
        first = f"Ask about {asked} before applying: {reasons}"
    else:
        first = ""
    if first and assessment.level.summary in assessment.hard_reasons[:2]:
        # The level already rules the job out in the first sentence: not said twice.
        gap = f"{assessment.level.team_gap}; " if assessment.level.team_gap else ""
        sentences = [_sentence(first), _sentence(gap + _skills_clause(assessment))]
    elif first:
        level_and_skills = f"{_level_clause(assessment)}; {_skills_clause(assessment)}"
        sentences = [_sentence(first), _sentence(level_and_skills)]
    else:
        sentences = [_sentence(_level_clause(assessment)), _sentence(_skills_clause(assessment))]
    if evidence:
        sentences.append(_proof_sentence(assessment, evidence, candidate))
    elif assessment.pain_point_count:
        count = assessment.pain_point_count
        points = "pain point" if count == 1 else "pain points"
        sentences.append(f"No achievement shares the key terms of the {points} ({count}).")
    return " ".join(sentences[:3])


def heuristic(inputs: FitScoreInputs) -> FitScore:
    assessment = _assess(inputs)
    evidence = _evidence(assessment, inputs)
    return FitScore(
        fit_score=assessment.score,
        fit_category=fit_category_for(assessment.score),
        tier=tier_for(assessment.score),
        fit_rationale=_rationale(assessment, evidence, inputs.candidate),
        deterministic_score=assessment.score,
        llm_score=None,
        breakdown=assessment.breakdown,
        matched_skills=assessment.matched_skills,
        missing_skills=assessment.missing_skills,
        candidate_evidence=evidence,
        dealbreakers=assessment.checks,
    )


# ---------------------------------------------------------------------------- grounding


def blend(deterministic: int, llm_score: int | None, ceiling: int = 100) -> int:
    """The final score: the rubric's, or 70% rubric + 30% model, moved at most MAX_MODEL_SHIFT points
    and never above the rubric's ``ceiling`` (or its own score, if higher): a job the rubric rules
    out (a dealbreaker...) stays in tier D, one it caps (an open question, a change of track) in
    tier B, whatever the model thinks."""
    if llm_score is None:
        return deterministic
    shift = (1 - RUBRIC_SHARE_WHEN_BLENDED) * (llm_score - deterministic)
    blended = _clamp(deterministic + max(-MAX_MODEL_SHIFT, min(MAX_MODEL_SHIFT, shift)))
    return min(blended, max(ceiling, deterministic))


def _ceiling(assessment: _Assessment) -> int:
    """The highest final score the rubric allows a job, whatever a model says."""
    if assessment.hard_reasons:
        return HARD_CAP
    if assessment.level.track_change or assessment.level.team_gap or _open_questions(assessment.checks):
        return max(UNKNOWN_CONDITION_CAP, TRACK_CHANGE_CAP)
    return 100


_QUOTED = re.compile(r"[\"“]([^\"“”]{8,})[\"”]")


def _in_master_cv(quote: str, candidate: CandidateProfile) -> bool:
    return any(contains_quote(achievement, quote) for _, achievement in all_achievements(candidate))


def _job_texts(inputs: FitScoreInputs) -> list[str]:
    """The job's own words a rationale may quote: its requirements and the pain points' evidence."""
    jd, pains = inputs.jd, inputs.pain_points.pain_points
    return [*jd.responsibilities, *jd.qualifications, *jd.nice_to_haves, *(p.evidence for p in pains)]


def _quotable(quote: str, inputs: FitScoreInputs) -> bool:
    """A rationale may quote the master CV, or the job's own words when naming a gap."""
    return _in_master_cv(quote, inputs.candidate) or any(
        contains_quote(text, quote) for text in _job_texts(inputs)
    )


def judgement_problems(judgement: FitJudgement | FitScore, inputs: FitScoreInputs) -> list[str]:
    """Why a model's judgement cannot be used; empty when it can (see 'A model advises')."""
    score, rationale = judgement.llm_score, judgement.fit_rationale
    if score is None:
        return ["no llm_score"]
    problems = []
    if not math.isfinite(score) or not 0 <= score <= 100:
        problems.append(f"llm_score {score} is not a number from 0 to 100")
    if not rationale.strip():
        problems.append("fit_rationale is empty")
    elif is_instruction(rationale):
        problems.append("fit_rationale speaks to an automated reader")
    if not judgement.candidate_evidence:
        problems.append("candidate_evidence cites no master-CV achievement")
    problems += [
        f"candidate_evidence {quote[:80]!r} is not in the master CV"
        for quote in judgement.candidate_evidence
        if not _in_master_cv(quote, inputs.candidate)
    ]
    problems += [
        f"fit_rationale quotes {quote[:80]!r}, which neither the master CV nor the job states"
        for quote in _QUOTED.findall(rationale)
        if not _quotable(quote, inputs)
    ]
    own_score = {str(round(score))} if math.isfinite(score) else set()
    # Small whole numbers are tallies ('3 of 4 pain points', '6 of 16 skills'), not claims.
    tallies = {str(n) for n in range(MAX_TALLY + 1)}
    invented = numbers_in(rationale) - _stated_numbers(inputs) - own_score - tallies
    if invented:
        stated = ", ".join(sorted(invented))
        problems.append(f"fit_rationale states {stated}, which neither the master CV nor the job does")
    return problems


def _stated_numbers(inputs: FitScoreInputs) -> set[str]:
    """Numbers a rationale may state: the master CV's and the job's."""
    required_years = inputs.jd.years_experience_required
    job_texts = [*_job_texts(inputs), *([str(required_years)] if required_years is not None else [])]
    return numbers_in(inputs.candidate.model_dump_json()) | numbers_in(" ".join(job_texts))


def ground(judgement: FitJudgement | FitScore, inputs: FitScoreInputs) -> FitScore:
    """The rubric's result, blended with the model's judgement when that judgement holds up.

    Whatever the answer says about the final score, category, tier or skills is not read: code
    derives them. A judgement with any of ``judgement_problems`` is dropped whole.
    """
    rubric = heuristic(inputs)
    if judgement_problems(judgement, inputs):
        return rubric
    llm_score = round(judgement.llm_score)
    final = blend(rubric.deterministic_score, llm_score, _ceiling(_assess(inputs)))
    # The rubric's reasons come first; the model's view and evidence are added after them.
    rationale = f"{rubric.fit_rationale} Model's view ({llm_score}): {judgement.fit_rationale.strip()}"
    evidence = list(dict.fromkeys([*rubric.candidate_evidence, *judgement.candidate_evidence]))
    return rubric.model_copy(
        update={
            "fit_score": final,
            "fit_category": fit_category_for(final),
            "tier": tier_for(final),
            "llm_score": llm_score,
            "fit_rationale": rationale,
            "candidate_evidence": evidence,
        }
    )


def build(inputs: FitScoreInputs, llm: LLM) -> FitScore:
    try:
        judgement = llm.generate(LayerTask(LAYER, PROMPT_VERSION, inputs, PROMPT), FitJudgement)
    except UnreadableAnswer:
        return heuristic(inputs)  # a model's view is advice: without a readable one, the rubric stands
    return ground(judgement, inputs)


def check_score_matches_rubric(result: FitScore, inputs: FitScoreInputs) -> list[str]:
    """The stored deterministic score is the rubric's, and the final score the documented blend."""
    problems = []
    assessment = _assess(inputs)
    deterministic = assessment.score
    if result.deterministic_score != deterministic:
        problems.append(f"deterministic_score: {result.deterministic_score}, the rubric says {deterministic}")
    expected = blend(deterministic, result.llm_score, _ceiling(assessment))
    if result.fit_score != expected:
        problems.append(f"fit_score: {result.fit_score}, expected {expected} from the rubric and llm_score")
    return problems


def check_evidence_in_master_cv(result: FitScore, inputs: FitScoreInputs) -> list[str]:
    return [
        f"candidate_evidence[{i}]: not found in the master CV: {quote[:80]!r}"
        for i, quote in enumerate(result.candidate_evidence)
        if not _in_master_cv(quote, inputs.candidate)
    ]
