"""Career track, level and profession: the candidate's from the whole master CV, the job's from its title.

Track and level
    A title names a track and a level. Manager track: 'manager' or 'team lead' (not a product,
    programme or account manager, who manage no people) is ``manager``, with 'senior', 'sr' or
    'group' ``senior_manager``; then ``director``, ``head_of``, ``vp``, ``c_level``. Individual
    contributors: ``junior`` ... ``principal`` from the level words ('Senior', 'Staff', 'Lead'
    reads as senior); a title without one reads as ``mid``, or as the posting's own seniority.
    The candidate's track and level are those of the most recent role; the highest
    individual-contributor level the CV shows is kept too (an engineering manager who was a
    staff engineer can judge a staff role). A job's level is its manager title's, else the
    posting's seniority.

Level fit (0-100)
    Rungs on the same track: the same rung 100, half a rung down 95 or up 90, one rung down 75
    (a step back) or up 70 (a stretch: being short of a level is the bigger risk), two rungs
    down 35 or up 30, more 15. Across tracks the nearest
    comparable rung is used (manager ~ staff, director ~ principal) and a change of track costs
    15 points, nothing when the candidate's ``target_tracks`` include the job's track. Each year
    short of the posting's stated minimum costs 10 points. A fit of 30 or less is a clear
    mismatch (a 12-year staff engineer for a junior role).

Team size
    A requirement naming how many people the candidate must have led ('Led teams of 20+
    engineers', 'an organisation of 25+ engineers') is compared with the largest team the master
    CV states in a manager role ('14 engineers', 'a 7-person team'); managing managers ('including
    managers', '4+ years managing managers') with a manager role naming team leads or managers
    it ran. Only explicit numbers on both sides count. A smaller team, or no managers managed,
    costs ``TEAM_GAP_COST`` points, is named as a gap, and keeps the job out of tier A
    (fit_score).

Profession
    Two titles can share a word and still be different professions. The job's discipline (its
    role family: product, design, security...) must be one the CV's titles show, and of the
    words that name the title's speciality ('Toxicology' in 'Scientist, Toxicology', 'iOS' in
    'Senior iOS Engineer', 'Analytics' in 'Analytics Engineer'; not domain words such as
    'Payments') at least one must appear in the master CV or set a role family its titles are
    in. Otherwise the job is another profession.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobintel_assets.layers.extracted_jd import (
    C_LEVEL_TITLE,
    DIRECTOR_TITLE,
    HEAD_OF_TITLE,
    NON_PEOPLE_MANAGER_TITLE,
    VP_TITLE,
    title_family,
)
from jobintel_assets.layers.models import (
    CandidateProfile,
    CandidateRole,
    CareerLevel,
    ExtractedJD,
    RoleCategory,
    RoleFamily,
    Seniority,
    Track,
)
from jobintel_assets.layers.skills import find_skills
from jobintel_assets.layers.terms import key_terms
from jobintel_assets.layers.text import normalize_for_match

CLEAR_MISMATCH = 30
TRACK_CHANGE_COST = 15
COST_PER_MISSING_YEAR = 10
TEAM_GAP_COST = 20

# Rungs of each ladder; across tracks, the manager rungs sit beside these IC rungs.
_IC_RUNG = {
    CareerLevel.junior: 0.0,
    CareerLevel.mid: 1.0,
    CareerLevel.senior: 2.0,
    CareerLevel.staff: 3.0,
    CareerLevel.principal: 4.0,
}
_MANAGER_RUNG = {
    CareerLevel.manager: 3.0,
    CareerLevel.senior_manager: 3.5,
    CareerLevel.director: 4.0,
    CareerLevel.head_of: 4.0,
    CareerLevel.vp: 5.0,
    CareerLevel.c_level: 6.0,
}
RUNG = {**_IC_RUNG, **_MANAGER_RUNG}

_PEOPLE_MANAGER = re.compile(r"\b(?:manager|team\s+lead|people\s+lead)\b")
_SENIOR_MANAGER = re.compile(r"\b(?:senior|sr|group)\b")
_IC_LEVELS = (
    (CareerLevel.principal, re.compile(r"\b(?:principal|distinguished|fellow)\b")),
    (CareerLevel.staff, re.compile(r"\bstaff\b")),
    (CareerLevel.senior, re.compile(r"\b(?:senior|sr|lead|iii|iv|expert)\b")),
    (CareerLevel.junior, re.compile(
        r"\b(?:junior|jr|graduate|grad|entry[\s-]level|intern|internship|trainee|apprentice|associate)\b")),
    (CareerLevel.mid, re.compile(r"\b(?:mid[\s-]?level|intermediate)\b|\b(?:mid|ii)$")),
)  # fmt: skip
_SENIORITY_LEVEL = {
    Seniority.junior: CareerLevel.junior,
    Seniority.mid: CareerLevel.mid,
    Seniority.senior: CareerLevel.senior,
    Seniority.staff: CareerLevel.staff,
    Seniority.principal: CareerLevel.principal,
    Seniority.director: CareerLevel.director,
    Seniority.vp: CareerLevel.vp,
    Seniority.c_level: CareerLevel.c_level,
}
_CATEGORY_LEVEL = {
    RoleCategory.manager: CareerLevel.manager,
    RoleCategory.director: CareerLevel.director,
    RoleCategory.head_of: CareerLevel.head_of,
    RoleCategory.vp: CareerLevel.vp,
    RoleCategory.c_level: CareerLevel.c_level,
}
# Disciplines that are professions of their own; the engineering families border each other.
_DISTINCT_FAMILIES = frozenset({RoleFamily.product, RoleFamily.design, RoleFamily.security})
# Words that say what kind of role a title is, not what it is about.
_GENERIC_TITLE_WORDS = frozenset(
    """
    senior sr junior jr staff principal lead leader head director vp vice president chief officer
    manager management engineer engineering engineers developer development scientist analyst
    architect specialist consultant programmer administrator technician expert member associate
    assistant intern graduate trainee apprentice team group of and the for a an in at with i ii
    iii iv remote hybrid contract contractor freelance permanent full time part mid level entry
    individual contributor technical tech
    """.split()  # noqa: SIM905 - a word list reads better as prose
)


_LEVEL_NAMES = {
    CareerLevel.senior_manager: "senior manager",
    CareerLevel.head_of: "head-of-department",
    CareerLevel.vp: "VP",
    CareerLevel.c_level: "C-level",
}


@dataclass(frozen=True)
class Position:
    track: Track
    level: CareerLevel

    def describe(self) -> str:
        name = _LEVEL_NAMES.get(self.level, self.level.value)
        return name + (" individual contributor" if self.track is Track.individual_contributor else "")


def read_title(title: str) -> Position | None:
    """The track and level a title states; None when it states no level word."""
    lowered = normalize_for_match(title)
    for pattern, level in (
        (C_LEVEL_TITLE, CareerLevel.c_level),
        (VP_TITLE, CareerLevel.vp),
        (HEAD_OF_TITLE, CareerLevel.head_of),
        (DIRECTOR_TITLE, CareerLevel.director),
    ):
        if pattern.search(lowered):
            return Position(Track.manager, level)
    if _PEOPLE_MANAGER.search(lowered) and not NON_PEOPLE_MANAGER_TITLE.search(lowered):
        senior = _SENIOR_MANAGER.search(lowered)
        return Position(Track.manager, CareerLevel.senior_manager if senior else CareerLevel.manager)
    for level, pattern in _IC_LEVELS:
        if pattern.search(lowered):
            return Position(Track.individual_contributor, level)
    return None


def job_position(jd: ExtractedJD) -> Position:
    """The job's track and level: a manager title's own level, else the posting's role category and
    seniority (read from its title first, then its text)."""
    from_title = read_title(jd.title)
    if from_title is not None and from_title.track is Track.manager:
        return from_title
    if jd.role_category in _CATEGORY_LEVEL:
        return Position(Track.manager, _CATEGORY_LEVEL[jd.role_category])
    level = _SENIORITY_LEVEL[jd.seniority_level]
    return Position(Track.manager if level in _MANAGER_RUNG else Track.individual_contributor, level)


def _role_position(role: CandidateRole) -> Position:
    return read_title(role.title) or Position(Track.individual_contributor, CareerLevel.mid)


def latest_role(candidate: CandidateProfile) -> CandidateRole:
    """The current role: one still held, else the one that ended last (the later start breaks ties)."""
    return max(candidate.roles, key=lambda role: (role.end == "present", role.end, role.start))


@dataclass(frozen=True)
class CandidateCareer:
    current: Position
    latest_title: str
    best_individual_level: CareerLevel | None
    families: frozenset[RoleFamily]


def candidate_career(candidate: CandidateProfile) -> CandidateCareer:
    latest = latest_role(candidate)
    positions = [_role_position(role) for role in candidate.roles]
    individual = [p.level for p in positions if p.track is Track.individual_contributor]
    titles = [role.title for role in candidate.roles] + [candidate.headline]
    families = {f for f in (title_family(t) for t in titles) if f is not None}
    return CandidateCareer(
        current=_role_position(latest),
        latest_title=latest.title,
        best_individual_level=max(individual, key=RUNG.__getitem__) if individual else None,
        families=frozenset(families),
    )


def _rung_fit(steps: float) -> int:
    """How well a job ``steps`` rungs above (positive) or below the candidate fits."""
    distance = abs(steps)
    if distance == 0:
        return 100
    if distance <= 0.5:
        return 90 if steps > 0 else 95
    if distance <= 1:
        return 70 if steps > 0 else 75
    if distance <= 2:
        return 30 if steps > 0 else 35
    return 15


@dataclass(frozen=True)
class LevelFit:
    score: int
    job: Position
    summary: str  # one clause a recruiter would say, e.g. 'a manager role at your level'
    clear_mismatch: bool
    track_change: bool  # to the other track, without the candidate's target_tracks asking for it
    team_gap: str | None = None  # 'the posting asks for teams of 20+ engineers; your largest is 14'


def level_fit(jd: ExtractedJD, candidate: CandidateProfile) -> LevelFit:
    career = candidate_career(candidate)
    job = job_position(jd)
    current = career.current
    targets = candidate.preferences.target_tracks
    track_change = job.track is not current.track and job.track not in targets
    if job.track is current.track:
        steps = RUNG[job.level] - RUNG[current.level]
        score = _rung_fit(steps)
        summary = _direction(steps, f"a {job.describe()} role")
    elif job.track is Track.individual_contributor and career.best_individual_level is not None:
        # A manager back to individual work: judged against the highest IC level they held.
        steps = RUNG[job.level] - RUNG[career.best_individual_level]
        cost = 0 if Track.individual_contributor in targets else TRACK_CHANGE_COST
        score = max(0, _rung_fit(steps) - cost)
        held = career.best_individual_level.value
        level_name = _LEVEL_NAMES.get(job.level, job.level.value)
        where = (
            "" if abs(steps) <= 0.5 else f", {'above' if steps > 0 else 'below'} the {held} level you held"
        )
        summary = f"an individual-contributor {level_name} role{where}, a step away from managing people"
    else:
        steps = RUNG[job.level] - RUNG[current.level]
        cost = 0 if job.track in targets else TRACK_CHANGE_COST
        score = max(0, _rung_fit(steps) - cost)
        change = "into" if job.track is Track.manager else "away from"
        summary = f"a {job.describe()} role, a move {change} managing people"
    required = jd.years_experience_required
    short = (required or 0) - candidate.years_experience
    if short > 0:
        score = max(0, score - COST_PER_MISSING_YEAR * short)
        summary += f", {short} years short of the {required} asked"
    if candidate.preferences.target_levels and job.level not in candidate.preferences.target_levels:
        summary += " (not a level you target)"
    gap = team_gap(jd, candidate)
    if gap:
        score = max(0, score - TEAM_GAP_COST)
    return LevelFit(score, job, summary, score <= CLEAR_MISMATCH, track_change, gap)


_PEOPLE = r"(?:engineers|developers|people|staff|employees|direct reports|reports)"
_ASKED_PEOPLE = r"(?P<people>engineers|developers|people|staff|employees|direct reports|reports)"
_ASKED_TEAM = re.compile(
    r"\b(?:led|lead|leading|managed|managing|run|ran|running|scaled|grown|grew|built)\b[^.;\n]{0,40}?"
    rf"\b(?:teams?|organi[sz]ations?|orgs?|groups?|departments?)\s+of\s+(?P<size>\d{{1,4}})\s*\+?\s*{_ASKED_PEOPLE}\b",
    re.I,
)
_ASKED_MANAGERS = re.compile(
    r"\b(?:including|through|managing|leading|of)\s+(?:engineering\s+)?managers\b", re.I
)
_CV_TEAM = re.compile(
    r"\b(?:teams?|organi[sz]ation|org|group)\s+of\s+(?P<a>\d{1,4})\b|\b(?P<b>\d{1,4})[\s-]person\b"
    rf"|\b(?P<c>\d{{1,4}})\s+{_PEOPLE}\b",
    re.I,
)
_CV_MANAGERS = re.compile(r"\b(?:team leads?|tech leads?|engineering managers|managers)\b", re.I)


def _largest_team(candidate: CandidateProfile) -> tuple[int | None, bool]:
    """(the largest team the CV states in a manager role, whether one of those roles ran managers)."""
    sizes: list[int] = []
    ran_managers = False
    for role in candidate.roles:
        if _role_position(role).track is not Track.manager:
            continue
        for text in [role.summary or "", *role.achievements]:
            sizes += [int(m["a"] or m["b"] or m["c"]) for m in _CV_TEAM.finditer(text)]
            ran_managers = ran_managers or bool(_CV_MANAGERS.search(text))
    return (max(sizes) if sizes else None), ran_managers


def team_gap(jd: ExtractedJD, candidate: CandidateProfile) -> str | None:
    """The team-size or managing-managers requirement the master CV falls short of, None when none."""
    largest, ran_managers = _largest_team(candidate)
    for requirement in jd.qualifications:
        asked = _ASKED_TEAM.search(requirement)
        if asked and largest is not None and largest < int(asked["size"]):
            asked_for = f"{asked['size']}+ {asked['people']}"
            return f"the posting asks to have led {asked_for}, more than the {largest} of your largest team"
        if _ASKED_MANAGERS.search(requirement) and largest is not None and not ran_managers:
            return (
                "the posting asks for managing managers, and your CV names no managers or team leads you ran"
            )
    return None


def _direction(steps: float, role: str) -> str:
    if steps == 0:
        return f"{role} at your level"
    if abs(steps) <= 0.5:
        return f"{role} close to your level (half a step {'up' if steps > 0 else 'down'})"
    return f"{role}, {'above' if steps > 0 else 'below'} your current level"


_TITLE_WORD = re.compile(r"[a-z][a-z0-9+#.-]*")


def _specific_words(title: str) -> list[str]:
    """The words that make a title specific: 'Scientist, Toxicology' -> ['toxicology']."""
    return [w for w in _TITLE_WORD.findall(normalize_for_match(title)) if w not in _GENERIC_TITLE_WORDS]


def _cv_terms(candidate: CandidateProfile) -> set[str]:
    texts = [candidate.headline, candidate.persona, *candidate.all_skills(), *candidate.certifications]
    for role in candidate.roles:
        texts += [role.title, role.summary or "", *role.achievements]
    terms: set[str] = set()
    for text in texts:
        terms |= key_terms(text)
    return terms


def _speciality_words(title: str) -> tuple[list[str], list[str]]:
    """The title's words that name a speciality: disciplines or technologies the skill dictionary
    knows ('Toxicology', 'iOS', 'Machine Learning', 'SRE'), and other words that set a role family
    ('Frontend', 'Analytics'). Domain words ('Payments', 'Insights') say what the team works on,
    not who can do the job."""
    words = _specific_words(title)
    skills = [m.matched_text for m in find_skills(" ".join(words))]
    in_skills = {w for skill in skills for w in skill.split()}
    return skills, [w for w in words if w not in in_skills and title_family(w) is not None]


def different_profession(jd: ExtractedJD, candidate: CandidateProfile) -> str | None:
    """Why the job is another profession than the candidate's, None when it is theirs.

    A speciality skill is known when the CV uses it; a family word also when it sets a family the
    CV's titles are in ('Analytics' for a data engineer), except the catch-all software family,
    or 'iOS' would be known to every engineer.
    """
    career = candidate_career(candidate)
    family = title_family(jd.title)
    if family in _DISTINCT_FAMILIES and family not in career.families:
        return f"'{jd.title}' is a {family.value} role; your titles are in {_families(career.families)}"
    skills, family_words = _speciality_words(jd.title)
    cv_terms = _cv_terms(candidate)
    known = [w for w in [*skills, *family_words] if key_terms(w) & cv_terms] + [
        w
        for w in family_words
        if title_family(w) in career.families and title_family(w) is not RoleFamily.software_engineering
    ]
    if (skills or family_words) and not known:
        named = " ".join([*skills, *family_words])
        return f"'{jd.title}' is a different speciality: your CV never mentions {named}"
    return None


def _families(families: frozenset[RoleFamily]) -> str:
    return " and ".join(sorted(f.value.replace("_", " ") for f in families)) or "other fields"
