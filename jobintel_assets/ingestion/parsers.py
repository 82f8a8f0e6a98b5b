"""Turn inbox files into job postings, and anything unusable into a rejection that says why.

Supported files:

- ``.json``: one posting object, a list of them, or ``{"jobs": [...]}`` / ``{"postings": [...]}``
  (the shape of Greenhouse, Lever and Ashby exports). schema.org ``JobPosting`` objects work too.
- ``.jsonl``: one posting object per line; blank lines are skipped.
- ``.csv``: a header row, then one posting per row; comma, semicolon or tab separated (guessed
  from the header line). A file without a description column is rejected as a whole.
- ``.md`` and ``.txt`` (read the same way): the fields come from, in this order of precedence,
  YAML front matter (``---`` / ``title: ...`` / ``company: ...`` / ``---``), leading
  ``Key: value`` lines (``Title:``, ``Company:``, ``Location:``, ``URL:``, ``Posted:``,
  ``Salary:``, ``Req ID:`` and the synonyms below), and a first heading: a ``# Heading`` line,
  or a short plain first line naming both, such as ``Frontend Engineer at Orbital Studio``.
  A heading with a company reads ``Title — Company``, ``Title – Company``, ``Title | Company``,
  ``Title - Company``, ``Title at Company`` or ``Title @ Company`` (the last separator
  splits). What was read as metadata is not repeated in the description; the rest is light
  Markdown turned into plain text, and hard-wrapped lines are joined back into their paragraph
  or list item (a line of 60+ characters not ending in ':' continues onto the next).
- ``.html`` and ``.htm``: a schema.org ``JobPosting`` in JSON-LD (what career sites publish)
  gives the fields first; then ``<h1>``, ``og:title`` or ``<title>`` for the title,
  ``og:site_name`` for the company, ``<link rel=canonical>`` or ``og:url`` for the URL, and
  the page text for the description.

Field names in JSON keys, CSV headers, front matter and ``Key:`` lines are matched without
regard to case, spaces, hyphens or camelCase ("Job Title", "job-title", "jobTitle"), and
these synonyms are accepted (``FIELD_NAMES``):

- title: title, job_title, position, position_title, role
- company: company, company_name, employer, organization, organisation, hiring_organization
- description: description, job_description, body, content, text, details
- location: location, city, job_location, locations
- url: url, job_url, link, apply_url, absolute_url, hosted_url
- posted_at: posted_at, date_posted, date, posted, posted_on, published_at, published, first_published
- salary: salary, compensation, pay, salary_range, base_salary
- requisition_id: requisition_id, req_id, job_id, requisition, identifier, reference, ref
- closes_at: closes_at, valid_through (schema.org ``validThrough``), closing_date, closes, close_date,
  application_deadline, deadline, apply_by, expires, expires_at, expiry_date, expiration_date

Text: descriptions are plain text with structure kept as lines: a heading on its own line,
list items as ``- item``, paragraphs separated by a blank line. HTML (whole pages, and HTML
inside JSON or CSV descriptions, even entity-escaped) is stripped to text that way with the
standard library's ``html.parser``; scripts, styles, comments, navigation and footers are
dropped and entities are unescaped. Dates become ISO dates (``YYYY-MM-DD``) when they can be
read unambiguously, else ``None``. A posting with a title but no company (or the reverse)
gets ``UNKNOWN`` for the missing one; with neither it is rejected.

Encoding: UTF-8 (with or without a byte-order mark), then UTF-16 when the file starts with
its byte-order mark. Spreadsheet programs on Windows still save Windows-1252, so a file that
is not UTF-8 is read as Windows-1252 when every byte decodes to a printable character;
anything else is rejected as undecodable rather than guessed at. A file with NUL bytes (and
no UTF-16 byte-order mark) is binary.

Sources name where a posting came from relative to the inbox: ``inbox:acme.md``;
``inbox:jobs.csv#row=3`` (rows counted as a spreadsheet shows them, the header is row 1),
``inbox:feed.jsonl#line=2`` and ``inbox:export.json#item=2`` (both counted from 1).

Rejections name the file (and row), the field, and what to do. One bad row, line or item
never blocks the good ones beside it.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import html
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml

from jobintel_assets.layers.dealbreakers import salary_in_text
from jobintel_assets.layers.models import JobPosting, Rejection, WebPage
from jobintel_assets.layers.text import content_hash, normalize_for_match, sha256_text, slugify

MAX_DESCRIPTION_CHARS = 200_000
MAX_FILE_BYTES = 50_000_000
UNKNOWN = "unknown"
SUPPORTED_SUFFIXES = (".json", ".jsonl", ".csv", ".md", ".txt", ".html", ".htm")

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "job_title", "position", "position_title", "role"),
    "company": (
        "company",
        "company_name",
        "employer",
        "organization",
        "organisation",
        "hiring_organization",
    ),
    "description": ("description", "job_description", "body", "content", "text", "details"),
    "location": ("location", "city", "job_location", "locations"),
    "url": ("url", "job_url", "link", "apply_url", "absolute_url", "hosted_url"),
    "posted_at": (
        "posted_at",
        "date_posted",
        "date",
        "posted",
        "posted_on",
        "published_at",
        "published",
        "first_published",
    ),
    "salary": ("salary", "compensation", "pay", "salary_range", "base_salary"),
    "requisition_id": ("requisition_id", "req_id", "job_id", "requisition", "identifier", "reference", "ref"),
    "closes_at": (
        "closes_at",
        "valid_through",
        "closing_date",
        "closes",
        "close_date",
        "application_deadline",
        "deadline",
        "apply_by",
        "expires",
        "expires_at",
        "expiry_date",
        "expiration_date",
    ),
}
_FIELD_BY_KEY = {name: canonical for canonical, names in FIELD_NAMES.items() for name in names}
# Job boards name the pay column many ways ('Salary Estimate', 'Pay Range', 'Estimated Salary').
_PAY_WORDS = frozenset({"salary", "pay", "compensation", "wage", "wages"})


def field_for(name: str) -> str | None:
    """The posting field a column, key or 'Key:' line holds, None when it is none of them."""
    key = _normalize_key(name)
    canonical = _FIELD_BY_KEY.get(key)
    if canonical is None and _PAY_WORDS & set(key.split("_")):
        return "salary"
    return canonical


@dataclass(frozen=True)
class PostingDraft:
    """A posting as read from a file, before it gets its id and ingestion time."""

    source: str
    title: str
    company: str
    description: str
    url: str | None = None
    location: str | None = None
    posted_at: str | None = None
    salary: str | None = None
    requisition_id: str | None = None
    closes_at: str | None = None
    # The board's own id of the posting ('greenhouse:acme:4471203'), when it came from a job board.
    ats_key: str | None = None

    @property
    def job_id(self) -> str:
        return job_id_for(self)

    def content_sha256(self) -> str:
        """Hash of what the posting says (not where the file lies): changes when its content does."""
        content = {
            "url": self.url,
            "title": self.title,
            "company": self.company,
            "location": self.location,
            "description": self.description,
            "posted_at": self.posted_at,
            "salary": self.salary,
            "requisition_id": self.requisition_id,
        }
        if self.closes_at is not None:  # postings without a closing date keep the hash they always had
            content["closes_at"] = self.closes_at
        return content_hash(content)

    def to_posting(self, ingested_at: datetime) -> JobPosting:
        return JobPosting(
            job_id=self.job_id,
            source=self.source,
            url=self.url,
            title=self.title,
            company=self.company,
            location=self.location,
            description=self.description,
            posted_at=self.posted_at,
            salary=self.salary,
            requisition_id=self.requisition_id,
            content_sha256=self.content_sha256(),
            ingested_at=ingested_at,
            closes_at=self.closes_at,
        )


@dataclass
class ParseResult:
    postings: list[PostingDraft] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    def extend(self, other: ParseResult) -> None:
        self.postings.extend(other.postings)
        self.rejections.extend(other.rejections)


def job_id_for(draft: PostingDraft) -> str:
    """``<company>-<title>-<8 hex>``: readable, at most 80 characters of ``[a-z0-9-]``.

    The hash is of the canonical posting: its URL when known, else its normalized description,
    plus the requisition id when there is one (two requisitions with one title stay distinct).
    The same posting read from two formats gets the same id exactly when that content is equal.
    """
    canonical = (
        f"url:{canonical_url(draft.url)}" if draft.url else f"text:{normalize_for_match(draft.description)}"
    )
    if draft.requisition_id:
        canonical += f"|req:{normalize_for_match(draft.requisition_id)}"
    return f"{slugify(draft.company, 30)}-{slugify(draft.title, 40)}-{sha256_text(canonical)[:8]}"


def inbox_paths(root: Path) -> list[Path]:
    """The files under ``root`` in sorted path order; hidden files and folders are skipped."""
    files = (
        path
        for path in root.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )
    return sorted(files, key=lambda path: path.relative_to(root).as_posix())


def parse_inbox(root: Path, now: datetime) -> ParseResult:
    """Parse every file of ``inbox_paths(root)``."""
    result = ParseResult()
    for path in inbox_paths(root):
        result.extend(parse_path(path, root, now))
    return result


def parse_path(path: Path, root: Path, now: datetime) -> ParseResult:
    """Parse one file; ``now`` stamps its rejections. Never raises for bad content."""
    relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    source = f"inbox:{relative}"
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        reason = (
            f"{relative}: unsupported file type '{suffix or '(none)'}'; "
            f"save the posting as one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
        return ParseResult(rejections=[_rejection(source, reason, None, None, now)])
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _Unusable(
                f"is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte cap; split it into smaller files"
            )
        data = path.read_bytes()
    except OSError as error:
        reason = (
            f"{relative}: could not be read ({error.strerror or error}); check that it exists and is readable"
        )
        return ParseResult(rejections=[_rejection(source, reason, None, None, now)])
    except _Unusable as problem:
        return ParseResult(rejections=[_rejection(source, f"{relative} {problem.reason}", None, None, now)])

    file_hash = hashlib.sha256(data).hexdigest()
    if not data.strip():
        what = "is empty (0 bytes)" if not data else "contains only whitespace"
        reason = f"{relative} {what}; paste the posting text into it"
        return ParseResult(rejections=[_rejection(source, reason, "description", file_hash, now)])
    try:
        text = _decode(data)
    except _Unusable as problem:
        return ParseResult(
            rejections=[_rejection(source, f"{relative} {problem.reason}", None, file_hash, now)]
        )

    if suffix in (".json", ".jsonl", ".csv"):
        if suffix == ".json":
            result = _parse_json(text, relative, file_hash, now)
        elif suffix == ".jsonl":
            result = _parse_jsonl(text, relative, now)
        else:
            result = _parse_csv(text, relative, file_hash, now)
        if not (result.postings or result.rejections):
            # An empty list or a header without rows: say so, so no file is silently skipped.
            reason = f"{relative}: holds no postings (no items or rows); add postings or remove the file"
            result.rejections.append(_rejection(source, reason, None, file_hash, now))
        return result
    try:
        draft = (
            _draft_from_html(text, source) if suffix in (".html", ".htm") else _draft_from_text(text, source)
        )
    except _Unusable as problem:
        reason = f"{relative}: {problem.reason}"
        return ParseResult(rejections=[_rejection(source, reason, problem.field, file_hash, now)])
    except RecursionError:  # JSON-LD or front matter nested hundreds deep
        reason = f"{relative}: its structured data is nested too deeply to read; keep the posting's text only"
        return ParseResult(rejections=[_rejection(source, reason, None, file_hash, now)])
    return ParseResult(postings=[draft])


# ------------------------------------------------------------------ problems


class _Unusable(Exception):
    """Content that cannot become a posting; ``reason`` says why and what to do."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


