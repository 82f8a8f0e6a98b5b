"""Layer 2: the problems the hire is meant to solve, each tied to a quote from the posting.

The offline heuristic reads the posting sentence by sentence, knowing which section each one sits
in (responsibilities, requirements, about the company, benefits...). A sentence with a cue of one
of the problem categories (slow systems, bringing platforms together, migration, reliability, team
building, scaling, technical debt, data quality, security/compliance, delivery speed, cost, customer
growth) becomes a pain point whose text is the category's problem sentence and whose evidence is
the sentence itself. A skill the requirements ask for, an on-call rotation the hire joins and an
agency's opening about itself are not problems. Confidence says how explicit the cue is: high in
responsibilities, requirements or success criteria, medium in company or intro text, low for a weak
cue anywhere.

Nothing is padded: when the posting supports fewer items than the contract's minimum, the
reasoning summary says so. Boilerplate ('team player', benefits) never becomes an item.

With a model, the pain points come in extracted_jd's answer (one reading of the posting per job,
so triage costs two calls: the reading and the fit); this layer grounds and stores them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import Field

from jobintel_assets.layers.models import (
    Confidence,
    Contract,
    EvidencedItem,
    ExtractedJD,
    PainPoints,
    SkillKind,
)
from jobintel_assets.layers.ports import LLM, LayerTask
from jobintel_assets.layers.sections import Section, SectionKind, find_sections, section_at
from jobintel_assets.layers.skills import find_skills
from jobintel_assets.layers.text import contains_quote, normalize_for_match, span_around, split_sentences

LAYER = "pain_points"
PROMPT_VERSION = "pain_points/v2"

PROMPT = """You are a revenue-operations diagnostician with 15 years of reading hiring patterns:
you see the business problem behind a job posting.

From the posting in the inputs, name the pain points this hire is meant to solve, the strategic
needs, the risks if the role stays unfilled and how success will be measured.

Rules:
- Every item quotes, in `evidence`, a passage copied verbatim from the posting that supports it.
  An item without such a quote is worthless: leave it out.
- Separate symptoms from root causes; say why the role is open now (`why_now`) only when the
  posting says so, else null.
- confidence: high when the posting states the problem outright, medium when it is strongly
  implied, low when it is a reasonable inference from a weak cue.
- Each pain point states one problem in a sentence of your own (group the bullets that speak of
  it); success metrics keep the posting's numbers (targets, volumes, durations).
- No boilerplate: 'team player', 'strong communication skills', 'fast-paced environment', benefits
  and perks are not pain points.
- At most 6 pain points, 5 strategic needs, 5 risks, 6 success metrics; fewer when the posting
  supports fewer. reasoning_summary: two or three sentences on how you read the posting."""

MAX_PAIN_POINTS = 6
MAX_STRATEGIC_NEEDS = 5
MAX_RISKS = 5
MAX_SUCCESS_METRICS = 6
MIN_ITEMS = 2
MAX_PER_CATEGORY = 1
MAX_WHY_NOW_QUOTES = 2

# Phrases that say nothing about this job's problems. An item whose evidence or text is mostly
# made of them is dropped; a real cue beside one ('in a fast-paced team, migrate our monolith')
# keeps the item.
BOILERPLATE = (
    "team player",
    "strong communication skills",
    "excellent communication skills",
    "communication skills",
    "interpersonal skills",
    "fast-paced environment",
    "fast paced environment",
    "fast-paced",
    "dynamic environment",
    "self-starter",
    "self starter",
    "passionate",
    "passion for",
    "highly motivated",
    "motivated",
    "results-driven",
    "detail-oriented",
    "attention to detail",
    "problem-solving skills",
    "problem solver",
    "can-do attitude",
    "hit the ground running",
    "wear many hats",
    "work independently",
    "ability to multitask",
    "rockstar",
    "ninja",
    "great culture",
    "collaborative environment",
    "competitive salary",
    "competitive compensation",
    "competitive pay",
    "benefits",
    "health insurance",
    "dental",
    "vision",
    "paid time off",
    "pto",
    "401(k)",
    "401k",
    "pension",
    "equity",
    "stock options",
    "flexible working",
    "flexible hours",
    "work-life balance",
    "career growth",
    "career development",
    "professional development",
    "learning budget",
    "equal opportunity employer",
    "diverse and inclusive",
)

_BOILERPLATE_PATTERNS = tuple(
    re.compile(r"(?<![a-z0-9])" + re.escape(phrase) + r"(?![a-z0-9])") for phrase in BOILERPLATE
)
# Words that carry no job-specific meaning: what remains once they and the boilerplate are gone
# decides whether a sentence says anything.
_FILLER_WORDS = frozenset(
    {
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from",
        "as", "is", "are", "be", "been", "being", "will", "would", "can", "could", "should", "must",
        "may", "might", "you", "your", "yours", "we", "our", "ours", "us", "they",
        "their", "it", "its", "this", "that", "these", "those", "who", "what", "which", "when", "where",
        "how", "all", "any", "some", "very", "also", "into", "about", "across", "than", "then", "so",
        "such", "ll", "re", "ve", "able", "ability", "strong", "excellent", "great", "good", "role",
        "team", "work", "working", "join", "looking", "seeking", "candidate", "candidates", "someone",
        "people", "environment", "skills", "skill", "have", "has", "had", "do", "does", "did", "plus",
        "bonus", "well", "new", "high", "highly", "other", "others", "more", "most",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning (no filler), normalized."""
    return [w for w in _WORD.findall(normalize_for_match(text)) if len(w) > 1 and w not in _FILLER_WORDS]


