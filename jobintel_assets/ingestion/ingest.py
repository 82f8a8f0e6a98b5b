"""Ingestion into the store: parsed postings become jobs, duplicates fold into the job they repeat,
bad input becomes rejections with the reason.

The first source a job is seen at owns its stored posting: a later copy from another source (a
file of a board posting, a repost) is recorded in ``posting_sources`` and changes nothing, while
the owning source's own edits replace the posting (and log it as changed, so its layers rerun).
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jobintel_assets.ingestion.duplicates import DuplicateIndex, PostingKeys
from jobintel_assets.ingestion.parsers import (
    MAX_FILE_BYTES,
    ParseResult,
    inbox_paths,
    parse_inbox,
    parse_path,
    parse_web_page,
)
from jobintel_assets.layers.models import JobPosting, Rejection
from jobintel_assets.layers.ports import PostingFetchError, WebResearch
from jobintel_assets.storage.duckdb_store import DuckDBStore, InboxFile, PostingSource


@dataclass
class IngestReport:
    job_ids: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    # source -> the job it repeats (its content was not stored again)
    duplicates: dict[str, str] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)


def ingest(store: DuckDBStore, parsed: ParseResult, now: datetime, board: str | None = None) -> IngestReport:
    """Store ``parsed``: each posting under the job it belongs to (a known one when it is a duplicate)."""
    keys = [PostingKeys.of(draft) for draft in parsed.postings]
    index = DuplicateIndex()
    owner: dict[str, str | None] = {}
    known = store.known_sources(
        ats_keys=[k.ats_key for k in keys if k.ats_key],
        urls=[k.canonical_url for k in keys if k.canonical_url],
        company_keys=sorted({k.company_key for k in keys}),
    )
    for source, stored_from in known:
        index.add(source.job_id, _keys_of(source))
        owner.setdefault(source.job_id, stored_from)
    for job_id, stored_from in store.posting_owners([d.job_id for d in parsed.postings]).items():
        owner.setdefault(job_id, stored_from)

    report = IngestReport(rejections=parsed.rejections)
    postings: dict[str, JobPosting] = {}
    sources: list[PostingSource] = []
    for draft, key in zip(parsed.postings, keys, strict=True):
        job_id = index.find(key) or draft.job_id
        index.add(job_id, key)
        if job_id not in report.job_ids:
            report.job_ids.append(job_id)
        if owner.get(job_id) in (None, draft.source):
            owner[job_id] = draft.source
            postings[job_id] = draft.to_posting(now).model_copy(update={"job_id": job_id})
        else:
            report.duplicates[draft.source] = job_id
        sources.append(
            PostingSource(
                source=draft.source,
                job_id=job_id,
                board=board,
                ats_key=key.ats_key,
                canonical_url=key.canonical_url,
                company_key=key.company_key,
                title_key=key.title_key,
                requisition_key=key.requisition_key,
                sketch=list(key.sketch),
                content_sha256=draft.content_sha256(),
                first_seen_at=now,
                last_seen_at=now,
            )
        )
    report.new, report.changed = store.save_ingested(list(postings.values()))
    store.save_sources(sources)
    store.record_rejections(parsed.rejections)
    return report


def _keys_of(source: PostingSource) -> PostingKeys:
    return PostingKeys(
        ats_key=source.ats_key,
        canonical_url=source.canonical_url,
        company_key=source.company_key,
        title_key=source.title_key,
        requisition_key=source.requisition_key,
        sketch=tuple(source.sketch),
    )


def ingest_folder(store: DuckDBStore, inbox: Path, now: datetime) -> IngestReport:
    """Parse and store every posting in ``inbox`` (and its subfolders)."""
    return ingest(store, parse_inbox(inbox, now), now)


def ingest_targets(store: DuckDBStore, targets: list[str], web: WebResearch, now: datetime) -> IngestReport:
    """Files, folders and posting URLs (fetched through ``web``) into the store, as one batch."""
    parsed = ParseResult()
    for target in targets:
        if re.match(r"https?://", target):
            try:
                page = web.fetch_posting(target)
            except PostingFetchError as error:
                reason = f"{target}: could not be fetched ({error.reason})"
                parsed.rejections.append(Rejection(source=f"url:{target}", reason=reason, rejected_at=now))
                continue
            parsed.extend(parse_web_page(target, page, now))
            continue
        path = Path(target)
        if path.is_dir():
            parsed.extend(parse_inbox(path, now))
        elif path.is_file():
            parsed.extend(parse_path(path, path.parent, now))
        else:
            reason = f"{target}: no such file or folder, and not an http(s) URL; check the path"
            parsed.rejections.append(Rejection(source=f"file:{target}", reason=reason, rejected_at=now))
    return ingest(store, parsed, now)


@dataclass
class InboxScan:
    report: IngestReport
    files_read: list[str]
    files_waiting: int  # changed files left for the next scan (the cap or the time budget was reached)


def ingest_new_files(
    store: DuckDBStore,
    inbox: Path,
    now: datetime,
    max_files: int,
    settle_seconds: float = 0.0,
    deadline: float | None = None,
) -> InboxScan:
    """Read the inbox files that are new or changed since they were last read, at most ``max_files``.

    A file is read again only when its size or modification time changed, and parsed again only
    when its bytes did. A file modified less than ``settle_seconds`` ago may still be being
    written and waits for the next scan. Past ``deadline`` (``time.monotonic()``) no further file
    is started. Files are never moved or deleted.
    """
    known = store.inbox_files()
    changed = []
    for path in inbox_paths(inbox):
        stat = path.stat()
        state = known.get(str(path.resolve()))
        if state and (state.size, state.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            continue
        if 0 <= now.timestamp() - stat.st_mtime < settle_seconds:
            continue
        changed.append((path, stat))

    parsed, read = ParseResult(), []
    for path, stat in changed[:max_files]:
        if read and deadline is not None and time.monotonic() > deadline:
            break
        key = str(path.resolve())
        digest = _file_sha256(path, stat.st_size)
        if not (digest and key in known and known[key].sha256 == digest):
            parsed.extend(parse_path(path, inbox, now))
        read.append(InboxFile(path=key, size=stat.st_size, mtime_ns=stat.st_mtime_ns, sha256=digest))
    report = ingest(store, parsed, now)
    store.save_inbox_files(read, now)
    return InboxScan(report=report, files_read=[f.path for f in read], files_waiting=len(changed) - len(read))


def _file_sha256(path: Path, size: int) -> str:
    """The file's sha256, or '' when it is over the size cap or unreadable (parsing then says why)."""
    if size > MAX_FILE_BYTES:
        return ""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
