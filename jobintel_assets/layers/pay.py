"""The pay view: what the ingested postings pay, by title family, level and place, and where each
shortlisted job's range sits among comparable postings. Every figure comes from postings that state
their pay, and names them.

Not a per-job layer: it reads every posting at once (``pay_view``), needs no model, and is cheap to
recompute, so it has no cache and no registry entry.

Reading a posting
    Its pay is ``dealbreakers.posting_salary`` (the salary field, else the pay line of its text:
    currency, amounts and period, the parser fit_score's salary check uses). Title family is the
    discipline its title names (``extracted_jd.title_family``: data, product, design...; ``other``
    when it names none); level is the title's (``career.read_title``; a title with no level word reads
    as ``mid``, as career reads the candidate's titles); place is the country of the places its
    location names (``places``: 'London, UK (hybrid)' is United Kingdom, 'Remote (Europe)' Europe),
    else the location as written.

What counts
    A posting that states no pay contributes no figure: it is counted, by job id, as 'no pay stated'
    in the groups of its family, level and place. A posting whose pay names no currency ('80,000 -
    95,000') is listed with its amounts but enters no group: amounts of unknown currency cannot be
    compared. '$' alone reads as US dollars, except in a posting placed in a country with dollars of
    its own (Canada, Australia...): there it is kept apart as '$', neither converted nor mixed with
    US dollars.

Currencies and periods are never mixed
    A group holds postings of one currency and one period: a day rate is not annualised into a
    salary (a contractor's rate pays no holidays or pension), and euros are not converted into
    pounds to make a group bigger. Only the candidate's floor is compared across currencies and
    periods, with the fixed rates and the hours and days a year of ``dealbreakers`` (said as
    'about').

Groups and percentiles
    Groups come at three scopes, from the narrowest: family + level + place, family + level (any
    place), level (any family or place). Every scope keeps the level: a median mixing junior and
    director postings would tell a candidate nothing about either. A group's
    figures are of each posting's midpoint (a single amount is its own midpoint): the 25th, 50th and
    75th percentiles (linear interpolation between the sorted midpoints, ``statistics.quantiles``
    'inclusive'), and the medians of the ranges' bottoms and tops. A group of fewer than
    ``MIN_POSTINGS`` postings with pay lists its postings and says it is too small, with no
    percentiles: two postings make no distribution.

Shortlisted jobs
    A shortlisted job is compared with the narrowest group of its currency and period that holds at
    least ``MIN_POSTINGS`` other postings (the job itself left out). Its midpoint's percentile among
    them, its band (below the 25th percentile ... above the 75th) and the candidate's floor
    (``preferences.salary_floor``) make a short negotiation note that states only these figures.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import Field

from jobintel_assets.layers.career import read_title
from jobintel_assets.layers.dealbreakers import CONVERSION_MARGIN, bare_dollar, posting_salary, yearly_in
from jobintel_assets.layers.extracted_jd import title_family
from jobintel_assets.layers.models import CandidateProfile, CareerLevel, Contract, JobPosting, SalaryPeriod
from jobintel_assets.layers.places import country_of, innermost, places_in

# Fewer postings with pay than this make no percentiles: a group of two is two postings, not a market.
MIN_POSTINGS = 3
OTHER_FAMILY = "other"
ANY = "*"
# Countries whose postings may mean their own dollars by '$'.
_OWN_DOLLARS = frozenset({"Canada", "Australia", "New Zealand", "Singapore"})
_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$", "$": "$"}
_LEVEL_WORDS = {"head_of": "head-of", "vp": "VP", "c_level": "C", "senior_manager": "senior-manager"}
_PERIOD_WORDS = {
    SalaryPeriod.year: "a year",
    SalaryPeriod.month: "a month",
    SalaryPeriod.day: "a day",
    SalaryPeriod.hour: "an hour",
}


class PayStatus(StrEnum):
    stated = "stated"
    no_pay_stated = "no_pay_stated"
    no_currency = "no_currency"


class Scope(StrEnum):
    family_level_place = "family_level_place"
    family_level = "family_level"
    level = "level"


# Every scope keeps the level: a junior's pay says nothing about a director's.
_SCOPE_DIMENSIONS = {
    Scope.family_level_place: ("family", "level", "place"),
    Scope.family_level: ("family", "level"),
    Scope.level: ("level",),
}


class PayPosting(Contract):
    """One posting's pay as read, or why it gives no figure."""

    job_id: str
    title: str
    company: str
    location: str | None = None
    family: str
    level: str
    place: str
    status: PayStatus
    salary_text: str | None = Field(default=None, description="The pay as the posting states it")
    currency: str | None = Field(default=None, description="ISO code; '$' when the dollars are not said")
    period: SalaryPeriod | None = None
    minimum: int | None = None
    maximum: int | None = None
    midpoint: float | None = None
    note: str = ""


