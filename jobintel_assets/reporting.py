"""What `jobintel show` and `jobintel report` read: one job's dossier, a summary across jobs, a chart.

Reads go through `notebook.query` (short-lived read-only connections), so both commands work while
the pipeline is writing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from jobintel_assets.layers.pay import MIN_POSTINGS, money
from jobintel_assets.notebook import query

# Where tier A, B and C begin (layers/models.py `tier_for`), drawn on the fit histogram.
TIER_STARTS = {"A": 85, "B": 70, "C": 50}
TOP_SKILLS = 10


class JobNotFound(LookupError):
    def __init__(self, job_id: str, suggestions: list[str]):
        hint = (
            f" Did you mean: {', '.join(suggestions)}?" if suggestions else " `jobintel report` lists jobs."
        )
        super().__init__(f"no job {job_id!r} in the database.{hint}")


def resolve_job_id(job_id: str, db: Path) -> str:
    """The job id itself, or the one job whose id starts with it."""
    known = list(query("SELECT job_id FROM job_posting ORDER BY job_id", db=db).job_id)
    if job_id in known:
        return job_id
    matches = [known_id for known_id in known if known_id.startswith(job_id)]
    if len(matches) == 1:
        return matches[0]
    raise JobNotFound(job_id, matches[:5] or difflib.get_close_matches(job_id, known, n=3, cutoff=0.5))


def dossier_markdown(job_id: str, db: Path) -> str | None:
    """The job's dossier, or None when its dossier layer has not been materialized yet."""
    rows = query("SELECT markdown FROM dossier WHERE job_id = ?", [job_id], db=db)
    return None if rows.empty else rows.markdown.iloc[0]


def fit_headline(job_id: str, db: Path) -> tuple[int, str] | None:
    """(fit score, tier) of a job, None before its fit_score layer exists."""
    rows = query("SELECT fit_score, tier FROM fit_score WHERE job_id = ?", [job_id], db=db)
    return None if rows.empty else (int(rows.fit_score.iloc[0]), str(rows.tier.iloc[0]))


@dataclass(frozen=True)
class Summary:
    jobs: int
    scored: int
    fit_scores: list[int]
    tiers: dict[str, int]
    best: list[tuple[str, str, str, int, str]]  # job_id, title, company, fit_score, tier
    missing_skills: list[tuple[str, int]]
    companies_with_signals: int
    cost_usd: float
    unpriced_calls: int


def summarize(db: Path, best: int = 5) -> Summary:
    overview = query("SELECT job_id, title, company, fit_score, tier FROM job_overview", db=db)
    scored = overview.dropna(subset=["fit_score"])
    scored = scored.sort_values(["fit_score", "job_id"], ascending=[False, True])
    missing = query("SELECT skill, jobs FROM missing_skills LIMIT ?", [TOP_SKILLS], db=db)
    companies = query("SELECT count(DISTINCT company) AS n FROM company_signals", db=db).n.iloc[0]
    spend = query("SELECT sum(cost_usd) AS cost, sum(unpriced_calls) AS unpriced FROM spend_per_job", db=db)
    return Summary(
        jobs=len(overview),
        scored=len(scored),
        fit_scores=[int(score) for score in scored.fit_score],
        tiers={tier: int((scored.tier == tier).sum()) for tier in ["A", "B", "C", "D"]},
        best=[
            (row.job_id, row.title, row.company, int(row.fit_score), row.tier)
            for row in scored.head(best).itertuples()
        ],
        missing_skills=[(row.skill, int(row.jobs)) for row in missing.itertuples()],
        companies_with_signals=int(companies),
        cost_usd=float(spend.cost.iloc[0] or 0),
        unpriced_calls=int(spend.unpriced.iloc[0] or 0),
    )


