"""Is a posting one we already have? The same posting from two sources, or reposted, is one job.

Three keys, strongest first:

1. ATS key: the job board's own id (``greenhouse:acme:4471203``). Seen again, it is the same
   posting, whatever changed in it.
2. Canonical URL (see ``parsers.canonical_url``), when the requisition ids do not conflict.
3. Near-duplicate body, among postings with the same company and title whose requisition ids do
   not conflict: the Jaccard similarity of the sets of word 3-shingles of the normalized
   descriptions is at least ``NEAR_DUPLICATE_JACCARD`` (0.85). It is estimated from bottom-128
   MinHash sketches (the 128 smallest 63-bit shingle hashes; exact for texts of 130 words or
   fewer; standard error about 0.03 near the threshold). A repost with a new board id, or a file
   copy of a board posting with other markup, is far above it; two postings of one company whose
   shared boilerplate is most of their text are kept apart by their titles.

Requisition ids "conflict" when both postings have one and they differ: two requisitions with
the same title and text stay two jobs. A posting without one may match a posting with one.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from dataclasses import dataclass

from jobintel_assets.ingestion.parsers import PostingDraft, canonical_url
from jobintel_assets.layers.text import normalize_for_match, slugify

SHINGLE_WORDS = 3
SKETCH_SIZE = 128
NEAR_DUPLICATE_JACCARD = 0.85

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PostingKeys:
    """What duplicates are found by; stored per source in ``posting_sources``."""

    ats_key: str | None
    canonical_url: str | None
    company_key: str
    title_key: str
    requisition_key: str | None
    sketch: tuple[int, ...]

    @classmethod
    def of(cls, draft: PostingDraft) -> PostingKeys:
        return cls(
            ats_key=draft.ats_key,
            canonical_url=canonical_url(draft.url) if draft.url else None,
            company_key=slugify(draft.company, 200),
            title_key=slugify(draft.title, 200),
            requisition_key=normalize_for_match(draft.requisition_id) if draft.requisition_id else None,
            sketch=body_sketch(draft.description),
        )


def body_sketch(text: str) -> tuple[int, ...]:
    """Bottom-k MinHash sketch of the text's word 3-shingles: markup, case and punctuation ignored."""
    words = _WORD.findall(normalize_for_match(text))
    shingles = {
        " ".join(words[start : start + SHINGLE_WORDS])
        for start in range(max(len(words) - SHINGLE_WORDS + 1, 1))
    }
    hashes = {
        int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big") >> 1
        for shingle in shingles
    }
    return tuple(heapq.nsmallest(SKETCH_SIZE, hashes))


def estimated_jaccard(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    """|A ∩ B| / |A ∪ B| estimated from two bottom-k sketches (Broder's estimator)."""
    if not first or not second:
        return 0.0
    union_bottom = heapq.nsmallest(SKETCH_SIZE, set(first) | set(second))
    both = set(first) & set(second)
    return sum(value in both for value in union_bottom) / len(union_bottom)


def _requisitions_conflict(first: str | None, second: str | None) -> bool:
    return first is not None and second is not None and first != second


class DuplicateIndex:
    """Known postings by their keys; ``find`` answers the job a new posting duplicates, if any."""

    def __init__(self) -> None:
        self._by_ats: dict[str, str] = {}
        self._by_url: dict[str, list[tuple[str, str | None]]] = {}
        self._by_role: dict[tuple[str, str], list[tuple[str, PostingKeys]]] = {}

    def add(self, job_id: str, keys: PostingKeys) -> None:
        if keys.ats_key:
            self._by_ats[keys.ats_key] = job_id
        if keys.canonical_url:
            self._by_url.setdefault(keys.canonical_url, []).append((job_id, keys.requisition_key))
        self._by_role.setdefault((keys.company_key, keys.title_key), []).append((job_id, keys))

    def find(self, keys: PostingKeys) -> str | None:
        if keys.ats_key and keys.ats_key in self._by_ats:
            return self._by_ats[keys.ats_key]
        for job_id, requisition in self._by_url.get(keys.canonical_url or "", []):
            if not _requisitions_conflict(requisition, keys.requisition_key):
                return job_id
        best_job, best_similarity = None, NEAR_DUPLICATE_JACCARD
        for job_id, known in self._by_role.get((keys.company_key, keys.title_key), []):
            if _requisitions_conflict(known.requisition_key, keys.requisition_key):
                continue
            similarity = estimated_jaccard(known.sketch, keys.sketch)
            if similarity >= best_similarity:
                best_job, best_similarity = job_id, similarity
        return best_job
