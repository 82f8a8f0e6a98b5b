"""Layer 1: the structured reading of a posting, every item quoted from it and every skill located in it.

The offline heuristic reads the posting's sections (``sections.py``) and its sentences:

- responsibilities, qualifications and nice-to-haves are the items of the matching sections;
  without such sections, the sentences that read as duties (imperative verbs, 'You will ...') or
  as requirements ('5+ years', 'experience with'); a requirement that says 'is a plus' or
  'preferred' counts as a nice-to-have. Items are the posting's own words, only trimmed.
- skills come from the skill dictionary (``skills.find_skills``), one mention per canonical name
  (the first in the most telling section: requirements, responsibilities, nice-to-have, the rest),
  with the section they stand in; a skill naming a team to work with ('Pair with ... the ML
  team') is not asked for and is left out.
- seniority, role category and role family are read from the title first and the text second;
  remote policy from the location field, then the text; years of experience are the largest
  minimum the requirements state ('3-5 years' -> 3).
- competency weights: each of delivery, process, architecture and leadership gets a floor of
  ``WEIGHT_FLOOR`` points so none disappears downstream; the remaining points are shared in
  proportion to cue-word counts in the responsibilities and qualifications plus a small prior by
  role category (management roles count leadership cues twice), rounded by largest remainder so
  the four always sum to exactly 100.
- top keywords: canonical skill names (and the title's role phrase, when the text repeats it)
  ranked by mentions weighted by section: requirements 3, responsibilities 2, nice-to-have and
  elsewhere 1, company blurb 0.5, benefits 0; soft skills count half, a skill in the title 3 more.
- implied pain points and success metrics are the posting's sentences with the most problem cues
  ('scale', 'migrate', 'legacy', 'reliability'...) or measurable outcomes ('within 6 months',
  'SLOs', 'reduce ... by 30%').

Where the posting does not say something (years, education, industry), the field is None.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from jobintel_assets.layers import pain_points
from jobintel_assets.layers.dealbreakers import read_conditions
from jobintel_assets.layers.models import (
    CompetencyWeights,
    Contract,
    ExtractedJD,
    RemotePolicy,
    RoleCategory,
    RoleFamily,
    Seniority,
    SkillKind,
    SkillMention,
    WorkConditions,
)
from jobintel_assets.layers.ports import LLM, LayerTask
from jobintel_assets.layers.sections import (
    Section,
    SectionKind,
    Sentence,
    find_sections,
    section_at,
    sentences,
)
from jobintel_assets.layers.skills import (
    asked_skills,
    canonical_skill,
    find_skills,
    names_a_collaborator,
    skill_aliases,
)
from jobintel_assets.layers.text import contains_quote, normalize_for_match, normalize_whitespace

LAYER = "extracted_jd"
PROMPT_VERSION = "extracted_jd/v3"

PROMPT = (
    """You are an expert job-description analyst who has read thousands of postings.
Read the posting in the inputs and return its structured reading.

Rules:
- Use only what the posting says. Responsibilities, qualifications, nice-to-haves, implied pain
  points, success metrics and education requirements are copied from the posting's own words
  (trim, never rephrase); leave a list empty or a field null when the posting does not say.
- Skills: each mention gives the canonical name, whether it is knowledge (technology, tool, domain)
  or a skill (ability, practice), matched_text exactly as written in the description, and its
  character offsets (start, end) into the description. One mention per skill.
- Classify seniority, role category (individual_contributor ... c_level: the track and level, the
  discipline goes in role_family) and remote policy ('not_specified' when not stated).
- Competency weights (delivery, process, architecture, leadership) are integers summing to 100.
- top_keywords: up to 15 terms an applicant-tracking system would match, each appearing in the posting.
- years_experience_required only when the posting states a number of years.

In the same answer, fill `pain_reading` with the posting's pain points, read as follows (one
reading of the posting serves both, so the pain points need no second call):

