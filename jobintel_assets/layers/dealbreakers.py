"""Dealbreakers: what a posting requires of who may take it, and whether the candidate can.

Reading the posting (``read_conditions``, used by extracted_jd):

- salary: the posting's salary field, else a pay line of its text (``salary_in_text``, which
  ingestion uses too); currency from the symbol or
  code ($ USD, £ GBP, € EUR, 'CAD' ...), 'K' multiplies by 1,000, the period from 'per hour',
  'an hour', '/hr', 'per month', 'a day' (yearly otherwise; amounts under 500 with no period
  are hourly rates).
- remote regions: for a remote job, the places its location names ('Remote (US / Canada)') or
  a clause of the text restricting where a remote employee lives ('fully remote within the UK');
  places named as time zones ('Remote within EU time zones') are kept apart: they say when
  someone works, not where the employer may employ them.
- clearance, citizenship or work authorization: the posting's sentence that requires one; the
  places it names ('authorized to work in the US') or, for 'no visa sponsorship', the job's own.
- languages: languages the requirements ask to speak ('fluent German', 'English is required');
  a language named as a plus is not required.

Judging the candidate (``assess``), each check is met, violated or unknown, never guessed:

- salary: violated when the top of the job's range, converted to a yearly amount in the
  candidate's currency (approximate fixed rates, ``APPROX_USD_PER_UNIT``), is below the
  candidate's ``salary_floor``; unknown when either side states no pay, or when a converted top is
  under the floor by less than ``CONVERSION_MARGIN`` (5%: the fixed rates cannot tell).
- location: a remote job's regions must contain where the candidate lives (their ``location`` and
  the ``Remote (...)`` places of ``preferences.locations``). Unknown, not met, when only its time
  zones fit (a London candidate for 'Remote within EU time zones': does it employ people in the
  UK?) or when only an office place they accept lies inside them (they would have to move). An
  on-site or hybrid job's office must lie inside one of the places they accept ('United Kingdom'
  contains Manchester). Unknown when the job's location cannot be placed.
- remote: the job's working mode must be one the candidate accepts (``preferences.remote``).
- a check the candidate states nothing for (no floor, no places, no working modes) is not made.
- work authorization, clearance, languages: violated when the candidate's master CV states the
  matter (``preferences.work_authorization``, ``preferences.security_clearances``,
  ``languages``) and it does not cover the requirement; unknown when the CV is silent.

A single violated check puts the job in tier D; an unknown one keeps it out of tier A and carries
what to ask the employer (``DealbreakerCheck.ask``: 'pay', 'a contract in the United Kingdom'),
see fit_score.
"""

from __future__ import annotations

import re

from jobintel_assets.layers.models import (
    CandidateProfile,
    CheckStatus,
    DealbreakerCheck,
    ExtractedJD,
    RemotePolicy,
    SalaryPeriod,
    SalaryRange,
    WorkConditions,
)
from jobintel_assets.layers.places import ancestors, country_of, innermost, places_in, within_any

# Approximate, fixed on purpose (a score must not change with the day's exchange rate): good to
# a few percent, enough to tell whether a range clears a floor.
APPROX_USD_PER_UNIT = {"USD": 1.0, "GBP": 1.27, "EUR": 1.08, "CAD": 0.73, "AUD": 0.66, "CHF": 1.13}
# Within this share of the floor after a conversion, the fixed rates cannot tell above from below.
CONVERSION_MARGIN = 0.05
HOURS_PER_YEAR = 2080
DAYS_PER_YEAR = 230
MAX_HOURLY_WITHOUT_PERIOD = 500

