"""The DuckDB store against a real file: typed tables, atomic partition replacement, the cache."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from jobintel_assets.caching import run_cached
from jobintel_assets.layers.models import Confidence, EvidencedItem, JobPosting, PainPoints, Rejection
from jobintel_assets.layers.text import content_hash
from jobintel_assets.storage.duckdb_store import CacheKey, DuckDBStore, Lineage

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _posting(
    job_id: str = "acme-data-engineer-1a2b3c4d", description: str = "Build our Kafka pipelines."
) -> JobPosting:
    return JobPosting(
        job_id=job_id,
        source="inbox:acme.md",
        url=None,
        title="Data Engineer",
        company="Acme",
        location="Berlin",
        description=description,
        content_sha256=content_hash(description),
        ingested_at=NOW,
    )


def _pain_points(text: str) -> PainPoints:
    item = EvidencedItem(text=text, evidence="Build our Kafka pipelines.", confidence=Confidence.high)
    return PainPoints(
        pain_points=[item],
        strategic_needs=[item],
        risks_if_unfilled=[],
        success_metrics=[],
        why_now=None,
        reasoning_summary="one cue",
    )


def _lineage(output: PainPoints, cache_hit: bool = False) -> Lineage:
    return Lineage(
        input_hash="in",
        output_hash=content_hash(output),
        provider="offline",
        model="heuristics",
        prompt_version="1",
        cache_hit=cache_hit,
        materialized_at=NOW,
        run_id="run-1",
    )


@pytest.fixture
def store(tmp_path) -> DuckDBStore:
    return DuckDBStore(tmp_path / "jobintel.duckdb")


def test_layer_record_round_trips_through_typed_columns(store):
    record = _pain_points("Streaming pipelines need an owner")
    store.write_record("pain_points", "job-1", record, _lineage(record))

    assert store.read_record("pain_points", "job-1", PainPoints) == record
    with duckdb.connect(str(store.path), read_only=True) as con:
        evidence = con.execute(
            "SELECT pain_points[1].evidence FROM pain_points WHERE job_id = 'job-1'"
        ).fetchone()
    assert evidence == ("Build our Kafka pipelines.",)


def test_rewriting_a_partition_replaces_its_row(store):
    first, second = _pain_points("first reading"), _pain_points("second reading")
    store.write_record("pain_points", "job-1", first, _lineage(first))
    store.write_record("pain_points", "job-1", second, _lineage(second))
    store.write_record("pain_points", "job-2", first, _lineage(first))

    assert store.table_counts()["pain_points"] == 2
    assert store.read_record("pain_points", "job-1", PainPoints) == second
    assert store.read_lineage("pain_points", "job-1").output_hash == content_hash(second)


def test_a_failed_write_keeps_the_previous_row(store):
    good = _pain_points("kept")
    store.write_record("pain_points", "job-1", good, _lineage(good))
    broken = Lineage(**{**_lineage(good).__dict__, "output_hash": None})

    with pytest.raises(duckdb.Error):
        store.write_record("pain_points", "job-1", _pain_points("never stored"), broken)

    assert store.read_record("pain_points", "job-1", PainPoints) == good


def test_job_ids_are_parameters_not_sql(store):
    record = _pain_points("x")
    hostile = "job'; DROP TABLE pain_points; --"
    store.write_record("pain_points", hostile, record, _lineage(record))

    assert store.read_record("pain_points", hostile, PainPoints) == record
    assert store.table_counts()["pain_points"] == 1


def test_ingesting_the_same_posting_twice_adds_nothing_and_a_changed_one_is_replaced(store):
    assert store.save_ingested([_posting()]) == (["acme-data-engineer-1a2b3c4d"], [])
    assert store.save_ingested([_posting()]) == ([], [])
    edited = _posting(description="Build our Kafka and Flink pipelines.")
    assert store.save_ingested([edited]) == ([], ["acme-data-engineer-1a2b3c4d"])
    assert store.ingested_posting("acme-data-engineer-1a2b3c4d") == edited


def test_rejections_are_listed_once(store):
    rejection = Rejection(source="inbox:empty.txt", reason="empty description", rejected_at=NOW)
    assert store.record_rejections([rejection]) == 1
    assert store.record_rejections([rejection]) == 0
    assert [r.source for r in store.rejections()] == ["inbox:empty.txt"]


def test_cache_serves_an_unchanged_key_without_computing(store):
    key = CacheKey("pain_points", "abc", "offline", "heuristics", "1")
    calls = []

    def compute() -> PainPoints:
        calls.append(1)
        return _pain_points("computed once")

    first, first_hit, _ = run_cached(store, key, PainPoints, compute)
    second, second_hit, _ = run_cached(store, key, PainPoints, compute)
    other_prompt, other_hit, _ = run_cached(
        store, CacheKey("pain_points", "abc", "offline", "heuristics", "2"), PainPoints, compute
    )

    assert (first_hit, second_hit, other_hit) == (False, True, False)
    assert first == second == other_prompt
    assert len(calls) == 2


def test_a_failed_computation_is_recorded_and_not_served(store):
    key = CacheKey("pain_points", "abc", "offline", "heuristics", "1")

    def explode() -> PainPoints:
        raise RuntimeError("model answered garbage")

    with pytest.raises(RuntimeError):
        run_cached(store, key, PainPoints, explode)
    with duckdb.connect(str(store.path), read_only=True) as con:
        status, error = con.execute("SELECT status, error FROM layer_cache").fetchone()
    assert status == "failed"
    assert "model answered garbage" in error
    assert store.cache_entry(key).result is None


@pytest.mark.parametrize("stem", ["r", "p", "e", "pp", "f", "c", "cv", "d", "ps", "pc", "s", "u", "company"])
def test_a_database_named_like_a_view_alias_works(tmp_path: Path, stem: str):
    """DuckDB names a database after its file: a file `r.duckdb` must not make `r.company` ambiguous."""
    store = DuckDBStore(tmp_path / f"{stem}.duckdb")
    with store.connect() as con:
        for view in ["job_overview", "best_fit_jobs", "missing_skills", "company_signals", "spend_per_job"]:
            assert con.execute(f"SELECT count(*) FROM {view}").fetchone() == (0,)


def test_a_database_from_an_older_jobintel_follows_the_current_models(tmp_path: Path):
    """An upgrade adds fields to the models: layer tables are rebuilt, ingested postings keep their rows."""
    path = tmp_path / "jobintel.duckdb"
    DuckDBStore(path).save_ingested([_posting()])
    with duckdb.connect(str(path)) as con:
        con.execute("DROP VIEW job_overview")
        con.execute("ALTER TABLE ingested_postings DROP COLUMN salary")  # as an older version stored it
        con.execute("ALTER TABLE cv DROP COLUMN markdown")

    with DuckDBStore(path).connect() as con:
        cv_columns = {row[0] for row in con.execute("DESCRIBE cv").fetchall()}
        postings = con.execute("SELECT job_id, salary FROM ingested_postings").fetchall()
        overview = con.execute("SELECT count(*) FROM job_overview").fetchone()

    assert "markdown" in cv_columns
    assert postings == [(_posting().job_id, None)]
    assert overview == (0,)


def test_a_posting_past_its_closing_date_is_closed_in_the_overview(store):
    past = _posting("acme-past-1a2b3c4d").model_copy(update={"closes_at": "2025-12-31"})
    future = _posting("acme-future-5e6f7a8b").model_copy(update={"closes_at": "2999-12-31"})
    undated = _posting("acme-undated-9c0d1e2f")
    for posting in (past, future, undated):
        store.write_record("job_posting", posting.job_id, posting, _lineage(_pain_points("x")))

    with duckdb.connect(str(store.path), read_only=True) as con:
        closed = dict(con.execute("SELECT job_id, closed_at IS NOT NULL FROM job_overview").fetchall())
    assert closed == {past.job_id: True, future.job_id: False, undated.job_id: False}