def is_boilerplate(text: str) -> bool:
    """True when ``text`` uses boilerplate phrases and says little else (fewer than 3 content words)."""
    normalized = normalize_for_match(text)
    if not any(pattern.search(normalized) for pattern in _BOILERPLATE_PATTERNS):
        return False
    for pattern in _BOILERPLATE_PATTERNS:
        normalized = pattern.sub(" ", normalized)
    return len(content_words(normalized)) < 3


def supported_by_source(claim: str, source_text: str, threshold: float = 0.6) -> bool:
    """True when each sentence of ``claim`` is stated by one sentence of ``source_text``: quoted in it,
    or sharing at least ``threshold`` of the claim sentence's content words with it.

    Accepts a paraphrase (a model's) or an abridged quote (the heuristic's, ending in '…'), and
    rejects text the source does not say.
    """
    source_words = [set(content_words(sentence)) for sentence in source_sentences(source_text)]

    def stated(claim_sentence: str) -> bool:
        claim_words = set(content_words(claim_sentence))
        if not claim_words:
            return False
        if contains_quote(source_text, claim_sentence.rstrip("…. ")):
            return True
        return any(len(claim_words & words) / len(claim_words) >= threshold for words in source_words)

    # The claim is split plainly: a short claim must not be mistaken for a heading and skipped.
    claim_sentences = [sentence for sentence in split_sentences(claim) if sentence] or [claim]
    return all(stated(sentence) for sentence in claim_sentences)


# ------------------------------------------------------------------ reading a posting

_SECTION_NAMES = {
    SectionKind.responsibilities: "responsibilities",
    SectionKind.requirements: "requirements",
    SectionKind.nice_to_have: "requirements",
    SectionKind.about_company: "company",
    SectionKind.about_role: "role",
    SectionKind.benefits: "benefits",
    SectionKind.other: "other",
}
# Headings sections.py leaves unclassified or calls 'other' that matter here: success criteria are
# the best source of success metrics; the application process and legal text are not about the job.
_SUCCESS_HEADING = re.compile(r"success|first \d+ (?:days|months)|\d+ days|what good looks like", re.I)
_BENEFITS_HEADING = re.compile(r"on offer|what you get|perks|rewards|package", re.I)
# Offer text outside a benefits section ('Benefits include a BVG ticket and 30 vacation days.').
_OFFER_TEXT = re.compile(
    r"^(?:benefits|perks)\b|\b(?:vacation days|days(?: of)? (?:holiday|annual leave)|paid (?:time off|leave)"
    r"|private medical|health insurance|pension|stock options|salary)\b",
    re.I,
)
_PROCESS_HEADING = re.compile(
    r"apply|application|interview|process|equal|eeo|diversity|inclusion|accommodation|disclaimer|privacy"
    r"|legal|next steps|visa|contact",
    re.I,
)
_LIST_MARKER = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa\u25e6>+]+|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class PostingSentence:
    """A sentence of the posting, the section it sits in and the line (or list item) it stands on."""

    text: str
    # intro (before any heading) | company | role | responsibilities | requirements | success | benefits
    # | process | other
    section: str
    line: str


def _section_name(section: Section | None) -> str:
    if section is None:
        return "intro"
    if _SUCCESS_HEADING.search(section.heading):
        return "success"
    if section.kind is SectionKind.other and _BENEFITS_HEADING.search(section.heading):
        return "benefits"
    if section.kind is SectionKind.other and _PROCESS_HEADING.search(section.heading):
        return "process"
    return _SECTION_NAMES[section.kind]


def _sentences_of_line(line: str) -> list[str]:
    return split_sentences(_LIST_MARKER.sub("", line).strip())


def source_sentences(text: str) -> list[str]:
    """Every sentence of ``text``, wrapped lines joined."""
    return [sentence.text for sentence in posting_sentences(text)]


# A line ending in one of these words stops mid-sentence: the next line is its wrapped rest.
_OPEN_ENDING = re.compile(
    r"\b(?:and|or|but|of|the|to|into|in|with|for|a|an|on|by|from|as|at|that|which|who|our|your|their|its"
    r"|is|are|was|were|we|you|will|has|have|than|&)$",
    re.I,
)


@dataclass
class _Block:
    """A paragraph or list item, its wrapped lines joined."""

    section: str
    lines: list[str]

    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines)


# 'Location: Berlin', 'Req ID: HF-17': a field of its own, never part of a wrapped sentence.
FIELD_LINE = re.compile(r"^\s*[A-Za-z][\w.-]*(?: [\w.-]+){0,2}:\s+[^.!?]*$")
# A prose line this long that stops without punctuation was wrapped by the editor, not ended.
_WRAPPED_LINE_LENGTH = 70


def _continues(block: _Block, line: str) -> bool:
    """True when ``line`` belongs to ``block``: an indented line under a list item, or the wrapped
    rest of the sentence the block's last line began."""
    previous = block.lines[-1].rstrip()
    if _LIST_MARKER.match(line) or not previous:
        return False
    if line[:1].isspace() and _LIST_MARKER.match(block.lines[0]):
        return True
    if previous[-1] in ".!?:;" or FIELD_LINE.match(previous) or FIELD_LINE.match(line):
        return False
    starts_mid_sentence = line[:1].isspace() or line.lstrip()[:1].islower() or line.lstrip()[:1].isdigit()
    return starts_mid_sentence or bool(_OPEN_ENDING.search(previous)) or len(previous) >= _WRAPPED_LINE_LENGTH