"""
    + pain_points.PROMPT
)

MIN_RESPONSIBILITIES = 5
MAX_RESPONSIBILITIES = ExtractedJD.model_fields["responsibilities"].metadata[0].max_length
MAX_TOP_KEYWORDS = ExtractedJD.model_fields["top_keywords"].metadata[0].max_length
MAX_PAIN_POINTS = 8
MAX_SUCCESS_METRICS = 6
WEIGHT_FLOOR = 10
_COMPETENCIES = ("delivery", "process", "architecture", "leadership")
# Quoted sentences longer than this are paragraphs that failed to split, not statements.
_MAX_QUOTE_CHARS = 400
_MIN_ITEM_WORDS = 3


class ExtractedJDInputs(Contract):
    title: str
    company: str
    location: str | None = None
    description: str
    salary: str | None = None


# ------------------------------------------------------------------ cue patterns

_DUTY = re.compile(
    r"^(?:as (?:a|an|the|our) [^,]{1,60},\s*|in this role,?\s*|day[- ]to[- ]day,?\s*)?"
    r"(?:you(?:'ll|’ll| will)(?! (?:need|have|bring|thrive|love|get|enjoy|receive|be (?:a|an) ))"
    r"|you(?:'ll|’ll| will) be responsible"
    r"|(?:analy[sz]e|architect|automate|build|champion|coach|collaborate|communicate|contribute|coordinate"
    r"|create|debug|define|deliver|deploy|design|develop|document|drive|ensure|establish|evaluate|execute"
    r"|foster|grow|guide|help|hire|identify|implement|improve|influence|investigate|launch|lead|maintain"
    r"|manage|mentor|migrate|model|moderni[sz]e|monitor|operate|optimi[sz]e|own|oversee|participate|partner"
    r"|plan|prototype|provide|recruit|reduce|refactor|research|review|run|scale|set|shape|ship|support"
    r"|take|test|train|translate|troubleshoot|turn|work|write)\b)",
    re.IGNORECASE,
)
_REQUIREMENT = re.compile(
    r"\b(?:\d+\+? years|years of|experience (?:with|in|of|building|running)|proficien\w*|fluen\w*"
    r"|familiar(?:ity)? with|knowledge of|understanding of|degree|you have"
    r"|you(?:'ve|’ve| have) (?:worked|built)|strong (?:background|understanding|knowledge|skills)"
    r"|track record"
    r"|must have|required|hands-on experience)",
    re.IGNORECASE,
)
# An item is optional when it says so as a whole ('Rust is a plus', 'Ideally ...', '... preferred'), not
# when a qualifier covers a part of it ('relational databases, ideally PostgreSQL').
_NICE = re.compile(
    r"^\W*(?:ideally|preferably|optionally|bonus(?: points)?|nice[\s-]to[\s-]have|good[\s-]to[\s-]have)\b"
    r"|\b(?:is|are|would be|as)\s+(?:an?\s+)?(?:big\s+|huge\s+|definite\s+|real\s+)?"
    r"(?:plus|advantage|bonus|asset)\b"
    r"|\b(?:a\s+)?(?:plus|preferred|desirable|desired|beneficial|nice[\s-]to[\s-]have|optional)\W*$"
    r"|\((?:a\s+)?(?:plus|nice[\s-]to[\s-]have|preferred|bonus|optional|desirable)\)"
    r"|\bnot (?:required|mandatory|essential)\b",
    re.IGNORECASE,
)

_TITLE_GENDER_MARKER = re.compile(
    r"\(\s*(?:[mfwdx]\s*/\s*){1,3}(?:[mfwdx]|div|divers)\s*\)|\(\s*all genders?\s*\)", re.IGNORECASE
)

C_LEVEL_TITLE = re.compile(r"\b(?:cto|ceo|cpo|cio|ciso|cdo|coo|cfo|chief\s+\w+(?:\s+\w+)?\s+officer)\b")
VP_TITLE = re.compile(r"\b(?:vp|svp|evp|avp|vice[\s-]president)\b")
HEAD_OF_TITLE = re.compile(r"\bhead\s+of\b|\bhead,")
DIRECTOR_TITLE = re.compile(r"\bdirector\b")
# 'Product Manager' and its kin manage a product or a programme, not people: they are individual contributors.
NON_PEOPLE_MANAGER_TITLE = re.compile(
    r"\b(?:product|program|programme|project|account|marketing|sales|community|customer success|delivery"
    r"|release|office|content|partner|success)\s+manager\b"
)
_PEOPLE_MANAGER = re.compile(r"\b(?:manager|management|team\s+lead|people\s+lead)\b")
_TITLE_LEVELS: tuple[tuple[Seniority, re.Pattern[str]], ...] = (
    (Seniority.principal, re.compile(r"\b(?:principal|distinguished|fellow)\b")),
    (Seniority.staff, re.compile(r"\bstaff\b")),
    (Seniority.senior, re.compile(r"\b(?:senior|sr\b\.?|lead|iii|iv|expert)\b")),
    (Seniority.junior, re.compile(
        r"\b(?:junior|jr\b\.?|graduate|grad|entry[\s-]level|intern|internship|trainee|apprentice|associate)\b"
        r"|\b(?:i|1)$")),
    (Seniority.mid, re.compile(r"\b(?:mid[\s-]?level|intermediate)\b|\b(?:mid|ii|2)$")),
)  # fmt: skip
_TEXT_JUNIOR = re.compile(r"\b(?:junior|entry[\s-]level|new grads?|recent graduates?)\b", re.IGNORECASE)
_TEXT_SENIOR = re.compile(
    r"\bsenior (?:engineer|developer|role|position|level|individual contributor)\b", re.I
)

_FAMILIES: tuple[tuple[RoleFamily, re.Pattern[str]], ...] = (
    (RoleFamily.security, re.compile(
        r"\b(?:security|secops|devsecops|appsec|infosec|cyber\w*|penetration|pentest\w*|ciso"
        r"|soc analyst)\b")),
    (RoleFamily.design, re.compile(
        r"\b(?:designer|ux|ui/ux|user experience|product design|user research(?:er)?|design lead)\b")),
    (RoleFamily.product, re.compile(
        r"\b(?:product (?:manager|owner|lead|director|management)|head of product|director of product"
        r"|vp,? (?:of )?product|chief product|cpo|group product|program manager)\b")),
    (RoleFamily.data, re.compile(
        r"\b(?:data|machine learning|ml|ai|analytics|analyst|scientist|bi|business intelligence|mlops|nlp"
        r"|computer vision|deep learning|llm)\b")),
    (RoleFamily.infrastructure, re.compile(
        r"\b(?:devops|sre|site reliability|infrastructure|platform engineer\w*|cloud|network\w*"
        r"|systems? engineer|systems? administrator|sysadmin|reliability|release engineer|build engineer|dba"
        r"|database administrator)\b")),
    (RoleFamily.software_engineering, re.compile(
        r"\b(?:engineer\w*|developer|software|programmer|swe|front[\s-]?end|back[\s-]?end|full[\s-]?stack"
        r"|mobile|ios|android|cto|architect|qa|sdet|web)\b")),
)  # fmt: skip
# In the text, 'engineer' is everywhere; only the specific families can decide from it.
_MIN_FAMILY_HITS_IN_TEXT = 3

_REMOTE_NEGATED = re.compile(
    r"\b(?:not|no|non)[\s-](?:a\s+)?remote\b"
    r"|\bremote\s+(?:work\s+)?(?:is\s+)?not\s+(?:possible|available|an option)",
    re.IGNORECASE,
)
_HYBRID = re.compile(r"\bhybrid\b", re.IGNORECASE)
_REMOTE = re.compile(
    r"\b(?:remote(?![\s-](?:teams?|colleagues|sensing|access|monitoring|control|devices?|patient\w*|servers?))"
    r"|work(?:ing)? from (?:home|anywhere)|fully distributed|distributed[\s-]first|anywhere in the world)\b",
    re.IGNORECASE,
)
_ONSITE = re.compile(
    r"\b(?:on[\s-]?site|in[\s-]office|office[\s-]based|in[\s-]person|fully in the office|at our office)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_NUMBER = r"(?:\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_IN_OFFICE = (
    r"(?:(?:in|at|from)\s+(?:the\s+|our\s+|an?\s+)?(?:\w+\s+)?(?:office|hq|headquarters)|on[\s-]?site)"
)
_OFFICE_DAYS = re.compile(
    rf"\b(?P<before>{_NUMBER})(?:\s*(?:-|–|to|or)\s*{_NUMBER})?\s+days?\s+(?:a|per|each|every)?\s*(?:week\s+)?"
    rf"{_IN_OFFICE}\b|{_IN_OFFICE},?\s+(?P<after>{_NUMBER})\s+days?\b",
    re.IGNORECASE,
)
# In the location field, any 'N days' is the office schedule: 'Rotterdam (on-site, 4 days a week)'.
_LOCATION_DAYS = re.compile(
    rf"\b(?P<before>{_NUMBER})\s+days?\b(?!\s+(?:a|per|each|every)\s+(?:month|quarter|year))", re.IGNORECASE
)
# Four office days a week or more is on site unless the posting itself says hybrid: one day at home
# is not what a candidate accepting hybrid work means.
_ONSITE_DAYS = 4
_PLACE_WORDS = (
    "remote", "hybrid", "office", "site", "home", "anywhere", "distributed", "person", "hq", "headquarters",
)  # fmt: skip

_YEARS = re.compile(
    rf"\b(?P<low>{_NUMBER})\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*{_NUMBER}\s*\+?\s*)?years?['’]?"
    r"(?P<after>[^.\n;]{0,40})",
    re.IGNORECASE,
)
_YEARS_CONTEXT_AFTER = re.compile(
    r"^\s*(?:\)|\+)?\s*(?:of\b|experience|in\b|working|building|as\b|hands-on|professional|industry|leading"
    r"|managing|designing|developing|writing|running|with\b)",
    re.IGNORECASE,
)
_EXPERIENCE_WORD = re.compile(r"experience", re.IGNORECASE)

_DEGREE = re.compile(
    r"\b(?:bachelor['’]?s?|master['’]s\b|masters?(?=\s+(?:degree|of|in|or)\b)|ph\.?\s?d|doctorate|b\.?\s?sc"
    r"|m\.?\s?sc|b\.\s?s\.|m\.\s?s\.|b\.\s?a\.|b\.?\s?eng|m\.?\s?eng|mba"
    r"|(?<!360[ -])(?<!to a )(?<!to some )degree"
    r"|diploma|(?:bs|ba|ms)(?=\s*(?:/|in\b|or\b|degree)))\b",
    re.IGNORECASE,
)

# (label, words that name the industry outright, words that point to it): lower-case words, hyphens as spaces.
_INDUSTRIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("fintech", ("fintech", "neobank", "neobanks", "open banking"),
     ("payment", "payments", "banking", "lending", "financial services", "trading", "credit card",
      "credit cards", "card issuing")),
    ("healthtech", ("healthtech", "health tech", "digital health", "telehealth", "medtech"),
     ("healthcare", "health care", "clinical", "clinician", "clinicians", "patient", "patients", "medical",
      "hospital", "hospitals")),
    ("insurtech", ("insurtech",), ("insurance", "insurer", "insurers", "claims")),
    ("e-commerce", ("ecommerce", "e commerce"),
     ("online retail", "online store", "retailer", "retailers", "shopper", "shoppers", "d2c",
      "direct to consumer", "checkout")),
    ("adtech", ("adtech", "ad tech", "martech"),
     ("advertising", "advertiser", "advertisers", "programmatic", "ad exchange", "campaign", "campaigns")),
    ("saas", ("saas", "software as a service"), ("b2b software", "subscription software")),
    ("logistics", ("logistics",),
     ("supply chain", "freight", "shipment", "shipments", "fleet", "last mile", "carriers")),
    ("gaming", ("gaming", "video game", "video games", "game studio", "esports"),
     ("game", "games", "players")),
    ("edtech", ("edtech", "education technology", "e learning", "elearning"),
     ("learners", "students", "teachers", "schools", "online learning")),
    ("climate tech", ("climate tech", "climatetech", "cleantech", "clean tech", "renewable energy"),
     ("climate", "carbon", "decarbonisation", "decarbonization", "solar", "renewables", "emissions")),
    ("mobility", ("mobility", "automotive"),
     ("vehicle", "vehicles", "ride hailing", "autonomous driving", "drivers")),
    ("crypto", ("crypto", "cryptocurrency", "cryptocurrencies", "blockchain", "web3", "defi"),
     ("token", "tokens", "wallet", "wallets")),
    ("cybersecurity", ("cybersecurity", "cyber security"),
     ("threat detection", "threat intelligence", "malware")),
    ("proptech", ("proptech",), ("real estate", "property", "tenants", "landlords")),
    ("travel", ("traveltech", "travel tech"),
     ("travel", "travellers", "travelers", "hospitality", "hotel", "hotels", "flight", "flights")),
    ("biotech", ("biotech", "life sciences"), ("genomics", "drug discovery", "biology", "laboratory")),
    ("govtech", ("govtech", "gov tech"), ("public sector", "government", "citizens")),
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")
_INDUSTRY_NAMED_SCORE = 2
_INDUSTRY_MIN_SCORE = 2

# The cue patterns below are matched on lower-cased text, which is faster than IGNORECASE.
_COMPETENCY_CUES: dict[str, re.Pattern[str]] = {
    "delivery": re.compile(
        r"\b(?:build\w*|ship\w*|deliver\w*|launch\w*|implement\w*|develop\w*|execut\w*|hands-on|writ(?:e|ing)"
        r"|cod(?:e|ing)|releas\w*|features?|prototyp\w*|iterat\w*|deadlines?|end-to-end|production)\b",
    ),
    "process": re.compile(
        r"\b(?:process\w*|agile|scrum|kanban|ci/cd|continuous (?:integration|delivery|deployment)|test\w*"
        r"|quality|best practices|standards?|document\w*|code reviews?|review\w*|on-call|incidents?"
        r"|observability|monitor\w*|automat\w*|compliance|sdlc|workflows?|operational|operations|planning"
        r"|estimat\w*)\b",
    ),
    "architecture": re.compile(
        r"\b(?:architect\w*|design\w*|scal\w*|distributed|systems?|infrastructure|platforms?|microservices?"
        r"|performance|reliab\w*|data models?|apis?|technical direction|integrations?|migrat\w*|cloud"
        r"|resilien\w*|event-driven)\b",
    ),
    "leadership": re.compile(
        r"\b(?:lead\w*|mentor\w*|manag\w*|hir(?:e|es|ing)|recruit\w*|coach\w*|teams?|stakeholders?|people"
        r"|careers?|influenc\w*|strateg\w*|vision|cross-functional|culture|direct reports?|headcount"
        r"|organi[sz]ation\w*|grow(?:ing)? (?:the|a|our) team)\b",
    ),
}
# A small prior so a posting with few cue words still reads like its role (an engineer delivers,
# a staff engineer designs, a manager leads).
_COMPETENCY_PRIOR: dict[RoleCategory, dict[str, float]] = {
    RoleCategory.individual_contributor: {"delivery": 2, "process": 1, "architecture": 1, "leadership": 0},
    RoleCategory.senior_individual_contributor: {
        "delivery": 2,
        "process": 1,
        "architecture": 2,
        "leadership": 1,
    },
    RoleCategory.staff_principal: {"delivery": 1, "process": 1, "architecture": 3, "leadership": 2},
}
_MANAGEMENT_PRIOR = {"delivery": 1, "process": 2, "architecture": 1, "leadership": 4}
_MANAGEMENT_CATEGORIES = frozenset(
    {RoleCategory.manager, RoleCategory.director, RoleCategory.head_of, RoleCategory.vp, RoleCategory.c_level}
)
_MANAGEMENT_LEADERSHIP_FACTOR = 2

_PAIN_CUE = re.compile(
    r"\b(?:scal(?:e|es|ed|ing|able|ability)|monolith\w*|reduc\w*|migrat\w*|moderni[sz]\w*|build(?:ing)?[\s-]out"
    r"|first (?:\w+ )?hire|founding|fix\w*|reliab\w*|tech(?:nical)? debt|legacy|re-?architect\w*|re-?build\w*"
    r"|overhaul\w*|bottlenecks?|stabili[sz]\w*|outages?|incidents?|from scratch|greenfield"
    r"|rapid(?:ly)? grow\w*|hypergrowth|tripl\w*|doubl\w*|untangle|consolidat\w*|replac\w*|improv\w*"
    r"|pain points?|challenges?)\b"
)
_METRIC_CUE = re.compile(
    r"\b(?:within (?:the |your )?(?:first )?\d+|first \d+ (?:days|weeks|months)|in your first|slos?|slas?"
    r"|slis?|uptime|kpis?|okrs?|measured (?:by|on)|success (?:looks like|means|is measured)|p9\d|mttr|dora"
    r"|deployment frequency|\d+(?:\.\d+)?\s?%(?=\W)|\d+(?:\.\d+)?\s?ms|by (?:q[1-4]|(?:the )?end of)|zero \w+"
    r"|(?:reduc|increas|improv|cut|grow|rais|lower|decreas|doubl|tripl)\w*\b[^.\n]{0,80}?\b(?:by|to) \d+)"
    r"(?!\w)"
)
# Numbers about the candidate's pay, the office schedule or the application process are not success metrics.
_METRIC_NOISE = re.compile(
    r"\b(?:remote|salary|equity|bonus|pension|401k|vacation|pto|discount|apply|applications?|cv|in touch)\b"
)

_SECTION_PRIORITY = {
    SectionKind.requirements: 0,
    SectionKind.responsibilities: 1,
    SectionKind.nice_to_have: 2,
    SectionKind.about_role: 3,
    None: 4,
    SectionKind.other: 5,
    SectionKind.about_company: 6,
    SectionKind.benefits: 7,
}
_KEYWORD_SECTION_WEIGHT = {
    SectionKind.requirements: 3.0,
    SectionKind.responsibilities: 2.0,
    SectionKind.nice_to_have: 1.0,
    SectionKind.about_role: 1.0,
    None: 1.0,
    SectionKind.other: 1.0,
    SectionKind.about_company: 0.5,
    SectionKind.benefits: 0.0,
}
_SOFT_SKILL_KEYWORD_FACTOR = 0.5
_TITLE_KEYWORD_WEIGHT = 3.0
_TITLE_LEVEL_WORDS = re.compile(
    r"\b(?:senior|sr\.?|junior|jr\.?|lead|staff|principal|mid[\s-]level|intern|i{1,3}|iv)\b|\(.*?\)"
    r"|(?:,|\s[|/–-]\s).*$",
    re.IGNORECASE,
)


# ------------------------------------------------------------------ the reading


@dataclass(frozen=True)
class _Reading:
    """The posting split once into sections and sentences, shared by every field's heuristic."""

    text: str
    sections: list[Section]
    sentences: list[Sentence]

    def items(self, kind: SectionKind) -> list[str]:
        return [item for section in self.sections if section.kind is kind for item in section.items]

    def has(self, kind: SectionKind) -> bool:
        return any(section.kind is kind for section in self.sections)


