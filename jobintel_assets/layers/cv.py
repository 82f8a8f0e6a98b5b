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
- 2 points for every term it shares with each part of what the job is about (the posting's
  responsibilities, its requirements and nice-to-haves, the pain points' evidence, and, counted
  twice, the company's and the role's summaries, which name the domain: 'forecast demand',
  'payouts'), divided by how many of the master CV's achievements use that term, so a rare shared
  word ('forecasting', 'reconciliation') counts more than one every bullet has ('data');
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
    CompanyResearch,
    CVBullet,
    CVHeader,
    CVRole,
    ExtractedJD,
    FitScore,
    PainPoints,
    RoleCategory,
    SkillMention,
    SkillSection,
    TailoredCV,
)
from jobintel_assets.layers.ports import LLM, LayerTask
from jobintel_assets.layers.skills import canonical_skill, find_skills
from jobintel_assets.layers.text import canonical_json, normalize_for_match, numbers_in

LAYER = "cv"
PROMPT_VERSION = "cv/v3"

PROMPT = """You are a CV writer who tailors a master CV to one job without adding a single fact.

Rules:
- Select, do not copy everything: the CV fits its page budget (one page under 8 years of experience,
  two from 8, or the candidate's preferences.cv_pages). The current role gets the most bullets, old
  roles one or two or none (listed as earlier experience); pick the achievements most relevant to
  this job: its skills, its responsibilities and requirements, its pain points, the company's domain.
- Every bullet is built from one achievement of the master CV, given verbatim in `source_text`;
  the bullet may reorder and tighten it and use the job's keywords where the achievement supports
  them, never add a metric, tool, employer or outcome. source_metric: the number the achievement
  states, if any. pain_point_addressed names the pain point a bullet answers.
- A manager, director, head-of, VP or C-level job: each role opens with its best people or
  organisation result (hiring, growing, coaching, planning); an individual-contributor job opens
  with technical results. Keep each role's title, employer and dates as in the master CV.
- headline: the master headline's parts or role titles, joined with ' | ', closest to this job.
- value_proposition: at most 60 words: the current title at its employer with the years of
  experience, then one or two whole sentences of the master CV's persona and role summaries in
  the third person, the candidate's first name as subject; never 'N years of X' unless the dates
  of the roles that list X add up to N.
- core_competencies: only skills the master CV lists, the job's keywords first.
- education, certifications and languages exactly as in the master CV. markdown: the CV in Markdown."""

MAX_VALUE_PROPOSITION_WORDS = 60
MAX_SECTION_SKILLS = 8
MAX_VALUE_PROPOSITION_SKILLS = 4
MAX_KEY_ACHIEVEMENTS = 4
LEADERSHIP_BONUS = 2.0
RECENCY_WEIGHT = 3.0
SHARED_TERM_WEIGHT = 2.0
# Shared terms worth this much (one term no other achievement uses, or two shared with one other)
# make an achievement answer something the job asks for.
MATCHING_TERMS_SCORE = 1.0

# The page budget, in printed lines of the CV's files (documents/cv_files.py: A4, 10-point body).
TWO_PAGES_FROM_YEARS = 8
PAGE_LINES = 56
CHARS_PER_LINE = 105
SECTION_LINES = 2
ROLE_LINES = 2.5
BULLET_INDENT = 6
BULLET_SPACING = 0.2


class CVInputs(BaseModel):
    jd: ExtractedJD
    pain_points: PainPoints
    fit: FitScore
    candidate: CandidateProfile
    # The company's and the role's summaries name the job's domain, which the posting's skills do not.
    company_research: CompanyResearch | None = None


# --------------------------------------------------------------------------- relevance

LEADERSHIP_CATEGORIES = frozenset(
    {RoleCategory.manager, RoleCategory.director, RoleCategory.head_of, RoleCategory.vp, RoleCategory.c_level}
)

