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


_NAME = r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}"
_LEADER_ROLE = r"(?:VP|Vice President|Head|Director|Chief [A-Z][a-z]+ Officer|C[A-Z]O)(?: of [A-Z][A-Za-z]+)?"
_FIRST_LEADER = re.compile(rf"\b(?:the|its|our) (first|new) ({_LEADER_ROLE})")
_NAMED_LEADER = re.compile(
    rf"\b(?:welcomed (?P<welcomed>{_NAME}) as (?:the|its|our) (?P<age>first|new) (?P<role>{_LEADER_ROLE})"
    rf"|(?P<joined>{_NAME}) joined as (?:the|its|our) (?P<age2>first|new) (?P<role2>{_LEADER_ROLE})"
    rf"|(?P<became>{_NAME}) became (?P<role3>{_LEADER_ROLE})\b)"
)
_LEADERSHIP_CHANGED = re.compile(
    r"\b(?:stepped down|steps down|replac\w+|succeed\w*|took over|takes over)\b", re.I
)
_LAUNCHED = re.compile(
    r"\b[Ll]aunched (?P<product>[A-Z][\w.-]*(?: [A-Z0-9][\w.-]*){0,3})"
    r"|(?P<named>[A-Z][\w.-]*(?: [A-Z0-9][\w.-]*){0,3}),? launched (?P<where>on [A-Z][\w]+)"
)
_PARTNER = re.compile(
    r"\b[Pp]artner(?:ship|ed)? with (?P<partner>[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3})"
    r"(?: for (?P<purpose>[a-zA-Z][\w -]{3,50}?)(?=[,.;]|$))?"
)
_FUNDING_ROUND = re.compile(
    r"(?P<amount>[£$€]\d[\d.,]*\s?(?:[MBK]\b|million|billion)?)\s+(?P<round>Series [A-Z]\b|seed round|seed)",
    re.I,
)
_GREW = re.compile(
    r"\b(?P<verb>doubled|tripled|quadrupled) (?:its|our|the) (?P<what>[a-z][a-z -]{2,30}?)"
    r"(?=[,.;]| in | over )"
    r"|\b(?:its|our|the) (?P<subject>[a-z][a-z -]{2,30}?) has (?P<verb2>doubled|tripled|quadrupled)\b"
    r"|\bgrew (?:its |our )?(?P<grown>[a-z][a-z -]{2,30}?) (?:by )?(?P<by>\d+(?:\.\d+)?%|\d+x)"
)
_ACQUIRED = re.compile(
    r"\b(?:[Aa]cquir(?:ed|ing)|[Aa]cquisition of) (?P<bought>[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3})"
)


def _leader_news(description: str, when: str) -> str | None:
    named = _NAMED_LEADER.search(description)
    if named and named.group("welcomed"):
        return f"welcomed {named.group('welcomed')} as its {named.group('age')} {named.group('role')}{when}"
    if named and named.group("joined"):
        return f"welcomed {named.group('joined')} as its {named.group('age2')} {named.group('role2')}{when}"
    if named and named.group("became"):
        return f"made {named.group('became')} its {named.group('role3')}{when}"
    leader = _FIRST_LEADER.search(description)
    if leader:
        return f"welcomed its {leader.group(1)} {leader.group(2)}{when}"
    return None if _LEADERSHIP_CHANGED.search(description) else f"made a senior appointment{when}"


def plain_news(signal: CompanySignal) -> str:
    """The signal's kind and date only ('made an acquisition in June 2025'): what is said when its
    source names nothing more precise."""
    return _PLAIN_NEWS[signal.type].format(when=when_said(signal.date))


def signal_news(signal: CompanySignal) -> str:
    """What a signal says happened, as precisely as its source says it: 'acquired Settle.io in June
    2025', 'welcomed Dana Whitfield as its first VP of Data', 'launched Northwind Forecast 3', 'raised a
    £32M Series B', 'doubled its loan book'; a change of leadership only when the source says one
    happened; else ``plain_news``."""
    when, text = when_said(signal.date), signal.description
    news: str | None = None
    if signal.type is SignalType.leadership_change:
        news = _leader_news(text, when)
    elif signal.type is SignalType.acquisition and (acquired := _ACQUIRED.search(text)):
        news = f"acquired {acquired.group('bought').rstrip('.')}{when}"
    elif signal.type is SignalType.product_launch and (product := _LAUNCHED.search(text)):
        named = product.group("product") or f"{product.group('named')} {product.group('where')}"
        news = f"launched {named.strip()}{when}"
    elif signal.type is SignalType.funding and (funding := _FUNDING_ROUND.search(text)):
        news = f"raised a {funding.group('amount')} {funding.group('round')}{when}"
    elif signal.type is SignalType.growth and (grew := _GREW.search(text)):
        if grew.group("grown"):
            by = grew.group("by") if grew.group("by").endswith("x") else f"by {grew.group('by')}"
            news = f"grew its {grew.group('grown').strip()} {by}{when}"
        else:
            verb, what = (
                grew.group("verb") or grew.group("verb2"),
                grew.group("what") or grew.group("subject"),
            )
            news = f"{verb.lower()} its {what.strip()}{when}"
    elif signal.type is SignalType.partnership and (partner := _PARTNER.search(text)):
        purpose = f" for {partner.group('purpose')}" if partner.group("purpose") else ""
        news = f"entered a partnership with {partner.group('partner').rstrip('. ')}{purpose}{when}"
    return news if news is not None else plain_news(signal)
