"""Layers 3 and 3.5: what the company is, what is happening to it, and why this role exists now.

The offline heuristic reads only the posting and the pages it is given (offline: the user's notes in
``data/companies/<slug>.md``). Every signal is a sentence of one of those sources, typed by cue
patterns (funding, acquisition, leadership change, product launch, partnership, growth), dated only
with a date written in that sentence or line, and attributed to its source. What cannot be
established is listed in ``unknowns`` instead of being guessed.

Grounding rule (one rule for every producer, heuristic or model): a signal survives when its source
is the posting, a page that was read, or a URL written in a page that was read, and when one
sentence of that source holds at least 60% of the description's content words
(``pain_points.supported_by_source``). That accepts the heuristic's abridged quotes and a model's
close paraphrase, and rejects a signal the source does not state. A date the supporting sentences do
not state becomes 'unknown'.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from pydantic import Field

from jobintel_assets.layers.injections import is_instruction
from jobintel_assets.layers.models import (
    CompanyProfile,
    CompanyResearch,
    CompanySignal,
    CompanyType,
    Contract,
    RoleResearch,
    SignalType,
    WebPage,
)
from jobintel_assets.layers.pain_points import (
    FIELD_LINE,
    SKIPPED_SECTIONS,
    PostingSentence,
    clause_around,
    is_boilerplate,
    posting_sentences,
    supported_by_source,
    why_now_quotes,
)
from jobintel_assets.layers.ports import LLM, LayerTask
from jobintel_assets.layers.text import (
    MONTH_NAME,
    MONTH_NUMBERS,
    contains_quote,
    normalize_for_match,
    slugify,
    span_around,
)

LAYER = "company_research"
PROMPT_VERSION = "company_research/v1"

PROMPT = """You are a business-intelligence analyst preparing a candidate for a conversation with
this company. Use only the posting and the pages in the inputs (each page has its source and date).

Rules:
- summary: two or three sentences on what the company does, from the posting and the pages.
- signals (funding, acquisition, leadership_change, product_launch, partnership, growth): each
  describes an event the cited source states, with `source` set to that page's source exactly
  (or 'posting' for the posting) and `date` as an ISO date the source gives, else 'unknown'.
  No source, no signal.
