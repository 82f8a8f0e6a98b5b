"""The Firecrawl adapter through the real `firecrawl-py` client against a local server."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from jobintel_assets.adapters.firecrawl_web import FirecrawlWebResearch
from jobintel_assets.adapters.ledger import CallLedger
from jobintel_assets.adapters.retry import RetryPolicy
from jobintel_assets.layers.ports import PostingFetchError
from jobintel_assets.storage.duckdb_store import DuckDBStore

POLICY = RetryPolicy(timeout_seconds=2.0, max_retries=2, backoff_seconds=0.01)


def company(name: str, slug: str) -> dict:
    return {
        "site": f"https://www.{slug}.example/",
        "title": f"{name}: payments for freight",
        "markdown": f"# {name}\n\n{name} builds payment rails for freight companies across Europe.",
        "published": "2026-01-15T08:00:00Z",
        "news": [
            {
                "title": f"{name} raises $40M Series B",
                "url": f"https://news.example/{slug}-series-b",
                "snippet": f"{name} announced a $40M Series B led by Example Ventures.",
                "date": "Mar 3, 2026",
            }
        ],
        "people": [
            {
                "url": f"https://www.linkedin.com/in/jane-doe-{slug}",
                "title": f"Jane Doe - Engineering Manager - {name} | LinkedIn",
            },
            {
                "url": "https://www.linkedin.com/in/john-roe",
                "title": "John Roe - Recruiter - Other Corp | LinkedIn",
            },
            {"url": f"https://www.linkedin.com/company/{slug}", "title": f"{name} - Careers | LinkedIn"},
        ],
    }


@pytest.fixture
def store(tmp_path: Path) -> DuckDBStore:
    return DuckDBStore(tmp_path / "jobintel.duckdb")


def _web(server, store: DuckDBStore, sleeps: list[float] | None = None, ttl: timedelta = timedelta(days=7)):
    return FirecrawlWebResearch(
        api_key="fc-test-key",
        api_url=server.url,
        policy=POLICY,
        ledger=CallLedger(store, "run-1", "job-1", "company_research"),
        cache_ttl=ttl,
        sleep=(sleeps.append if sleeps is not None else lambda seconds: None),
    )


def test_company_pages_are_the_site_and_news_with_urls_and_iso_dates(fake_firecrawl, store):
    fake_firecrawl.companies["Acme Freight"] = company("Acme Freight", "acme")

    pages = _web(fake_firecrawl, store).company_pages("Acme Freight")

    site, news = pages
    assert (site.source, site.date) == ("https://www.acme.example/", "2026-01-15")
    assert "payment rails for freight" in site.text
    assert (news.source, news.date) == ("https://news.example/acme-series-b", "2026-03-03")
    assert "$40M Series B" in news.text


def test_ten_postings_at_three_companies_cost_three_researches(fake_firecrawl, store):
    for name, slug in [("Acme Freight", "acme"), ("Borealis", "borealis"), ("Cobalt Labs", "cobalt")]:
        fake_firecrawl.companies[name] = company(name, slug)
    postings = ["Acme Freight"] * 4 + ["Borealis"] * 3 + ["Cobalt Labs"] * 3

    for name in postings:
        assert _web(fake_firecrawl, store).company_pages(name)

    assert fake_firecrawl.calls("/v2/scrape") == 3
    assert fake_firecrawl.calls("/v2/search") == 6  # a site search and a news search per company
    with store.connect() as con:
        hits = con.execute("SELECT count(*) FROM provider_calls WHERE cache_hit").fetchone()[0]
    assert hits == 7


def test_research_older_than_the_ttl_is_done_again(fake_firecrawl, store):
    fake_firecrawl.companies["Acme Freight"] = company("Acme Freight", "acme")
    _web(fake_firecrawl, store, ttl=timedelta(0)).company_pages("Acme Freight")
    _web(fake_firecrawl, store, ttl=timedelta(0)).company_pages("Acme Freight")

    assert fake_firecrawl.calls("/v2/scrape") == 2


def test_people_are_named_only_when_a_result_places_them_at_the_company(fake_firecrawl, store):
    fake_firecrawl.companies["Acme Freight"] = company("Acme Freight", "acme")
    web = _web(fake_firecrawl, store)

    (person,) = web.find_people("Acme Freight", "Senior Platform Engineer")

    assert (person.name, person.role) == ("Jane Doe", "Engineering Manager")
    assert person.source_url == person.linkedin_url == "https://www.linkedin.com/in/jane-doe-acme"
    assert web.find_people("Nobody Inc", "Engineer") == []


def test_rate_limits_and_server_errors_are_retried(fake_firecrawl, store):
    fake_firecrawl.companies["Acme Freight"] = company("Acme Freight", "acme")
    fake_firecrawl.script += [{"status": 429, "headers": {"Retry-After": "0.2"}}, {"status": 500}]
    sleeps: list[float] = []

    pages = _web(fake_firecrawl, store, sleeps).company_pages("Acme Freight")

    assert len(pages) == 2
    assert sleeps[0] == 0.2 and len(sleeps) == 2


def test_fetch_posting_scrapes_the_url_or_says_why_not(fake_firecrawl, store):
    fake_firecrawl.companies["Acme Freight"] = company("Acme Freight", "acme")
    web = _web(fake_firecrawl, store)

    page = web.fetch_posting("https://www.acme.example/")

    assert page.source == "https://www.acme.example/" and "payment rails" in page.text
    with pytest.raises(PostingFetchError, match=r"could not fetch posting https://gone\.example/job"):
        web.fetch_posting("https://gone.example/job")
