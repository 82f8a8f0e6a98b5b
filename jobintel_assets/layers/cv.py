"""Layer 6: a CV tailored to the job, built only from the master CV.

Tailoring selects and orders; it never writes new facts. Every bullet is a master-CV achievement
(``source_text``), the skills are the candidate's own skill sections reordered by relevance to
the job (the job's keywords may reorder them, never add to them), and every number, employer,
title and date comes from the master CV.

An achievement's relevance to the job, which orders the bullets and picks the header's key
achievements, adds up:

- 3 points per job skill it names (through the skill dictionary, so 'k8s' counts for
  'Kubernetes'), 1.5 per other top keyword it contains;
- 2 points when it shares the key terms of a pain point (the one sharing most is recorded);
- up to 2 points for its delivery/process/architecture/leadership cues, weighted by the job's
  competency weights;
- 0.5 when it carries a metric, since a quantified bullet is stronger evidence.

Ties keep the master CV's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel

from jobintel_assets.adapters.ports import LLM, LayerTask
from jobintel_assets.layers.fit_score import (
    MIN_SHARED_TERMS,
    all_achievements,
    candidate_skill_keys,
    competency_cues,
    key_terms,
    pain_point_terms,
    skill_key,
)
from jobintel_assets.layers.models import (
    CandidateProfile,
    CandidateRole,
    CVBullet,
    CVHeader,
    CVRole,
    ExtractedJD,
    FitScore,
    PainPoints,
    SkillSection,
    TailoredCV,
)
from jobintel_assets.layers.skills import canonical_skill, find_skills
from jobintel_assets.layers.text import canonical_json, normalize_for_match, numbers_in

LAYER = "cv"
PROMPT_VERSION = "cv/v1"

PROMPT = """You are a CV writer who tailors a master CV to one job without adding a single fact.

Rules:
- Every bullet is built from one achievement of the master CV, given verbatim in `source_text`;
  the bullet may reorder and tighten it and use the job's keywords where the achievement supports
  them, never add a metric, tool, employer or outcome. source_metric: the number the achievement
  states, if any.
- Order roles and bullets by relevance to the job's pain points (pain_point_addressed names the
  one a bullet answers); keep each role's title, employer and dates as in the master CV.
