"""Detectors for text a person would not send: each finds one kind of defect in prose.

Messages, cover letters and the dossier's prose are assembled from parts; these detectors read
the result as a recipient would and name what reads wrong: a sentence cut mid-phrase, brackets
left open, HTML entities or Markdown escapes showing as text, a label pasted before a quote,
a sentence said twice, "Partners's", or an ellipsis standing in for the rest of a sentence.
They are pure functions of the text, so every layer and check can share them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

CUT_MID_PHRASE = "cut_mid_phrase"
UNBALANCED_BRACKETS = "unbalanced_brackets"
ENTITIES_OR_ESCAPES = "entities_or_escapes"
LABEL_THEN_QUOTE = "label_then_quote"
REPEATED_SENTENCE = "repeated_sentence"
PLURAL_POSSESSIVE = "plural_possessive"
ELLIPSIS = "ellipsis"
DEFECT_KINDS = (
    CUT_MID_PHRASE,
    UNBALANCED_BRACKETS,
    ENTITIES_OR_ESCAPES,
    LABEL_THEN_QUOTE,
    REPEATED_SENTENCE,
    PLURAL_POSSESSIVE,
    ELLIPSIS,
)


@dataclass(frozen=True)
class Defect:
    kind: str
    excerpt: str

    def describe(self, where: str) -> str:
        return f"{where}: {self.kind.replace('_', ' ')}: {self.excerpt!r}"


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])|\n+")


def sentences(text: str) -> list[str]:
    """The sentences and lines of ``text``, stripped of Markdown quote marks and list bullets."""
    found = []
    for piece in _SENTENCE_BREAK.split(text):
        piece = re.sub(r"^\s*(?:>\s*)*(?:[-*]\s+)?", "", piece).strip()
        if piece:
            found.append(piece)
    return found


# A sentence never ends on these: a message cut at a word boundary does.
_DANGLING = {
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
    "with", "our", "your", "their", "its", "than", "via", "including", "such", "whose", "my",
}  # fmt: skip
_LAST_WORD = re.compile(r"([A-Za-z]+)\W*[.!?]$")


def cut_mid_phrase(text: str) -> list[Defect]:
    """Sentences that stop on a word that needs a continuation ('... moved stock updates for the.')."""
    defects = []
    for sentence in sentences(_unquoted(text)):
        match = _LAST_WORD.search(sentence)
        ends_open = bool(re.search(r"[,;:(\-–—]\s*[.!?]$", sentence))
        if ends_open or (match and match.group(1).lower() in _DANGLING):
            defects.append(Defect(CUT_MID_PHRASE, sentence[-80:]))
    return defects


_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”"}


def unbalanced_brackets(text: str) -> list[Defect]:
    """Paragraphs whose brackets or curly quotes do not close ('the event pipeline (Kafka, Spark.')."""
    defects = []
    for paragraph in re.split(r"\n\s*\n|\n(?=\s*[-*>|])", text):
        stack: list[str] = []
        broken = False
        for char in paragraph:
            if char in _PAIRS:
                stack.append(_PAIRS[char])
            elif char in _PAIRS.values() and (not stack or stack.pop() != char):
                broken = True
                break
        if broken or stack:
            defects.append(Defect(UNBALANCED_BRACKETS, paragraph.strip()[:80]))
    return defects


_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,6}|#x[0-9A-Fa-f]{1,6});")
# What a Markdown renderer needs escaped for safety; anything else escaped is text a reader sees.
_MARKDOWN_SAFETY = {"&lt;", "&gt;"}
_ESCAPE = re.compile(r"\\[|&\"'<>]")


def entities_or_escapes(text: str, markdown: bool = False) -> list[Defect]:
    """HTML entities ('&amp;') or backslash escapes ('\\|') that show as text.

    With ``markdown``, the escapes Markdown needs (``&lt;``, ``&gt;``, and ``\\|`` inside a table
    row) are allowed.
    """
    defects = []
    for line in text.splitlines():
        is_table_row = markdown and line.lstrip().startswith("|")
        for match in _ENTITY.finditer(line):
            if not (markdown and match.group() in _MARKDOWN_SAFETY):
                defects.append(Defect(ENTITIES_OR_ESCAPES, line.strip()[:80]))
        for match in _ESCAPE.finditer(line):
            if not (is_table_row and match.group() == "\\|"):
                defects.append(Defect(ENTITIES_OR_ESCAPES, line.strip()[:80]))
    return defects


# 'need: Reliability and incident load to bring under control: 1s, ...', 'At Oakridge Health: Ran ...':
# a phrase, a colon, and a pasted fragment that starts with a capital or holds another label.
_LABEL_COLON = re.compile(r"[a-z)]\s*:\s+(?=[A-Z][a-z])")


_QUOTED = re.compile(r"“[^”]*”")


def _unquoted(text: str) -> str:
    """``text`` with what it quotes (“...”) blanked: a quote is the source's words, not ours."""
    return _QUOTED.sub("“quote”", text)


