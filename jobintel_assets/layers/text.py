"""Text helpers every layer shares: hashing, normalization, locating quotes in a posting."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import lru_cache

from pydantic import BaseModel

_WS = re.compile(r"\s+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def normalize_whitespace(text: str) -> str:
    return _WS.sub(" ", text).strip()


# Every layer compares the same posting and master-CV texts many times over.
@lru_cache(maxsize=65_536)
def normalize_for_match(text: str) -> str:
    """Lower-cased, NFKC, zero-width characters removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return normalize_whitespace(text).lower()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_json(data: object) -> str:
    """Stable JSON of a model or plain data: the basis of every input and output hash."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def content_hash(data: object) -> str:
    return sha256_text(canonical_json(data))


def contains_quote(haystack: str, quote: str) -> bool:
    """True when ``quote`` occurs in ``haystack`` ignoring case, punctuation style and spacing."""
    needle = normalize_for_match(quote).strip(" .,;:-")
    return bool(needle) and needle in normalize_for_match(haystack)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


# Bullets, quote and heading marks, and numbered items ("1.", "2)"), not numbers that start a sentence.
_LIST_MARKER = re.compile(r"^(?:[\-\*\u2022\u25cf\u25aa>#]+\s*|\d{1,2}[.)](?=\s)\s*)+")


def split_sentences(text: str) -> list[str]:
    """Sentences and lines, trimmed of list markers; empty ones dropped."""
    sentences = []
    for line in text.splitlines():
        body = _LIST_MARKER.sub("", line.strip())
        sentences += [part.strip() for part in _SENTENCE_END.split(body) if part.strip()]
    return sentences


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers_in(text: str) -> set[str]:
    """The numbers a text states, normalized ('1,200' -> '1200'); used to catch invented metrics."""
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def slugify(text: str, max_length: int = 40) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:max_length].strip("-") or "x"


def span_around(text: str, separator: re.Pattern[str], position: int) -> tuple[int, int]:
    """The (start, end) of the piece of ``text`` between separators that holds ``position``."""
    start = 0
    for match in separator.finditer(text):
        if match.start() > position:
            return start, match.start()
        start = match.end()
    return start, len(text)


# Month names as postings and CVs write them ('Jan', 'January', 'Sept'), and their numbers by the
# first three letters.
MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