def _rejection(source: str, reason: str, field: str | None, sha256: str | None, now: datetime) -> Rejection:
    return Rejection(source=source, reason=reason, field=field, content_sha256=sha256, rejected_at=now)


# ------------------------------------------------------------------ decoding

_NON_PRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _Unusable(
                f"starts like UTF-16 but does not decode ({error.reason}); re-save it as UTF-8"
            ) from None
    if b"\x00" in data:
        raise _Unusable(
            "contains NUL bytes: it is binary (or UTF-16 without a byte-order mark), not text; "
            "export the posting as UTF-8 text"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is None or _NON_PRINTABLE.search(text):
        raise _Unusable(
            f"is neither UTF-8 (invalid byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) "
            "nor readable Windows-1252 text; re-save it as UTF-8"
        )
    return text


# ---------------------------------------------------------------- structured


_TOO_DEEP = "JSON nested too deeply to read; a posting is an object of fields, save it as such"


def _parse_json(text: str, relative: str, file_hash: str, now: datetime) -> ParseResult:
    source = f"inbox:{relative}"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        reason = (
            f"{relative}: broken JSON at line {error.lineno} column {error.colno} ({error.msg}); "
            "fix the syntax (a validator such as `python -m json.tool` points at it)"
        )
        return ParseResult(rejections=[_rejection(source, reason, None, file_hash, now)])
    except RecursionError:
        reason = f"{relative}: {_TOO_DEEP}"
        return ParseResult(rejections=[_rejection(source, reason, None, file_hash, now)])
    if isinstance(data, dict):
        listed = next((data[key] for key in ("jobs", "postings") if isinstance(data.get(key), list)), None)
        if listed is None:
            return _records([(source, relative, data)], now)
        data = listed
    if not isinstance(data, list):
        reason = (
            f"{relative}: JSON holds a {type(data).__name__}; expected a posting object or a list of them"
        )
        return ParseResult(rejections=[_rejection(source, reason, None, file_hash, now)])
    return _records(
        [(f"{source}#item={n}", f"{relative} item {n}", item) for n, item in enumerate(data, start=1)], now
    )


def _parse_jsonl(text: str, relative: str, now: datetime) -> ParseResult:
    result = ParseResult()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source, where = f"inbox:{relative}#line={number}", f"{relative} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            reason = (
                f"{where}: broken JSON at column {error.colno} ({error.msg}); fix the syntax of this line"
            )
            result.rejections.append(_rejection(source, reason, None, sha256_text(line), now))
            continue
        except RecursionError:
            reason = f"{where}: {_TOO_DEEP}"
            result.rejections.append(_rejection(source, reason, None, sha256_text(line), now))
            continue
        result.extend(_records([(source, where, record)], now))
    return result


