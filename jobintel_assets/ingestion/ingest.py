"""Ingestion into the store: parsed postings become job partitions, bad input becomes rejections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jobintel_assets.ingestion.parsers import parse_inbox
from jobintel_assets.layers.models import JobPosting, Rejection
from jobintel_assets.storage.duckdb_store import DuckDBStore


@dataclass
class IngestReport:
    job_ids: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)


def ingest_folder(store: DuckDBStore, inbox: Path, now: datetime) -> IngestReport:
    """Parse every posting in ``inbox``; store new or changed ones and every rejection with its reason.

    The same posting found twice (two files, two formats) is one job: the first one seen is kept.
    """
    parsed = parse_inbox(inbox, now)
    postings: dict[str, JobPosting] = {}
    for draft in parsed.postings:
        postings.setdefault(draft.job_id, draft.to_posting(now))
    new, changed = store.save_ingested(list(postings.values()))
    store.record_rejections(parsed.rejections)
    return IngestReport(job_ids=list(postings), new=new, changed=changed, rejections=parsed.rejections)
