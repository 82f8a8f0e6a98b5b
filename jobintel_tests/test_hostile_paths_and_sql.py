"""Job ids, company names and file names with '../', quotes, semicolons or unicode cannot write
outside the data folders or change SQL: file names are derived, every SQL value is a parameter."""

from __future__ import annotations

import re
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobintel_assets import cli
from jobintel_assets.adapters.offline import OfflineWebResearch
from jobintel_assets.defs.definitions import JOB_LAYERS_JOB, SHORTLIST_LAYERS_JOB, build_definitions
from jobintel_assets.layers.dossier import dossier_filename
from jobintel_assets.shortlist import SHORTLIST_PARTITIONS
from jobintel_assets.storage.duckdb_store import DuckDBStore
from jobintel_assets.storage.schema import layer_tables

HOSTILE_STRINGS = [
    "../../../outside",
    "../secret",
    "..",
    "/etc/passwd",
    "C:\\Windows\\system32",
    "x'; DROP TABLE job_posting; --",
    '"); DELETE FROM layer_cache; --',
    "Robert'); DROP TABLE cv;--",
    "; rm -rf / ;",
    "Zürich café — 東京 ☃ \u202etxt.exe",
    "%2e%2e%2f%2e%2e%2fetc",
    "$(touch /tmp/pwned)",
]
hostile_text = st.one_of(st.sampled_from(HOSTILE_STRINGS), st.text(max_size=120))


@given(job_id=hostile_text)
def test_a_dossier_file_name_never_leaves_the_dossier_folder(job_id: str):
    folder = Path("/srv/jobintel/data/dossiers")
    for suffix in (".md", ".html"):
        path = folder / f"{dossier_filename(job_id)}{suffix}"
        assert path.parent == folder
        assert Path(*[part for part in path.parts if part != ".."]) == path  # no '..' component
        assert not path.name.startswith(".")


@given(company=hostile_text)
def test_company_notes_are_read_only_from_the_companies_folder(company: str):
    root = Path(__file__).parent / "fixtures" / "hostile_paths"
    web = OfflineWebResearch(root / "companies")
    for page in web.company_pages(company):
        assert re.fullmatch(r"file:companies/[a-z0-9-]+\.md", page.source)
        assert "SECRET OUTSIDE THE COMPANIES FOLDER" not in page.text


def _snapshot(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*")}


HOSTILE_POSTING = """Title: {title}
Company: {company}
Location: {location}
Req ID: {requisition}
Salary: {salary}

We are hiring a backend engineer to build {product} in Python and PostgreSQL on AWS.

Requirements
- 5+ years building backend services in Python.
- Experience with PostgreSQL and Kafka.
"""


def test_hostile_names_go_through_the_pipeline_without_escaping_or_altering_sql(
    jobintel_env: Path, monkeypatch: pytest.MonkeyPatch
):
    """File names, titles, companies and requisition ids with SQL and path tricks, through Dagster."""
    monkeypatch.setenv("JOBINTEL_SHORTLIST_TIERS", "A,B,C,D")  # every job gets every layer and its files
    data = jobintel_env / "data"
    inbox = data / "inbox"
    inbox.mkdir(parents=True)
    values = [
        ("x'; DROP TABLE job_posting; --", "../../../outside", "'; DELETE FROM layer_cache; --"),
        ('Engineer "); DROP TABLE cv; --', "Robert'); DROP TABLE dossier;--", "..\\..\\windows"),
        ("Ingénieur·e — 東京", "Zürich café ☃ \u202etxt.exe", "$(touch pwned)"),
    ]
    file_names = ["it's; DROP TABLE rejected_postings;--.md", "escape ..%2f..%2f.txt", "Zürich ☃ 東京.md"]
    products = ["payment APIs", "a ledger", "fraud checks"]
    for name, product, (title, company, requisition) in zip(file_names, products, values, strict=True):
        text = HOSTILE_POSTING.format(
            title=title,
            company=company,
            location=requisition,
            requisition=requisition,
            salary=title,
            product=product,
        )
        (inbox / name).write_text(text, encoding="utf-8")
    outside_before = _snapshot(jobintel_env.parent)

    assert cli.main(["run", "--inbox", str(inbox), "--db", str(jobintel_env / "jobintel.duckdb")]) == 0
    # A job id is a slug when ingestion makes it; one written into the store by other means is not.
    store = DuckDBStore(jobintel_env / "jobintel.duckdb")
    (first,) = [p for p in store.overview() if p["title"] == values[0][0]]
    hostile_id = "../../../escape'; DROP TABLE cv; --"
    posting = store.ingested_posting(first["job_id"]).model_copy(update={"job_id": hostile_id})
    store.save_ingested([posting])
    instance = dg.DagsterInstance.get()
    instance.add_dynamic_partitions("job", [hostile_id])
    instance.add_dynamic_partitions(SHORTLIST_PARTITIONS, [hostile_id])
    defs = build_definitions()
    for job in (JOB_LAYERS_JOB, SHORTLIST_LAYERS_JOB):
        run = defs.resolve_job_def(job).execute_in_process(
            partition_key=hostile_id, instance=instance, raise_on_error=False
        )
        assert run.success, job
    values.append(values[0])

    created = _snapshot(jobintel_env.parent) - outside_before
    folders = [jobintel_env / "dossiers", jobintel_env / "dagster_home"]
    strays = [
        path
        for path in created
        if not (path.parent == jobintel_env and path.name.startswith("jobintel.duckdb"))
        and not any(path == folder or folder in path.parents for folder in folders)
    ]
    assert strays == []
    dossiers = sorted(p.name for p in (jobintel_env / "dossiers").iterdir() if ".cv." not in p.name)
    assert len(dossiers) == 2 * len(values)

    with duckdb.connect(str(jobintel_env / "jobintel.duckdb"), read_only=True) as con:
        for table in ["job_posting", *layer_tables()]:
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == len(values), table
        stored = con.execute(
            "SELECT title, company, requisition_id FROM job_posting ORDER BY title"
        ).fetchall()
        assert con.execute("SELECT count(*) FROM layer_cache WHERE status = 'ready'").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM cv WHERE job_id = ?", [hostile_id]).fetchone()[0] == 1
    assert sorted(stored) == sorted(values)
