"""Find known skills in posting text with a token trie over the project's skill dictionary.

The dictionary (the package's ``data/skills/skills.tsv.gz``, built by ``tools/build_skill_dictionary.py``)
has one row per canonical skill: ``name <TAB> kind <TAB> alias|alias|...``. An alias written
``^Alias`` only matches with exactly that case (``SAP``, ``REST``). ``~Alias`` is a common English
word as well (``Go``, ``R``, ``Swift``): it counts only in technical context, a cue word beside the
exactly-cased name ('Go developer'), the capitalised name mid-sentence ('written in Swift'), or
another technology next to it in a list ('Go, Rust').
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jobintel_assets.layers.models import SkillKind, SkillMention

DICTIONARY_PATH = Path(__file__).resolve().parents[1] / "data" / "skills" / "skills.tsv.gz"
# narrower <TAB> broader|broader: built with the dictionary from ESCO and curated implications.
GRAPH_PATH = DICTIONARY_PATH.with_name("skill_graph.tsv")
# Curated: generic words and industries never reported as a missing skill.
NOT_GAPS_PATH = DICTIONARY_PATH.with_name("not_gaps.txt")
# Part of the fingerprint of every layer that matches skills: new data recomputes them.
DATA_FILES = (DICTIONARY_PATH, GRAPH_PATH, NOT_GAPS_PATH)

# A word (letters/digits, with the C++/C#/F# suffixes kept on it) or one punctuation character.
_TOKEN = re.compile(r"[^\W_]+(?:\+\+|#(?![^\W_]))?|[^\w\s]")
# Hyphens and dashes are spelling, not meaning: 'scikit-learn' = 'scikit learn', 'front-end' = 'front end'.
_IGNORED_TOKENS = frozenset("-\u2010\u2011\u2013\u2014")
# What may stand between two items of a list of technologies.
_LIST_SEPARATORS = frozenset({",", "/", "|", "&", "(", ")", "+", ";", "and", "or"})
# Words next to an ambiguous name that make it clearly the technology ('Go developer', 'R programming').
_TECH_CUES = frozenset(
    {
        "developer", "developers", "development", "engineer", "engineers", "programming", "programmer",
        "programmers", "language", "languages", "lang", "code", "coding", "stack", "sdk", "framework",
        "frameworks", "backend", "services", "microservices", "scripting", "scripts", "api", "apis",
        "spreadsheet", "spreadsheets", "streaming", "cluster", "clusters", "jobs", "app", "apps",
        "ios", "macros", "formulas", "pivot", "vba", "experience", "skills", "knowledge", "proficiency",
        "fluent", "fluency", "speaking", "spoken", "written", "native", "proficient", "speaker", "speakers",
    }
)  # fmt: skip
_LINKING_WORDS = frozenset({"in", "with", "of"})
# These are cues only after the name ('Excel skills', 'Go experience'), not before it.
_TRAILING_ONLY_CUES = frozenset({"experience", "skills", "knowledge", "proficiency"})


@dataclass(frozen=True, slots=True)
class _Alias:
    canonical: str
    kind: SkillKind
    surface: str  # the alias as written in the dictionary, for case-sensitive checks
    case_sensitive: bool
    needs_context: bool


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    aliases: list[_Alias] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Dictionary:
    trie: _Node
    canonical_by_alias: dict[str, str]
    aliases_by_canonical: dict[str, list[str]]
    kind_by_canonical: dict[str, SkillKind]


@dataclass(frozen=True, slots=True)
class _Token:
    key: str
    start: int
    end: int
    lower_case_word: bool


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(m.group().lower(), m.start(), m.end(), m.group()[0].islower())
        for m in _TOKEN.finditer(text)
        if m.group() not in _IGNORED_TOKENS
    ]


@lru_cache(maxsize=65_536)
def match_key(name: str) -> str:
    """The form the matcher compares: lower-case tokens, hyphens dropped ('Node.js' -> 'node . js')."""
    return " ".join(t.key for t in _tokens(name))


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    trie = _Node()
    canonical_by_alias: dict[str, str] = {}
    aliases_by_canonical: dict[str, list[str]] = {}
    kind_by_canonical: dict[str, SkillKind] = {}
    with gzip.open(DICTIONARY_PATH, "rt", encoding="utf-8") as rows:
        for row in rows:
            canonical, kind_name, alias_field = row.rstrip("\n").split("\t")
            kind = SkillKind(kind_name)
            kind_by_canonical[canonical] = kind
            written = alias_field.split("|") if alias_field else []
            if not any(raw.lstrip("^~") == canonical for raw in written):
                written.insert(0, canonical)
            plain_aliases = aliases_by_canonical.setdefault(canonical, [])
            for raw in written:
                surface = raw.lstrip("^~")
                alias = _Alias(canonical, kind, surface, raw[0] in "^~", raw.startswith("~"))
                key = match_key(surface)
                if not key:
                    continue
                if surface not in plain_aliases:
                    plain_aliases.append(surface)
                canonical_by_alias.setdefault(key, canonical)
                node = trie
                for part in key.split(" "):
                    node = node.children.setdefault(part, _Node())
                node.aliases.append(alias)
    return _Dictionary(trie, canonical_by_alias, aliases_by_canonical, kind_by_canonical)


def canonical_skill(name: str) -> str | None:
    """The canonical name for an alias or spelling ('k8s' -> 'Kubernetes'), None when unknown."""
    return _dictionary().canonical_by_alias.get(match_key(name))


def skill_aliases(canonical: str) -> list[str]:
    """Every spelling the dictionary knows for a canonical skill, the canonical name first."""
    return list(_dictionary().aliases_by_canonical.get(canonical, []))


def skill_kind(canonical: str) -> SkillKind | None:
    return _dictionary().kind_by_canonical.get(canonical)


@dataclass(slots=True)
class _Candidate:
    alias: _Alias
    first: int  # token indices, inclusive / exclusive
    last: int
    start: int
    end: int
    exact_case: bool


def _step(node: _Node, key: str, allow_plural: bool) -> _Node | None:
    child = node.children.get(key)
    if child is None and allow_plural and len(key) > 3 and key.endswith("s"):
        child = node.children.get(key[:-1])
    return child


def _longest_at(tokens: list[_Token], text: str, first: int, trie: _Node) -> _Candidate | None:
    """The longest dictionary alias starting at token ``first`` whose case rule the text satisfies."""
    best: _Candidate | None = None
    node: _Node | None = trie
    index = first
    while index < len(tokens):
        if index > first and "\n" in text[tokens[index - 1].end : tokens[index].start]:
            break  # a skill never runs across lines
        # Plurals of phrases ('code reviews', 'design patterns'), not of names ('oracles').
        node = _step(node, tokens[index].key, allow_plural=index > first)
        if node is None:
            break
        index += 1
        start, end = tokens[first].start, tokens[index - 1].end
        for alias in node.aliases:
            exact_case = _collapse(text[start:end]) == _collapse(alias.surface)
            if alias.case_sensitive and not alias.needs_context and not exact_case:
                continue
            best = _Candidate(alias, first, index, start, end, exact_case)
            break
    return best


def _collapse(surface: str) -> str:
    return "".join(t for t in _TOKEN.findall(surface) if t not in _IGNORED_TOKENS)


_HYPHENS = "-\u2010\u2011"
_WORD_BEFORE = re.compile(r"[^\W_]+$")
_FIELD_PREFIXES = frozenset(
    {
        "socio", "bio", "geo", "micro", "macro", "neuro", "psycho", "electro", "thermo", "cyber", "eco",
        "agro", "nano", "opto", "photo", "hydro",
    }
)  # fmt: skip


def _starts_inside_word(text: str, start: int) -> bool:
    """'.NET' in 'the internet. Net income' starts at a full stop glued to the previous word,
    'RE' in "WE'RE" right after an apostrophe inside a word, and 'accounting' in
    'carbon-accounting' is the second half of a compound, not the skill."""
    if start == 0:
        return False
    if text[start - 1] in "'\u2019":
        return start > 1 and text[start - 2].isalnum()
    if text[start - 1] in _HYPHENS and start > 1 and text[start - 2].isalnum():
        head = _WORD_BEFORE.search(text, 0, start - 1)
        word = head.group() if head else ""
        # 'socio-economics' is economics and 'react-redux' a list of tags; 'carbon-accounting' is neither.
        return word.lower() not in _FIELD_PREFIXES and canonical_skill(word) is None
    return not text[start].isalnum() and text[start - 1].isalnum()


def _capitalised_mid_sentence(candidate: _Candidate, tokens: list[_Token], text: str) -> bool:
    """'work in Swift', 'built with React': a capitalised product name after a lower-case word.

    Single letters are left out ('R&D'), and so are names at the start of a sentence or in a
    Title Case heading, where capitals say nothing.
    """
    if not candidate.exact_case or candidate.last - candidate.first > 1 or candidate.first == 0:
        return False
    name = candidate.alias.surface
    previous = tokens[candidate.first - 1]
    same_line = "\n" not in text[previous.end : candidate.start]
    return (
        len(name) > 1
        and name[0].isupper()
        and len(previous.key) > 1
        and previous.lower_case_word
        and same_line
    )


@dataclass
class _Anchors:
    """Token positions where a sure technology ends or starts: list neighbours are found without
    scanning every match, so a huge posting stays linear."""

    ends: set[int] = field(default_factory=set)
    starts: set[int] = field(default_factory=set)

    def add(self, candidates: list[_Candidate]) -> None:
        for candidate in candidates:
            if candidate.alias.kind is SkillKind.knowledge:
                self.ends.add(candidate.last)
                self.starts.add(candidate.first)


def _has_context(candidate: _Candidate, tokens: list[_Token], text: str, anchored: _Anchors) -> bool:
    """An ambiguous name counts when a cue word or another technology in the same list stands beside it."""
    before_index = candidate.first - 1
    if before_index > 0 and tokens[before_index].key in _LINKING_WORDS:
        before_index -= 1  # 'fluent in Danish', 'programming in R'
    before = tokens[before_index].key if before_index >= 0 else None
    after = tokens[candidate.last].key if candidate.last < len(tokens) else None
    if candidate.exact_case and before in _TECH_CUES and before not in _TRAILING_ONLY_CUES:
        return True
    if candidate.exact_case and after in _TECH_CUES:
        return True
    if _capitalised_mid_sentence(candidate, tokens, text):
        return True
    for gap in range(4):
        before_gap = tokens[candidate.first - gap : candidate.first]
        if candidate.first - gap in anchored.ends and all(t.key in _LIST_SEPARATORS for t in before_gap):
            return True
        after_gap = tokens[candidate.last : candidate.last + gap]
        if candidate.last + gap in anchored.starts and all(t.key in _LIST_SEPARATORS for t in after_gap):
            return True
    return False


def find_skills(text: str) -> list[SkillMention]:
    """Known skills in ``text``: sorted by position, non-overlapping, the longest match winning."""
    return [
        SkillMention(name=name, kind=kind, matched_text=text[start:end], start=start, end=end)
        for name, kind, start, end in _skill_spans(text)
    ]


_COLLABORATION = re.compile(
    r"\b(?:pair|pairs|pairing|work|works|working|partner|partners|partnering|collaborate|collaborates"
    r"|collaborating|liaise|liaising|sit|sitting)\s+(?:closely\s+)?(?:with|alongside)\b|\balongside\b"
    r"|\btogether with\b",
    re.I,
)
_A_TEAM = re.compile(
    r"\s*(?:teams?|engineers|scientists|researchers|analysts|specialists|experts|colleagues|squads?|folks"
    r"|people|org|organi[sz]ation|department|function)\b",
    re.I,
)


def names_a_collaborator(text: str, mention: SkillMention) -> bool:
    """Whether the mention names people to work with, not a skill asked: 'Pair with analytics
    engineers and the ML team', 'work closely with data or ML teams'."""
    clause_start = max(text.rfind(mark, 0, mention.start) for mark in ".;:\n") + 1
    before = text[clause_start : mention.start]
    return bool(_A_TEAM.match(text, mention.end)) and bool(_COLLABORATION.search(before))


