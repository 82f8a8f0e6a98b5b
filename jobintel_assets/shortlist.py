"""The shortlist: the jobs that get the deep layers (company research, contacts, the tailored CV, the
dossier). Every job gets the triage layers and its fit score. One rule decides, for each scored job:

1. its application status (tracking.py), when you set one: shortlisted, applied, screening,
   interviewing or offer put it on the shortlist, rejected, withdrawn or discarded take it off,
   whatever its tier;
2. else (a ``new`` job) its fit tier: on the shortlist when the tier is one of the shortlist tiers
   (``JOBINTEL_SHORTLIST_TIERS``, default ``A,B``).

``jobintel shortlist add JOB`` records the status shortlisted and ``jobintel shortlist remove JOB`` the
status discarded: the same as ``jobintel track``. A ``data/shortlist.yaml`` written by an earlier
jobintel (``add:`` and ``remove:`` lists) is recorded that way once and kept as
``shortlist.yaml.imported``.

The shortlist is the Dagster dynamic partition set ``shortlist`` (keyed by job id) the deep assets
are partitioned by. A job that leaves it keeps its stored deep rows; they are no longer refreshed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from jobintel_assets.layers.models import FitScore, Tier
from jobintel_assets.tracking import (
    CLOSED,
    ON_SHORTLIST,
    Status,
    TrackingError,
    import_hand_picked,
    statuses,
)

if TYPE_CHECKING:  # the CLI imports this module before it needs Dagster or DuckDB
    from dagster import DagsterInstance

    from jobintel_assets.storage.duckdb_store import DuckDBStore

SHORTLIST_PARTITIONS = "shortlist"
ENV_SHORTLIST_TIERS = "JOBINTEL_SHORTLIST_TIERS"
DEFAULT_TIERS = "A,B"


class ShortlistError(ValueError):
    """A shortlist setting or file that cannot be used; the message says where and what to do."""


def shortlist_tiers() -> str:
    """The shortlist-tiers setting: ``JOBINTEL_SHORTLIST_TIERS``, ``A,B`` when unset."""
    return os.environ.get(ENV_SHORTLIST_TIERS, DEFAULT_TIERS)


def parse_tiers(value: str) -> tuple[Tier, ...]:
    """The shortlist tiers of a setting such as ``A,B`` (empty: no tier, only jobs added by hand)."""
    names = [part.strip().upper() for part in value.split(",") if part.strip()]
    unknown = [name for name in names if name not in Tier.__members__]
    if unknown:
        raise ShortlistError(
            f"{ENV_SHORTLIST_TIERS}={value!r}: {', '.join(unknown)} is not a tier; "
            f"write tiers among {', '.join(Tier)} separated by commas (for example A,B)"
        )
    return tuple(Tier(name) for name in names)


def shortlist(
    fits: Mapping[str, FitScore], tiers: Sequence[Tier], statuses: Mapping[str, Status]
) -> dict[str, str]:
    """Job id -> why it is shortlisted, for the scored jobs ``fits`` (best score first); ``statuses``
    holds the tracked jobs' current status (a job missing from it is new)."""
    reasons: dict[str, str] = {}
    ranked = sorted(fits.items(), key=lambda item: (-item[1].fit_score, item[0]))
    for job_id, fit in ranked:
        status = statuses.get(job_id, Status.NEW)
        if status in ON_SHORTLIST:
            reasons[job_id] = f"{status} (tier {fit.tier}, {fit.fit_score}/100)"
        elif status not in CLOSED and fit.tier in tiers:
            reasons[job_id] = f"tier {fit.tier} ({fit.fit_score}/100)"
    return reasons


def why_not(fit: FitScore | None, job_id: str, tiers: Sequence[Tier], statuses: Mapping[str, Status]) -> str:
    """Why a job is not on the shortlist, in words."""
    if fit is None:
        return "not scored yet"
    if statuses.get(job_id) in CLOSED:
        return f"{statuses[job_id]} (tier {fit.tier}, {fit.fit_score}/100)"
    return f"tier {fit.tier} ({fit.fit_score}/100) is not a shortlist tier ({','.join(tiers) or 'none'})"


def changes(current: Sequence[str], wanted: Sequence[str]) -> tuple[list[str], list[str]]:
    """The partitions to add (in the order of ``wanted``) and to delete, to make ``current`` ``wanted``."""
    have, want = set(current), set(wanted)
    return [j for j in wanted if j not in have], [j for j in current if j not in want]


@dataclass(frozen=True)
class ShortlistPlan:
    reasons: dict[str, str]  # job id -> why it is shortlisted, best score first
    members: list[str]  # the shortlist in the order of the job partitions
    to_add: list[str]
    to_delete: list[str]


def plan(
    store: DuckDBStore, job_partitions: Sequence[str], current: Sequence[str], tiers: str, picked_file: Path
) -> ShortlistPlan:
    """The shortlist of the scored jobs among ``job_partitions``, and the partition changes it asks for.
    A shortlist file of an earlier jobintel at ``picked_file`` is recorded as status changes first."""
    try:
        import_hand_picked(store, picked_file, datetime.now(UTC))
    except TrackingError as error:
        raise ShortlistError(str(error)) from None
    fits = store.read_records("fit_score", list(job_partitions), FitScore)
    reasons = shortlist(fits, parse_tiers(tiers), statuses(store, list(job_partitions)))
    members = [job_id for job_id in job_partitions if job_id in reasons]
    to_add, to_delete = changes(current, members)
    return ShortlistPlan(reasons, members, to_add, to_delete)


def apply(instance: DagsterInstance, found: ShortlistPlan) -> None:
    """Make the instance's `shortlist` partitions the plan's shortlist."""
    instance.add_dynamic_partitions(SHORTLIST_PARTITIONS, found.to_add)
    for job_id in found.to_delete:
        instance.delete_dynamic_partition(SHORTLIST_PARTITIONS, job_id)
