"""Public job boards (Greenhouse, Lever, Ashby) of the companies listed in the boards file.

The boards file (``data/boards.yaml`` by default, format in that file) lists one entry per board:
``ats`` (greenhouse, lever or ashby), ``board`` (the token in the board's URL), optionally
``company`` (the name to file its postings under; default: the board's own name, else the token)
and, for Lever, ``region: eu`` for boards hosted on jobs.eu.lever.co.

Every refresh reads each board's whole list through its public, keyless API. A posting is a
source ``<ats>:<board>#id=<board's job id>`` whose ATS key is the same string, so a posting seen
again is the same job whatever changed in it. A posting that was listed and no longer is gets
``closed_at`` in ``posting_sources`` (never deleted); one listed again is open again. A board that
cannot be read (unreachable, 404, 500, an answer that is not its job list) becomes a rejection
with the reason, and its postings are left as they were: an outage closes nothing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import httpx
import yaml

from jobintel_assets.ingestion.ingest import IngestReport, ingest
from jobintel_assets.ingestion.parsers import ParseResult, parse_record
from jobintel_assets.layers.models import Rejection
from jobintel_assets.storage.duckdb_store import DuckDBStore

ATS_NAMES = ("greenhouse", "lever", "ashby")
USER_AGENT = "jobintel/0.1 (reads public job boards)"
_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


@dataclass(frozen=True)
class Board:
    ats: str
    token: str
    company: str | None = None
    region: str = "global"

    @property
    def name(self) -> str:
        """``greenhouse:acme``: the board's id in sources, rejections and ``posting_sources.board``."""
        return f"{self.ats}:{self.token}"


@dataclass(frozen=True)
class BoardAPIs:
    """Base URLs of the public board APIs; tests point them at a local server."""

    greenhouse: str = "https://boards-api.greenhouse.io"
    lever: str = "https://api.lever.co"
    lever_eu: str = "https://api.eu.lever.co"
    ashby: str = "https://api.ashbyhq.com"

    def list_url(self, board: Board) -> str:
        if board.ats == "greenhouse":
            return f"{self.greenhouse.rstrip('/')}/v1/boards/{board.token}/jobs?content=true"
        if board.ats == "lever":
            base = self.lever_eu if board.region == "eu" else self.lever
            return f"{base.rstrip('/')}/v0/postings/{board.token}?mode=json"
        return f"{self.ashby.rstrip('/')}/posting-api/job-board/{board.token}?includeCompensation=true"


class BoardsConfigError(ValueError):
    """The boards file cannot be used; the message names the file, the entry and what to do."""


def load_boards(path: Path) -> list[Board]:
    """The boards listed in ``path``; none when the file does not exist."""
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise BoardsConfigError(f"{path}: cannot be read ({error}); fix it or remove it") from None
    entries = (data or {}).get("boards") if isinstance(data, dict | None) else None
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise BoardsConfigError(f"{path}: 'boards' must be a list of entries ('- ats: greenhouse' ...)")
    return [_board(path, index, entry) for index, entry in enumerate(entries)]


def _board(path: Path, index: int, entry: object) -> Board:
    where = f"{path}: boards[{index}]"
    if not isinstance(entry, dict):
        raise BoardsConfigError(f"{where}: write it as 'ats: ...' and 'board: ...' lines")
    unknown = sorted(set(entry) - {"ats", "board", "company", "region"})
    if unknown:
        raise BoardsConfigError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}; remove them")
    ats, token = str(entry.get("ats", "")).strip().lower(), str(entry.get("board", "")).strip()
    if ats not in ATS_NAMES:
        raise BoardsConfigError(f"{where}: ats {ats or '(missing)'!r} is not one of {', '.join(ATS_NAMES)}")
    if not _TOKEN.match(token):
        raise BoardsConfigError(
            f"{where}: board {token or '(missing)'!r} is not a board token; use the name in the board's "
            "URL, e.g. 'acme' for https://boards.greenhouse.io/acme"
        )
    region = str(entry.get("region", "global")).strip().lower()
    if region not in ("global", "eu") or (region == "eu" and ats != "lever"):
        raise BoardsConfigError(f"{where}: region {region!r} is only for Lever, as 'region: eu'")
    company = str(entry["company"]).strip() if entry.get("company") else None
    return Board(ats=ats, token=token, company=company, region=region)


class BoardError(Exception):
    """The board could not be read; ``reason`` says why and what happens next."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class BoardListing:
    parsed: ParseResult
    sources: list[str] = field(default_factory=list)  # every posting the board lists, readable or not


def fetch_board(client: httpx.Client, board: Board, apis: BoardAPIs, now: datetime) -> BoardListing:
    """The board's postings as drafts (bad ones as rejections); raises ``BoardError``."""
    url = apis.list_url(board)
    try:
        response = client.get(url)
    except httpx.HTTPError as error:
        raise BoardError(
            f"could not be reached at {url} ({type(error).__name__}: {error}); "
            "it is tried again at the next refresh"
        ) from None
    if response.status_code == 404:
        raise BoardError(
            f"{url} answered 404 Not Found: there is no {board.ats} board {board.token!r}; "
            "check its token in the boards file (the name in the board's URL)"
        )
    if response.status_code >= 400:
        raise BoardError(
            f"{url} answered {response.status_code} {response.reason_phrase}; "
            "it is tried again at the next refresh, and its postings are not marked closed"
        )
    try:
        data = response.json()
    except ValueError:
        raise BoardError(
            f"{url} answered with something that is not JSON ({response.text[:60]!r}); "
            "check the board's token, it is tried again at the next refresh"
        ) from None
    jobs = data.get("jobs") if isinstance(data, dict) and board.ats != "lever" else data
    if not isinstance(jobs, list):
        expected = "a list of postings" if board.ats == "lever" else "an object with a 'jobs' list"
        raise BoardError(
            f"{url} answered JSON that is not a {board.ats} job list (expected {expected}); "
            "it is tried again at the next refresh, and its postings are not marked closed"
        )
    listing = BoardListing(parsed=ParseResult())
    for number, job in enumerate(jobs, start=1):
        job_id = job.get("id") if isinstance(job, dict) else None
        if job_id in (None, ""):
            source = f"{board.name}#item={number}"
            reason = f"{board.name} job {number}: has no 'id'; the board's answer is not a job as expected"
            listing.parsed.rejections.append(Rejection(source=source, reason=reason, rejected_at=now))
            continue
        if board.ats == "ashby" and job.get("isListed") is False:
            continue
        source = f"{board.name}#id={job_id}"
        listing.sources.append(source)
        parsed = parse_record(source, f"{board.name} job {job_id}", _RECORDS[board.ats](job, board), now)
        listing.parsed.rejections.extend(parsed.rejections)
        listing.parsed.postings.extend(replace(draft, ats_key=source) for draft in parsed.postings)
    return listing


