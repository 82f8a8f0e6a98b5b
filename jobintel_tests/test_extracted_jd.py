"""Layer 1 (extracted_jd) and its section reader, on small postings written the ways real ones are."""

from __future__ import annotations

import pytest

from jobintel_assets.layers.extracted_jd import (
    ExtractedJDInputs,
    check_competency_weights,
    check_top_keywords,
    ground,
    heuristic,
)
from jobintel_assets.layers.models import (
    CompetencyWeights,
    RemotePolicy,
    RoleCategory,
    RoleFamily,
    Seniority,
    SkillKind,
    SkillMention,
)
from jobintel_assets.layers.sections import SectionKind, classify_heading, find_sections, sentences
from jobintel_assets.layers.text import contains_quote

# Markdown, as a Greenhouse/Lever posting arrives after ingestion.
MARKDOWN_POSTING = """Acme Pay is hiring a Senior Backend Engineer to help us scale our payments platform.

## About us
Acme Pay is a fintech company processing $2B a year for 40,000 merchants across Europe.

## What you'll do
- Design and build high-throughput services in Go and Python
- Own the reliability of our payment APIs and reduce p99 latency by 30% within 6 months
- Migrate our legacy monolith to event-driven microservices on Kubernetes
- Mentor two mid-level engineers and review code
- Partner with product managers to shape the roadmap

## What we're looking for
- 5+ years of backend engineering experience
- Strong experience with PostgreSQL and Kafka
- Excellent communication skills
- BSc in Computer Science or equivalent experience

### Nice to have
- Experience with Rust
- Background in payments or banking

## Benefits
- 30 days PTO
- Hybrid: 2 days a week in our Berlin office
"""

# Plain text with ALL-CAPS headings and bullets, for a people-management role.
MANAGER_POSTING = """Northwind Health is a digital health company helping 2 million patients manage chronic \
conditions. We are remote-first, with teammates across Europe.

ABOUT THE ROLE
As our Engineering Manager for the Care Platform team, you will lead a team of 7 engineers and own the \
delivery of our clinician-facing products. Our platform has grown 3x in the last year and we need to \
rebuild our scheduling service, which causes most of our incidents.

WHAT YOU'LL DO
• Lead, coach and grow a team of 7 backend and frontend engineers through 1:1s and career plans
• Hire 3 engineers in the next 6 months as we build out the team
• Partner with product and design to plan the roadmap and make trade-offs with stakeholders
• Improve our delivery process and reduce incident count by 50% within the first year
• Own the team's on-call health and our 99.9% uptime SLO

WHAT WE'RE LOOKING FOR
• At least three years of experience managing software engineering teams
• A background as a hands-on engineer with TypeScript or Java
• Experience hiring and mentoring engineers
• Healthcare experience is a plus

WHAT WE OFFER
• 28 days of holiday and a 10% bonus
"""

# No headings at all: a few paragraphs, as small companies write them.
PLAIN_POSTING = """We are looking for a Data Engineer to join our logistics analytics team in Rotterdam. \
You will build and maintain batch and streaming pipelines in Python and Spark that move shipment data \
from 40 warehouses into our Snowflake warehouse. You will work closely with analysts to model data in dbt \
and keep our dashboards fresh. You will also help migrate our legacy cron jobs to Airflow.
You have 2+ years of experience with SQL and Python, and you are comfortable with Git and Docker. \
Experience with Kafka is a plus. A degree in computer science, engineering or a related field is preferred.
This is an on-site role in our Rotterdam office, five days a week.
"""

# Inline headings: 'Requirements: x, y' on one line.
INLINE_POSTING = """Staff Software Engineer - Payments Infrastructure

Acme Shop is an e-commerce platform used by 20,000 online retailers.
Responsibilities: set the technical direction for our checkout and payments services; design the migration \
from our monolith to services; mentor senior engineers; lead incident reviews.
Requirements: 8+ years building distributed systems, deep knowledge of Java or Kotlin, experience operating \
PostgreSQL at scale.
Nice to have: Kubernetes, Go.
Location: Remote (EU)
"""