_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR"}
_CURRENCY = re.compile(r"(?P<code>\b(?:USD|GBP|EUR|CAD|AUD|CHF)\b|C\$|A\$|[$£€])")
_AMOUNT = re.compile(r"(?<![\w.])(?P<number>\d{1,3}(?:[,.\u202f ]\d{3})+|\d+(?:\.\d+)?)(?:\s?(?P<k>[kK])\b)?")
_PERIODS = (
    (SalaryPeriod.hour, re.compile(r"\b(?:per|an|/)\s*(?:hour|hr)\b|\bhourly\b", re.I)),
    (SalaryPeriod.day, re.compile(r"\b(?:per|a|/)\s*day\b|\bdaily rate\b|\bday rate\b", re.I)),
    (SalaryPeriod.month, re.compile(r"\b(?:per|a|/)\s*(?:month|mo)\b|\bmonthly\b", re.I)),
)
_PAY_LINE = re.compile(r"\b(?:salary|pay|compensation|base|ote|wage|per (?:year|annum|hour)|range)\b", re.I)
_PER_YEAR = {
    SalaryPeriod.year: 1,
    SalaryPeriod.month: 12,
    SalaryPeriod.day: DAYS_PER_YEAR,
    SalaryPeriod.hour: HOURS_PER_YEAR,
}


def parse_salary(text: str | None) -> SalaryRange | None:
    """'£85,000 – £100,000 + equity' -> GBP 85000-100000 per year; None when it states no amount."""
    if not text or not text.strip():
        return None
    amounts = []
    for match in _AMOUNT.finditer(text):
        value = float(re.sub(r"[,.\u202f ](?=\d{3}\b)", "", match["number"]))
        amounts.append(int(value * (1000 if match["k"] else 1)))
    amounts = [a for a in amounts if a > 0][:2]
    if not amounts:
        return None
    currency_match = _CURRENCY.search(text)
    code = currency_match["code"] if currency_match else None
    currency = {"C$": "CAD", "A$": "AUD"}.get(code or "", _SYMBOLS.get(code or "", code))
    period = next((period for period, cue in _PERIODS if cue.search(text)), None)
    if period is None:
        period = SalaryPeriod.hour if max(amounts) < MAX_HOURLY_WITHOUT_PERIOD else SalaryPeriod.year
    return SalaryRange(
        text=text.strip(), currency=currency, minimum=min(amounts), maximum=max(amounts), period=period
    )


_MONEY = r"(?:[$£€]|(?:USD|GBP|EUR|CAD|AUD|CHF)\s?)\s?\d(?:[\d,.]*\d)?(?:\s?[kK]\b)?"
_PAY_AMOUNT = re.compile(
    rf"{_MONEY}(?:\s*(?:-|–|—|to)\s*(?:{_MONEY}|\d(?:[\d,.]*\d)?(?:\s?[kK]\b)?))?"
    r"(?:\s*(?:per|a|an|/)\s*(?:year|annum|yr|hour|hr|month))?"
)
_RANGE = re.compile(r"\d\s*(?:-|–|—|to)\s*\D{0,4}\d")
_SALARY_WORD = re.compile(r"\b(?:salary|compensation|base|ote|wages?|per (?:year|annum|hour))\b", re.I)
MIN_YEARLY_AMOUNT = 10_000


def salary_in_text(text: str) -> str | None:
    """The pay a posting's text states, as written: the first range on a line that speaks of pay
    ('Salary range $150,000–$180,000'), else a single yearly or hourly amount on a salary line.
    A '$1,500 learning budget' beside them is not the salary."""
    for line in text.split("\n"):
        if not _PAY_LINE.search(line):
            continue
        amounts = [m.group().strip() for m in _PAY_AMOUNT.finditer(line)]
        ranges = [a for a in amounts if _RANGE.search(a)]
        if ranges:
            return ranges[0]
        if _SALARY_WORD.search(line):
            for amount in amounts:
                salary = parse_salary(amount)
                if salary and (salary.period is not SalaryPeriod.year or salary.maximum >= MIN_YEARLY_AMOUNT):
                    return amount
    return None


def posting_salary(salary: str | None, description: str) -> SalaryRange | None:
    """The pay a posting states: its salary field, else the pay line of its text; None when neither
    states an amount."""
    return parse_salary(salary or salary_in_text(description))