def label_then_quote(text: str) -> list[Defect]:
    """Sentences that paste a label and a quoted fragment together with colons instead of saying it."""
    defects = []
    for sentence in sentences(_unquoted(text)):
        body = sentence.rstrip(".!?")
        colons = len(re.findall(r"\w\s*:\s", body))
        if colons >= 2 or (
            colons == 1 and _LABEL_COLON.search(body) and len(body.split(":")[0].split()) >= 2
        ):
            defects.append(Defect(LABEL_THEN_QUOTE, sentence[:80]))
    return defects


def _sentence_key(sentence: str) -> str:
    return re.sub(r"\W+", " ", sentence.lower()).strip()


def repeated_sentences(text: str) -> list[Defect]:
    """A sentence (of five words or more) said twice in one text."""
    counts = Counter(_sentence_key(s) for s in sentences(text) if len(s.split()) >= 5)
    return [Defect(REPEATED_SENTENCE, key[:80]) for key, count in counts.items() if count > 1]


_PLURAL_POSSESSIVE = re.compile(r"\b[A-Z][a-z]*[a-z]s's\b")


def plural_possessives(text: str) -> list[Defect]:
    """'Partners's', 'Ventures's': a possessive 's added to a name that ends in a plural s."""
    return [Defect(PLURAL_POSSESSIVE, m.group()) for m in _PLURAL_POSSESSIVE.finditer(text)]


def ellipses(text: str) -> list[Defect]:
    """'…' or '...' standing in for the rest of a sentence."""
    return [
        Defect(ELLIPSIS, sentence[-80:])
        for sentence in sentences(text)
        if "…" in sentence or "..." in sentence
    ]


_PROSE_DETECTORS: tuple[Callable[[str], list[Defect]], ...] = (
    cut_mid_phrase,
    unbalanced_brackets,
    label_then_quote,
    repeated_sentences,
    plural_possessives,
    ellipses,
)


def _markdown_pieces(text: str) -> list[str]:
    """The prose of a Markdown text, and each table cell on its own: a cell is not a sentence of the text."""
    lines = text.splitlines()
    prose = "\n".join(line for line in lines if not line.lstrip().startswith("|"))
    cells = [
        cell.strip()
        for line in lines
        if line.lstrip().startswith("|") and not re.fullmatch(r"[|\s:-]+", line)
        for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))
    ]
    return [prose, *(c for c in cells if c)]


def prose_defects(text: str, markdown: bool = False) -> list[Defect]:
    """Every defect in one piece of prose a person will read (a message, a letter, a dossier section)."""
    found = entities_or_escapes(text, markdown=markdown)
    for piece in _markdown_pieces(text) if markdown else [text]:
        for detect in _PROSE_DETECTORS:
            found += detect(piece)
    return found


def count_by_kind(defects: Iterable[Defect]) -> dict[str, int]:
    """How many defects of each kind, every kind listed (zero included)."""
    counts = Counter(d.kind for d in defects)
    return {kind: counts.get(kind, 0) for kind in DEFECT_KINDS}


def five_word_phrases(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def shared_phrase_fraction(first: str, second: str) -> float:
    """The share of the shorter text's five-word phrases that the other text also uses."""
    a, b = five_word_phrases(first), five_word_phrases(second)
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0