# HTML flattened to lines: headings are bare lines, list items lost their bullets.
HTML_POSTING = """About Fabrikam
Fabrikam builds adtech software that helps advertisers buy programmatic campaigns.

The Role
We need a Frontend Developer to own our campaign builder UI.

Key Responsibilities
Build new features in React and TypeScript.
Write unit and end-to-end tests with Jest and Playwright.
Work with designers to turn Figma mocks into accessible components.
Improve page load performance.

Qualifications
3-5 years of professional frontend experience.
Strong JavaScript and CSS skills.
Bachelor's degree in Computer Science or equivalent practical experience.

Preferred Qualifications
Experience with GraphQL.

Benefits
Hybrid working: 3 days in office, 2 from home.
"""


def _jd(description: str, title: str, location: str | None = None):
    inputs = ExtractedJDInputs(title=title, company="Acme", location=location, description=description)
    return heuristic(inputs), inputs


def _skill(jd, name: str) -> SkillMention:
    return next(m for m in [*jd.technical_skills, *jd.soft_skills] if m.name == name)


# ------------------------------------------------------------------ sections


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("What you'll do", SectionKind.responsibilities),
        ("Your impact", SectionKind.responsibilities),
        ("In this role you will:", SectionKind.responsibilities),
        ("Key Responsibilities", SectionKind.responsibilities),
        ("Requirements", SectionKind.requirements),
        ("Qualifications:", SectionKind.requirements),
        ("WHAT WE'RE LOOKING FOR", SectionKind.requirements),
        ("Who you are", SectionKind.requirements),
        ("You have", SectionKind.requirements),
        ("Must have", SectionKind.requirements),
        ("Minimum qualifications", SectionKind.requirements),
        ("What you’ll bring", SectionKind.requirements),
        ("Preferred qualifications", SectionKind.nice_to_have),
        ("Nice to have", SectionKind.nice_to_have),
        ("Bonus points", SectionKind.nice_to_have),
        ("It would be great if", SectionKind.nice_to_have),
        ("About us", SectionKind.about_company),
        ("Who we are", SectionKind.about_company),
        ("Our mission", SectionKind.about_company),
        ("About Fabrikam", SectionKind.about_company),
        ("Benefits", SectionKind.benefits),
        ("Perks", SectionKind.benefits),
        ("What we offer", SectionKind.benefits),
        ("Salary & bonus", SectionKind.benefits),
        ("The role", SectionKind.about_role),
        ("About the team", SectionKind.about_role),
        ("How to apply", SectionKind.other),
        ("Equal Opportunity Employer", SectionKind.other),
    ],
)
def test_headings_are_classified_the_many_ways_postings_write_them(heading, kind):
    assert classify_heading(heading) is kind


def test_markdown_sections_carry_their_bullets_and_offsets():
    sections = find_sections(MARKDOWN_POSTING)

    assert [s.kind for s in sections] == [
        SectionKind.about_company,
        SectionKind.responsibilities,
        SectionKind.requirements,
        SectionKind.nice_to_have,
        SectionKind.benefits,
    ]
    requirements = sections[2]
    assert requirements.heading == "What we're looking for"
    assert requirements.items == (
        "5+ years of backend engineering experience",
        "Strong experience with PostgreSQL and Kafka",
        "Excellent communication skills",
        "BSc in Computer Science or equivalent experience",
    )
    assert MARKDOWN_POSTING[requirements.start :].startswith("## What we're looking for")
    assert MARKDOWN_POSTING[requirements.start : requirements.end].rstrip().endswith("equivalent experience")


def test_inline_heading_items_are_split_and_the_body_offset_points_after_the_colon():
    sections = find_sections(INLINE_POSTING)
    requirements = next(s for s in sections if s.kind is SectionKind.requirements)

    assert requirements.items == (
        "8+ years building distributed systems",
        "deep knowledge of Java or Kotlin",
        "experience operating PostgreSQL at scale.",
    )
    assert INLINE_POSTING[requirements.body_start :].startswith("8+ years building")
    # 'Location: Remote (EU)' is a field, not a section.
    assert all(s.heading != "Location" for s in sections)


