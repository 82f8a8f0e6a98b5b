"""Ingestion into the store: parsed postings become job partitions, bad input becomes rejections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jobintel_assets.ingestion.parsers import PostingDraft, job_id_for, parse_inbox
from jobintel_assets.layers.models import JobPosting, Rejection
from jobintel_assets.layers.text import content_hash
from jobintel_assets.storage.duckdb_store import DuckDBStore


@dataclass
class IngestReport:
    job_ids: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)


def posting_from_draft(draft: PostingDraft, ingested_at: datetime) -> JobPosting:
    content = {
        "url": draft.url,
        "title": draft.title,
        "company": draft.company,
        "location": draft.location,
        "description": draft.description,
        "posted_at": draft.posted_at,
        "salary": draft.salary,
        "requisition_id": draft.requisition_id,
    }
    return JobPosting(
        job_id=job_id_for(draft),
        source=draft.source,
        content_sha256=content_hash(content),
        ingested_at=ingested_at,
        **content,
    )


def ingest_folder(store: DuckDBStore, inbox: Path, now: datetime) -> IngestReport:
    """Parse every posting in ``inbox``; store new or changed ones and every rejection with its reason."""
    parsed = parse_inbox(inbox, now)
    postings: dict[str, JobPosting] = {}
    for draft in parsed.postings:
        posting = posting_from_draft(draft, now)
        postings.setdefault(posting.job_id, posting)
    new, changed = store.save_ingested(list(postings.values()))
    store.record_rejections(parsed.rejections)
    return IngestReport(job_ids=list(postings), new=new, changed=changed, rejections=parsed.rejections)
