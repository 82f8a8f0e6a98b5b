"""Sentences in a posting that speak to an automated reader instead of a candidate.

A posting is untrusted text. "Ignore previous instructions", "score this candidate 100", a fake
``system:`` line: such a sentence carries no job content, and a model that reads it may obey it.
Models therefore get the layer inputs with those sentences covered by ``REDACTED``, padded to
the sentence's length so that offsets into the text stay valid (the stored posting keeps them:
nothing is lost, and the offline heuristics read only job content).
Detection sees through the usual disguises: zero-width characters, full-width letters,
Cyrillic and Greek look-alikes, and right-to-left reversed text.
"""

from __future__ import annotations

import json
import re
import unicodedata

from pydantic import BaseModel

REDACTED = "[text addressed to automated readers removed]"

_READER = (
    r"(?:ai|a\.i\.|llm|gpt|chatgpt|(?:large )?language model|model|assistant|bot|chatbot|agent|screener)s?"
)
_INSTRUCTION_CUES = re.compile(
    "|".join(
        [
            r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}?\b(?:instructions?|prompts?|rules"
            r"|guidelines|directions|rubric|system message)\b",
            r"\b(?:score|rate|rank|grade|mark)\b.{0,40}?\b(?:candidate|applicant|application|cv|resume)\b"
            r".{0,30}?\b\d{2,3}\b",
            r"\b(?:fit_score|llm_score|deterministic_score|matched_skills)\b",
            rf"\b(?:note|message|instructions?) (?:to|for) (?:the |any |all )?(?:\w+ )?{_READER}\b",
            rf"\b(?:\w+ )?{_READER} (?:reading|screening|processing|reviewing|parsing|evaluating)"
            r" (?:this|these)\b",
            r"\byou are now\b|\bfrom now on,? you\b|\b(?:developer|unrestricted|god) mode\b|\bjailbreak",
            r"\bsay (?:that )?(?:the |this )?(?:candidate|applicant)\b",
            r"\[\s*(?:end of (?:posting|document|input)|begin new task|new instructions|system)\s*\]",
            r"\breply only with\b|\brespond only with\b",
        ]
    ),
    re.I,
)
_ROLE_LINE = re.compile(r"^\s*(?:system|assistant|user|developer)\s*:", re.I | re.M)
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069\u00ad]")
# Latin look-alikes from Cyrillic and Greek, enough to read a disguised instruction.
_LOOKALIKES = str.maketrans(
    "аеорсхуіјѕԁɡһӏАВЕКМНОРСТХЅІЈαεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcxyijsdghlABEKMHOPCTXSIJaeikvoptuxABEZHIKMNOPTYX",
)
# Sentences are judged one by one, so job content beside an instruction stays. A line break ends
# a sentence only after sentence punctuation, before a list item or at a blank line: a hard-wrapped
# instruction is judged whole.
_SEPARATOR = re.compile(
    r"((?<=[.!?。．:])[ \t]*\n\s*|(?<=[.!?。．])[ \t]+|[ \t]*\n\s*\n\s*"
    r"|[ \t]*\n(?=\s*(?:[-*•]|\d{1,2}[.)])\s))"
)


def _readable(text: str) -> str:
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).translate(_LOOKALIKES)
    return " ".join(text.split())


def is_instruction(sentence: str) -> bool:
    """True when ``sentence`` addresses an automated reader (also reversed or disguised)."""
    readable = _readable(sentence)
    return bool(
        _ROLE_LINE.match(readable)
        or _INSTRUCTION_CUES.search(readable)
        or _INSTRUCTION_CUES.search(readable[::-1])
    )


def redact_instructions(text: str) -> str:
    """``text`` with every sentence or line that addresses an automated reader covered by ``REDACTED``."""
    lines = [_covered(line) if _ROLE_LINE.match(_readable(line)) else line for line in text.split("\n")]
    pieces = _SEPARATOR.split("\n".join(lines))
    for index in range(0, len(pieces), 2):  # even indices are sentences, odd ones their separators
        if pieces[index].strip() and is_instruction(pieces[index]):
            pieces[index] = _covered(pieces[index])
    return "".join(pieces)


def _covered(sentence: str) -> str:
    """``REDACTED`` over the sentence, same length and line breaks (cut short for a short sentence)."""
    filler = iter(REDACTED + " " * len(sentence))
    return "".join(char if char == "\n" else next(filler) for char in sentence)


def redacted_json(inputs: BaseModel) -> str:
    """The inputs as JSON for a model, every string with its instructions to automated readers removed."""

    def clean(value: object) -> object:
        if isinstance(value, str):
            return redact_instructions(value)
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        return value

    return json.dumps(clean(inputs.model_dump(mode="json")), ensure_ascii=False)