def _read(description: str) -> _Reading:
    sections = find_sections(description)
    return _Reading(description, sections, sentences(description, sections))


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for item in items:
        key = normalize_for_match(item)
        if key and key not in seen:
            seen.add(key)
            result.append(item)
    return result


def _is_statement(text: str) -> bool:
    return len(text.split()) >= _MIN_ITEM_WORDS and len(text) <= _MAX_QUOTE_CHARS


_FREE_TEXT = (None, SectionKind.about_role)


def _responsibilities(reading: _Reading) -> list[str]:
    items = [i for i in reading.items(SectionKind.responsibilities) if _is_statement(i)]
    if len(items) < MIN_RESPONSIBILITIES:
        items += [s.text for s in reading.sentences if s.kind in _FREE_TEXT and _DUTY.match(s.text)]
    return _unique([i for i in items if _is_statement(i)])[:MAX_RESPONSIBILITIES]


def _qualifications_and_nice(reading: _Reading) -> tuple[list[str], list[str]]:
    required = reading.items(SectionKind.requirements)
    nice = reading.items(SectionKind.nice_to_have)
    if not reading.has(SectionKind.requirements):
        required = [
            s.text
            for s in reading.sentences
            if s.kind in _FREE_TEXT and _REQUIREMENT.search(s.text) and not _DUTY.match(s.text)
        ]
    if not reading.has(SectionKind.nice_to_have):
        nice = [s.text for s in reading.sentences if s.kind in _FREE_TEXT and _NICE.search(s.text)]
    qualifications = [i for i in required if not _NICE.search(i)]
    nice += [i for i in required if _NICE.search(i)]
    return _unique([i for i in qualifications if i]), _unique([i for i in nice if i])