def asked_skills(text: str) -> list[SkillMention]:
    """The skills ``text`` asks for: every known skill in it but those naming a team to work with."""
    return [mention for mention in find_skills(text) if not names_a_collaborator(text, mention)]


# The layers ask about the same texts many times (every master-CV achievement, for every job);
# the dictionary is fixed, so the answer for a text never changes within a process.
@lru_cache(maxsize=16_384)
def _skill_spans(text: str) -> tuple[tuple[str, SkillKind, int, int], ...]:
    dictionary = _dictionary()
    tokens = _tokens(text)
    candidates: list[_Candidate] = []
    index = 0
    while index < len(tokens):
        candidate = _longest_at(tokens, text, index, dictionary.trie)
        if candidate is None or _starts_inside_word(text, candidate.start):
            index += 1
            continue
        candidates.append(candidate)
        index = candidate.last
    accepted = [c for c in candidates if not c.alias.needs_context]
    pending = [c for c in candidates if c.alias.needs_context]
    anchors = _Anchors()
    anchors.add(accepted)
    while pending:  # 'Go, Rust and Swift' next to one sure technology anchors the whole list
        newly = [c for c in pending if _has_context(c, tokens, text, anchors)]
        if not newly:
            break
        accepted.extend(newly)
        anchors.add(newly)
        pending = [c for c in pending if c not in newly]
    accepted.sort(key=lambda c: c.start)
    return tuple((c.alias.canonical, c.alias.kind, c.start, c.end) for c in accepted)


