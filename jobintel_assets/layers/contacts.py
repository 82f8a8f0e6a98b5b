"""Layer 5, contacts: who to reach at the company and what to send them.

Offline (or when people search finds no one) every contact is a role placeholder
("Hiring manager (Platform Engineering) at Northwind"), never an invented person.
Messages are assembled from whole true sentences (master-CV achievements, the top pain
point, the company's signals, the job's own text): a sentence that would break a channel's
maximum is left out, never cut, and further true sentences are added until its minimum is
reached. People the posting names (a CTO, a CEO, a VP of Data) are addressed by name, marked as
taken from the posting. A recruitment agency's search gets one note, to its consultant, quoting the
posting's reference; the client it does not name is not contacted. The proof a message cites is
the one ``match_proofs`` pairs with the job's pains, as in the dossier. A sentence stating a number
the master CV does not is never used. Only when the CV and the job
offer too little material does a message stay short, and ``check_message_lengths`` reports it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlparse

from pydantic import Field

from jobintel_assets.layers import text_quality
from jobintel_assets.layers.career import latest_role
from jobintel_assets.layers.models import (
    CandidateProfile,
    CandidateRole,
    CompanyResearch,
    CompanySignal,
    CompanyType,
    Contact,
    Contacts,
    ContactType,
    Contract,
    EvidencedItem,
    ExtractedJD,
    FitScore,
    PainPoints,
    PersonHit,
    RoleCategory,
    RoleFamily,
)
from jobintel_assets.layers.ports import LLM, LayerTask
from jobintel_assets.layers.skills import find_skills
from jobintel_assets.layers.text import normalize_for_match, normalize_whitespace, numbers_in, split_sentences

LAYER = "contacts"
PROMPT_VERSION = "contacts/v3"

PROMPT = """You plan a candidate's outreach for this job: who to contact and what to send them.

Rules:
- Contacts: use only the people found by search (inputs.people), with their names and roles
  exactly as given. When nobody was found for a contact type, describe the role to look for
  instead of a person (never make up a name).
- Tailor each message to the contact type: hiring_manager (job match and proof, peer to peer),
  recruiter (keywords and quantified results), vp_director (business outcomes), executive
  (very short, strategic), peer (technical rapport).
- Lengths: LinkedIn connection message at most 300 characters; InMail subject at most 30
  characters; InMail 400-600 characters; email subject at most 100 characters; email body 95-205
  words.
- Write whole sentences; leave a sentence out rather than cut it. No labels pasted before quotes.
- Address people the posting names (inputs.description) by name. When the company is a
  recruitment agency, plan one contact only, its consultant, and quote the posting's reference
  (inputs.reference); the client it does not name is not contacted.
- Subjects: 'Application: <exact job title> (<reference>) – <candidate name>'.
- Say 'requirements' only of skills the requirements ask for; claim hands-on experience only
  with skills of recent roles.
- State only achievements and numbers the master CV states; refer to the company's signals and
  the job's pain points only as the inputs describe them.
- discovery_note: how the contacts were found or why they are role placeholders."""

CONNECTION_MAX_CHARS = 300
INMAIL_SUBJECT_MAX_CHARS = 30
INMAIL_MIN_CHARS, INMAIL_MAX_CHARS = 400, 600
EMAIL_SUBJECT_MAX_CHARS = 100
EMAIL_MIN_WORDS, EMAIL_MAX_WORDS = 95, 205


class ContactsInputs(Contract):
    jd: ExtractedJD
    pain_points: PainPoints
    company_research: CompanyResearch
    fit: FitScore
    candidate: CandidateProfile
    people: list[PersonHit] = Field(default_factory=list)
    description: str = Field(default="", description="The posting's text, for the people it names")
    reference: str | None = Field(default=None, description="The posting's reference or requisition id")
    max_primary: int = Field(default=2, ge=0, le=10)
    max_secondary: int = Field(default=2, ge=0, le=10)


# ------------------------------------------------------------------ text fitting

_TRAILING_FUNCTION_WORDS = {
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with",
}  # fmt: skip


def words(text: str) -> int:
    return len(text.split())


def _clean_cut(text: str) -> str:
    """A prefix that ends on a content word: no dangling punctuation, function word or bare number."""
    tokens = text.rstrip(" ,;:-\u2013\u2014").split()
    while tokens and (
        tokens[-1].lower().strip(",;:") in _TRAILING_FUNCTION_WORDS or numbers_in(tokens[-1].strip(",;:"))
    ):
        tokens.pop()
    return " ".join(tokens).rstrip(" ,;:-\u2013\u2014(")


def trim_text(text: str, max_chars: int) -> str:
    """``text`` cut to ``max_chars`` at a clause or word boundary, never mid-word."""
    text = normalize_whitespace(text)
    if len(text) <= max_chars:
        return text
    head = text[: max_chars + 1]
    clause_end = max(head.rfind(", "), head.rfind("; "), head.rfind(" - "), head.rfind(" \u2014 "))
    if clause_end >= max_chars * 0.6:
        return _clean_cut(head[:clause_end])
    return _clean_cut(head[: head.rfind(" ")] if " " in head else "")


def _sentence(text: str) -> str:
    text = normalize_whitespace(text).rstrip(" ,;:")
    return text if text.endswith((".", "!", "?")) else f"{text}."


def compose(
    points: Iterable[str],
    padding: Iterable[str],
    render: Callable[[list[str], list[str]], str],
    size: Callable[[str], int],
    low: int,
    high: int,
) -> str:
    """Render the talking points that fit under ``high``, then padding until ``low`` is reached.

    ``render(points, padding)`` lays the parts out (greeting, paragraphs, sign-off). A sentence
    that does not fit whole is left out, never cut; nothing is invented.
    """
    chosen: list[str] = []
    extra: list[str] = []
    seen: set[str] = set()

    def add(part: str, as_padding: bool) -> None:
        # By sentence: a part that pairs a need with its proof must not bring that proof back twice.
        keys = {normalize_for_match(sentence) for sentence in split_sentences(part)}
        if keys & seen:
            return

        def fits(candidate: str) -> bool:
            layout = (chosen, [*extra, candidate]) if as_padding else ([*chosen, candidate], extra)
            return size(render(*layout)) <= high

        if fits(part):
            (extra if as_padding else chosen).append(part)
            seen.update(keys)

    for part in points:
        add(part, as_padding=False)
    for part in padding:
        if size(render(chosen, extra)) >= low:
            break
        add(part, as_padding=True)
    text = render(chosen, extra)
    return text if size(text) <= high else trim_to_sentences(text, size, high)


def trim_to_sentences(text: str, size: Callable[[str], int], high: int) -> str:
    """Whole sentences (and lines) from the start of ``text`` while ``size`` stays within ``high``."""
    kept = ""
    for piece in re.split(r"(?<=[.!?])(?=\s)|(?=\n)", text):
        if size(kept + piece) > high:
            break
        kept += piece
    return kept.strip()


# ------------------------------------------------------------------ facts

_PAST_TENSE_IRREGULAR = {
    "built", "led", "ran", "grew", "cut", "drove", "won", "made", "took", "set", "wrote", "brought",
    "began", "rebuilt", "rewrote", "taught", "overhauled", "spun", "stood", "sold", "kept", "held",
}  # fmt: skip
_NOT_VERBS = {"speed", "need", "feed", "seed", "red", "bed"}


def achievement_sentence(role: CandidateRole, achievement: str) -> str:
    """An achievement from the master CV, whole, in the first person where it opens with a verb."""
    text = normalize_whitespace(achievement).rstrip(".")
    first = text.split()[0] if text.split() else ""
    word = first.lower()
    is_verb = len(first) > 1 and first[0].isupper() and first[1:].islower() and word not in _NOT_VERBS
    if is_verb and (word.endswith("ed") or word in _PAST_TENSE_IRREGULAR):
        return _sentence(f"At {role.employer}, I {word}{text[len(first) :]}")
    return _sentence(f"{text} ({role.title}, {role.employer})")


def master_cv_numbers(candidate: CandidateProfile) -> set[str]:
    """Every number the master CV states (contact details and salary excluded)."""
    texts = [candidate.headline, candidate.persona, str(candidate.years_experience)]
    for role in candidate.roles:
        texts += [role.title, role.employer, role.start, role.end, role.summary or "", *role.achievements]
        texts += role.skills
    for section in candidate.skills:
        texts += section.skills
    for education in candidate.education:
        texts += [education.degree, education.institution, str(education.year or "")]
    texts += candidate.certifications
    return set().union(*(numbers_in(text) for text in texts))


_REFERENCE_LINE = re.compile(
    r"^\s*(?:reference|ref\.?|req(?:uisition)?(?: id)?|job (?:id|reference))\s*[:#]\s*"
    r"([A-Z0-9][\w/-]{2,30})\s*$",
    re.I | re.M,
)


def posting_reference(inputs: ContactsInputs) -> str | None:
    """The posting's reference ('TB-88213'): its requisition id, else a 'Reference:' line of its text."""
    match = _REFERENCE_LINE.search(inputs.description)
    return inputs.reference or (match.group(1) if match else None)


