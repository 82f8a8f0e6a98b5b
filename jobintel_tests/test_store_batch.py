"""Batch access to the DuckDB store: many partitions per transaction, one file open per batch."""

from __future__ import annotations

import duckdb
import pytest

from jobintel_assets.storage.duckdb_store import DuckDBStore
from jobintel_tests.test_store import _lineage, _pain_points


@pytest.fixture
def store(tmp_path) -> DuckDBStore:
    return DuckDBStore(tmp_path / "jobintel.duckdb")


def test_write_records_replaces_each_partition_and_read_records_returns_those_stored(store):
    old = _pain_points("old reading")
    store.write_record("pain_points", "job-a", old, _lineage(old))
    first, second = _pain_points("Kafka pipelines are late"), _pain_points("Ingestion fails twice a week")

    store.write_records(
        "pain_points",
        [("job-a", first, _lineage(first), None), ("job-b", second, _lineage(second, cache_hit=True), None)],
    )

    records = store.read_records("pain_points", ["job-a", "job-b", "job-missing"], type(first))
    assert records == {"job-a": first, "job-b": second}
    lineages = store.read_lineages("pain_points", ["job-a", "job-b", "job-missing"])
    assert set(lineages) == {"job-a", "job-b"}
    assert lineages["job-b"].cache_hit and not lineages["job-a"].cache_hit
    assert store.table_counts()["pain_points"] == 2


def test_a_failing_batch_write_leaves_every_previous_row(store):
    old = _pain_points("old reading")
    store.write_record("pain_points", "job-a", old, _lineage(old))
    new = _pain_points("new reading")

    with pytest.raises(duckdb.Error):
        store.write_records(
            "pain_points", [("job-a", new, _lineage(new), None), ("job-a", new, _lineage(new), None)]
        )

    assert store.read_records("pain_points", ["job-a"], type(old)) == {"job-a": old}


def test_a_session_shares_one_open_file_and_releases_it_at_the_end(store, tmp_path):
    other_store_object = DuckDBStore(tmp_path / "jobintel.duckdb")
    record = _pain_points("Kafka pipelines are late")
    with store.session():
        with store.session():  # nested: the file stays open until the outer session ends
            other_store_object.write_record("pain_points", "job-a", record, _lineage(record))
        assert store.read_record("pain_points", "job-a", type(record)) == record
        with other_store_object.connect(read_only=True) as con:  # a cursor, not a second open
            assert con.execute("SELECT count(*) FROM pain_points").fetchone() == (1,)

    # Released: another process (here, a read-only connection) may open the file again.
    with duckdb.connect(str(tmp_path / "jobintel.duckdb"), read_only=True) as con:
        assert con.execute("SELECT job_id FROM pain_points").fetchall() == [("job-a",)]