- core_competencies: only skills the master CV lists, the job's keywords first.
- value_proposition: two sentences from the master CV's headline, persona and achievements.
- education and certifications exactly as in the master CV. markdown: the CV rendered in Markdown."""

MAX_VALUE_PROPOSITION_WORDS = 40
MIN_ROLE_BULLETS = 3
MAX_ROLE_BULLETS = 5
MAX_SECTION_SKILLS = 8
MAX_VALUE_PROPOSITION_SKILLS = 4


class CVInputs(BaseModel):
    jd: ExtractedJD
    pain_points: PainPoints
    fit: FitScore
    candidate: CandidateProfile


# --------------------------------------------------------------------------- relevance


@dataclass(frozen=True)
class _JobContext:
    skill_names: dict[str, str]  # skill key -> the job's name for it
    plain_keywords: list[str]  # top keywords that are not known skills
    pain_point_terms: list[tuple[str, set[str]]]
    weights: dict[str, int]


def _job_context(jd: ExtractedJD, pain_points: PainPoints) -> _JobContext:
    skill_names: dict[str, str] = {}
    plain_keywords = []
    for keyword in jd.top_keywords:
        canonical = canonical_skill(keyword)
        if canonical is None:
            plain_keywords.append(keyword)
        else:
            skill_names.setdefault(skill_key(canonical), keyword)
    for mention in jd.technical_skills:
        skill_names.setdefault(skill_key(mention.name), mention.name)
    pain_terms = [(p.text, pain_point_terms(p)) for p in pain_points.pain_points]
    weights = jd.competency_weights.model_dump()
    return _JobContext(skill_names, plain_keywords, pain_terms, weights)


@dataclass(frozen=True)
class _Relevance:
    score: float
    keyword: str | None
    pain_point: str | None


def _contains_phrase(text: str, phrase: str) -> bool:
    needle = normalize_for_match(phrase)
    return (
        bool(needle)
        and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", normalize_for_match(text)) is not None
    )


def _relevance(achievement: str, job: _JobContext) -> _Relevance:
    named_keys = dict.fromkeys(skill_key(m.name) for m in find_skills(achievement))
    skills_named = [job.skill_names[k] for k in named_keys if k in job.skill_names]
    keywords = [k for k in job.plain_keywords if _contains_phrase(achievement, k)]
    terms = key_terms(achievement)
    best_pain, best_shared = None, MIN_SHARED_TERMS - 1
    for text, pain_terms in job.pain_point_terms:
        shared = len(terms & pain_terms)
        if shared > best_shared:
            best_pain, best_shared = text, shared
    cue_weight = sum(job.weights[c] for c in competency_cues(achievement)) / max(1, sum(job.weights.values()))
    score = 3 * len(skills_named) + 1.5 * len(keywords) + 2 * cue_weight + (2 if best_pain else 0)
    score += 0.5 if source_metric(achievement) else 0
    keyword = next(iter([*skills_named, *keywords]), None)
    return _Relevance(score, keyword, best_pain)


_METRIC = re.compile(
    r"[$€£]\s?\d+(?:[.,]\d+)*\s?(?:[kmb]n?|million|billion)?(?![\w])"
    r"|\d+(?:[.,]\d+)*\s?(?:%|x(?![\w])|[kmb](?![\w])|ms(?![\w])|(?:seconds?|minutes?|hours?|days?|weeks?)\b)"
    r"|\d+(?:[.,]\d+)*",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")


def source_metric(achievement: str) -> str | None:
    """The metric an achievement states ('40%', '$2M', '3x'), or a plain count; years are not metrics."""
    found = [m.group().strip() for m in _METRIC.finditer(achievement) if not _YEAR.fullmatch(m.group())]
    with_unit = [m for m in found if not m.replace(",", "").replace(".", "").isdigit()]
    return next(iter(with_unit or found), None)


def _bullet(achievement: str, relevance: _Relevance) -> CVBullet:
    return CVBullet(
        text=achievement.strip(),
        source_text=achievement,
        source_metric=source_metric(achievement),
        jd_keyword_used=relevance.keyword,
        pain_point_addressed=relevance.pain_point,
    )


def _ranked(achievements: list[str], job: _JobContext) -> list[tuple[str, _Relevance]]:
    scored = [(a, _relevance(a, job)) for a in achievements]
    return sorted(scored, key=lambda pair: -pair[1].score)  # stable: ties keep the master CV's order


def _role_bullets(role: CandidateRole, job: _JobContext) -> list[CVBullet]:
    ranked = _ranked(role.achievements, job)
    relevant = sum(1 for _, r in ranked if r.score > 0)
    count = min(len(ranked), MAX_ROLE_BULLETS, max(MIN_ROLE_BULLETS, relevant))
    return [_bullet(a, r) for a, r in ranked[:count]]


def _key_achievements(candidate: CandidateProfile, job: _JobContext) -> list[CVBullet]:
    ranked = _ranked([a for _, a in all_achievements(candidate)], job)
    count = 4 if sum(1 for _, r in ranked if r.score > 0) >= 4 else 3
    return [_bullet(a, r) for a, r in ranked[:count]]


# ------------------------------------------------------------------------------ header


def contact_line(candidate: CandidateProfile) -> str:
    parts = [candidate.email, candidate.phone, candidate.location, candidate.linkedin_url]
    return " · ".join(p for p in parts if p)


def _word_count(text: str) -> int:
    return len(text.split())


def _value_proposition(candidate: CandidateProfile, fit: FitScore, job: _JobContext) -> str:
    """Headline, years and the job's skills the candidate has, then the persona if it fits in 40 words."""
    have = candidate_skill_keys(candidate)
    matched = {skill_key(name): name for name in fit.matched_skills} or job.skill_names
    # The job's own spelling of a skill the candidate has ('AWS', not 'Amazon Web Services').
    offered = [job.skill_names.get(key, name) for key, name in matched.items() if key in have]
    offered = offered[:MAX_VALUE_PROPOSITION_SKILLS]
    # 'Engineering Manager, Data & Platform | ex-Staff Engineer': the part before the bar reads as a role.
    headline = candidate.headline.split("|")[0].strip().rstrip(".")
    years = f"{headline} with {candidate.years_experience} years of experience"
    while True:
        if not offered:
            opening = f"{years}."
        elif len(offered) == 1:
            opening = f"{years} in {offered[0]}."
        else:
            opening = f"{years} in {', '.join(offered[:-1])} and {offered[-1]}."
        if _word_count(opening) <= MAX_VALUE_PROPOSITION_WORDS or not offered:
            break
        offered = offered[:-1]
    proposition = opening
    for sentence in re.split(r"(?<=[.!?])\s+", candidate.persona.strip()):
        if sentence and _word_count(f"{proposition} {sentence}") <= MAX_VALUE_PROPOSITION_WORDS:
            proposition = f"{proposition} {sentence}"
        else:
            break
    return " ".join(proposition.split()[:MAX_VALUE_PROPOSITION_WORDS])