def test_a_sentence_that_starts_like_a_heading_is_not_one():
    text = (
        "You will build APIs\n"
        "Strong communication skills\n"
        "You will lead Shipment Visibility: 4 teams and 30 engineers.\n"
        "Requirements\n"
        "- Python"
    )
    assert [(s.heading, s.kind) for s in find_sections(text)] == [("Requirements", SectionKind.requirements)]


def test_a_posting_without_headings_has_no_sections_and_its_sentences_keep_offsets():
    assert find_sections(PLAIN_POSTING) == []
    found = sentences(PLAIN_POSTING, [])
    assert found[0].text.startswith("We are looking for a Data Engineer")
    for sentence in found:
        assert PLAIN_POSTING[sentence.start : sentence.start + len(sentence.text)] == sentence.text
        assert sentence.kind is None


# ------------------------------------------------------------------ the extracted JD


def test_markdown_posting_reads_like_a_recruiter_would():
    jd, _ = _jd(MARKDOWN_POSTING, "Senior Backend Engineer (m/f/d)", "Berlin")

    assert jd.title == "Senior Backend Engineer"
    assert jd.responsibilities == [
        "Design and build high-throughput services in Go and Python",
        "Own the reliability of our payment APIs and reduce p99 latency by 30% within 6 months",
        "Migrate our legacy monolith to event-driven microservices on Kubernetes",
        "Mentor two mid-level engineers and review code",
        "Partner with product managers to shape the roadmap",
    ]
    assert "Strong experience with PostgreSQL and Kafka" in jd.qualifications
    assert jd.nice_to_haves == ["Experience with Rust", "Background in payments or banking"]
    assert "Experience with Rust" not in jd.qualifications
    assert jd.seniority_level is Seniority.senior
    assert jd.role_category is RoleCategory.senior_individual_contributor
    assert jd.role_family is RoleFamily.software_engineering
    assert jd.remote_policy is RemotePolicy.hybrid
    assert jd.years_experience_required == 5
    assert jd.education_requirements == "BSc in Computer Science or equivalent experience"
    assert jd.industry_background == "fintech"
    assert _skill(jd, "PostgreSQL").section == "requirements"
    assert _skill(jd, "Rust").section == "nice_to_have"
    assert _skill(jd, "Kubernetes").section == "responsibilities"
    assert "Own the reliability of our payment APIs and reduce p99 latency by 30% within 6 months" in (
        jd.success_metrics
    )
    assert "Migrate our legacy monolith to event-driven microservices on Kubernetes" in jd.implied_pain_points


def test_manager_posting_leans_leadership_and_keeps_the_plus_out_of_requirements():
    jd, _ = _jd(MANAGER_POSTING, "Engineering Manager, Care Platform")

    assert jd.role_category is RoleCategory.manager
    weights = jd.competency_weights
    assert weights.total() == 100
    assert weights.leadership > max(weights.delivery, weights.process, weights.architecture)
    assert jd.remote_policy is RemotePolicy.fully_remote
    assert jd.years_experience_required == 3
    assert jd.nice_to_haves == ["Healthcare experience is a plus"]
    assert "Healthcare experience is a plus" not in jd.qualifications
    assert len(jd.responsibilities) == 5
    assert jd.responsibilities[1] == "Hire 3 engineers in the next 6 months as we build out the team"
    assert "Own the team's on-call health and our 99.9% uptime SLO" in jd.success_metrics
    assert any("rebuild our scheduling service" in pain for pain in jd.implied_pain_points)
    assert jd.industry_background == "healthtech"
    assert jd.education_requirements is None
    # "WE'RE" in a heading is not the skill 'RE'.
    assert all(m.matched_text != "RE" for m in jd.technical_skills)


