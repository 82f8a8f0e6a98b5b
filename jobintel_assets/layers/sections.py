"""The sections of a plain-text posting ('## What you'll do', 'Requirements:', 'BENEFITS') and their items.

Postings arrive as text lines: Markdown and HTML are already flattened by ingestion, so a heading
is a line that looks like one (Markdown '#', a bold line, an ALL-CAPS line, a known heading phrase
on its own line, or a known phrase ending in ':'), and a list item is a line starting with a bullet
('-', '*', '•', '1.'). Sections keep character offsets into the original text, so anything found
by offset (a skill mention) can be placed in the section it stands in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class SectionKind(StrEnum):
    responsibilities = "responsibilities"
    requirements = "requirements"
    nice_to_have = "nice_to_have"
    about_company = "about_company"
    benefits = "benefits"
    about_role = "about_role"
    other = "other"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the text under it, up to the next heading (or, inline, to the end of its list)."""

    kind: SectionKind
    heading: str
    start: int  # offset of the heading line in the text
    body_start: int  # offset just after the heading (after 'Requirements:' for an inline heading)
    end: int
    items: tuple[str, ...]  # the bullets, or the sentences when the section has no bullets


_YOU_WILL = r"you(?:'ll| will)"

# Order matters: the first kind whose phrases occur in a heading wins, so the narrower kinds come
# first ('Preferred qualifications' is nice_to_have before it is requirements, 'Who we're looking
# for' is requirements before 'who we' makes it about_company, 'Equal opportunity' is other before
# 'opportunity' makes it about_role). 'Life at <company>' describes perks and culture: benefits.
_KIND_PHRASES: tuple[tuple[SectionKind, list[str]], ...] = (
    (
        SectionKind.benefits,
        [
            r"benefits?", r"perks?", r"what we offer", r"we offer", r"our offer",
            rf"what {_YOU_WILL}? get\b(?! to)", r"what(?:'s| is) in it for you", r"compensation", r"salary",
            r"pay\b", r"why (?:join|work)", r"why us\b", rf"why {_YOU_WILL} love", r"rewards?\b",
            r"package\b", r"what we provide", r"we provide", r"bonuses", r"on offer", r"equity\b",
            r"time off", r"relocation", r"in return", r"life at\b.*",
        ],
    ),
    (
        SectionKind.nice_to_have,
        [
            r"nice[\s-]to[\s-]haves?", r"good[\s-]to[\s-]haves?", r"bonus(?: points)?", r"preferred",
            r"plus(?:es)?\b",
            r"(?:it )?would be (?:great|nice|a plus|awesome|ideal)(?: if(?: you)?(?: also)?(?: have)?)?",
            r"great if", r"extra credit", r"desir(?:able|ed)",
            r"not (?:required|necessary|essential|mandatory)", r"even better", r"stand out",
            r"added advantage", r"an advantage", r"ideally", r"optional", r"nice if",
        ],
    ),
    (
        SectionKind.requirements,
        [
            r"requirements?", r"required", r"qualifications?",
            r"(?:who |what )?(?:we(?:'re| are) )?looking for", r"who you are", r"about you\b", r"you have",
            r"you bring", rf"what {_YOU_WILL}? (?:need|bring|have)", rf"{_YOU_WILL} (?:need|bring|have)",
            r"must[\s-]haves?", r"minimum", r"skills?", r"experience",
            r"your (?:profile|background|skills|experience)", r"(?:ideal|candidate) profile",
            r"ideal candidate", r"(?:great|good|right) fit", r"what it takes", r"what makes you",
            r"is (?:this|that) you", r"you(?:'re| are)\b", r"competenc(?:y|ies)", r"essentials?",
            r"to be successful", r"what we need", r"you should", r"you might", r"you may be",
            rf"{_YOU_WILL} thrive", r"expertise", r"prerequisites",
        ],
    ),
    (
        SectionKind.responsibilities,
        [
            r"(?:key |main |core |primary )?responsibilit(?:y|ies)", r"accountabilit(?:y|ies)", r"duties",
            rf"what {_YOU_WILL}(?: be)? (?:do|doing|work on|working on|own|build|achieve|tackle)\b",
            rf"what {_YOU_WILL} get to do", rf"{_YOU_WILL}\b(?! (?:need|bring|have|thrive|love|get\b))",
            r"your impact", r"the impact", r"impact you", r"in (?:this|the) role", r"your role",
            r"your mission", r"day[\s-]to[\s-]day", r"your day", r"tasks", r"the work\b",
            r"what the (?:job|role) involves", rf"how {_YOU_WILL} (?:contribute|help|make)", r"your job",
            r"(?:key )?objectives", r"outcomes",
        ],
    ),
    (
        SectionKind.other,
        [
            r"how to apply", r"apply", r"application", r"interview", r"(?:hiring|recruitment|our) process",
            r"equal (?:opportunity|employment)", r"eeo", r"diversity", r"inclusion", r"accommodations?",
            r"location", r"tech(?:nology)? stack", r"(?:our )?stack", r"tools we use", r"contact",
            r"disclaimer", r"privacy", r"legal", r"next steps", r"visa",
        ],
    ),
    (
        SectionKind.about_role,
        [
            r"about (?:the|this) (?:role|job|position|opportunity|team)",
            r"(?:the|this) (?:role|job|position|team)\b", r"(?:the|this) opportunity",
            r"(?:role|job|position) (?:overview|summary|description)", r"overview", r"summary", r"our team",
            r"team\b", r"role$", r"position$", r"job$", r"opportunity$",
        ],
    ),
    (
        SectionKind.about_company,
        [
            r"about (?!the (?:role|job|position|opportunity|team)|this|you)\S+", r"who we are",
            r"who are we", r"our (?:mission|story|company|values|culture|vision|product|business)",
            r"mission", r"the company", r"company (?:overview|description|info|background)", r"culture",
            r"values",
        ],
    ),
)  # fmt: skip
_KIND_PATTERNS = tuple(
    (kind, re.compile(r"\b(?:" + "|".join(phrases) + ")")) for kind, phrases in _KIND_PHRASES
)