# ------------------------------------------------------------------------- competencies


def _core_competencies(candidate: CandidateProfile, job: _JobContext) -> list[SkillSection]:
    """The candidate's own sections, most job-relevant first; in each, relevant skills first, then a cap."""

    def relevant(skill: str) -> bool:
        in_keywords = any(_contains_phrase(skill, k) for k in job.plain_keywords)
        return skill_key(skill) in job.skill_names or in_keywords

    ordered = []
    for section in candidate.skills:
        skills = sorted(section.skills, key=lambda s: not relevant(s))[:MAX_SECTION_SKILLS]
        hits = sum(relevant(s) for s in section.skills)
        ordered.append((hits, SkillSection(name=section.name, skills=skills)))
    ordered.sort(key=lambda pair: -pair[0])
    return [section for _, section in ordered]


# ----------------------------------------------------------------------------- markdown


def render_markdown(cv: TailoredCV) -> str:
    header = cv.header
    lines = [f"# {header.name}", "", f"**{header.headline}**", ""]
    if header.contact_line:
        lines += [header.contact_line, ""]
    lines += [header.value_proposition, ""]
    if header.achievements:
        lines += ["## Key achievements", "", *(f"- {b.text}" for b in header.achievements), ""]
    if cv.core_competencies:
        lines += ["## Core competencies", ""]
        lines += [f"- **{s.name}:** {', '.join(s.skills)}" for s in cv.core_competencies]
        lines.append("")
    if cv.experience:
        lines += ["## Experience", ""]
        for role in cv.experience:
            lines.append(f"### {role.title} — {role.employer} ({role.start} – {role.end})")
            if role.location:
                lines.append(f"*{role.location}*")
            lines += ["", *(f"- {b.text}" for b in role.bullets), ""]
    if cv.education:
        lines += ["## Education", ""]
        for education in cv.education:
            year = f" ({education.year})" if education.year else ""
            lines.append(f"- {education.degree}, {education.institution}{year}")
        lines.append("")
    if cv.certifications:
        lines += ["## Certifications", "", *(f"- {c}" for c in cv.certifications), ""]
    return "\n".join(lines).rstrip() + "\n"


def _with_markdown(header: CVHeader, **sections: object) -> TailoredCV:
    draft = TailoredCV(header=header, markdown="", **sections)
    return draft.model_copy(update={"markdown": render_markdown(draft)})


# ---------------------------------------------------------------------------- heuristic


def heuristic(inputs: CVInputs) -> TailoredCV:
    candidate = inputs.candidate
    job = _job_context(inputs.jd, inputs.pain_points)
    header = CVHeader(
        name=candidate.name,
        headline=candidate.headline,
        contact_line=contact_line(candidate),
        value_proposition=_value_proposition(candidate, inputs.fit, job),
        achievements=_key_achievements(candidate, job),
    )
    experience = [
        CVRole(
            title=role.title,
            employer=role.employer,
            start=role.start,
            end=role.end,
            location=role.location,
            bullets=_role_bullets(role, job),
        )
        for role in candidate.roles
    ]
    return _with_markdown(
        header,
        core_competencies=_core_competencies(candidate, job),
        experience=experience,
        education=list(candidate.education),
        certifications=list(candidate.certifications),
    )


# ---------------------------------------------------------------------------- grounding


def master_numbers(candidate: CandidateProfile) -> set[str]:
    """Every number the master CV states anywhere, dates and contact details included."""
    return numbers_in(canonical_json(candidate))


