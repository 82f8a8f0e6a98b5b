"""The inbox sensor through build_sensor_context on temporary folders, and on through the shortlist
sensor to every layer of the shortlisted jobs."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import dagster as dg
import pytest

from jobintel_assets.batches import PARTITION_RANGE_END_TAG, PARTITION_RANGE_START_TAG
from jobintel_assets.defs.definitions import JOB_LAYERS_JOB, SHORTLIST_LAYERS_JOB, build_definitions
from jobintel_assets.defs.resources import (
    DuckDBStoreResource,
    IngestionSettings,
    PipelineSettings,
    ProvidersResource,
)
from jobintel_assets.defs.sensors import inbox_sensor
from jobintel_assets.ingestion.parsers import MAX_FILE_BYTES
from jobintel_assets.layers.registry import DEEP, stage_layers
from jobintel_assets.shortlist import SHORTLIST_PARTITIONS
from jobintel_assets.storage.duckdb_store import DuckDBStore
from jobintel_assets.storage.schema import layer_tables
from jobintel_tests.conftest import SAMPLE_INBOX, SHORTLISTED_SAMPLES

BAD_INBOX = Path(__file__).parent / "fixtures" / "bad_inbox"
SAMPLE_FILES = sorted(p for p in SAMPLE_INBOX.iterdir() if p.suffix in (".md", ".txt", ".html"))


class Inbox:
    """A temporary inbox, its store, a Dagster instance, and sensor ticks that keep the cursor."""

    def __init__(self, root: Path, instance: dg.DagsterInstance, **settings: object) -> None:
        self.folder = root / "inbox"
        self.folder.mkdir()
        self.store = DuckDBStore(root / "jobintel.duckdb")
        self.instance = instance
        self.cursor: str | None = None
        self.resources = {
            "store": DuckDBStoreResource(database=str(self.store.path)),
            "settings": PipelineSettings(
                candidate_dir=os.environ["JOBINTEL_CANDIDATE_DIR"], dossier_dir=str(root / "dossiers")
            ),
            "providers": ProvidersResource(companies_dir=os.environ["JOBINTEL_COMPANIES_DIR"]),
            "ingestion": IngestionSettings(
                inbox_dir=str(self.folder),
                boards_file=str(root / "boards.yaml"),
                **({"settle_seconds": 0} | settings),
            ),
        }

    def drop(self, *files: Path) -> None:
        for file in files:
            shutil.copy(file, self.folder / file.name)

    def tick(self) -> dg.SensorResult:
        context = dg.build_sensor_context(
            instance=self.instance, cursor=self.cursor, resources=self.resources
        )
        result = inbox_sensor(context)
        for request in result.dynamic_partitions_requests:
            self.instance.add_dynamic_partitions(request.partitions_def_name, request.partition_keys)
        self.cursor = result.cursor
        return result

    def load_candidate(self) -> None:
        result = self.tick()
        [request] = result.run_requests
        assert request.job_name == "candidate_profile_job"
        run = build_definitions().resolve_job_def(request.job_name).execute_in_process(instance=self.instance)
        assert run.success


@pytest.fixture
def inbox(jobintel_env: Path) -> Inbox:
    return Inbox(jobintel_env, dg.DagsterInstance.get())


def partition_keys(result: dg.SensorResult) -> list[str]:
    return [key for request in result.dynamic_partitions_requests for key in request.partition_keys]


def requested_jobs(result: dg.SensorResult, instance: dg.DagsterInstance) -> list[str]:
    """The job partitions the tick's job_layers runs cover, a range run counting each of its jobs."""
    ordered = instance.get_dynamic_partitions("job")
    jobs = []
    for request in result.run_requests:
        if request.partition_key:
            jobs.append(request.partition_key)
        elif request.job_name == JOB_LAYERS_JOB:
            start = ordered.index(request.tags[PARTITION_RANGE_START_TAG])
            jobs += ordered[start : ordered.index(request.tags[PARTITION_RANGE_END_TAG]) + 1]
    return jobs