- company_type: employer, recruitment_agency (the posting recruits for a client) or unknown.
- unknowns: list what you could not establish (funding, size, why the role is open...).
- role: a short summary of the role, up to 5 business impacts quoted from the posting, and why_now
  only when the posting or a page says why the role is open now, else 'unknown'."""

POSTING_SOURCE = "posting"
UNKNOWN = "unknown"
MAX_SIGNALS = 10
MAX_SUMMARY_SENTENCES = 3
MAX_BUSINESS_IMPACT = 5
MIN_BUSINESS_IMPACT = 3
MAX_DESCRIPTION_WORDS = 40

NO_FUNDING = "no funding information found"
NO_DATED_SIGNALS = "no dated signals"
NO_SIGNALS = "no company signals (funding, acquisition, leadership change, launch, partnership, growth) found"
NO_WEBSITE = "company website not known offline"
NO_WHY_NOW = "why the role is open now: neither the posting nor the pages say"
NO_ROLE_TEXT = "The posting has no about-the-role text beyond its lists."


class CompanyResearchInputs(Contract):
    company: str
    title: str
    description: str
    pages: list[WebPage] = Field(default_factory=list, description="What was read about the company")
    posting_url: str | None = None
    ingested_at: datetime


# ------------------------------------------------------------------ signals

_SIGNAL_CUES: dict[SignalType, re.Pattern[str]] = {
    SignalType.funding: re.compile(
        r"\b(?:raised|raises|raising|secured|closed|announced)\b[^.;]{0,80}?"
        r"\b(?:series [a-f]|seed|round|funding|investment|financing|capital)\b"
        r"|\b(?:our|its|a|an|the) (?:[$€£][\d.]+\s?[mbk]\w* )?series [a-f]\b|\bfunding round\b"
        r"|\b(?:vc|venture)[- ]backed\b|\bbacked by\b|\bvaluation\b",
        re.I,
    ),
    SignalType.acquisition: re.compile(
        r"\b(?:acquired|acquires|acquiring|was bought by|merged with|merger (?:with|of))\b"
        r"|(?<!customer )(?<!user )(?<!talent )(?<!data )\bacquisition of\b",
        re.I,
    ),
    SignalType.leadership_change: re.compile(
        r"\b(?:appointed|appoints|named|hired|welcomed?s?|joined|joins|promoted|stepped down"
        r"|steps down|became|becomes|took over as|takes over as)\b"
        r"[^.;]{0,50}?\b(?:ceo|cto|cfo|coo|cpo|ciso|chief [a-z]+ officer|vp|vice president|president"
        r"|managing director)\b"
        r"|\b(?:new|incoming|newly appointed) (?:ceo|cto|cfo"
        r"|coo|cpo|ciso|chief [a-z]+ officer|vp|vice president"
        r"|president|managing director)\b",
        re.I,
    ),
    SignalType.product_launch: re.compile(
        r"\b(?:launched|launches|unveiled|unveils|went live"
        r"|goes live|generally available|general availability"
        r"|(?:we're|we are|is|are) launching|released (?:our|its|a|an|the|version|v\d)"
        r"|introduced (?:our|its|a|an|the) new)\b",
        re.I,
    ),
    SignalType.partnership: re.compile(
        r"\b(?:partnered with|partners with|partnership with|(?:strategic|new) partnership"
        r"|teamed up with|alliance with|signed (?:a|an) (?:\w+ )?(?:deal|agreement|contract) with)\b",
        re.I,
    ),
    SignalType.growth: re.compile(
        r"\b(?:(?:doubled|tripled|quadrupled) (?:in size|our|the|its|headcount|revenue|the team)"
        r"|(?:revenue|customers|customer base|team|headcount|users|arr|business) (?:has |have )?(?:grown|grew"
        r"|doubled|tripled|quadrupled)|grew|hyper-?growth|headcount|new office"
        r"|opened (?:a |an |our )?(?:new |second |third |first )?(?:office|hub|location)"
        r"|expand(?:ed|ing|s)? (?:into|to) "
        r"|expansion (?:into|to) |(?:growing|grew) (?:fast|rapidly|quickly|\d)"
        r"|\d+(?:\.\d+)?\s?[x×] (?:growth|revenue|customers|users|arr)"
        r"|\d+ ?% (?:growth|yoy|year[- ]over[- ]year|month[- ]over[- ]month)"
        r"|(?:team|headcount|business|revenue|customer base) is (?:doubling"
        r"|tripling|growing (?:fast|rapidly|quickly)))",
        re.I,
    ),
}
# Sentences about the candidate or the offer are not company events ('experience at a Series B startup').
_NOT_COMPANY_EVENTS = SKIPPED_SECTIONS | {"requirements", "responsibilities", "success"}
_CLAUSE_SEPARATOR = re.compile(r"[,;:]\s+|\s[\u2013\u2014-]\s|\s+(?:and|but|while|after|before)\s+", re.I)
_MAX_DATE_PHRASE_WORDS = 5
_MAX_DATE_DISTANCE_WORDS = 6

# ------------------------------------------------------------------ dates

_MONTH = rf"(?P<month>{MONTH_NAME})\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# Most precise first: a span taken by one pattern is not read again by a later one.
_DATE_PATTERNS = (
    re.compile(rf"\b{_YEAR}[-/](?P<month>0[1-9]|1[0-2])[-/](?P<day>0[1-9]|[12]\d|3[01])\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_YEAR}-(?P<month>0[1-9]|1[0-2])\b(?!-\d)"),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I),
    # A bare year only where it reads as a date ('in 2024', 'Q3 2024'), not as a count ('2000 customers').
    re.compile(rf"\b(?:in|since|during|early|late|mid|by|q[1-4]|h[12])[\s-]+{_YEAR}\b", re.I),
)
_ISO_DATE = re.compile(r"^(?:19|20)\d{2}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")


def _iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year = int(groups["year"])
    month_text = groups.get("month")
    if month_text is None:
        return f"{year:04d}"
    month = int(month_text) if month_text.isdigit() else MONTH_NUMBERS[month_text[:3].lower()]
    if groups.get("day") is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, int(groups["day"])).isoformat()
    except ValueError:
        return None


def _dated_spans(text: str) -> list[tuple[int, int, str]]:
    """The dates written in ``text`` as (start, end, ISO date), at the precision the text gives."""
    found: list[tuple[int, int, str]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end, _ in found):
                continue
            iso = _iso(match)
            if iso is not None:
                found.append((match.start(), match.end(), iso))
    return sorted(found)


def dates_in(text: str) -> list[tuple[int, str]]:
    """The dates written in ``text`` as (offset, ISO date), at the precision the text gives."""
    return [(start, iso) for start, _, iso in _dated_spans(text)]


def _leading_date(text: str) -> str | None:
    """A date opening ``text`` in a short phrase ('In March 2025, ...', '2024-11-02: ...') dates all of it."""
    start, end = span_around(text, _CLAUSE_SEPARATOR, 0)
    opening = text[start:end]
    found = dates_in(opening)
    return found[0][1] if found and len(opening.split()) <= _MAX_DATE_PHRASE_WORDS else None


def _signal_date(sentence: PostingSentence, cue: re.Match[str]) -> str:
    """A date right beside the cue in its own clause, else one opening the sentence or its line, else unknown.

    A date further off belongs to something else ('closed a Series B, and is preparing to launch in
    Germany in 2026'; 'signed a partnership ... to roll it out to 40 more clinics in 2026'), so it
    is not used.
    """
    text = sentence.text
    start, end = span_around(text, _CLAUSE_SEPARATOR, cue.start())
    near = [
        (len(text[cue.end() : date_start].split()) + len(text[date_end : cue.start()].split()), iso)
        for date_start, date_end, iso in _dated_spans(text)
        if start <= date_start < end
    ]
    near = [(distance, iso) for distance, iso in near if distance <= _MAX_DATE_DISTANCE_WORDS]
    if near:
        return min(near)[1]
    return _leading_date(text) or _leading_date(sentence.line) or UNKNOWN


def _abridged(sentence: str) -> str:
    words = sentence.split()
    return sentence if len(words) <= MAX_DESCRIPTION_WORDS else " ".join(words[:MAX_DESCRIPTION_WORDS]) + "…"


def _signals_in(sentences: list[PostingSentence], source: str, title: str) -> list[CompanySignal]:
    signals = []
    for sentence in sentences:
        if sentence.section in _NOT_COMPANY_EVENTS or is_boilerplate(sentence.text):
            continue
        # A URL's words are not events ('.../lumen-ledger-acquires-settle-io'); blanks keep the offsets.
        readable = _URL.sub(lambda url: " " * len(url.group()), sentence.text)
        for signal_type, cue in _SIGNAL_CUES.items():
            match = cue.search(readable)
            # 'As our new VP of Engineering, you...' describes this role, not a change at the top.
            if not match or (
                signal_type is SignalType.leadership_change and contains_quote(sentence.text, title)
            ):
                continue
            signals.append(
                CompanySignal(
                    type=signal_type,
                    description=_abridged(sentence.text),
                    date=_signal_date(sentence, match),
                    source=source,
                )
            )
    return signals


def _unique_signals(signals: list[CompanySignal]) -> list[CompanySignal]:
    """One signal per sentence and source: a sentence with cues of several types ('In August 2025 we
    launched X, and we signed a partnership...') is kept once, as the cue whose date is known."""
    best: dict[tuple[str, str], CompanySignal] = {}
    for signal in signals:
        key = (normalize_for_match(signal.description), signal.source)
        kept = best.get(key)
        if kept is None or (kept.date == UNKNOWN and signal.date != UNKNOWN):
            best[key] = signal
    return list(best.values())[:MAX_SIGNALS]


# ------------------------------------------------------------------ company profile

_AGENCY_CUES = re.compile(
    r"\b(?:our client|my client|(?:recruiting|hiring|searching"
    r"|working) on behalf of|on behalf of (?:our|a|an|my) client"
    r"|recruitment (?:agency|consultancy|firm|partner)|staffing (?:agency|firm|company|partner|consultancy)"
    r"|employment (?:agency|business)|headhunt\w*|executive search firm)\b",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:we|we're|we've|we are|our|us)\b", re.I)
_SELF_DESCRIPTION = re.compile(
    r"\b(?:we are|we're|we build|we help|we make|we've built|we provide|we power|our mission|our platform"
    r"|our product|founded|headquartered|is a|is an|is the|our client)\b",
    re.I,
)
_ABOUT_THE_CANDIDATE = re.compile(
    r"\b(?:you|your|looking for|hiring|join us|apply|applicants?|candidates?|we need)\b", re.I
)
_ROLE_CUES = re.compile(
    r"\b(?:this role|the role|this position|you will|you'll"
    r"|we're looking for|we are looking for|as (?:a|an|our) |we need (?:a|an|someone))",
    re.I,
)
_URL = re.compile(r"https?://[^\s)>\]\"'<]+")
_WEBSITE_LABEL = re.compile(r"\b(?:website|homepage|home page)\b", re.I)
_JOB_BOARDS = (
    "greenhouse.io", "lever.co", "ashbyhq.com", "workable.com", "linkedin.com", "indeed.com", "glassdoor.com",
    "smartrecruiters.com", "myworkdayjobs.com", "bamboohr.com", "recruitee.com", "teamtailor.com",
    "personio.de", "personio.com", "wellfound.com", "angel.co", "otta.com", "welcometothejungle.com",
    "workatastartup.com", "jobvite.com", "icims.com", "breezy.hr", "applytojob.com",
)  # fmt: skip
_OUTCOME_VERB = re.compile(
    r"^(?:reduce|cut|lower|improve|increase|grow|scale|deliver|ship|launch|accelerate|drive|double|halve"
    r"|moderni[sz]e|migrate|build|enable|raise|expand|automate|streamline|stabili[sz]e|own|lead|establish"
    r"|create|define|design|modernize|replace|unlock|turn|set|introduce|keep)\b",
    re.I,
)


def _site_root(url: str) -> str | None:
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _is_job_board(url: str) -> bool:
    host = urlsplit(url).netloc.lower().split(":")[0]
    return any(host == board or host.endswith("." + board) for board in _JOB_BOARDS)


def _company_url(inputs: CompanyResearchInputs) -> str | None:
    """The posting's site when it is the company's own, else a company URL the pages state."""
    if inputs.posting_url and not _is_job_board(inputs.posting_url) and _site_root(inputs.posting_url):
        return _site_root(inputs.posting_url)
    company_key = slugify(inputs.company).replace("-", "")
    for page in inputs.pages:
        labelled = [
            url
            for line in page.text.splitlines()
            if _WEBSITE_LABEL.search(line)
            for url in _URL.findall(line)
        ]
        named_after_company = [
            url
            for url in [page.source, *_URL.findall(page.text)]
            if company_key in urlsplit(url).netloc.replace("-", "").replace(".", "")
        ]
        for url in labelled + named_after_company:
            if _site_root(url) and not _is_job_board(url):
                return _site_root(url)
    return None


def _company_type(description: str) -> CompanyType:
    if _AGENCY_CUES.search(description):
        return CompanyType.recruitment_agency
    if _FIRST_PERSON.search(description):
        return CompanyType.employer
    return CompanyType.unknown


def _about_sentences(sentences: list[PostingSentence], company: str, title: str) -> list[str]:
    """Sentences in which the posting describes the company (not the job or the candidate)."""
    about = []
    for sentence in sentences:
        if sentence.section not in {"company", "intro"} or _ABOUT_THE_CANDIDATE.search(sentence.text):
            continue
        if FIELD_LINE.match(sentence.text) or (title.strip() and contains_quote(sentence.text, title)):
            continue
        if (
            sentence.section == "company"
            or _SELF_DESCRIPTION.search(sentence.text)
            or (company.strip() and contains_quote(sentence.text, company))
        ):
            about.append(sentence.text)
    return about


def _first_paragraph_sentences(page: WebPage) -> list[str]:
    """The first paragraph of prose on a page (headings, links and short fields skipped)."""
    for paragraph in re.split(r"\n\s*\n", page.text):
        prose = [
            s.text
            for s in posting_sentences(paragraph)
            if not _URL.search(s.text) and len(s.text.split()) >= 5 and not s.text.endswith(":")
        ]
        if prose:
            return prose[:2]
    return []


def _summary(inputs: CompanyResearchInputs, sentences: list[PostingSentence]) -> str | None:
    chosen = _about_sentences(sentences, inputs.company, inputs.title)[:2]
    for page in inputs.pages:
        chosen += [s for s in _first_paragraph_sentences(page) if s not in chosen]
    return " ".join(chosen[:MAX_SUMMARY_SENTENCES]) or None


def _unknown_summary(inputs: CompanyResearchInputs) -> str:
    return f"Unknown: neither the posting nor the pages describe {inputs.company}."


def _page_datetime(page: WebPage, ingested_at: datetime) -> datetime | None:
    if not page.date:
        return None
    try:
        moment = datetime.fromisoformat(page.date)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=ingested_at.tzinfo)
    if ingested_at.tzinfo is None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _fetched_at(inputs: CompanyResearchInputs) -> datetime:
    """The latest page date that is known, else when the posting was ingested (never the clock)."""
    known = [d for d in (_page_datetime(p, inputs.ingested_at) for p in inputs.pages) if d is not None]
    return max(known) if known else inputs.ingested_at


# ------------------------------------------------------------------ role research


def _role_lead(inputs: CompanyResearchInputs) -> str:
    """The role summary's first sentence: the title, and the company unless the title names it."""
    named = contains_quote(inputs.title, inputs.company)
    return f"{inputs.title}." if named else f"{inputs.title} at {inputs.company}."


def _role_summary(inputs: CompanyResearchInputs, sentences: list[PostingSentence]) -> str:
    about_role = [s.text for s in sentences if s.section == "role"]
    if not about_role:
        about_role = [s.text for s in sentences if s.section == "intro" and _ROLE_CUES.search(s.text)]
    if not about_role:
        return f"{_role_lead(inputs)} {NO_ROLE_TEXT}"
    return " ".join([_role_lead(inputs), *about_role[:2]])


def _business_impact(sentences: list[PostingSentence]) -> list[str]:
    """Responsibilities that name an outcome, quoted as the posting states them."""
    has_responsibilities = any(s.section == "responsibilities" for s in sentences)
    impact = []
    for sentence in sentences:
        eligible = sentence.section == "responsibilities" or (
            not has_responsibilities and sentence.section in {"intro", "role", "other"}
        )
        if eligible and _OUTCOME_VERB.match(clause_around(sentence.text)) and sentence.text not in impact:
            impact.append(sentence.text)
    return impact[:MAX_BUSINESS_IMPACT]


def _why_now(inputs: CompanyResearchInputs, sentences: list[PostingSentence]) -> str:
    quotes = why_now_quotes(sentences)
    for page in inputs.pages:
        if quotes:
            break
        quotes = why_now_quotes(posting_sentences(page.text))
    return " ".join(quotes) or UNKNOWN


# ------------------------------------------------------------------ the layer


def _signal_unknowns(signals: list[CompanySignal]) -> list[str]:
    unknowns = []
    if not signals:
        unknowns.append(NO_SIGNALS)
    if not any(s.type is SignalType.funding for s in signals):
        unknowns.append(NO_FUNDING)
    if not any(s.date != UNKNOWN for s in signals):
        unknowns.append(NO_DATED_SIGNALS)
    return unknowns


def heuristic(inputs: CompanyResearchInputs) -> CompanyResearch:
    """Company profile and role research from the posting and the pages only; gaps go to ``unknowns``."""
    sentences = posting_sentences(inputs.description)
    signals = _signals_in(sentences, POSTING_SOURCE, inputs.title)
    for page in inputs.pages:
        signals += _signals_in(posting_sentences(page.text), page.source, inputs.title)
    signals = _unique_signals(signals)

    summary = _summary(inputs, sentences)
    url = _company_url(inputs)
    company_type = _company_type(inputs.description)
    impact = _business_impact([s for s in sentences if s.section not in SKIPPED_SECTIONS])
    why_now = _why_now(inputs, sentences)

    unknowns = []
    if summary is None:
        unknowns.append("what the company does: neither the posting nor the pages describe it")
    if url is None:
        unknowns.append(NO_WEBSITE)
    if not inputs.pages:
        unknowns.append("no company pages or notes were available; only the posting was read")
    unknowns += _signal_unknowns(signals)
    if company_type is CompanyType.unknown:
        unknowns.append("whether the company is the employer or a recruitment agency")
    if len(impact) < MIN_BUSINESS_IMPACT:
        unknowns.append(
            f"business impact: the posting states only {len(impact)} outcome-oriented responsibilities"
        )
    if why_now == UNKNOWN:
        unknowns.append(NO_WHY_NOW)

    profile = CompanyProfile(
        name=inputs.company,
        summary=summary or _unknown_summary(inputs),
        signals=signals,
        url=url,
        company_type=company_type,
        fetched_at=_fetched_at(inputs),
        sources=list(dict.fromkeys([POSTING_SOURCE, *(page.source for page in inputs.pages)])),
        unknowns=unknowns,
    )
    role = RoleResearch(summary=_role_summary(inputs, sentences), business_impact=impact, why_now=why_now)
    return CompanyResearch(company=profile, role=role)


def _source_texts(inputs: CompanyResearchInputs) -> dict[str, str]:
    """Every source a signal may cite, with the text that has to support it."""
    texts = {POSTING_SOURCE: inputs.description}
    for page in inputs.pages:
        texts[page.source] = "\n".join(filter(None, [texts.get(page.source), page.text]))
    for page in inputs.pages:
        for url in _URL.findall(page.text):
            url = url.rstrip(".,;")
            texts[url] = "\n".join(filter(None, [texts.get(url), page.text]))
    return texts


def _supporting_sentences(claim: str, source_text: str) -> list[PostingSentence]:
    return [s for s in posting_sentences(source_text) if supported_by_source(claim, s.text)]


def _grounded_date(signal: CompanySignal, supporting: list[PostingSentence]) -> str:
    """The signal's date when a supporting sentence or its line states it (or more precisely)."""
    if signal.date == UNKNOWN or not _ISO_DATE.match(signal.date):
        return UNKNOWN
    stated = {
        iso for sentence in supporting for text in (sentence.text, sentence.line) for _, iso in dates_in(text)
    }
    return signal.date if any(iso.startswith(signal.date) for iso in stated) else UNKNOWN


def _read_urls(inputs: CompanyResearchInputs) -> set[str]:
    """Site roots of what was read: the pages, the URLs they state, and the posting's own site."""
    urls = [page.source for page in inputs.pages]
    urls += [url for page in inputs.pages for url in _URL.findall(page.text)]
    if inputs.posting_url and not _is_job_board(inputs.posting_url):
        urls.append(inputs.posting_url)
    return {root for root in map(_site_root, urls) if root}


def _stated(text: str, source_text: str) -> bool:
    """Text the source states (quoted or closely paraphrased) that speaks to no automated reader."""
    return not is_instruction(text) and supported_by_source(text, source_text)


def _grounded_summary(summary: str, inputs: CompanyResearchInputs, read: str) -> str | None:
    return summary if summary.strip() == _unknown_summary(inputs) or _stated(summary, read) else None


def _grounded_role_summary(summary: str, inputs: CompanyResearchInputs, read: str) -> str | None:
    # The lead sentence is code's own: the title and company come from the posting's fields.
    lead = _role_lead(inputs)
    if not summary.startswith(lead):
        return summary if _stated(summary, read) else None
    rest = summary.removeprefix(lead).strip()
    return summary if rest in {"", NO_ROLE_TEXT} or _stated(rest, read) else None


def ground(result: CompanyResearch, inputs: CompanyResearchInputs) -> CompanyResearch:
    """Keep of an answer only what the posting and the pages read support.

    Signals the sources do not state are dropped, and dates they do not state become 'unknown'.
    The company's name is the posting's; ``sources`` are what was read; ``url`` is a site that
    was read (else the one the heuristic finds); summaries, business impact and why-now are kept
    when a source states them and they speak to no automated reader, else the heuristic's are
    used; unknowns that speak to an automated reader are dropped.
    """
    texts = _source_texts(inputs)
    kept = []
    for signal in result.company.signals:
        source_text = texts.get(signal.source.strip())
        if not signal.source.strip() or source_text is None or is_instruction(signal.description):
            continue
        supporting = _supporting_sentences(signal.description, source_text)
        if not supporting:
            continue
        kept.append(signal.model_copy(update={"date": _grounded_date(signal, supporting)}))
    signals = _unique_signals(kept)

    read = "\n".join([inputs.description, *(page.text for page in inputs.pages)])
    why_now = result.role.why_now
    if why_now != UNKNOWN and not _stated(why_now, read):
        why_now = UNKNOWN
    url = result.company.url
    if url is not None and _site_root(url) not in _read_urls(inputs):
        url = _company_url(inputs)
    summary = _grounded_summary(result.company.summary, inputs, read)
    role_summary = _grounded_role_summary(result.role.summary, inputs, read)
    if summary is None or role_summary is None:
        own = heuristic(inputs)
        summary, role_summary = summary or own.company.summary, role_summary or own.role.summary
    impact = [item for item in result.role.business_impact if _stated(item, inputs.description)]
    unknowns = [u for u in result.company.unknowns if not is_instruction(u)]
    extra = _signal_unknowns(signals) + ([NO_WHY_NOW] if why_now == UNKNOWN else [])
    unknowns += [u for u in extra if u not in unknowns]
    company = result.company.model_copy(
        update={
            "name": inputs.company,
            "summary": summary,
            "signals": signals,
            "url": url,
            "fetched_at": _fetched_at(inputs),
            "sources": list(dict.fromkeys([POSTING_SOURCE, *(page.source for page in inputs.pages)])),
            "unknowns": unknowns,
        }
    )
    role = result.role.model_copy(
        update={"summary": role_summary, "business_impact": impact, "why_now": why_now}
    )
    return CompanyResearch(company=company, role=role)


def build(inputs: CompanyResearchInputs, llm: LLM) -> CompanyResearch:
    return ground(llm.generate(LayerTask(LAYER, PROMPT_VERSION, inputs, PROMPT), CompanyResearch), inputs)


def check_signal_sources(result: CompanyResearch, inputs: CompanyResearchInputs) -> list[str]:
    """Every signal has a source, read by the research, that states it."""
    texts = _source_texts(inputs)
    problems = []
    for index, signal in enumerate(result.company.signals):
        field = f"company.signals[{index}]"
        source = signal.source.strip()
        if not source:
            problems.append(f"{field}.source is empty")
        elif source not in texts:
            problems.append(f"{field}.source {source!r} is neither the posting nor a page the research read")
        elif not _supporting_sentences(signal.description, texts[source]):
            problems.append(
                f"{field}.description is not supported by its source {source!r}: {signal.description!r}"
            )
    return problems


def check_signal_dates(result: CompanyResearch, inputs: CompanyResearchInputs) -> list[str]:
    """Every signal's date is an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) or 'unknown'."""
    return [
        f"company.signals[{index}].date {signal.date!r} is neither an ISO date nor 'unknown'"
        for index, signal in enumerate(result.company.signals)
        if signal.date != UNKNOWN and not _ISO_DATE.match(signal.date)
    ]