def allowed_numbers(inputs: ContactsInputs) -> set[str]:
    """Numbers a message may state: the master CV's, plus those in the company name and job title."""
    reference = numbers_in(posting_reference(inputs) or "")
    return (
        master_cv_numbers(inputs.candidate)
        | numbers_in(inputs.jd.company)
        | numbers_in(inputs.jd.title)
        | reference
    )


_STOPWORDS = {
    "and", "are", "but", "for", "from", "has", "have", "into", "its", "our", "out", "that", "the", "their",
    "them", "then", "this", "was", "were", "will", "with", "you", "your", "who", "all", "can", "not", "lack",
}  # fmt: skip


def terms(text: str) -> set[str]:
    """The content words of a text (three letters or more, no stopwords), for measuring overlap."""
    found = re.findall(r"[a-z0-9][a-z0-9+#.]*", normalize_for_match(text))
    return {t.rstrip(".") for t in found if len(t) > 2 and t not in _STOPWORDS}


def rank_achievements(
    candidate: CandidateProfile, focus_texts: Iterable[str], cited: Iterable[str] = ()
) -> list[tuple[CandidateRole, str]]:
    """Master-CV achievements, most relevant to ``focus_texts`` first; cited and quantified ones win ties."""
    focus = set().union(*(terms(t) for t in focus_texts))
    cited_keys = {normalize_for_match(c) for c in cited}
    scored = []
    for role_index, role in enumerate(candidate.roles):
        for index, achievement in enumerate(role.achievements):
            if not achievement.strip():
                continue
            overlap = len(terms(achievement) & focus)
            cited_bonus = 2 if normalize_for_match(achievement) in cited_keys else 0
            bonus = cited_bonus + (1 if numbers_in(achievement) else 0)
            scored.append((-(overlap * 2 + bonus), role_index, index, role, achievement))
    scored.sort(key=lambda item: item[:3])
    return [(role, achievement) for *_, role, achievement in scored]


# Words a posting and a CV use for the same thing ('hourly data freshness' and 'from 24 hours to 1
# hour'), with how much sharing one says: a domain (payouts, freshness) says more than a kind of work.
_CONCEPTS: dict[str, tuple[int, frozenset[str]]] = {
    "freshness": (4, frozenset({
        "hour", "hours", "hourly", "nightly", "batch", "latency", "freshness", "fresh", "refresh", "late",
        "minutes", "real-time", "daily",
    })),
    "payouts": (4, frozenset({"payout", "payouts", "settled", "settle", "settlement", "merchants"})),
    "reconciliation": (4, frozenset({
        "reconcile", "reconciles", "reconciliation", "unmatched", "correctness",
    })),
    "scaling": (3, frozenset({
        "scale", "scaling", "load", "p99", "caching", "throughput", "tenancy", "ms", "requests",
    })),
    "data quality": (3, frozenset({"quality", "contracts", "tests", "broken", "wrong", "validation"})),
    "payments": (3, frozenset({"payment", "payments", "fintech", "banking", "idempotent", "transactions"})),
    "forecasting": (3, frozenset({"forecast", "forecasting", "demand", "retail", "retailers", "stores"})),
    "ingestion": (2, frozenset({"ingestion", "pipeline", "pipelines", "jobs", "etl", "streaming", "feeds"})),
    "incidents": (2, frozenset({
        "incident", "incidents", "on-call", "pages", "alert", "outage", "outages", "runbooks", "slos",
        "reliability",
    })),
    "migration": (2, frozenset({
        "migration", "migrate", "migrating", "rebuild", "legacy", "modernised", "monolith", "moved",
        "platforms", "merging", "merge",
    })),
    "hiring": (2, frozenset({
        "hire", "hiring", "hired", "grow", "grew", "recruit", "engineers", "promoting",
    })),
    "compliance": (4, frozenset({
        "compliance", "compliant", "audit", "audits", "iso", "soc", "regulated",
    })),
    "cost": (2, frozenset({"spend", "cost", "costs", "budget", "saving"})),
    "delivery": (2, frozenset({"deploys", "deployment", "dora", "planning", "okrs", "delivery"})),
}  # fmt: skip


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9][a-z0-9-]*", normalize_for_match(text)))


def concepts(text: str) -> set[str]:
    """The concepts of ``_CONCEPTS`` a text speaks of."""
    found = _words(text)
    return {name for name, (_, forms) in _CONCEPTS.items() if found & forms}


def proof_score(focus: str, achievement: str, recency: int) -> float:
    """How well an achievement proves the problem in ``focus``: shared domains and kinds of work, then
    shared skills and words; ``recency`` (0 for the latest role) breaks near ties for the recent role."""
    skills = {m.name.lower() for m in find_skills(focus)} & {m.name.lower() for m in find_skills(achievement)}
    shared = sum(_CONCEPTS[name][0] for name in concepts(focus) & concepts(achievement))
    score = shared + 2 * len(skills) + len(terms(focus) & terms(achievement))
    return score - 0.5 * recency if score else 0.0