def _sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max(",;\t", key=header.count)


def _parse_csv(text: str, relative: str, file_hash: str, now: datetime) -> ParseResult:
    source = f"inbox:{relative}"
    # One long description must fail as an oversized row, not as a csv.Error that sinks the file.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    header = next(reader, [])
    fields = [field_for(name) for name in header]
    missing = [
        (label, name)
        for label, name, required in (
            ("description", "description", {"description"}),
            ("title or company", "title,company", {"title", "company"}),
        )
        if not required & set(fields)
    ]
    if missing:
        labels = [label for label, _ in missing]
        examples = FIELD_NAMES["title"][:2] + FIELD_NAMES["company"][:2] + FIELD_NAMES["description"][:2]
        reason = (
            f"{relative}: no {' and no '.join(labels)} column (found: {', '.join(header) or 'nothing'}); "
            f"add a header row naming the columns, e.g. {', '.join(examples)}"
        )
        return ParseResult(rejections=[_rejection(source, reason, missing[0][1], file_hash, now)])
    rows: list[tuple[str, str, object]] = []
    try:
        for number, row in enumerate(reader, start=2):
            if any(cell.strip() for cell in row):
                record = {name: value for name, value in zip(header, row, strict=False) if name}
                rows.append((f"{source}#row={number}", f"{relative} row {number}", record))
    except csv.Error as error:
        reason = f"{relative}: unreadable CSV after line {reader.line_num} ({error}); fix the quoting there"
        result = _records(rows, now)
        result.rejections.append(_rejection(source, reason, None, file_hash, now))
        return result
    return _records(rows, now)


