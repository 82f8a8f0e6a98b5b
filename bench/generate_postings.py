"""Write a deterministic inbox of realistic job postings for the benchmark.

The same ``--seed`` and ``--count`` always write byte-identical files. Postings vary in role
(engineering, data, product, design, operations, sales), seniority, company, location, salary,
length (a few bullets to long multi-section adverts) and format: one posting per ``.md``,
``.txt`` or ``.html`` file, and batches of postings per ``.json``, ``.jsonl`` and ``.csv`` file.
Every posting has its own URL, so each one becomes its own job.

    python bench/generate_postings.py --count 1000 --out /tmp/inbox-1k --seed 7
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

BATCH_SIZE = 25  # postings per .json / .jsonl / .csv file, like a job-board export
FORMATS = ("md", "txt", "html", "json", "jsonl", "csv")

COMPANY_PREFIXES = (
    "Northwind",
    "Lumen",
    "Harbour",
    "Bright",
    "Pine",
    "Orbital",
    "Tide",
    "Fern",
    "Quill",
    "Cobalt",
    "Silver",
    "Granite",
    "Maple",
    "Aurora",
    "Beacon",
    "Cedar",
    "Delta",
    "Ember",
    "Falcon",
    "Juniper",
    "Kestrel",
    "Lattice",
    "Meridian",
    "Nimbus",
    "Onyx",
    "Prairie",
    "Quartz",
    "Riverstone",
    "Summit",
    "Trellis",
    "Umber",
    "Vantage",
    "Willow",
    "Zephyr",
    "Alder",
    "Basalt",
    "Copper",
    "Driftwood",
)
COMPANY_SUFFIXES = (
    "Analytics",
    "Ledger",
    "Health",
    "Freight",
    "Studio",
    "Mobility",
    "Energy",
    "Games",
    "Labs",
    "Systems",
    "Robotics",
    "Bank",
    "Insurance",
    "Logistics",
    "Learning",
    "Foods",
    "Security",
    "Cloud",
)
DOMAINS = {
    "Analytics": "retail forecasting and reporting",
    "Ledger": "payment reconciliation for marketplaces",
    "Health": "clinical triage software for urgent-care clinics",
    "Freight": "freight booking and tracking",
    "Studio": "web and mobile products for public-sector clients",
    "Mobility": "fleet management for e-scooters and e-bikes",
    "Energy": "monitoring software for solar and battery sites",
    "Games": "casual mobile puzzle games",
    "Labs": "developer tooling for data teams",
    "Systems": "industrial IoT monitoring",
    "Robotics": "warehouse picking robots",
    "Bank": "digital banking for small businesses",
    "Insurance": "embedded insurance for online retailers",
    "Logistics": "last-mile delivery routing",
    "Learning": "online courses for professional certification",
    "Foods": "grocery delivery and meal kits",
    "Security": "cloud security posture management",
    "Cloud": "managed databases for start-ups",
}
LOCATIONS = (
    ("London, UK", "£", (55, 160)),
    ("Amsterdam, Netherlands", "€", (60, 150)),
    ("Berlin, Germany", "€", (55, 130)),
    ("Lisbon, Portugal", "€", (40, 95)),
    ("Remote (Europe)", "€", (50, 140)),
    ("New York, NY", "$", (110, 260)),
    ("Austin, TX", "$", (95, 210)),
    ("Toronto, Canada", "$", (90, 190)),
    ("Dublin, Ireland", "€", (60, 150)),
    ("Stockholm, Sweden", "€", (55, 120)),
)
WORK_MODES = ("remote", "hybrid, 2 days a week in the office", "hybrid, 3 days on-site", "on-site")
SENIORITIES = (
    ("", 2),
    ("Junior ", 1),
    ("Senior ", 5),
    ("Staff ", 8),
    ("Principal ", 10),
    ("Lead ", 7),
)


@dataclass(frozen=True)
class Role:
    title: str
    family: str
    duties: tuple[str, ...]
    requirements: tuple[str, ...]
    nice_to_have: tuple[str, ...]
    leads_people: bool = False


ROLES = (
    Role(
        "Backend Engineer",
        "engineering",
        (
            "Design and build services in {lang} and PostgreSQL that handle {volume} requests a day.",
            "Own the reliability of our APIs: SLOs, on-call, and blameless post-mortems.",
            "Break the remaining parts of the monolith into services running on Kubernetes.",
            "Review designs and pull requests, and mentor {team} engineers across two teams.",
            "Work with product managers to turn customer problems into small, shippable increments.",
            "Build event-driven integrations on Kafka with idempotent consumers.",
            "Bring p95 latency of the checkout API under {latency} ms.",
        ),
        (
            "{years}+ years of backend engineering in {lang}, Go or Java.",
            "Deep experience with PostgreSQL: indexing, query plans, migrations at scale.",
            "Production experience with Kubernetes on AWS or GCP.",
            "You write tests first and keep CI/CD fast.",
            "Clear written communication; we write RFCs before we build.",
        ),
        ("Event sourcing or CQRS in production.", "Terraform.", "Experience in {domain}."),
    ),
    Role(
        "Frontend Engineer",
        "engineering",
        (
            "Build accessible interfaces in React and TypeScript used by {users} people a month.",
            "Own our design system together with two product designers.",
            "Cut the largest bundle by half and bring Largest Contentful Paint under 2 seconds.",
            "Write end-to-end tests with Playwright for the critical journeys.",
            "Pair with backend engineers on GraphQL schemas.",
        ),
        (
            "{years}+ years building production web apps with React and TypeScript.",
            "Strong CSS and a care for accessibility (WCAG 2.1 AA).",
            "Experience with automated testing of user interfaces.",
        ),
        ("Next.js.", "Figma.", "Experience in {domain}."),
    ),
    Role(
        "Data Engineer",
        "data",
        (
            "Build streaming and batch pipelines with Kafka, Airflow and dbt into {warehouse}.",
            "Move our largest customers from nightly batches to hourly freshness.",
            "Own data quality: contracts, tests and alerting on upstream feeds.",
            "Migrate the remaining reporting jobs onto the new platform.",
            "Document the semantic layer with the analytics engineers.",
        ),
        (
            "{years}+ years building production data pipelines in Python and SQL.",
            "Hands-on experience with an orchestrator (Airflow, Dagster or Prefect) and dbt.",
            "You have run {warehouse} in production.",
            "Infrastructure as code with Terraform.",
        ),
        ("Spark.", "Data contracts or schema registries.", "Experience in {domain}."),
    ),
    Role(
        "Machine Learning Engineer",
        "data",
        (
            "Build training and evaluation pipelines in Python and PyTorch.",
            "Own model serving with p95 latency under {latency} ms.",
            "Put MLOps in place: experiment tracking, model registry, drift monitoring.",
            "Work with domain experts to turn their reviews into automated evaluations.",
        ),
        (
            "{years}+ years shipping machine learning models to production.",
            "Strong Python, PyTorch or TensorFlow, and SQL.",
            "Experience with Docker and a cloud platform (GCP, AWS or Azure).",
        ),
        ("Large language models in production.", "Experience in {domain}."),
    ),
    Role(
        "Platform Engineer",
        "engineering",
        (
            "Run and improve our Kubernetes clusters: upgrades, autoscaling and cost.",
            "Build self-service CI/CD with GitHub Actions and Argo CD.",
            "Own observability with Prometheus, Grafana and OpenTelemetry.",
            "Codify everything in Terraform and retire hand-made resources.",
            "Bring MTTR down from {hours} hours to under 1.",
        ),
        (
            "{years}+ years in platform, SRE or DevOps roles.",
            "Production experience with Kubernetes and AWS, GCP or Azure.",
            "Terraform and a scripting language (Go or Python).",
        ),
        ("Service meshes.", "Experience in {domain}."),
    ),
    Role(
        "Engineering Manager",
        "engineering",
        (
            "Lead a team of {team} engineers building our {product} product.",
            "Hire and grow engineers; run one-to-ones, career plans and fair reviews.",
            "Make delivery predictable: quarterly planning, clear trade-offs, fewer surprises.",
            "Partner with product and design on the roadmap.",
            "Improve our DORA metrics and incident reviews.",
        ),
        (
            "{years}+ years in software engineering, 2+ years managing engineers.",
            "A track record of hiring and developing people.",
            "Hands-on background in backend or full-stack development.",
            "You introduce only the process the team needs.",
        ),
        ("Experience scaling a team through fast growth.", "Experience in {domain}."),
        leads_people=True,
    ),
    Role(
        "Product Manager",
        "product",
        (
            "Own the {product} roadmap from discovery to launch.",
            "Talk to customers every week and turn what you learn into clear problem statements.",
            "Define success metrics and report on them monthly.",
            "Work with engineering and design to ship small increments every two weeks.",
        ),
        (
            "{years}+ years of product management for B2B software.",
            "Comfortable with SQL and analytics tools such as Amplitude or Looker.",
            "Excellent written communication.",
        ),
        ("Experience in {domain}.", "A technical background."),
    ),
    Role(
        "Product Designer",
        "design",
        (
            "Design end-to-end flows for the {product} product, from research to polished UI.",
            "Run usability tests with customers every sprint.",
            "Grow our design system in Figma with the frontend team.",
        ),
        (
            "{years}+ years of product design with a portfolio of shipped work.",
            "Expert in Figma and prototyping.",
            "Experience with user research.",
        ),
        ("Accessibility expertise.", "Experience in {domain}."),
    ),
    Role(
        "Account Executive",
        "sales",
        (
            "Own the full sales cycle for mid-market customers in {region}.",
            "Build pipeline with the SDR team and close new business of {deal} ARR a year.",
            "Keep Salesforce accurate and forecasts honest.",
        ),
        (
            "{years}+ years of B2B SaaS sales with a record of hitting quota.",
            "Experience with MEDDICC or a similar qualification method.",
        ),
        ("Experience selling into {domain}.",),
    ),
    Role(
        "Director of Engineering",
        "engineering",
        (
            "Lead {groups} teams and {team} engineers building our {product} platform.",
            "Hire and grow engineering managers.",
            "Own engineering budget, vendor choices and build-versus-buy decisions.",
            "Modernise the architecture without freezing feature work.",
            "Report to the CTO and partner with a Director of Product.",
        ),
        (
            "{years}+ years in software engineering, 4+ years managing managers.",
            "You have led an organisation of 25+ engineers through fast growth.",
            "Experience with event-driven architectures.",
        ),
        ("Experience in {domain}.",),
        leads_people=True,
    ),
)
PRODUCTS = ("Insights", "Checkout", "Payments", "Scheduling", "Tracking", "Onboarding", "Billing", "Search")
LANGS = ("Python", "Go", "Java", "Kotlin", "TypeScript", "Ruby")
WAREHOUSES = ("BigQuery", "Snowflake", "Redshift", "ClickHouse")
REGIONS = ("the UK and Ireland", "DACH", "the Nordics", "North America", "Benelux")
FUNDING = ("Series A", "Series B", "Series C", "seed round")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")
BENEFITS = (
    "Private health insurance",
    "28 days holiday plus bank holidays",
    "A yearly learning budget",
    "Share options",
    "Four-day weeks in August",
    "Parental leave of 20 weeks",
    "Home office budget",
)


@dataclass(frozen=True)
class Posting:
    title: str
    company: str
    location: str
    url: str
    posted_at: str
    salary: str
    requisition_id: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    intro: str

    def plain_description(self) -> str:
        parts = [self.intro]
        for heading, bullets in self.sections:
            parts.append(heading + "\n" + "\n".join(f"- {b}" for b in bullets))
        return "\n\n".join(parts)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def make_posting(rng: random.Random, index: int) -> Posting:
    """One posting; everything it says is drawn from ``rng``, so the seed fixes it completely."""
    suffix = rng.choice(COMPANY_SUFFIXES)
    company = f"{rng.choice(COMPANY_PREFIXES)} {suffix}"
    domain = DOMAINS[suffix]
    role = rng.choice(ROLES)
    seniority, base_years = rng.choice(SENIORITIES)
    if role.leads_people or role.family in ("sales",):
        seniority = "Senior " if seniority in ("Junior ", "Staff ", "Principal ") else seniority
    title = f"{seniority}{role.title}".strip()
    city, currency, (low, high) = rng.choice(LOCATIONS)
    mode = rng.choice(WORK_MODES)
    location = city if city.startswith("Remote") else f"{city} ({mode})"
    salary_low = rng.randrange(low, high, 5)
    salary = f"{currency}{salary_low},000 - {currency}{salary_low + rng.choice((10, 15, 20, 25))},000"
    values = {
        "lang": rng.choice(LANGS),
        "volume": f"{rng.choice((2, 5, 12, 40, 90))} million",
        "team": rng.choice((4, 6, 8, 12, 18, 30)),
        "latency": rng.choice((80, 150, 200, 300)),
        "users": f"{rng.choice((40, 250, 900))},000",
        "warehouse": rng.choice(WAREHOUSES),
        "years": max(1, base_years + rng.choice((-1, 0, 1))),
        "domain": domain,
        "product": rng.choice(PRODUCTS),
        "hours": rng.choice((2, 3, 4)),
        "region": rng.choice(REGIONS),
        "deal": rng.choice(("£600k", "€800k", "$1.2M")),
        "groups": rng.choice((3, 4, 5)),
    }
    size = rng.choice(("short", "medium", "medium", "long"))
    counts = {"short": (2, 2, 1), "medium": (4, 3, 1), "long": (7, 5, 3)}[size]

    def pick(options: tuple[str, ...], count: int) -> tuple[str, ...]:
        return tuple(line.format(**values) for line in rng.sample(options, min(count, len(options))))

    people = rng.choice((18, 35, 60, 140, 400, 1200))
    funding_month = rng.choice(MONTHS)
    intro = (
        f"{company} builds {domain}. We are {people} people"
        + (
            f", and in {funding_month} 2025 we closed our {rng.choice(FUNDING)}."
            if rng.random() < 0.6
            else "."
        )
        + f" This {title} role joins a team that is growing because demand for {values['product']} "
        "doubled this year."
    )
    sections = [
        ("Responsibilities", pick(role.duties, counts[0])),
        ("Requirements", pick(role.requirements, counts[1])),
        ("Nice to have", pick(role.nice_to_have, counts[2])),
    ]
    if size != "short":
        sections.append(("Benefits", tuple(rng.sample(BENEFITS, 3))))
    if size == "long":
        sections.append(
            (
                "How we work",
                (
                    "We write things down and decide in RFCs.",
                    f"We deploy about {rng.choice((10, 30, 60))} times a day behind feature flags.",
                    "Interviews take two weeks: a call, a work sample, and a conversation with the team.",
                ),
            )
        )
    company_slug = _slug(company)
    requisition_id = f"{company_slug[:3].upper()}-{index:05d}"
    return Posting(
        title=title,
        company=company,
        location=location,
        url=f"https://careers.{company_slug}.example/jobs/{_slug(title)}-{index:05d}",
        posted_at=f"2025-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
        salary=salary,
        requisition_id=requisition_id,
        sections=tuple(sections),
        intro=intro,
    )


def render_markdown(posting: Posting) -> str:
    lines = [
        "---",
        f"title: {posting.title}",
        f"company: {posting.company}",
        f"location: {posting.location}",
        f"url: {posting.url}",
        f"posted_at: {posting.posted_at}",
        f"salary: {posting.salary}",
        f"requisition_id: {posting.requisition_id}",
        "---",
        "",
        f"# {posting.title} — {posting.company}",
        "",
        posting.intro,
    ]
    for heading, bullets in posting.sections:
        lines += ["", f"## {heading}", "", *(f"- {b}" for b in bullets)]
    return "\n".join(lines) + "\n"


def render_text(posting: Posting) -> str:
    lines = [
        f"{posting.title} at {posting.company}",
        f"Location: {posting.location}",
        f"Salary: {posting.salary}",
        f"Link: {posting.url}",
        f"Reference: {posting.requisition_id}",
        "",
        posting.intro,
    ]
    for heading, bullets in posting.sections:
        lines += ["", heading.upper(), *(f"- {b}" for b in bullets)]
    return "\n".join(lines) + "\n"


def render_html(posting: Posting) -> str:
    escape = html.escape
    body = [f"<h1>{escape(posting.title)}</h1>", f'<div class="location">{escape(posting.location)}</div>']
    body.append(f"<p>{escape(posting.intro)}</p>")
    for heading, bullets in posting.sections:
        body.append(f"<h2>{escape(heading)}</h2>")
        body.append("<ul>" + "".join(f"<li>{escape(b)}</li>" for b in bullets) + "</ul>")
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(posting.title)} | {escape(posting.company)}</title>\n"
        f'<meta property="og:site_name" content="{escape(posting.company)}">\n'
        f'<meta property="og:url" content="{escape(posting.url)}">\n'
        '</head>\n<body>\n<div class="posting">\n' + "\n".join(body) + "\n</div>\n</body>\n</html>\n"
    )


def board_record(posting: Posting) -> dict[str, object]:
    return {
        "title": posting.title,
        "company_name": posting.company,
        "location": posting.location,
        "absolute_url": posting.url,
        "date_posted": posting.posted_at,
        "salary": posting.salary,
        "requisition_id": posting.requisition_id,
        "description": posting.plain_description(),
    }


def render_csv(postings: list[Posting]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["Job Title", "Company", "Location", "Job URL", "Date Posted", "Salary", "Req ID", "Job Description"]
    )
    for p in postings:
        writer.writerow(
            [
                p.title,
                p.company,
                p.location,
                p.url,
                p.posted_at,
                p.salary,
                p.requisition_id,
                p.plain_description(),
            ]
        )
    return buffer.getvalue()


def generate(count: int, out: Path, seed: int) -> list[Path]:
    """Write ``count`` postings into ``out`` (emptied first); returns the files written, sorted."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    postings = [make_posting(rng, index) for index in range(count)]
    batches: dict[str, list[Posting]] = {"json": [], "jsonl": [], "csv": []}
    written: list[Path] = []

    def flush(fmt: str) -> None:
        batch = batches[fmt]
        if not batch:
            return
        path = out / f"board-export-{len(written):05d}.{fmt}"
        if fmt == "json":
            text = json.dumps([board_record(p) for p in batch], indent=1, ensure_ascii=False) + "\n"
        elif fmt == "jsonl":
            text = "".join(json.dumps(board_record(p), ensure_ascii=False) + "\n" for p in batch)
        else:
            text = render_csv(batch)
        path.write_text(text, encoding="utf-8")
        written.append(path)
        batch.clear()

    renderers = {"md": render_markdown, "txt": render_text, "html": render_html}
    for index, posting in enumerate(postings):
        fmt = FORMATS[rng.randrange(len(FORMATS))]
        if fmt in renderers:
            path = out / f"{index:05d}-{_slug(posting.company)}-{_slug(posting.title)}.{fmt}"
            path.write_text(renderers[fmt](posting), encoding="utf-8")
            written.append(path)
        else:
            batches[fmt].append(posting)
            if len(batches[fmt]) == BATCH_SIZE:
                flush(fmt)
    for fmt in batches:
        flush(fmt)
    return sorted(written)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True, help="folder to write (emptied first)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files = generate(args.count, args.out, args.seed)
    print(f"Wrote {args.count} postings in {len(files)} files to {args.out}")


if __name__ == "__main__":
    main()