def _by_recency(candidate: CandidateProfile) -> list[CandidateRole]:
    return sorted(candidate.roles, key=lambda r: r.start or "", reverse=True)


def match_proofs(
    focuses: list[str], candidate: CandidateProfile, min_score: float = 1.0, exclude: Iterable[str] = ()
) -> list[tuple[CandidateRole, str] | None]:
    """For each problem text, the master-CV achievement that proves it best, each achievement used
    once: the strongest pairs are matched first, so a problem is never answered by an old, weakly
    related achievement that another problem does not need. None where nothing matches."""
    excluded = set(exclude)
    options = [
        (proof_score(focus, achievement, recency), index, role, achievement)
        for index, focus in enumerate(focuses)
        for recency, role in enumerate(_by_recency(candidate))
        for achievement in role.achievements
        if achievement.strip() and achievement not in excluded
    ]
    matched: list[tuple[CandidateRole, str] | None] = [None] * len(focuses)
    used: set[str] = set()
    for score, index, role, achievement in sorted(options, key=lambda o: -o[0]):
        if score >= min_score and matched[index] is None and achievement not in used:
            matched[index] = (role, achievement)
            used.add(achievement)
    return matched


def join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


_LEVEL_WORDS = {
    "senior", "sr", "junior", "jr", "staff", "principal", "lead", "head", "of", "director", "vp", "vice",
    "president", "chief", "manager", "mid", "level", "cto", "ceo", "cio", "cpo", "coo", "ciso", "officer",
    "i", "ii", "iii", "iv", "the",
}  # fmt: skip
_ROLE_NOUNS = {
    "engineer": "Engineering", "developer": "Development", "scientist": "Science", "designer": "Design",
    "analyst": "Analytics", "architect": "Architecture", "administrator": "Administration",
}  # fmt: skip
_DEPARTMENTS = {
    RoleFamily.software_engineering: "Engineering",
    RoleFamily.infrastructure: "Engineering",
    RoleFamily.data: "Data",
    RoleFamily.security: "Security",
    RoleFamily.product: "Product",
    RoleFamily.design: "Design",
    RoleFamily.other: "the department",
}


def team_label(jd: ExtractedJD) -> str:
    """The team the job sits in, from its title: 'Senior Platform Engineer' -> 'Platform Engineering'."""
    labels = []
    for part in re.split(r"\s+[-\u2013\u2014|/]\s+|[,(|]", jd.title):
        kept = [t for t in part.split() if t.lower().strip(".") not in _LEVEL_WORDS and not t.isdigit()]
        if kept and kept[-1].lower() in _ROLE_NOUNS:
            kept[-1] = _ROLE_NOUNS[kept[-1].lower()]
        if kept:
            labels.append(" ".join(kept))
    # 'Engineering Manager, Data Platform' sits in Data Platform, not in 'Engineering'.
    specific = [label for label in labels if label not in _ROLE_NOUNS.values()]
    if labels:
        return (specific or labels)[0]
    return _DEPARTMENTS[jd.role_family].removeprefix("the ").capitalize()


# ------------------------------------------------------------------ who to contact


@dataclass(frozen=True)
class Slot:
    """A role to look for, for one contact type: the placeholder's label and role description."""

    contact_type: ContactType
    label: str
    role: str


def _slots(jd: ExtractedJD) -> tuple[list[Slot], list[Slot]]:
    """Primary and secondary roles to contact for this job, nearest to the hire first."""
    team = team_label(jd)
    dept = _DEPARTMENTS[jd.role_family]
    noun = next((t for t in jd.title.split() if t.lower().strip(",") in _ROLE_NOUNS), "Engineer").strip(",")
    hm, rec, vp, ex, peer = (
        ContactType.hiring_manager,
        ContactType.recruiter,
        ContactType.vp_director,
        ContactType.executive,
        ContactType.peer,
    )
    category = jd.role_category
    recruiter = Slot(rec, "Recruiter", f"Technical recruiter or talent partner hiring for {team}")
    if category in (RoleCategory.individual_contributor, RoleCategory.senior_individual_contributor):
        peer_level = "Senior" if category == RoleCategory.individual_contributor else "Staff"
        return [Slot(hm, "Hiring manager", f"Manager of the {team} team"), recruiter], [
            Slot(vp, "Director", f"Director of {dept}"),
            Slot(peer, f"{peer_level} {noun}", f"{peer_level} {noun} on the {team} team"),
            Slot(ex, "CTO", "CTO or VP Engineering"),
        ]
    if category == RoleCategory.staff_principal:
        return [Slot(hm, "Hiring manager", f"Director or senior manager over {team}"), recruiter], [
            Slot(vp, "VP", f"VP of {dept}"),
            Slot(peer, f"Principal {noun}", f"Principal or Staff {noun} working on {team}"),
            Slot(ex, "CTO", "CTO"),
        ]
    if category == RoleCategory.manager:
        director = f"Director of {dept}" if team in (dept, "Engineering") else f"Head or director of {team}"
        return [Slot(hm, "Hiring manager", director), recruiter], [
            Slot(vp, "VP", f"VP of {dept}"),
            Slot(peer, "Fellow manager", f"A fellow manager in {dept}"),
            Slot(ex, "CTO", "CTO"),
        ]
    leader_recruiter = Slot(rec, "Recruiter", f"Executive or leadership recruiter hiring for {team}")
    if category in (RoleCategory.director, RoleCategory.head_of):
        return [Slot(hm, "Hiring manager", f"VP of {dept}"), leader_recruiter], [
            Slot(ex, "CTO", "CTO or VP Engineering"),
            Slot(peer, "Fellow director", f"A fellow director or head of in {dept}"),
            Slot(vp, "VP", "VP of an adjacent function, e.g. Product"),
        ]
    if category == RoleCategory.vp:
        return [Slot(hm, "Hiring manager", "CTO"), leader_recruiter], [
            Slot(ex, "CEO", "CEO"),
            Slot(peer, "Fellow VP", "A fellow VP, e.g. VP Product"),
            Slot(vp, "Director", f"A director in {dept}"),
        ]
    return [Slot(hm, "Hiring manager", "CEO"), Slot(rec, "Recruiter", "Executive search partner")], [
        Slot(ex, "Founder", "Founder or board member"),
        Slot(peer, "Fellow executive", "A fellow C-level executive, e.g. CPO"),
        Slot(vp, "VP", f"The most senior leader in {dept}"),
    ]


def placeholder_name(slot: Slot, jd: ExtractedJD, agency: bool = False) -> str:
    """The role to look for; at an agency's client (whom the posting does not name) when an agency posted."""
    if agency and slot.contact_type == ContactType.recruiter:
        return f"Consultant at {jd.company} running this search"
    where = f"the client of {jd.company}" if agency else jd.company
    if slot.contact_type == ContactType.executive:
        return f"{slot.label} at {where}"
    return f"{slot.label} ({team_label(jd)}) at {where}"