# Results about people and organisations (hiring, growing, coaching, planning, negotiating), which a
# leadership job reads first; 'led the migration' is a technical result and does not count.
_LEADERSHIP_RESULT = re.compile(
    r"\b(hir(?:e|ed|ing)|recruit|mentor|coach|promot|attrition|engagement|guild|team leads?|"
    r"grew the \w+ (?:team|organisation|organization)|planning|okrs?|dora|negotiat|stakeholder|"
    r"audit|organisation|organization|rfc process)"
)
_LEADERSHIP_TITLE = re.compile(r"\b(manager|head|director|vp|vice president|chief|cto|lead)\b", re.IGNORECASE)
_PEOPLE_SENTENCE = re.compile(r"(lead|led|managed?|manages|grew|hired|built and led)\b", re.IGNORECASE)
_SENIOR_TITLE = re.compile(r"\b(senior|head|director|vp|vice president|chief|cto)\b", re.IGNORECASE)


def is_leadership_result(achievement: str) -> bool:
    return _LEADERSHIP_RESULT.search(normalize_for_match(achievement)) is not None


@dataclass(frozen=True)
class _JobContext:
    skill_names: dict[str, str]  # skill key -> the job's name for it
    plain_keywords: list[str]  # top keywords that are not known skills
    pain_point_terms: list[tuple[str, set[str]]]
    weights: dict[str, int]
    leadership: bool  # a manager, director, head-of, VP or C-level job
    senior_leadership: bool  # above a manager: director, head-of, VP or C-level
    title_terms: set[str]
    term_weights: dict[str, float]  # a term of what the job is about -> 1 / achievements using it


def _terms(text: str) -> set[str]:
    """Key terms, with a hyphenated compound's parts too: 'demand-forecasting' shares 'forecast'."""
    return key_terms(text) | key_terms(text.replace("-", " "))


# Words any achievement or posting uses ('built', 'first', 'engineers'): sharing one says nothing
# about what the job is about.
_GENERIC_TERMS = frozenset(
    key_terms(
        "built build led lead leads ran run wrote went moved took design designed delivered delivery "
        "introduced reduced managed managing first top month week day engineer engineers engineering "
        "senior staff people decision shipped platform set based"
    )
)


def _job_term_weights(
    jd: ExtractedJD,
    pain_points: PainPoints,
    research: CompanyResearch | None,
    candidate: CandidateProfile,
) -> dict[str, float]:
    """The terms of what the job is about: each counts once per part of the job that uses it
    (responsibilities, requirements, pain points' evidence) and twice for the company's domain,
    which no other part names as plainly; divided by how many achievements use it."""
    domain = [research.company.summary, research.role.summary] if research is not None else []
    parts = [
        jd.responsibilities,
        [*jd.qualifications, *jd.nice_to_haves],
        [p.evidence for p in pain_points.pain_points],
        domain,
        domain,
    ]
    part_terms = [set().union(*(_terms(text) for text in texts)) for texts in parts]
    achievement_terms = [_terms(a) for _, a in all_achievements(candidate)]
    job_terms = set().union(*part_terms) - _GENERIC_TERMS - key_terms(jd.company)
    return {
        term: sum(term in terms for terms in part_terms)
        / max(1, sum(term in terms for terms in achievement_terms))
        for term in sorted(job_terms)
    }


def _job_context(
    jd: ExtractedJD,
    pain_points: PainPoints,
    research: CompanyResearch | None,
    candidate: CandidateProfile,
) -> _JobContext:
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
    leadership = jd.role_category in LEADERSHIP_CATEGORIES
    senior = leadership and jd.role_category != RoleCategory.manager
    return _JobContext(
        skill_names,
        plain_keywords,
        pain_terms,
        weights,
        leadership,
        senior,
        key_terms(jd.title),
        _job_term_weights(jd, pain_points, research, candidate),
    )


@dataclass(frozen=True)
class _Relevance:
    score: float
    keyword: str | None
    pain_point: str | None
    matches_job: bool  # names a job skill or keyword, or answers a pain point


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
    shared = sum(job.term_weights.get(term, 0) for term in _terms(achievement))
    score = 3 * len(skills_named) + 1.5 * len(keywords) + 2 * cue_weight + (2 if best_pain else 0)
    score += SHARED_TERM_WEIGHT * shared + (0.5 if source_metric(achievement) else 0)
    # A leadership job reads people and organisation results first, an IC job technical ones.
    if is_leadership_result(achievement):
        score += LEADERSHIP_BONUS if job.leadership else -LEADERSHIP_BONUS / 2
    keyword = next(iter([*skills_named, *keywords]), None)
    matches = (
        bool(skills_named or keywords or best_pain)
        or shared >= MATCHING_TERMS_SCORE
        or (job.leadership and is_leadership_result(achievement))
    )
    return _Relevance(score, keyword, best_pain, matches)


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