def _same(a: str, b: str) -> bool:
    return normalize_for_match(a) == normalize_for_match(b)


def _master_role_index(role: CVRole, candidate: CandidateProfile) -> int | None:
    """The master-CV role a tailored role stands for, matched on title and employer."""
    return next(
        (
            i
            for i, m in enumerate(candidate.roles)
            if _same(m.title, role.title) and _same(m.employer, role.employer)
        ),
        None,
    )


_NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][\w&-]*")


@lru_cache(maxsize=8)
def _words(master_cv_json: str) -> frozenset[str]:
    """The words of the master CV, asked for every bullet of every job: computed once per CV."""
    return frozenset(re.findall(r"\w+", normalize_for_match(master_cv_json)))


def _unknown_names(text: str, candidate: CandidateProfile) -> set[str]:
    """Capitalised words (an employer, a title, a product) the master CV never uses.

    Sentence-initial words are ordinary verbs ('Spearheaded'); skills the candidate holds under
    another name ('Kubernetes' for 'k8s') are allowed.
    """
    master_words = _words(canonical_json(candidate))
    held = candidate_skill_keys(candidate)
    held_spans = [(m.start, m.end) for m in find_skills(text) if skill_key(m.name) in held]
    return {
        match.group()
        for match in _NAME.finditer(text.strip())
        if not set(re.findall(r"\w+", match.group().lower())) <= master_words
        and not any(start <= match.start() < end for start, end in held_spans)
    }


def _bullet_problems(bullet: CVBullet, sources: list[str], candidate: CandidateProfile) -> list[str]:
    """What makes a bullet untraceable to its master-CV achievement, one phrase per problem."""
    source = next((s for s in sources if _same(s, bullet.source_text)), None)
    if source is None:
        return [f"source_text is not a master-CV achievement here: {bullet.source_text[:80]!r}"]
    problems = []
    invented_numbers = numbers_in(bullet.text) - numbers_in(source)
    if invented_numbers:
        problems.append(f"text states numbers absent from its source achievement: {sorted(invented_numbers)}")
    held = candidate_skill_keys(candidate)
    invented_skills = {m.name for m in find_skills(bullet.text) if skill_key(m.name) not in held}
    if invented_skills:
        problems.append(f"text names skills absent from the master CV: {sorted(invented_skills)}")
    invented_names = _unknown_names(bullet.text, candidate) - invented_skills
    if invented_names:
        problems.append(f"text names what the master CV does not: {sorted(invented_names)}")
    return problems


def _clean_bullet(bullet: CVBullet, source: str, pain_points: PainPoints) -> CVBullet:
    """Keep the bullet but clear annotations its own text or the pain points do not support."""
    metric = bullet.source_metric if bullet.source_metric and bullet.source_metric in source else None
    keyword = bullet.jd_keyword_used
    if keyword and not _contains_phrase(bullet.text, keyword):
        keyword_key = skill_key(keyword)
        keyword = keyword if any(skill_key(m.name) == keyword_key for m in find_skills(bullet.text)) else None
    known_pains = {p.text for p in pain_points.pain_points}
    pain = bullet.pain_point_addressed if bullet.pain_point_addressed in known_pains else None
    return bullet.model_copy(
        update={
            "source_text": source,
            "source_metric": metric,
            "jd_keyword_used": keyword,
            "pain_point_addressed": pain,
        }
    )


def _grounded_bullets(bullets: list[CVBullet], sources: list[str], inputs: CVInputs) -> list[CVBullet]:
    kept = []
    for bullet in bullets:
        if _bullet_problems(bullet, sources, inputs.candidate):
            continue
        source = next(s for s in sources if _same(s, bullet.source_text))
        kept.append(_clean_bullet(bullet, source, inputs.pain_points))
    return kept


def _value_proposition_problems(text: str, candidate: CandidateProfile) -> list[str]:
    problems = []
    if _word_count(text) > MAX_VALUE_PROPOSITION_WORDS:
        problems.append(f"{_word_count(text)} words, more than {MAX_VALUE_PROPOSITION_WORDS}")
    invented_numbers = numbers_in(text) - master_numbers(candidate)
    if invented_numbers:
        problems.append(f"numbers absent from the master CV: {sorted(invented_numbers)}")
    held = candidate_skill_keys(candidate)
    invented_skills = {m.name for m in find_skills(text) if skill_key(m.name) not in held}
    if invented_skills:
        problems.append(f"skills absent from the master CV: {sorted(invented_skills)}")
    invented_names = _unknown_names(text, candidate) - invented_skills
    if invented_names:
        problems.append(f"names absent from the master CV: {sorted(invented_names)}")
    return problems


