"""Layer 2: pain points, needs, risks and success metrics, each quoted from the posting."""

from __future__ import annotations

from jobintel_assets.layers.extracted_jd import ExtractedJDInputs
from jobintel_assets.layers.extracted_jd import heuristic as extract_jd
from jobintel_assets.layers.models import Confidence, EvidencedItem, PainPoints
from jobintel_assets.layers.pain_points import (
    BOILERPLATE,
    PainPointsInputs,
    build,
    check_evidence,
    ground,
    heuristic,
    is_boilerplate,
)
from jobintel_assets.layers.ports import LayerTask
from jobintel_assets.layers.text import contains_quote, normalize_for_match

PLATFORM_POSTING = """## About Ledgerly
Ledgerly builds accounting automation for mid-sized companies. We raised our Series B in March 2025 \
and have tripled our customer base over the last year.

## About the role
This is a newly created role: you will lead the migration of our Rails monolith to services on Kubernetes.

## What you'll do
- Break our Rails monolith into services without slowing down feature work
- Own the on-call rotation and cut our incident rate, which has doubled since last year
- Reduce our AWS spend by 20% within the first 6 months
- Build and mentor a team of four platform engineers
- Define our SLOs and the observability stack behind them

## What you'll bring
- 7+ years building backend systems, including a monolith-to-services migration
- Experience with SOC 2 audits
- Strong communication skills and a team player

## What success looks like
- In your first 90 days, ship a paved-road deploy pipeline used by every team
- Deploys go from weekly to daily by the end of the year

## Benefits
- Competitive salary and equity
- 30 days paid time off
- Learning budget for career growth
"""

BOILERPLATE_POSTING = """We are looking for a passionate team player with strong communication skills.
You are a self-starter who thrives in a fast-paced environment.

Benefits:
- Competitive salary
- Health insurance and paid time off
- Career growth and professional development
"""

DATA_POSTING = """About us
Northwind Analytics helps retailers forecast demand. Our dashboards suffer from inconsistent data \
between the warehouse and the finance reports.

Responsibilities
- Write SQL models in dbt for the sales team
- Present findings to stakeholders every week
"""

ITEM_LISTS = ("pain_points", "strategic_needs", "risks_if_unfilled", "success_metrics")


def _inputs(
    description: str, title: str = "Senior Platform Engineer", company: str = "Ledgerly"
) -> PainPointsInputs:
    jd = extract_jd(
        ExtractedJDInputs(title=title, company=company, location="Berlin", description=description)
    )
    return PainPointsInputs(description=description, jd=jd)


def _all_items(result: PainPoints) -> list[EvidencedItem]:
    return [item for name in ITEM_LISTS for item in getattr(result, name)]


def test_every_item_quotes_the_posting_and_names_its_problems():
    inputs = _inputs(PLATFORM_POSTING)
    result = heuristic(inputs)

    assert 2 <= len(result.pain_points) <= 6
    assert 2 <= len(result.strategic_needs) <= 5
    assert 2 <= len(result.risks_if_unfilled) <= 5
    assert 2 <= len(result.success_metrics) <= 6
    for item in _all_items(result):
        assert contains_quote(PLATFORM_POSTING, item.evidence), item.evidence
    assert check_evidence(result, inputs) == []

    by_evidence = {p.evidence: p for p in result.pain_points}
    migration = by_evidence["Break our Rails monolith into services without slowing down feature work"]
    assert migration.confidence is Confidence.high
    assert "modernised" in migration.text and "Rails" in migration.text  # a problem, in a sentence
    assert any("incident rate" in p.evidence for p in result.pain_points)
    assert any("AWS spend" in p.evidence for p in result.pain_points)


def test_risks_restate_pain_points_with_the_same_quote():
    result = heuristic(_inputs(PLATFORM_POSTING))

    pain_evidence = {p.evidence for p in result.pain_points}
    assert result.risks_if_unfilled
    for risk in result.risks_if_unfilled:
        assert risk.evidence in pain_evidence
        assert risk.text not in {p.text for p in result.pain_points}


