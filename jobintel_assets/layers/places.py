"""Where a job is and where a candidate can work: a small curated gazetteer and containment.

A place contains itself and everything under it: 'United States' contains 'Boston', 'Europe'
contains 'United Kingdom' and so 'London', and 'London' its districts and nearby suburbs postings
name instead ('Canary Wharf', 'Croydon'). The gazetteer lists countries most postings name,
with their major cities, US states and Canadian provinces, and the regions postings restrict
remote work to ('EU', 'Europe', 'EMEA', 'North America', 'APAC'). Time zones read as the region
they cover: 'EU time zones' and 'CET' are Europe, 'US time zones' the United States. A place the
gazetteer does not know is compared by its name only, so an unknown town never matches by accident.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jobintel_assets.layers.text import normalize_for_match

# Country -> (aliases, major cities). Aliases are matched as whole words, case-insensitively.
_COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "United Kingdom": (
        ("UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland", "GB"),
        ("London", "Manchester", "Leeds", "Birmingham", "Bristol", "Edinburgh", "Glasgow", "Cambridge",
         "Oxford", "Belfast", "Cardiff", "Liverpool", "Newcastle", "Sheffield", "Nottingham", "Reading",
         "Brighton", "Milton Keynes", "Leicester", "Southampton", "Aberdeen", "Bath", "York"),
    ),
    "Ireland": (("Republic of Ireland",), ("Dublin", "Cork", "Galway", "Limerick")),
    "United States": (
        ("US", "U.S.", "USA", "U.S.A.", "United States of America", "America", "US time zones",
         "US timezones", "EST", "PST"),
        (),
    ),
    "Canada": ((), ("Toronto", "Vancouver", "Montreal", "Montréal", "Ottawa", "Calgary", "Edmonton",
                    "Waterloo")),
    "Mexico": ((), ("Mexico City", "Guadalajara", "Monterrey")),
    "Brazil": ((), ("São Paulo", "Sao Paulo", "Rio de Janeiro")),
    "Germany": (("Deutschland",), ("Berlin", "Munich", "München", "Hamburg", "Frankfurt", "Cologne", "Köln",
                                   "Stuttgart", "Düsseldorf", "Leipzig")),
    "France": ((), ("Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes")),
    "Netherlands": (("The Netherlands", "Holland", "NL"), ("Amsterdam", "Rotterdam", "The Hague", "Utrecht",
                                                           "Eindhoven")),
    "Belgium": ((), ("Brussels", "Antwerp", "Ghent")),
    "Luxembourg": ((), ()),
    "Spain": ((), ("Madrid", "Barcelona", "Valencia", "Seville", "Malaga", "Málaga", "Bilbao")),
    "Portugal": ((), ("Lisbon", "Porto")),
    "Italy": ((), ("Rome", "Milan", "Turin", "Bologna", "Florence")),
    "Switzerland": ((), ("Zurich", "Zürich", "Geneva", "Basel", "Lausanne", "Bern")),
    "Austria": ((), ("Vienna",)),
    "Denmark": ((), ("Copenhagen", "Aarhus")),
    "Sweden": ((), ("Stockholm", "Gothenburg", "Malmö", "Malmo")),
    "Norway": ((), ("Oslo",)),
    "Finland": ((), ("Helsinki",)),
    "Poland": ((), ("Warsaw", "Krakow", "Kraków", "Wroclaw", "Wrocław", "Gdansk")),
    "Czech Republic": (("Czechia",), ("Prague", "Brno")),
    "Estonia": ((), ("Tallinn",)),
    "Lithuania": ((), ("Vilnius",)),
    "Latvia": ((), ("Riga",)),
    "Romania": ((), ("Bucharest", "Cluj-Napoca")),
    "Bulgaria": ((), ("Sofia",)),
    "Greece": ((), ("Athens",)),
    "Hungary": ((), ("Budapest",)),
    "Croatia": ((), ("Zagreb",)),
    "Slovakia": ((), ("Bratislava",)),
    "Slovenia": ((), ("Ljubljana",)),
    "Cyprus": ((), ("Limassol", "Nicosia")),
    "Malta": ((), ("Valletta",)),
    "Israel": ((), ("Tel Aviv", "Jerusalem", "Haifa")),
    "United Arab Emirates": (("UAE",), ("Dubai", "Abu Dhabi")),
    "India": ((), ("Bangalore", "Bengaluru", "Mumbai", "Delhi", "New Delhi", "Hyderabad", "Pune", "Chennai")),
    "Singapore": ((), ()),
    "Japan": ((), ("Tokyo", "Osaka")),
    "Australia": ((), ("Sydney", "Melbourne", "Brisbane", "Perth")),
    "New Zealand": ((), ("Auckland", "Wellington")),
    "South Africa": ((), ("Cape Town", "Johannesburg")),
}  # fmt: skip

_US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York State",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington State",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
}  # fmt: skip
_US_CITIES = {
    "New York": "NY", "New York City": "NY", "NYC": "NY", "San Francisco": "CA",
    "Bay Area": "CA", "Los Angeles": "CA", "San Diego": "CA", "San Jose": "CA", "Palo Alto": "CA",
    "Mountain View": "CA", "Oakland": "CA", "Seattle": "WA", "Boston": "MA",
    "Chicago": "IL", "Austin": "TX", "Dallas": "TX", "Houston": "TX", "Denver": "CO", "Boulder": "CO",
    "Atlanta": "GA", "Miami": "FL", "Washington, DC": "DC", "Washington DC": "DC", "Philadelphia": "PA",
    "Pittsburgh": "PA", "Portland": "OR", "Minneapolis": "MN", "Detroit": "MI", "Phoenix": "AZ",
    "Salt Lake City": "UT", "Nashville": "TN", "Raleigh": "NC", "Charlotte": "NC", "Columbus": "OH",
    "Baltimore": "MD", "Arlington": "VA", "Reston": "VA",
}  # fmt: skip
# City -> the suburbs and districts postings name instead of the city: accepting the city accepts them.
_SUBURBS = {
    "London": (
        "Canary Wharf", "Shoreditch", "Croydon", "Hammersmith", "Stratford", "Richmond", "Wimbledon",
        "Kingston upon Thames", "Islington", "Camden", "Southwark", "King's Cross", "Westminster",
        "Holborn", "Farringdon", "Clerkenwell", "Chiswick", "Greenwich", "Battersea", "City of London",
    ),
    "Manchester": ("Salford", "MediaCityUK", "Trafford", "Stockport"),
    "New York": ("Manhattan", "Brooklyn", "Queens", "Jersey City", "Hoboken"),
    "San Francisco": ("SoMa", "South San Francisco"),
    "Amsterdam": ("Amstelveen", "Schiphol", "Hoofddorp"),
    "Paris": ("La Défense", "Boulogne-Billancourt", "Issy-les-Moulineaux"),
    "Dublin": ("Dún Laoghaire", "Sandyford"),
    "Boston": ("Somerville",),
    "Munich": ("Garching",),
    "Stockholm": ("Solna", "Kista"),
}  # fmt: skip
_STATES = frozenset(_US_STATES.values())
_CANADIAN_PROVINCES = ("Ontario", "Quebec", "British Columbia", "Alberta", "Manitoba", "Nova Scotia")

_EU = (
    "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czech Republic", "Denmark", "Estonia", "Finland",
    "France", "Germany", "Greece", "Hungary", "Ireland", "Italy", "Latvia", "Lithuania", "Luxembourg",
    "Malta", "Netherlands", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Sweden",
)  # fmt: skip
# Region -> (aliases, members). Members are countries or other regions.
_REGIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "European Union": (("EU", "E.U."), _EU),
    "Europe": (
        ("European", "EU time zones", "EU timezones", "European time zones", "CET", "CEST", "GMT",
         "UK/EU time zones", "Central European Time"),
        ("European Union", "United Kingdom", "Switzerland", "Norway"),
    ),
    "EMEA": (("Europe, Middle East and Africa",),
             ("Europe", "Israel", "United Arab Emirates", "South Africa")),
    "North America": (("US/Canada", "US & Canada", "US or Canada"), ("United States", "Canada", "Mexico")),
    "Americas": (("LATAM", "Latin America"), ("North America", "Brazil")),
    "APAC": (("Asia Pacific", "Asia-Pacific"), ("India", "Singapore", "Japan", "Australia", "New Zealand")),
}  # fmt: skip


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, str], dict[str, str]]:
    """(alias key -> canonical place, place -> the place directly containing it)."""
    names: dict[str, str] = {}
    parent: dict[str, str] = {}

    def name(alias: str, place: str) -> None:
        names.setdefault(normalize_for_match(alias), place)

    for region, (aliases, members) in _REGIONS.items():
        name(region, region)
        for alias in aliases:
            name(alias, region)
        for member in members:
            parent.setdefault(member, region)
    for country, (aliases, cities) in _COUNTRIES.items():
        name(country, country)
        for alias in aliases:
            name(alias, country)
        for city in cities:
            name(city, city)
            parent[city] = country
    for state in _US_STATES.values():
        name(state, state)
        name(state.removesuffix(" State"), state)
        parent[state] = "United States"
    for city, code in _US_CITIES.items():
        canonical = city.split(",")[0] if "," in city else city
        name(city, canonical)
        parent[canonical] = _US_STATES[code]
    for city, suburbs in _SUBURBS.items():
        for suburb in suburbs:
            name(suburb, suburb)
            parent[suburb] = city
    for province in _CANADIAN_PROVINCES:
        name(province, province)
        parent[province] = "Canada"
    return names, parent


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    names, _ = _gazetteer()
    alternatives = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w])")


_STATE_CODE = re.compile(r",\s*(?P<code>[A-Z]{2})\b")
# Two-letter codes that are also English words or other countries' codes count only as 'City, ST'.
_CODES_NEEDING_CASE = frozenset({"us", "uk", "eu", "gb", "nl", "est", "pst", "cet", "gmt"})


def places_in(text: str | None) -> list[str]:
    """The places a text names, in order, each once: 'Boston, MA' -> ['Boston', 'Massachusetts']."""
    if not text:
        return []
    names, _ = _gazetteer()
    found: list[tuple[int, str]] = []
    normalized = normalize_for_match(text)
    for match in _pattern().finditer(normalized):
        key = match.group()
        if key in _CODES_NEEDING_CASE and not re.search(rf"(?<![\w.]){re.escape(key.upper())}(?![\w])", text):
            continue
        found.append((match.start(), names[key]))
    for match in _STATE_CODE.finditer(text):
        if match["code"] in _US_STATES:
            found.append((match.start(), _US_STATES[match["code"]]))
    ordered = [place for _, place in sorted(found)]
    if not ordered:
        return []
    # 'Cambridge, MA' is not the Cambridge in England: a city followed by a state or country that
    # does not contain it is another town of that name, one the gazetteer does not know.
    kept = [
        place
        for place, following in zip(ordered, [*ordered[1:], None], strict=True)
        if following is None or not _is_city(place) or _is_city(following) or following in ancestors(place)
    ]
    return list(dict.fromkeys(kept))


def _is_city(place: str) -> bool:
    return (
        place in _gazetteer()[1]
        and place not in _COUNTRIES
        and place not in _REGIONS
        and place not in _STATES
    )


def ancestors(place: str) -> list[str]:
    """The place and every place containing it, innermost first."""
    _, parent = _gazetteer()
    chain = [place]
    while chain[-1] in parent and parent[chain[-1]] not in chain:
        chain.append(parent[chain[-1]])
    return chain


def contains(outer: str, inner: str) -> bool:
    """Whether ``outer`` contains ``inner`` (a place contains itself)."""
    return outer in ancestors(inner)


def within_any(inner_places: list[str], outer_places: list[str]) -> bool:
    return any(contains(outer, inner) for inner in inner_places for outer in outer_places)


def country_of(place: str) -> str:
    """The country a place lies in; the place itself when it is a country, a region or unknown."""
    return next((p for p in ancestors(place) if p in _COUNTRIES), place)


def innermost(places: list[str]) -> list[str]:
    """Drop places that contain another one listed: ['Boston', 'Massachusetts'] -> ['Boston']."""
    return [p for p in places if not any(other != p and contains(p, other) for other in places)]