# ------------------------------------------------------------- board shapes


def _greenhouse_record(job: dict, board: Board) -> dict[str, object]:
    return {
        "title": job.get("title"),
        "company": board.company or job.get("company_name") or board.token,
        "description": job.get("content"),  # entity-escaped HTML; the parser unescapes and strips it
        "url": job.get("absolute_url"),
        "location": job.get("location"),
        "posted_at": job.get("first_published"),
        "salary": "; ".join(_pay_range(r) for r in job.get("pay_input_ranges") or [] if isinstance(r, dict)),
        "requisition_id": job.get("requisition_id"),
    }


def _pay_range(pay: dict) -> str:
    """Greenhouse pay transparency: amounts in cents."""
    amounts = [
        f"{pay[k] / 100:,.0f}" for k in ("min_cents", "max_cents") if isinstance(pay.get(k), int | float)
    ]
    return " ".join(part for part in (str(pay.get("currency_type") or ""), "–".join(amounts)) if part)


def _lever_record(job: dict, board: Board) -> dict[str, object]:
    lists = [item for item in job.get("lists") or [] if isinstance(item, dict)]
    description = (
        str(job.get("description") or job.get("descriptionPlain") or "")
        + "".join(
            f"<h3>{html.escape(str(i.get('text', '')))}</h3><ul>{i.get('content', '')}</ul>" for i in lists
        )
        + str(job.get("additional") or "")
    )
    categories = job.get("categories") if isinstance(job.get("categories"), dict) else {}
    location = categories.get("location") or categories.get("allLocations")
    workplace = str(job.get("workplaceType") or "").lower()
    if location and workplace in ("remote", "hybrid"):
        location = f"{location} ({workplace})"
    return {
        "title": job.get("text"),
        "company": board.company or board.token,
        "description": description,
        "url": job.get("hostedUrl"),
        "location": location,
        "posted_at": job.get("createdAt"),
        "salary": _lever_salary(job.get("salaryRange")) or job.get("salaryDescriptionPlain"),
    }


def _lever_salary(salary: object) -> str:
    """{'currency': 'USD', 'interval': 'per-year-salary', 'min': 120000, 'max': 150000} as text."""
    if not isinstance(salary, dict):
        return ""
    amounts = [f"{salary[k]:,}" for k in ("min", "max") if isinstance(salary.get(k), int | float)]
    interval = re.match(r"per-([a-z]+)", str(salary.get("interval") or ""))
    parts = (str(salary.get("currency") or ""), "–".join(amounts), interval and f"per {interval.group(1)}")
    return " ".join(part for part in parts if part) if amounts else ""


def _ashby_record(job: dict, board: Board) -> dict[str, object]:
    compensation = job.get("compensation") if isinstance(job.get("compensation"), dict) else {}
    location = job.get("location")
    if location and job.get("isRemote") and "remote" not in str(location).lower():
        location = f"{location} (remote)"
    return {
        "title": job.get("title"),
        "company": board.company or board.token,
        "description": job.get("descriptionHtml") or job.get("descriptionPlain"),
        "url": job.get("jobUrl"),
        "location": location,
        "posted_at": job.get("publishedAt"),
        "salary": compensation.get("scrapeableCompensationSalarySummary")
        or compensation.get("compensationTierSummary"),
    }


_RECORDS = {"greenhouse": _greenhouse_record, "lever": _lever_record, "ashby": _ashby_record}


# ------------------------------------------------------------------ refresh


@dataclass
class BoardRefresh:
    board: str
    listed: int = 0
    report: IngestReport | None = None
    closed: list[str] = field(default_factory=list)
    error: str | None = None


def refresh_boards(
    store: DuckDBStore, boards: list[Board], apis: BoardAPIs, now: datetime, timeout_seconds: float = 20.0
) -> list[BoardRefresh]:
    """Read every board, store its postings, close the ones it stopped listing; one result per board."""
    results = []
    with httpx.Client(
        timeout=timeout_seconds, follow_redirects=True, headers={"User-Agent": USER_AGENT}
    ) as client:
        for board in boards:
            try:
                listing = fetch_board(client, board, apis, now)
            except BoardError as error:
                reason = f"{board.name}: {error.reason}"
                store.record_rejections([Rejection(source=board.name, reason=reason, rejected_at=now)])
                results.append(BoardRefresh(board=board.name, error=reason))
                continue
            report = ingest(store, listing.parsed, now, board=board.name)
            closed = store.close_unlisted(board.name, listing.sources, now)
            results.append(
                BoardRefresh(board=board.name, listed=len(listing.sources), report=report, closed=closed)
            )
    return results