POSTING_SOURCE = "posting"
_NAME = r"(?P<name>[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|[A-Z]'[A-Z][a-z]+)){1,2})"
_TITLE = (
    r"(?P<role>CEO|CTO|CPO|COO|CFO|CIO|CISO|(?:co-)?founder|Chief [A-Z][a-z]+ Officer"
    r"|(?:VP|Vice President|Head|Director)(?: of)? [A-Z][A-Za-z]+|(?:Engineering|Hiring) Manager)"
)
_NAMED_PEOPLE = (
    # 'welcomed Priya Raman as our new CTO', 'Maya Chen became CEO', 'Sam Lee, our VP Engineering'
    re.compile(
        _NAME + r"(?:,| (?:as|is|became|joined as|joins as|was appointed|was named))? (?:our |the )?"
        r"(?:new |current |first )?" + _TITLE + r"\b"
    ),
    # 'our CTO, Priya Raman', 'co-founder Maya Chen'
    re.compile(r"\b(?:our|the) (?:new )?" + _TITLE + r",? " + _NAME + r"\b"),
)
_NOT_NAMES = {
    "Series",
    "Our",
    "The",
    "We",
    "You",
    "In",
    "Reporting",
    "Remote",
    "Salary",
    "About",
    "Head",
    "Director",
}


def people_named_in(description: str, company: str) -> list[PersonHit]:
    """People the posting names with their role ('in September 2025 we welcomed Priya Raman as our new
    CTO'), as found people whose source is the posting; nobody is guessed."""
    found: dict[str, PersonHit] = {}
    for pattern in _NAMED_PEOPLE:
        for match in pattern.finditer(description):
            name, role = match.group("name"), match.group("role")
            words = name.replace("-", " ").split()
            if words[0] in _NOT_NAMES or normalize_for_match(name) in normalize_for_match(company):
                continue
            found.setdefault(name, PersonHit(name=name, role=role, source_url=POSTING_SOURCE))
    return list(found.values())


def known_people(inputs: ContactsInputs) -> list[PersonHit]:
    """The people search found, then those the posting names (search wins on the same name)."""
    searched = {normalize_for_match(p.name) for p in inputs.people}
    named = people_named_in(inputs.description, inputs.jd.company)
    return [*inputs.people, *(p for p in named if normalize_for_match(p.name) not in searched)]


_REPORTS_TO = re.compile(
    r"\breport(?:s|ing)? (?:directly )?to (?:the |our )?(?P<role>[A-Z][A-Za-z]*(?: (?:of )?[A-Z][A-Za-z]*)*)"
)


_RANK_BY_CATEGORY = {
    RoleCategory.individual_contributor: 0,
    RoleCategory.senior_individual_contributor: 0,
    RoleCategory.staff_principal: 0,
    RoleCategory.manager: 1,
    RoleCategory.director: 2,
    RoleCategory.head_of: 2,
    RoleCategory.vp: 3,
    RoleCategory.c_level: 4,
}
_RECRUITER = re.compile(r"recruit|talent|sourc|people partner|\bhr\b|human resources|hiring partner")
_TOP = re.compile(r"\bceo\b|chief executive|founder|^president\b|\bboard\b")
_CHIEF = re.compile(r"\bc[a-z]o\b|chief")
_VP = re.compile(r"\bvp\b|vice president|\bsvp\b|\bevp\b")
_DIRECTOR = re.compile(r"director|head of|\bhead\b")
_MANAGER = re.compile(r"manager|team lead|\blead\b")


def classify_person(role: str, jd: ExtractedJD, description: str = "") -> ContactType:
    """The contact type of a real person, from their role relative to the job's level; the person
    the posting says the hire reports to is the hiring manager."""
    text = normalize_for_match(role)
    reports_to = {normalize_for_match(m.group("role")) for m in _REPORTS_TO.finditer(description)}
    if text in reports_to:
        return ContactType.hiring_manager
    if _RECRUITER.search(text):
        return ContactType.recruiter
    job_rank = _RANK_BY_CATEGORY[jd.role_category]
    if _TOP.search(text) and job_rank >= _RANK_BY_CATEGORY[RoleCategory.vp]:
        return ContactType.hiring_manager  # a VP or C-level hire is the CEO's or founder's
    if _VP.search(text):
        rank = 3
    elif _TOP.search(text):
        rank = 5
    elif _CHIEF.search(text):
        rank = 4
    elif _DIRECTOR.search(text):
        rank = 2
    elif _MANAGER.search(text):
        rank = 1
    else:
        rank = 0
    if rank <= job_rank:
        return ContactType.peer
    if rank == job_rank + 1 or (job_rank == 4 and rank == 5):
        return ContactType.hiring_manager
    return ContactType.executive if rank >= 4 else ContactType.vp_director


# ------------------------------------------------------------------ messages


@dataclass(frozen=True)
class Facts:
    """The true material every message is built from, filtered for numbers the CV cannot back."""

    candidate: str
    headline: str
    company: str
    title: str
    team: str
    agency: str | None  # the recruitment agency that posted the job, when it is one
    reference: str | None  # the posting's reference, quoted to whoever runs the search
    pain: str | None  # the job's main problem in the candidate's words, proven by achievements[0]
    signal: str | None
    years_line: str
    skills_line: str | None
    keywords_line: str | None
    tech_interest: str | None
    achievements: list[str]
    quantified: list[str]
    technical: list[str]
    job_lines: list[str]
    persona: str
    profile_lines: list[str]


# Research summaries that only say nothing is known are no material for a message.
_UNKNOWN = re.compile(r"\bunknown\b|\bnot known\b|\bnothing\b|\bno information\b", re.IGNORECASE)


def lower_first(sentence: str) -> str:
    """'The systems have to scale.' -> 'the systems have to scale.', to continue another sentence;
    an acronym or a technology ('SOC 2', 'Kafka') keeps its capital."""
    first = sentence.split(" ", 1)[0].rstrip(",;:")
    is_word = len(first) > 1 and first[1:].islower() and first.replace("'", "").isalpha()
    if is_word and not find_skills(first):
        return sentence[:1].lower() + sentence[1:]
    return sentence


def persona_sentences(persona: str) -> str:
    """The master CV's persona as sentences: 'Engineering manager who ...' -> 'I am an engineering
    manager who ...'."""
    text = normalize_whitespace(persona)
    if not text or re.match(r"^(?:I|I'm|My)\b", text):
        return _sentence(text)
    text = lower_first(re.sub(r"^an?\s+", "", text))
    return _sentence(f"I am {'an' if text[:1] in 'aeiou' else 'a'} {text}")


def _whole(text: str, max_chars: int) -> str | None:
    """``text`` as a sentence when it is short enough to quote whole, else None (never cut)."""
    text = normalize_whitespace(text).rstrip(" .;:")
    return text if text and len(text) <= max_chars and "…" not in text else None


def skill_phrase(name: str) -> str:
    """A skill as written mid-sentence: a common noun phrase in lower case ('data pipelines'), a
    product or an acronym as it is ('Google Cloud Platform', 'Kafka', 'SQL')."""
    words = name.split()
    if len(words) > 1 and all(w.islower() for w in words[1:]) and words[0][1:].islower():
        return name[:1].lower() + name[1:]
    return name


# A skill last used longer ago than this is not 'hands-on experience'.
_HANDS_ON_YEARS = 4