_BARE_DOLLAR = re.compile(r"(?<![A-Za-z])\$")


def bare_dollar(salary: SalaryRange) -> bool:
    """Whether the pay names dollars only by '$' ('$120,000'), which ``parse_salary`` reads as US dollars:
    a posting in Canada or Australia may mean its own."""
    return salary.currency == "USD" and "USD" not in salary.text and bool(_BARE_DOLLAR.search(salary.text))


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_NICE = re.compile(
    r"\b(?:plus|bonus|advantage|nice[\s-]to[\s-]have|preferred|ideally|desirable|asset)\b", re.I
)
_REMOTE_SCOPE = re.compile(
    r"\bremote\b[^.\n]{0,40}\b(?:in|within|from|across|based in|located in)\b|\btime ?zones?\b", re.I
)
_CLEARANCE = re.compile(
    r"\b(?:security clearance|(?:active|current)\s+(?:ts/sci|top secret|secret)\b|ts/sci|top secret clearance"
    r"|(?:sc|dv|nv1|nv2|baseline)[\s-](?:clearance|cleared)|eligib\w+ (?:for|to obtain) (?:a )?(?:security )?"
    r"clearance|clearance (?:is )?required)",
    re.I,
)
_AUTHORIZATION = re.compile(
    r"\b(?:(?:authori[sz]ed|eligible|entitled|permitted) to work in|right to work in|work permit"
    r"|citizens?(?:hip)?\b[^.\n]{0,30}\b(?:required|only)|must be (?:a )?(?:\w+ )?citizens?"
    r"|(?:not|unable to|cannot|can't|do not|don't|will not|won't) (?:\w+ )?(?:offer |provide )?"
    r"(?:visa )?sponsor"
    r"|no (?:visa )?sponsorship)",
    re.I,
)
_LANGUAGES = (
    "English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch", "Danish", "Swedish",
    "Norwegian", "Finnish", "Polish", "Czech", "Hungarian", "Romanian", "Greek", "Turkish", "Russian",
    "Ukrainian", "Arabic", "Hebrew", "Hindi", "Mandarin", "Cantonese", "Chinese", "Japanese", "Korean",
    "Vietnamese", "Thai", "Indonesian", "Catalan", "Flemish",
)  # fmt: skip
_LANGUAGE = "|".join(_LANGUAGES)
_LANGUAGE_REQUIRED = re.compile(
    rf"\b(?:fluent|fluency|native|proficien\w+|business[\s-]level|professional|excellent|strong|"
    rf"written and spoken|spoken and written|verbal and written|speak|speaking|command of)\b"
    rf"(?:\s+(?:in|of|the))?[^.;\n]{{0,25}}?\b(?P<a>{_LANGUAGE})\b"
    rf"|\b(?P<b>{_LANGUAGE})\b[^.;\n]{{0,30}}?\b(?:required|essential|mandatory|a must|fluency|speaker)\b"
)


def _sentences(text: str, cue: re.Pattern[str]) -> list[str]:
    return [s.group().strip() for s in _SENTENCE.finditer(text) if cue.search(s.group())]


_TIME_ZONE = re.compile(r"\b(?i:time ?zones?)\b|\b(?:CET|CEST|GMT|BST|UTC|EST|PST)\b")
# 'Remote within EU time zones, with a team week in Amsterdam': the clause after ', with' is no restriction.
_CLAUSE_BREAK = re.compile(r";|,\s+(?=(?:with|and|plus|but|including|where|which)\b)")


