"""Application tracking: where each job stands in your search, with dates, notes and a follow-up date.

Every change is one row of the DuckDB table ``application_events``, appended and never updated or
deleted: the history of a job is its rows in order, its status is the last one. A job with no row is
``new``, also when its fit tier puts it on the shortlist (tracking records what you did, the tier what
the score says). The table is yours, like the ingested postings: no rebuild of the computed tables
touches it (storage/schema.py).

What a status means for the shortlist (shortlist.py applies it): shortlisted, applied, screening,
interviewing and offer keep a job on the shortlist whatever its tier (its dossier and CV stay fresh
while you work on it); rejected, withdrawn and discarded take it off whatever its tier (its stored
deep layers stay, no longer refreshed); new leaves it to the fit tier.

Any move is allowed, back as well as forward (a status set by mistake is corrected by the next one);
a move back down the funnel is said so, and recorded like any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this module before it needs DuckDB
    from jobintel_assets.storage.duckdb_store import DuckDBStore


class Status(StrEnum):
    """In funnel order: the open statuses first, then the three ways a job ends without an offer."""

    NEW = "new"
    SHORTLISTED = "shortlisted"
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    DISCARDED = "discarded"


# On the shortlist whatever the fit tier: you are working on these.
ON_SHORTLIST = frozenset(
    {Status.SHORTLISTED, Status.APPLIED, Status.SCREENING, Status.INTERVIEWING, Status.OFFER}
)
# Off the shortlist whatever the fit tier: these are over.
CLOSED = frozenset({Status.REJECTED, Status.WITHDRAWN, Status.DISCARDED})
# The statuses a bulk move by tier leaves alone: a job you applied to is not discarded with its tier.
IN_PROGRESS = ON_SHORTLIST - {Status.SHORTLISTED}
FUNNEL = list(Status)


class TrackingError(ValueError):
    """A status, date or job that cannot be recorded; the message names it and says what to do."""


@dataclass(frozen=True)
class StatusChange:
    """One row of ``application_events``: a job's status from ``happened_on``, and what to do next."""

    job_id: str
    status: Status
    happened_on: date
    follow_up: date | None
    note: str | None
    recorded_at: datetime


def parse_status(value: str) -> Status:
    try:
        return Status(value.strip().lower())
    except ValueError:
        raise TrackingError(f"unknown status {value!r}: use one of {', '.join(FUNNEL)}") from None


def parse_date(value: str, option: str) -> date:
    """A YYYY-MM-DD date given to ``option`` (``--follow-up``, ``--on``)."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise TrackingError(
            f"{option} {value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-12-10"
        ) from None


def is_move_back(before: Status, after: Status) -> bool:
    """True when ``after`` is an earlier open stage than ``before`` (e.g. interviewing -> applied)."""
    open_stages = [s for s in FUNNEL if s not in CLOSED]
    if before not in open_stages or after not in open_stages:
        return False
    return open_stages.index(after) < open_stages.index(before)


def next_change(
    current: StatusChange | None,
    job_id: str,
    status: Status | None,
    happened_on: date,
    follow_up: date | None,
    note: str | None,
    now: datetime,
) -> StatusChange:
    """The row that records this change. Without a status, the job keeps its current one (a note or a new
    follow-up date); the follow-up date carries over while the status stays, a new status clears it."""
    if status is None:
        status = current.status if current is not None else Status.NEW
    if follow_up is None and current is not None and current.status == status:
        follow_up = current.follow_up
    return StatusChange(job_id, status, happened_on, follow_up, note, now)


_COLUMNS = "job_id, status, happened_on, follow_up, note, recorded_at"


def record(store: DuckDBStore, changes: Sequence[StatusChange]) -> None:
    """Append ``changes`` in one transaction: all of them are recorded, or (on any error) none."""
    if not changes:
        return
    with store.connect() as con:
        con.execute("BEGIN")
        try:
            con.executemany(
                f"INSERT INTO application_events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    [c.job_id, str(c.status), c.happened_on, c.follow_up, c.note, c.recorded_at]
                    for c in changes
                ],
            )
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")


def _change(row: tuple[object, ...]) -> StatusChange:
    job_id, status, happened_on, follow_up, note, recorded_at = row
    return StatusChange(str(job_id), Status(status), happened_on, follow_up, note, recorded_at)  # type: ignore[arg-type]


def history(store: DuckDBStore, job_id: str) -> list[StatusChange]:
    """Every change of one job, oldest first."""
    with store.connect() as con:
        rows = con.execute(
            f"SELECT {_COLUMNS} FROM application_events WHERE job_id = ? ORDER BY seq", [job_id]
        ).fetchall()
    return [_change(row) for row in rows]


def latest(store: DuckDBStore, job_ids: Sequence[str] | None = None) -> dict[str, StatusChange]:
    """The last change of each tracked job (of ``job_ids``, or of all): its current status."""
    with store.connect() as con:
        rows = con.execute(
            f"SELECT {_COLUMNS} FROM application_events "
            "WHERE ?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], job_id) "
            "QUALIFY row_number() OVER (PARTITION BY job_id ORDER BY seq DESC) = 1",
            [job_ids, job_ids],
        ).fetchall()
    return {str(row[0]): _change(row) for row in rows}


def statuses(store: DuckDBStore, job_ids: Sequence[str] | None = None) -> dict[str, Status]:
    """The current status of each tracked job; a job missing here is ``new``."""
    return {job_id: change.status for job_id, change in latest(store, job_ids).items()}


def import_hand_picked(store: DuckDBStore, path: Path, now: datetime) -> list[StatusChange]:
    """Record the choices of a shortlist file written by an earlier jobintel (``add:`` and ``remove:``
    lists of job ids) as status changes, shortlisted and discarded, for the jobs not tracked yet; then
    keep the file as ``<name>.imported`` so it is read once. Returns what was recorded."""
    import yaml

    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise TrackingError(f"{path}: cannot be read ({error}); fix it or delete it") from None
    if not isinstance(data, dict) or set(data) - {"add", "remove"}:
        raise TrackingError(f"{path}: write two lists, 'add:' and 'remove:', of job ids")
    for key in ("add", "remove"):
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(job_id, str) for job_id in value):
            raise TrackingError(f"{path}: field '{key}' must be a list of job ids, one '- <job id>' a line")
    tracked = statuses(store)
    note = f"from {path.name}"
    changes = [
        StatusChange(job_id, status, now.date(), None, note, now)
        for key, status in (("add", Status.SHORTLISTED), ("remove", Status.DISCARDED))
        for job_id in data.get(key) or []
        if job_id not in tracked
    ]
    record(store, changes)
    path.rename(path.with_name(path.name + ".imported"))
    return changes
