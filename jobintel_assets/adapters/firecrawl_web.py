"""The ``WebResearch`` port on Firecrawl, in the cloud (``FIRECRAWL_API_KEY``) or self-hosted.

Company research is the company's own site (scraped to Markdown) and recent news, each page with
its URL and date; people come from search results, named only when a result names them. Both are
cached per company in DuckDB for ``cache_ttl`` (7 days by default), so N postings at one company
cost one research.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from urllib.parse import urlsplit

import requests
from firecrawl import Firecrawl
from firecrawl.v2.types import Document
from firecrawl.v2.utils.error_handler import FirecrawlError

from jobintel_assets.adapters.ledger import CallLedger, ProviderCall
from jobintel_assets.adapters.retry import RetryPolicy, call_with_retries, parse_retry_after
from jobintel_assets.adapters.secrets import scrub
from jobintel_assets.caching import run_cached
from jobintel_assets.layers.models import Contract, PersonHit, WebPage
from jobintel_assets.layers.ports import PostingFetchError
from jobintel_assets.layers.text import normalize_for_match, sha256_text, slugify
from jobintel_assets.storage.duckdb_store import CacheKey

PROVIDER = "firecrawl"
CLOUD_URL = "https://api.firecrawl.dev"
# Part of the web cache keys: bump when what is searched or kept changes.
RESEARCH_VERSION = "firecrawl-research-1"
MAX_PAGE_CHARS = 20_000
NEWS_RESULTS = 5
PEOPLE_RESULTS = 10

_JOB_BOARD_HOSTS = (
    "linkedin.com",
    "indeed.com",
    "glassdoor.com",
    "greenhouse.io",
    "lever.co",
    "wikipedia.org",
)
# 'Jane Doe - Engineering Manager - Acme | LinkedIn'
_PROFILE_TITLE = re.compile(r"^(?P<name>[^|\-–—]+?)\s*[-–—]\s*(?P<rest>.+?)(?:\s*\|\s*LinkedIn.*)?$")
_PERSON_NAME = re.compile(r"^[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){1,3}$")
_RELATIVE_DATE = re.compile(r"^(\d+)\s+(minute|hour|day|week|month|year)s?\s+ago$", re.I)
_DATE_FORMATS = ("%Y-%m-%d", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%Y/%m/%d")


Research = TypeVar("Research", bound=Contract)
Answer = TypeVar("Answer")


class CompanyPages(Contract):
    pages: list[WebPage]


class PeopleFound(Contract):
    people: list[PersonHit]


def iso_date(text: str | None, now: datetime) -> str | None:
    """An ISO date from what search and scrape report ('2025-03-04T…', 'Mar 4, 2025', '3 days ago')."""
    if not text:
        return None
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    relative = _RELATIVE_DATE.match(text)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2).lower()
        days = {"minute": 0, "hour": 0, "day": 1, "week": 7, "month": 30, "year": 365}[unit] * amount
        return (now.date() - timedelta(days=days)).isoformat()
    return None


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _is_company_site(url: str) -> bool:
    host = _host(url)
    return bool(host) and not any(host == h or host.endswith("." + h) for h in _JOB_BOARD_HOSTS)


def _transient(error: Exception) -> tuple[bool, float | None]:
    if isinstance(error, requests.Timeout | requests.ConnectionError):
        return True, None
    if not isinstance(error, FirecrawlError):
        return False, None
    status = error.status_code
    if status is not None and (status in (408, 429) or status >= 500):
        headers = error.response.headers if error.response is not None else {}
        return True, parse_retry_after(headers.get("Retry-After"))
    return False, None


class FirecrawlWebResearch:
    provider = PROVIDER

    def __init__(
        self,
        *,
        api_key: str | None,
        api_url: str | None,
        policy: RetryPolicy,
        ledger: CallLedger | None,
        cache_ttl: timedelta = timedelta(days=7),
        sleep: Callable[[float], None] = time.sleep,
    ):
        # The client's own retries cover only 502s; ours (call_with_retries) cover 429/5xx/timeouts.
        self._client = Firecrawl(
            api_key=api_key, api_url=api_url or CLOUD_URL, timeout=policy.timeout_seconds, max_retries=1
        )
        self._secret = api_key
        self._endpoint = urlsplit(api_url or CLOUD_URL).netloc
        self._policy = policy
        self._ledger = ledger
        self._cache_ttl = cache_ttl
        self._sleep = sleep

    # ------------------------------------------------------------ the port

    def company_pages(self, company: str) -> list[WebPage]:
        return self._cached("web:company_pages", company, CompanyPages, lambda: self._research(company)).pages

    def find_people(self, company: str, role_hint: str) -> list[PersonHit]:
        key = f"{company}\n{role_hint}"
        return self._cached(
            "web:find_people", key, PeopleFound, lambda: self._people(company, role_hint)
        ).people

    def fetch_posting(self, url: str) -> WebPage:
        try:
            document = self._call("scrape", lambda: self._client.scrape(url, formats=["markdown"]))
        except Exception as error:
            raise PostingFetchError(
                url, f"firecrawl could not scrape it: {self._redacted(str(error))}"
            ) from error
        if not (document.markdown or "").strip():
            raise PostingFetchError(url, "firecrawl returned no text for this page")
        return self._page(url, document, datetime.now(UTC))

    # ------------------------------------------------------------ research

    def _research(self, company: str) -> CompanyPages:
        now = datetime.now(UTC)
        pages: list[WebPage] = []
        sites = self._call("search", lambda: self._client.search(f"{company} official website", limit=5))
        site = next((r.url for r in sites.web or [] if r.url and _is_company_site(r.url)), None)
        if site:
            document = self._call("scrape", lambda: self._client.scrape(site, formats=["markdown"]))
            if (document.markdown or "").strip():
                pages.append(self._page(site, document, now))
        news = self._call(
            "search", lambda: self._client.search(f'"{company}"', sources=["news"], limit=NEWS_RESULTS)
        )
        for item in news.news or []:
            text = " ".join(filter(None, [item.title, item.snippet]))
            if item.url and text:
                pages.append(
                    WebPage(
                        source=item.url, title=item.title or company, text=text, date=iso_date(item.date, now)
                    )
                )
        return CompanyPages(pages=pages)

    def _people(self, company: str, role_hint: str) -> PeopleFound:
        query = f'site:linkedin.com/in "{company}" ({role_hint} OR recruiter OR manager OR director)'
        results = self._call("search", lambda: self._client.search(query, limit=PEOPLE_RESULTS))
        company_key = normalize_for_match(company)
        people: list[PersonHit] = []
        for result in results.web or []:
            match = _PROFILE_TITLE.match((result.title or "").strip())
            if not result.url or not match:
                continue
            name, rest = match.group("name").strip(), match.group("rest").strip()
            # Only a result that names a person and places them at this company counts.
            if not _PERSON_NAME.match(name) or company_key not in normalize_for_match(rest):
                continue
            role = re.split(r"\s+(?:at|@|[-–—])\s+", rest)[0].strip() or rest
            profile = result.url if "linkedin.com/in/" in result.url else None
            if all(p.name != name for p in people):
                people.append(PersonHit(name=name, role=role, source_url=result.url, linkedin_url=profile))
        return PeopleFound(people=people)

    @staticmethod
    def _page(url: str, document: Document, now: datetime) -> WebPage:
        metadata = document.metadata
        published = None
        if metadata is not None:
            published = iso_date(metadata.published_time or metadata.modified_time, now)
        title = (metadata.title if metadata is not None else None) or url
        return WebPage(source=url, title=title, text=document.markdown[:MAX_PAGE_CHARS], date=published)

    # ------------------------------------------------------------ plumbing

    def _cached(
        self, kind: str, subject: str, output_type: type[Research], compute: Callable[[], Research]
    ) -> Research:
        """Research one subject at most once per TTL, also across runs and processes (the layer cache)."""
        if self._ledger is None:
            return compute()
        key = CacheKey(
            kind, sha256_text(slugify(subject, max_length=200)), PROVIDER, self._endpoint, RESEARCH_VERSION
        )
        outcome = run_cached(self._ledger.store, key, output_type, compute, max_age=self._cache_ttl)
        if outcome.cache_hit:
            self._ledger.record(ProviderCall(provider=PROVIDER, model=kind, cache_hit=True))
        return outcome.result

    def _call(self, operation: str, call: Callable[[], Answer]) -> Answer:
        if self._ledger is not None:
            self._ledger.check_budget(PROVIDER)
        started = time.monotonic()
        error_text = None
        try:
            return call_with_retries(
                call, self._policy, _transient, f"firecrawl {operation} at {self._endpoint}", self._sleep
            )
        except Exception as error:
            scrub(error, self._secret)
            error_text = str(error)[:600]
            raise
        finally:
            if self._ledger is not None:
                self._ledger.record(
                    ProviderCall(
                        provider=PROVIDER,
                        model=operation,
                        latency_seconds=round(time.monotonic() - started, 3),
                        error=error_text,
                    )
                )

    def _redacted(self, text: str) -> str:
        return text.replace(self._secret, "***") if self._secret else text
