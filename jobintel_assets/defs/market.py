"""The market view: assets computed over every posting at once (group ``market``, not partitioned).

``pay_view`` reads every stored posting, the shortlist and the master CV's floor, and rewrites the
tables ``pay_postings``, ``pay_groups`` and ``pay_positions`` (layers/pay.py decides what is in
them). No per-job asset depends on it: a new posting changes the market, not a dossier.
"""

from datetime import UTC, datetime

import dagster as dg

from jobintel_assets.defs.assets import DUCKDB_POOL, WRAPPER_VERSION
from jobintel_assets.defs.resources import DuckDBStoreResource
from jobintel_assets.layers import pay
from jobintel_assets.layers.models import JobPosting
from jobintel_assets.layers.registry import code_fingerprint
from jobintel_assets.shortlist import SHORTLIST_PARTITIONS

PAY_VIEW = "pay_view"
MARKET_JOB = "market_view"
_PREVIEW_ROWS = 25

# Recomputed after postings, scores or the CV really change (their data version, as for the layers),
# once no upstream partition is being materialized; a job that failed its triage does not hold the
# view back (eager would wait for every partition).
PAY_AUTOMATION = (
    dg.AutomationCondition.eager()
    .without(~dg.AutomationCondition.any_deps_missing())
    .replace("newly_updated", dg.AutomationCondition.data_version_changed())
)


def _cell(value: object) -> str:
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def pay_preview(view: pay.PayView) -> str:
    """The groups with percentiles and the shortlisted jobs' positions, as Markdown tables."""
    groups = [g for g in view.groups if g.enough]
    lines = [
        f"**{len(view.postings)} postings**: {len(view.postings) - len(view.no_pay_job_ids())} with pay "
        f"in a known currency, {len(view.no_pay_job_ids())} without (no pay stated, or no currency). "
        f"Percentiles from {view.min_postings} postings with pay; figures are of each range's midpoint.",
        "",
        "| group | postings | 25th | median | 75th | no pay stated |",
        "|---|---|---|---|---|---|",
    ]
    for group in groups[:_PREVIEW_ROWS]:
        figures = [
            pay.money(v, group.currency) for v in (group.p25, group.median, group.p75) if v is not None
        ]
        lines.append(
            f"| {_cell(group.group_id)} | {group.postings} | {' | '.join(figures)} "
            f"| {len(group.no_pay_job_ids)} |"
        )
    if len(groups) > _PREVIEW_ROWS:
        lines.append(f"| … and {len(groups) - _PREVIEW_ROWS} more groups (table pay_groups) | | | | | |")
    if not groups:
        lines.append("| no group has enough postings with pay | | | | | |")
    lines += ["", "| shortlisted job | pay | where it sits | compared with |", "|---|---|---|---|"]
    for position in view.positions:
        lines.append(
            f"| {_cell(position.job_id)} | {_cell(position.salary_text or 'not stated')} "
            f"| {_cell(position.band)} | {_cell(position.compared_with or '')} "
            f"({len(position.comparable_job_ids)}) |"
        )
    return "\n".join(lines)


@dg.asset(
    name=PAY_VIEW,
    deps=["job_posting", "fit_score", "candidate_profile"],
    group_name="market",
    code_version=f"{WRAPPER_VERSION}+{code_fingerprint(pay)}",
    kinds={"duckdb", "python"},
    pool=DUCKDB_POOL,
    automation_condition=PAY_AUTOMATION,
)
def pay_view(context: dg.AssetExecutionContext, store: DuckDBStoreResource) -> dg.MaterializeResult:
    """Pay from every posting that states it, by title family, level and place, with percentiles and
    the job ids behind every figure; where each shortlisted job's range sits; a negotiation note
    against the master CV's salary floor."""
    db = store.open()
    with db.session():
        postings = db.read_records("job_posting", context.instance.get_dynamic_partitions("job"), JobPosting)
        candidate = db.read_candidate()
        view = pay.pay_view(
            list(postings.values()), context.instance.get_dynamic_partitions(SHORTLIST_PARTITIONS), candidate
        )
        db.replace_pay_view(
            {"pay_postings": view.postings, "pay_groups": view.groups, "pay_positions": view.positions},
            datetime.now(UTC),
            context.run.run_id,
        )
    stated = [p for p in view.postings if p.status is pay.PayStatus.stated]
    return dg.MaterializeResult(
        metadata={
            "postings": len(view.postings),
            "with_pay": len(stated),
            "no_pay_stated": sum(1 for p in view.postings if p.status is pay.PayStatus.no_pay_stated),
            "no_currency": sum(1 for p in view.postings if p.status is pay.PayStatus.no_currency),
            "groups": len(view.groups),
            "groups_with_percentiles": sum(1 for g in view.groups if g.enough),
            "min_postings": view.min_postings,
            "shortlisted_positioned": len(view.positions),
            "preview": dg.MetadataValue.md(pay_preview(view)),
        },
    )


market_view_job = dg.define_asset_job(
    MARKET_JOB, selection=[PAY_VIEW], description="The pay view over every posting (not partitioned)."
)