def _remote_scope(
    location: str | None, remote_policy: RemotePolicy, description: str
) -> tuple[list[str], list[str]]:
    """(where a remote employee must live, the regions whose time zones they must work in): from the
    location field, else the first clause of the text that restricts remote work to places."""
    if remote_policy is not RemotePolicy.fully_remote:
        return [], []
    clauses = [location or ""] + [
        clause
        for sentence in _sentences(description, _REMOTE_SCOPE)
        for clause in _CLAUSE_BREAK.split(sentence)
        if _REMOTE_SCOPE.search(clause)
    ]
    residence: list[str] = []
    time_zones: list[str] = []
    for clause in clauses:
        regions = innermost(places_in(clause))
        if not regions:
            continue
        if _TIME_ZONE.search(clause):
            time_zones = time_zones or regions
        else:
            residence = residence or regions
    return residence, time_zones


def read_conditions(
    location: str | None, salary: str | None, description: str, remote_policy: RemotePolicy
) -> WorkConditions:
    """What the posting requires of who may take it, from its fields and its own words."""
    clearance = next(iter(_sentences(description, _CLEARANCE)), None)
    authorization = next(iter(_sentences(description, _AUTHORIZATION)), None)
    authorization_regions = innermost(places_in(authorization)) if authorization else []
    if authorization and not authorization_regions:
        authorization_regions = innermost(places_in(location))
    languages: list[str] = []
    for sentence in _sentences(description, _LANGUAGE_REQUIRED):
        if _NICE.search(sentence):
            continue
        for match in _LANGUAGE_REQUIRED.finditer(sentence):
            languages.append(match["a"] or match["b"])
    remote_regions, remote_time_zones = _remote_scope(location, remote_policy, description)
    return WorkConditions(
        salary=posting_salary(salary, description),
        remote_regions=remote_regions,
        remote_time_zones=remote_time_zones,
        clearance=clearance,
        work_authorization=authorization,
        authorization_regions=authorization_regions,
        languages=list(dict.fromkeys(languages)),
    )


# ------------------------------------------------------------------------ judging the candidate


def _check(name: str, status: CheckStatus, reason: str, ask: str = "") -> DealbreakerCheck:
    return DealbreakerCheck(name=name, status=status, reason=reason, ask=ask)


def yearly_in(amount: float, period: SalaryPeriod, currency: str | None, wanted: str) -> int | None:
    """``amount`` a ``period`` in ``currency`` as a yearly amount in ``wanted``, at ``HOURS_PER_YEAR`` or
    ``DAYS_PER_YEAR`` and the fixed rates; None when either currency is unknown to the rates."""
    if currency not in APPROX_USD_PER_UNIT or wanted not in APPROX_USD_PER_UNIT:
        return None
    yearly = amount * _PER_YEAR[period]
    return round(yearly * APPROX_USD_PER_UNIT[currency] / APPROX_USD_PER_UNIT[wanted])


def _yearly_in(salary: SalaryRange, currency: str) -> int | None:
    if salary.maximum is None or salary.currency is None:
        return None
    return yearly_in(salary.maximum, salary.period, salary.currency, currency)


def _salary_check(jd: ExtractedJD, candidate: CandidateProfile) -> DealbreakerCheck | None:
    floor, currency = candidate.preferences.salary_floor, candidate.preferences.salary_currency
    salary = jd.conditions.salary
    if floor is None:
        return None
    if salary is None:
        return _check("salary", CheckStatus.unknown, "salary: the posting states no pay", "pay")
    wanted = currency or salary.currency
    top = _yearly_in(salary, wanted) if wanted else None
    if top is None:
        return _check(
            "salary", CheckStatus.unknown, f"salary: cannot compare '{salary.text}' with your floor", "pay"
        )
    converted = salary.currency != wanted
    approx = "about " if converted or salary.period is not SalaryPeriod.year else ""
    if converted and top < floor <= top * (1 + CONVERSION_MARGIN):
        return _check(
            "salary",
            CheckStatus.unknown,
            f"salary: '{salary.text}' tops out at about {wanted} {round(top, -3):,}, just under your "
            f"floor of {wanted} {floor:,} but too close for fixed exchange rates to tell",
            "pay",
        )
    if top < floor:
        return _check(
            "salary",
            CheckStatus.violated,
            f"pays at most {approx}{wanted} {top:,} a year ('{salary.text}'), "
            f"below your floor of {wanted} {floor:,}",
        )
    return _check("salary", CheckStatus.met, f"pays up to {approx}{wanted} {top:,} a year, above your floor")