def write_chart(summary: Summary, path: Path) -> Path:
    """A PNG with the fit-score distribution and the most-wanted missing skills."""
    figure = Figure(figsize=(12, 5), layout="constrained")
    fit_axes, skills_axes = figure.subplots(1, 2, width_ratios=[1, 1.2])
    fit_axes.hist(summary.fit_scores, bins=range(0, 101, 10), color="#4c72b0", edgecolor="white")
    for tier, start in TIER_STARTS.items():
        fit_axes.axvline(start, color="#999999", linestyle="--", linewidth=1)
        label_at = (start, 1)  # x in data, y at the top of the axes
        fit_axes.annotate(
            f"tier {tier}",
            label_at,
            xycoords=("data", "axes fraction"),
            xytext=(3, -12),
            textcoords="offset points",
            color="#666666",
        )
    fit_axes.set(
        title=f"Fit score of {summary.scored} jobs", xlabel="fit score", ylabel="jobs", xlim=(0, 100)
    )
    fit_axes.yaxis.get_major_locator().set_params(integer=True)
    if summary.missing_skills:
        skills, counts = zip(*summary.missing_skills, strict=True)
        skills_axes.barh(skills, counts, color="#dd8452")
        skills_axes.invert_yaxis()
        skills_axes.xaxis.get_major_locator().set_params(integer=True)
    else:
        skills_axes.text(
            0.5, 0.5, "no missing skills", ha="center", va="center", transform=skills_axes.transAxes
        )
    skills_axes.set(title="Most-wanted skills you lack", xlabel="jobs asking for it")
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    return path


# ------------------------------------------------------------------ the pay view (layers/pay.py)


def _table_lines(rows: list[list[str]], columns: list[str]) -> list[str]:
    widths = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return lines


def _money(amount: object, currency: str) -> str:
    return "" if amount is None or amount != amount else money(float(amount), currency)  # NaN: no figure


def pay_section(db: Path, groups: int = 15) -> str:
    """The pay view for `jobintel report` and `jobintel pay`: what the postings pay by group, with the
    postings behind every figure counted, and where each shortlisted job sits."""
    postings = query("SELECT status, count(*) AS n FROM pay_postings GROUP BY status", db=db)
    if postings.empty:
        return "Pay: not computed yet (`jobintel run`, or materialize pay_view in the UI)."
    counts = {row.status: int(row.n) for row in postings.itertuples()}
    total = sum(counts.values())
    lines = [
        f"Pay, from {total} postings: {counts.get('stated', 0)} state pay, "
        f"{counts.get('no_pay_stated', 0)} state none, {counts.get('no_currency', 0)} name no currency "
        "(no figure comes from these).",
        f"Figures are of each range's midpoint; a group needs {MIN_POSTINGS} postings with pay for "
        "percentiles; currencies and periods are never mixed.",
        "",
    ]
    found = query(
        "SELECT scope, family, level, place, currency, period, postings, p25, median, p75, no_pay_stated "
        "FROM pay_ranges",
        db=db,
    )
    small = int(query("SELECT count(*) AS n FROM pay_groups WHERE NOT enough", db=db).n.iloc[0])
    if found.empty:
        lines.append(
            f"No group has {MIN_POSTINGS} postings with pay yet ({small} smaller groups in pay_groups)."
        )
    else:
        rows = [
            [
                " · ".join(
                    part.replace("_", " ") for part in (row.family, row.level, row.place) if part != "*"
                ),
                f"{row.currency} a {row.period}",
                str(row.postings),
                _money(row.p25, row.currency),
                _money(row.median, row.currency),
                _money(row.p75, row.currency),
                str(row.no_pay_stated),
            ]
            for row in found.head(groups).itertuples()
        ]
        lines += _table_lines(rows, ["group", "pay", "postings", "25th", "median", "75th", "no pay stated"])
        more = len(found) - groups
        lines.append(
            (f"… {more} more groups with percentiles (view pay_ranges); " if more > 0 else "")
            + f"{small} groups too small for percentiles (table pay_groups lists their postings)."
        )
    positions = query(
        "SELECT job_id, salary_text, band, compared_with, len(comparable_job_ids) AS n, negotiation_note "
        "FROM pay_positions ORDER BY job_id",
        db=db,
    )
    lines += [
        "",
        f"Shortlisted jobs ({len(positions)}): where their pay sits, and what it means for your floor.",
    ]
    for row in positions.itertuples():
        compared = f", against {row.n} postings ({row.compared_with})" if row.n else ""
        lines += [f"- {row.job_id}: {row.band}{compared}", f"  {row.negotiation_note}"]
    return "\n".join(lines)