def test_posting_without_headings_falls_back_to_duty_and_requirement_sentences():
    jd, _ = _jd(PLAIN_POSTING, "Data Engineer", "Rotterdam, NL")

    assert jd.responsibilities == [
        "You will build and maintain batch and streaming pipelines in Python and Spark that move shipment "
        "data from 40 warehouses into our Snowflake warehouse.",
        "You will work closely with analysts to model data in dbt and keep our dashboards fresh.",
        "You will also help migrate our legacy cron jobs to Airflow.",
    ]
    assert jd.qualifications == [
        "You have 2+ years of experience with SQL and Python, and you are comfortable with Git and Docker."
    ]
    assert "Experience with Kafka is a plus." in jd.nice_to_haves
    assert jd.remote_policy is RemotePolicy.onsite
    assert jd.years_experience_required == 2
    assert jd.seniority_level is Seniority.mid
    assert jd.role_category is RoleCategory.individual_contributor
    assert jd.role_family is RoleFamily.data
    assert jd.education_requirements is not None and "degree in computer science" in jd.education_requirements
    assert all(m.section is None for m in jd.technical_skills)
    assert {"Python", "SQL", "dbt"} <= {m.name for m in jd.technical_skills}


def test_inline_headings_give_staff_role_with_remote_from_the_text():
    jd, _ = _jd(INLINE_POSTING, "Staff Software Engineer - Payments Infrastructure")

    assert jd.role_category is RoleCategory.staff_principal
    assert jd.seniority_level is Seniority.staff
    assert jd.remote_policy is RemotePolicy.fully_remote
    assert jd.years_experience_required == 8
    assert jd.qualifications == [
        "8+ years building distributed systems",
        "deep knowledge of Java or Kotlin",
        "experience operating PostgreSQL at scale.",
    ]
    assert jd.responsibilities[0] == "set the technical direction for our checkout and payments services"
    assert _skill(jd, "Kubernetes").section == "nice_to_have"
    assert _skill(jd, "Java").section == "requirements"
    assert jd.industry_background == "e-commerce"
    assert jd.competency_weights.architecture == max(
        jd.competency_weights.delivery,
        jd.competency_weights.process,
        jd.competency_weights.architecture,
        jd.competency_weights.leadership,
    )


def test_html_derived_lines_separate_preferred_from_required():
    jd, _ = _jd(HTML_POSTING, "Frontend Developer", "Amsterdam")

    assert jd.responsibilities[0] == "Build new features in React and TypeScript."
    assert len(jd.responsibilities) == 4
    assert jd.nice_to_haves == ["Experience with GraphQL."]
    assert "Experience with GraphQL." not in jd.qualifications
    assert _skill(jd, "GraphQL").section == "nice_to_have"
    assert jd.years_experience_required == 3
    assert (
        jd.education_requirements
        == "Bachelor's degree in Computer Science or equivalent practical experience."
    )
    assert jd.remote_policy is RemotePolicy.hybrid
    assert jd.industry_background == "adtech"


@pytest.mark.parametrize(
    "posting", [MARKDOWN_POSTING, MANAGER_POSTING, PLAIN_POSTING, INLINE_POSTING, HTML_POSTING]
)
def test_every_extracted_fact_is_quoted_from_or_located_in_the_posting(posting):
    jd, inputs = _jd(posting, "Software Engineer")

    for mention in [*jd.technical_skills, *jd.soft_skills]:
        assert posting[mention.start : mention.end] == mention.matched_text
    names = [m.name for m in [*jd.technical_skills, *jd.soft_skills]]
    assert len(names) == len(set(names))
    assert all(m.kind is SkillKind.knowledge for m in jd.technical_skills)
    assert all(m.kind is SkillKind.skill for m in jd.soft_skills)
    for item in [*jd.responsibilities, *jd.qualifications, *jd.nice_to_haves, *jd.implied_pain_points]:
        assert contains_quote(posting, item)
    assert 0 < len(jd.top_keywords) <= 15
    assert jd.competency_weights.total() == 100
    assert check_top_keywords(jd, inputs) == []
    assert check_competency_weights(jd) == []
    assert ground(jd, inputs) == jd