def test_new_files_become_partitions_and_runs_and_the_same_files_again_nothing(inbox: Inbox) -> None:
    inbox.load_candidate()
    inbox.drop(*SAMPLE_FILES[:3])

    first = inbox.tick()

    assert len(partition_keys(first)) == 3
    assert [r.job_name for r in first.run_requests] == [JOB_LAYERS_JOB]  # one run for the three jobs
    assert sorted(requested_jobs(first, inbox.instance)) == sorted(partition_keys(first))
    assert inbox.store.table_counts()["ingested_postings"] == 3

    second = inbox.tick()
    for file in inbox.folder.iterdir():
        os.utime(file)  # touched, bytes unchanged
    third = inbox.tick()

    assert second.run_requests == [] and partition_keys(second) == []
    assert third.run_requests == [] and partition_keys(third) == []
    assert sorted(p.name for p in inbox.folder.iterdir()) == sorted(p.name for p in SAMPLE_FILES[:3])


def test_an_edited_file_requests_its_job_again_without_a_new_partition(inbox: Inbox) -> None:
    inbox.load_candidate()
    inbox.drop(SAMPLE_FILES[0])
    [job_id] = partition_keys(inbox.tick())
    path = inbox.folder / SAMPLE_FILES[0].name
    path.write_text(path.read_text() + "\nWe also offer a 4-day week.\n")

    result = inbox.tick()

    assert requested_jobs(result, inbox.instance) == [job_id]
    assert partition_keys(result) == []


def test_work_per_tick_is_capped_and_resumes_next_tick(jobintel_env: Path) -> None:
    inbox = Inbox(jobintel_env, dg.DagsterInstance.get(), files_per_tick=2, jobs_per_tick=3)
    inbox.load_candidate()
    inbox.drop(*SAMPLE_FILES[:5])

    jobs = [requested_jobs(inbox.tick(), inbox.instance) for _ in range(4)]

    assert [len(tick) for tick in jobs] == [2, 2, 1, 0]
    assert len({job_id for tick in jobs for job_id in tick}) == 5


def test_jobs_requested_per_tick_are_capped(jobintel_env: Path) -> None:
    inbox = Inbox(jobintel_env, dg.DagsterInstance.get(), jobs_per_tick=2)
    inbox.load_candidate()
    inbox.drop(*SAMPLE_FILES[:5])

    assert [len(requested_jobs(inbox.tick(), inbox.instance)) for _ in range(4)] == [2, 2, 1, 0]


def test_the_time_budget_ends_a_tick_after_the_file_in_hand(jobintel_env: Path) -> None:
    inbox = Inbox(jobintel_env, dg.DagsterInstance.get(), tick_budget_seconds=0)
    inbox.load_candidate()
    inbox.drop(*SAMPLE_FILES[:3])

    assert [len(requested_jobs(inbox.tick(), inbox.instance)) for _ in range(3)] == [1, 1, 1]


def test_no_runs_are_requested_while_the_queue_is_full(jobintel_env: Path) -> None:
    instance = dg.DagsterInstance.get()
    inbox = Inbox(jobintel_env, instance, max_queued_runs=3)
    inbox.load_candidate()
    inbox.drop(*SAMPLE_FILES[:3])
    for _ in range(3):
        instance.add_run(dg.DagsterRun(job_name=JOB_LAYERS_JOB, status=dg.DagsterRunStatus.NOT_STARTED))

    held = inbox.tick()
    for run in instance.get_runs():
        instance.report_run_canceled(run)
    released = inbox.tick()

    assert held.run_requests == []
    assert len(requested_jobs(released, instance)) == 3


def test_a_file_still_being_written_waits_for_the_next_tick(jobintel_env: Path) -> None:
    inbox = Inbox(jobintel_env, dg.DagsterInstance.get(), settle_seconds=60)
    inbox.load_candidate()
    inbox.drop(*SAMPLE_FILES[:2])
    settled = inbox.folder / SAMPLE_FILES[0].name
    os.utime(settled, (time.time() - 120, time.time() - 120))

    assert len(requested_jobs(inbox.tick(), inbox.instance)) == 1


def test_without_a_candidate_profile_it_is_requested_first_and_the_jobs_wait(inbox: Inbox) -> None:
    inbox.drop(*SAMPLE_FILES[:2])

    first = inbox.tick()

    assert [r.job_name for r in first.run_requests] == ["candidate_profile_job"]
    assert len(partition_keys(first)) == 2  # registered now, run once the candidate is loaded
    run = (
        build_definitions()
        .resolve_job_def("candidate_profile_job")
        .execute_in_process(instance=inbox.instance)
    )
    assert run.success
    second = inbox.tick()
    assert sorted(requested_jobs(second, inbox.instance)) == sorted(partition_keys(first))