class PayGroup(Contract):
    """Postings of one currency and period sharing the scope's family, level and place ('*': any)."""

    group_id: str
    scope: Scope
    family: str
    level: str
    place: str
    currency: str
    period: SalaryPeriod
    postings: int = Field(description="Postings with pay in this group")
    job_ids: list[str]
    enough: bool = Field(description=f"At least {MIN_POSTINGS} postings: percentiles are given")
    p25: int | None = None
    median: int | None = None
    p75: int | None = None
    low_median: int | None = Field(default=None, description="Median of the ranges' bottoms")
    high_median: int | None = Field(default=None, description="Median of the ranges' tops")
    no_pay_job_ids: list[str] = Field(
        description="Postings of the same family, level and place (as the scope has them) that state no pay"
    )
    summary: str


class PayPosition(Contract):
    """Where one shortlisted job's pay sits among comparable postings, and what that means for the
    candidate's floor."""

    job_id: str
    title: str
    company: str
    salary_text: str | None = None
    currency: str | None = None
    period: SalaryPeriod | None = None
    minimum: int | None = None
    maximum: int | None = None
    compared_with: str | None = Field(default=None, description="The group_id of the comparable postings")
    comparable_job_ids: list[str] = Field(description="The postings every comparison figure comes from")
    p25: int | None = None
    median: int | None = None
    p75: int | None = None
    percentile: int | None = Field(default=None, description="Share of comparable midpoints below this one")
    band: str
    floor: int | None = None
    floor_currency: str | None = None
    negotiation_note: str


class PayView(Contract):
    min_postings: int
    postings: list[PayPosting]
    groups: list[PayGroup]
    positions: list[PayPosition]

    def no_pay_job_ids(self) -> list[str]:
        return [p.job_id for p in self.postings if p.status is not PayStatus.stated]


# ------------------------------------------------------------------------ reading postings


def place_of(location: str | None) -> str:
    """The countries (or regions) a location names, else the location as written."""
    countries = list(dict.fromkeys(country_of(p) for p in innermost(places_in(location))))
    if countries:
        return " / ".join(countries)
    if not location or not location.strip():
        return "place not stated"
    return location.strip()


def read_pay(posting: JobPosting) -> PayPosting:
    position = read_title(posting.title)
    family = title_family(posting.title)
    place = place_of(posting.location)
    read = PayPosting(
        job_id=posting.job_id,
        title=posting.title,
        company=posting.company,
        location=posting.location,
        family=family.value if family else OTHER_FAMILY,
        level=(position.level if position else CareerLevel.mid).value,
        place=place,
        status=PayStatus.no_pay_stated,
        note="the posting states no pay",
    )
    salary = posting_salary(posting.salary, posting.description)
    if salary is None or salary.minimum is None or salary.maximum is None:
        return read
    stated = read.model_copy(
        update={
            "salary_text": salary.text,
            "period": salary.period,
            "minimum": salary.minimum,
            "maximum": salary.maximum,
        }
    )
    if salary.currency is None:
        return stated.model_copy(
            update={"status": PayStatus.no_currency, "note": "the pay names no currency: in no group"}
        )
    currency, note = salary.currency, ""
    own_dollars = sorted(set(place.split(" / ")) & _OWN_DOLLARS)
    if bare_dollar(salary) and own_dollars and "United States" not in place:
        currency = "$"
        note = f"ask whether '$' in a posting in {own_dollars[0]} means its own or US dollars"
    return stated.model_copy(
        update={
            "status": PayStatus.stated,
            "currency": currency,
            "midpoint": (salary.minimum + salary.maximum) / 2,
            "note": note,
        }
    )


