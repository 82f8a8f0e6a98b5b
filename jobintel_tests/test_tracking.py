"""Application tracking: `jobintel track` records where each job stands, `jobintel pipeline` and the
DuckDB views show the funnel, and the shortlist follows the status."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from jobintel_assets import cli
from jobintel_assets.layers.models import FitScore, Tier
from jobintel_assets.shortlist import SHORTLIST_PARTITIONS, parse_tiers, shortlist
from jobintel_assets.storage.duckdb_store import DuckDBStore
from jobintel_assets.tracking import (
    Status,
    StatusChange,
    TrackingError,
    history,
    next_change,
    parse_date,
    parse_status,
    record,
    statuses,
)
from jobintel_tests.conftest import SAMPLE_INBOX

# Tier B with the bundled master CV, and tier D (it pays below the master CV's salary floor).
FITS = "lumen-ledger-staff-backend-engineer.md"
UNDERPAID = "northwind-analytics-senior-data-engineer.md"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _fit(score: int, tier: Tier) -> FitScore:
    return FitScore.model_construct(fit_score=score, tier=tier)


def test_a_status_puts_a_job_on_the_shortlist_or_takes_it_off_whatever_its_tier():
    fits = {"a-job": _fit(91, Tier.A), "b-job": _fit(75, Tier.B), "d-job": _fit(20, Tier.D)}
    tiers = parse_tiers("A,B")

    assert list(shortlist(fits, tiers, {})) == ["a-job", "b-job"]
    for status in (Status.SHORTLISTED, Status.APPLIED, Status.SCREENING, Status.INTERVIEWING, Status.OFFER):
        assert "d-job" in shortlist(fits, tiers, {"d-job": status}), status
    for status in (Status.REJECTED, Status.WITHDRAWN, Status.DISCARDED):
        assert "a-job" not in shortlist(fits, tiers, {"a-job": status}), status
    assert list(shortlist(fits, tiers, {"a-job": Status.NEW, "d-job": Status.NEW})) == ["a-job", "b-job"]
    assert shortlist(fits, tiers, {"d-job": Status.APPLIED})["d-job"] == "applied (tier D, 20/100)"


def test_the_follow_up_date_stays_with_the_status_and_a_new_status_clears_it():
    applied = next_change(None, "x", Status.APPLIED, date(2026, 11, 20), date(2026, 12, 10), "referral", NOW)
    note_only = next_change(applied, "x", None, date(2026, 11, 22), None, "emailed Sam", NOW)
    screening = next_change(note_only, "x", Status.SCREENING, date(2026, 11, 25), None, None, NOW)

    assert (note_only.status, note_only.follow_up) == (Status.APPLIED, date(2026, 12, 10))
    assert (screening.status, screening.follow_up) == (Status.SCREENING, None)


def test_a_bad_status_or_date_is_named_with_what_to_write():
    with pytest.raises(TrackingError, match=r"unknown status 'hired': use one of new, shortlisted, applied"):
        parse_status("hired")
    with pytest.raises(
        TrackingError, match=r"--follow-up '2026-13-01' is not a date: write it as YYYY-MM-DD"
    ):
        parse_date("2026-13-01", "--follow-up")


def test_the_history_survives_a_schema_change_and_a_failed_write_records_nothing(tmp_path: Path):
    path = tmp_path / "jobintel.duckdb"
    store = DuckDBStore(path)
    record(store, [StatusChange("x", Status.APPLIED, date(2026, 11, 20), None, "referral", NOW)])
    with duckdb.connect(str(path)) as con:  # as an older jobintel wrote it: a computed table differs
        con.execute("ALTER TABLE fit_score ADD COLUMN retired_column VARCHAR")

    reopened = DuckDBStore(path)
    with pytest.raises(duckdb.ConstraintException):
        record(
            reopened,
            [
                StatusChange("x", Status.SCREENING, date(2026, 11, 25), None, None, NOW),
                StatusChange("x", "hired", date(2026, 11, 26), None, None, NOW),  # type: ignore[arg-type]
            ],
        )

    with duckdb.connect(str(path), read_only=True) as con:
        assert "retired_column" not in {row[0] for row in con.execute("DESCRIBE fit_score").fetchall()}
    assert [(c.status, c.note) for c in history(reopened, "x")] == [(Status.APPLIED, "referral")]


@pytest.fixture
def tracked_project(jobintel_env: Path) -> tuple[Path, DuckDBStore, str, str]:
    """Two samples run through `jobintel run`: (inbox, store, the tier-B job, the tier-D job)."""
    inbox = jobintel_env / "inbox"
    inbox.mkdir()
    for name in (FITS, UNDERPAID):
        shutil.copy(SAMPLE_INBOX / name, inbox / name)
    assert cli.main(["run", "--inbox", str(inbox)]) == cli.EXIT_OK
    store = DuckDBStore(jobintel_env / "jobintel.duckdb")
    fits = store.read_records("fit_score", [row["job_id"] for row in store.overview()], FitScore)
    (fitting,) = [job_id for job_id, fit in fits.items() if fit.tier == Tier.B]
    (underpaid,) = [job_id for job_id, fit in fits.items() if fit.tier == Tier.D]
    return inbox, store, fitting, underpaid


def test_a_job_goes_through_the_whole_funnel_and_back_and_keeps_its_status(tracked_project, capsys):
    inbox, store, fitting, underpaid = tracked_project
    capsys.readouterr()
    today = datetime.now().astimezone().date()
    steps = [
        ("shortlisted", []),
        ("applied", ["--note", "via referral", "--follow-up", str(today + timedelta(days=10))]),
        ("screening", []),
        ("interviewing", ["--follow-up", str(today - timedelta(days=2))]),
        ("offer", []),
        ("interviewing", ["--note", "offer withdrawn, one more round"]),
        ("rejected", []),
        ("shortlisted", ["--note", "re-opened"]),
        ("new", []),
    ]
    for status, options in steps:
        assert cli.main(["track", underpaid[:-9], status, *options]) == cli.EXIT_OK, status
        assert underpaid in _pipeline_job_ids(store, status), status
        # On the shortlist while you work on it, off once it is over; new: back to its tier (D).
        on_shortlist = status in {"shortlisted", "applied", "screening", "interviewing", "offer"}
        assert (underpaid in _shortlist_partitions()) == on_shortlist, status
        if "--follow-up" in options:  # in 10 days, then 2 days ago
            assert _view_row(store, underpaid)["follow_up_overdue"] is (status == "interviewing")
    out = capsys.readouterr().out
    assert f"{underpaid}: interviewing on {today} (moved back from offer)" in out
    assert f"{underpaid}: applied on {today} (moved from shortlisted); follow up on" in out

    recorded = history(store, underpaid)
    assert [c.status.value for c in recorded] == [status for status, _ in steps]
    assert recorded[1].note == "via referral"
    # Shortlisting gave the tier-D job its dossier; going back to new left it, no longer refreshed.
    assert store.read_lineages("dossier", [underpaid])

    assert cli.main(["track", underpaid]) == cli.EXIT_OK
    shown = capsys.readouterr().out
    assert "Status: new since" in shown and "offer withdrawn, one more round" in shown

    # Reruns, re-ingesting the same posting (touched, copied under another name, edited) and --all keep it.
    assert cli.main(["track", fitting, "applied", "--on", "2026-11-20"]) == cli.EXIT_OK
    (inbox / FITS).touch()
    shutil.copy(inbox / FITS, inbox / f"copy-of-{FITS}")
    assert cli.main(["run", "--inbox", str(inbox)]) == cli.EXIT_OK
    (inbox / FITS).write_text((inbox / FITS).read_text() + "\nBenefits: 30 days of holiday.\n")
    assert cli.main(["run", "--inbox", str(inbox), "--all"]) == cli.EXIT_OK
    assert sorted(row["job_id"] for row in store.overview()) == sorted([fitting, underpaid])
    assert statuses(store) == {fitting: Status.APPLIED, underpaid: Status.NEW}
    assert _view_row(store, fitting)["applied_on"] == date(2026, 11, 20)
    assert len(history(store, underpaid)) == len(steps)


def test_a_discarded_job_leaves_the_shortlist_and_its_deep_layers_are_not_refreshed(tracked_project, capsys):
    inbox, store, fitting, underpaid = tracked_project
    written = store.read_lineages("dossier", [fitting])[fitting]

    assert cli.main(["track", "--tier", "D", "discarded"]) == cli.EXIT_OK
    assert cli.main(["shortlist", "remove", fitting]) == cli.EXIT_OK
    assert statuses(store) == {fitting: Status.DISCARDED, underpaid: Status.DISCARDED}
    assert _shortlist_partitions() == []
    assert cli.main(["run", "--inbox", str(inbox), "--all"]) == cli.EXIT_OK

    assert store.read_lineages("dossier", [fitting])[fitting] == written
    assert "no: discarded (tier B" in capsys.readouterr().out
    assert cli.main(["shortlist", "add", fitting]) == cli.EXIT_OK
    assert _shortlist_partitions() == [fitting]
    # A move by tier leaves alone the jobs you applied to.
    assert cli.main(["track", fitting, "applied"]) == cli.EXIT_OK
    assert cli.main(["track", "--tier", "B", "discarded"]) == cli.EXIT_OK
    assert "0 job(s) of tier B now discarded; left alone: 1 applied" in capsys.readouterr().out
    assert statuses(store)[fitting] == Status.APPLIED


def test_bad_input_names_the_job_or_field_exits_2_and_records_nothing(tracked_project, capsys):
    _, store, fitting, _ = tracked_project
    capsys.readouterr()
    for argv, message in [
        (["track", "no-such-job", "applied"], "no job 'no-such-job' in the database"),
        (["track", fitting, "hired"], "unknown status 'hired': use one of new, shortlisted"),
        (["track", fitting, "applied", "--follow-up", "10/12/2026"], f"{fitting}: --follow-up '10/12/2026'"),
        (["track", fitting, "no-such-job", "applied"], "no job 'no-such-job'"),
        (["track", "--tier", "E", "discarded"], "--tier 'E': E is not a fit tier"),
        (["track", "discarded"], "which jobs?"),
    ]:
        assert cli.main(argv) == cli.EXIT_USAGE, argv
        assert message in capsys.readouterr().out, argv
    assert statuses(store) == {}


def test_pipeline_and_report_show_the_funnel_and_the_overdue_follow_ups(tracked_project, capsys):
    _, _, fitting, underpaid = tracked_project
    assert cli.main(["track", fitting, "applied", "--on", "2026-11-01", "--follow-up", "2026-11-08"]) == 0
    assert cli.main(["track", underpaid, "discarded", "--note", "pay below my floor"]) == 0
    capsys.readouterr()

    assert cli.main(["pipeline"]) == cli.EXIT_OK
    shown = capsys.readouterr().out
    assert "Follow-ups overdue (1):" in shown and "2026-11-08" in shown
    assert "In progress (1), longest wait first:" in shown
    assert [line.split()[:2] for line in shown.splitlines() if line.startswith("  ")][:3] == [
        ["new", "0"],
        ["shortlisted", "0"],
        ["applied", "1"],
    ]
    assert cli.main(["report"]) == cli.EXIT_OK
    assert "Applications: applied 1, discarded 1" in capsys.readouterr().out
    assert cli.main(["status"]) == cli.EXIT_OK
    assert re.search(r"^application_events +2 *$", capsys.readouterr().out, re.M)

    # The UI shows the same funnel: the application_events asset's latest materialization.
    event = dg.DagsterInstance.get().get_latest_materialization_event(dg.AssetKey("application_events"))
    assert event is not None and event.asset_materialization is not None
    shown_in_ui = {key: value.value for key, value in event.asset_materialization.metadata.items()}
    assert (shown_in_ui["applied"], shown_in_ui["discarded"], shown_in_ui["new"]) == (1, 1, 0)
    assert shown_in_ui["overdue_follow_ups"] == 1 and "| 2026-11-08 |" in shown_in_ui["funnel"]


def _pipeline_job_ids(store: DuckDBStore, status: str) -> list[str]:
    with store.connect() as con:
        return con.execute("SELECT job_ids FROM pipeline WHERE status = ?", [status]).fetchone()[0]


def _view_row(store: DuckDBStore, job_id: str) -> dict[str, object]:
    with store.connect() as con:
        cursor = con.execute("SELECT * FROM application_status WHERE job_id = ?", [job_id])
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def _shortlist_partitions() -> list[str]:
    return list(dg.DagsterInstance.get().get_dynamic_partitions(SHORTLIST_PARTITIONS))
