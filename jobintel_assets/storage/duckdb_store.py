"""The DuckDB store: typed tables per asset, the rejected-postings list and the layer cache.

Connections are short-lived: DuckDB allows one writing process per file, so every write
opens, does its work in one transaction, and closes. A lock held by another process is
retried with backoff instead of failing the step.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import duckdb
from pydantic import BaseModel

from jobintel_assets.layers.models import CandidateProfile, JobPosting, Rejection
from jobintel_assets.storage.schema import (
    EXTRA_COLUMNS,
    SOURCE_TABLES,
    all_ddl,
    layer_tables,
    model_tables,
    pay_tables,
)

Record = TypeVar("Record", bound=BaseModel)

LOCK_RETRY_SECONDS = 120.0
_SCHEMA_LOCK = threading.Lock()

# Open batch sessions by resolved file path: (the connection holding the file open, nesting depth).
_SESSIONS: dict[str, tuple[duckdb.DuckDBPyConnection, int]] = {}
_SESSIONS_LOCK = threading.Lock()


@dataclass(frozen=True)
class Lineage:
    input_hash: str
    output_hash: str
    provider: str
    model: str
    prompt_version: str
    cache_hit: bool
    materialized_at: datetime
    run_id: str


@dataclass(frozen=True)
class CacheEntry:
    status: str  # running | ready | failed
    result: str | None
    error: str | None
    diagnostics: dict[str, object]
    updated_at: datetime


@dataclass(frozen=True)
class PostingSource:
    """One place a job was seen, with the keys its duplicates are found by (ingestion/duplicates.py)."""

    source: str
    job_id: str
    board: str | None
    ats_key: str | None
    canonical_url: str | None
    company_key: str
    title_key: str
    requisition_key: str | None
    sketch: list[int]
    content_sha256: str
    first_seen_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True)
class InboxFile:
    """An inbox file as last read: read again only when its size, time or bytes change."""

    path: str
    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class CacheKey:
    layer: str
    input_hash: str
    provider: str
    model: str
    prompt_version: str


def _is_lock_conflict(error: duckdb.Error) -> bool:
    message = str(error)
    # Another thread of this process closing the file's last connection as we open one is transient too.
    if "Unique file handle conflict" in message:
        return True
    return "lock" in message.lower() and ("Conflicting" in message or "Could not set lock" in message)


class DuckDBStore:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._initialized = False

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if not (read_only or self._initialized):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = _session_cursor(self.path) or self._open(read_only)
        try:
            if not read_only:
                self._ensure_schema(connection)
            yield connection
        finally:
            connection.close()

    @contextmanager
    def session(self) -> Iterator[None]:
        """Hold the file open for a batch: inside, every connection to it (any store object, any
        thread of this process) is a cursor on that one open database.

        Opening the file costs 25-50 ms per connection, a cursor well under 1 ms. The write lock
        is held for the whole session, so other processes wait (with backoff) until it ends:
        keep sessions to one step's batch.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        key = str(self.path.resolve())
        with _SESSIONS_LOCK:
            anchor, depth = _SESSIONS.get(key, (None, 0))
            if anchor is not None:
                _SESSIONS[key] = (anchor, depth + 1)
        if anchor is None:
            opened = self._open(read_only=False)  # may wait for another process: not under the lock
            with _SESSIONS_LOCK:
                anchor, depth = _SESSIONS.get(key, (opened, 0))
                _SESSIONS[key] = (anchor, depth + 1)
            if anchor is not opened:
                opened.close()
        try:
            with self.connect():  # the schema, on a cursor of the session's connection
                pass
            yield
        finally:
            with _SESSIONS_LOCK:
                anchor, depth = _SESSIONS[key]
                if depth == 1:
                    del _SESSIONS[key]
                else:
                    _SESSIONS[key] = (anchor, depth - 1)
            if depth == 1:
                anchor.close()

    def _open(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + LOCK_RETRY_SECONDS
        delay = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only)
            except (duckdb.IOException, duckdb.ResourceInUseException) as error:
                if not _is_lock_conflict(error) or time.monotonic() > deadline:
                    raise
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 1.0)

    def _ensure_schema(self, connection: duckdb.DuckDBPyConnection) -> None:
        """Create the tables and bring them to the current models, once per store object. A file
        already in this jobintel's schema is recognised by its fingerprint in one query: every asset
        step opens a store of its own, and the DDL costs about 100 ms."""
        # Threads sharing a store would otherwise race to create the same tables (a catalog conflict).
        with _SCHEMA_LOCK:
            if self._initialized:
                return
            wanted = _ddl_fingerprint(all_ddl())
            if _stored_fingerprint(connection) != (wanted, _catalog_fingerprint(connection)):
                _follow_the_models(connection)
                for statement in all_ddl():
                    connection.execute(statement)
                table = _FINGERPRINT_TABLE
                connection.execute(f"CREATE TABLE IF NOT EXISTS {table} (ddl VARCHAR, catalog VARCHAR)")
                connection.execute(f"DELETE FROM {table}")
                catalog = _catalog_fingerprint(connection)
                connection.execute(f"INSERT INTO {table} VALUES (?, ?)", [wanted, catalog])
            self._initialized = True

    # ------------------------------------------------------------ ingestion

    def save_ingested(self, postings: list[JobPosting]) -> tuple[list[str], list[str]]:
        """Insert new postings, replace changed ones; returns (new job ids, changed job ids)."""
        columns = list(JobPosting.model_fields)
        with self.connect() as con:
            con.execute("BEGIN")
            stored = dict(
                con.execute(
                    "SELECT job_id, content_sha256 FROM ingested_postings "
                    "WHERE list_contains(?::VARCHAR[], job_id)",
                    [[posting.job_id for posting in postings]],
                ).fetchall()
            )
            # The last of a job's postings in the list is the one kept, as when each replaced the one before.
            latest = {posting.job_id: posting for posting in postings}
            saved = [p for p in latest.values() if stored.get(p.job_id) != p.content_sha256]
            new = [p.job_id for p in saved if p.job_id not in stored]
            changed = [p.job_id for p in saved if p.job_id in stored]
            if saved:
                con.execute(
                    "DELETE FROM ingested_postings WHERE list_contains(?::VARCHAR[], job_id)", [changed]
                )
                dumped = [posting.model_dump(mode="python") for posting in saved]
                _insert_rows(con, "ingested_postings", columns, [[v[c] for c in columns] for v in dumped])
                _insert_rows(
                    con,
                    "ingestion_log",
                    ["job_id", "change", "source", "content_sha256", "logged_at"],
                    [
                        [
                            p.job_id,
                            "changed" if p.job_id in stored else "new",
                            p.source,
                            p.content_sha256,
                            p.ingested_at,
                        ]
                        for p in saved
                    ],
                )
            con.execute("COMMIT")
        return new, changed

    def posting_owners(self, job_ids: list[str]) -> dict[str, str]:
        """The source each of these jobs' stored posting came from, for those already ingested."""
        with self.connect() as con:
            rows = con.execute(
                "SELECT job_id, source FROM ingested_postings WHERE list_contains(?::VARCHAR[], job_id)",
                [job_ids],
            ).fetchall()
        return dict(rows)

    def ingestion_log_after(self, seq: int, limit: int) -> list[tuple[int, str]]:
        """(seq, job id) of the postings new or changed after ``seq``, oldest first."""
        with self.connect() as con:
            return con.execute(
                "SELECT seq, job_id FROM ingestion_log WHERE seq > ? ORDER BY seq LIMIT ?", [seq, limit]
            ).fetchall()

    def known_sources(
        self, ats_keys: list[str], urls: list[str], company_keys: list[str]
    ) -> list[tuple[PostingSource, str | None]]:
        """Sources sharing an ATS key, URL or company with those given, each with its job's stored source."""
        columns = ", ".join(f"s.{name}" for name in PostingSource.__dataclass_fields__)
        with self.connect() as con:
            rows = con.execute(
                f"SELECT {columns}, p.source FROM posting_sources s "
                "LEFT JOIN ingested_postings p USING (job_id) "
                "WHERE list_contains(?::VARCHAR[], s.ats_key) "
                "OR list_contains(?::VARCHAR[], s.canonical_url) "
                "OR list_contains(?::VARCHAR[], s.company_key) ORDER BY s.first_seen_at, s.source",
                [ats_keys, urls, company_keys],
            ).fetchall()
        return [(PostingSource(*row[:-1]), row[-1]) for row in rows]

    def save_sources(self, sources: list[PostingSource]) -> None:
        """Insert or update each source; one seen again is open again (``closed_at`` cleared)."""
        if not sources:
            return
        columns = list(PostingSource.__dataclass_fields__)
        # One row per source (the last one given): an upsert may not touch the same row twice.
        rows = {source.source: [getattr(source, name) for name in columns] for source in sources}
        with self.connect() as con:
            _insert_rows(
                con,
                "posting_sources",
                columns,
                list(rows.values()),
                "ON CONFLICT (source) DO UPDATE SET "
                "job_id = excluded.job_id, board = excluded.board, ats_key = excluded.ats_key, "
                "canonical_url = excluded.canonical_url, company_key = excluded.company_key, "
                "title_key = excluded.title_key, requisition_key = excluded.requisition_key, "
                "sketch = excluded.sketch, content_sha256 = excluded.content_sha256, "
                "last_seen_at = excluded.last_seen_at, closed_at = NULL",
            )

    def close_unlisted(self, board: str, listed_sources: list[str], now: datetime) -> list[str]:
        """Mark the board's open postings that it no longer lists closed; returns their job ids."""
        with self.connect() as con:
            rows = con.execute(
                "UPDATE posting_sources SET closed_at = ? WHERE board = ? AND closed_at IS NULL "
                "AND NOT list_contains(?::VARCHAR[], source) RETURNING job_id",
                [now, board, listed_sources],
            ).fetchall()
        return sorted({row[0] for row in rows})

    def closed_at(self, job_id: str) -> datetime | None:
        with self.connect(read_only=True) as con:
            row = con.execute("SELECT closed_at FROM posting_status WHERE job_id = ?", [job_id]).fetchone()
        return None if row is None else row[0]

    def inbox_files(self) -> dict[str, InboxFile]:
        with self.connect() as con:
            rows = con.execute("SELECT path, size, mtime_ns, sha256 FROM inbox_files").fetchall()
        return {row[0]: InboxFile(*row) for row in rows}

    def save_inbox_files(self, files: list[InboxFile], now: datetime) -> None:
        with self.connect() as con:
            con.execute("BEGIN")
            for file in files:
                con.execute(
                    "INSERT OR REPLACE INTO inbox_files VALUES (?, ?, ?, ?, ?)",
                    [file.path, file.size, file.mtime_ns, file.sha256, now],
                )
            con.execute("COMMIT")

    def ingested_posting(self, job_id: str) -> JobPosting | None:
        with self.connect() as con:
            return _fetch_model(con, "ingested_postings", "job_id", job_id, JobPosting)

    def record_rejections(self, rejections: list[Rejection]) -> int:
        """Add rejections not already listed (same source and reason); returns how many were new."""
        added = 0
        with self.connect() as con:
            con.execute("BEGIN")
            for rejection in rejections:
                exists = con.execute(
                    "SELECT 1 FROM rejected_postings WHERE source = ? AND reason = ?",
                    [rejection.source, rejection.reason],
                ).fetchone()
                if exists:
                    continue
                con.execute(
                    "INSERT INTO rejected_postings VALUES (?, ?, ?, ?, ?)",
                    [
                        rejection.source,
                        rejection.reason,
                        rejection.field,
                        rejection.content_sha256,
                        rejection.rejected_at,
                    ],
                )
                added += 1
            con.execute("COMMIT")
        return added

    # ------------------------------------------------------------ asset records

    def write_record(
        self,
        table: str,
        key: str,
        record: BaseModel,
        lineage: Lineage,
        extra: dict[str, object] | None = None,
    ) -> None:
        """Replace the row of ``key`` in ``table`` in one transaction: old row or new row, never both."""
        key_column = _key_column(table)
        values = {key_column: key} | record.model_dump(mode="python", exclude={key_column})
        values |= {column: (extra or {}).get(column) for column in EXTRA_COLUMNS.get(table, {})}
        values |= lineage.__dict__
        columns = list(values)
        placeholders = ", ".join("?" for _ in columns)
        with self.connect() as con:
            con.execute("BEGIN")
            con.execute(f"DELETE FROM {_table(table)} WHERE {key_column} = ?", [key])
            con.execute(
                f"INSERT INTO {_table(table)} ({_column_list(columns)}) VALUES ({placeholders})",
                [values[c] for c in columns],
            )
            con.execute("COMMIT")

    def write_records(
        self, table: str, rows: list[tuple[str, BaseModel, Lineage, dict[str, object] | None]]
    ) -> None:
        """``write_record`` for many keys (key, record, lineage, extra) in one transaction."""
        if not rows:
            return
        key_column = _key_column(table)
        prepared = []
        for key, record, lineage, extra in rows:
            values = {key_column: key} | record.model_dump(mode="python", exclude={key_column})
            values |= {column: (extra or {}).get(column) for column in EXTRA_COLUMNS.get(table, {})}
            prepared.append(values | lineage.__dict__)
        columns = list(prepared[0])
        with self.connect() as con:
            con.execute("BEGIN")
            con.execute(
                f"DELETE FROM {_table(table)} WHERE list_contains(?::VARCHAR[], {key_column})",
                [[row[key_column] for row in prepared]],
            )
            _insert_rows(con, _table(table), columns, [[row[c] for c in columns] for row in prepared])
            con.execute("COMMIT")

    def read_records(self, table: str, keys: list[str], model: type[Record]) -> dict[str, Record]:
        """The stored records of those ``keys`` that have one, in one query."""
        key_column = _key_column(table)
        columns = list(model.model_fields)
        with self.connect() as con:
            rows = con.execute(
                f"SELECT {key_column}, {_column_list(columns)} FROM {_table(table)} "
                f"WHERE list_contains(?::VARCHAR[], {key_column})",
                [keys],
            ).fetchall()
        return {row[0]: model.model_validate(dict(zip(columns, row[1:], strict=True))) for row in rows}

    def read_lineages(self, table: str, keys: list[str]) -> dict[str, Lineage]:
        """The lineage columns of those ``keys`` that have a row, in one query."""
        key_column = _key_column(table)
        columns = list(Lineage.__dataclass_fields__)
        with self.connect() as con:
            rows = con.execute(
                f"SELECT {key_column}, {_column_list(columns)} FROM {_table(table)} "
                f"WHERE list_contains(?::VARCHAR[], {key_column})",
                [keys],
            ).fetchall()
        return {row[0]: Lineage(**dict(zip(columns, row[1:], strict=True))) for row in rows}

    def read_record(self, table: str, key: str, model: type[Record]) -> Record | None:
        with self.connect() as con:
            return _fetch_model(con, _table(table), _key_column(table), key, model)

    def read_lineage(self, table: str, key: str) -> Lineage | None:
        columns = list(Lineage.__dataclass_fields__)
        with self.connect() as con:
            row = con.execute(
                f"SELECT {_column_list(columns)} FROM {_table(table)} WHERE {_key_column(table)} = ?", [key]
            ).fetchone()
        return None if row is None else Lineage(**dict(zip(columns, row, strict=True)))

    def replace_pay_view(
        self, tables: dict[str, Sequence[BaseModel]], materialized_at: datetime, run_id: str
    ) -> None:
        """Replace every row of the pay view's tables (``pay_tables``) in one transaction."""
        with self.connect() as con:
            con.execute("BEGIN")
            for table, records in tables.items():
                if table not in pay_tables():
                    raise ValueError(f"unknown pay table {table!r}")
                con.execute(f"DELETE FROM {table}")
                columns = [*pay_tables()[table].model_fields, "materialized_at", "run_id"]
                rows = [
                    [*record.model_dump(mode="python").values(), materialized_at, run_id]
                    for record in records
                ]
                placeholders = ", ".join("?" for _ in columns)
                if rows:
                    con.executemany(
                        f"INSERT INTO {table} ({_column_list(columns)}) VALUES ({placeholders})", rows
                    )
            con.execute("COMMIT")

    def read_candidate(self) -> CandidateProfile | None:
        return self.read_record("candidate_profile", CANDIDATE_PROFILE_ID, CandidateProfile)

    # ------------------------------------------------------------ layer cache

    def cache_entry(self, key: CacheKey) -> CacheEntry | None:
        with self.connect() as con:
            row = con.execute(
                f"SELECT {_CACHE_ENTRY_COLUMNS} FROM layer_cache WHERE {_CACHE_KEY_MATCH}", _key_values(key)
            ).fetchone()
        return None if row is None else _cache_entry(row)

    def cache_entries(self, keys: list[CacheKey]) -> dict[CacheKey, CacheEntry]:
        """The entries of those ``keys`` that have one, in one query."""
        if not keys:
            return {}
        with self.connect() as con:
            rows = con.execute(
                f"SELECT layer, input_hash, provider, model, prompt_version, {_CACHE_ENTRY_COLUMNS} "
                "FROM layer_cache WHERE list_contains(?::VARCHAR[], input_hash)",
                [sorted({key.input_hash for key in keys})],
            ).fetchall()
        wanted = set(keys)
        found = {CacheKey(*row[:5]): _cache_entry(row[5:]) for row in rows}
        return {key: entry for key, entry in found.items() if key in wanted}

    def cache_claim(self, key: CacheKey, ready_before: datetime | None, running_before: datetime) -> bool:
        """Mark ``key`` running for this caller; True when the claim is ours.

        A new key is claimed by an INSERT that the primary key makes exclusive. An existing row is
        taken over only when it failed, is ready but older than ``ready_before`` (expired), or is
        running but was last touched before ``running_before`` (its process died).
        """
        now = datetime.now(UTC)
        try:
            with self.connect() as con:
                con.execute("BEGIN")
                inserted = con.execute(
                    "INSERT INTO layer_cache (layer, input_hash, provider, model, prompt_version, status, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'running', ?, ?) ON CONFLICT DO NOTHING "
                    "RETURNING 1",
                    [*_key_values(key), now, now],
                ).fetchall()
                taken_over = (
                    []
                    if inserted
                    else con.execute(
                        "UPDATE layer_cache SET status = 'running', result = NULL, error = NULL, "
                        f"diagnostics = NULL, updated_at = ? WHERE {_CACHE_KEY_MATCH} "
                        "AND (status = 'failed' OR (status = 'ready' AND updated_at < ?) "
                        "OR (status = 'running' AND updated_at < ?)) RETURNING 1",
                        [now, *_key_values(key), ready_before or now - timedelta(days=36500), running_before],
                    ).fetchall()
                )
                con.execute("COMMIT")
        except (duckdb.ConstraintException, duckdb.TransactionException):
            return False  # another caller claimed the key in the same instant
        return bool(inserted or taken_over)

    def cache_touch(self, key: CacheKey) -> None:
        """Mark a ``running`` entry as still being computed (its owner's heartbeat)."""
        with self.connect() as con:
            con.execute(
                f"UPDATE layer_cache SET updated_at = ? WHERE {_CACHE_KEY_MATCH} AND status = 'running'",
                [datetime.now(UTC), *_key_values(key)],
            )

    def cache_set(
        self,
        key: CacheKey,
        status: str,
        result: str | None = None,
        error: str | None = None,
        diagnostics: dict[str, object] | None = None,
    ) -> None:
        now = datetime.now(UTC)
        with self.connect() as con:
            _insert_rows(
                con,
                "layer_cache",
                _CACHE_COLUMNS,
                [_cache_row(key, status, result, error, diagnostics, now)],
                _CACHE_ON_CONFLICT,
            )

    def cache_set_ready(self, entries: list[tuple[CacheKey, str, dict[str, object]]]) -> None:
        """Store many ready results (key, result JSON, diagnostics) in one transaction."""
        if not entries:
            return
        now = datetime.now(UTC)
        # One row per key: an upsert may not touch the same row twice (two jobs with the same inputs).
        rows = {key: _cache_row(key, "ready", result, None, details, now) for key, result, details in entries}
        with self.connect() as con:
            _insert_rows(con, "layer_cache", _CACHE_COLUMNS, list(rows.values()), _CACHE_ON_CONFLICT)

    # ------------------------------------------------------------ cost ledger

    def record_provider_call(self, call: dict[str, object]) -> None:
        """Append one row to ``provider_calls`` (keys are its column names)."""
        self.record_provider_calls([call])

    def record_provider_calls(self, calls: list[dict[str, object]]) -> None:
        """Append rows with the same keys (``provider_calls``' column names) in one transaction."""
        if not calls:
            return
        columns = list(calls[0])
        with self.connect() as con:
            _insert_rows(con, "provider_calls", columns, [[call[c] for c in columns] for call in calls])

    def run_cost(self, run_id: str) -> float:
        """Estimated dollars the provider calls of one run have cost so far."""
        with self.connect() as con:
            total = _single_value(
                con, "SELECT coalesce(sum(cost_usd), 0) FROM provider_calls WHERE run_id = ?", [run_id]
            )
        return float(total)

    # ------------------------------------------------------------ reporting

    def table_counts(self) -> dict[str, int]:
        tables = [
            "ingested_postings",
            "job_posting",
            "candidate_profile",
            *layer_tables(),
            *pay_tables(),
            "application_events",
            "rejected_postings",
        ]
        with self.connect() as con:
            return {t: _single_value(con, f"SELECT count(*) FROM {_table(t)}") for t in tables}

    def rejections(self) -> list[Rejection]:
        with self.connect() as con:
            rows = con.execute(
                "SELECT source, reason, field, content_sha256, rejected_at FROM rejected_postings "
                "ORDER BY source, reason"
            ).fetchall()
        return [
            Rejection(source=r[0], reason=r[1], field=r[2], content_sha256=r[3], rejected_at=r[4])
            for r in rows
        ]

    def overview(self, job_ids: list[str] | None = None) -> list[dict[str, object]]:
        query = (
            "SELECT job_id, title, company, fit_score, tier, dossier_path, closes_at, closed_at "
            "FROM job_overview "
            "ORDER BY fit_score DESC NULLS LAST, job_id"
        )
        with self.connect() as con:
            cursor = con.execute(query)
            names = [d[0] for d in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        if job_ids is not None:
            wanted = set(job_ids)
            rows = [row for row in rows if row["job_id"] in wanted]
        return rows


CANDIDATE_PROFILE_ID = "default"


# The DDL this file was last brought to, and what its catalog looked like then: when both still hold,
# the schema is current. The catalog's own fingerprint catches a file another jobintel version changed.
_FINGERPRINT_TABLE = "jobintel_schema"


def _ddl_fingerprint(statements: list[str]) -> str:
    return hashlib.sha256("\n".join(statements).encode("utf-8")).hexdigest()


def _catalog_fingerprint(connection: duckdb.DuckDBPyConnection) -> str:
    [(fingerprint,)] = connection.execute(
        "SELECT md5(coalesce(string_agg(table_name || '.' || column_name || ':' || data_type, ',' "
        "ORDER BY table_name, column_index), '')) FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND table_name != ?",
        [_FINGERPRINT_TABLE],
    ).fetchall()
    return fingerprint


def _stored_fingerprint(connection: duckdb.DuckDBPyConnection) -> tuple[str, str] | None:
    try:
        row = connection.execute(f"SELECT ddl, catalog FROM {_FINGERPRINT_TABLE}").fetchone()
    except duckdb.CatalogException:
        return None
    return None if row is None else (row[0], row[1])


def _columns(connection: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    return {row[0]: row[1] for row in connection.execute(f"DESCRIBE {table}").fetchall()}


def _follow_the_models(connection: duckdb.DuckDBPyConnection) -> None:
    """Bring a file written by an older jobintel to the current models: a table computed from the
    postings and the master CV whose columns changed is dropped (the next run rebuilds its rows, and a
    missing row makes `jobintel run` redo that job); the ingested postings gain the new columns."""
    existing = {row[0] for row in connection.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    for table, ddl in model_tables().items():
        if table not in existing:
            continue
        connection.execute(ddl.replace(f"CREATE TABLE IF NOT EXISTS {table} ", "CREATE TEMP TABLE _wanted "))
        try:
            have, want = _columns(connection, table), _columns(connection, "_wanted")
        finally:
            connection.execute("DROP TABLE _wanted")
        if have == want:
            continue
        if table not in SOURCE_TABLES:
            connection.execute(f"DROP TABLE {table}")
            continue
        for column, column_type in want.items():
            if column not in have:
                connection.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {column_type}')
            elif have[column] != column_type:
                raise RuntimeError(
                    f"{table}.{column} is {have[column]} in this database but this jobintel stores "
                    f"{column_type}: ingest into a new database (--db), or use the jobintel that wrote it."
                )


_ROOT_TABLES = {
    "ingested_postings",
    "job_posting",
    "candidate_profile",
    "application_events",
    "rejected_postings",
}


def _table(name: str) -> str:
    """Table names are never user input; refuse anything that is not one of ours."""
    if name not in _ROOT_TABLES and name not in layer_tables() and name not in pay_tables():
        raise ValueError(f"unknown table {name!r}")
    return name


def _key_column(table: str) -> str:
    return "profile_id" if table == "candidate_profile" else "job_id"


def _column_list(columns: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


_CACHE_KEY_MATCH = "layer = ? AND input_hash = ? AND provider = ? AND model = ? AND prompt_version = ?"
_CACHE_ENTRY_COLUMNS = "status, result, error, diagnostics, updated_at"
_CACHE_COLUMNS = [
    "layer",
    "input_hash",
    "provider",
    "model",
    "prompt_version",
    "status",
    "result",
    "error",
    "diagnostics",
    "created_at",
    "updated_at",
]
_CACHE_ON_CONFLICT = (
    "ON CONFLICT DO UPDATE SET status = excluded.status, result = excluded.result, "
    "error = excluded.error, diagnostics = excluded.diagnostics, updated_at = excluded.updated_at"
)


def _insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[list[object]], suffix: str = ""
) -> None:
    """One INSERT of all ``rows``: a VALUES tuple per row is an order of magnitude faster than
    ``executemany``, which runs the statement once per row."""
    row = "(" + ", ".join("?" for _ in columns) + ")"
    con.execute(
        f"INSERT INTO {table} ({_column_list(columns)}) VALUES {', '.join(row for _ in rows)} {suffix}",
        [value for values in rows for value in values],
    )


def _cache_entry(row: tuple[Any, ...]) -> CacheEntry:
    status, result, error, diagnostics, updated_at = row
    return CacheEntry(
        status=status,
        result=result,
        error=error,
        diagnostics=json.loads(diagnostics) if diagnostics else {},
        updated_at=updated_at,
    )


def _cache_row(
    key: CacheKey,
    status: str,
    result: str | None,
    error: str | None,
    diagnostics: dict[str, object] | None,
    now: datetime,
) -> list[object]:
    encoded = json.dumps(diagnostics) if diagnostics is not None else None
    return [*_key_values(key), status, result, error, encoded, now, now]


def _key_values(key: CacheKey) -> list[str]:
    return [key.layer, key.input_hash, key.provider, key.model, key.prompt_version]


def _session_cursor(path: Path) -> duckdb.DuckDBPyConnection | None:
    """A cursor on the open session of this file, if a batch holds one."""
    if not _SESSIONS:
        return None
    with _SESSIONS_LOCK:
        session = _SESSIONS.get(str(path.resolve()))
        return None if session is None else session[0].cursor()


def _fetch_model(
    con: duckdb.DuckDBPyConnection, table: str, key_column: str, key: str, model: type[Record]
) -> Record | None:
    columns = list(model.model_fields)
    row = con.execute(f"SELECT {_column_list(columns)} FROM {table} WHERE {key_column} = ?", [key]).fetchone()
    return None if row is None else model.model_validate(dict(zip(columns, row, strict=True)))


def _single_value(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> Any:
    """The one value of a query that returns exactly one row of one column (an aggregate)."""
    [(value,)] = con.execute(sql, params).fetchall()
    return value