def parse_record(source: str, where: str, record: object, now: datetime) -> ParseResult:
    """One posting object (a JSON item, a board's job) read like a JSON file's item."""
    return _records([(source, where, record)], now)


def _records(records: list[tuple[str, str, object]], now: datetime) -> ParseResult:
    """Drafts from (source, human-readable location, record) triples, one rejection per bad record."""
    result = ParseResult()
    for source, where, record in records:
        try:
            record_hash = content_hash(record)
        except RecursionError:
            result.rejections.append(_rejection(source, f"{where}: {_TOO_DEEP}", None, None, now))
            continue
        if not isinstance(record, dict):
            reason = f"{where}: is a JSON {type(record).__name__}, not a posting object; remove it or wrap it"
            result.rejections.append(_rejection(source, reason, None, record_hash, now))
            continue
        try:
            result.postings.append(_draft_from_record(record, source))
        except _Unusable as problem:
            result.rejections.append(
                _rejection(source, f"{where}: {problem.reason}", problem.field, record_hash, now)
            )
        except RecursionError:
            result.rejections.append(_rejection(source, f"{where}: {_TOO_DEEP}", None, record_hash, now))
    return result


_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _normalize_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _CAMEL_BOUNDARY.sub("_", name.strip()).lower()).strip("_")


def _pick_fields(record: Mapping[str, object]) -> dict[str, object]:
    """The record's values by canonical field; the first non-empty value of a field wins."""
    picked: dict[str, object] = {}
    for key, value in record.items():
        canonical = field_for(str(key))
        if canonical and canonical not in picked and not _is_blank(value):
            picked[canonical] = value
    remote = str(record.get("jobLocationType") or record.get("job_location_type") or "").upper()
    if remote == "TELECOMMUTE":
        where = _as_text(picked.get("location") or record.get("applicantLocationRequirements"))
        picked["location"] = f"Remote ({where})" if where else "Remote"
    return picked


def _is_blank(value: object) -> bool:
    return value is None or (
        isinstance(value, str | list | dict) and not (value.strip() if isinstance(value, str) else value)
    )


def _draft_from_record(record: Mapping[str, object], source: str) -> PostingDraft:
    picked = _pick_fields(record)
    return _finish(
        source,
        title=_as_text(picked.get("title")),
        company=_company_text(picked.get("company")),
        description=_description_text(picked.get("description")),
        url=_as_url(picked.get("url")),
        location=_as_text(picked.get("location")) or None,
        posted_at=_iso_date(picked.get("posted_at")),
        salary=_salary_text(picked.get("salary")) or None,
        requisition_id=_identifier_text(picked.get("requisition_id")),
        closes_at=_iso_date(picked.get("closes_at")),
    )