def test_only_an_item_that_is_optional_as_a_whole_counts_as_nice_to_have():
    posting = (
        "Requirements\n"
        "- Deep experience with relational databases, ideally PostgreSQL, and with message queues.\n"
        "- Experience with Docker and AWS.\n"
        "- Experience with Terraform is a big plus\n"
        "- Go preferred\n"
    )
    jd, _ = _jd(posting, "Backend Engineer")
    assert jd.qualifications == [
        "Deep experience with relational databases, ideally PostgreSQL, and with message queues.",
        "Experience with Docker and AWS.",
    ]
    assert jd.nice_to_haves == ["Experience with Terraform is a big plus", "Go preferred"]
    assert _skill(jd, "PostgreSQL").section == "requirements"
    assert _skill(jd, "Terraform").section == "nice_to_have"


@pytest.mark.parametrize(
    ("title", "category", "seniority"),
    [
        ("Engineering Manager", RoleCategory.manager, Seniority.senior),
        ("Staff Engineer", RoleCategory.staff_principal, Seniority.staff),
        ("Principal Data Scientist", RoleCategory.staff_principal, Seniority.principal),
        ("VP Engineering", RoleCategory.vp, Seniority.vp),
        ("CTO", RoleCategory.c_level, Seniority.c_level),
        ("Head of Data", RoleCategory.head_of, Seniority.director),
        ("Director of Engineering", RoleCategory.director, Seniority.director),
        ("Senior Data Engineer", RoleCategory.senior_individual_contributor, Seniority.senior),
        ("Senior Product Manager", RoleCategory.senior_individual_contributor, Seniority.senior),
        ("Junior Frontend Developer", RoleCategory.individual_contributor, Seniority.junior),
    ],
)
def test_role_category_and_seniority_come_from_the_title(title, category, seniority):
    jd, _ = _jd("We build software for hospitals.", title)
    assert (jd.role_category, jd.seniority_level) == (category, seniority)


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("Senior Data Engineer", RoleFamily.data),
        ("Site Reliability Engineer", RoleFamily.infrastructure),
        ("Security Engineer", RoleFamily.security),
        ("Product Designer", RoleFamily.design),
        ("Senior Product Manager", RoleFamily.product),
        ("Backend Developer", RoleFamily.software_engineering),
        ("Office Coordinator", RoleFamily.other),
    ],
)
def test_role_family(title, family):
    jd, _ = _jd("Join our team in Lisbon.", title)
    assert jd.role_family is family


@pytest.mark.parametrize(
    ("location", "text", "policy"),
    [
        ("Remote (EU)", "Join us.", RemotePolicy.fully_remote),
        ("Berlin (Hybrid)", "Join us.", RemotePolicy.hybrid),
        (None, "We are a remote-first company.", RemotePolicy.fully_remote),
        (None, "This role is hybrid (3 days in office).", RemotePolicy.hybrid),
        (None, "You will be in office 5 days a week.", RemotePolicy.onsite),
        (None, "This is an on-site role in Munich.", RemotePolicy.onsite),
        (None, "This is not a remote position.", RemotePolicy.onsite),
        # Four office days a week is on site: one day at home is not what accepting hybrid means.
        ("Rotterdam (on-site, 4 days a week)", "Join us.", RemotePolicy.onsite),
        ("Berlin (on-site)", "We work in our Kreuzberg office 4 days a week.", RemotePolicy.onsite),
        ("Berlin (on-site)", "We work in our Kreuzberg office 3 days a week.", RemotePolicy.hybrid),
        ("Leeds (hybrid, 4 days in office)", "Join us.", RemotePolicy.hybrid),
        ("Munich (on-site)", "Join us.", RemotePolicy.onsite),
        (None, "Collaborate with remote teams across time zones.", RemotePolicy.not_specified),
        (None, "Join our team.", RemotePolicy.not_specified),
    ],
)
def test_remote_policy(location, text, policy):
    jd, _ = _jd(text, "Software Engineer", location)
    assert jd.remote_policy is policy


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("You have 5+ years of experience with Python.", 5),
        ("At least three years of experience in a product team.", 3),
        ("3-5 years of professional experience.", 3),
        ("5+ years of backend experience, including 2+ years leading teams.", 5),
        ("Founded 10 years ago, we serve 300 customers.", None),
        ("Python experience required; 10+ years of Go experience is a plus.", None),
    ],
)
def test_years_of_experience_is_the_stated_minimum(text, years):
    jd, _ = _jd(text, "Software Engineer")
    assert jd.years_experience_required == years


