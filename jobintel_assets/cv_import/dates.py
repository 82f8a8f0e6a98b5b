"""Dates as CVs write them ('Jan 2020 – Present', '2017 - 2019', '07/2016', 'March 2018 to June 2020')."""

from __future__ import annotations

import re
from datetime import date

from jobintel_assets.layers.text import MONTH_NAME, MONTH_NUMBERS

PRESENT = "present"

_MONTH_NAME = rf"{MONTH_NAME}\.?"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_DATE = (
    rf"(?:{_MONTH_NAME}\s*,?\s*{_YEAR}"
    rf"|(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR}"
    rf"|{_YEAR}\s*[-/.]\s*(?:0[1-9]|1[0-2])(?![\d/.])"
    rf"|{_YEAR})"
)
_PRESENT = r"(?:present|current(?:ly)?|now|today|ongoing|to\s+date|date)"
_SEPARATOR = r"\s*(?:[-\u2010-\u2015\u2212~]+|to|until|till|through|thru|\u2192)\s*"

DATE_RANGE = re.compile(
    rf"(?<![\w/.])(?P<start>{_DATE}){_SEPARATOR}(?P<end>{_DATE}|{_PRESENT})(?![\w/])", re.IGNORECASE
)
# 'Since 2019' on its own or after a separator; not 'second in department from 2016'.
_SINCE = re.compile(
    rf"(?:^|[|,\u2013\u2014(]\s*)(?:since|from)\s+(?P<start>{_DATE})\s*\)?\s*(?:$|[|,\u2013\u2014])",
    re.IGNORECASE,
)
_NUMERIC_MONTH_FIRST = re.compile(rf"^(\d{{1,2}})\s*[/.]\s*({_YEAR})$")
_NUMERIC_YEAR_FIRST = re.compile(rf"^({_YEAR})\s*[-/.]\s*(\d{{2}})$")
YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)")


def normalize_date(text: str) -> str:
    """'Jan 2020' -> '2020-01', '07/2016' -> '2016-07', '2017' -> '2017' (the CV gives no month),
    'Present' -> 'present'."""
    text = text.strip().lower()
    if re.fullmatch(_PRESENT, text):
        return PRESENT
    if match := _NUMERIC_MONTH_FIRST.match(text):
        return f"{match.group(2)}-{int(match.group(1)):02d}"
    if match := _NUMERIC_YEAR_FIRST.match(text):
        return f"{match.group(1)}-{match.group(2)}"
    year = YEAR.search(text)
    month = re.match(r"[a-z]{3}", text)
    if year and month and month.group() in MONTH_NUMBERS:
        return f"{year.group()}-{MONTH_NUMBERS[month.group()]:02d}"
    return year.group() if year else text


def find_date_range(line: str) -> tuple[str, str, re.Match[str]] | None:
    """(start, end, match) for the first date range in ``line``: 'Jan 2020 – Present', 'since 2019'."""
    if match := DATE_RANGE.search(line):
        return normalize_date(match.group("start")), normalize_date(match.group("end")), match
    if match := _SINCE.search(line):
        return normalize_date(match.group("start")), PRESENT, match
    return None


def dates_in(text: str) -> set[str]:
    """Every date the text writes, normalized ('Jan 2020' -> '2020-01'), and 'present' if it says so."""
    found = {
        normalize_date(m.group()) for m in re.finditer(rf"(?<![\w/.]){_DATE}(?![\w/])", text, re.IGNORECASE)
    }
    if re.search(rf"\b{_PRESENT}\b", text, re.IGNORECASE):
        found.add(PRESENT)
    return found


def has_month(value: str | None) -> bool:
    return bool(value) and (value == PRESENT or re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value) is not None)


def years_of_experience(ranges: list[tuple[str, str]], today: date) -> int | None:
    """Whole years covered by the roles' date ranges, overlaps counted once; None without dates.

    A year without a month counts from its January, so '2017 - 2019' is two years, not three.
    """
    months: set[int] = set()
    for start, end in ranges:
        first = _month_index(start, today)
        last = _month_index(end, today)
        if first is None or last is None or last < first:
            continue
        months.update(range(first, last))
    return len(months) // 12 if months else None


def _month_index(value: str, today: date) -> int | None:
    if value == PRESENT:
        return today.year * 12 + today.month - 1
    if match := re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value):
        return int(match.group(1)) * 12 + int(match.group(2) or 1) - 1
    return None