def _finish(
    source: str, *, title: str, company: str, description: str, **optional: str | None
) -> PostingDraft:
    """The checks every format shares, and the draft when they pass.

    A location or salary that no field gives is taken from the body when it states one plainly
    (a 'Boston, MA — Hybrid' line under the title, 'Salary range $150,000–$180,000').
    """
    title, company = _one_line(title), _one_line(company)
    company, place = _company_and_place(company)
    optional["location"] = optional.get("location") or place or _location_in_body(description)
    optional["salary"] = optional.get("salary") or salary_in_text(description)
    if not title and not company:
        raise _Unusable(
            "has neither a title nor a company; add at least one, as a field or column, "
            "or as a 'Title:' / 'Company:' line at the top of a .md or .txt file",
            field="title,company",
        )
    if not description:
        raise _Unusable(
            "the description is empty or only whitespace; paste the posting text into it", "description"
        )
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise _Unusable(
            f"the description is {len(description):,} characters, over the {MAX_DESCRIPTION_CHARS:,} cap; "
            "keep only the posting itself",
            field="description",
        )
    return PostingDraft(
        source=source, title=title or UNKNOWN, company=company or UNKNOWN, description=description, **optional
    )


# -------------------------------------------------------------------- values

# Review-site exports put the employer's rating on a line of its own under the name ('Acme\n3.8').
_RATING_LINE = re.compile(r"^\s*\d(?:[.,]\d)?\s*[★*]?\s*$")
_WORK_MODE = re.compile(r"\b(?:remote|hybrid|on-?site|in[- ]office|onsite|office-based)\b", re.I)
_PLACE_NAME = r"[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}"
_CITY_AND_REGION = re.compile(rf"^{_PLACE_NAME}, {_PLACE_NAME}\b")
# A trailing '(Remote, US)' or '(London)' after a company name in a heading is where the job is.
_TRAILING_PLACE = re.compile(r"^(?P<company>.+?)\s*\((?P<place>[^()]+)\)$")
_BODY_HEAD_LINES = 4
_MAX_PLACE_WORDS = 10


def _company_text(value: object) -> str:
    lines = [line for line in str(value or "").splitlines() if line.strip()] if isinstance(value, str) else []
    if len(lines) > 1 and all(_RATING_LINE.match(line) for line in lines[1:]):
        return _one_line(lines[0])
    return _as_text(value)


def _looks_like_place(text: str) -> bool:
    words = text.split()
    if not words or len(words) > _MAX_PLACE_WORDS or text.rstrip().endswith((".", "!", "?", ":")):
        return False
    return bool(_WORK_MODE.search(text) or _CITY_AND_REGION.match(text) or re.fullmatch(r"[A-Z]{2,3}", text))


def _company_and_place(company: str) -> tuple[str, str | None]:
    """('Northwind Analytics', 'Remote, US') from 'Northwind Analytics (Remote, US)'."""
    match = _TRAILING_PLACE.match(company)
    if match and (_looks_like_place(match["place"]) or "," in match["place"]):
        return match["company"], match["place"].strip()
    return company, None


def _location_in_body(description: str) -> str | None:
    """A line among the first few that only says where and how the job is worked."""
    head = [line.strip() for line in description.split("\n") if line.strip()][:_BODY_HEAD_LINES]
    return next((line for line in head if _looks_like_place(line)), None)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _as_text(value: object) -> str:
    """A field value as one line: names of objects (``{"name": ...}``), lists joined with '; '."""
    if value is None:
        return ""
    if isinstance(value, dict):
        if value.get("name"):
            return _as_text(value["name"])
        if "address" in value:
            return _as_text(value["address"])
        if "value" in value:
            return _as_text(value["value"])
        parts = (_as_text(v) for k, v in value.items() if not str(k).startswith("@"))
        return ", ".join(part for part in parts if part)
    if isinstance(value, list):
        return "; ".join(part for part in (_as_text(item) for item in value) if part)
    return _one_line(str(value))


def _salary_text(value: object) -> str:
    """schema.org MonetaryAmount as 'GBP 90,000–110,000 per year'; anything else as text."""
    if isinstance(value, dict) and isinstance(value.get("value"), dict):
        amount = value["value"]
        low, high, exact = amount.get("minValue"), amount.get("maxValue"), amount.get("value")
        numbers = [n for n in (low, high) if n is not None] or [n for n in (exact,) if n is not None]
        span = "–".join(f"{n:,}" if isinstance(n, int | float) else str(n) for n in numbers)
        unit = str(amount.get("unitText") or "").lower()
        return " ".join(
            part for part in (str(value.get("currency") or ""), span, unit and f"per {unit}") if part
        )
    return _as_text(value)


def _identifier_text(value: object) -> str | None:
    """A requisition id; schema.org puts it in a PropertyValue whose ``name`` is the issuer."""
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    return _as_text(value) or None


def _as_url(value: object) -> str | None:
    url = _as_text(value)
    return url if re.match(r"https?://\S+$", url) else None