def _blocks(description: str) -> list[_Block]:
    sections = find_sections(description)
    blocks: list[_Block] = []
    continuing = False
    line_start = 0
    for raw_line in description.splitlines(keepends=True):
        start, line_start = line_start, line_start + len(raw_line)
        line = raw_line.rstrip("\r\n")
        section = section_at(sections, start)
        if section is not None and section.start == start:
            # A heading line is not content, except an inline heading ('You will lead X: 4 teams...'),
            # whose line is a sentence of the section it opens.
            line = line if section.body_start < start + len(line) else ""
            continuing = False
        if not line.strip():
            continuing = False
            continue
        if continuing and _continues(blocks[-1], line):
            blocks[-1].lines.append(line)
        else:
            blocks.append(_Block(_section_name(section), [line]))
        continuing = True
    return blocks


def posting_sentences(description: str) -> list[PostingSentence]:
    """Every sentence of the posting (headings left out, wrapped lines joined), tagged with its section.

    ``line`` is the list item or single line a sentence stands on; for a sentence of a wrapped prose
    paragraph it is the sentence itself, so that nothing is read from neighbouring sentences.
    """
    result: list[PostingSentence] = []
    for block in _blocks(description):
        text = block.text()
        single_line = len(block.lines) == 1 or bool(_LIST_MARKER.match(block.lines[0]))
        result.extend(
            PostingSentence(sentence, block.section, text.strip() if single_line else sentence)
            for sentence in _sentences_of_line(text)
        )
    return result


# Lead-ins that frame a responsibility without being part of it.
_LEAD_IN = re.compile(
    r"^(?:(?:as (?:an? |our |the )[^,]{1,60},\s*)?(?:you(?:'ll| will)(?: be)?(?: also)?|you are going to"
    r"|your (?:job|mission|goal) (?:is|will be) to|we need (?:you|someone) to|help us|this role will"
    r"|the role will|in this role,? you(?:'ll| will)|success (?:in this role )?(?:looks like|means|is)"
    r"|you(?:'ll| will) be measured (?:on|by)|we(?:'ll| will) measure success by"
    r"|(?:proven |hands-on |deep |solid )?experience (?:with|in|as))\s*:?\s+)",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"\s*(?:;|:|\s[\u2013\u2014-]\s)\s*")
_COMMA = re.compile(r",\s+(?![^()]*\))")
_MAX_CLAUSE_WORDS = 18


def _clauses(sentence: str) -> list[str]:
    """Every clause of ``sentence`` (split at ';', ':' and dashes), lead-ins removed."""
    return [clause_around(sentence, match.start()) for match in re.finditer(r"[^;:\u2013\u2014]+", sentence)]


def clause_around(sentence: str, position: int = 0) -> str:
    """The clause of ``sentence`` around ``position``, without its lead-in, for an item's text."""
    start, end = span_around(sentence, _CLAUSE_BREAK, position)
    piece = sentence[start:end]
    if len(piece.split()) > _MAX_CLAUSE_WORDS:
        comma_start, comma_end = span_around(piece, _COMMA, position - start)
        if len(piece[comma_start:comma_end].split()) >= 4:
            piece = piece[comma_start:comma_end]
    return _LEAD_IN.sub("", piece.strip()).strip(" .;,")


# ------------------------------------------------------------------ cue categories


@dataclass(frozen=True)
class _Category:
    name: str
    strong: re.Pattern[str]
    weak: re.Pattern[str] | None
    problem: str  # the problem, stated as a sentence in the analyst's words
    risk: str  # what keeps happening while the role stays open


def _cue(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + pattern + r")", re.I)