# ------------------------------------------------------------------------------- the skill graph


@lru_cache(maxsize=1)
def _graph() -> dict[str, tuple[str, ...]]:
    broader: dict[str, tuple[str, ...]] = {}
    for row in GRAPH_PATH.read_text(encoding="utf-8").splitlines():
        narrower, names = row.split("\t")
        broader[narrower] = tuple(names.split("|"))
    return broader


@lru_cache(maxsize=4096)
def broader_skill_steps(canonical: str) -> dict[str, int]:
    """Every skill holding ``canonical`` implies (PostgreSQL -> SQL, Databases, ...), each with the
    number of links from ``canonical`` to it."""
    graph = _graph()
    steps: dict[str, int] = {}
    frontier = [canonical]
    distance = 0
    while frontier:
        distance += 1
        frontier = [b for name in frontier for b in graph.get(name, ()) if b not in steps and b != canonical]
        for name in frontier:
            steps.setdefault(name, distance)
    return steps


@lru_cache(maxsize=1)
def _not_gaps() -> frozenset[str]:
    lines = NOT_GAPS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(
        canonical_skill(line) or line for line in lines if line.strip() and not line.startswith("#")
    )


def never_a_gap(canonical: str) -> bool:
    """Abilities ('Decision making'), generic words and industries ('Databases', 'Fintech'): a
    posting naming them says little about a technical gap."""
    return skill_kind(canonical) is SkillKind.skill or canonical in _not_gaps()
