"""Layers 3 and 3.5: company signals and role research from the posting and local notes only."""

from __future__ import annotations

from datetime import UTC, datetime

from jobintel_assets.layers.company_research import (
    NO_DATED_SIGNALS,
    NO_FUNDING,
    NO_WEBSITE,
    UNKNOWN,
    CompanyResearchInputs,
    check_signal_dates,
    check_signal_sources,
    dates_in,
    ground,
    heuristic,
)
from jobintel_assets.layers.models import CompanySignal, CompanyType, SignalType, WebPage
from jobintel_assets.layers.text import contains_quote

INGESTED_AT = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)

FUNDED_POSTING = """## About Ledgerly
Ledgerly builds accounting automation for mid-sized companies. In March 2025 we raised our Series B \
to expand into France.

## About the role
This is a newly created role: you will lead the migration of our Rails monolith to services.

## What you'll do
- Break our Rails monolith into services without slowing down feature work
- Cut our incident rate in half by owning the on-call rotation
- Reduce our AWS spend by 20% within the first 6 months
- Build and mentor a team of four platform engineers
- Present the platform roadmap to the leadership team

## Requirements
- Experience at a company that raised a Series A or later
"""

QUIET_POSTING = """Nordic Freight Systems is hiring a Backend Engineer.

Responsibilities
- Maintain the shipment tracking API written in Java
- Write integration tests for the customs module

Requirements
- 3+ years of Java and Spring Boot
"""

AGENCY_POSTING = """Our client, a fast-growing fintech in Amsterdam, is looking for a Staff Data Engineer.
We are recruiting on behalf of our client as their exclusive recruitment partner.

What you'll do
- Own the streaming platform built on Kafka and Flink
"""

NEUTRAL_POSTING = """Backend Engineer (Go). Maintain payment services. Five years of Go required."""

COMPANY_NOTES = """# Ledgerly

Ledgerly is a Berlin-based company that automates month-end close for finance teams. It sells to \
CFOs in Germany and the Netherlands.

Website: https://ledgerly.io

## News
- 2024-11-02: Ledgerly closed a EUR 4M seed round led by Point Nine.
- Jane Roe joined as CTO in January 2025.
"""


def _inputs(
    description: str,
    pages: list[WebPage] | None = None,
    posting_url: str | None = None,
    company: str = "Ledgerly",
    title: str = "Senior Platform Engineer",
) -> CompanyResearchInputs:
    return CompanyResearchInputs(
        company=company,
        title=title,
        description=description,
        pages=pages or [],
        posting_url=posting_url,
        ingested_at=INGESTED_AT,
    )


def _notes(date: str | None = None) -> WebPage:
    return WebPage(source="file:companies/ledgerly.md", title="Ledgerly", text=COMPANY_NOTES, date=date)


def test_funding_in_the_posting_is_a_dated_signal_from_the_posting():
    inputs = _inputs(FUNDED_POSTING)
    result = heuristic(inputs)

    funding = [s for s in result.company.signals if s.type is SignalType.funding]
    assert len(funding) == 1
    assert funding[0].date == "2025-03"
    assert funding[0].source == "posting"
    assert "Series B" in funding[0].description
    assert contains_quote(FUNDED_POSTING, funding[0].description)
    assert check_signal_sources(result, inputs) == []
    assert check_signal_dates(result, inputs) == []


def test_requirements_about_the_candidate_are_not_company_events():
    result = heuristic(_inputs(FUNDED_POSTING))

    assert not any("Series A" in s.description for s in result.company.signals)


def test_a_local_notes_file_gives_signals_attributed_to_that_file():
    inputs = _inputs(QUIET_POSTING, pages=[_notes()], company="Ledgerly")
    result = heuristic(inputs)

    by_type = {s.type: s for s in result.company.signals}
    assert by_type[SignalType.funding].source == "file:companies/ledgerly.md"
    assert by_type[SignalType.funding].date == "2024-11-02"
    assert "seed round" in by_type[SignalType.funding].description
    assert by_type[SignalType.leadership_change].date == "2025-01"
    assert result.company.sources == ["posting", "file:companies/ledgerly.md"]
    assert result.company.url == "https://ledgerly.io"
    assert "automates month-end close" in result.company.summary
    assert check_signal_sources(result, inputs) == []