# ------------------------------------------------------------------------ page budget


def page_budget(candidate: CandidateProfile) -> int:
    """Pages the CV may fill: the candidate's choice, else one page under 8 years of experience, two above."""
    if candidate.preferences.cv_pages:
        return candidate.preferences.cv_pages
    return 1 if candidate.years_experience < TWO_PAGES_FROM_YEARS else 2


def _lines(text: str, indent: int = 0) -> int:
    """Printed lines a paragraph takes on an A4 page in the CV's 10-point body type."""
    return max(1, -(-len(text) // (CHARS_PER_LINE - indent)))


def _fixed_lines(cv: TailoredCV) -> float:
    """Everything but the role bullets: header, summary, skills, role headings, education..."""
    header = cv.header
    lines = 3 + _lines(header.contact_line) + _lines(header.value_proposition) + SECTION_LINES
    lines += SECTION_LINES + sum(_lines(f"{s.name}: {', '.join(s.skills)}") for s in cv.core_competencies)
    lines += SECTION_LINES + ROLE_LINES * len(cv.experience)
    for items in (cv.education, cv.certifications):
        lines += (SECTION_LINES + len(items)) if items else 0
    lines += (SECTION_LINES + 1) if cv.languages else 0  # on one line
    return lines


# Bullets each role may get by recency (the current role first); roles further back get a title line.
_ROLE_CAPS = {1: (4, 3, 2, 1), 2: (5, 4, 3, 2, 1), 3: (6, 5, 4, 3, 2, 2)}
# Bullets each role gets whatever the job: the recent roles always show what the candidate does now.
_ROLE_FLOORS = (3, 2, 1)


def _select_bullets(candidate: CandidateProfile, job: _JobContext, room: float) -> list[list[CVBullet]]:
    """Per role, the achievements that fit ``room`` lines: the most relevant and recent first.

    The recent roles get their floor; then the best remaining achievement of any role goes in while
    it fits, its role is under its recency cap and keeps fewer bullets than the current role, and
    (for a past role, beyond its floor) it names something the job asks for.
    """
    pages = page_budget(candidate)
    caps = _ROLE_CAPS.get(pages, _ROLE_CAPS[3])
    ranked = [_ranked(role.achievements, job) for role in candidate.roles]
    recency = [RECENCY_WEIGHT * (len(ranked) - i) / len(ranked) for i in range(len(ranked))]
    chosen: list[list[tuple[str, _Relevance]]] = [[] for _ in ranked]

    def cap(i: int) -> int:
        return min(len(ranked[i]), caps[i] if i < len(caps) else 0)

    def take(i: int, pair: tuple[str, _Relevance]) -> bool:
        nonlocal room
        cost = _lines(pair[0], indent=BULLET_INDENT) + BULLET_SPACING
        # A role with bullets never follows one without: the bullet-less roles are the earliest.
        follows_a_title_line = i > 0 and not chosen[i - 1]
        if cost > room or len(chosen[i]) >= cap(i) or pair in chosen[i] or follows_a_title_line:
            return False
        chosen[i].append(pair)
        room -= cost
        return True

    for i, floor in enumerate(_ROLE_FLOORS[: len(ranked)]):
        for pair in ranked[i][: min(floor, cap(i))]:
            take(i, pair)
    rest = sorted(
        ((i, pair) for i, role in enumerate(ranked) for pair in role if pair not in chosen[i]),
        key=lambda item: -(item[1][1].score + recency[item[0]]),
    )

    def fits(i: int, pair: tuple[str, _Relevance]) -> bool:
        keeps_current_first = i == 0 or len(chosen[i]) < len(chosen[0]) or len(chosen[0]) == cap(0)
        return (i == 0 or pair[1].matches_job) and keeps_current_first and take(i, pair)

    # After each bullet taken, the best remaining one again: a role's bullet may have waited for
    # the role before it to get one.
    while any(fits(i, pair) for i, pair in rest):
        pass
    return [[_bullet(a, r) for a, r in _ordered(role, job)] for role in chosen]


def _ordered(chosen: list[tuple[str, _Relevance]], job: _JobContext) -> list[tuple[str, _Relevance]]:
    """Most relevant first; a leadership job's roles open with their best people or organisation result."""
    ordered = sorted(chosen, key=lambda pair: -pair[1].score)
    lead = next((pair for pair in ordered if is_leadership_result(pair[0])), None) if job.leadership else None
    return [lead, *(pair for pair in ordered if pair is not lead)] if lead else ordered


def _key_achievements(experience: list[CVRole]) -> list[CVBullet]:
    """The first bullet of the first roles that have one: the CV's strongest lines for this job."""
    firsts = [role.bullets[0] for role in experience if role.bullets]
    return firsts[:MAX_KEY_ACHIEVEMENTS]


# ------------------------------------------------------------------------------ header


def contact_line(candidate: CandidateProfile) -> str:
    parts = [candidate.email, candidate.phone, candidate.location, candidate.linkedin_url]
    return " · ".join(p for p in parts if p)


def _word_count(text: str) -> int:
    return len(text.split())


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]


def _headline_phrases(candidate: CandidateProfile) -> list[str]:
    """The candidate's own names for what they do: the headline's parts, then every role title."""
    # 'ex-Staff Engineer' points at a past title, which the roles name in full.
    phrases = [
        p.strip() for p in candidate.headline.split("|") if p.strip() and not p.strip().startswith("ex-")
    ]
    phrases += [role.title for role in candidate.roles]
    return list({normalize_for_match(p): p for p in reversed(phrases)}.values())[::-1]


def _headline(candidate: CandidateProfile, job: _JobContext) -> str:
    """The master's headline phrase or role title closest to this job, in its track (leadership or IC).

    A past role's title is followed by the headline's own first part, so the reader sees where the
    candidate is now.
    """
    phrases = _headline_phrases(candidate)
    in_track = [p for p in phrases if bool(_LEADERSHIP_TITLE.search(p)) == job.leadership] or phrases

    def score(phrase: str) -> tuple[int, bool]:
        # Above a manager's level, the more senior of equally close titles.
        senior = job.senior_leadership and _SENIOR_TITLE.search(phrase) is not None
        return len(key_terms(phrase) & job.title_terms), senior

    best = max(in_track, key=score)  # ties keep the master's order: the headline, then recent titles
    own = candidate.headline.split("|")[0].strip()
    past_titles = {normalize_for_match(r.title) for r in candidate.roles[1:]}
    if normalize_for_match(best) in past_titles and not _same(best, own):
        return f"{best} | {own}"
    if _same(best, own) or normalize_for_match(best) == normalize_for_match(candidate.roles[0].title):
        others = [p for p in candidate.headline.split("|")[1:] if p.strip()]
        return " | ".join([best, *(p.strip() for p in others)])
    return best


def _months(value: str, anchor: tuple[int, int]) -> int:
    if value.strip().lower() == "present":
        return anchor[0] * 12 + anchor[1]
    year, month = value.split("-")[:2]
    return int(year) * 12 + int(month)


def _anchor(candidate: CandidateProfile) -> tuple[int, int]:
    """'present', as the master CV states it: its first start plus its stated years of experience."""
    first = min(candidate.roles, key=lambda r: r.start).start
    year, month = (int(x) for x in first.split("-")[:2])
    return year + candidate.years_experience, month


def skill_years(candidate: CandidateProfile, skill: str) -> float:
    """Years of the roles that list ``skill`` or name it in an achievement, from the roles' dates."""
    key = skill_key(canonical_skill(skill) or skill)
    anchor = _anchor(candidate)
    months = 0
    for role in candidate.roles:
        named = {skill_key(s) for s in role.skills}
        named |= {skill_key(m.name) for a in role.achievements for m in find_skills(a)}
        if key in named:
            months += max(0, _months(role.end, anchor) - _months(role.start, anchor))
    return months / 12


_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|myself)\b")
_PAST_VERBS = frozenset(
    "built led ran grew spent took wrote made brought kept began drove won held set".split()  # noqa: SIM905
)
# Verbs a CV sentence opens with, subject left out ('Lead two teams ...'), told from a title
# ('Lead engineer for ...') by the determiner or number after them.
_PRESENT_VERBS = frozenset(
    "lead manage run own build head oversee direct coach mentor design develop support drive deliver".split()  # noqa: SIM905
)
_DETERMINER = re.compile(r"(?:a|an|the|two|three|four|five|six|both|all|our|\d[\d,.]*)$", re.IGNORECASE)
_NOUN_PHRASE_WHO = re.compile(r"^((?:[\w&-]+ ){0,4}[\w&-]+) who ")
_MODALS = frozenset("can could will would shall should may might must".split())  # noqa: SIM905
MAX_SUMMARY_SENTENCES = 2