# Words that may precede a heading phrase on a bare heading line ('Key responsibilities', 'Technical skills').
_LEADING_FILLER = re.compile(
    r"^(?:(?:key|main|core|primary|general|basic|technical|additional|other|your|our|the|job|role|preferred"
    r"|minimum|required|desired|essential|bonus)\s+)+"
)
# What may follow a heading phrase on a bare heading line ('Benefits & perks', 'About the role at Acme').
_HEADING_TAIL = re.compile(r"^(?:$|(?:and|&|/|\+|at|for|in|of|with|to|on|\||-)(?:\s|$))")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa\u25e6\u2023\u2013+]|\d{1,2}[.)])\s+(?P<item>\S.*)$")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?P<title>[^*_].*?)(?:\*\*|__)\s*(?P<rest>.*)$")
_LINE = re.compile(r"[^\n]*\n?")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_NON_ALNUM_EDGES = re.compile(r"^[^\w']+|[^\w')]+$")
_MAX_HEADING_WORDS = 8
_MAX_LEAD_IN_WORDS = 12
_MAX_BARE_HEADING_WORDS = 7
_MIN_CAPS_HEADING_LETTERS = 4

# Heading levels: a heading without a kind of its own that sits below a classified one (a '###'
# under a '##', a bold line under a '#') belongs to that section, e.g. 'Technical' under 'Requirements'.
_BOLD_LEVEL = 7
_CAPS_LEVEL = 7
_BARE_LEVEL = 8


def _normalize_heading(heading: str) -> str:
    heading = heading.replace("\u2019", "'").replace("\u2018", "'").replace("*", "").replace("_", " ")
    return _NON_ALNUM_EDGES.sub("", " ".join(heading.lower().split()))


def classify_heading(heading: str) -> SectionKind | None:
    """The kind of section a heading opens, or None when its wording is not a known heading."""
    normalized = _normalize_heading(heading)
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(normalized):
            return kind
    return None


def _is_bare_heading(normalized: str) -> bool:
    """True when a line without markup is a heading phrase, not a sentence that contains one."""
    if len(normalized.split()) > _MAX_BARE_HEADING_WORDS:
        return False
    for candidate in (normalized, _LEADING_FILLER.sub("", normalized)):
        for _, pattern in _KIND_PATTERNS:
            match = pattern.match(candidate)
            if match and _HEADING_TAIL.match(candidate[match.end() :].strip()):
                return True
    return False