def _skill_section(text: str, sections: list[Section], mention: SkillMention) -> str | None:
    """The section kind the mention is in (nice_to_have on a requirement line that says it is optional)."""
    section = section_at(sections, mention.start)
    kind = section.kind if section else None
    if kind is SectionKind.requirements:
        line_start = text.rfind("\n", 0, mention.start) + 1
        line_end = text.find("\n", mention.end)
        if _NICE.search(text[line_start : line_end if line_end >= 0 else len(text)]):
            kind = SectionKind.nice_to_have
    return kind.value if kind else None


def _priority(section: str | None) -> int:
    return _SECTION_PRIORITY[SectionKind(section) if section else None]


def _one_mention_per_skill(mentions: list[SkillMention]) -> list[SkillMention]:
    """The first mention of each skill in its most telling section, in text order."""
    best: dict[str, SkillMention] = {}
    for mention in mentions:
        kept = best.get(mention.name)
        if kept is None or _priority(mention.section) < _priority(kept.section):
            best[mention.name] = mention
    return sorted(best.values(), key=lambda m: m.start)


def _located_skills(reading: _Reading) -> list[SkillMention]:
    return [
        mention.model_copy(update={"section": _skill_section(reading.text, reading.sections, mention)})
        for mention in asked_skills(reading.text)
    ]