_CATEGORIES = (
    _Category(
        "slow or failing systems",
        _cue(
            r"fail(?:s|ing|ures?)? (?:about |around |up to )?(?:\w+ )?(?:a|per|every) (?:day|week|month)"
            r"|take (?:up to|over|more than) \d+ (?:hours|minutes)"
            r"|(?:numbers|reports|data) (?:are|arrive) late"
            r"|too slow|crash(?:es|ing)? (?:often|daily|weekly)|crash rate"
        ),
        _cue(r"\bslow\b|error-prone|manual (?:steps|process\w*|work)"),
        "Today's systems are too slow or fail too often, and the people who depend on them notice.",
        "Slow and failing jobs keep reaching customers",
    ),
    _Category(
        "consolidation",
        _cue(
            r"bring(?:ing)? (?:\w+ ){1,3}(?:platforms|systems|stacks) together"
            r"|merg(?:e|ing) (?:the |our )?(?:two )?(?:\w+ )?(?:platforms|systems|stacks)"
            r"|consolidat\w* (?:the |our )?(?:two )?(?:\w+ )?(?:platforms|systems)"
        ),
        None,
        "Two platforms have to be brought together into one without disrupting the business.",
        "The two platforms stay separate and every change is made twice",
    ),
    _Category(
        "migration/modernization",
        _cue(
            r"migrat\w*|moderni[sz]\w*|legacy|monolith\w*|re-?platform\w*|re-?architect\w*|rewrit\w*|rebuil\w*"
            r"|decommission\w*|sunset\w*|lift[- ]and[- ]shift|move (?:\w+ )?(?:off|from|to) (?:the )?"
            r"(?:cloud|aws|gcp|azure|kubernetes)"
        ),
        _cue(r"transition\w*|replac(?:e|ing) (?:our|the|an? )"),
        "Legacy systems have to be modernised without stopping the business.",
        "Legacy systems keep slowing the business and the migration stalls",
    ),
    _Category(
        "reliability/incidents",
        _cue(
            # Running incident reviews is a routine of the job, not a sign of too many incidents.
            r"incidents?(?! reviews?)|outages?|downtime|on-?call (?:load|burden|fatigue|pages)|reliabilit\w*"
            r"|uptime|slos?\b|slas?\b|mttr"
            r"|mean time to"
            r"|stabili[sz]\w*|firefight\w*|postmortems?|site reliability"
        ),
        _cue(r"reliable|resilien\w*|observability|monitoring|alerting"),
        "Incidents and on-call load are too high, and reliability has to improve.",
        "Incidents and downtime keep reaching users",
    ),
    _Category(
        "team building",
        _cue(
            r"scal(?:e|ing) (?:the|our|a|your) (?:\w+ )?(?:team|organi[sz]ation|org)\b|hiring (?:engine|plan)"
            r"|first (?:\w+ )?hire|build (?:out )?(?:and \w+ )?(?:the|a|our|your) (?:new )?(?:\w+ )?team"
            r"|(?:hire|hiring|recruit\w*) (?:and|&) (?:grow|build|lead|develop)|grow (?:the|our|a|your) team"
            r"|found(?:ing)? (?:engineer|member|team)|newly (?:created"
            r"|formed) team|build (?:it )?from scratch"
            r"|from the ground up|zero to one|0 to 1"
        ),
        _cue(r"mentor\w*|hire|hiring|recruit\w*|coach\w*"),
        "The team has to grow, and hiring it well needs an owner.",
        "The team is not built and planned work stays unstaffed",
    ),
    _Category(
        "scaling",
        _cue(
            r"scal(?:e|ing) (?:our|the|up|out|its)|scalability"
            r"|\d+(?:\.\d+)?\s?[x×] (?:traffic|load|volume|users)"
            r"|growing (?:traffic|load|volume|data volumes?)|handle (?:more|increasing|growing|\d)"
            r"|(?:millions|billions) of (?:requests|events|transactions|records)"
        ),
        _cue(r"at scale|scalable|high[- ]throughput|high[- ]volume"),
        "The systems have to scale with growing load.",
        "Scaling limits persist and throttle growth",
    ),
    _Category(
        "technical debt",
        _cue(r"technical debt|tech debt|code quality|refactor\w*|brittle|fragile|spaghetti|flaky|untested"),
        _cue(r"maintainab\w*|clean up|simplif\w*|test coverage"),
        "Technical debt is slowing every change down.",
        "Technical debt keeps compounding and slows every change",
    ),
    _Category(
        "data quality",
        _cue(
            r"data quality|data integrity|single source of truth"
            r"|inconsistent data|data governance|data lineage"
            r"|trust (?:in )?(?:our |the )?data|data silos|data contracts?|bad data"
        ),
        _cue(r"clean data|data accuracy|accurate data|data validation"),
        "Data quality problems reach the people who rely on the data.",
        "Decisions keep resting on unreliable data",
    ),
    _Category(
        "security/compliance",
        _cue(
            r"soc ?2|iso ?27001|gdpr|hipaa|pci(?:[- ]dss)?|fedramp|regulat\w*|audits?\b|compliant"
            r"|compliance (?:requirements|obligations|audits?"
            r"|programs?|frameworks?|regimes?|standards|controls)"
            r"|vulnerabilit\w*|security posture|threat model\w*|penetration test\w*|zero trust"
        ),
        _cue(r"security|secure|privacy"),
        "Security and compliance obligations have to be met and kept.",
        "Security and compliance gaps stay open",
    ),
    _Category(
        "speed of delivery",
        _cue(
            r"ship faster|speed up|accelerat\w*|release (?:cadence|cycles?|velocity|process)|lead time"
            r"|deployment frequency|time to market|time-to-market"
            r"|velocity|bottlenecks?|slow (?:releases|deploy\w*)"
            r"|delivery (?:practices|process)|dora"
        ),
        _cue(
            r"iterate (?:quickly|fast)|deliver\w* (?:faster|quickly|predictably)"
            r"|predictab\w*|ci/cd|continuous (?:delivery|deployment)"
        ),
        "Delivery is slower and less predictable than the business needs.",
        "Delivery stays slow and releases keep slipping",
    ),
    _Category(
        "cost",
        _cue(
            r"(?:reduce|cut|lower|optimi[sz]e) (?:our "
            r"|the )?(?:\w+ )?(?:costs?|spend)|cost (?:reduction|efficien\w*"
            r"|optimi[sz]\w*|savings)|finops|unit economics|cloud (?:spend|bill|costs?)|gross margin"
        ),
        _cue(r"costs?\b|efficien\w*"),
        "Costs have to come down.",
        "Costs stay above where the business needs them",
    ),
    _Category(
        "customer growth",
        _cue(
            r"customer (?:base|growth)|(?:doubl|tripl|quadrupl)\w* (?:our"
            r"|the|in)|growing (?:fast|rapidly|quickly)"
            r"|hyper-?growth|\d+(?:\.\d+)?\s?[x×] (?:growth|customers|users|revenue)|new markets"
            r"|expan(?:d|ding|sion) (?:into|to) |(?:thousands|millions) of (?:customers|users|merchants)"
        ),
        _cue(r"as we grow|growing|new customers|onboard(?:ing)? (?:more|new) customers"),
        "Customer growth is outpacing what the platform and team can serve.",
        "Customer growth outpaces what the team can serve",
    ),
)