def _candidate_places(candidate: CandidateProfile) -> tuple[list[str], list[str]]:
    """(places the candidate would work on site in, places they live or work remotely from)."""
    office: list[str] = []
    home: list[str] = innermost(places_in(candidate.location))
    for entry in candidate.preferences.locations:
        named = innermost(places_in(entry))
        if re.search(r"\bremote\b", entry, re.I):
            home += named
        else:
            office += named
    if not candidate.preferences.locations:
        office = innermost(places_in(candidate.location))
    return list(dict.fromkeys(office)), list(dict.fromkeys(home))


_ZONE_ADJECTIVES = {"Europe": "European", "United States": "US", "North America": "North American"}


def _country_name(place: str) -> str:
    """'the United Kingdom' for London: the country a place lies in, as a sentence names it."""
    country = country_of(place)
    return ("the " if re.match(r"United|Netherlands|Czech", country) else "") + country


def _remote_location_check(jd: ExtractedJD, office: list[str], home: list[str]) -> DealbreakerCheck:
    """A remote job is worked from where the candidate lives (their location and 'Remote (...)' places;
    the offices they accept when they state neither). Time zones say when, not where the employer
    may employ someone: a time zone that fits leaves the contract unknown."""
    residence, time_zones = jd.conditions.remote_regions, jd.conditions.remote_time_zones
    if not residence and not time_zones:
        return _check(
            "location",
            CheckStatus.unknown,
            "location: remote, the posting says not from where",
            "where you may work from",
        )
    lives = home or office
    if not lives:
        return _check("location", CheckStatus.unknown, "location: you state no place you work from")
    you = ", ".join(innermost(lives))
    zones = " / ".join(_ZONE_ADJECTIVES.get(zone, zone) for zone in time_zones)
    regions = " / ".join(residence)
    if residence and within_any(lives, residence):
        return _check(
            "location", CheckStatus.met, f"remote within {' / '.join(residence)}, which includes {you}"
        )
    if time_zones and within_any(lives, time_zones):
        return _check(
            "location",
            CheckStatus.unknown,
            f"location: remote within {zones} time zones, which fit {lives[0]}, but the posting does not say "
            f"whether it employs people in {_country_name(lives[0])}",
            f"a contract in {_country_name(lives[0])}",
        )
    movable = [place for place in office if within_any([place], residence)]
    if movable:
        return _check(
            "location",
            CheckStatus.unknown,
            f"location: remote within {regions}, which includes {', '.join(movable)} but not {you}",
            f"working from {lives[0]}",
        )
    where = regions or f"{zones} time zones"
    return _check("location", CheckStatus.violated, f"remote only within {where}; you work from {you}")


def _location_check(jd: ExtractedJD, candidate: CandidateProfile) -> DealbreakerCheck | None:
    office, home = _candidate_places(candidate)
    if not office and not home:
        return None
    if jd.remote_policy is RemotePolicy.fully_remote:
        return _remote_location_check(jd, office, home)
    job_places = innermost(places_in(jd.location))
    if not jd.location or not job_places:
        said = f"'{jd.location}' is not a place we know" if jd.location else "the posting names no location"
        return _check("location", CheckStatus.unknown, f"location: {said}", "where the job is based")
    if not office:
        return _check("location", CheckStatus.unknown, "location: you state no places you accept")
    if within_any(job_places, office):
        return _check("location", CheckStatus.met, f"based in {', '.join(job_places)}, a place you accept")
    mode = "on site" if jd.remote_policy is RemotePolicy.onsite else "hybrid"
    where = ", ".join(places_in(jd.location))
    return _check(
        "location",
        CheckStatus.violated,
        f"{mode} in {where}, outside the places you accept ({', '.join(office)})",
    )