def _title_level(title: str) -> Seniority | None:
    lowered = title.lower()
    if C_LEVEL_TITLE.search(lowered):
        return Seniority.c_level
    if VP_TITLE.search(lowered):
        return Seniority.vp
    if HEAD_OF_TITLE.search(lowered) or DIRECTOR_TITLE.search(lowered):
        return Seniority.director
    for level, pattern in _TITLE_LEVELS:
        if pattern.search(lowered):
            return level
    if _PEOPLE_MANAGER.search(lowered) and not NON_PEOPLE_MANAGER_TITLE.search(lowered):
        return Seniority.senior
    return None


def _seniority(title: str, reading: _Reading, years: int | None) -> Seniority:
    """Title first; then the years asked (5+ senior, 2+ mid, less junior); then the text's words; else mid."""
    from_title = _title_level(title)
    if from_title is not None:
        return from_title
    if years is not None:
        return Seniority.senior if years >= 5 else Seniority.mid if years >= 2 else Seniority.junior
    if _TEXT_JUNIOR.search(reading.text):
        return Seniority.junior
    if _TEXT_SENIOR.search(reading.text):
        return Seniority.senior
    return Seniority.mid


def _role_category(title: str, seniority: Seniority) -> RoleCategory:
    lowered = title.lower()
    if C_LEVEL_TITLE.search(lowered):
        return RoleCategory.c_level
    if VP_TITLE.search(lowered):
        return RoleCategory.vp
    if HEAD_OF_TITLE.search(lowered):
        return RoleCategory.head_of
    if DIRECTOR_TITLE.search(lowered):
        return RoleCategory.director
    if _PEOPLE_MANAGER.search(lowered) and not NON_PEOPLE_MANAGER_TITLE.search(lowered):
        return RoleCategory.manager
    if seniority in (Seniority.staff, Seniority.principal):
        return RoleCategory.staff_principal
    if seniority is Seniority.senior:
        return RoleCategory.senior_individual_contributor
    return RoleCategory.individual_contributor