_STRATEGIC_VERB = re.compile(
    r"^(?:build|lead|own|define|establish|set up|set|shape|drive|create|grow|hire|scale|architect|design"
    r"|run|champion|head|spearhead|found|launch|transform|moderni[sz]e|be responsible for|take ownership of"
    r"|building|leading|owning|defining|establishing|setting up|shaping|driving|creating|growing|hiring"
    r"|scaling|architecting|designing|running|launching|transforming|moderni[sz]ing)\b",
    re.I,
)
_GERUNDS = {
    "building": "build", "leading": "lead", "owning": "own", "defining": "define",
    "establishing": "establish", "setting": "set", "shaping": "shape", "driving": "drive",
    "creating": "create", "growing": "grow", "hiring": "hire", "scaling": "scale",
    "architecting": "architect", "designing": "design", "running": "run", "launching": "launch",
    "transforming": "transform", "modernising": "modernise", "modernizing": "modernize",
    "developing": "develop", "mentoring": "mentor", "coaching": "coach", "managing": "manage",
}  # fmt: skip
_SUCCESS_CUE = re.compile(
    r"\b(?:measured by|success (?:looks like|means|is|will be)|kpis?|okrs?|north star"
    r"|(?:within|in) (?:your |the )?first \d+ (?:days|weeks|months)|first (?:30|60|90) days"
    r"|by the end of (?:the |your )?(?:first|year|quarter|q[1-4])|within (?:\d+|six|three|twelve) months)\b"
    r"|\bfrom \d+(?:\.\d+)?\s?(?:%|x\b|percent|ms\b|minutes|hours|days|a (?:day|week|month))[^.;]*? to "
    r"|\b(?:reduce|cut|lower|increase|improve|grow|double|bring"
    r"|halve|raise|reach|hit|achieve)\b[^.]*?\d+(?:\.\d+)?\s?"
    r"(?:%|x\b|percent|ms\b|minutes|hours|days|k\b|m\b)"
    # A deadline, today's figure, a service level, a hard limit or a growth target:
    # 'by Q3 2026', '(currently 9 a month)', '99.9% within 1 hour', 'zero missed payouts',
    # '10 by the end of 2026', 'from 22 to 40 engineers over the next 18 months'.
    r"|\bby (?:the end of )?(?:q[1-4] |h[12] )?(?:19|20)\d{2}\b|\(currently [^)]*\d"
    r"|\d+(?:\.\d+)?\s?% (?:within|under|below|of)\b|\b(?:zero|no) missed\b"
    r"|\bfrom \d+ to \d+ [a-z]+ (?:over|within|in) the next\b",
    re.I,
)
WHY_NOW_CUES = re.compile(
    r"\b(?:just raised|recently raised|raised (?:our|a|an|\$|€|£)|series [a-f]\b|funding round"
    r"|newly (?:created|formed|established)|new(?:ly)? (?:created )?(?:role|position|team|function)\b"
    r"|brand[- ]new (?:role|team)|first (?:\w+ )?hire|backfill\w*|replac(?:e|ing) (?:a |our )?departing"
    r"|as we (?:grow|scale|expand)|rapid(?:ly)? grow\w*"
    r"|hyper-?growth|doubl(?:ed|ing) (?:in size|the team|our)"
    r"|(?:we're|we are|we've|we have) (?:just |recently )?(?:launch\w*|expand\w*|grown|growing)"
    r"|recently acquired|(?:after|since|following) (?:acquiring|(?:our|the) (?:acquisition|merger))"
    r"|ahead of (?:our|the) launch|(?:team|headcount|business) is (?:doubling|tripling|growing)"
    r"|reorgani[sz]\w*|restructur\w*|reshap\w* (?:the|our) (?:organi[sz]ation|org|teams?))",
    re.I,
)
_EXPLICIT_SECTIONS = frozenset({"responsibilities", "requirements", "success"})
# Sections about the offer or the process, not the job: never mined.
SKIPPED_SECTIONS = frozenset({"benefits", "process"})
# How to apply, wherever a posting puts it ('Please apply with your CV; we reply within 48 hours').
APPLICATION_TEXT = re.compile(
    r"\b(?:apply|applications?|applicants?|cover letter|be in touch|get in touch|interview process"
    r"|hiring process|recruitment process)\b",
    re.I,
)
_CONFIDENCE_RANK = {Confidence.high: 0, Confidence.medium: 1, Confidence.low: 2}


class PainPointsInputs(Contract):
    description: str = Field(description="The posting's plain text: every quote must come from it")
    jd: ExtractedJD


@dataclass(frozen=True)
class _Candidate:
    item: EvidencedItem
    category: str
    order: int


