"""Layer 4: how well the candidate's master CV fits the job, as a documented deterministic rubric.

The rubric
==========

Five components, each scored 0-100, are combined with fixed weights::

    skills coverage        0.40
    pain-point evidence    0.25
    seniority and years    0.15
    competency alignment   0.10
    preferences            0.10

Skills and pain points carry the weight because they tell jobs apart; seniority, competency mix
and preferences vary less from one posting to the next for the same candidate.

``fit_score`` is the weighted sum, rounded and clamped to 0-100. A component the inputs say
nothing about (the posting names no skill, no pain point was found, the candidate states no
preferences...) is marked "unknown": its weight becomes 0 and the other weights are scaled up
to sum to 1 again, so what nobody knows neither rewards nor punishes the candidate.

Skills coverage
    The job's skills are its technical skills (those named while describing the company or
    its benefits excepted) and the top keywords that are known skills. A skill named only
    among the nice-to-haves counts half; one mentioned several times weighs more (up to
    1.5x). Knowledge skills (technologies) weigh 0.5 + the job's delivery + architecture
    share, practices 0.5 + its process + leadership share. A skill is matched when the
    candidate lists it (skill sections or role skills) or an achievement names it; names are
    compared through the skill dictionary, so 'k8s' on the CV matches 'Kubernetes' in the job.
    Score = matched weight / total weight.

Seniority and years
    The most recent role's title is read as a level (junior, mid, senior, staff, principal,
    director, vp, c-level) and compared with the job's seniority: each level under costs 30
    points, each level over 15 (over-levelled candidates are a risk too, a smaller one).
    Years: at or above the requirement is 100, each missing year costs 20. The component is
    the mean of the two (the level alone when the job states no years).

Pain-point evidence
    A pain point is covered when one master-CV achievement shares at least two key terms
    (skill names and content-word stems) with the posting's words the pain point quotes as
    evidence. Score = covered / pain points; the best achievement for each covered pain point
    is cited as evidence (quoted in the rationale, kept verbatim in ``candidate_evidence``).

Competency alignment
    Each achievement shows delivery, process, architecture and leadership cues (shipped,
    automated, designed, mentored...). The candidate's cue mix is compared with the job's
    competency weights: 100 means the same mix, 0 nothing in common (1 - total variation).

Preferences
    Remote policy: 100 when the job's policy is one the candidate accepts, 40 one step away
    on remote-hybrid-onsite, 0 two steps. Location (not for fully remote jobs): 100 when the
    job's location names one of the candidate's locations, else 0. Unknowns on either side
    are skipped.

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
after the adapter's repair attempt) leaves the rubric's result too.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from jobintel_assets.layers.injections import is_instruction
from jobintel_assets.layers.models import (
    CandidateProfile,
    CandidateRole,
    CompanyResearch,
    CompetencyWeights,
    EvidencedItem,
    ExtractedJD,
    FitComponent,
    FitScore,
    PainPoints,
    RemotePolicy,
    Seniority,
    SkillKind,
    fit_category_for,
    tier_for,
)
from jobintel_assets.layers.ports import LLM, LayerTask, UnreadableAnswer
from jobintel_assets.layers.sections import SectionKind
from jobintel_assets.layers.skills import canonical_skill, find_skills, skill_kind
from jobintel_assets.layers.text import contains_quote, normalize_for_match, numbers_in

LAYER = "fit_score"
PROMPT_VERSION = "fit_score/v2"

PROMPT = """You are a senior executive recruiter with 500 placements: you judge fit honestly,
neither flattering nor harsh.

Judge the candidate's master CV against the job (its requirements, pain points and company).
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
    "skills_coverage": 0.40,
    "seniority_and_years": 0.15,
    "pain_point_evidence": 0.25,
    "competency_alignment": 0.10,
    "preferences": 0.10,
}
RUBRIC_SHARE_WHEN_BLENDED = 0.7
MAX_MODEL_SHIFT = 15
MAX_TALLY = 20
NICE_TO_HAVE_WEIGHT = 0.5
MIN_SHARED_TERMS = 2