def test_a_posting_without_signals_has_none_and_lists_what_is_unknown():
    result = heuristic(_inputs(QUIET_POSTING, company="Nordic Freight Systems", title="Backend Engineer"))

    assert result.company.signals == []
    assert NO_FUNDING in result.company.unknowns
    assert NO_DATED_SIGNALS in result.company.unknowns
    assert NO_WEBSITE in result.company.unknowns
    assert result.company.url is None
    assert result.role.why_now == UNKNOWN
    assert any(u.startswith("business impact") for u in result.company.unknowns)


def test_company_type_follows_what_the_posting_says():
    agency = heuristic(_inputs(AGENCY_POSTING, company="Hays", title="Staff Data Engineer"))
    employer = heuristic(_inputs(FUNDED_POSTING))
    neutral = heuristic(_inputs(NEUTRAL_POSTING, company="Unknown Co", title="Backend Engineer"))

    assert agency.company.company_type is CompanyType.recruitment_agency
    assert employer.company.company_type is CompanyType.employer
    assert neutral.company.company_type is CompanyType.unknown
    assert any("recruitment agency" in u for u in neutral.company.unknowns)


def test_fetched_at_is_the_latest_known_page_date_else_the_ingestion_time():
    older = WebPage(source="https://ledgerly.io/about", title="About", text="Ledgerly.", date="2025-04-30")
    newer = WebPage(source="https://ledgerly.io/blog", title="Blog", text="Ledgerly.", date="2025-05-20")
    undated = WebPage(source="https://ledgerly.io/careers", title="Careers", text="Ledgerly.")

    dated = heuristic(_inputs(QUIET_POSTING, pages=[older, newer, undated]))
    only_undated = heuristic(_inputs(QUIET_POSTING, pages=[undated]))

    assert dated.company.fetched_at == datetime(2025, 5, 20, tzinfo=UTC)
    assert only_undated.company.fetched_at == INGESTED_AT


def test_url_is_the_company_site_never_the_job_board():
    on_board = heuristic(_inputs(QUIET_POSTING, posting_url="https://boards.greenhouse.io/ledgerly/jobs/42"))
    on_site = heuristic(_inputs(QUIET_POSTING, posting_url="https://careers.ledgerly.io/jobs/42?ref=x"))

    assert on_board.company.url is None
    assert on_site.company.url == "https://careers.ledgerly.io"


def test_role_research_quotes_outcomes_and_why_now():
    result = heuristic(_inputs(FUNDED_POSTING))

    assert result.role.summary.startswith("Senior Platform Engineer at Ledgerly.")
    assert "lead the migration" in result.role.summary
    assert 3 <= len(result.role.business_impact) <= 5
    for impact in result.role.business_impact:
        assert contains_quote(FUNDED_POSTING, impact)
    assert "Present the platform roadmap to the leadership team" not in result.role.business_impact
    assert "newly created role" in result.role.why_now


def test_dates_are_read_at_the_precision_written_and_never_guessed():
    assert [iso for _, iso in dates_in("We raised our Series B in March 2025.")] == ["2025-03"]
    assert [iso for _, iso in dates_in("Announced on 2 March 2025 and on Nov 14, 2024.")] == [
        "2025-03-02",
        "2024-11-14",
    ]
    assert [iso for _, iso in dates_in("Released 2024-11-02, GA since 2025-01.")] == ["2024-11-02", "2025-01"]
    assert [iso for _, iso in dates_in("Founded in 2019, now serving 2000 customers.")] == ["2019"]
    assert dates_in("We doubled revenue last year.") == []