def canonical_url(url: str) -> str:
    """Same posting, same URL: scheme and host lower-cased, tracking parameters and fragment dropped."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith("utm_")])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), query, ""))


_DATE_FORMATS = ("%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y")


def _iso_date(value: object) -> str | None:
    """An ISO date when the value is one unambiguously (no 01/02/2025 guessing), else None."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < 1e9:  # a bare year or a count, not a timestamp
            return None
        seconds = value / 1000 if value > 1e11 else value  # Lever-style epoch milliseconds
        try:
            return datetime.fromtimestamp(seconds, UTC).date().isoformat()
        except (OverflowError, ValueError, OSError):  # NaN, infinity, or past the year 9999
            return None
    text = _as_text(value)
    iso = re.match(r"(\d{4}-\d{2}-\d{2})(?:$|[T ])", text)
    if iso:
        try:
            return date.fromisoformat(iso.group(1)).isoformat()
        except ValueError:
            return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return None


_HTML_TAG = re.compile(
    r"</?(?:p|div|br|ul|ol|li|h[1-6]|strong|b|em|i|span|a|table|tr|td|section)\b[^>]*>", re.I
)
_ESCAPED_HTML_TAG = re.compile(r"&lt;/?(?:p|div|br|ul|ol|li|h[1-6]|strong|b|em|span)\b", re.I)


def _description_text(value: object) -> str:
    """Plain text of a description field, whether it holds text, HTML or entity-escaped HTML."""
    if isinstance(value, list):
        value = "\n".join(_as_text(item) for item in value)
    text = "" if value is None else str(value)
    if not _HTML_TAG.search(text) and _ESCAPED_HTML_TAG.search(text):
        text = html.unescape(text)
    if _HTML_TAG.search(text):
        return html_to_text(text)
    return _tidy_lines(html.unescape(text).splitlines())


def _tidy_lines(lines: list[str]) -> str:
    """Lines trimmed, at most one blank line in a row, none at either end."""
    tidy: list[str] = []
    for line in lines:
        line = line.replace("\ufeff", "").replace("\xa0", " ").rstrip()
        if line.strip() or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip()


# ---------------------------------------------------------------------- HTML


class _PageReader(HTMLParser):
    """Text of a page as lines, plus the metadata a posting's fields come from."""

    _SKIPPED = frozenset(
        {"script", "style", "noscript", "template", "svg", "nav", "footer", "form", "button"}
    )
    _BLOCKS = frozenset(
        {"p", "div", "section", "article", "main", "header", "aside", "ul", "ol", "dl", "dt", "dd", "table"}
        | {"tr", "blockquote", "figure", "figcaption", "address", "hr", "li"}
    )
    _HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._skipping: str | None = None
        self._skip_depth = 0
        self._in_head = False
        self._in_pre = False
        self._capture: str | None = None
        self._captured: list[str] = []
        self.title = ""
        self.h1 = ""
        self.meta: dict[str, str] = {}
        self.canonical_url = ""
        self.json_ld: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if self._skipping:
            self._skip_depth += tag == self._skipping
            return
        if tag == "script" and attributes.get("type", "").lower() == "application/ld+json":
            self._start_capture("ld+json")
        if tag in self._SKIPPED:
            self._skipping, self._skip_depth = tag, 1
            return
        if tag in ("head", "body"):
            self._in_head = tag == "head"
        elif tag == "title":
            self._start_capture("title")
        elif tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            if key and attributes.get("content"):
                self.meta.setdefault(key, attributes["content"])
        elif tag == "link" and "canonical" in attributes.get("rel", "").lower().split():
            self.canonical_url = attributes.get("href", "")
        elif tag == "br":
            self._break()
        elif tag in self._HEADINGS:
            self._break(blank=True)
            if tag == "h1" and not self.h1:
                self._start_capture("h1")
        elif tag == "li":
            self._break()
            self._line.append("- ")
        elif tag in ("td", "th"):
            self._line.append(" ")
        elif tag == "pre":
            self._break(blank=True)
            self._in_pre = True
        elif tag == "p":
            self._break(blank=True)
        elif tag in self._BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == self._skipping:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skipping = None
                    if self._capture == "ld+json":
                        self.json_ld.append(self._end_capture())
            return
        if tag == "head":
            self._in_head = False
        elif tag == "title" and self._capture == "title":
            self.title = _one_line(self._end_capture())
        elif tag == "h1" and self._capture == "h1":
            self.h1 = _one_line(self._end_capture())
        if tag in self._HEADINGS or tag in ("p", "pre"):
            self._break(blank=True)
            self._in_pre = self._in_pre and tag != "pre"
        elif tag in self._BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._captured.append(data)
        if self._skipping or self._in_head:
            return
        if self._in_pre:
            first, *rest = data.split("\n")
            self._line.append(first)
            for line in rest:
                self._break()
                self._line.append(line)
        else:
            self._line.append(data)

    def close(self) -> None:
        super().close()
        self._break()

    def text(self) -> str:
        return _tidy_lines(self.lines)

    def _start_capture(self, what: str) -> None:
        self._capture, self._captured = what, []

    def _end_capture(self) -> str:
        self._capture = None
        return "".join(self._captured)

    def _break(self, blank: bool = False) -> None:
        """End the current line; a list marker with no text yet stays on its line."""
        line = "".join(self._line)
        if line.strip() == "-":
            return
        if line.strip():
            self.lines.append(line if self._in_pre else re.sub(r"\s+", " ", line).strip())
        self._line = []
        if blank and self.lines and self.lines[-1]:
            self.lines.append("")


