"""The DuckDB store: typed tables per asset, the rejected-postings list and the layer cache.

Connections are short-lived: DuckDB allows one writing process per file, so every write
opens, does its work in one transaction, and closes. A lock held by another process is
retried with backoff instead of failing the step.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb
from pydantic import BaseModel

from jobintel_assets.layers.models import CandidateProfile, JobPosting, Rejection
from jobintel_assets.storage.schema import EXTRA_COLUMNS, LAYER_TABLES, all_ddl

Record = TypeVar("Record", bound=BaseModel)

LOCK_RETRY_SECONDS = 120.0


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
class CacheKey:
    layer: str
    input_hash: str
    provider: str
    model: str
    prompt_version: str


def _is_lock_conflict(error: duckdb.Error) -> bool:
    message = str(error)
    return "lock" in message.lower() and ("Conflicting" in message or "Could not set lock" in message)


class DuckDBStore:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._initialized = False

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if not read_only:
            self._ensure_schema()
        connection = self._open(read_only)
        try:
            yield connection
        finally:
            connection.close()

    def _open(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + LOCK_RETRY_SECONDS
        delay = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only)
            except duckdb.IOException as error:
                if not _is_lock_conflict(error) or time.monotonic() > deadline:
                    raise
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 1.0)

    def _ensure_schema(self) -> None:
        if self._initialized:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = self._open(read_only=False)
        try:
            for statement in all_ddl():
                connection.execute(statement)
        finally:
            connection.close()
        self._initialized = True

    # ------------------------------------------------------------ ingestion

    def save_ingested(self, postings: list[JobPosting]) -> tuple[list[str], list[str]]:
        """Insert new postings, replace changed ones; returns (new job ids, changed job ids)."""
        new, changed = [], []
        columns = list(JobPosting.model_fields)
        placeholders = ", ".join("?" for _ in columns)
        with self.connect() as con:
            con.execute("BEGIN")
            for posting in postings:
                row = con.execute(
                    "SELECT content_sha256 FROM ingested_postings WHERE job_id = ?", [posting.job_id]
                ).fetchone()
                if row is not None and row[0] == posting.content_sha256:
                    continue
                if row is None:
                    new.append(posting.job_id)
                else:
                    changed.append(posting.job_id)
                    con.execute("DELETE FROM ingested_postings WHERE job_id = ?", [posting.job_id])
                values = posting.model_dump(mode="python")
                con.execute(
                    f"INSERT INTO ingested_postings ({_column_list(columns)}) VALUES ({placeholders})",
                    [values[c] for c in columns],
                )
            con.execute("COMMIT")
        return new, changed

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

    def read_candidate(self) -> CandidateProfile | None:
        return self.read_record("candidate_profile", CANDIDATE_PROFILE_ID, CandidateProfile)

    # ------------------------------------------------------------ layer cache

    def cache_lookup(self, key: CacheKey) -> str | None:
        """The cached result JSON when the key is ready, else None."""
        with self.connect() as con:
            row = con.execute(
                "SELECT result FROM layer_cache WHERE layer = ? AND input_hash = ? AND provider = ? "
                "AND model = ? AND prompt_version = ? AND status = 'ready'",
                _key_values(key),
            ).fetchone()
        return None if row is None else row[0]

    def cache_set(
        self, key: CacheKey, status: str, result: str | None = None, error: str | None = None
    ) -> None:
        now = datetime.now(UTC)
        with self.connect() as con:
            con.execute(
                "INSERT INTO layer_cache VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO UPDATE SET status = excluded.status, result = excluded.result, "
                "error = excluded.error, updated_at = excluded.updated_at",
                [*_key_values(key), status, result, error, now, now],
            )

    # ------------------------------------------------------------ reporting

    def table_counts(self) -> dict[str, int]:
        tables = ["ingested_postings", "job_posting", "candidate_profile", *LAYER_TABLES, "rejected_postings"]
        with self.connect() as con:
            return {t: con.execute(f"SELECT count(*) FROM {_table(t)}").fetchone()[0] for t in tables}

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
            "SELECT job_id, title, company, fit_score, tier, dossier_path FROM job_overview "
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

_TABLES = {"ingested_postings", "job_posting", "candidate_profile", "rejected_postings", *LAYER_TABLES}


def _table(name: str) -> str:
    """Table names are never user input; refuse anything that is not one of ours."""
    if name not in _TABLES:
        raise ValueError(f"unknown table {name!r}")
    return name


def _key_column(table: str) -> str:
    return "profile_id" if table == "candidate_profile" else "job_id"


def _column_list(columns: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _key_values(key: CacheKey) -> list[str]:
    return [key.layer, key.input_hash, key.provider, key.model, key.prompt_version]


def _fetch_model(
    con: duckdb.DuckDBPyConnection, table: str, key_column: str, key: str, model: type[Record]
) -> Record | None:
    columns = list(model.model_fields)
    row = con.execute(f"SELECT {_column_list(columns)} FROM {table} WHERE {key_column} = ?", [key]).fetchone()
    return None if row is None else model.model_validate(dict(zip(columns, row, strict=True)))