def test_checks_flag_and_ground_drops_invented_signals():
    inputs = _inputs(FUNDED_POSTING, pages=[_notes()])
    honest = heuristic(inputs)
    invented = [
        CompanySignal(
            type="acquisition", description="Ledgerly was acquired by SAP.", date="2025-05", source="posting"
        ),
        CompanySignal(
            type="funding",
            description="Ledgerly raised a $50M Series C.",
            date="2025-04",
            source="https://techcrunch.com/ledgerly-series-c",
        ),
        CompanySignal(type="growth", description="Ledgerly doubled its headcount.", date=UNKNOWN, source=" "),
        CompanySignal(type="funding", description="We raised our Series B", date="March", source="posting"),
    ]
    tampered = honest.model_copy(
        update={"company": honest.company.model_copy(update={"signals": honest.company.signals + invented})}
    )

    problems = check_signal_sources(tampered, inputs)
    assert any("was acquired by SAP" in p and "not supported" in p for p in problems)
    assert any("techcrunch.com" in p and "neither the posting nor a page" in p for p in problems)
    assert any(p.endswith(".source is empty") for p in problems)
    assert len(problems) == 3
    last = len(tampered.company.signals) - 1
    assert check_signal_dates(tampered, inputs) == [
        f"company.signals[{last}].date 'March' is neither an ISO date nor 'unknown'"
    ]

    grounded = ground(tampered, inputs)
    descriptions = [s.description for s in grounded.company.signals]
    assert "Ledgerly was acquired by SAP." not in descriptions
    assert "Ledgerly raised a $50M Series C." not in descriptions
    assert "Ledgerly doubled its headcount." not in descriptions
    assert check_signal_sources(grounded, inputs) == []
    assert check_signal_dates(grounded, inputs) == []


def test_ground_unknowns_a_date_the_source_does_not_state():
    inputs = _inputs(FUNDED_POSTING)
    honest = heuristic(inputs)
    misdated = CompanySignal(
        type="leadership_change",
        description="Jane Roe joined as CTO in January 2025.",
        date="2025-01",
        source="file:companies/ledgerly.md",
    )
    redated = [s.model_copy(update={"date": "2024-07"}) for s in honest.company.signals]
    tampered = honest.model_copy(
        update={"company": honest.company.model_copy(update={"signals": [*redated, misdated]})}
    )

    grounded = ground(tampered, inputs)

    assert [s.date for s in grounded.company.signals] == [UNKNOWN] * len(redated)
    assert all(s.source == "posting" for s in grounded.company.signals)


def test_ground_keeps_an_honest_result_unchanged():
    inputs = _inputs(FUNDED_POSTING, pages=[_notes("2025-05-01")], posting_url="https://ledgerly.io/jobs/7")
    honest = heuristic(inputs)

    assert ground(honest, inputs) == honest


def test_ground_drops_a_why_now_nothing_says():
    inputs = _inputs(QUIET_POSTING, company="Nordic Freight Systems", title="Backend Engineer")
    honest = heuristic(inputs)
    tampered = honest.model_copy(
        update={"role": honest.role.model_copy(update={"why_now": "The company just raised a Series C."})}
    )

    assert ground(tampered, inputs).role.why_now == UNKNOWN


def test_a_sentence_is_one_signal_dated_by_the_date_beside_its_cue():
    posting = (
        "Brightpath Health builds clinical triage software. In August 2025 we launched Triage Assist, "
        "and we signed a partnership with Crescent Valley Health Network to roll it out to 40 more "
        "clinics in 2026.\n"
    )
    result = heuristic(_inputs(posting, company="Brightpath Health", title="ML Engineer"))

    # One sentence is one signal, dated by the cue its date belongs to, never by the 2026 of the rollout.
    assert [(s.type, s.date) for s in result.company.signals] == [(SignalType.product_launch, "2025-08")]


def test_words_inside_a_link_are_not_events():
    notes = WebPage(
        source="file:companies/lumen-ledger.md",
        title="Lumen Ledger",
        text="Reading list:\n- https://lumenledger.example/press/lumen-ledger-acquires-settle-io\n",
    )
    result = heuristic(_inputs(QUIET_POSTING, pages=[notes], company="Lumen Ledger"))

    assert result.company.signals == []