def job_pay(job_id: str, db: Path) -> str:
    """One job's pay, its groups, and (shortlisted) its position with the comparable postings."""
    posting = query("SELECT * FROM pay_postings WHERE job_id = ?", [job_id], db=db)
    if posting.empty:
        return f"{job_id}: not in the pay view yet (`jobintel run`, or materialize pay_view in the UI)."
    row = posting.iloc[0]
    lines = [
        f"{row.title} at {row.company} ({row.location or 'no location'}): "
        f"{row.family}, {row.level}, {row.place}"
    ]
    if row.status == "stated":
        lines.append(f"Pay: {row.salary_text} ({row.currency} a {row.period}). {row.note}".rstrip())
    else:
        lines.append(f"Pay: {row.note}; this posting gives no figure to any group.")
    groups = query(
        "SELECT group_id, postings, enough, p25, median, p75, currency FROM pay_groups "
        "WHERE list_contains(job_ids, ?) ORDER BY postings",
        [job_id],
        db=db,
    )
    for group in groups.itertuples():
        figures = (
            f"{_money(group.p25, group.currency)} / {_money(group.median, group.currency)} / "
            f"{_money(group.p75, group.currency)} (25th / median / 75th)"
            if group.enough
            else "too few for percentiles"
        )
        counted = f"{group.postings} posting{'' if group.postings == 1 else 's'} with pay"
        lines.append(f"In {group.group_id}: {counted}, {figures}.")
    position = query("SELECT * FROM pay_positions WHERE job_id = ?", [job_id], db=db)
    if position.empty:
        lines.append("Not on the shortlist: no negotiation note (`jobintel shortlist add` it to get one).")
        return "\n".join(lines)
    note = position.iloc[0]
    lines += ["", note.negotiation_note]
    comparable = list(note.comparable_job_ids)
    if comparable:
        others = query(
            "SELECT job_id, title, company, salary_text FROM pay_postings "
            "WHERE list_contains(?::VARCHAR[], job_id) ORDER BY midpoint",
            [comparable],
            db=db,
        )
        lines += ["", f"The {len(others)} comparable postings ({note.compared_with}):"]
        lines += [f"- {o.job_id}: {o.title}, {o.company}: {o.salary_text}" for o in others.itertuples()]
    return "\n".join(lines)


@dataclass(frozen=True)
class Applications:
    """Where your applications stand (the views ``pipeline`` and ``application_status``)."""

    funnel: list[tuple[str, int]]  # status, jobs; in funnel order
    new_by_tier: dict[str, int]  # the new jobs by fit tier (unscored ones left out)
    overdue: list[dict[str, object]]  # follow-ups whose date has passed, oldest first
    active: list[dict[str, object]]  # applied, screening, interviewing, offer: longest wait first


_ACTIVE = ("applied", "screening", "interviewing", "offer")


def applications(db: Path) -> Applications:
    _with_tracking_views(db)
    funnel = query("SELECT status, jobs FROM pipeline ORDER BY position", db=db)
    columns = "job_id, title, company, tier, status, since, follow_up, days_since_applied, last_note"
    overdue = query(
        f"SELECT {columns}, current_date - follow_up AS days_overdue FROM application_status "
        "WHERE follow_up_overdue ORDER BY follow_up, job_id",
        db=db,
    )
    active = query(
        f"SELECT {columns} FROM application_status WHERE list_contains(?::VARCHAR[], status) "
        "ORDER BY days_since_applied DESC NULLS LAST, job_id",
        [list(_ACTIVE)],
        db=db,
    )
    new = query(
        "SELECT tier, count(*) AS jobs FROM application_status WHERE status = 'new' AND tier IS NOT NULL "
        "GROUP BY tier ORDER BY tier",
        db=db,
    )
    return Applications(
        funnel=[(row.status, int(row.jobs)) for row in funnel.itertuples()],
        new_by_tier={row.tier: int(row.jobs) for row in new.itertuples()},
        overdue=_records(overdue),
        active=_records(active),
    )


def _with_tracking_views(db: Path) -> None:
    """A database written before application tracking existed gains its table and views."""
    from jobintel_assets.storage.duckdb_store import DuckDBStore

    found = query("SELECT count(*) AS views FROM duckdb_views() WHERE view_name = 'pipeline'", db=db)
    if not found.views.iloc[0]:
        with DuckDBStore(db).connect():
            pass


def application(job_id: str, db: Path) -> dict[str, Any]:
    """One job's row of ``application_status``: its title, company, fit, status and dates."""
    return _records(query("SELECT * FROM application_status WHERE job_id = ?", [job_id], db=db))[0]


def _records(frame: object) -> list[dict[str, object]]:
    """Rows as dicts, with missing values (NaN, NaT, NA) as None and dates without a time."""
    import pandas as pd

    rows = []
    for row in frame.to_dict("records"):  # type: ignore[attr-defined]
        rows.append(
            {
                key: None if pd.isna(value) else value.date() if isinstance(value, pd.Timestamp) else value
                for key, value in row.items()
            }
        )
    return rows