def _matches_any(sentence: str, phrases: list[str]) -> bool:
    return any(contains_quote(sentence, p) or contains_quote(p, sentence) for p in phrases if p.strip())


def _cue_confidence(sentence: PostingSentence, explicit: bool, strong: bool) -> Confidence:
    if not strong:
        return Confidence.low
    if explicit or sentence.section in _EXPLICIT_SECTIONS:
        return Confidence.high
    return Confidence.medium


def _pick(candidates: list[_Candidate], limit: int, per_category: int | None = None) -> list[EvidencedItem]:
    """Most confident first, then posting order; each evidence used once.

    With ``per_category``, a first pass takes one confident item per category so that one busy
    category cannot crowd the others out, then a second pass fills up to ``per_category`` each.
    """
    ranked = sorted(candidates, key=lambda c: (_CONFIDENCE_RANK[c.item.confidence], c.order))
    if per_category is None:
        passes = [(ranked, None)]
    else:
        confident = [c for c in ranked if c.item.confidence != Confidence.low]
        passes = [(confident, 1), (ranked, per_category)]
    chosen: list[_Candidate] = []
    seen_evidence: set[str] = set()
    for pass_candidates, category_cap in passes:
        for candidate in pass_candidates:
            key = normalize_for_match(candidate.item.evidence)
            if len(chosen) == limit or key in seen_evidence:
                continue
            if (
                category_cap is not None
                and sum(c.category == candidate.category for c in chosen) >= category_cap
            ):
                continue
            seen_evidence.add(key)
            chosen.append(candidate)
    return [c.item for c in sorted(chosen, key=lambda c: (_CONFIDENCE_RANK[c.item.confidence], c.order))]


def _earliest_cue(text: str) -> tuple[_Category | None, re.Match[str] | None, bool]:
    """The category whose strong cue comes first in ``text`` (else whose weak cue does), and the cue."""
    for strong in (True, False):
        found = [
            (match.start(), order, category, match)
            for order, category in enumerate(_CATEGORIES)
            if (pattern := category.strong if strong else category.weak) is not None
            and (match := pattern.search(text))
        ]
        if found:
            _, _, category, match = min(found, key=lambda f: (f[0], f[1]))
            return category, match, strong
    return None, None, False


def _technologies(text: str, limit: int = 3) -> list[str]:
    """The technologies (knowledge skills) a sentence names, as it writes them, in order, each once."""
    named: dict[str, str] = {}
    for mention in find_skills(text):
        # A named technology ('GKE', 'Postgres'), not a common word that is also a skill ('cloud').
        if mention.kind is SkillKind.knowledge and mention.matched_text != mention.matched_text.lower():
            named.setdefault(mention.name, mention.matched_text)
    return list(named.values())[:limit]


# Problems about people or the market, where the technologies a sentence names are beside the point.
_NOT_TECHNICAL = frozenset({"team building", "customer growth"})


def problem_statement(category: _Category, evidence: str) -> str:
    """The category's problem sentence, naming the technologies the evidence names."""
    problem = category.problem
    named = [] if category.name in _NOT_TECHNICAL else _technologies(evidence)
    return f"{problem.rstrip('.')} ({', '.join(named)})." if named else problem


# An agency's opening about itself ('Talentbridge Partners is delighted to be partnering with...').
_AGENCY_BLURB = re.compile(r"\b(?:delighted|pleased|excited|proud|thrilled) to (?:be )?partner", re.I)
# What the hire is given, not a problem to solve ('you will have a dedicated mentor for your first year').
_OFFERED_TO_YOU = re.compile(r"\byou(?:'ll| will)? (?:have|get|receive|be given|be paired)\b|\bbuddy\b", re.I)
# A sentence that describes the state of things now states a problem outright.
_STATE_TODAY = re.compile(r"\b(?:today|currently|right now|at the moment)\b", re.I)


def _pain_candidates(
    sentences: list[PostingSentence], jd: ExtractedJD
) -> tuple[list[_Candidate], list[_Candidate]]:
    """Pain points and their matching risks, one candidate per cue sentence."""
    explicit_phrases = jd.responsibilities + jd.qualifications + jd.success_metrics
    consolidation = next(c for c in _CATEGORIES if c.name == "consolidation")
    # Where two platforms are being brought together, a migration is that consolidation's work.
    consolidating = any(consolidation.strong.search(s.text) for s in sentences)
    pains: list[_Candidate] = []
    risks: list[_Candidate] = []
    for order, sentence in enumerate(sentences):
        category, match, strong = _earliest_cue(sentence.text)
        if consolidating and category is not None and category.name == "migration/modernization":
            category = consolidation
        if category is None or match is None or _OFFERED_TO_YOU.search(sentence.text):
            continue
        # A skill asked for ('Terraform; CI/CD you set up yourself') names no problem unless it says one.
        if _AGENCY_BLURB.search(sentence.text) or (sentence.section == "requirements" and not strong):
            continue
        explicit = _matches_any(sentence.text, explicit_phrases) or bool(_STATE_TODAY.search(sentence.text))
        confidence = _cue_confidence(sentence, explicit, strong)
        # What the candidate must bring is weaker evidence of a problem than what the job must fix.
        rank = order + (len(sentences) if sentence.section == "requirements" else 0)
        text = problem_statement(category, sentence.text)
        pain = EvidencedItem(text=text, evidence=sentence.text, confidence=confidence)
        risk = EvidencedItem(text=f"{category.risk}.", evidence=sentence.text, confidence=confidence)
        pains.append(_Candidate(pain, category.name, rank))
        risks.append(_Candidate(risk, category.name, rank))
    return pains, risks