# ------------------------------------------------------------------------ figures


def money(amount: float, currency: str | None) -> str:
    """'£92,500', '€120,000', 'CAD 90,000'."""
    figure = f"{round(amount):,}"
    symbol = _SYMBOLS.get(currency or "")
    return f"{symbol}{figure}" if symbol else f"{currency or ''} {figure}".strip()


def pay_range(minimum: int, maximum: int, currency: str | None, period: SalaryPeriod) -> str:
    shown = money(minimum, currency) + ("" if minimum == maximum else f"–{money(maximum, currency)}")
    return f"{shown} {_PERIOD_WORDS[period]}"


def _quartiles(values: Sequence[float]) -> tuple[int, int, int]:
    p25, median, p75 = statistics.quantiles(values, n=4, method="inclusive")
    return round(p25), round(median), round(p75)


def _percentile_rank(value: float, others: Iterable[float]) -> int:
    """The share of ``others`` below ``value`` (ties count half), 0-100."""
    others = list(others)
    below = sum(1 for other in others if other < value) + sum(0.5 for other in others if other == value)
    return round(100 * below / len(others))


def _band(value: float, p25: int, median: int, p75: int) -> str:
    if value < p25:
        return "below the 25th percentile"
    if value < median:
        return "between the 25th percentile and the median"
    if value <= p75:
        return "between the median and the 75th percentile"
    return "above the 75th percentile"


def _label(family: str, level: str, place: str, currency: str, period: SalaryPeriod) -> str:
    """'data · senior · United Kingdom · GBP a year'; a scope's '*' dimensions are left out."""
    named = [part.replace("_", " ") for part in (family, level, place) if part != ANY]
    return " · ".join([*named, f"{currency} {_PERIOD_WORDS[period]}"])


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _key(posting: PayPosting, scope: Scope) -> tuple[str, str, str]:
    dims = _SCOPE_DIMENSIONS[scope]
    return tuple(getattr(posting, d) if d in dims else ANY for d in ("family", "level", "place"))  # type: ignore[return-value]


def _group(
    scope: Scope,
    key: tuple[str, str, str],
    currency: str,
    period: SalaryPeriod,
    members: list[PayPosting],
    no_pay: list[PayPosting],
) -> PayGroup:
    family, level, place = key
    label = _label(family, level, place, currency, period)
    members = sorted(members, key=lambda p: p.job_id)
    figures: dict[str, int | None] = dict.fromkeys(("p25", "median", "p75", "low_median", "high_median"))
    enough = len(members) >= MIN_POSTINGS
    if enough:
        p25, median, p75 = _quartiles([p.midpoint for p in members if p.midpoint is not None])
        figures |= {
            "p25": p25,
            "median": median,
            "p75": p75,
            "low_median": round(statistics.median(p.minimum for p in members if p.minimum is not None)),
            "high_median": round(statistics.median(p.maximum for p in members if p.maximum is not None)),
        }
        summary = (
            f"{label}: {len(members)} postings, midpoints {money(p25, currency)} / "
            f"{money(median, currency)} / {money(p75, currency)} (25th / median / 75th percentile)"
        )
    else:
        summary = (
            f"{label}: {_plural(len(members), 'posting')} with pay, too few for percentiles "
            f"({MIN_POSTINGS} needed)"
        )
    return PayGroup(
        group_id=label,
        scope=scope,
        family=family,
        level=level,
        place=place,
        currency=currency,
        period=period,
        postings=len(members),
        job_ids=[p.job_id for p in members],
        enough=enough,
        # A posting without pay has no currency: it is counted where postings of the group are placed.
        no_pay_job_ids=sorted(p.job_id for p in no_pay if p.place in {m.place for m in members}),
        **figures,
        summary=summary,
    )