@dataclass(frozen=True, slots=True)
class _Heading:
    title: str
    kind: SectionKind | None
    level: int
    inline_rest: str  # text after 'Requirements:' on the same line
    inline_offset: int


def _is_caps_heading(line: str) -> bool:
    if line != line.upper() or "," in line:
        return False
    words = line.split()
    return (
        len(words) <= _MAX_HEADING_WORDS
        and sum(c.isalpha() for c in line) >= _MIN_CAPS_HEADING_LETTERS
        and (len(words) >= 2 or classify_heading(line) is not None)
    )


def _heading(line: str) -> _Heading | None:
    """Read a line as a heading, or None when it is body text."""
    stripped = line.strip()
    if not stripped or _BULLET.match(line):
        return None
    markdown = _MARKDOWN_HEADING.match(line)
    if markdown:
        title = markdown.group("title").strip()
        return _Heading(title, classify_heading(title), len(markdown.group("hashes")), "", 0)
    bold = _BOLD_LINE.match(line)
    if bold and not bold.group("rest"):
        title = bold.group("title").strip()
        return _Heading(title, classify_heading(title), _BOLD_LEVEL, "", 0)
    unbolded = stripped.replace("**", "").replace("__", "")
    if ":" in unbolded:
        return _colon_heading(line, unbolded)
    if _is_caps_heading(stripped):
        return _Heading(stripped, classify_heading(stripped), _CAPS_LEVEL, "", 0)
    first_letter = next((c for c in stripped if c.isalpha()), "")
    ends_like_a_sentence = stripped[-1] in ".,;" and not stripped.endswith("..")
    looks_like_a_title = first_letter.isupper() and not ends_like_a_sentence
    if looks_like_a_title and _is_bare_heading(_normalize_heading(stripped)):
        return _Heading(stripped, classify_heading(stripped), _BARE_LEVEL, "", 0)
    return None


def _colon_heading(line: str, unbolded: str) -> _Heading | None:
    """'Requirements:' alone, 'In this role you will:' as a lead-in, or 'Requirements: x, y' inline."""
    title, _, rest = unbolded.partition(":")
    kind = classify_heading(title)
    words = len(title.split())
    if kind is None or words == 0:
        return None
    rest = rest.strip()
    if not rest:
        return _Heading(title.strip(), kind, _BARE_LEVEL, "", 0) if words <= _MAX_LEAD_IN_WORDS else None
    # 'Location: Berlin' is a field and 'You will lead Payments: 4 teams...' a sentence; only a heading
    # phrase of a content kind opens an inline section.
    if kind is SectionKind.other or not _is_bare_heading(_normalize_heading(title)):
        return None
    after_colon = line.index(":") + 1
    rest_offset = after_colon + len(line[after_colon:]) - len(line[after_colon:].lstrip(" *_\t"))
    return _Heading(title.strip(), kind, _BARE_LEVEL, rest, rest_offset)


def _lines(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group().rstrip("\r\n")) for m in _LINE.finditer(text) if m.group()]


def _clean_item(item: str) -> str:
    return item.strip().rstrip(";,").strip()


def _items(lines: list[tuple[int, str]], inline_rest: str) -> tuple[str, ...]:
    """The bullets of a section body (wrapped bullet lines joined), or else its sentences."""
    bullets: list[str] = []
    paragraph: list[str] = []
    last_was_bullet = False
    for _, line in lines:
        bullet = _BULLET.match(line)
        if bullet:
            bullets.append(bullet.group("item"))
            last_was_bullet = True
        elif line.strip() and last_was_bullet and line[:1].isspace():
            bullets[-1] = f"{bullets[-1]} {line.strip()}"
        else:
            paragraph.extend(sentence for _, sentence in _line_sentences(line))
            last_was_bullet = bool(last_was_bullet and not line.strip())
    if inline_rest:
        separator = ";" if ";" in inline_rest else ","
        inline_items = [part for part in inline_rest.split(separator) if part.strip(" .")]
        bullets = inline_items + bullets
    chosen = bullets or paragraph
    return tuple(item for item in (_clean_item(i) for i in chosen) if any(c.isalnum() for c in item))


