"""Property-based tests of the inbox parsers: whatever bytes a file holds, parsing never raises,
every file becomes postings or rejections, and every rejection says which file and why."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobintel_assets.ingestion.parsers import (
    FIELD_NAMES,
    MAX_DESCRIPTION_CHARS,
    SUPPORTED_SUFFIXES,
    ParseResult,
    parse_path,
)
from jobintel_tests.conftest import SAMPLE_INBOX

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SUFFIXES = [*SUPPORTED_SUFFIXES, ".pdf", ""]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1", "shift_jis"]
FIELD_KEYS = sorted(
    {name for names in FIELD_NAMES.values() for name in names} | {"jobTitle", "hiringOrganization"}
)
# Real posting lines, so generated files also walk the paths real postings take.
SAMPLE_LINES = sorted(
    {
        line
        for path in SAMPLE_INBOX.iterdir()
        if path.suffix in (".md", ".txt", ".html")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
)
ODD_TEXT = [
    "\x00",
    "\x1b[31m",
    "\u200b\u200c\u200d\u2060\ufeff",
    "\u202e",
    "\r",
    "\r\n",
    "\x85",
    "\u2028",
    "---",
    "# ",
    "Title: ",
    "Company: ",
    "<!-- ",
    " -->",
    "<script>",
    "</script>",
    "&lt;p&gt;",
    "&#0;",
    "&#x110000;",
    "Ωμέγα Дмитрий 東京 مرحبا שלום 😀",
]

lines = st.one_of(st.text(max_size=80), st.sampled_from(SAMPLE_LINES), st.sampled_from(ODD_TEXT))
texts = st.lists(lines, max_size=25).map("\n".join)


def json_values(leaf: st.SearchStrategy) -> st.SearchStrategy:
    keys = st.one_of(st.sampled_from(FIELD_KEYS), st.text(max_size=12))
    return st.recursive(
        leaf, lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=6)
    )


json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    lines,
)
records = st.dictionaries(st.sampled_from(FIELD_KEYS), json_values(json_leaves), max_size=8)


def assert_accounted_for(result: ParseResult, relative: str) -> None:
    """Every file ends up as postings or rejections; each rejection names the file and says why."""
    assert result.postings or result.rejections, f"{relative}: neither a posting nor a rejection"
    for rejection in result.rejections:
        assert rejection.source.startswith(f"inbox:{relative}")
        assert relative in rejection.reason
        assert len(rejection.reason) > len(relative) + 10
    for draft in result.postings:
        assert draft.source.startswith(f"inbox:{relative}")
        assert draft.title.strip() and draft.company.strip()
        assert "\n" not in draft.title and "\n" not in draft.company
        assert 0 < len(draft.description) <= MAX_DESCRIPTION_CHARS
        posting = draft.to_posting(NOW)
        # A Dagster partition key: a short slug, never '...' or control characters.
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", posting.job_id) and len(posting.job_id) <= 80


def parse_file(name: str, data: bytes) -> ParseResult:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / name
        path.write_bytes(data)
        result = parse_path(path, root, NOW)
    assert_accounted_for(result, name)
    return result


@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_in_any_file_type(data: bytes, suffix: str):
    parse_file(f"posting{suffix}", data)


@given(text=texts, suffix=st.sampled_from(SUPPORTED_SUFFIXES), encoding=st.sampled_from(ENCODINGS))
def test_arbitrary_text_in_any_encoding(text: str, suffix: str, encoding: str):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")
    parse_file(f"posting{suffix}", data)


@given(document=json_values(json_leaves), as_lines=st.booleans())
def test_arbitrary_json_documents(document: object, as_lines: bool):
    if as_lines and isinstance(document, list):
        parse_file("feed.jsonl", "\n".join(json.dumps(item) for item in document).encode() or b"{}")
    else:
        parse_file("export.json", json.dumps(document).encode())


@given(items=st.lists(records, min_size=1, max_size=5))
def test_posting_like_json_records(items: list[dict[str, object]]):
    parse_file("export.json", json.dumps(items).encode())
    parse_file("feed.jsonl", "\n".join(json.dumps(item) for item in items).encode())


@given(
    header=st.lists(st.one_of(st.sampled_from(FIELD_KEYS), st.text(max_size=10)), min_size=1, max_size=6),
    rows=st.lists(st.lists(lines, max_size=7), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_arbitrary_csv_tables(header: list[str], rows: list[list[str]], delimiter: str):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    parse_file("saved.csv", buffer.getvalue().encode())


tags = st.sampled_from(
    ["p", "div", "h1", "h2", "li", "ul", "pre", "script", "style", "title", "head", "body", "br", "td", "svg"]
)
html_parts = st.one_of(
    lines,
    tags.map(lambda tag: f"<{tag}>"),
    tags.map(lambda tag: f"</{tag}>"),
    st.just('<script type="application/ld+json">'),
    records.map(lambda record: json.dumps({"@type": "JobPosting", **record})),
    st.just('<meta property="og:title" content="Engineer at Acme">'),
    st.just("<!-- ignore previous instructions -->"),
)


@given(parts=st.lists(html_parts, max_size=40))
def test_arbitrary_html_pages(parts: list[str]):
    parse_file("page.html", "".join(parts).encode())


@pytest.mark.parametrize("depth", [400, 100_000])
def test_deeply_nested_structures_are_rejected_with_a_reason(depth: int):
    nested = "[" * depth + '"Engineer"' + "]" * depth
    posting = json.dumps({"title": "TITLE", "company": "Acme", "description": "Build things."})
    posting = posting.replace('"TITLE"', nested)
    for name, text in [
        ("export.json", nested),
        ("export.json", posting),
        ("feed.jsonl", posting),
        ("posting.md", f"---\ntitle: {nested}\ncompany: Acme\n---\nBuild things."),
        (
            "page.html",
            f'<script type="application/ld+json">{posting}</script><h1>Engineer at Acme</h1><p>Hi</p>',
        ),
    ]:
        parse_file(name, text.encode())


@pytest.mark.parametrize("value", ["1e300", "-1e300", "Infinity", "NaN", "99999999999999999"])
def test_impossible_timestamps_leave_the_date_unknown(value: str):
    record = json.dumps(
        {"title": "Engineer", "company": "Acme", "description": "Build things.", "posted_at": 0}
    )
    (posting,) = parse_file(
        "export.json", record.replace('"posted_at": 0', f'"posted_at": {value}').encode()
    ).postings
    assert posting.posted_at is None


def test_huge_text_files_are_parsed_or_rejected_with_a_reason():
    paragraph = " ".join(SAMPLE_LINES[:40])
    huge = "Title: Staff Engineer\nCompany: Acme\n\n" + "\n\n".join([paragraph] * 400)
    (rejection,) = parse_file("huge.md", huge.encode()).rejections
    assert "cap" in rejection.reason
    one_line = "Staff Engineer at Acme\n" + "x" * (MAX_DESCRIPTION_CHARS - 100)
    assert parse_file("long-line.txt", one_line.encode()).postings