def test_a_folder_with_one_bad_file_of_each_kind_gives_exactly_those_rejections(inbox: Inbox) -> None:
    inbox.load_candidate()
    shutil.copytree(BAD_INBOX, inbox.folder, dirs_exist_ok=True)
    (inbox.folder / "short-row.csv").write_text(
        "title,company,description\nData Engineer,Meridian Retail\nSRE,Tidewater Energy,Run GKE.\n"
    )
    with (inbox.folder / "huge.txt").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: the cap is checked before anything is read

    result = inbox.tick()

    sources = {r.source: r.reason for r in inbox.store.rejections()}
    assert set(sources) == {
        "inbox:empty.md",
        "inbox:whitespace-only.txt",
        "inbox:scanned-posting.txt",
        "inbox:undecodable.txt",
        "inbox:broken.json",
        "inbox:mixed-rows.csv#row=3",
        "inbox:no-text.html",
        "inbox:no-title-or-company.txt",
        "inbox:posting.pdf",
        "inbox:short-row.csv#row=2",
        "inbox:huge.txt",
    }
    assert "over the 50,000,000-byte cap" in sources["inbox:huge.txt"]
    assert "the description is empty" in sources["inbox:short-row.csv#row=2"]
    with inbox.store.connect(read_only=True) as con:
        ingested = sorted(row[0] for row in con.execute("SELECT source FROM ingested_postings").fetchall())
    assert ingested == ["inbox:good-posting.md", "inbox:mixed-rows.csv#row=2", "inbox:short-row.csv#row=3"]
    assert len(requested_jobs(result, inbox.instance)) == 3


def test_three_dropped_files_end_triaged_and_the_shortlisted_ones_with_every_layer(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOBINTEL_INBOX", str(inbox.folder))  # the Definitions' sensor reads this inbox
    defs = build_definitions()
    not_a_fit = SAMPLE_INBOX / "harbourline-freight-director-of-engineering.md"  # on site in Rotterdam
    inbox.drop(*SHORTLISTED_SAMPLES, not_a_fit)
    for file in inbox.folder.iterdir():  # finished writing a minute ago
        os.utime(file, (time.time() - 60, time.time() - 60))

    def tick(sensor: str, cursor: str | None) -> dg.SensorResult:
        context = dg.build_sensor_context(instance=inbox.instance, cursor=cursor, resources=defs.resources)
        result = defs.get_sensor_def(sensor)(context)
        for request in result.dynamic_partitions_requests:
            if isinstance(request, dg.DeleteDynamicPartitionsRequest):
                for key in request.partition_keys:
                    inbox.instance.delete_dynamic_partition(request.partitions_def_name, key)
            else:
                inbox.instance.add_dynamic_partitions(request.partitions_def_name, request.partition_keys)
        for request in result.run_requests:
            run = defs.resolve_job_def(request.job_name).execute_in_process(
                instance=inbox.instance, partition_key=request.partition_key, tags=request.tags
            )
            assert run.success
        return result

    job_ids: list[str] = []
    for _ in range(3):  # candidate first, then the jobs, then nothing left to do
        result = tick("inbox_sensor", inbox.cursor)
        inbox.cursor = result.cursor
        job_ids += requested_jobs(result, inbox.instance)
    deep = tick("shortlist_sensor", None)

    assert len(job_ids) == 3
    assert set(inbox.instance.get_dynamic_partitions("job")) == set(job_ids)
    with inbox.store.connect(read_only=True) as con:
        shortlisted = {
            row[0] for row in con.execute("SELECT job_id FROM fit_score WHERE tier IN ('A', 'B')").fetchall()
        }
        assert len(shortlisted) == 2
        assert set(inbox.instance.get_dynamic_partitions(SHORTLIST_PARTITIONS)) == shortlisted
        assert [r.job_name for r in deep.run_requests] == [SHORTLIST_LAYERS_JOB]  # one range run
        for layer in ["job_posting", *layer_tables()]:
            stored = {row[0] for row in con.execute(f"SELECT job_id FROM {layer}").fetchall()}
            assert stored == (shortlisted if layer in stage_layers(DEEP) else set(job_ids)), layer
    assert tick("shortlist_sensor", None).run_requests == []  # the shortlist's deep layers are up to date

    # Read again from the start of the log (as after `jobintel run`, which logs and materializes its
    # postings itself): every job is up to date, so no run is requested for any of them.
    context = dg.build_sensor_context(instance=inbox.instance, cursor=None, resources=defs.resources)
    again = defs.get_sensor_def("inbox_sensor")(context)
    assert again.run_requests == []