def pay_groups(postings: Sequence[PayPosting]) -> list[PayGroup]:
    """Every group with at least one posting with pay, narrowest scope first, biggest first."""
    paid = [p for p in postings if p.status is PayStatus.stated]
    unpaid = [p for p in postings if p.status is not PayStatus.stated]
    groups: list[PayGroup] = []
    for scope in Scope:
        members: dict[tuple[tuple[str, str, str], str, SalaryPeriod], list[PayPosting]] = defaultdict(list)
        for posting in paid:
            members[
                (_key(posting, scope), posting.currency or "", posting.period or SalaryPeriod.year)
            ].append(posting)
        without: dict[tuple[str, str, str], list[PayPosting]] = defaultdict(list)
        for posting in unpaid:
            without[_key(posting, scope)].append(posting)
        found = [
            _group(scope, key, currency, period, listed, without.get(key, []))
            for (key, currency, period), listed in members.items()
        ]
        groups += sorted(found, key=lambda g: (-g.postings, g.group_id))
    return groups


# ------------------------------------------------------------------------ shortlisted jobs


def _comparables(
    job: PayPosting, paid: Sequence[PayPosting], currency: str, period: SalaryPeriod
) -> tuple[str, list[PayPosting]] | None:
    """The narrowest scope's postings like ``job`` (itself left out) of ``currency`` and ``period``,
    with at least MIN_POSTINGS of them; None when even its level's postings are too few."""
    for scope in Scope:
        key = _key(job, scope)
        others = [
            p
            for p in paid
            if p.job_id != job.job_id
            and p.currency == currency
            and p.period == period
            and _key(p, scope) == key
        ]
        if len(others) >= MIN_POSTINGS:
            return _label(*key, currency, period), others
    return None


def _at_or_above(amount: float, others: Sequence[PayPosting]) -> int:
    return sum(1 for p in others if p.midpoint is not None and p.midpoint >= amount)


def _floor_sentence(
    job: PayPosting, floor: int, floor_currency: str, comparable: Sequence[PayPosting]
) -> str:
    """The job's range against the candidate's floor (in the floor's currency, a year), and how many
    comparable postings reach the floor when the range does not."""
    assert job.minimum is not None and job.maximum is not None and job.period is not None
    same = job.currency == floor_currency and job.period is SalaryPeriod.year
    if same:
        bottom, top = job.minimum, job.maximum
    else:
        converted = [
            yearly_in(a, job.period, job.currency, floor_currency) for a in (job.minimum, job.maximum)
        ]
        if converted[0] is None or converted[1] is None:
            ask = job.note if job.currency == "$" else f"ask what the range is in {floor_currency}"
            return (
                f"Your floor, {money(floor, floor_currency)} a year, cannot be compared with pay in "
                f"{job.currency}: {ask}."
            )
        # Fixed rates are good to a few percent: a converted figure is given to the thousand.
        bottom, top = round(converted[0], -3), round(converted[1], -3)
    about = "" if same else "about "
    yearly = "" if same else f" ({about}{pay_range(bottom, top, floor_currency, SalaryPeriod.year)})"
    shown_floor = money(floor, floor_currency)
    if top < floor:
        sentence = (
            f"Your floor, {shown_floor} a year, is {about}{money(floor - top, floor_currency)} above the top "
            f"of the range{yearly}."
        )
        if not same and floor - top <= floor * CONVERSION_MARGIN:
            sentence += (
                f" That is within the {CONVERSION_MARGIN:.0%} fixed exchange rates cannot tell: ask for the "
                f"range in {floor_currency}."
            )
        if comparable and comparable[0].currency == floor_currency and job.period is SalaryPeriod.year:
            reaching = _at_or_above(floor, comparable)
            if reaching:
                sentence += (
                    f" {reaching} of the {len(comparable)} comparable postings have midpoints at or above "
                    "it: ask whether the range can move before the interviews."
                )
            else:
                sentence += (
                    f" None of the {len(comparable)} comparable postings has a midpoint that high: these "
                    "figures give no grounds for asking beyond the range."
                )
        return sentence
    if bottom < floor == top:
        return (
            f"Your floor, {shown_floor} a year, is the top of the range{yearly}: only an offer at its top "
            "reaches it."
        )
    if bottom < floor:
        return (
            f"Your floor, {shown_floor} a year, lies inside the range{yearly}: an offer at its bottom "
            f"would be {about}{money(floor - bottom, floor_currency)} under your floor, one at its top "
            f"{about}{money(top - floor, floor_currency)} over it."
        )
    if bottom == floor:
        return f"The range{yearly} starts at your floor, {shown_floor} a year."
    return (
        f"The whole range{yearly} clears your floor of {shown_floor} a year, its bottom by {about}"
        f"{money(bottom - floor, floor_currency)}."
    )


