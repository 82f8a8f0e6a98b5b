"""The shortlist: the jobs that get the deep layers (company research, contacts, the tailored CV, the
dossier). Every job gets the triage layers and its fit score; a scored job is on the shortlist when
its tier is one of the shortlist tiers (``JOBINTEL_SHORTLIST_TIERS``, default ``A,B``) or when the
user shortlisted it by hand, and is off it when the user removed it by hand, whatever its tier.

The hand-made choices live in ``data/shortlist.yaml`` (``jobintel shortlist add/remove``, or edited
by hand)::

    add:          # shortlisted whatever their tier
      - acme-staff-platform-engineer-1a2b3c4d
    remove:       # never shortlisted, whatever their tier
      - globex-sre-5e6f7a8b

The shortlist is the Dagster dynamic partition set ``shortlist`` (keyed by job id) the deep assets
are partitioned by. A job that leaves it keeps its stored deep rows; they are no longer refreshed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from jobintel_assets.layers.models import FitScore, Tier

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


@dataclass
class HandPicked:
    """The user's own choices: jobs added whatever their tier, jobs removed whatever their tier."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def add(self, job_id: str) -> None:
        self.removed = [j for j in self.removed if j != job_id]
        if job_id not in self.added:
            self.added.append(job_id)

    def remove(self, job_id: str) -> None:
        self.added = [j for j in self.added if j != job_id]
        if job_id not in self.removed:
            self.removed.append(job_id)


def load_hand_picked(path: Path) -> HandPicked:
    """The hand-made choices in ``path``; none when the file does not exist."""
    if not path.is_file():
        return HandPicked()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ShortlistError(f"{path}: cannot be read ({error}); fix it or delete it") from None
    if not isinstance(data, dict) or set(data) - {"add", "remove"}:
        raise ShortlistError(f"{path}: write two lists, 'add:' and 'remove:', of job ids")
    lists = {}
    for key in ("add", "remove"):
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(job_id, str) for job_id in value):
            raise ShortlistError(f"{path}: field '{key}' must be a list of job ids, one '- <job id>' a line")
        lists[key] = value
    return HandPicked(added=lists["add"], removed=lists["remove"])


def save_hand_picked(path: Path, picked: HandPicked) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Jobs shortlisted by hand (add) or kept off the shortlist (remove), whatever their fit tier.\n"
        "# `jobintel shortlist add|remove JOB` edits this file; `jobintel run` applies it.\n"
    )
    body = yaml.safe_dump({"add": picked.added, "remove": picked.removed}, sort_keys=False)
    path.write_text(header + body, encoding="utf-8")


def shortlist(fits: Mapping[str, FitScore], tiers: Sequence[Tier], picked: HandPicked) -> dict[str, str]:
    """Job id -> why it is shortlisted, for the scored jobs ``fits`` (best score first)."""
    reasons: dict[str, str] = {}
    ranked = sorted(fits.items(), key=lambda item: (-item[1].fit_score, item[0]))
    for job_id, fit in ranked:
        if job_id in picked.removed:
            continue
        if job_id in picked.added:
            reasons[job_id] = f"shortlisted by hand (tier {fit.tier}, {fit.fit_score}/100)"
        elif fit.tier in tiers:
            reasons[job_id] = f"tier {fit.tier} ({fit.fit_score}/100)"
    return reasons


def why_not(fit: FitScore | None, job_id: str, tiers: Sequence[Tier], picked: HandPicked) -> str:
    """Why a job is not on the shortlist, in words."""
    if fit is None:
        return "not scored yet"
    if job_id in picked.removed:
        return f"removed by hand (tier {fit.tier}, {fit.fit_score}/100)"
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
    """The shortlist of the scored jobs among ``job_partitions``, and the partition changes it asks for."""
    fits = store.read_records("fit_score", list(job_partitions), FitScore)
    reasons = shortlist(fits, parse_tiers(tiers), load_hand_picked(picked_file))
    members = [job_id for job_id in job_partitions if job_id in reasons]
    to_add, to_delete = changes(current, members)
    return ShortlistPlan(reasons, members, to_add, to_delete)


def apply(instance: DagsterInstance, found: ShortlistPlan) -> None:
    """Make the instance's `shortlist` partitions the plan's shortlist."""
    instance.add_dynamic_partitions(SHORTLIST_PARTITIONS, found.to_add)
    for job_id in found.to_delete:
        instance.delete_dynamic_partition(SHORTLIST_PARTITIONS, job_id)