def ground(result: TailoredCV, inputs: CVInputs) -> TailoredCV:
    """Drop whatever the master CV cannot support, restore its facts, re-render the Markdown."""
    candidate = inputs.candidate
    fallback = heuristic(inputs)
    every_achievement = [a for _, a in all_achievements(candidate)]

    value_proposition = result.header.value_proposition
    if not value_proposition.strip() or _value_proposition_problems(value_proposition, candidate):
        value_proposition = fallback.header.value_proposition
    header = CVHeader(
        name=candidate.name,
        headline=candidate.headline,
        contact_line=contact_line(candidate),
        value_proposition=value_proposition,
        achievements=_grounded_bullets(result.header.achievements, every_achievement, inputs)
        or fallback.header.achievements,
    )

    experience = []
    placed: set[int] = set()
    for role in result.experience:
        index = _master_role_index(role, candidate)
        if index is None or index in placed:
            continue
        placed.add(index)
        master = candidate.roles[index]
        bullets = _grounded_bullets(role.bullets, master.achievements, inputs)
        bullets = bullets or fallback.experience[index].bullets
        experience.append(
            CVRole(
                title=master.title,
                employer=master.employer,
                start=master.start,
                end=master.end,
                location=master.location,
                bullets=bullets,
            )
        )

    held = candidate_skill_keys(candidate)
    competencies = []
    for section in result.core_competencies:
        skills = [s for s in section.skills if skill_key(s) in held]
        if skills:
            competencies.append(SkillSection(name=section.name, skills=skills))

    education = [e for e in result.education if e in candidate.education]
    certifications = [c for c in result.certifications if any(_same(c, m) for m in candidate.certifications)]
    return _with_markdown(
        header,
        core_competencies=competencies,
        experience=experience,
        education=education,
        certifications=certifications,
    )


def build(inputs: CVInputs, llm: LLM) -> TailoredCV:
    return ground(llm.generate(LayerTask(LAYER, PROMPT_VERSION, inputs, PROMPT), TailoredCV), inputs)


# ------------------------------------------------------------------------------- checks


def check_bullet_provenance(result: TailoredCV, inputs: CVInputs) -> list[str]:
    """Every bullet is a master-CV achievement (of its own role) and adds no number or skill."""
    candidate = inputs.candidate
    messages = []
    every_achievement = [a for _, a in all_achievements(candidate)]
    for i, bullet in enumerate(result.header.achievements):
        problems = _bullet_problems(bullet, every_achievement, candidate)
        messages += [f"header.achievements[{i}]: {p}" for p in problems]
    for r, role in enumerate(result.experience):
        index = _master_role_index(role, candidate)
        if index is None:
            messages.append(f"experience[{r}]: role '{role.title} — {role.employer}' is not in the master CV")
            continue
        master = candidate.roles[index]
        for i, bullet in enumerate(role.bullets):
            problems = _bullet_problems(bullet, master.achievements, candidate)
            messages += [f"experience[{r}].bullets[{i}]: {p}" for p in problems]
    return messages


def check_skills_in_master(result: TailoredCV, inputs: CVInputs) -> list[str]:
    """Every listed skill, and every skill the value proposition names, is in the master CV."""
    held = candidate_skill_keys(inputs.candidate)
    messages = [
        f"core_competencies[{s}].skills: '{skill}' is not in the master CV"
        for s, section in enumerate(result.core_competencies)
        for skill in section.skills
        if skill_key(skill) not in held
    ]
    messages += [
        f"header.value_proposition: names '{m.matched_text}', which is not in the master CV"
        for m in find_skills(result.header.value_proposition)
        if skill_key(m.name) not in held
    ]
    return messages


def check_numbers_in_master(result: TailoredCV, inputs: CVInputs) -> list[str]:
    invented = numbers_in(result.markdown) - master_numbers(inputs.candidate)
    return [f"markdown: states {number}, which the master CV does not" for number in sorted(invented)]