def test_no_degree_no_industry_no_years_when_the_posting_does_not_say():
    jd, _ = _jd("We build tools for teams. You will write Python services.", "Software Engineer")
    assert (jd.education_requirements, jd.industry_background, jd.years_experience_required) == (
        None,
        None,
        None,
    )


# ------------------------------------------------------------------ grounding and checks


def test_ground_drops_what_the_posting_does_not_support():
    jd, inputs = _jd(MARKDOWN_POSTING, "Senior Backend Engineer", "Berlin")
    invented_skill = SkillMention(
        name="Haskell", kind=SkillKind.knowledge, matched_text="Haskell", start=10, end=17
    )
    shifted_skill = _skill(jd, "Rust").model_copy(update={"start": 0, "end": 4})
    model_output = jd.model_copy(
        update={
            "title": "Rockstar Ninja",
            "responsibilities": [*jd.responsibilities, "Run our Mars colony"],
            "technical_skills": [*jd.technical_skills, invented_skill, shifted_skill],
            "top_keywords": ["Haskell", *jd.top_keywords],
            "competency_weights": CompetencyWeights(delivery=50, process=50, architecture=50, leadership=50),
            "years_experience_required": 12,
            "education_requirements": "PhD in Physics",
            "industry_background": "gaming",
        }
    )

    grounded = ground(model_output, inputs)

    assert grounded.title == "Senior Backend Engineer"
    assert "Run our Mars colony" not in grounded.responsibilities
    assert grounded.responsibilities == jd.responsibilities
    assert "Haskell" not in [m.name for m in grounded.technical_skills]
    assert "Haskell" not in grounded.top_keywords
    assert grounded.technical_skills == jd.technical_skills
    assert grounded.competency_weights == CompetencyWeights(
        delivery=25, process=25, architecture=25, leadership=25
    )
    assert grounded.years_experience_required is None
    assert grounded.education_requirements is None
    assert grounded.industry_background is None
    assert check_top_keywords(grounded, inputs) == []


def test_ground_rescales_weights_to_exactly_100():
    jd, inputs = _jd(MARKDOWN_POSTING, "Senior Backend Engineer")
    skewed = jd.model_copy(
        update={
            "competency_weights": CompetencyWeights(delivery=33, process=33, architecture=33, leadership=0)
        }
    )
    weights = ground(skewed, inputs).competency_weights
    assert weights.total() == 100
    assert weights.leadership == 0
    assert sorted([weights.delivery, weights.process, weights.architecture]) == [33, 33, 34]


def test_checks_flag_bad_weights_and_keywords_not_in_the_posting():
    jd, inputs = _jd(MARKDOWN_POSTING, "Senior Backend Engineer")
    bad = jd.model_copy(
        update={
            "competency_weights": CompetencyWeights(delivery=30, process=30, architecture=30, leadership=30),
            "top_keywords": ["Haskell", "Kubernetes", "golang"],
        }
    )

    weight_problems = check_competency_weights(bad)
    keyword_problems = check_top_keywords(bad, inputs)

    assert (
        len(weight_problems) == 1
        and "competency_weights" in weight_problems[0]
        and "120" in weight_problems[0]
    )
    # 'golang' is not written in the posting, but it is a known alias of 'Go', which is.
    assert (
        len(keyword_problems) == 1
        and "top_keywords" in keyword_problems[0]
        and "Haskell" in keyword_problems[0]
    )


def test_a_keyword_written_only_as_an_alias_passes_the_check():
    text = "You will run our k8s clusters and Postgres databases."
    jd, inputs = _jd(text, "Platform Engineer")
    assert "Kubernetes" in jd.top_keywords
    assert check_top_keywords(jd, inputs) == []