def title_family(title: str) -> RoleFamily | None:
    """The discipline a job title names ('Data Engineer' -> data), None when it names none."""
    lowered = title.lower()
    return next((family for family, pattern in _FAMILIES if pattern.search(lowered)), None)


def _role_family(title: str, reading: _Reading) -> RoleFamily:
    family = title_family(title)
    if family is not None:
        return family
    lowered_text = reading.text.lower()
    counts = {
        family: len(pattern.findall(lowered_text))
        for family, pattern in _FAMILIES
        if family is not RoleFamily.software_engineering
    }
    family, hits = max(counts.items(), key=lambda item: item[1])
    return family if hits >= _MIN_FAMILY_HITS_IN_TEXT else RoleFamily.other


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _remote_policy(location: str | None, reading: _Reading) -> RemotePolicy:
    """The location field decides hybrid or remote; else the text: hybrid cues, a full office week,
    remote, on-site. Fewer than four office days a week, in either, make an on-site job hybrid;
    four or more ('on-site, 4 days a week') stay on site."""
    # Every cue names one of these words: scanning only the lines that hold one is much faster.
    text = "\n".join(
        line for line in reading.text.lower().splitlines() if any(w in line for w in _PLACE_WORDS)
    )
    office_days = [_number(m.group("before") or m.group("after")) for m in _OFFICE_DAYS.finditer(text)]
    part_time_office = any(days < _ONSITE_DAYS for days in office_days)
    if location:
        location_days = [_number(m.group("before")) for m in _LOCATION_DAYS.finditer(location)]
        if _HYBRID.search(location) or any(days < _ONSITE_DAYS for days in location_days):
            return RemotePolicy.hybrid
        if _REMOTE.search(location) and not _REMOTE_NEGATED.search(location):
            return RemotePolicy.fully_remote
        if _ONSITE.search(location):
            return RemotePolicy.hybrid if part_time_office else RemotePolicy.onsite
    if _HYBRID.search(text) or part_time_office:
        return RemotePolicy.hybrid
    if _REMOTE_NEGATED.search(text) or any(days >= _ONSITE_DAYS for days in office_days):
        return RemotePolicy.onsite
    if _REMOTE.search(text):
        return RemotePolicy.fully_remote
    if _ONSITE.search(text):
        return RemotePolicy.onsite
    return RemotePolicy.not_specified


_NOT_REQUIRED = (SectionKind.about_company, SectionKind.benefits, SectionKind.nice_to_have)


def _years_required(reading: _Reading) -> int | None:
    """The largest minimum among the stated experience requirements ('3-5 years' counts 3)."""
    minimums = []
    for sentence in reading.sentences:
        if (
            "year" not in sentence.text.lower()
            or sentence.kind in _NOT_REQUIRED
            or _NICE.search(sentence.text)
        ):
            continue
        for match in _YEARS.finditer(sentence.text):
            before = sentence.text[max(0, match.start() - 40) : match.start()]
            if _YEARS_CONTEXT_AFTER.match(match.group("after")) or _EXPERIENCE_WORD.search(before):
                minimums.append(_number(match.group("low")))
    plausible = [years for years in minimums if 0 < years <= 40]
    return max(plausible) if plausible else None


def _education(reading: _Reading) -> str | None:
    candidates = [
        s for s in reading.sentences if s.kind not in (SectionKind.about_company, SectionKind.benefits)
    ]
    stated = [s for s in candidates if _DEGREE.search(s.text) and _is_statement(s.text)]
    if not stated:
        return None
    stated.sort(key=lambda s: (s.kind is not SectionKind.requirements, s.start))
    return stated[0].text


def _term_count(term: str, words: Counter[str], joined: str) -> int:
    return words[term] if " " not in term else joined.count(f" {term} ")


def _industry_scores(text: str) -> dict[str, int]:
    """How strongly the text points to each industry, counted over its words (no regex scan: fast)."""
    tokens = _WORD.findall(text.lower())
    words = Counter(tokens)
    joined = f" {' '.join(tokens)} "
    return {
        label: _INDUSTRY_NAMED_SCORE * sum(_term_count(term, words, joined) for term in named)
        + sum(_term_count(term, words, joined) for term in pointing)
        for label, named, pointing in _INDUSTRIES
    }


def _industry(reading: _Reading) -> str | None:
    relevant = "\n".join(s.text for s in reading.sentences if s.kind is not SectionKind.benefits)
    scores = _industry_scores(relevant)
    label, score = max(scores.items(), key=lambda item: item[1])
    return label if score >= _INDUSTRY_MIN_SCORE else None


def _apportion(total: int, shares: dict[str, float]) -> dict[str, int]:
    """Integers summing exactly to ``total`` in proportion to ``shares`` (largest remainder method)."""
    share_sum = sum(shares.values())
    if share_sum <= 0:
        shares, share_sum = dict.fromkeys(shares, 1.0), float(len(shares))
    exact = {name: total * share / share_sum for name, share in shares.items()}
    result = {name: math.floor(value) for name, value in exact.items()}
    by_remainder = sorted(shares, key=lambda name: (-(exact[name] - result[name]), list(shares).index(name)))
    for name in by_remainder[: total - sum(result.values())]:
        result[name] += 1
    return result