def recent_skills(candidate: CandidateProfile) -> set[str]:
    """Skills (lower case) of the roles held within ``_HANDS_ON_YEARS`` of the latest one's start."""
    latest = max((int(r.start[:4]) for r in candidate.roles if r.start[:4].isdigit()), default=0)
    recent = set()
    for role in candidate.roles:
        end = role.end or ""
        year = latest if not end[:4].isdigit() else int(end[:4])
        if year >= latest - _HANDS_ON_YEARS:
            recent |= {skill.lower() for skill in role.skills}
    return recent


def requirement_skills(jd: ExtractedJD) -> set[str]:
    """The skills the requirements section asks for (not the nice-to-haves, not the stack described)."""
    return {m.name.lower() for m in find_skills("\n".join(jd.qualifications))}


_FIRST_PERSON_VERB = re.compile(r"^(?:lead|led|manage|managed|run|ran|own|owned|build|built)\b", re.I)


def _stated_pain(
    inputs: ContactsInputs,
    pains: list[EvidencedItem],
    proofs: list[tuple[CandidateRole, str] | None],
    backed: Callable[[str], bool],
) -> tuple[str | None, tuple[CandidateRole, str] | None]:
    """The first proven pain said as the work the posting asks for ('The posting asks for someone to own
    delivery of the ingestion rebuild.'), in words of the posting that state no figure the CV does not,
    and the achievement that proves it."""
    needs = {normalize_for_match(n.evidence): n.text for n in inputs.pain_points.strategic_needs}
    # A responsibility is already an action: 'Cut deployment lead time and make releases boring'.
    needs |= {
        normalize_for_match(r): f"Someone to {lower_first(r.strip().rstrip('.'))}"
        for r in inputs.jd.responsibilities
        if len(r) <= 120 and normalize_for_match(r) not in needs
    }
    for pain, proof in zip(pains, proofs, strict=True):
        need = needs.get(normalize_for_match(pain.evidence))
        if proof is None or need is None or not backed(need) or not need.startswith("Someone to "):
            continue
        return _sentence(f"The posting asks for someone to {need.removeprefix('Someone to ')}"), proof
    return None, None


def gather_facts(inputs: ContactsInputs) -> Facts:
    jd, candidate = inputs.jd, inputs.candidate
    allowed = allowed_numbers(inputs)

    def backed(text: str) -> bool:
        return numbers_in(text) <= allowed

    agency = inputs.company_research.company.company_type == CompanyType.recruitment_agency
    pains = [p.text for p in inputs.pain_points.pain_points]
    top_pains = inputs.pain_points.pain_points[:3]
    proofs = match_proofs([f"{p.text} {p.evidence}" for p in top_pains], candidate)
    pain, proven = _stated_pain(inputs, top_pains, proofs, backed)
    focus = [*pains[:2], *jd.top_keywords, *(s.name for s in jd.technical_skills)]
    ranked = rank_achievements(candidate, focus, inputs.fit.candidate_evidence)
    # The proofs the dossier's Pain -> Proof table uses come first, the one for the stated pain leading.
    first = [proof for proof in [proven, *proofs] if proof]
    ordered: list[tuple[CandidateRole, str]] = []
    for role, text in [*first, *ranked]:
        if all(text != kept for _, kept in ordered):
            ordered.append((role, text))
    achievements = [achievement_sentence(role, text) for role, text in ordered]
    quantified = [achievement_sentence(role, text) for role, text in ordered if numbers_in(text)]
    jd_skills = list(dict.fromkeys(s.name for s in jd.technical_skills))
    by_skill = rank_achievements(candidate, jd_skills)
    technical = [achievement_sentence(role, text) for role, text in by_skill]

    cv_skills = {s.lower(): s for s in candidate.all_skills()}
    # The CV's own spelling of each skill under the name the job uses ('BigQuery' for 'Google BigQuery').
    cv_by_name = dict(cv_skills)
    for skill in candidate.all_skills():
        for mention in find_skills(skill):
            cv_by_name.setdefault(mention.name.lower(), skill)
    matched = [cv_skills[s.lower()] for s in inputs.fit.matched_skills if s.lower() in cv_skills]
    if not matched:
        matched = [cv_skills[s.lower()] for s in jd_skills if s.lower() in cv_skills]
    required = requirement_skills(jd)
    wanted = dict.fromkeys(k.lower() for k in [*jd.top_keywords, *jd_skills])
    keywords = list(dict.fromkeys(cv_by_name[k] for k in wanted if k in required and k in cv_by_name))
    current = recent_skills(candidate)
    hands_on = [s for s in matched if s.lower() in current]

    latest = latest_role(candidate)
    company = f"the client of {jd.company}" if agency else jd.company
    signal = None if agency else _signal_hook(inputs.company_research.company.signals, jd.company, backed)
    responsibilities = [r for r in (_whole(r, 160) for r in jd.responsibilities) if r]
    job_lines = [
        f"The posting lists “{r}” among the responsibilities."
        if index == 0
        else f"It also lists “{r}”, which is work I know well."
        for index, r in enumerate(responsibilities[:3])
    ]
    job_lines += [f"The posting asks for “{q}”." for q in (_whole(q, 160) for q in jd.qualifications) if q]
    research = inputs.company_research
    company_summary, role_summary = _whole(research.company.summary, 200), _whole(research.role.summary, 200)
    if company_summary and not agency and not _UNKNOWN.search(company_summary):
        job_lines.append(f"I have read how the posting describes {jd.company}, “{company_summary}”.")
    if role_summary and not _UNKNOWN.search(role_summary):
        job_lines.append(f"It describes the role as “{role_summary}”, and that is work I want to do.")
    profile = [_sentence(f"My core skills include {join_names(candidate.all_skills()[:6])}")]
    profile += [
        _sentence(f"At {r.employer}, I {lower_first(r.summary.strip())}")
        for r in candidate.roles
        if r.summary and _FIRST_PERSON_VERB.match(r.summary.strip())
    ]
    profile += [_sentence(f"I hold a {e.degree} from {e.institution}") for e in candidate.education]
    profile += [_sentence(f"I hold the {c} certification") for c in candidate.certifications]
    if candidate.languages:
        profile.append(_sentence(f"I speak {join_names(candidate.languages)}"))
    return Facts(
        candidate=candidate.name,
        headline=candidate.headline,
        company=company,
        title=jd.title,
        team=team_label(jd),
        agency=jd.company if agency else None,
        reference=posting_reference(inputs),
        pain=pain,
        signal=signal,
        years_line=_sentence(
            f"I bring {candidate.years_experience} years of experience, most recently as "
            f"{latest.title} at {latest.employer}"
        ),
        skills_line=_sentence(
            f"I have hands-on experience with {join_names([skill_phrase(s) for s in hands_on[:4]])}"
        )
        if hands_on
        else None,
        keywords_line=(
            _sentence(
                f"I have worked with {join_names([skill_phrase(k) for k in keywords[:5]])}, "
                + (
                    "which the posting lists as requirements"
                    if len(keywords) > 1
                    else "a requirement of the posting"
                )
            )
            if keywords
            else None
        ),
        tech_interest=(
            _sentence(
                "I would like to hear how the team works with "
                + join_names([skill_phrase(skill) for skill in jd_skills[:3]])
            )
            if jd_skills and backed(" ".join(jd_skills[:3]))
            else None
        ),
        achievements=achievements,
        quantified=quantified or achievements,
        technical=technical,
        job_lines=[line for line in job_lines if backed(line)],
        persona=persona_sentences(candidate.persona),
        profile_lines=[line for line in profile if backed(line)],
    )