def find_sections(text: str) -> list[Section]:
    """The headed sections of a posting in order; text before the first heading is in none.

    A heading with no recognizable wording opens an 'other' section, unless it sits below a
    classified heading, whose kind it then takes. An inline heading ('Requirements: x, y')
    covers its line and the bullets right after it.
    """
    lines = _lines(text)
    headings: list[tuple[int, _Heading]] = []
    for index, (_, line) in enumerate(lines):
        heading = _heading(line)
        if heading is not None:
            headings.append((index, heading))

    sections: list[Section] = []
    previous_kind: SectionKind | None = None
    previous_level = 0
    for position, (index, heading) in enumerate(headings):
        next_index = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
        if heading.inline_rest:
            next_index = _end_of_inline_list(lines, index + 1, next_index)
        else:
            next_index = _end_of_list_section(lines, index + 1, next_index)
        kind = heading.kind
        if kind is None:
            kind = previous_kind if previous_kind and heading.level > previous_level else SectionKind.other
        else:
            previous_kind, previous_level = kind, heading.level
        start, line = lines[index]
        body_start = start + (heading.inline_offset if heading.inline_rest else len(line))
        end = lines[next_index][0] if next_index < len(lines) else len(text)
        items = _items(lines[index + 1 : next_index], heading.inline_rest)
        sections.append(Section(kind, heading.title, start, body_start, end, items))
    return sections


def _end_of_inline_list(lines: list[tuple[int, str]], first: int, limit: int) -> int:
    index = first
    while index < limit and (_BULLET.match(lines[index][1]) or not lines[index][1].strip()):
        index += 1
    while index > first and not lines[index - 1][1].strip():
        index -= 1
    return index


def _end_of_list_section(lines: list[tuple[int, str]], first: int, limit: int) -> int:
    """Where a section of bullets ends: a paragraph after its list and a blank line is the posting's
    closing text ('We work on-site...', 'Apply by...'), not one more item."""
    last_bullet = max((i for i in range(first, limit) if _BULLET.match(lines[i][1])), default=None)
    if last_bullet is None:
        return limit
    index = last_bullet + 1
    while index < limit and lines[index][1].strip() and lines[index][1][:1].isspace():
        index += 1  # a wrapped bullet's continuation lines
    if index < limit and lines[index][1].strip():
        return limit  # the paragraph follows the list without a blank line: it still belongs to it
    while index < limit and not lines[index][1].strip():
        index += 1
    return index if index < limit else limit


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The section a character offset falls in, or None (before the first heading, or between sections)."""
    for section in sections:
        if section.start <= offset < section.end:
            return section
    return None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or list item) of the posting outside its headings, where it stands and in which section."""

    text: str
    start: int
    kind: SectionKind | None


def _line_sentences(line: str) -> list[tuple[int, str]]:
    """(offset in the line, sentence) for each sentence of a line, list markers left out."""
    bullet = _BULLET.match(line)
    content_start = bullet.start("item") if bullet else len(line) - len(line.lstrip())
    content = line[content_start:].rstrip()
    pieces: list[tuple[int, str]] = []
    position = 0
    for sentence_break in _SENTENCE_BREAK.finditer(content):
        pieces.append((content_start + position, content[position : sentence_break.start()]))
        position = sentence_break.end()
    pieces.append((content_start + position, content[position:]))
    return [(offset, piece) for offset, piece in pieces if piece.strip()]


def sentences(text: str, sections: list[Section]) -> list[Sentence]:
    """Every sentence and list item of the posting with its offset and section kind; headings left out."""
    heading_lines = {section.start: section for section in sections}
    result: list[Sentence] = []
    for line_start, line in _lines(text):
        section = heading_lines.get(line_start)
        skip = 0
        if section is not None:
            if section.body_start >= line_start + len(line):
                continue
            skip = section.body_start - line_start
        kind = section.kind if section else _kind_at(sections, line_start)
        for offset, piece in _line_sentences(line[skip:]):
            result.append(Sentence(piece.strip(), line_start + skip + offset, kind))
    return result


def _kind_at(sections: list[Section], offset: int) -> SectionKind | None:
    section = section_at(sections, offset)
    return section.kind if section else None
