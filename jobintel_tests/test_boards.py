"""Job-board clients against a local server with real-shaped answers; closing; bad boards; the config."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from jobintel_assets.ingestion.boards import Board, BoardsConfigError, load_boards, refresh_boards
from jobintel_assets.ingestion.ingest import ingest_folder
from jobintel_assets.storage.duckdb_store import DuckDBStore
from jobintel_tests.board_server import (
    ASHBY_BOARD,
    LEVER_POSTINGS,
    BoardServer,
    board_server,
    greenhouse_board,
    greenhouse_job,
)

NOW = datetime(2025, 11, 20, 9, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[1]
GREENHOUSE = Board("greenhouse", "tidewaterenergy")
GH_PATH = "/gh/v1/boards/tidewaterenergy/jobs?content=true"


@pytest.fixture(scope="module")
def module_server() -> Iterator[BoardServer]:
    with board_server() as server:
        yield server


@pytest.fixture
def server(module_server: BoardServer) -> BoardServer:
    module_server.routes.clear()
    return module_server


@pytest.fixture
def store(tmp_path: Path) -> DuckDBStore:
    return DuckDBStore(tmp_path / "jobintel.duckdb")


def _postings(store: DuckDBStore) -> dict[str, dict]:
    with store.connect(read_only=True) as con:
        cursor = con.execute("SELECT * FROM ingested_postings ORDER BY source")
        names = [d[0] for d in cursor.description]
        return {row[names.index("source")]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def test_the_three_boards_give_postings_with_text_salaries_and_stable_sources(
    server: BoardServer, store: DuckDBStore
) -> None:
    server.answer_json(GH_PATH, greenhouse_board(greenhouse_job(4471203)))
    server.answer_json("/lever-eu/v0/postings/lumenledger?mode=json", LEVER_POSTINGS)
    server.answer_json("/ashby/posting-api/job-board/quillstack?includeCompensation=true", ASHBY_BOARD)
    boards = [
        GREENHOUSE,
        Board("lever", "lumenledger", company="Lumen Ledger", region="eu"),
        Board("ashby", "quillstack", company="Quillstack"),
    ]

    results = refresh_boards(store, boards, server.apis(), NOW)

    assert [(r.board, r.error, r.listed) for r in results] == [
        ("greenhouse:tidewaterenergy", None, 1),
        ("lever:lumenledger", None, 1),
        ("ashby:quillstack", None, 1),  # the unlisted Ashby job is not public and not taken
    ]
    postings = _postings(store)
    greenhouse = postings["greenhouse:tidewaterenergy#id=4471203"]
    assert (greenhouse["title"], greenhouse["company"], greenhouse["requisition_id"]) == (
        "Platform Engineer (SRE)",
        "Tidewater Energy",
        "ENG-311",
    )
    assert greenhouse["description"].startswith("About the role\n\nTidewater Energy runs software")
    assert "- Run our GKE clusters" in greenhouse["description"]
    assert "&lt;" not in greenhouse["description"] and "<" not in greenhouse["description"]
    assert greenhouse["url"] == "https://boards.greenhouse.io/tidewaterenergy/jobs/4471203"
    assert (greenhouse["location"], greenhouse["posted_at"]) == ("Valencia, Spain (hybrid)", "2025-11-05")

    lever = postings["lever:lumenledger#id=5f3c9a1e-7b2d-4c1a-9e8f-2a6b4c8d0e11"]
    assert (lever["title"], lever["company"], lever["location"]) == (
        "Senior Backend Engineer",
        "Lumen Ledger",
        "Berlin (hybrid)",
    )
    assert lever["salary"] == "EUR 85,000–105,000 per year"
    assert "What you'll do\n\n- Design the ledger service in Go" in lever["description"]
    assert lever["description"].endswith("We are a team of 40 in Berlin and Lisbon.")

    ashby = postings["ashby:quillstack#id=1b2c3d4e-0000-4a5b-8c9d-aabbccddeeff"]
    assert (ashby["title"], ashby["location"], ashby["salary"]) == (
        "Analytics Engineer",
        "London (remote)",
        "£70K - £85K",
    )
    assert ashby["description"] == "Build our dbt models in Snowflake.\n\n- Own the revenue model"


def test_greenhouse_pay_ranges_are_kept(server: BoardServer, store: DuckDBStore) -> None:
    pay = {"min_cents": 7000000, "max_cents": 8500000, "currency_type": "EUR", "title": "Spain"}
    server.answer_json(GH_PATH, greenhouse_board(greenhouse_job(4471203, pay_input_ranges=[pay])))

    refresh_boards(store, [GREENHOUSE], server.apis(), NOW)

    assert _postings(store)["greenhouse:tidewaterenergy#id=4471203"]["salary"] == "EUR 70,000–85,000"


def test_unreadable_boards_are_rejections_and_the_good_board_beside_them_is_read(
    server: BoardServer, store: DuckDBStore
) -> None:
    server.answer("/gh/v1/boards/broken/jobs?content=true", 500, "<h1>Internal Server Error</h1>")
    server.answer("/gh/v1/boards/captive/jobs?content=true", 200, "<html><body>Sign in</body></html>")
    server.answer_json("/ashby/posting-api/job-board/odd?includeCompensation=true", {"error": "nope"})
    server.answer_json(GH_PATH, greenhouse_board(greenhouse_job(4471203)))
    boards = [
        Board("greenhouse", "broken"),
        Board("lever", "gone"),  # the server answers 404, as Lever does for an unknown site
        Board("greenhouse", "captive"),
        Board("ashby", "odd"),
        GREENHOUSE,
    ]

    results = refresh_boards(store, boards, server.apis(), NOW)

    assert [r.board for r in results if r.error is None] == ["greenhouse:tidewaterenergy"]
    assert list(_postings(store)) == ["greenhouse:tidewaterenergy#id=4471203"]
    reasons = {r.source: r.reason for r in store.rejections()}
    assert set(reasons) == {"greenhouse:broken", "lever:gone", "greenhouse:captive", "ashby:odd"}
    assert "answered 500 Internal Server Error" in reasons["greenhouse:broken"]
    assert "404 Not Found: there is no lever board 'gone'" in reasons["lever:gone"]
    assert "check its token in the boards file" in reasons["lever:gone"]
    assert "not JSON" in reasons["greenhouse:captive"]
    assert "not a ashby job list" in reasons["ashby:odd"]


def test_an_unreachable_board_is_a_rejection(store: DuckDBStore) -> None:
    with board_server() as stopped:
        apis = stopped.apis()
    [result] = refresh_boards(store, [GREENHOUSE], apis, NOW, timeout_seconds=2)

    assert "could not be reached" in result.error
    assert [r.source for r in store.rejections()] == ["greenhouse:tidewaterenergy"]


def test_a_posting_gone_from_its_board_is_closed_not_deleted_and_reopens_when_listed_again(
    server: BoardServer, store: DuckDBStore
) -> None:
    backend = greenhouse_job(4471300, title="Backend Engineer", requisition_id="ENG-400")
    backend["content"] = backend["content"].replace("GKE clusters", "billing services")
    server.answer_json(GH_PATH, greenhouse_board(greenhouse_job(4471203), backend))
    [first] = refresh_boards(store, [GREENHOUSE], server.apis(), NOW)
    platform_id, backend_id = first.report.job_ids

    server.answer_json(GH_PATH, greenhouse_board(greenhouse_job(4471203)))
    [second] = refresh_boards(store, [GREENHOUSE], server.apis(), NOW + timedelta(hours=1))

    assert second.closed == [backend_id]
    assert store.closed_at(backend_id) == NOW + timedelta(hours=1)
    assert store.closed_at(platform_id) is None
    assert store.ingested_posting(backend_id) is not None  # closed, not deleted
    with store.connect(read_only=True) as con:
        assert "closed_at" in [d[0] for d in con.execute("SELECT * FROM job_overview").description]

    server.answer_json(GH_PATH, greenhouse_board(greenhouse_job(4471203), backend))
    [third] = refresh_boards(store, [GREENHOUSE], server.apis(), NOW + timedelta(hours=2))

    assert third.closed == [] and third.report.new == []
    assert store.closed_at(backend_id) is None


def test_a_board_outage_closes_nothing(server: BoardServer, store: DuckDBStore) -> None:
    server.answer_json(GH_PATH, greenhouse_board(greenhouse_job(4471203)))
    [first] = refresh_boards(store, [GREENHOUSE], server.apis(), NOW)
    server.answer(GH_PATH, 503, "Service Unavailable")

    [second] = refresh_boards(store, [GREENHOUSE], server.apis(), NOW + timedelta(hours=1))

    assert "answered 503" in second.error
    assert store.closed_at(first.report.job_ids[0]) is None


def test_the_same_posting_from_a_board_and_a_file_is_one_job(
    server: BoardServer, store: DuckDBStore, tmp_path: Path
) -> None:
    server.answer_json(GH_PATH, greenhouse_board(greenhouse_job(4471203)))
    [board] = refresh_boards(store, [GREENHOUSE], server.apis(), NOW)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # Saved by hand from the board page: other markup, no URL, no requisition id.
    (inbox / "tidewater.md").write_text(
        "# Platform Engineer (SRE) — Tidewater Energy\n\nLocation: Valencia, Spain (hybrid)\n\n"
        "## About the role\n\nTidewater Energy runs software for 3,200 solar sites across Spain and "
        "Portugal. Our fleet doubled in 2025 and the platform team of four keeps every site reporting.\n\n"
        "## What you'll do\n\n"
        "* Run our GKE clusters on GCP and keep cloud costs in check as the fleet grows.\n"
        "* Build self-service CI/CD with GitHub Actions and Argo CD for twelve product teams.\n"
        "* Own on-call for the ingestion services that read telemetry from every inverter.\n\n"
        "## Must have\n\n* 4+ years in platform or SRE roles.\n"
        "* Production experience with Kubernetes and Terraform.\n\n"
        "Pay range: EUR 70,000 to 85,000 a year, plus equity.\n",
        encoding="utf-8",
    )

    report = ingest_folder(store, inbox, NOW)

    assert report.job_ids == board.report.job_ids
    assert report.new == [] and report.duplicates == {"inbox:tidewater.md": board.report.job_ids[0]}
    assert store.table_counts()["ingested_postings"] == 1


def test_the_bundled_boards_file_lists_no_board_so_nothing_is_fetched_offline() -> None:
    assert load_boards(REPO / "data" / "boards.yaml") == []


def test_boards_file_entries_are_read_and_mistakes_named(tmp_path: Path) -> None:
    path = tmp_path / "boards.yaml"
    path.write_text(
        "boards:\n  - ats: Greenhouse\n    board: tidewaterenergy\n    company: Tidewater Energy\n"
        "  - {ats: lever, board: lumenledger, region: eu}\n"
    )
    assert load_boards(path) == [
        Board("greenhouse", "tidewaterenergy", "Tidewater Energy"),
        Board("lever", "lumenledger", None, "eu"),
    ]
    assert load_boards(tmp_path / "absent.yaml") == []

    for entry, phrase in [
        ("{ats: workday, board: acme}", "boards[0]: ats 'workday' is not one of greenhouse, lever, ashby"),
        ("{ats: ashby, board: '../../admin'}", "boards[0]: board '../../admin' is not a board token"),
        ("{ats: ashby, board: acme, region: eu}", "region 'eu' is only for Lever"),
        ("{ats: ashby, board: acme, token: x}", "unknown key(s) token"),
    ]:
        path.write_text(f"boards:\n  - {entry}\n")
        with pytest.raises(BoardsConfigError) as error:
            load_boards(path)
        assert str(path) in str(error.value) and phrase in str(error.value)