def _third_person(verb: str) -> str:
    """'turn' -> 'turns', 'lead' -> 'leads', 'have' -> 'has'; past tenses and modals stay."""
    word = verb.lower()
    if word in _MODALS or word in _PAST_VERBS or word.endswith("ed"):
        return word
    irregular = {"have": "has", "am": "is", "do": "does", "go": "goes"}
    if word in irregular:
        return irregular[word]
    if word.endswith(("s", "sh", "ch", "x", "z", "o")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _lower_first(text: str) -> str:
    """'Engineering manager who ...' -> 'engineering manager who ...'; 'Staff Engineer ...' stays."""
    words = text.split(" ", 2)
    keeps_capital = len(words) > 1 and words[1][:1].isupper()
    return text if keeps_capital else text[:1].lower() + text[1:]


def _in_third_person(sentence: str, name: str, current: bool) -> str | None:
    """The master CV's sentence with the candidate as its subject, or None when it cannot be said so.

    'I turn X, and I build Y.' -> 'Alex turns X, and builds Y.'; 'Lead two teams ...' -> 'Alex
    leads two teams ...'; 'Managed the team ...' -> 'Alex managed the team ...'; 'Engineering
    manager who ...' -> 'Alex is an engineering manager who ...'. A past role's sentence in the
    present tense, or any other first-person word, leaves the sentence out.
    """
    words = sentence.split(" ")
    if len(words) < 3:
        return None
    first, second = words[0], words[1]
    if first == "I":
        text = f"{name} {_third_person(second)} " + " ".join(words[2:])
        text = re.sub(r"\band I (\w+)", lambda m: "and " + _third_person(m.group(1)), text)
    elif first.lower() in _PAST_VERBS or first.lower().endswith("ed"):
        text = f"{name} {first.lower()} " + " ".join(words[1:])
    elif first.lower() in _PRESENT_VERBS and _DETERMINER.match(second):
        if not current:
            return None
        text = f"{name} {_third_person(first)} " + " ".join(words[1:])
    elif _NOUN_PHRASE_WHO.match(sentence):
        phrase = _lower_first(sentence)
        if phrase.split(" ")[0].lower() not in ("a", "an", "the"):
            phrase = ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase
        text = f"{name} {'is' if current else 'was'} {phrase}"
    else:
        return None
    return None if _FIRST_PERSON.search(text) else text


def _value_proposition(candidate: CandidateProfile, fit: FitScore, job: _JobContext) -> str:
    """Whole sentences in one voice: the current title and employer with the years of experience,
    then one or two of the master's own sentences that fit this job best, with the candidate as
    their subject.

    The opening names the job's skills only when the dates of the roles that list them add up to
    the years it states.
    """
    have = candidate_skill_keys(candidate)
    matched = {skill_key(name): name for name in fit.matched_skills} or job.skill_names
    # The job's own spelling of a skill the candidate has ('AWS', not 'Amazon Web Services').
    offered = [job.skill_names.get(key, name) for key, name in matched.items() if key in have]
    offered = [s for s in offered if skill_years(candidate, s) >= candidate.years_experience]
    offered = offered[:MAX_VALUE_PROPOSITION_SKILLS]
    current = candidate.roles[0]
    opening = f"{current.title} at {current.employer}, with {candidate.years_experience} years of experience"
    if offered:
        opening += " in " + (
            ", ".join(offered[:-1]) + " and " + offered[-1] if len(offered) > 1 else offered[0]
        )
    name = candidate.name.split()[0]
    # (the master's sentence, as the summary says it)
    pool: list[tuple[str, str | None]] = [
        (s, _in_third_person(s, name, current=True)) for s in _sentences(candidate.persona)
    ]
    pool += [(s, _in_third_person(s, name, current=True)) for s in _sentences(current.summary or "")]
    now = {sentence for sentence, _ in pool}
    for role in candidate.roles[1:2]:
        for sentence in _sentences(role.summary or ""):
            said = _in_third_person(sentence, name, current=False)
            pool.append((sentence, f"At {role.employer}, {said}" if said else None))
    usable = list({said: sentence for sentence, said in pool if said}.items())

    # 'Lead two teams...' speaks to a leadership job; an IC job reads the engineering sentences only.
    if not job.leadership:
        usable = [(said, s) for said, s in usable if _PEOPLE_SENTENCE.match(s) is None] or usable

    def fit_to_job(item: tuple[str, str]) -> float:
        # What the candidate does now reads before what they did in the role before.
        about_people = _PEOPLE_SENTENCE.match(item[1]) is not None
        score = _relevance(item[1], job).score + (2 * LEADERSHIP_BONUS if about_people else 0)
        return score + (RECENCY_WEIGHT if item[1] in now else 0)

    chosen: list[tuple[str, str]] = []
    for item in sorted(usable, key=fit_to_job, reverse=True):
        text = " ".join([opening + ".", *(said for said, _ in chosen), item[0]])
        if len(chosen) < MAX_SUMMARY_SENTENCES and _word_count(text) <= MAX_VALUE_PROPOSITION_WORDS:
            chosen.append(item)
    # The master's sentences keep their own order after the opening, so the persona reads as written.
    return " ".join([opening + ".", *(said for said, _ in sorted(chosen, key=usable.index))])


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

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def format_month(value: str) -> str:
    """'2023-07' as 'Jul 2023', 'present' as 'Present': how a CV prints a role's dates."""
    if value.strip().lower() == "present":
        return "Present"
    match = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return value
    return f"{_MONTHS[int(match.group(2)) - 1]} {match.group(1)}"


def role_dates(role: CVRole) -> str:
    return f"{format_month(role.start)} – {format_month(role.end)}"


EARLIER_EXPERIENCE = "Earlier experience"


def earlier_role_line(role: CVRole) -> str:
    """A role without bullets on one line, 'Software Engineer — Cartwheel Logistics (2013–2016)':
    a heading with nothing under it reads as a rendering bug."""
    start, end = (format_month(value).split()[-1] for value in (role.start, role.end))
    return f"{role.title} — {role.employer} ({start}–{end})"


def split_earlier(experience: list[CVRole]) -> tuple[list[CVRole], list[CVRole]]:
    """The roles shown with their bullets, and the earliest roles that have none (the current role
    always heads the experience)."""
    detailed = len(experience)
    while detailed > 1 and not experience[detailed - 1].bullets:
        detailed -= 1
    return experience[:detailed], experience[detailed:]


def render_markdown(cv: TailoredCV) -> str:
    header = cv.header
    lines = [f"# {header.name}", "", f"**{header.headline}**", ""]
    if header.contact_line:
        lines += [header.contact_line, ""]
    lines += ["## Summary", "", header.value_proposition, ""]
    if cv.core_competencies:
        lines += ["## Skills", ""]
        lines += [f"- **{s.name}:** {', '.join(s.skills)}" for s in cv.core_competencies]
        lines.append("")
    if cv.experience:
        lines += ["## Experience", ""]
        detailed, earlier = split_earlier(cv.experience)
        for role in detailed:
            lines.append(f"### {role.title} — {role.employer} ({role_dates(role)})")
            if role.location:
                lines.append(f"*{role.location}*")
            lines += ["", *(f"- {b.text}" for b in role.bullets), ""] if role.bullets else [""]
        if earlier:
            lines += [f"### {EARLIER_EXPERIENCE}", "", *(f"- {earlier_role_line(r)}" for r in earlier), ""]
    if cv.education:
        lines += ["## Education", ""]
        for education in cv.education:
            year = f" ({education.year})" if education.year else ""
            lines.append(f"- {education.degree}, {education.institution}{year}")
        lines.append("")
    if cv.certifications:
        lines += ["## Certifications", "", *(f"- {c}" for c in cv.certifications), ""]
    if cv.languages:
        lines += ["## Languages", "", *(f"- {language}" for language in cv.languages), ""]
    return "\n".join(lines).rstrip() + "\n"


def _with_markdown(header: CVHeader, **sections: object) -> TailoredCV:
    draft = TailoredCV(header=header, markdown="", **sections)
    return draft.model_copy(update={"markdown": render_markdown(draft)})


# ---------------------------------------------------------------------------- heuristic


def heuristic(inputs: CVInputs) -> TailoredCV:
    candidate = inputs.candidate
    job = _job_context(inputs.jd, inputs.pain_points, inputs.company_research, candidate)
    header = CVHeader(
        name=candidate.name,
        headline=_headline(candidate, job),
        contact_line=contact_line(candidate),
        value_proposition=_value_proposition(candidate, inputs.fit, job),
        achievements=[],
    )
    frame = _with_markdown(
        header,
        core_competencies=_core_competencies(candidate, job),
        experience=[_cv_role(role, []) for role in candidate.roles],
        education=list(candidate.education),
        certifications=list(candidate.certifications),
        languages=list(candidate.languages),
    )
    room = page_budget(candidate) * PAGE_LINES - _fixed_lines(frame)
    selected = _select_bullets(candidate, job, room)
    experience = [_cv_role(role, bullets) for role, bullets in zip(candidate.roles, selected, strict=True)]
    header = header.model_copy(update={"achievements": _key_achievements(experience)})
    return _with_markdown(
        header,
        core_competencies=frame.core_competencies,
        experience=experience,
        education=frame.education,
        certifications=frame.certifications,
        languages=frame.languages,
    )


def _cv_role(role: CandidateRole, bullets: list[CVBullet]) -> CVRole:
    return CVRole(
        title=role.title,
        employer=role.employer,
        start=role.start,
        end=role.end,
        location=role.location,
        bullets=bullets,
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


_YEARS_CLAIM = re.compile(
    r"(\d+)\+?\s+years?\s+(?:of\s+)?(?:experience\s+)?(?:in|with|of|using)\s+([^.;:]+)", re.IGNORECASE
)


def years_claim_problems(text: str, candidate: CandidateProfile) -> list[str]:
    """'N years of experience in X and Y' holds only when the dates of the roles naming X add up to N."""
    problems = []
    for claim in _YEARS_CLAIM.finditer(text):
        years = int(claim.group(1))
        for mention in find_skills(claim.group(2)):
            held = skill_years(candidate, mention.name)
            if held < years:
                problems.append(
                    f"claims {years} years of {mention.matched_text}; "
                    f"the roles that list it add up to {held:.1f}"
                )
    return problems


def _skills_named(text: str, candidate: CandidateProfile) -> list[SkillMention]:
    """The skills a summary names, not counting the master's employers and titles it quotes
    ('Northwind Logistics' names no skill 'Logistics')."""
    for role in candidate.roles:
        for name in (role.employer, role.title):
            text = text.replace(name, " " * len(name))
    return find_skills(text)


def _value_proposition_problems(text: str, candidate: CandidateProfile) -> list[str]:
    problems = years_claim_problems(text, candidate)
    if _word_count(text) > MAX_VALUE_PROPOSITION_WORDS:
        problems.append(f"{_word_count(text)} words, more than {MAX_VALUE_PROPOSITION_WORDS}")
    invented_numbers = numbers_in(text) - master_numbers(candidate)
    if invented_numbers:
        problems.append(f"numbers absent from the master CV: {sorted(invented_numbers)}")
    held = candidate_skill_keys(candidate)
    invented_skills = {m.name for m in _skills_named(text, candidate) if skill_key(m.name) not in held}
    if invented_skills:
        problems.append(f"skills absent from the master CV: {sorted(invented_skills)}")
    invented_names = _unknown_names(text, candidate) - invented_skills
    if invented_names:
        problems.append(f"names absent from the master CV: {sorted(invented_names)}")
    return problems


def _headline_is_masters(headline: str, candidate: CandidateProfile) -> bool:
    phrases = {normalize_for_match(p) for p in _headline_phrases(candidate)}
    parts = [normalize_for_match(p) for p in headline.split("|")]
    return all(p in phrases for p in parts) and bool(parts)


def _fit_to_pages(experience: list[CVRole], candidate: CandidateProfile, fixed: TailoredCV) -> list[CVRole]:
    """A model may keep every bullet: drop the oldest roles' last bullets until the CV fits its pages."""
    room = page_budget(candidate) * PAGE_LINES - _fixed_lines(fixed)
    bullets = [list(role.bullets) for role in experience]

    def used() -> float:
        return sum(_lines(b.text, indent=BULLET_INDENT) + BULLET_SPACING for role in bullets for b in role)

    for i in reversed(range(len(bullets))):
        floor = _ROLE_FLOORS[i] if i < len(_ROLE_FLOORS) else 0
        while used() > room and len(bullets[i]) > floor:
            bullets[i].pop()
    return [role.model_copy(update={"bullets": kept}) for role, kept in zip(experience, bullets, strict=True)]


def _without_gaps(experience: list[CVRole], inputs: CVInputs) -> list[CVRole]:
    """A role without bullets above one with bullets gets its single most relevant achievement,
    so only the earliest roles go without (and are listed as earlier experience)."""
    job = _job_context(inputs.jd, inputs.pain_points, inputs.company_research, inputs.candidate)
    detailed, _ = split_earlier(experience)
    filled = []
    for i, role in enumerate(experience):
        index = _master_role_index(role, inputs.candidate)
        if i < len(detailed) and not role.bullets and index is not None:
            best = _ranked(inputs.candidate.roles[index].achievements, job)[:1]
            role = role.model_copy(update={"bullets": [_bullet(a, r) for a, r in best]})
        filled.append(role)
    return filled


def ground(result: TailoredCV, inputs: CVInputs) -> TailoredCV:
    """Drop whatever the master CV cannot support, restore its facts, keep to the page budget, re-render."""
    candidate = inputs.candidate
    fallback = heuristic(inputs)
    every_achievement = [a for _, a in all_achievements(candidate)]

    value_proposition = result.header.value_proposition
    if not value_proposition.strip() or _value_proposition_problems(value_proposition, candidate):
        value_proposition = fallback.header.value_proposition
    headline = result.header.headline
    if not _headline_is_masters(headline, candidate):
        headline = fallback.header.headline
    header = CVHeader(
        name=candidate.name,
        headline=headline,
        contact_line=contact_line(candidate),
        value_proposition=value_proposition,
        achievements=_grounded_bullets(result.header.achievements, every_achievement, inputs)[
            :MAX_KEY_ACHIEVEMENTS
        ]
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
        if not bullets and role.bullets:
            bullets = fallback.experience[index].bullets
        experience.append(_cv_role(master, bullets))
    experience = _without_gaps(experience, inputs)

    held = candidate_skill_keys(candidate)
    competencies = []
    for section in result.core_competencies:
        skills = [s for s in section.skills if skill_key(s) in held]
        if skills:
            competencies.append(SkillSection(name=section.name, skills=skills))

    # Education, certifications and languages are facts the reader needs whatever the job: the master's.
    fixed = _with_markdown(
        header,
        core_competencies=competencies,
        experience=[role.model_copy(update={"bullets": []}) for role in experience],
        education=list(candidate.education),
        certifications=list(candidate.certifications),
        languages=list(candidate.languages),
    )
    return _with_markdown(
        header,
        core_competencies=competencies,
        experience=_fit_to_pages(experience, candidate, fixed),
        education=fixed.education,
        certifications=fixed.certifications,
        languages=fixed.languages,
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
        for m in _skills_named(result.header.value_proposition, inputs.candidate)
        if skill_key(m.name) not in held
    ]
    return messages


def check_years_claims(result: TailoredCV, inputs: CVInputs) -> list[str]:
    """No 'N years of X' unless the dates of the master-CV roles that list X add up to N."""
    return [
        f"header.value_proposition: {p}"
        for p in years_claim_problems(result.header.value_proposition, inputs.candidate)
    ]


def check_numbers_in_master(result: TailoredCV, inputs: CVInputs) -> list[str]:
    invented = numbers_in(result.markdown) - master_numbers(inputs.candidate)
    return [f"markdown: states {number}, which the master CV does not" for number in sorted(invented)]