_MODE_NAMES = {
    RemotePolicy.fully_remote: "fully remote",
    RemotePolicy.hybrid: "hybrid",
    RemotePolicy.onsite: "on-site",
    RemotePolicy.not_specified: "unstated",
}


def _remote_check(jd: ExtractedJD, candidate: CandidateProfile) -> DealbreakerCheck | None:
    accepted = candidate.preferences.remote
    policy = jd.remote_policy
    if not accepted:
        return None
    if policy is RemotePolicy.not_specified:
        return _check(
            "remote", CheckStatus.unknown, "working mode: the posting does not say", "the working arrangement"
        )
    if policy in accepted:
        return _check("remote", CheckStatus.met, f"{_MODE_NAMES[policy]} is a working mode you accept")
    names = " or ".join(_MODE_NAMES[p] for p in accepted)
    return _check("remote", CheckStatus.violated, f"an {_MODE_NAMES[policy]} role; you accept {names}")


def _authorization_check(jd: ExtractedJD, candidate: CandidateProfile) -> DealbreakerCheck | None:
    sentence = jd.conditions.work_authorization
    if sentence is None:
        return None
    held = [p for entry in candidate.preferences.work_authorization for p in innermost(places_in(entry))]
    needed = jd.conditions.authorization_regions
    if not held or not needed:
        return _check(
            "work_authorization",
            CheckStatus.unknown,
            f"work authorization: the posting says '{sentence}'",
            "the right to work they require",
        )
    if any(region in ancestors(place) or place in ancestors(region) for place in held for region in needed):
        return _check("work_authorization", CheckStatus.met, f"you may work in {', '.join(needed)}")
    return _check(
        "work_authorization",
        CheckStatus.violated,
        f"requires the right to work in {', '.join(needed)} ('{sentence}'); you state {', '.join(held)}",
    )


def _clearance_check(jd: ExtractedJD, candidate: CandidateProfile) -> DealbreakerCheck | None:
    sentence = jd.conditions.clearance
    if sentence is None:
        return None
    held = candidate.preferences.security_clearances or [
        c for c in candidate.certifications if re.search(r"\bclearance\b|\bcleared\b", c, re.I)
    ]
    if held:
        return _check("clearance", CheckStatus.met, f"you hold {', '.join(held)} ('{sentence}')")
    return _check(
        "clearance",
        CheckStatus.violated,
        f"requires a security clearance ('{sentence}'); your CV states none",
    )


def _language_check(jd: ExtractedJD, candidate: CandidateProfile) -> DealbreakerCheck | None:
    required = jd.conditions.languages
    if not required:
        return None
    spoken = {m.group().lower() for entry in candidate.languages for m in re.finditer(_LANGUAGE, entry)}
    if not candidate.languages:
        return _check(
            "languages",
            CheckStatus.unknown,
            f"languages: requires {', '.join(required)}",
            "the languages required",
        )
    missing = [language for language in required if language.lower() not in spoken]
    if missing:
        return _check(
            "languages", CheckStatus.violated, f"requires {', '.join(missing)}, not among your languages"
        )
    return _check("languages", CheckStatus.met, f"you speak {', '.join(required)}")


def assess(jd: ExtractedJD, candidate: CandidateProfile) -> list[DealbreakerCheck]:
    """Every dealbreaker check, violated ones first."""
    checks = [
        _location_check(jd, candidate),
        _remote_check(jd, candidate),
        _salary_check(jd, candidate),
        _authorization_check(jd, candidate),
        _clearance_check(jd, candidate),
        _language_check(jd, candidate),
    ]
    order = {CheckStatus.violated: 0, CheckStatus.unknown: 1, CheckStatus.met: 2}
    return sorted((c for c in checks if c is not None), key=lambda c: order[c.status])