_LEADING_DATE = re.compile(r"^\s*(?:\d{4}-\d{2}(?:-\d{2})?|[A-Z][a-z]+ \d{4}|\d{4})\s*[:,\u2013\u2014-]\s*")
_PAST_VERB = re.compile(r"^[A-Z][a-z]+ed\b|^(?:Won|Built|Made|Took|Set|Began|Grew|Sold|Held|Became|Opened)\b")


def _signal_hook(signals: list[CompanySignal], company: str, backed: Callable[[str], bool]) -> str | None:
    """The company's most recent signal, said concretely as its source says it ('I read that Northwind
    Analytics launched Northwind Forecast 3, with hourly refresh for enterprise customers'); None when
    no signal can be quoted whole without a figure the master CV does not back."""
    dated = sorted(signals, key=lambda s: s.date if s.date[:1].isdigit() else "", reverse=True)
    for signal in dated:
        news = _LEADING_DATE.sub("", normalize_whitespace(signal.description)).rstrip(". ")
        if not news or "…" in news or len(news) > 160 or not backed(news):
            continue
        if re.match(r"^(?:we|our|after|in|since|following)\b", news, re.I):
            continue  # the posting speaking of itself; not news to report back
        if _PAST_VERB.match(news):
            return _sentence(f"I read that {company} {news[:1].lower()}{news[1:]}")
        words = news.split()
        if len(words) > 1 and words[0][1:].islower() and words[1].islower():
            # A noun phrase ('Partnership with Banco Atlântico Digital for instant SEPA payouts').
            owner = f"{company}'" if company.endswith("s") else f"{company}'s"
            return _sentence(f"I read about {owner} {news[:1].lower()}{news[1:]}")
        return _sentence(f"I read that {news}")
    return None


def _talking_points(kind: ContactType, facts: Facts) -> list[str | None]:
    """What each contact type cares about, most important first (the predecessor's table)."""
    reference = f" (reference {facts.reference})" if facts.reference else ""
    if facts.agency and kind == ContactType.recruiter:
        applying = (
            f"I'm applying for the {facts.title} role{reference} you are recruiting for "
            "on behalf of your client."
        )
    elif facts.agency:
        applying = f"I'm applying for your {facts.title} role, advertised by {facts.agency}."
    else:
        applying = f"I'm applying for the {facts.title} role at {facts.company}."
    first, second = [*facts.achievements, None, None][:2]
    # A need and the proof that answers it go in together or not at all: a message that names the
    # need and runs out of room before the proof reads as a need the candidate cannot meet.
    need_and_proof = f"{facts.pain} {first}" if facts.pain and first else facts.pain or first
    if kind == ContactType.hiring_manager:
        return [applying, need_and_proof, facts.skills_line, second]
    if kind == ContactType.recruiter:
        return [applying, facts.keywords_line, facts.years_line, need_and_proof, *facts.quantified[:2]]
    if kind == ContactType.vp_director:
        return [applying, facts.signal, need_and_proof, facts.years_line]
    if kind == ContactType.executive:
        return [facts.signal, applying, facts.quantified[0]]
    return [
        applying
        if facts.agency
        else f"I'm applying for the {facts.title} role on the {facts.team} team at {facts.company}.",
        facts.tech_interest,
        facts.technical[0],
        facts.skills_line,
    ]


_ASKS = {
    ContactType.hiring_manager: "Would you be open to a short conversation about the team's priorities?",
    ContactType.recruiter: "I can share my CV and answer any screening questions.",
    ContactType.vp_director: "Would you be open to a brief conversation about what this hire should achieve?",
    ContactType.executive: "I would value a brief conversation if the timing suits you.",
    ContactType.peer: "I would appreciate your perspective on what the work is like day to day.",
}
_CONNECT = "I'd be glad to connect."
_CLOSINGS = [
    "I can walk through any of the work above in more detail.",
    "Thank you for your time and for considering my application.",
]


def _padding(facts: Facts, talking: list[str]) -> list[str]:
    """Further true material, used only to reach a channel's minimum length."""
    more = [a for a in facts.achievements if a not in talking]
    pieces = [*more[:3], facts.years_line, facts.skills_line, facts.persona, *facts.job_lines, *more[3:]]
    return [p for p in [*pieces, *facts.profile_lines, *_CLOSINGS] if p]


@dataclass(frozen=True)
class Messages:
    linkedin_connection_message: str
    linkedin_inmail_subject: str
    linkedin_inmail: str
    email_subject: str
    email_body: str


_AT_EMPLOYER = re.compile(r"(?:^|(?<=[.!?] )|(?<=\n))At ([A-Z][^,\n]{1,60}), I ")


def vary_employers(text: str) -> str:
    """'At Oakridge Health, I ... At Oakridge Health, I grew ...' -> '... I also grew ...': an employer
    is named once in a message; a later achievement there follows as 'I also' (or 'Also at X' when
    another employer came in between); right after a sentence that ends by naming it, 'There, I'."""
    named: list[str] = []

    def once(match: re.Match[str]) -> str:
        employer = match.group(1)
        if employer not in named:
            named.append(employer)
            # The sentence before named it ('... most recently as Engineering Manager at Oakridge Health.').
            return (
                "There, I " if match.string[: match.start()].endswith(f" at {employer}. ") else match.group(0)
            )
        if named[-1] == employer:
            return "I also "
        named.append(employer)
        return f"Also at {employer}, I "

    return _AT_EMPLOYER.sub(once, text)


def _subject(options: list[str], max_chars: int) -> str:
    return next((o for o in options if len(o) <= max_chars), trim_text(options[-1], max_chars))