def _market_sentence(job: PayPosting, label: str, others: list[PayPosting]) -> tuple[str, dict[str, object]]:
    assert job.midpoint is not None and job.maximum is not None
    currency = job.currency
    midpoints = [p.midpoint for p in others if p.midpoint is not None]
    p25, median, p75 = _quartiles(midpoints)
    band = _band(job.midpoint, p25, median, p75)
    lower = sum(1 for m in midpoints if m < job.midpoint)
    sentence = (
        f"Its midpoint, {money(job.midpoint, currency)}, is {band} of {len(others)} comparable postings "
        f"({label}: {money(p25, currency)} / {money(median, currency)} / {money(p75, currency)}), "
        + (f"higher than {lower} of them." if lower else "lower than all of them.")
    )
    if job.maximum < p75:
        sentence += (
            f" Their 75th percentile is above the top of this range: the figures support asking for the top, "
            f"{money(job.maximum, currency)}."
        )
    else:
        sentence += (
            f" The top of the range, {money(job.maximum, currency)}, is at or above their 75th percentile: "
            "the figures support asking within the range, not beyond it."
        )
    percentile = _percentile_rank(job.midpoint, midpoints)
    figures = {"p25": p25, "median": median, "p75": p75, "percentile": percentile, "band": band}
    return sentence, figures


def _no_pay_position(
    job: PayPosting, paid: Sequence[PayPosting], floor: int | None, floor_currency: str | None
) -> PayPosition:
    """A shortlisted job that states no pay: what comparable postings pay, in the floor's currency
    a year when the candidate states one, else in the most common currency of its place."""
    currencies = [floor_currency] if floor_currency else []
    near = [p.currency for p in paid if p.place == job.place and p.currency]
    currencies += sorted(set(near), key=lambda c: (-near.count(c), c))
    found = next(
        (
            match
            for currency in currencies
            if (match := _comparables(job, paid, currency, SalaryPeriod.year)) is not None
        ),
        None,
    )
    note = "The posting states no pay: ask for the range before the first interview."
    position = PayPosition(
        job_id=job.job_id,
        title=job.title,
        company=job.company,
        comparable_job_ids=[],
        band="no pay stated",
        floor=floor,
        floor_currency=floor_currency,
        negotiation_note=note,
    )
    if found is None:
        return position.model_copy(
            update={
                "negotiation_note": note + " Too few comparable postings state pay to say what to expect."
            }
        )
    label, others = found
    currency = others[0].currency
    p25, median, p75 = _quartiles([p.midpoint for p in others if p.midpoint is not None])
    note += (
        f" For reference, {len(others)} comparable postings ({label}) have midpoints of "
        f"{money(p25, currency)} / {money(median, currency)} / {money(p75, currency)} (25th / median / 75th)."
    )
    if floor is not None and floor_currency == currency:
        note += (
            f" {_at_or_above(floor, others)} of them have midpoints at or above your floor of "
            f"{money(floor, currency)}."
        )
    return position.model_copy(
        update={
            "negotiation_note": note,
            "compared_with": label,
            "comparable_job_ids": sorted(p.job_id for p in others),
            "p25": p25,
            "median": median,
            "p75": p75,
        }
    )