def _competency_weights(
    responsibilities: list[str], qualifications: list[str], category: RoleCategory
) -> CompetencyWeights:
    text = "\n".join([*responsibilities, *qualifications])
    lowered = text.lower()
    counts = {name: float(len(pattern.findall(lowered))) for name, pattern in _COMPETENCY_CUES.items()}
    if category in _MANAGEMENT_CATEGORIES:
        counts["leadership"] *= _MANAGEMENT_LEADERSHIP_FACTOR
        prior = _MANAGEMENT_PRIOR
    else:
        prior = _COMPETENCY_PRIOR[category]
    free_points = 100 - WEIGHT_FLOOR * len(_COMPETENCIES)
    shares = _apportion(free_points, {name: counts[name] + prior[name] for name in _COMPETENCIES})
    return CompetencyWeights(**{name: WEIGHT_FLOOR + shares[name] for name in _COMPETENCIES})


def _quotes(reading: _Reading, cue: re.Pattern[str], skip: tuple[SectionKind, ...], limit: int) -> list[str]:
    """The ``limit`` sentences with the most cue words (ties: the earlier), in posting order."""
    scored = [
        (len(cue.findall(s.text.lower())), index, s.text)
        for index, s in enumerate(reading.sentences)
        if s.kind not in skip and _is_statement(s.text)
    ]
    chosen = sorted((entry for entry in scored if entry[0]), key=lambda entry: (-entry[0], entry[1]))[:limit]
    return _unique([text for _, _, text in sorted(chosen, key=lambda entry: entry[1])])


def _success_metrics(reading: _Reading) -> list[str]:
    skip = (SectionKind.benefits, SectionKind.about_company)
    return [
        quote
        for quote in _quotes(reading, _METRIC_CUE, skip, MAX_SUCCESS_METRICS * 2)
        if not _METRIC_NOISE.search(quote.lower())
    ][:MAX_SUCCESS_METRICS]


def _has_word(phrase: str, text: str) -> bool:
    """True when ``phrase`` occurs in ``text`` not glued to a letter or digit on either side."""
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        before_ok = start == 0 or not text[start - 1].isalnum()
        after_ok = end == len(text) or not text[end].isalnum()
        if before_ok and after_ok:
            return True
        start = text.find(phrase, start + 1)
    return False


def _matchable(text: str) -> str:
    """Case, spacing, hyphens normalized, as the skill matcher does ('event-driven' = 'event driven')."""
    return normalize_whitespace(normalize_for_match(text).replace("-", " "))


@lru_cache(maxsize=16384)
def _spellings(keyword: str) -> tuple[str, ...]:
    """The keyword and every known alias of it, ready to look for (skill names recur in every posting)."""
    canonical = canonical_skill(keyword) or keyword
    forms = {_matchable(spelling) for spelling in (keyword, canonical, *skill_aliases(canonical))}
    return tuple(sorted(form for form in forms if form))


def _posting_text(inputs: ExtractedJDInputs) -> str:
    """What a keyword may be quoted from: the posting's title and its description."""
    return _matchable(f"{inputs.title}\n{inputs.description}")


def _keyword_found(keyword: str, matchable_posting: str) -> bool:
    """True when the keyword, or a known alias of it, stands in the posting as a whole word."""
    return any(_has_word(spelling, matchable_posting) for spelling in _spellings(keyword))


def _role_phrase(title: str) -> str:
    return normalize_whitespace(_TITLE_LEVEL_WORDS.sub(" ", title))


def _top_keywords(inputs: ExtractedJDInputs, reading: _Reading, mentions: list[SkillMention]) -> list[str]:
    scores: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for mention in mentions:
        weight = _KEYWORD_SECTION_WEIGHT[SectionKind(mention.section) if mention.section else None]
        if mention.kind is SkillKind.skill:
            weight *= _SOFT_SKILL_KEYWORD_FACTOR
        scores[mention.name] += weight
        first_seen.setdefault(mention.name, mention.start)
    for mention in find_skills(inputs.title):
        scores[mention.name] += _TITLE_KEYWORD_WEIGHT
        first_seen.setdefault(mention.name, -1)
    description = _matchable(reading.text)
    role = _role_phrase(inputs.title)
    if role and _keyword_found(role, description):
        scores[role] += _TITLE_KEYWORD_WEIGHT
        first_seen.setdefault(role, -1)
    posting = f"{_matchable(inputs.title)} {description}"
    ranked = sorted(
        (name for name, score in scores.items() if score > 0), key=lambda n: (-scores[n], first_seen[n])
    )
    found = [name for name in ranked if _keyword_found(name, posting)]
    return _unique(found)[:MAX_TOP_KEYWORDS]


def _clean_title(title: str) -> str:
    return normalize_whitespace(_TITLE_GENDER_MARKER.sub(" ", title)).strip(" -|,")


def _clean_location(location: str | None) -> str | None:
    return normalize_whitespace(location) if location and location.strip() else None


# ------------------------------------------------------------------ the layer functions


def heuristic(inputs: ExtractedJDInputs) -> ExtractedJD:
    """The offline reading of the posting: sections, cue words and the skill dictionary, nothing invented."""
    reading = _read(inputs.description)
    title = _clean_title(inputs.title)
    responsibilities = _responsibilities(reading)
    qualifications, nice_to_haves = _qualifications_and_nice(reading)
    mentions = _located_skills(reading)
    skills = _one_mention_per_skill(mentions)
    years = _years_required(reading)
    seniority = _seniority(title, reading, years)
    category = _role_category(title, seniority)
    remote_policy = _remote_policy(inputs.location, reading)
    return ExtractedJD(
        title=title,
        company=normalize_whitespace(inputs.company),
        location=_clean_location(inputs.location),
        remote_policy=remote_policy,
        role_category=category,
        role_family=_role_family(title, reading),
        seniority_level=seniority,
        competency_weights=_competency_weights(responsibilities, qualifications, category),
        responsibilities=responsibilities,
        qualifications=qualifications,
        nice_to_haves=nice_to_haves,
        technical_skills=[m for m in skills if m.kind is SkillKind.knowledge],
        soft_skills=[m for m in skills if m.kind is SkillKind.skill],
        implied_pain_points=_quotes(reading, _PAIN_CUE, (SectionKind.benefits,), MAX_PAIN_POINTS),
        success_metrics=_success_metrics(reading),
        top_keywords=_top_keywords(inputs, reading, mentions),
        industry_background=_industry(reading),
        years_experience_required=years,
        education_requirements=_education(reading),
        conditions=_conditions(inputs, remote_policy),
    )


