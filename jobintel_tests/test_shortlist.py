"""The shortlist: every job is triaged, the jobs in the shortlist tiers (or picked by hand) get the
deep layers, and the shortlist follows the scores when the master CV changes."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest

from jobintel_assets import cli
from jobintel_assets.layers.models import FitScore, Tier
from jobintel_assets.shortlist import SHORTLIST_PARTITIONS, ShortlistError, parse_tiers, shortlist
from jobintel_assets.storage.duckdb_store import DuckDBStore
from jobintel_assets.tracking import (
    Status,
    StatusChange,
    TrackingError,
    import_hand_picked,
    record,
    statuses,
)
from jobintel_tests.conftest import SAMPLE_INBOX

# Tier B with the bundled master CV; tier D while it asks for GBP 110,000 (the posting pays at most
# GBP 100,000), tier B when it asks for GBP 95,000.
FITS = "lumen-ledger-staff-backend-engineer.md"
PAY_BELOW_FLOOR = "northwind-analytics-senior-data-engineer.md"
DEEP = ["company_research", "contacts", "cv", "interview_prep", "dossier"]
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _fit(score: int, tier: Tier) -> FitScore:
    return FitScore.model_construct(fit_score=score, tier=tier)


def test_the_shortlist_is_the_shortlist_tiers_plus_shortlisted_minus_discarded():
    fits = {
        "a-job": _fit(91, Tier.A),
        "b-job": _fit(75, Tier.B),
        "c-job": _fit(60, Tier.C),
        "d-job": _fit(20, Tier.D),
    }

    assert list(shortlist(fits, parse_tiers("A,B"), {})) == ["a-job", "b-job"]
    tracked = {"d-job": Status.SHORTLISTED, "unscored-job": Status.SHORTLISTED, "a-job": Status.DISCARDED}
    reasons = shortlist(fits, parse_tiers("A,B"), tracked)
    assert list(reasons) == ["b-job", "d-job"]  # best score first; a job without a score waits for one
    assert reasons["d-job"] == "shortlisted (tier D, 20/100)"
    assert list(shortlist(fits, parse_tiers(""), {})) == []
    with pytest.raises(ShortlistError, match="JOBINTEL_SHORTLIST_TIERS='A,E': E is not a tier"):
        parse_tiers("A,E")


def test_a_shortlist_file_of_an_earlier_jobintel_is_recorded_as_statuses_once(tmp_path: Path):
    store = DuckDBStore(tmp_path / "jobintel.duckdb")
    record(store, [StatusChange("z-job", Status.APPLIED, NOW.date(), None, None, NOW)])
    path = tmp_path / "shortlist.yaml"
    path.write_text("add:\n  - x-job\n  - z-job\nremove:\n  - y-job\n")

    import_hand_picked(store, path, NOW)

    # A job you tracked since keeps its status; the file is kept beside, and read once.
    assert statuses(store) == {
        "x-job": Status.SHORTLISTED,
        "y-job": Status.DISCARDED,
        "z-job": Status.APPLIED,
    }
    assert not path.exists() and (tmp_path / "shortlist.yaml.imported").is_file()
    assert import_hand_picked(store, path, NOW) == []
    path.write_text("add: x-job\n")
    with pytest.raises(TrackingError, match=rf"{path}: field 'add' must be a list of job ids"):
        import_hand_picked(store, path, NOW)


def _set_salary_floor(master_cv: Path, floor: int) -> None:
    text = master_cv.read_text()
    current = next(line for line in text.splitlines() if line.strip().startswith("salary_floor:"))
    master_cv.write_text(text.replace(current, f"  salary_floor: {floor}"))


def test_a_job_enters_and_leaves_the_shortlist_when_the_master_cv_changes(jobintel_env: Path, capsys):
    inbox = jobintel_env / "inbox"
    inbox.mkdir()
    for name in (FITS, PAY_BELOW_FLOOR):
        shutil.copy(SAMPLE_INBOX / name, inbox / name)
    store = DuckDBStore(jobintel_env / "jobintel.duckdb")
    master_cv = jobintel_env / "candidate" / "master_cv.yaml"

    assert cli.main(["run", "--inbox", str(inbox)]) == cli.EXIT_OK

    out = capsys.readouterr().out
    fits = store.read_records("fit_score", _job_ids(store), FitScore)
    (fitting,) = [job_id for job_id, fit in fits.items() if fit.tier == Tier.B]
    (underpaid,) = [job_id for job_id, fit in fits.items() if fit.tier == Tier.D]
    assert "Dealbreaker: pays at most GBP 100,000" in fits[underpaid].fit_rationale
    assert set(store.read_lineages("fit_score", [fitting, underpaid])) == {fitting, underpaid}
    for layer in DEEP:
        assert set(store.read_lineages(layer, [fitting, underpaid])) == {fitting}, layer
    assert f"yes: tier B ({fits[fitting].fit_score}/100)" in out
    assert "no: tier D (41/100) is not a shortlist tier (A,B)" in out
    assert Path(store.overview([fitting])[0]["dossier_path"]).is_file()
    assert _shortlist_partitions() == [fitting]

    _set_salary_floor(master_cv, 95000)
    assert cli.main(["rescore"]) == cli.EXIT_OK

    assert store.read_records("fit_score", [underpaid], FitScore)[underpaid].tier == Tier.B
    assert "1 joined, 0 left" in capsys.readouterr().out
    for layer in DEEP:
        assert set(store.read_lineages(layer, [fitting, underpaid])) == {fitting, underpaid}, layer
    assert sorted(_shortlist_partitions()) == sorted([fitting, underpaid])
    written = store.read_lineages("dossier", [underpaid])[underpaid]

    _set_salary_floor(master_cv, 110000)
    assert cli.main(["rescore"]) == cli.EXIT_OK

    assert store.read_records("fit_score", [underpaid], FitScore)[underpaid].tier == Tier.D
    assert "0 joined, 1 left" in capsys.readouterr().out
    assert _shortlist_partitions() == [fitting]
    # What was written for it stays, and is no longer refreshed.
    assert store.read_lineages("dossier", [underpaid])[underpaid] == written
    assert Path(store.overview([underpaid])[0]["dossier_path"]).is_file()

    assert cli.main(["shortlist", "add", underpaid]) == cli.EXIT_OK
    assert sorted(_shortlist_partitions()) == sorted([fitting, underpaid])
    assert store.read_lineages("dossier", [underpaid])[underpaid].run_id != written.run_id
    assert cli.main(["shortlist", "remove", fitting]) == cli.EXIT_OK
    assert _shortlist_partitions() == [underpaid]
    capsys.readouterr()
    assert cli.main(["shortlist", "list"]) == cli.EXIT_OK
    listed = capsys.readouterr().out
    assert "yes: shortlisted (tier D, 41/100)" in listed
    assert f"no: discarded (tier B, {fits[fitting].fit_score}/100)" in listed


def _job_ids(store: DuckDBStore) -> list[str]:
    return [row["job_id"] for row in store.overview()]


def _shortlist_partitions() -> list[str]:
    return list(dg.DagsterInstance.get().get_dynamic_partitions(SHORTLIST_PARTITIONS))