class FitScoreInputs(BaseModel):
    jd: ExtractedJD
    pain_points: PainPoints
    company_research: CompanyResearch
    candidate: CandidateProfile


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


# ------------------------------------------------------------ shared term helpers (also used by cv)

_STOPWORDS = frozenset(
    """
    a an the and or but of to in on at by for with from into onto over under about across within
    without as is are was were be been being it its this that these those our your their we you
    they them us i he she his her who whom which what when where why how all any each every more
    most less least other some such no not only own same so than too very can will just should
    would could may might must shall do does did done has have had having new make made get got
    also per via up down out off again further then once here there both few while during before
    after above below between through until against among lot lots well able ability strong
    work working works worked role team teams company experience experienced year years need
    needs needed help helps ensure using use used looking seeking join want etc including
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
_WORD = re.compile(r"[a-z][a-z0-9+#/.-]*[a-z0-9+#]|[a-z]")
_SUFFIXES = (
    "ations", "ation", "ments", "ment", "ities", "ity", "ings", "ing", "ied", "ies", "ed", "es", "s", "e",
)  # fmt: skip


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=65_536)
def skill_key(name: str) -> str:
    """The comparable form of a skill name: its canonical dictionary name, normalized."""
    return normalize_for_match(canonical_skill(name) or name)


def _skill_term(name: str) -> str:
    # A one-word skill becomes the stem a plain word would: 'Mentor' (the skill Mentoring) and
    # 'mentored' (a verb the dictionary does not list) then share the term 'mentor'.
    key = skill_key(name)
    return key if " " in key else _stem(key)


def key_terms(text: str) -> set[str]:
    """The canonical skills a text names plus the stems of its other content words.

    A skill counts once, under its canonical name: 'k8s' is 'kubernet', like 'Kubernetes'.
    """
    return set(_key_terms(text))


@lru_cache(maxsize=16_384)
def _key_terms(text: str) -> frozenset[str]:
    mentions = find_skills(text)
    for mention in reversed(mentions):
        text = text[: mention.start] + " " + text[mention.end :]
    words = _WORD.findall(normalize_for_match(text))
    stems = {_stem(w) for w in words if w not in _STOPWORDS and len(w) > 2}
    return frozenset(stems | {_skill_term(m.name) for m in mentions})


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
    """Every skill the master CV shows: listed in a skill section or role, or named in its own prose."""
    prose = [candidate.headline, candidate.persona, *(role.summary or "" for role in candidate.roles)]
    prose += [achievement for _, achievement in all_achievements(candidate)]
    return set(_held_skill_keys(tuple(candidate.all_skills()), tuple(prose)))


# Asked for every bullet of every job about the same master CV: computed once per CV content.
@lru_cache(maxsize=8)
def _held_skill_keys(skills: tuple[str, ...], prose: tuple[str, ...]) -> frozenset[str]:
    keys = {skill_key(skill) for skill in skills}
    for text in prose:
        keys |= {skill_key(m.name) for m in find_skills(text)}
    return frozenset(keys)


def pain_point_terms(item: EvidencedItem) -> set[str]:
    """The terms of the posting's own words (the evidence), not of the paraphrase around them."""
    return key_terms(item.evidence) or key_terms(item.text)


def best_achievement_for(terms: set[str], candidate: CandidateProfile) -> tuple[str, set[str]] | None:
    """The achievement sharing the most of ``terms`` (at least MIN_SHARED_TERMS), first one on ties."""
    best: tuple[str, set[str]] | None = None
    for _, achievement in all_achievements(candidate):
        shared = terms & key_terms(achievement)
        if len(shared) >= MIN_SHARED_TERMS and (best is None or len(shared) > len(best[1])):
            best = (achievement, shared)
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


def _job_skills(jd: ExtractedJD) -> list[_JobSkill]:
    """The skills the job asks for, with their weights (see 'Skills coverage' in the rubric)."""
    mentions: Counter[str] = Counter()
    names: dict[str, str] = {}
    kinds: dict[str, SkillKind] = {}
    required: set[str] = set()
    for mention in jd.technical_skills:
        if mention.section in _IGNORED_SECTIONS:
            continue
        key = skill_key(mention.name)
        names.setdefault(key, mention.name)
        kinds.setdefault(key, mention.kind)
        mentions[key] += 1
        if mention.section != SectionKind.nice_to_have.value:
            required.add(key)
    for text in [*jd.qualifications, *jd.responsibilities]:
        for mention in find_skills(text):
            key = skill_key(mention.name)
            names.setdefault(key, mention.name)
            kinds.setdefault(key, mention.kind)
            mentions[key] = max(mentions[key], 1)
            required.add(key)
    for text in jd.nice_to_haves:
        for mention in find_skills(text):
            key = skill_key(mention.name)
            names.setdefault(key, mention.name)
            kinds.setdefault(key, mention.kind)
            mentions[key] = max(mentions[key], 1)
    for keyword in jd.top_keywords:
        canonical = canonical_skill(keyword)
        if canonical is None:
            continue
        key = skill_key(canonical)
        names.setdefault(key, canonical)
        kinds.setdefault(key, skill_kind(canonical) or SkillKind.knowledge)
        mentions[key] = max(mentions[key], 1)
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
        skills.append(_JobSkill(name, key, base * emphasis * kind_factor[kinds[key]], key in required))
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
    covered_pain_points: list[tuple[str, str]]  # (pain point, the achievement that covers it)
    pain_point_count: int
    gaps: list[str]
    score: int
    breakdown: list[FitComponent]


def _clamp(value: float) -> int:
    return max(0, min(100, int(value + 0.5)))


def _skills_component(
    jd: ExtractedJD, candidate: CandidateProfile
) -> tuple[_Component, list[str], list[str]]:
    job_skills = _job_skills(jd)
    if not job_skills:
        return _Component("skills_coverage", None, "unknown: the posting names no known skill"), [], []
    have = candidate_skill_keys(candidate)
    matched = [s for s in job_skills if s.key in have]
    missing = [s for s in job_skills if s.key not in have]
    total = sum(s.weight for s in job_skills)
    score = _clamp(100 * sum(s.weight for s in matched) / total)
    required = [s for s in job_skills if s.required]
    nice_count = len(job_skills) - len(required)
    detail = (
        f"{sum(s.required for s in matched)} of {len(required)} required and "
        f"{sum(not s.required for s in matched)} of {nice_count} nice-to-have skills matched"
    )
    return _Component("skills_coverage", score, detail), [s.name for s in matched], [s.name for s in missing]


_LEVEL_ORDER = list(Seniority)
_TITLE_LEVELS = [
    (re.compile(r"\b(cto|ceo|cio|coo|chief)\b"), Seniority.c_level),
    (re.compile(r"\b(vp|svp|evp|vice president)\b"), Seniority.vp),
    (re.compile(r"\b(director|head of)\b"), Seniority.director),
    (re.compile(r"\bprincipal\b"), Seniority.principal),
    (re.compile(r"\b(staff|lead|manager|architect)\b"), Seniority.staff),
    (re.compile(r"\b(senior|sr)\b"), Seniority.senior),
    (re.compile(r"\b(junior|jr|graduate|intern|trainee|apprentice|entry)\b"), Seniority.junior),
]


def title_level(title: str) -> Seniority:
    """The level a job title states; a title with no level word reads as mid."""
    normalized = normalize_for_match(title)
    return next((level for pattern, level in _TITLE_LEVELS if pattern.search(normalized)), Seniority.mid)


def latest_role(candidate: CandidateProfile) -> CandidateRole:
    return max(candidate.roles, key=lambda r: (r.end == "present", r.start))


def _seniority_component(jd: ExtractedJD, candidate: CandidateProfile) -> tuple[_Component, list[str]]:
    role = latest_role(candidate)
    level = title_level(role.title)
    gap = _LEVEL_ORDER.index(jd.seniority_level) - _LEVEL_ORDER.index(level)
    level_score = 100 - 30 * gap if gap > 0 else 100 + 15 * gap
    details = [f"latest title '{role.title}' reads as {level.value}, the job is {jd.seniority_level.value}"]
    gaps = []
    if gap > 0:
        gaps.append(f"under-levelled ({level.value} vs {jd.seniority_level.value})")
    elif gap < 0:
        gaps.append(f"over-levelled ({level.value} vs {jd.seniority_level.value})")
    scores = [max(0, level_score)]
    required_years = jd.years_experience_required
    if required_years is None:
        details.append("years required: not stated")
    else:
        short = required_years - candidate.years_experience
        scores.append(max(0, 100 - 20 * short) if short > 0 else 100)
        details.append(f"{candidate.years_experience} years vs {required_years} required")
        if short > 0:
            gaps.append(f"{short} years short of the {required_years} required")
    return _Component("seniority_and_years", _clamp(sum(scores) / len(scores)), "; ".join(details)), gaps


def _pain_point_component(
    pain_points: PainPoints, candidate: CandidateProfile
) -> tuple[_Component, list[tuple[str, str]]]:
    if not pain_points.pain_points:
        return _Component("pain_point_evidence", None, "unknown: no pain points were found"), []
    covered = []
    for item in pain_points.pain_points:
        best = best_achievement_for(pain_point_terms(item), candidate)
        if best is not None:
            covered.append((item.text, best[0]))
    total = len(pain_points.pain_points)
    score = _clamp(100 * len(covered) / total)
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


_REMOTE_SCALE = [RemotePolicy.fully_remote, RemotePolicy.hybrid, RemotePolicy.onsite]


def _preferences_component(jd: ExtractedJD, candidate: CandidateProfile) -> tuple[_Component, list[str]]:
    preferences = candidate.preferences
    scores, details, gaps = [], [], []
    accepted = [p for p in preferences.remote if p in _REMOTE_SCALE]
    if jd.remote_policy in _REMOTE_SCALE and accepted:
        steps = min(abs(_REMOTE_SCALE.index(jd.remote_policy) - _REMOTE_SCALE.index(p)) for p in accepted)
        scores.append(max(0, 100 - 60 * steps))
        details.append(f"remote: job {jd.remote_policy.value}, candidate accepts {', '.join(accepted)}")
        if steps:
            gaps.append(f"{jd.remote_policy.value} role, candidate prefers {' or '.join(accepted)}")
    else:
        details.append("remote: unknown")
    wanted_places = preferences.locations or ([candidate.location] if candidate.location else [])
    if jd.remote_policy is not RemotePolicy.fully_remote and jd.location and wanted_places:
        job_place = normalize_for_match(jd.location)
        matches = any(_place_matches(place, job_place) for place in wanted_places)
        scores.append(100 if matches else 0)
        details.append(f"location: job in {jd.location}, candidate wants {', '.join(wanted_places)}")
        if not matches:
            gaps.append(f"located in {jd.location}")
    else:
        details.append("location: not compared")
    if not scores:
        return _Component("preferences", None, "unknown: " + "; ".join(details)), gaps
    return _Component("preferences", _clamp(sum(scores) / len(scores)), "; ".join(details)), gaps


def _place_matches(place: str, job_place: str) -> bool:
    parts = [p.strip() for p in normalize_for_match(place).split(",") if p.strip()]
    return any(re.search(rf"\b{re.escape(part)}\b", job_place) for part in parts)


def _assess(inputs: FitScoreInputs) -> _Assessment:
    """Run the rubric: every component, the weighted score and the gaps worth naming."""
    jd, candidate = inputs.jd, inputs.candidate
    skills, matched, missing = _skills_component(jd, candidate)
    seniority, seniority_gaps = _seniority_component(jd, candidate)
    pain, covered = _pain_point_component(inputs.pain_points, candidate)
    competency = _competency_component(jd.competency_weights, candidate)
    preferences, preference_gaps = _preferences_component(jd, candidate)
    components = [skills, seniority, pain, competency, preferences]

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
    score = _clamp(weighted / known_weight) if known_weight else 0
    gaps = [*(f"missing {name}" for name in missing[:3]), *seniority_gaps, *preference_gaps]
    return _Assessment(
        components, matched, missing, covered, len(inputs.pain_points.pain_points), gaps, score, breakdown
    )


# ----------------------------------------------------------------------------- rationale


def excerpt(achievement: str, max_words: int = 8) -> str:
    """The start of an achievement, quoted as written, ellipsis outside the quotes when cut."""
    words = achievement.split()
    quoted = " ".join(words[:max_words]).rstrip(" .,;:")
    return f'"{quoted}"' + ("…" if len(words) > max_words else "")


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


def _rationale(assessment: _Assessment, evidence: list[str]) -> str:
    components = {c.name: c for c in assessment.components}
    sentences = []
    matched = assessment.matched_skills
    if components["skills_coverage"].score is None:
        sentences.append("The posting names no known skill to match.")
    elif matched:
        listed = ", ".join(matched[:5]) + (", …" if len(matched) > 5 else "")
        total = len(matched) + len(assessment.missing_skills)
        sentences.append(f"Matches {len(matched)} of {total} skills ({listed}).")
    else:
        sentences.append("None of the posting's skills appear in the master CV.")
    if evidence:
        cited = ", ".join(excerpt(a) for a in evidence[:-1]) + (" and " if len(evidence) > 1 else "")
        cited += excerpt(evidence[-1])
        covered = len(assessment.covered_pain_points)
        if assessment.pain_point_count:
            scope = f"covering {covered} of {assessment.pain_point_count} pain points"
        else:
            scope = "the closest evidence"
        sentences.append(f"Best evidence: {cited}, {scope}.")
    elif assessment.pain_point_count:
        count = assessment.pain_point_count
        sentences.append(f"No achievement shares the key terms of the {count} pain points.")
    if assessment.gaps:
        sentences.append("Biggest gaps: " + "; ".join(assessment.gaps[:4]) + ".")
    else:
        sentences.append("No major gaps found.")
    return " ".join(sentences[:3])


def heuristic(inputs: FitScoreInputs) -> FitScore:
    assessment = _assess(inputs)
    evidence = _evidence(assessment, inputs)
    return FitScore(
        fit_score=assessment.score,
        fit_category=fit_category_for(assessment.score),
        tier=tier_for(assessment.score),
        fit_rationale=_rationale(assessment, evidence),
        deterministic_score=assessment.score,
        llm_score=None,
        breakdown=assessment.breakdown,
        matched_skills=assessment.matched_skills,
        missing_skills=assessment.missing_skills,
        candidate_evidence=evidence,
    )


# ---------------------------------------------------------------------------- grounding


def blend(deterministic: int, llm_score: int | None) -> int:
    """The final score: the rubric's, or 70% rubric + 30% model, moved at most MAX_MODEL_SHIFT points."""
    if llm_score is None:
        return deterministic
    shift = (1 - RUBRIC_SHARE_WHEN_BLENDED) * (llm_score - deterministic)
    return _clamp(deterministic + max(-MAX_MODEL_SHIFT, min(MAX_MODEL_SHIFT, shift)))


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
    final = blend(rubric.deterministic_score, llm_score)
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
    deterministic = _assess(inputs).score
    if result.deterministic_score != deterministic:
        problems.append(f"deterministic_score: {result.deterministic_score}, the rubric says {deterministic}")
    expected = blend(deterministic, result.llm_score)
    if result.fit_score != expected:
        problems.append(f"fit_score: {result.fit_score}, expected {expected} from the rubric and llm_score")
    return problems


def check_evidence_in_master_cv(result: FitScore, inputs: FitScoreInputs) -> list[str]:
    return [
        f"candidate_evidence[{i}]: not found in the master CV: {quote[:80]!r}"
        for i, quote in enumerate(result.candidate_evidence)
        if not _in_master_cv(quote, inputs.candidate)
    ]
