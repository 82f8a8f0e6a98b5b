"""The pay view: groups, counts and percentiles from the postings that state pay, nothing from those
that do not; and the pay tables `jobintel run` fills."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from jobintel_assets.ingestion.candidate import load_candidate
from jobintel_assets.layers.models import JobPosting
from jobintel_assets.layers.pay import PayStatus, pay_view
from jobintel_tests.conftest import CANDIDATE_DIR

NOW = datetime(2026, 11, 30, tzinfo=UTC)
UK_DATA_SENIOR = "data · senior · United Kingdom · GBP a year"


def posting(job_id: str, title: str, location: str, salary: str | None, text: str = "") -> JobPosting:
    return JobPosting(
        job_id=job_id,
        source=f"inbox:{job_id}.md",
        title=title,
        company=f"Company {job_id}",
        location=location,
        description=text or f"We are hiring a {title}. You will build pipelines in Python and SQL.",
        salary=salary,
        content_sha256=job_id * 8,
        ingested_at=NOW,
    )


POSTINGS = [
    posting("a1", "Senior Data Engineer", "London, UK (hybrid)", "£80,000 - £90,000"),
    posting("a2", "Senior Data Engineer", "Manchester", "£90,000 – £100,000"),
    posting(
        "a3",
        "Senior Data Engineer",
        "Leeds, United Kingdom",
        None,
        "Build our lakehouse.\nSalary: £100,000 - £120,000 plus bonus.\nWe offer a $1,500 learning budget.",
    ),
    posting("a4", "Senior Data Engineer", "London, UK", None),
    posting("a5", "Senior Data Engineer", "Berlin, Germany", "€85,000 - €95,000"),
    posting("a6", "Senior Data Engineer", "London, UK", "£500 - £600 per day"),
    posting("a7", "Senior Data Engineer", "London, UK", "80,000 - 95,000"),
    posting(
        "a8", "Senior Data Engineer", "London", None, "Great team. A $1,500 learning budget and 30 days off."
    ),
    posting("a9", "Senior Backend Engineer", "London, UK", "£70,000 - £80,000"),
]
NO_FIGURE = {"a4", "a7", "a8"}


def candidate(floor: int | None):
    profile = load_candidate(CANDIDATE_DIR)
    preferences = profile.preferences.model_copy(update={"salary_floor": floor, "salary_currency": "GBP"})
    return profile.model_copy(update={"preferences": preferences})


def test_groups_count_and_summarize_only_the_postings_that_state_pay_in_one_currency_and_period():
    view = pay_view(POSTINGS, [], candidate(100_000))
    groups = {group.group_id: group for group in view.groups}

    status = {p.job_id: p.status for p in view.postings}
    assert {job for job, s in status.items() if s is not PayStatus.stated} == NO_FIGURE
    assert status["a7"] is PayStatus.no_currency  # amounts, but whose money?
    uk = groups[UK_DATA_SENIOR]
    assert uk.job_ids == ["a1", "a2", "a3"] and uk.postings == 3 and uk.enough
    # Midpoints 85,000, 95,000 and 110,000, interpolated between the sorted values.
    assert (uk.p25, uk.median, uk.p75) == (90_000, 95_000, 102_500)
    assert (uk.low_median, uk.high_median) == (90_000, 100_000)
    assert set(uk.no_pay_job_ids) == NO_FIGURE
    # Euros and day rates are groups of their own, too small for percentiles, never mixed into pounds a year.
    euros = groups["data · senior · Germany · EUR a year"]
    assert euros.job_ids == ["a5"] and not euros.enough and euros.median is None
    assert "too few" in euros.summary
    assert groups["data · senior · United Kingdom · GBP a day"].job_ids == ["a6"]
    assert groups["senior · GBP a year"].job_ids == ["a1", "a2", "a3", "a9"]
    assert all(not NO_FIGURE & set(group.job_ids) for group in view.groups)


def test_a_shortlisted_job_is_placed_among_other_comparable_postings_and_against_the_floor():
    view = pay_view(POSTINGS, ["a2", "a4"], candidate(95_000))
    placed, silent = view.positions

    # a2 has only two other UK senior data postings with pay, so it is compared with every senior
    # posting paid in pounds a year, itself left out: midpoints 75,000, 85,000 and 110,000.
    assert placed.compared_with == "senior · GBP a year"
    assert placed.comparable_job_ids == ["a1", "a3", "a9"]
    assert (placed.p25, placed.median, placed.p75) == (80_000, 85_000, 97_500)
    assert placed.band == "between the median and the 75th percentile"
    assert "£95,000" in placed.negotiation_note and "higher than 2 of them" in placed.negotiation_note
    assert "Your floor, £95,000 a year, lies inside the range" in placed.negotiation_note
    assert silent.band == "no pay stated" and silent.minimum is None
    assert silent.negotiation_note.startswith("The posting states no pay")
    assert not NO_FIGURE & set(placed.comparable_job_ids + silent.comparable_job_ids)


def test_a_floor_above_the_range_is_said_with_how_many_comparable_postings_reach_it():
    view = pay_view(POSTINGS, ["a9"], candidate(120_000))
    (position,) = view.positions

    assert position.comparable_job_ids == ["a1", "a2", "a3"]
    assert "£40,000 above the top of the range" in position.negotiation_note
    assert "None of the 3 comparable postings has a midpoint that high" in position.negotiation_note


def test_jobintel_run_fills_the_pay_tables_and_jobintel_pay_prints_them(materialized_project):
    folder, env = materialized_project
    with duckdb.connect(env["JOBINTEL_DB"], read_only=True) as con:
        postings = con.execute("SELECT count(*) FROM job_posting").fetchone()[0]
        rows = dict(con.execute("SELECT job_id, status FROM pay_postings").fetchall())
        shortlisted = {row[0] for row in con.execute("SELECT job_id FROM dossier").fetchall()}
        positioned = {row[0] for row in con.execute("SELECT job_id FROM pay_positions").fetchall()}
        grouped = {job for (ids,) in con.execute("SELECT job_ids FROM pay_groups").fetchall() for job in ids}

    assert len(rows) == postings == 3
    assert positioned == shortlisted
    assert grouped == {job for job, status in rows.items() if status == "stated"}
    jobintel = str(Path(sys.executable).parent / "jobintel")
    shown = subprocess.run(
        [jobintel, "pay"], env=env, cwd=folder, capture_output=True, text=True, timeout=120
    )
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "Pay, from 3 postings" in shown.stdout and "Shortlisted jobs (2)" in shown.stdout


def test_dollars_alone_in_a_canadian_posting_are_kept_apart_from_us_dollars():
    toronto = posting("t1", "Senior Data Engineer", "Toronto, Canada", "$120,000 - $140,000")
    boston = posting("b1", "Senior Data Engineer", "Boston, MA", "$150,000 - $170,000")
    view = pay_view([toronto, boston], ["t1"], candidate(100_000))
    read = {p.job_id: p for p in view.postings}

    assert (read["t1"].currency, read["b1"].currency) == ("$", "USD")
    assert {g.group_id for g in view.groups if "t1" in g.job_ids} == {
        "data · senior · Canada · $ a year",
        "data · senior · $ a year",
        "senior · $ a year",
    }
    assert "means its own or US dollars" in view.positions[0].negotiation_note