def _implied_pain_candidates(
    sentences: list[PostingSentence], jd: ExtractedJD, start: int
) -> list[_Candidate]:
    """The extractor's implied pain points that are its own words (not a quote), kept (low confidence)
    where a posting sentence supports them. A quote is no statement of a problem, so it is left out."""
    candidates = []
    for offset, implied in enumerate(jd.implied_pain_points):
        sentence = next(
            (s for s in sentences if _matches_any(s.text, [implied]) or supported_by_source(implied, s.text)),
            None,
        )
        if sentence is None or contains_quote(sentence.text, implied):
            continue
        item = EvidencedItem(text=implied, evidence=sentence.text, confidence=Confidence.low)
        candidates.append(_Candidate(item, f"implied:{offset}", start + offset))
    return candidates


def _infinitive(clause: str) -> str:
    """'Hiring and growing managers' -> 'hire and grow managers': the clause read after 'Someone to'."""
    words = clause.split(" ")
    words[0] = words[0].lower()
    for index, word in enumerate(words[:4]):
        bare = word.lower()
        if bare.endswith("ing") and (bare in _GERUNDS or index == 0):
            words[index] = _GERUNDS.get(bare, word)
    return " ".join(words)


def _strategic_candidates(sentences: list[PostingSentence], jd: ExtractedJD) -> list[_Candidate]:
    candidates = []
    for order, sentence in enumerate(sentences):
        if sentence.section in {"requirements", "success"}:
            continue
        is_responsibility = sentence.section == "responsibilities" or _matches_any(
            sentence.text, jd.responsibilities
        )
        clause = next((c for c in _clauses(sentence.text) if _STRATEGIC_VERB.match(c)), None)
        framed = any(_LEAD_IN.match(piece.strip()) for piece in _CLAUSE_BREAK.split(sentence.text))
        if clause is None or not (is_responsibility or framed or sentence.section == "role"):
            continue
        confidence = Confidence.high if is_responsibility else Confidence.medium
        text = f"Someone to {_infinitive(clause)}"
        item = EvidencedItem(text=text, evidence=sentence.text, confidence=confidence)
        candidates.append(_Candidate(item, "strategic", order))
    return candidates


# A target or a volume: 'from 3 hours to under 1', '99.9% within 1 hour', '40M historical transactions'.
_FIGURE = re.compile(r"\d|\bzero\b", re.I)


def _metric_text(sentence: str) -> str:
    """The clause of ``sentence`` that holds its figures (else its first clause), as a sentence."""
    clauses = [
        c.strip(" ,") for c in re.split(r";|:|\s[\u2013\u2014-]\s", sentence.rstrip(". ")) if c.strip(" ,")
    ]
    clause = next((c for c in clauses if _FIGURE.search(c)), clauses[0] if clauses else sentence)
    clause = _LEAD_IN.sub("", clause).strip()
    return f"{clause[:1].upper()}{clause[1:]}."


def _success_candidates(sentences: list[PostingSentence], jd: ExtractedJD) -> list[_Candidate]:
    """Targets the hire will be measured on: the posting's success criteria, and sentences that set a
    figure to reach; each keeps its numbers."""
    candidates = []
    for order, sentence in enumerate(sentences):
        listed = _matches_any(sentence.text, jd.success_metrics)
        match = _SUCCESS_CUE.search(sentence.text)
        if sentence.section == "requirements" or not (match or sentence.section == "success"):
            continue
        if not (_FIGURE.search(sentence.text) or sentence.section == "success"):
            continue
        explicit = listed or sentence.section in _EXPLICIT_SECTIONS
        confidence = Confidence.high if explicit else Confidence.medium
        item = EvidencedItem(text=_metric_text(sentence.text), evidence=sentence.text, confidence=confidence)
        candidates.append(_Candidate(item, "success", order))
    return candidates


def why_now_quotes(sentences: list[PostingSentence]) -> list[str]:
    """Sentences that say why the role is open now (funding, growth, a new team, a backfill)."""
    quotes = []
    for sentence in sentences:
        if sentence.section in SKIPPED_SECTIONS | {"requirements"} or is_boilerplate(sentence.text):
            continue
        if WHY_NOW_CUES.search(sentence.text) and sentence.text not in quotes:
            quotes.append(sentence.text)
    return quotes[:MAX_WHY_NOW_QUOTES]


def _without_boilerplate(candidates: list[_Candidate]) -> list[_Candidate]:
    return [c for c in candidates if not is_boilerplate(c.item.evidence) and not is_boilerplate(c.item.text)]


def _shortfall_notes(result: PainPoints) -> list[str]:
    notes = []
    for one, many, items in (
        ("pain point", "pain points", result.pain_points),
        ("strategic need", "strategic needs", result.strategic_needs),
        ("risk if unfilled", "risks if unfilled", result.risks_if_unfilled),
        ("success metric", "success metrics", result.success_metrics),
    ):
        if not items:
            notes.append(f"The posting supports no {many}; none invented.")
        elif len(items) < MIN_ITEMS:
            noun = one if len(items) == 1 else many
            notes.append(f"The posting supports only {len(items)} {noun}; not padded to {MIN_ITEMS}.")
    return notes