def test_needs_and_metrics_come_from_what_the_posting_asks_and_measures():
    result = heuristic(_inputs(PLATFORM_POSTING))

    needs = " ".join(n.text for n in result.strategic_needs).lower()
    assert "build and mentor a team of four platform engineers" in needs
    metric_evidence = [m.evidence for m in result.success_metrics]
    assert "In your first 90 days, ship a paved-road deploy pipeline used by every team" in metric_evidence
    assert "Reduce our AWS spend by 20% within the first 6 months" in metric_evidence


def test_evidence_is_used_once_per_list():
    result = heuristic(_inputs(PLATFORM_POSTING))

    for name in ITEM_LISTS:
        evidence = [normalize_for_match(item.evidence) for item in getattr(result, name)]
        assert len(evidence) == len(set(evidence)), name


def test_benefits_and_soft_skill_lines_never_become_items():
    result = heuristic(_inputs(PLATFORM_POSTING))

    quoted = " ".join(item.evidence for item in _all_items(result)).lower()
    for phrase in ("team player", "competitive salary", "paid time off", "career growth"):
        assert phrase not in quoted


def test_a_boilerplate_posting_yields_nothing_and_says_so():
    result = heuristic(_inputs(BOILERPLATE_POSTING, title="Software Engineer", company="Acme"))

    assert _all_items(result) == []
    assert result.why_now is None
    assert "supports no pain points" in result.reasoning_summary
    assert "does not say" in result.reasoning_summary


def test_a_cue_in_company_text_is_medium_and_a_thin_posting_is_not_padded():
    result = heuristic(_inputs(DATA_POSTING, title="Analytics Engineer", company="Northwind Analytics"))

    assert [p.evidence for p in result.pain_points] == [
        "Our dashboards suffer from inconsistent data between the warehouse and the finance reports."
    ]
    assert result.pain_points[0].confidence is Confidence.medium
    assert "data" in result.pain_points[0].text.lower()
    assert "only 1 pain point" in result.reasoning_summary


def test_why_now_is_quoted_only_when_the_posting_says_it():
    with_reason = heuristic(_inputs(PLATFORM_POSTING))
    without_reason = heuristic(_inputs(DATA_POSTING, title="Analytics Engineer", company="Northwind"))

    assert with_reason.why_now is not None
    assert "Series B" in with_reason.why_now
    assert contains_quote(PLATFORM_POSTING, "This is a newly created role")
    assert "newly created role" in with_reason.why_now
    assert without_reason.why_now is None


def test_boilerplate_detection_keeps_a_real_cue_beside_a_cliche():
    assert is_boilerplate("You are a team player with strong communication skills")
    assert is_boilerplate("Competitive salary, equity and great benefits")
    assert not is_boilerplate("In a fast-paced team, migrate our billing monolith to event-driven services")
    assert "team player" in BOILERPLATE


def _with_invented_items(result: PainPoints) -> PainPoints:
    invented = EvidencedItem(
        text="Data warehouse loses orders",
        evidence="Our warehouse loses a day of orders every week",
        confidence=Confidence.high,
    )
    cliche = EvidencedItem(
        text="Needs a team player",
        evidence="Strong communication skills and a team player",
        confidence=Confidence.medium,
    )
    return result.model_copy(
        update={
            "pain_points": [invented, *result.pain_points[:4], cliche, result.pain_points[0]],
            "why_now": "The company was just acquired by a bank.",
        }
    )


def test_checks_flag_and_ground_drops_invented_and_boilerplate_items():
    inputs = _inputs(PLATFORM_POSTING)
    honest = heuristic(inputs)
    tampered = _with_invented_items(honest)

    problems = check_evidence(tampered, inputs)
    assert len(problems) == 1
    assert problems[0].startswith("pain_points[0].evidence")
    assert "warehouse loses a day of orders" in problems[0]

    grounded = ground(tampered, inputs)
    assert [p.evidence for p in grounded.pain_points] == [p.evidence for p in honest.pain_points[:4]]
    assert grounded.why_now is None
    assert check_evidence(grounded, inputs) == []
    assert "Grounding dropped 3 item(s)" in grounded.reasoning_summary