def draft_messages(kind: ContactType, first_name: str | None, facts: Facts) -> Messages:
    """The five messages for one contact; ``first_name`` is None for placeholders."""
    talking = [p for p in _talking_points(kind, facts) if p]
    ask = _ASKS[kind]
    padding = _padding(facts, talking)
    hello = f"Hi {first_name}," if first_name else "Hi there,"
    dear = f"Hi {first_name}," if first_name else "Hello,"
    sign_off = f"Best regards,\n{facts.candidate}"

    connection = compose(
        talking[:3],
        [],
        lambda points, _: vary_employers(" ".join([hello, *points, _CONNECT])),
        len,
        0,
        CONNECTION_MAX_CHARS,
    )
    inmail = compose(
        talking,
        padding,
        lambda points, extra: vary_employers(
            "\n\n".join([hello, " ".join([*points, *extra]), ask, sign_off])
        ),
        len,
        INMAIL_MIN_CHARS,
        INMAIL_MAX_CHARS,
    )
    email = compose(
        talking,
        padding,
        lambda points, extra: vary_employers(
            "\n\n".join(p for p in [dear, " ".join(points), " ".join(extra), ask, sign_off] if p)
        ),
        words,
        EMAIL_MIN_WORDS,
        EMAIL_MAX_WORDS,
    )
    reference = f" ({facts.reference})" if facts.reference else ""
    application = f"Application: {facts.title}{reference} \u2013 {facts.candidate}"
    # Short subjects are the whole title or the reference, never a title cut at its comma.
    inmail_subjects = [
        f"Application: {facts.title}",
        facts.title,
        *([f"Application: {facts.reference}"] if facts.reference else []),
        f"Your {facts.team} role",
        "Application for your open role",
    ]
    email_subjects = [application, f"Application: {facts.title} \u2013 {facts.candidate}", facts.title]
    if kind == ContactType.peer:
        inmail_subjects = [f"Your {facts.team} team", f"Question on {facts.team}", "Question about your team"]
        email_subjects = [f"Question about the {facts.team} team at {facts.company}"]
    return Messages(
        linkedin_connection_message=connection,
        linkedin_inmail_subject=_subject(inmail_subjects, INMAIL_SUBJECT_MAX_CHARS),
        linkedin_inmail=inmail,
        email_subject=_subject(email_subjects, EMAIL_SUBJECT_MAX_CHARS),
        email_body=email,
    )


# ------------------------------------------------------------------ the layer

_WHY = {
    ContactType.hiring_manager: "Usually owns this hire and the team's roadmap: the most direct route.",
    ContactType.recruiter: "Runs screening and the hiring process; can confirm fit, timeline and next steps.",
    ContactType.vp_director: "Senior leader over the area; cares about the business outcomes of this hire.",
    ContactType.executive: "Sets direction at the top; a brief note can reach the decision makers.",
    ContactType.peer: "Would work alongside this hire; knows the team's day-to-day technical challenges.",
}


def _placeholder_why(slot: Slot, jd: ExtractedJD, agency: bool = False) -> str:
    role = re.sub(r"^(?:A|An|The) ", "", slot.role)
    role = role[:1].lower() + role[1:] if role[1:2].islower() else role
    if agency and slot.contact_type == ContactType.recruiter:
        where = f"the consultant at {jd.company} who runs this search"
        return f"Placeholder: look on LinkedIn for {where}. {_WHY[slot.contact_type]}"
    if agency:
        return (
            f"Placeholder: the {role} at the client of {jd.company}, which the posting does not name; "
            f"ask the consultant. {_WHY[slot.contact_type]}"
        )
    return f"Placeholder: look on LinkedIn for the {role} at {jd.company}. {_WHY[slot.contact_type]}"


def _recent_signals(research: CompanyResearch) -> list[str]:
    return [f"{s.description} ({s.date}; source: {s.source})" for s in research.company.signals[:3]]


def _contact(
    kind: ContactType, facts: Facts, inputs: ContactsInputs, *, slot: Slot | None, person: PersonHit | None
) -> Contact:
    if person and person.source_url == POSTING_SOURCE:
        name, role = person.name, person.role
        why = (
            f"{person.role} at {inputs.jd.company}, named in the posting (not found by people search). "
            f"{_WHY[kind]}"
        )
    elif person:
        name, role = person.name, person.role
        why = f"{person.role} at {inputs.jd.company}, found at {person.source_url}. {_WHY[kind]}"
    else:
        assert slot is not None
        name, role = placeholder_name(slot, inputs.jd, facts.agency is not None), slot.role
        why = _placeholder_why(slot, inputs.jd, facts.agency is not None)
    messages = draft_messages(kind, person.name.split()[0] if person else None, facts)
    return Contact(
        name=name,
        role=role,
        linkedin_url=person.linkedin_url if person else None,
        contact_type=kind,
        why_relevant=why,
        recent_signals=_recent_signals(inputs.company_research),
        is_synthetic=person is None,
        source_url=person.source_url if person else None,
        **messages.__dict__,
    )


_PRIMARY_TYPES = {ContactType.hiring_manager, ContactType.recruiter}


def heuristic(inputs: ContactsInputs) -> Contacts:
    facts = gather_facts(inputs)
    primary_slots, secondary_slots = _slots(inputs.jd)
    if facts.agency:
        return _agency_contacts(inputs, facts, primary_slots)
    people = known_people(inputs)
    typed = [(classify_person(p.role, inputs.jd, inputs.description), p) for p in people]

    def fill(slots: list[Slot], wanted: set[ContactType], limit: int) -> list[Contact]:
        found = [(kind, person) for kind, person in typed if kind in wanted][:limit]
        real = [_contact(kind, facts, inputs, slot=None, person=person) for kind, person in found]
        covered = {c.contact_type for c in real}
        missing = [s for s in slots if s.contact_type not in covered][: max(limit - len(real), 0)]
        return real + [_contact(s.contact_type, facts, inputs, slot=s, person=None) for s in missing]

    primary = fill(primary_slots, _PRIMARY_TYPES, inputs.max_primary)
    secondary = fill(secondary_slots, set(ContactType) - _PRIMARY_TYPES, inputs.max_secondary)
    return Contacts(
        primary_contacts=primary,
        secondary_contacts=secondary,
        discovery_note=_discovery_note(people, primary + secondary),
    )


def _agency_contacts(inputs: ContactsInputs, facts: Facts, slots: list[Slot]) -> Contacts:
    """An agency's search: one note to the consultant who runs it; its client, unnamed, is not contacted."""
    slot = next(s for s in slots if s.contact_type == ContactType.recruiter)
    notes = [_contact(ContactType.recruiter, facts, inputs, slot=slot, person=None)][: inputs.max_primary]
    return Contacts(
        primary_contacts=notes,
        secondary_contacts=[],
        discovery_note=(
            f"{facts.agency} is a recruitment agency running this search for a client it does not name: "
            "only its consultant is contacted, quoting the posting's reference where it gives one."
        ),
    )


def _discovery_note(people: list[PersonHit], contacts: list[Contact]) -> str:
    placeholders = sum(c.is_synthetic for c in contacts)
    if not people:
        return (
            "Offline: no people search ran (or it found no one); "
            f"{placeholders} placeholders name the roles to look for on LinkedIn."
        )
    sources = sorted({urlparse(p.source_url).netloc or p.source_url for p in people})
    used = len(contacts) - placeholders
    note = f"Found {len(people)} people via {', '.join(sources)}; {used} used as contacts"
    return note + (f"; {placeholders} placeholders fill the remaining roles." if placeholders else ".")


def build(inputs: ContactsInputs, llm: LLM) -> Contacts:
    return ground(llm.generate(LayerTask(LAYER, PROMPT_VERSION, inputs, PROMPT), Contacts), inputs)


# ------------------------------------------------------------------ grounding

_GREETING = re.compile(r"^\s*(?:hi|hello|dear|hey)\s+([^,\n]{1,40}),", re.IGNORECASE)
_NEUTRAL_ADDRESSEES = {"there", "team", "all", "hiring team", "hiring manager", "recruiter", "everyone"}


