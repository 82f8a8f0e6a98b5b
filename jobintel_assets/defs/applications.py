"""Your applications in the UI. `jobintel track` writes the ``application_events`` table outside any
Dagster run, so the table is an external asset (``dg.AssetSpec``): after each change, and after each
`jobintel run`, the CLI reports a materialization of it whose metadata is the funnel. The UI shows the
latest funnel as a table and plots each status's count over time.
"""

from pathlib import Path

import dagster as dg

from jobintel_assets.reporting import Applications, applications

APPLICATIONS = "application_events"

application_events = dg.AssetSpec(
    APPLICATIONS,
    group_name="applications",
    description="Every status change you recorded with `jobintel track` (views: pipeline, "
    "application_status, application_history).",
    kinds={"duckdb"},
    deps=["job_posting"],
)


def funnel_markdown(found: Applications) -> str:
    """The funnel and the follow-ups that are due, as Markdown tables."""
    lines = ["| status | jobs |", "|---|---|"]
    lines += [f"| {status} | {jobs} |" for status, jobs in found.funnel]
    if found.overdue:
        lines += ["", "| follow-up overdue | status | since | follow up on |", "|---|---|---|---|"]
        lines += [
            f"| {row['job_id']} | {row['status']} | {row['since']} | {row['follow_up']} |"
            for row in found.overdue
        ]
    return "\n".join(lines)


def report_applications(instance: dg.DagsterInstance, db: Path, reason: str) -> None:
    """Record the funnel as it stands in ``db`` as a materialization of ``application_events``."""
    found = applications(db)
    instance.report_runless_asset_event(
        dg.AssetMaterialization(
            APPLICATIONS,
            description=reason,
            metadata={
                **{status: dg.MetadataValue.int(jobs) for status, jobs in found.funnel},
                "overdue_follow_ups": dg.MetadataValue.int(len(found.overdue)),
                "funnel": dg.MetadataValue.md(funnel_markdown(found)),
            },
        )
    )
