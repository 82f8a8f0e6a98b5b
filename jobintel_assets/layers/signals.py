"""A company signal said in a sentence, as precisely as its source says it: what the cover letter
and the interview questions tell the company about itself."""

from __future__ import annotations

import re

from jobintel_assets.layers.models import CompanySignal, SignalType

_PLAIN_NEWS = {
    SignalType.funding: "raised new funding{when}",
    SignalType.acquisition: "made an acquisition{when}",
    SignalType.leadership_change: "changed its leadership{when}",
    SignalType.product_launch: "launched a new product{when}",
    SignalType.partnership: "entered a new partnership{when}",
    SignalType.growth: "reported fast growth{when}",
}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def when_said(date: str) -> str:
    """' in March 2025' for a dated signal; '' when its date is unknown."""
    if re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", date):
        return f" in {_MONTHS[int(date[5:7]) - 1]} {date[:4]}"
    return f" in {date}" if re.fullmatch(r"\d{4}", date) else ""


_FIRST_LEADER = re.compile(
    r"\b(?:the|its|our) (first|new) ((?:VP|Vice President|Head|Director|Chief [A-Z][a-z]+ Officer|C[A-Z]O)"
    r"(?: of [A-Z][A-Za-z]+)?)"
)
_LEADERSHIP_CHANGED = re.compile(
    r"\b(?:stepped down|steps down|replac\w+|succeed\w*|took over|takes over)\b", re.I
)
_LAUNCHED = re.compile(r"\b[Ll]aunched ([A-Z][\w.-]*(?: [A-Z0-9][\w.-]*){0,3})")
_ACQUIRED = re.compile(r"\b(?:[Aa]cquired|acquisition of) ([A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3})")
_PARTNER = re.compile(r"\b[Pp]artner(?:ship|ed)? with ([A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3})")
_FUNDING_ROUND = re.compile(
    r"(?P<amount>[£$€]\d[\d.,]*\s?(?:[MBK]\b|million|billion)?)\s+(?P<round>Series [A-Z]\b|seed round|seed)",
    re.I,
)
_GREW = re.compile(
    r"\b(?P<verb>doubled|tripled|quadrupled) (?:its|our|the) (?P<what>[a-z][a-z -]{2,30}?)"
    r"(?=[,.;]| in | over )"
)


def signal_news(signal: CompanySignal) -> str:
    """What a signal says happened, as precisely as its source says it: 'welcomed its first VP of Data',
    'launched Northwind Forecast 3', 'raised a £32M Series B', 'doubled its loan book'; a change of
    leadership only when the source says one happened."""
    when = when_said(signal.date)
    if signal.type is SignalType.leadership_change:
        leader = _FIRST_LEADER.search(signal.description)
        if leader:
            return f"welcomed its {leader.group(1)} {leader.group(2)}{when}"
        if not _LEADERSHIP_CHANGED.search(signal.description):
            return f"made a senior appointment{when}"
    if signal.type is SignalType.acquisition:
        acquired = _ACQUIRED.search(signal.description)
        if acquired:
            return f"acquired {acquired.group(1).strip().rstrip('.,')}{when}"
    if signal.type is SignalType.product_launch:
        product = _LAUNCHED.search(signal.description)
        if product:
            return f"launched {product.group(1).strip()}{when}"
    if signal.type is SignalType.funding:
        funding = _FUNDING_ROUND.search(signal.description)
        if funding:
            return f"raised a {funding.group('amount')} {funding.group('round')}{when}"
    if signal.type is SignalType.growth:
        grew = _GREW.search(signal.description)
        if grew:
            return f"{grew.group('verb').lower()} its {grew.group('what').strip()}{when}"
    if signal.type is SignalType.partnership:
        partner = _PARTNER.search(signal.description)
        if partner:
            return f"entered a partnership with {partner.group(1).strip()}{when}"
    return _PLAIN_NEWS[signal.type].format(when=when)