def _addresses_someone_else(message: str, first_name: str | None) -> bool:
    match = _GREETING.match(message)
    if not match:
        return False
    addressee = normalize_for_match(match.group(1))
    return addressee not in _NEUTRAL_ADDRESSEES and addressee != normalize_for_match(first_name or "")


def _person_by_name(people: list[PersonHit]) -> dict[str, PersonHit]:
    return {normalize_for_match(p.name): p for p in people}


def _grounded_contact(contact: Contact, inputs: ContactsInputs, facts: Facts, slots: list[Slot]) -> Contact:
    person = _person_by_name(known_people(inputs)).get(normalize_for_match(contact.name))
    kind = contact.contact_type
    if person:
        identity = {
            "name": person.name,
            "role": person.role,
            "linkedin_url": person.linkedin_url,
            "source_url": person.source_url,
            "is_synthetic": False,
        }
    else:
        slot = next(s for s in slots if s.contact_type == kind)
        identity = {
            "name": placeholder_name(slot, inputs.jd, facts.agency is not None),
            "role": slot.role,
            "why_relevant": _placeholder_why(slot, inputs.jd, facts.agency is not None),
            "linkedin_url": None,
            "source_url": None,
            "is_synthetic": True,
        }
    first_name = person.name.split()[0] if person else None
    template = draft_messages(kind, first_name, facts)
    allowed = allowed_numbers(inputs)
    limits = {
        "linkedin_connection_message": (len, 1, CONNECTION_MAX_CHARS),
        "linkedin_inmail": (len, INMAIL_MIN_CHARS, INMAIL_MAX_CHARS),
        "email_body": (words, EMAIL_MIN_WORDS, EMAIL_MAX_WORDS),
        "linkedin_inmail_subject": (len, 1, INMAIL_SUBJECT_MAX_CHARS),
        "email_subject": (len, 1, EMAIL_SUBJECT_MAX_CHARS),
    }
    messages = {}
    for field, (size, low, high) in limits.items():
        text = getattr(contact, field)
        if size(text) > high:
            is_subject = field.endswith("subject")
            text = trim_text(text, high) if is_subject else trim_to_sentences(text, size, high)
        invented = not numbers_in(text) <= allowed or _addresses_someone_else(text, first_name)
        messages[field] = getattr(template, field) if invented or size(text) < low else text
    signals = _recent_signals(inputs.company_research)
    return contact.model_copy(
        update={
            **identity,
            **messages,
            "recent_signals": [s for s in contact.recent_signals if s in signals],
        }
    )


def ground(result: Contacts, inputs: ContactsInputs) -> Contacts:
    """Unknown names become placeholders, messages obey the limits and state only the CV's numbers."""
    facts = gather_facts(inputs)
    primary_slots, secondary_slots = _slots(inputs.jd)
    slots = primary_slots + secondary_slots
    if facts.agency:
        consultant = [c for c in result.primary_contacts if c.contact_type == ContactType.recruiter][:1]
        grounded = [_grounded_contact(c, inputs, facts, slots) for c in consultant]
        fallback = _agency_contacts(inputs, facts, primary_slots)
        return (
            fallback.model_copy(update={"primary_contacts": grounded[: inputs.max_primary]})
            if grounded
            else fallback
        )
    return result.model_copy(
        update={
            "primary_contacts": [
                _grounded_contact(c, inputs, facts, slots)
                for c in result.primary_contacts[: inputs.max_primary]
            ],
            "secondary_contacts": [
                _grounded_contact(c, inputs, facts, slots)
                for c in result.secondary_contacts[: inputs.max_secondary]
            ],
        }
    )


# ------------------------------------------------------------------ checks


def _all_contacts(result: Contacts) -> list[Contact]:
    return [*result.primary_contacts, *result.secondary_contacts]


def check_message_lengths(result: Contacts) -> list[str]:
    problems = []
    for contact in _all_contacts(result):
        connection, inmail, body = (
            contact.linkedin_connection_message,
            contact.linkedin_inmail,
            contact.email_body,
        )
        if len(connection) > CONNECTION_MAX_CHARS:
            problems.append(
                f"{contact.name}: linkedin_connection_message is {len(connection)} chars "
                f"(max {CONNECTION_MAX_CHARS})"
            )
        if not INMAIL_MIN_CHARS <= len(inmail) <= INMAIL_MAX_CHARS:
            problems.append(
                f"{contact.name}: linkedin_inmail is {len(inmail)} chars "
                f"(must be {INMAIL_MIN_CHARS}-{INMAIL_MAX_CHARS})"
            )
        if not EMAIL_MIN_WORDS <= words(body) <= EMAIL_MAX_WORDS:
            problems.append(
                f"{contact.name}: email_body is {words(body)} words "
                f"(must be {EMAIL_MIN_WORDS}-{EMAIL_MAX_WORDS})"
            )
    return problems


def check_no_invented_people(result: Contacts, inputs: ContactsInputs) -> list[str]:
    """Every contact is either a person people search found, or a synthetic placeholder."""
    people = _person_by_name(known_people(inputs))
    problems = []
    for contact in _all_contacts(result):
        person = people.get(normalize_for_match(contact.name))
        if person is None and not contact.is_synthetic:
            problems.append(f"{contact.name}: name not among the people found, but is_synthetic is false")
        if person is None and contact.linkedin_url:
            problems.append(f"{contact.name}: placeholder has a linkedin_url ({contact.linkedin_url})")
        if person is not None and contact.is_synthetic:
            problems.append(f"{contact.name}: a person found by search is marked is_synthetic")
    return problems


def check_no_invented_numbers(result: Contacts, inputs: ContactsInputs) -> list[str]:
    """Messages state no number the master CV (or the company name and job title) does not."""
    allowed = allowed_numbers(inputs)
    problems = []
    for contact in _all_contacts(result):
        for field in Messages.__dataclass_fields__:
            invented = numbers_in(getattr(contact, field)) - allowed
            if invented:
                problems.append(
                    f"{contact.name}: {field} states numbers not in the master CV: {sorted(invented)}"
                )
    return problems


_PROSE_FIELDS = ("linkedin_connection_message", "linkedin_inmail", "email_body")


def text_defects(result: Contacts) -> list[tuple[str, text_quality.Defect]]:
    """Every text-quality defect of every drafted message, with where it is."""
    found = []
    for contact in _all_contacts(result):
        for field in _PROSE_FIELDS:
            found += [
                (f"{contact.name}: {field}", d) for d in text_quality.prose_defects(getattr(contact, field))
            ]
        for field in ("linkedin_inmail_subject", "email_subject"):
            text = getattr(contact, field)
            defects = text_quality.entities_or_escapes(text) + text_quality.plural_possessives(text)
            found += [(f"{contact.name}: {field}", d) for d in defects]
    return found


def check_text_quality(result: Contacts) -> list[str]:
    """Messages read as written by a person: no cut sentences, open brackets, entities, pasted labels..."""
    return [defect.describe(where) for where, defect in text_defects(result)]