def _read_page(markup: str) -> _PageReader:
    try:
        return _fed(markup)
    except AssertionError:
        # Python's HTML parser gives up on a malformed declaration ('<![' with no name after it):
        # such a '<!' is text, except where it opens a comment or the doctype.
        return _fed(re.sub(r"<!(?!--|doctype)", "&lt;!", markup, flags=re.I))


def _fed(markup: str) -> _PageReader:
    reader = _PageReader()
    reader.feed(markup)
    reader.close()
    return reader


def html_to_text(markup: str) -> str:
    """Visible text of HTML as lines: headings alone on a line, list items as '- item'."""
    return _read_page(markup).text()


def _job_posting_ld(blocks: list[str]) -> dict[str, object] | None:
    """The first schema.org JobPosting in the page's JSON-LD; broken JSON-LD is ignored."""
    pending: list[object] = []
    for block in blocks:
        try:
            pending.append(json.loads(block))
        except (json.JSONDecodeError, RecursionError):
            continue
    while pending:
        item = pending.pop(0)
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            kinds = item.get("@type")
            if "JobPosting" in (kinds if isinstance(kinds, list) else [kinds]):
                return item
            if isinstance(item.get("@graph"), list):
                pending.extend(item["@graph"])
    return None


def _draft_from_html(markup: str, source: str) -> PostingDraft:
    page = _read_page(markup)
    body = page.text()
    posting = _job_posting_ld(page.json_ld)
    picked = _pick_fields(posting) if posting else {}
    title = _as_text(picked.get("title"))
    company = _as_text(picked.get("company")) or _one_line(page.meta.get("og:site_name", ""))
    for heading in (page.h1, page.meta.get("og:title", ""), page.title):
        if title and company:
            break
        heading_title, heading_company = _split_heading(_one_line(heading), company)
        title = title or heading_title
        company = company or re.sub(r"\s+(careers|jobs)$", "", heading_company, flags=re.I)
    description = _description_text(picked.get("description")) if picked.get("description") else body
    if not description:
        raise _Unusable(
            "the HTML has no visible text (only markup, scripts or styles); save the page after it has "
            "loaded, or paste the posting's text into a .txt file",
            field="description",
        )
    lines = description.split("\n")
    if page.h1 and normalize_for_match(lines[0]) == normalize_for_match(page.h1):
        description = _tidy_lines(lines[1:])
    return _finish(
        source,
        title=title,
        company=company,
        description=description,
        url=_as_url(picked.get("url")) or _as_url(page.canonical_url) or _as_url(page.meta.get("og:url")),
        location=_as_text(picked.get("location")) or None,
        posted_at=_iso_date(picked.get("posted_at")),
        salary=_salary_text(picked.get("salary")) or None,
        requisition_id=_identifier_text(picked.get("requisition_id")),
        closes_at=_iso_date(picked.get("closes_at")),
    )


# ----------------------------------------------------------- Markdown / text

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_KEY_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z _/.-]{0,30}?)\s*:\s*(\S.*?)\s*$")
_HEADING_LINE = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_AT_COMPANY = re.compile(r"^(.+)\s+(?:at|@)\s+(.+)$", re.I)
_DASHED_COMPANY = re.compile(r"^(.+)\s+(?:—|–|\||-)\s+(.+)$")


def _is_title_line(line: str) -> bool:
    """'Frontend Engineer at Orbital Studio' is; a sentence such as 'Join us at Acme to ...' is not."""
    match = _AT_COMPANY.match(line) or _DASHED_COMPANY.match(line)
    return bool(
        match
        and len(match.group(1).split()) <= 10
        and len(match.group(2).split()) <= 6
        and not line.endswith((".", ":", "!"))
    )


def _split_heading(heading: str, known_company: str = "") -> tuple[str, str]:
    """('Senior Data Engineer', 'Acme') from 'Senior Data Engineer — Acme' or '... at Acme'."""
    if known_company and normalize_for_match(heading).endswith(normalize_for_match(known_company)):
        match = _DASHED_COMPANY.match(heading) or _AT_COMPANY.match(heading)
        if match and normalize_for_match(match.group(2)) == normalize_for_match(known_company):
            return match.group(1).strip(), known_company
    match = _AT_COMPANY.match(heading) or _DASHED_COMPANY.match(heading)
    if match and not known_company:
        return match.group(1).strip(), match.group(2).strip()
    return heading.strip(), ""


