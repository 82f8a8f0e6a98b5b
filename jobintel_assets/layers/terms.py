"""Key terms of a text: the canonical skills it names plus the stems of its other content words.

Two texts share a term when they name the same skill in any spelling ('k8s', 'Kubernetes') or
use the same content word in any form ('mentored', 'mentoring'). Fit score, career reading and
CV tailoring compare texts through these terms.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jobintel_assets.layers.skills import canonical_skill, find_skills
from jobintel_assets.layers.text import normalize_for_match

_STOPWORDS = frozenset(
    """
    a an the and or but of to in on at by for with from into onto over under about across within
    without as is are was were be been being it its this that these those our your their we you
    they them us i he she his her who whom which what when where why how all any each every more
    most less least other some such no not only own same so than too very can will just should
    would could may might must shall do does did done has have had having new make made get got
    also per via up down out off again further then once here there both few while during before
    after above below between through until against among lot lots well able ability strong
    work working works worked role team teams company experience experienced year years need
    needs needed help helps ensure using use used looking seeking join want etc including
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
_WORD = re.compile(r"[a-z][a-z0-9+#/.-]*[a-z0-9+#]|[a-z]")
_SUFFIXES = (
    "ations", "ation", "ating", "ated", "ates", "ments", "ment", "ities", "ity", "ings", "ing", "ied",
    "ies", "ers", "er", "ed", "ly", "es", "s", "e",
)  # fmt: skip
_MIN_STEM = 3
_DOUBLED_END = re.compile(r"([bdgklmnprt])\1$")


# Irregular past tenses CVs write and postings ask in the present: 'Grew the team' / 'grow the team'.
_IRREGULAR = {"grew": "grow", "grown": "grow", "brought": "bring", "wrote": "write", "written": "write"}


def _stem(word: str) -> str:
    """A crude stem that makes 'hired', 'hiring' and 'hires' one term, 'planning' and 'plan', and
    'grew' and 'grow'."""
    if word in _IRREGULAR:
        return _stem(_IRREGULAR[word])
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            stem = word[: -len(suffix)]
            return _DOUBLED_END.sub(r"\1", stem) if len(stem) > _MIN_STEM else stem
    return word


@lru_cache(maxsize=65_536)
def skill_key(name: str) -> str:
    """The comparable form of a skill name: its canonical dictionary name, normalized."""
    return normalize_for_match(canonical_skill(name) or name)


def _skill_term(name: str) -> str:
    # A one-word skill becomes the stem a plain word would: 'Mentor' (the skill Mentoring) and
    # 'mentored' (a verb the dictionary does not list) then share the term 'mentor'.
    key = skill_key(name)
    return key if " " in key else _stem(key)


def key_terms(text: str) -> set[str]:
    """The canonical skills a text names plus the stems of its other content words.

    A skill counts once, under its canonical name: 'k8s' is 'kubernet', like 'Kubernetes'.
    """
    return set(_key_terms(text))


@lru_cache(maxsize=16_384)
def _key_terms(text: str) -> frozenset[str]:
    mentions = find_skills(text)
    for mention in reversed(mentions):
        text = text[: mention.start] + " " + text[mention.end :]
    words = _WORD.findall(normalize_for_match(text))
    # The words inside a skill count too: 'quarterly planning' also shares 'plan' with 'planning'.
    words += [
        w
        for m in mentions
        if " " in m.matched_text.strip()
        for w in _WORD.findall(normalize_for_match(m.matched_text))
    ]
    stems = {_stem(w) for w in words if w not in _STOPWORDS and len(w) > 2}
    return frozenset(stems | {_skill_term(m.name) for m in mentions})