def position_of(
    job: PayPosting, paid: Sequence[PayPosting], floor: int | None, floor_currency: str | None
) -> PayPosition:
    """Where ``job`` sits among the postings with pay ``paid``, and the note that follows."""
    if job.status is PayStatus.no_pay_stated:
        return _no_pay_position(job, paid, floor, floor_currency)
    assert job.minimum is not None and job.maximum is not None and job.period is not None
    position = PayPosition(
        job_id=job.job_id,
        title=job.title,
        company=job.company,
        salary_text=job.salary_text,
        currency=job.currency,
        period=job.period,
        minimum=job.minimum,
        maximum=job.maximum,
        comparable_job_ids=[],
        band="not compared",
        floor=floor,
        floor_currency=floor_currency,
        negotiation_note="",
    )
    stated = (
        f"It states {pay_range(job.minimum, job.maximum, job.currency, job.period)} ('{job.salary_text}')."
    )
    sentences = [stated]
    found = _comparables(job, paid, job.currency, job.period) if job.currency else None
    if job.currency is None:
        sentences.append("It names no currency: ask which, and compare nothing until then.")
    elif found is None:
        others = sum(
            1
            for p in paid
            if p.job_id != job.job_id
            and p.level == job.level
            and (p.currency, p.period) == (job.currency, job.period)
        )
        level = _LEVEL_WORDS.get(job.level, job.level)
        sentences.append(
            ("No other" if not others else f"Only {others} other")
            + f" {level}-level posting{'' if others <= 1 else 's'} "
            + ("states" if others <= 1 else "state")
            + f" pay in {job.currency} {_PERIOD_WORDS[job.period]} ({MIN_POSTINGS} needed to compare): "
            "these figures cannot say where it sits."
        )
    comparable: list[PayPosting] = []
    if found is not None:
        label, comparable = found
        sentence, figures = _market_sentence(job, label, comparable)
        sentences.append(sentence)
        position = position.model_copy(
            update={
                "compared_with": label,
                "comparable_job_ids": sorted(p.job_id for p in comparable),
                **figures,
            }
        )
    if floor is None:
        sentences.append("You state no salary floor (preferences.salary_floor in the master CV).")
    elif job.currency is not None:
        # As fit_score's salary check: a floor without a currency is read in the posting's.
        sentences.append(_floor_sentence(job, floor, floor_currency or job.currency, comparable))
    return position.model_copy(update={"negotiation_note": " ".join(sentences)})


def pay_view(
    postings: Sequence[JobPosting], shortlisted: Sequence[str], candidate: CandidateProfile | None
) -> PayView:
    """The pay view of every posting, with a position for each shortlisted job (in the given order)."""
    read = [read_pay(posting) for posting in sorted(postings, key=lambda p: p.job_id)]
    by_id = {p.job_id: p for p in read}
    paid = [p for p in read if p.status is PayStatus.stated]
    preferences = candidate.preferences if candidate else None
    floor = preferences.salary_floor if preferences else None
    floor_currency = (preferences.salary_currency if preferences else None) or None
    return PayView(
        min_postings=MIN_POSTINGS,
        postings=read,
        groups=pay_groups(read),
        positions=[position_of(by_id[j], paid, floor, floor_currency) for j in shortlisted if j in by_id],
    )