def _conditions(inputs: ExtractedJDInputs, remote_policy: RemotePolicy) -> WorkConditions:
    return read_conditions(inputs.location, inputs.salary, inputs.description, remote_policy)


def _grounded_mentions(
    mentions: list[SkillMention], text: str, sections: list[Section]
) -> list[SkillMention]:
    """Mentions whose offsets really hold their text, placed in their section, one per skill.

    A mention whose text stands in the posting at other offsets (models miscount characters) is
    moved to its first occurrence; a mention whose text is not in the posting is dropped, and so is
    one naming a team to work with ('the ML team'), which asks for no skill.
    """
    located = []
    for mention in mentions:
        in_place = mention.start < mention.end <= len(text) and text[mention.start : mention.end]
        if in_place != mention.matched_text:
            start = text.find(mention.matched_text) if mention.matched_text else -1
            if start < 0:
                continue
            mention = mention.model_copy(update={"start": start, "end": start + len(mention.matched_text)})
        if names_a_collaborator(text, mention):
            continue
        located.append(mention.model_copy(update={"section": _skill_section(text, sections, mention)}))
    return _one_mention_per_skill(located)


def _quote_found(normalized_description: str, quote: str) -> bool:
    """``text.contains_quote`` with the description normalized once for all the items, not once per item."""
    needle = normalize_for_match(quote).strip(" .,;:-")
    return bool(needle) and needle in normalized_description


def _quoted(items: list[str], normalized_description: str) -> list[str]:
    return _unique([item.strip() for item in items if _quote_found(normalized_description, item)])


def _renormalized(weights: CompetencyWeights) -> CompetencyWeights:
    if weights.total() == 100:
        return weights
    shares = {name: float(getattr(weights, name)) for name in _COMPETENCIES}
    return CompetencyWeights(**_apportion(100, shares))


def _industry_supported(label: str | None, description: str) -> bool:
    if label is None:
        return True
    scores = _industry_scores(description)
    if label in scores:
        return scores[label] > 0
    return contains_quote(description, label)


def _years_supported(years: int | None, description: str) -> bool:
    if years is None:
        return True
    stated = {_number(m.group("low")) for m in _YEARS.finditer(description)}
    return years in stated


def ground(result: ExtractedJD, inputs: ExtractedJDInputs) -> ExtractedJD:
    """Keep only what the posting supports, whoever produced the result.

    Skills must sit at their offsets; list items, education and keywords must be found in the
    posting; years must be stated in it; an industry must be named or pointed to. Title, company
    and location are the posting's own fields. Weights are rescaled to sum to 100.
    """
    description = inputs.description
    normalized = normalize_for_match(description)
    sections = find_sections(description)
    posting = _posting_text(inputs)
    education = result.education_requirements
    grounded = result.model_copy(
        update={
            "title": _clean_title(inputs.title),
            "company": normalize_whitespace(inputs.company),
            "location": _clean_location(inputs.location),
            "conditions": _conditions(inputs, result.remote_policy),
            "competency_weights": _renormalized(result.competency_weights),
            "responsibilities": _quoted(result.responsibilities, normalized)[:MAX_RESPONSIBILITIES],
            "qualifications": _quoted(result.qualifications, normalized),
            "nice_to_haves": _quoted(result.nice_to_haves, normalized),
            "technical_skills": _grounded_mentions(result.technical_skills, description, sections),
            "soft_skills": _grounded_mentions(result.soft_skills, description, sections),
            "implied_pain_points": _quoted(result.implied_pain_points, normalized),
            "success_metrics": _quoted(result.success_metrics, normalized),
            "top_keywords": _unique([k for k in result.top_keywords if _keyword_found(k, posting)])[
                :MAX_TOP_KEYWORDS
            ],
            "industry_background": result.industry_background
            if _industry_supported(result.industry_background, description)
            else None,
            "years_experience_required": result.years_experience_required
            if _years_supported(result.years_experience_required, description)
            else None,
            "education_requirements": education
            if education and _quote_found(normalized, education)
            else None,
            "pain_reading": None,
        }
    )
    if result.pain_reading is None:
        return grounded
    # The pain points are grounded by their own layer's rules, against the grounded reading.
    reading = pain_points.PainPointsInputs(description=description, jd=grounded)
    return grounded.model_copy(update={"pain_reading": pain_points.ground(result.pain_reading, reading)})


def build(inputs: ExtractedJDInputs, llm: LLM) -> ExtractedJD:
    return ground(llm.generate(LayerTask(LAYER, PROMPT_VERSION, inputs, PROMPT), ExtractedJD), inputs)


# ------------------------------------------------------------------ checks


def check_competency_weights(result: ExtractedJD, inputs: ExtractedJDInputs | None = None) -> list[str]:
    total = result.competency_weights.total()
    if total == 100:
        return []
    return [f"competency_weights: delivery + process + architecture + leadership = {total}, not 100"]


def check_top_keywords(result: ExtractedJD, inputs: ExtractedJDInputs) -> list[str]:
    posting = _posting_text(inputs)
    return [
        f"top_keywords: {keyword!r} does not appear in the posting, nor does any known alias of it"
        for keyword in result.top_keywords
        if not _keyword_found(keyword, posting)
    ]