def heuristic(inputs: PainPointsInputs) -> PainPoints:
    """Mine the posting's cue sentences into evidenced items; honest about what it could not find."""
    sentences = [
        s
        for s in posting_sentences(inputs.description)
        if s.section not in SKIPPED_SECTIONS
        and not APPLICATION_TEXT.search(s.text)
        and not _OFFER_TEXT.search(s.text)
    ]
    pains, risks = _pain_candidates(sentences, inputs.jd)
    pains = _without_boilerplate(pains)
    pain_points = _pick(
        pains + _without_boilerplate(_implied_pain_candidates(sentences, inputs.jd, len(sentences))),
        MAX_PAIN_POINTS,
        MAX_PER_CATEGORY,
    )
    chosen_evidence = {p.evidence for p in pain_points}
    risks_if_unfilled = _pick(
        [r for r in _without_boilerplate(risks) if r.item.evidence in chosen_evidence], MAX_RISKS
    )
    strategic_needs = _pick(
        _without_boilerplate(_strategic_candidates(sentences, inputs.jd)), MAX_STRATEGIC_NEEDS
    )
    success_metrics = _pick(
        _without_boilerplate(_success_candidates(sentences, inputs.jd)), MAX_SUCCESS_METRICS
    )
    why_now = why_now_quotes(sentences)

    categories = sorted({c.category for c in pains if c.item in pain_points})
    summary = [
        f"Cue categories found in the posting: {', '.join(categories)}."
        if categories
        else "No problem cues (scaling, reliability, migration, team building, technical debt, data quality, "
        "security/compliance, delivery speed, cost, customer growth) found in the posting.",
        "Confidence is high for cues in responsibilities, requirements or success criteria, medium in "
        "company or intro text, low for weak cues.",
        "Why now: quoted from the posting." if why_now else "Why now: the posting does not say.",
    ]
    result = PainPoints(
        pain_points=pain_points,
        strategic_needs=strategic_needs,
        risks_if_unfilled=risks_if_unfilled,
        success_metrics=success_metrics,
        why_now=" ".join(why_now) or None,
        reasoning_summary="",
    )
    return result.model_copy(update={"reasoning_summary": " ".join(summary + _shortfall_notes(result))})


def _grounded_items(items: list[EvidencedItem], description: str, limit: int) -> list[EvidencedItem]:
    kept: list[EvidencedItem] = []
    seen: set[str] = set()
    for item in items:
        key = normalize_for_match(item.evidence)
        if key in seen or not contains_quote(description, item.evidence):
            continue
        if is_boilerplate(item.evidence) or is_boilerplate(item.text):
            continue
        seen.add(key)
        kept.append(item)
    return kept[:limit]


def ground(result: PainPoints, inputs: PainPointsInputs) -> PainPoints:
    """Keep only items quoted from the posting, not boilerplate, not repeated, within the contract's caps.

    ``why_now`` survives only when a posting sentence supports it (see ``supported_by_source``).
    """
    description = inputs.description
    grounded = PainPoints(
        pain_points=_grounded_items(result.pain_points, description, MAX_PAIN_POINTS),
        strategic_needs=_grounded_items(result.strategic_needs, description, MAX_STRATEGIC_NEEDS),
        risks_if_unfilled=_grounded_items(result.risks_if_unfilled, description, MAX_RISKS),
        success_metrics=_grounded_items(result.success_metrics, description, MAX_SUCCESS_METRICS),
        why_now=result.why_now
        if result.why_now and supported_by_source(result.why_now, description)
        else None,
        reasoning_summary=result.reasoning_summary,
    )
    dropped = sum(
        len(before) - len(after)
        for before, after in (
            (result.pain_points, grounded.pain_points),
            (result.strategic_needs, grounded.strategic_needs),
            (result.risks_if_unfilled, grounded.risks_if_unfilled),
            (result.success_metrics, grounded.success_metrics),
        )
    )
    notes = []
    if dropped:
        notes.append(
            f"Grounding dropped {dropped} item(s) not quoted from the posting, boilerplate or repeated."
        )
    if result.why_now and grounded.why_now is None:
        notes.append("Grounding dropped a why-now the posting does not support.")
    notes += [n for n in _shortfall_notes(grounded) if n not in result.reasoning_summary]
    if not notes:
        return grounded
    return grounded.model_copy(
        update={"reasoning_summary": " ".join([result.reasoning_summary, *notes]).strip()}
    )


def build(inputs: PainPointsInputs, llm: LLM) -> PainPoints:
    """The pain points the model gave with its reading of the posting (extracted_jd), else its answer
    to this layer's own task."""
    if inputs.jd.pain_reading is not None:
        return ground(inputs.jd.pain_reading, inputs)
    return ground(llm.generate(LayerTask(LAYER, PROMPT_VERSION, inputs, PROMPT), PainPoints), inputs)


def check_evidence(result: PainPoints, inputs: PainPointsInputs) -> list[str]:
    """Every item's evidence is found in the posting."""
    problems = []
    for field_name in ("pain_points", "strategic_needs", "risks_if_unfilled", "success_metrics"):
        for index, item in enumerate(getattr(result, field_name)):
            if not contains_quote(inputs.description, item.evidence):
                problems.append(
                    f"{field_name}[{index}].evidence is not found in the posting: {item.evidence!r}"
                )
    return problems