def test_ground_keeps_an_honest_result_unchanged():
    inputs = _inputs(PLATFORM_POSTING)
    honest = heuristic(inputs)

    assert ground(honest, inputs) == honest


class _InventingModel:
    """A model that answers with an item the posting never says: build must not pass it on."""

    provider = "test"
    model = "inventing"

    def generate(self, task: LayerTask, output_type: type[PainPoints]) -> PainPoints:
        return output_type(
            pain_points=[
                EvidencedItem(
                    text="Cloud bill doubled", evidence="Our cloud bill doubled", confidence="high"
                ),
                EvidencedItem(
                    text="Monolith slows delivery",
                    evidence="Break our Rails monolith into services",
                    confidence="high",
                ),
            ],
            strategic_needs=[],
            risks_if_unfilled=[],
            success_metrics=[],
            why_now=None,
            reasoning_summary="model output",
        )


def test_build_grounds_what_the_model_returns():
    inputs = _inputs(PLATFORM_POSTING)

    result = build(inputs, _InventingModel())

    assert [p.text for p in result.pain_points] == ["Monolith slows delivery"]


WRAPPED_POSTING = (
    "Tidewater Energy runs the software behind 40 wind farms in the North Sea. Our monitoring stack\n"
    "grew up alongside the farms and nobody owns it end to end.\n"
    "\n"
    "Responsibilities\n"
    "- Cut our incident rate by owning on-call, postmortems and the alerting rules for the turbine\n"
    "  telemetry pipeline.\n"
    "- Write runbooks for the operations team.\n"
)


def test_a_sentence_wrapped_over_two_lines_is_quoted_whole():
    inputs = _inputs(WRAPPED_POSTING, title="Platform Engineer (SRE)", company="Tidewater Energy")
    result = heuristic(inputs)

    incident = [p for p in result.pain_points if "incident rate" in p.evidence]
    assert len(incident) == 1
    assert incident[0].evidence.endswith("alerting rules for the turbine telemetry pipeline.")
    assert incident[0].confidence is Confidence.high
    assert check_evidence(result, inputs) == []


TARGETS_POSTING = """Who we are
Lumen Ledger reconciles payments for 300+ European marketplaces. After acquiring Settle.io in June 2025 \
we are bringing two payments platforms together.

The role
You will manage the Payments Platform team: 6 backend engineers today, 10 by the end of 2026.

Responsibilities
- Own delivery of the ingestion rebuild: hourly data freshness for our top 100 customers by Q3 2026.
- Reduce pipeline incidents (currently 9 a month) and the on-call load that comes with them.
- Own delivery of the payouts migration from the Settle.io platform, with zero missed payouts.
- Keep quality high: incident reviews, on-call health, SLOs for payout latency (99.9% within 1 hour).
- Scale the team from 22 to 40 engineers over the next 18 months, including hiring two managers.
- Run 1:1s, career conversations and performance reviews.

Requirements
- 2+ years as an engineering manager of a backend team.
"""


def test_targets_the_posting_states_become_success_metrics_with_their_figures_verbatim():
    result = heuristic(_inputs(TARGETS_POSTING, title="Engineering Manager", company="Lumen Ledger"))

    metrics = " ".join(m.text for m in result.success_metrics).lower()
    for target in (
        "hourly data freshness for our top 100 customers by q3 2026",
        "currently 9 a month",
        "99.9% within 1 hour",
        "zero missed payouts",
        "10 by the end of 2026",
        "from 22 to 40 engineers over the next 18 months",
    ):
        assert target in metrics, target
    assert "performance reviews" not in metrics
    assert "2+ years" not in metrics