def _front_matter(text: str) -> tuple[dict[str, object], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 2}" if mark else ""
        raise _Unusable(
            f"the front matter between the '---' lines is not valid YAML{at}; "
            "write one 'key: value' per line (quote values that contain ': ')"
        ) from None
    if not isinstance(data, dict):
        raise _Unusable("the front matter between the '---' lines is not a list of 'key: value' lines")
    return data, text[match.end() :]


def _markdown_to_text(lines: list[str]) -> str:
    plain: list[str] = []
    for line in lines:
        heading = _HEADING_LINE.match(line)
        if heading:
            plain.extend(["", heading.group(1), ""])
            continue
        if re.match(r"^\s*([-*_])(\s*\1){2,}\s*$", line):
            plain.append("")
            continue
        line = re.sub(r"^\s*[*+•·▪●]\s+", "- ", line)
        line = re.sub(r"^\s*-\s+", "- ", line)
        line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"\[([^\]]+)\]\((\S+?)\)", r"\1 (\2)", line)
        line = re.sub(r"(\*\*|__)(\S(?:.*?\S)?)\1", r"\2", line)
        line = re.sub(r"(?<![\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])", r"\1", line)
        line = re.sub(r"`([^`]+)`", r"\1", line)
        plain.append(line)
    return _tidy_lines(_unwrap(plain))


_WRAP_WIDTH = 60
_LIST_ITEM = re.compile(r"^\s*(?:-\s|\d{1,2}[.)]\s)")


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines back into their paragraph or list item.

    A line continues the one before when that one is long (a wrap, not a deliberate break such
    as a short heading) and does not end with ':', and the line itself starts no list item.
    """
    joined: list[str] = []
    for line in lines:
        previous = joined[-1].strip() if joined else ""
        continues = len(previous) >= _WRAP_WIDTH and not previous.endswith(":")
        if continues and line.strip() and not _LIST_ITEM.match(line):
            joined[-1] = f"{joined[-1].rstrip()} {line.strip()}"
        else:
            joined.append(line)
    return joined


def _draft_from_text(text: str, source: str) -> PostingDraft:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    front, body = _front_matter(text)
    fields = _pick_fields(front)
    lines = body.split("\n")
    position = 0

    def skip_blank_lines() -> None:
        nonlocal position
        while position < len(lines) and not lines[position].strip():
            position += 1

    def key_field(line: str) -> tuple[str, str] | None:
        match = _KEY_LINE.match(line)
        canonical = match and field_for(match.group(1))
        return (canonical, match.group(2)) if canonical and canonical != "description" else None

    def take_heading() -> str:
        """The title line at ``position``, if it is one; the title may come before or after 'Key:' lines."""
        nonlocal position
        skip_blank_lines()
        line = lines[position].strip() if position < len(lines) else ""
        known_title = _as_text(fields.get("title"))
        if line.startswith("# "):
            heading = _HEADING_LINE.match(line).group(1)
            # With the title known, '# About us' is the first section, not a title to drop.
            if known_title and normalize_for_match(known_title) not in normalize_for_match(heading):
                return ""
            position += 1
            return heading
        if not (known_title and fields.get("company")) and not key_field(line) and _is_title_line(line):
            position += 1
            return line
        return ""

    heading = take_heading()
    while True:
        skip_blank_lines()
        key_value = key_field(lines[position]) if position < len(lines) else None
        if not key_value:
            break
        fields.setdefault(*key_value)
        position += 1
    heading = heading or take_heading()
    title, company = _as_text(fields.get("title")), _as_text(fields.get("company"))
    if heading:
        heading_title, heading_company = _split_heading(_one_line(heading), company)
        title, company = title or heading_title, company or heading_company
    return _finish(
        source,
        title=title,
        company=company,
        description=_markdown_to_text(lines[position:]),
        url=_as_url(fields.get("url")),
        location=_as_text(fields.get("location")) or None,
        posted_at=_iso_date(fields.get("posted_at")),
        salary=_salary_text(fields.get("salary")) or None,
        requisition_id=_identifier_text(fields.get("requisition_id")),
        closes_at=_iso_date(fields.get("closes_at")),
    )


# ------------------------------------------------------------------ web pages


def parse_web_page(url: str, page: WebPage, now: datetime) -> ParseResult:
    """A posting page fetched from ``url`` (Markdown from a scraper, or HTML); its source is ``url:<url>``."""
    source = f"url:{url}"
    text = page.text.strip()
    try:
        if text.startswith("<") and _HTML_TAG.search(text):
            draft = _draft_from_html(text, source)
        else:
            title = _one_line(page.title)
            heading = f"# {title}\n\n" if title and not text.startswith("#") else ""
            draft = _draft_from_text(heading + text, source)
    except _Unusable as problem:
        reason = f"{url}: {problem.reason}"
        return ParseResult(rejections=[_rejection(source, reason, problem.field, None, now)])
    return ParseResult(postings=[draft if draft.url else replace(draft, url=_as_url(url))])
