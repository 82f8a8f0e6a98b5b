"""One posting seen twice is one job; two requisitions, or two roles, are two."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jobintel_assets.ingestion.duplicates import (
    NEAR_DUPLICATE_JACCARD,
    body_sketch,
    estimated_jaccard,
)
from jobintel_assets.ingestion.ingest import ingest
from jobintel_assets.ingestion.parsers import ParseResult, PostingDraft
from jobintel_assets.storage.duckdb_store import DuckDBStore

NOW = datetime(2025, 11, 20, 9, 0, tzinfo=UTC)

ABOUT = (
    "Meridian Retail runs 220 stores and an online shop that grew 40% last year. Our data team of "
    "nine serves merchandising, finance and the stores themselves. We offer 30 days of holiday, a "
    "pension with 6% matching, a learning budget of 1,500 pounds and two days a week in our Leeds "
    "office. We are an equal opportunity employer and welcome applicants from every background."
)
PIPELINES = (
    "What you'll do\n- Build and run our batch pipelines in Airflow and dbt on Snowflake.\n"
    "- Replace the nightly stock export with a streaming feed from the tills.\n"
    "- Work with finance to make the weekly margin report trustworthy.\n"
    "Must have\n- 3+ years building data pipelines in Python and SQL."
)
PLATFORM = (
    "What you'll do\n- Own the Kubernetes platform the data team deploys to.\n"
    "- Cut our cloud bill by a third without slowing anyone down.\n"
    "- Run on-call for the customer-facing recommendation service.\n"
    "Must have\n- 3+ years running production infrastructure with Terraform."
)


def draft(source: str, description: str, **fields: str | None) -> PostingDraft:
    values = {"title": "Data Engineer", "company": "Meridian Retail"} | fields
    return PostingDraft(source=source, description=description, **values)


@pytest.fixture
def store(tmp_path: Path) -> DuckDBStore:
    return DuckDBStore(tmp_path / "jobintel.duckdb")


def ingest_drafts(store: DuckDBStore, *drafts: PostingDraft):
    return ingest(store, ParseResult(postings=list(drafts)), NOW)


def test_a_repost_with_a_new_board_id_and_url_is_the_same_job(store: DuckDBStore) -> None:
    body = f"{ABOUT}\n\n{PIPELINES}"
    original = draft(
        "greenhouse:meridian#id=101",
        body,
        url="https://boards.greenhouse.io/meridian/jobs/101",
        ats_key="greenhouse:meridian#id=101",
    )
    repost = replace(
        original,
        source="greenhouse:meridian#id=187",
        url="https://boards.greenhouse.io/meridian/jobs/187",
        ats_key="greenhouse:meridian#id=187",
        description=body.replace("grew 40% last year", "grew 45% last year"),
    )
    assert original.job_id != repost.job_id  # the URL alone would have made two jobs

    first = ingest_drafts(store, original)
    second = ingest_drafts(store, repost)

    assert second.job_ids == first.job_ids and second.new == []
    assert second.duplicates == {"greenhouse:meridian#id=187": first.job_ids[0]}
    assert store.table_counts()["ingested_postings"] == 1


def test_two_requisitions_with_the_same_title_and_text_stay_two_jobs(store: DuckDBStore) -> None:
    body = f"{ABOUT}\n\n{PIPELINES}"
    report = ingest_drafts(
        store,
        draft("inbox:jobs.csv#row=2", body, requisition_id="MR-1041"),
        draft("inbox:jobs.csv#row=3", body, requisition_id="MR-1042"),
    )

    assert len(report.job_ids) == 2 and len(report.new) == 2
    assert report.duplicates == {}
    ids = {store.ingested_posting(job_id).requisition_id for job_id in report.job_ids}
    assert ids == {"MR-1041", "MR-1042"}


def test_a_copy_without_a_requisition_id_joins_the_job_that_has_one(store: DuckDBStore) -> None:
    body = f"{ABOUT}\n\n{PIPELINES}"
    report = ingest_drafts(
        store,
        draft(
            "greenhouse:meridian#id=101", body, requisition_id="MR-1041", ats_key="greenhouse:meridian#id=101"
        ),
        draft("inbox:saved.txt", body.replace("\n- ", "\n* ")),
    )

    assert len(report.job_ids) == 1 and list(report.duplicates) == ["inbox:saved.txt"]


def test_two_roles_sharing_boilerplate_stay_two_jobs(store: DuckDBStore) -> None:
    pipelines = draft("inbox:a.md", f"{ABOUT}\n\n{PIPELINES}")
    platform = draft("inbox:b.md", f"{ABOUT}\n\n{PLATFORM}", title="Platform Engineer")
    same_title = draft("inbox:c.md", f"{ABOUT}\n\n{PLATFORM}")  # same company and title, other work

    report = ingest_drafts(store, pipelines, platform, same_title)

    assert len(report.job_ids) == 3 and report.duplicates == {}
    assert estimated_jaccard(body_sketch(pipelines.description), body_sketch(same_title.description)) < (
        NEAR_DUPLICATE_JACCARD
    )


def test_the_same_url_is_the_same_job_even_when_one_copy_has_a_requisition_id(store: DuckDBStore) -> None:
    url = "https://careers.meridian.example/jobs/data-engineer"
    report = ingest_drafts(
        store,
        draft("inbox:a.md", PIPELINES, url=url + "?utm_source=newsletter"),
        draft("inbox:b.json", "A shorter version of the posting.", url=url, requisition_id="MR-1041"),
    )

    assert len(report.job_ids) == 1 and list(report.duplicates) == ["inbox:b.json"]


def test_an_edited_file_updates_its_job_instead_of_adding_one(store: DuckDBStore) -> None:
    body = f"{ABOUT}\n\n{PIPELINES}"
    first = ingest_drafts(store, draft("inbox:meridian.md", body))
    edited = ingest_drafts(store, draft("inbox:meridian.md", body.replace("nine", "ten")))

    assert edited.job_ids == first.job_ids
    assert edited.changed == first.job_ids and edited.new == []
    assert "team of ten" in store.ingested_posting(first.job_ids[0]).description


def test_ingesting_the_same_postings_twice_adds_nothing(store: DuckDBStore) -> None:
    drafts = [draft("inbox:a.md", f"{ABOUT}\n\n{PIPELINES}"), draft("inbox:b.md", PLATFORM, title="SRE")]
    first = ingest_drafts(store, *drafts)
    again = ingest_drafts(store, *drafts)

    assert again.job_ids == first.job_ids
    assert (again.new, again.changed, again.duplicates) == ([], [], {})
    with store.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM ingestion_log").fetchone() == (2,)


def test_sketch_estimate_is_exact_for_short_texts_and_close_for_long_ones() -> None:
    assert estimated_jaccard(body_sketch("a b c d e"), body_sketch("a b c d f")) == pytest.approx(2 / 4)
    assert estimated_jaccard(body_sketch(PIPELINES), body_sketch(PIPELINES.upper())) == 1.0

    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(3000)]
    words = [rng.choice(vocabulary) for _ in range(2000)]
    edited = words[:1500] + [rng.choice(vocabulary) for _ in range(500)]

    def shingles(ws: list[str]) -> set[str]:
        return {" ".join(ws[i : i + 3]) for i in range(len(ws) - 2)}

    exact = len(shingles(words) & shingles(edited)) / len(shingles(words) | shingles(edited))
    estimate = estimated_jaccard(body_sketch(" ".join(words)), body_sketch(" ".join(edited)))
    assert abs(estimate - exact) < 0.1
