"""Inbox files of every supported format become postings; bad files become rejections with reasons."""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jobintel_assets.ingestion.parsers import (
    MAX_DESCRIPTION_CHARS,
    PostingDraft,
    job_id_for,
    parse_inbox,
    parse_path,
)

NOW = datetime(2025, 11, 20, 9, 30, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples" / "inbox"
BAD_INBOX = Path(__file__).parent / "fixtures" / "bad_inbox"

PLATFORM_POSTING = """About the role
Tidewater Energy runs software for 3,200 solar sites. Our fleet doubled in 2025.

What you'll do
- Run our GKE clusters on GCP and keep costs in check.
- Build self-service CI/CD with GitHub Actions and Argo CD.

Must have
- 4+ years in platform or SRE roles.
- Production experience with k8s and Terraform."""

PLATFORM_POSTING_HTML = (
    "<h2>About the role</h2>"
    "<p>Tidewater Energy runs software for 3,200 solar sites. Our fleet doubled in 2025.</p>"
    "<h2>What you&#39;ll do</h2><ul><li>Run our GKE clusters on GCP and keep costs in check.</li>"
    "<li>Build self-service CI/CD with <b>GitHub Actions</b> and Argo CD.</li></ul>"
    "<h2>Must have</h2><ul><li>4+ years in platform or SRE roles.</li>"
    "<li>Production experience with k8s and Terraform.</li></ul>"
)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only_posting(path: Path, root: Path) -> PostingDraft:
    result = parse_path(path, root, NOW)
    assert result.rejections == []
    assert len(result.postings) == 1
    return result.postings[0]


# ------------------------------------------------------------------- formats


def test_json_list_keeps_each_posting_and_strips_html_descriptions(tmp_path: Path) -> None:
    jobs = [
        {
            "title": "Platform Engineer (SRE)",
            "company_name": "Tidewater Energy",
            "location": {"name": "Valencia, Spain (hybrid)"},
            "absolute_url": "https://boards.tidewater.example/jobs/4471203",
            "first_published": "2025-11-05T09:12:44Z",
            "content": PLATFORM_POSTING_HTML,
        },
        {
            "job_title": "VP of Engineering",
            "employer": "Quillstack",
            "job_description": "Lead 60 engineers through our Series B growth.\nRemote in US time zones.",
            "compensation": "$260,000 - $300,000",
            "date_posted": "2025-10-27",
        },
    ]
    path = write(tmp_path, "export.json", json.dumps(jobs))

    result = parse_path(path, tmp_path, NOW)

    assert result.rejections == []
    platform, vp = result.postings
    assert (platform.title, platform.company, platform.location) == (
        "Platform Engineer (SRE)",
        "Tidewater Energy",
        "Valencia, Spain (hybrid)",
    )
    assert platform.source == "inbox:export.json#item=1"
    assert platform.url == "https://boards.tidewater.example/jobs/4471203"
    assert platform.posted_at == "2025-11-05"
    assert "<" not in platform.description and "What you'll do" in platform.description
    assert (vp.title, vp.company, vp.salary, vp.posted_at) == (
        "VP of Engineering",
        "Quillstack",
        "$260,000 - $300,000",
        "2025-10-27",
    )
    assert vp.source == "inbox:export.json#item=2"


def test_json_object_and_jobs_wrapper(tmp_path: Path) -> None:
    single = write(
        tmp_path,
        "one.json",
        json.dumps(
            {"title": "Analytics Engineer", "company": "Meridian Retail", "description": "Build dbt models."}
        ),
    )
    wrapped = write(
        tmp_path,
        "board.json",
        json.dumps(
            {"jobs": [{"title": "Data Engineer", "company": "Meridian Retail", "content": "Own Airflow."}]}
        ),
    )

    assert only_posting(single, tmp_path).source == "inbox:one.json"
    assert only_posting(wrapped, tmp_path).title == "Data Engineer"


def test_escaped_html_in_json_description_becomes_text(tmp_path: Path) -> None:
    escaped = PLATFORM_POSTING_HTML.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    path = write(
        tmp_path, "gh.json", json.dumps({"title": "SRE", "company": "Tidewater Energy", "content": escaped})
    )

    lines = only_posting(path, tmp_path).description.split("\n")
    assert [line for line in lines if line] == [line for line in PLATFORM_POSTING.split("\n") if line]


def test_jsonl_bad_line_does_not_block_good_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"job_title": "Senior Android Engineer", "company": "Ferngrove Games", "description": "Kotlin."}
        ),
        '{"job_title": "Broken", "company": ',
        "",
        json.dumps(
            {"job_title": "Analytics Engineer", "company": "Meridian Retail", "description": "dbt and SQL."}
        ),
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")

    result = parse_path(path, tmp_path, NOW)

    assert [(p.source, p.company) for p in result.postings] == [
        ("inbox:feed.jsonl#line=1", "Ferngrove Games"),
        ("inbox:feed.jsonl#line=4", "Meridian Retail"),
    ]
    [rejection] = result.rejections
    assert rejection.source == "inbox:feed.jsonl#line=2"
    assert "feed.jsonl line 2" in rejection.reason and "broken JSON" in rejection.reason


def test_csv_with_synonym_headers_and_multiline_descriptions(tmp_path: Path) -> None:
    path = tmp_path / "saved.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            ["Job Title", "Employer", "City", "Job URL", "Date Posted", "Req ID", "Job Description"]
        )
        writer.writerow(
            [
                "Junior Backend Engineer",
                "Harbourline Freight",
                "Rotterdam",
                "",
                "22 October 2025",
                "HF-2025-022",
                "What you'll do\n- Build REST APIs in Java\n- Write tests",
            ]
        )
        writer.writerow(
            ["Engineering Manager", "Lumen Ledger", "Remote (EU)", "not listed", "", "", "Lead 6 engineers."]
        )

    result = parse_path(path, tmp_path, NOW)

    assert result.rejections == []
    junior, manager = result.postings
    assert junior.source == "inbox:saved.csv#row=2"
    assert (junior.title, junior.company, junior.location) == (
        "Junior Backend Engineer",
        "Harbourline Freight",
        "Rotterdam",
    )
    assert junior.description == "What you'll do\n- Build REST APIs in Java\n- Write tests"
    assert (junior.posted_at, junior.requisition_id, junior.url) == ("2025-10-22", "HF-2025-022", None)
    assert manager.source == "inbox:saved.csv#row=3"
    assert manager.url is None  # "not listed" is not a URL


def test_csv_without_description_column_is_rejected_as_a_whole(tmp_path: Path) -> None:
    path = write(tmp_path, "titles.csv", "title,company\nData Engineer,Northwind Analytics\n")

    result = parse_path(path, tmp_path, NOW)

    assert result.postings == []
    [rejection] = result.rejections
    assert rejection.field == "description"
    assert "titles.csv" in rejection.reason and "no description column" in rejection.reason


def test_markdown_front_matter_gives_fields_and_markdown_becomes_plain_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "postings/northwind.md",
        "---\ntitle: Senior Data Engineer\ncompany: Northwind Analytics\nlocation: London (hybrid)\n"
        "posted_at: 2025-10-14\nsalary: £85,000 – £100,000\n---\n\n"
        "# Senior Data Engineer — Northwind Analytics\n\n"
        "## What you'll do\n\n* Build **streaming** pipelines with Kafka and `dbt`\n"
        "* Read our [engineering blog](https://northwind.example/blog)\n",
    )

    posting = only_posting(path, tmp_path)

    assert posting.source == "inbox:postings/northwind.md"
    assert (posting.title, posting.company, posting.location) == (
        "Senior Data Engineer",
        "Northwind Analytics",
        "London (hybrid)",
    )
    assert (posting.posted_at, posting.salary) == ("2025-10-14", "£85,000 – £100,000")
    assert posting.description == (
        "What you'll do\n\n- Build streaming pipelines with Kafka and dbt\n"
        "- Read our engineering blog (https://northwind.example/blog)"
    )


def test_markdown_heading_gives_title_and_company_and_key_lines_the_rest(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lumen.md",
        "# Staff Backend Engineer — Lumen Ledger\n\nLocation: Remote (EU)\nSalary: €120,000 – €140,000\n"
        "URL: https://jobs.lumenledger.example/staff\n\n"
        "Following our acquisition of Settle.io we are merging two ledgers that process €4B a\n"
        "year into one platform.\n\n### Responsibilities\n\n- Lead the design of the ledger service in Go\n",
    )

    posting = only_posting(path, tmp_path)

    assert (posting.title, posting.company) == ("Staff Backend Engineer", "Lumen Ledger")
    assert (posting.location, posting.salary, posting.url) == (
        "Remote (EU)",
        "€120,000 – €140,000",
        "https://jobs.lumenledger.example/staff",
    )
    # The hard-wrapped paragraph is one line again; the heading stays on its own line.
    assert posting.description.split("\n") == [
        "Following our acquisition of Settle.io we are merging two ledgers that process €4B a year "
        "into one platform.",
        "",
        "Responsibilities",
        "",
        "- Lead the design of the ledger service in Go",
    ]


def test_first_section_heading_is_not_mistaken_for_the_title(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "acme.md",
        "---\ntitle: Data Engineer\ncompany: Meridian Retail\n---\n# About us\nWe run 220 stores.\n",
    )

    posting = only_posting(path, tmp_path)

    assert (posting.title, posting.company) == ("Data Engineer", "Meridian Retail")
    assert posting.description == "About us\n\nWe run 220 stores."


@pytest.mark.parametrize(
    ("first_lines", "title", "company"),
    [
        (
            "Title: Senior iOS Engineer\nCompany: Pinecrest Mobility\nLocation: Manchester",
            "Senior iOS Engineer",
            "Pinecrest Mobility",
        ),
        ("Frontend Engineer at Orbital Studio\nLocation: Manchester", "Frontend Engineer", "Orbital Studio"),
        (
            "Senior iOS Engineer | Pinecrest Mobility\nLocation: Manchester",
            "Senior iOS Engineer",
            "Pinecrest Mobility",
        ),
    ],
)
def test_text_file_metadata_lines(tmp_path: Path, first_lines: str, title: str, company: str) -> None:
    body = "About us\nWe make the app that finds EV chargers.\n\nRequirements\n• 5+ years of Swift"
    path = write(tmp_path, "posting.txt", f"{first_lines}\n\n{body}\n")

    posting = only_posting(path, tmp_path)

    assert (posting.title, posting.company, posting.location) == (title, company, "Manchester")
    assert (
        posting.description
        == "About us\nWe make the app that finds EV chargers.\n\nRequirements\n- 5+ years of Swift"
    )


def test_text_with_a_title_but_no_company_says_company_is_unknown(tmp_path: Path) -> None:
    path = write(tmp_path, "note.txt", "Title: Data Engineer\n\nBuild pipelines in Airflow.\n")

    posting = only_posting(path, tmp_path)

    assert (posting.title, posting.company) == ("Data Engineer", "unknown")


def test_html_json_ld_job_posting_gives_the_fields(tmp_path: Path) -> None:
    job_posting = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": "Engineering Manager, Data Platform",
        "datePosted": "2025-10-20",
        "identifier": {"@type": "PropertyValue", "name": "Northwind Analytics", "value": "NW-1042"},
        "hiringOrganization": {"@type": "Organization", "name": "Northwind Analytics"},
        "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": {"@type": "Country", "name": "United Kingdom"},
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "GBP",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": 110000,
                "maxValue": 130000,
                "unitText": "YEAR",
            },
        },
        "url": "https://careers.northwind.example/jobs/em-data-platform",
        "description": (
            "<p>Lead a team of 7.</p><h3>What you&#8217;ll do</h3><ul><li>Own the ingestion rebuild</li></ul>"
        ),
    }
    page = (
        "<html><head><title>Careers</title>"
        f'<script type="application/ld+json">{json.dumps(job_posting)}</script></head>'
        "<body><nav>Home | Jobs</nav><h1>Engineering Manager, Data Platform</h1>"
        "<p>Lead a team of 7.</p></body></html>"
    )
    path = write(tmp_path, "em.html", page)

    posting = only_posting(path, tmp_path)

    assert (posting.title, posting.company) == ("Engineering Manager, Data Platform", "Northwind Analytics")
    assert posting.location == "Remote (United Kingdom)"
    assert (posting.posted_at, posting.requisition_id) == ("2025-10-20", "NW-1042")
    assert posting.salary == "GBP 110,000–130,000 per year"
    assert posting.url == "https://careers.northwind.example/jobs/em-data-platform"
    assert posting.description == "Lead a team of 7.\n\nWhat you’ll do\n\n- Own the ingestion rebuild"


def test_html_page_sections_survive_as_lines_and_chrome_is_dropped(tmp_path: Path) -> None:
    page = """<!DOCTYPE html>
<html><head>
<title>Machine Learning Engineer | Brightpath Health</title>
<meta property="og:site_name" content="Brightpath Health">
<link rel="canonical" href="https://brightpath.example/careers/ml-engineer">
<style>.x { color: red }</style>
<script>trackPageView("job");</script>
</head><body>
<nav><a href="/">Home</a><a href="/jobs">Jobs</a></nav>
<h1>Machine Learning Engineer</h1>
<h2>Who we are</h2>
<p>We build clinical triage software &amp; launched
   Triage Assist in August 2025.<br>Boston, MA.</p>
<!-- an editor's comment that must not leak -->
<h2>Responsibilities</h2>
<ul>
  <li>Own model serving on <strong>GCP</strong> (Vertex AI)</li>
  <li><p>Put MLOps basics in place</p></li>
</ul>
<footer>&copy; Brightpath Health</footer>
</body></html>"""
    path = write(tmp_path, "ml.html", page)

    posting = only_posting(path, tmp_path)

    assert (posting.title, posting.company) == ("Machine Learning Engineer", "Brightpath Health")
    assert posting.url == "https://brightpath.example/careers/ml-engineer"
    assert posting.description.split("\n") == [
        "Who we are",
        "",
        "We build clinical triage software & launched Triage Assist in August 2025.",
        "Boston, MA.",
        "",
        "Responsibilities",
        "",
        "- Own model serving on GCP (Vertex AI)",
        "- Put MLOps basics in place",
    ]


def test_windows_and_utf16_encodings_are_read(tmp_path: Path) -> None:
    text = (
        "Title: Analyste de données\nCompany: Société Générale des Données\n\nVous créerez des modèles dbt.\n"
    )
    cp1252 = write(tmp_path, "cp1252.txt", text.encode("cp1252"))
    utf16 = write(tmp_path, "utf16.txt", text.encode("utf-16"))

    for path in (cp1252, utf16):
        posting = only_posting(path, tmp_path)
        assert (posting.title, posting.description) == (
            "Analyste de données",
            "Vous créerez des modèles dbt.",
        )


# -------------------------------------------------------------------- job ids


def test_job_ids_are_readable_short_and_stable_across_runs() -> None:
    first = [p.job_id for p in parse_inbox(SAMPLES, NOW).postings]
    second = [p.job_id for p in parse_inbox(SAMPLES, datetime(2026, 1, 1, tzinfo=UTC)).postings]

    assert first == second
    assert len(set(first)) == len(first)
    for job_id in first:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*-[0-9a-f]{8}", job_id) and len(job_id) <= 80
    assert any(job_id.startswith("northwind-analytics-senior-data-engineer-") for job_id in first)


def test_same_posting_in_two_formats_gets_one_id_only_when_its_content_is_equal(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.json",
        json.dumps(
            {
                "title": "Platform Engineer (SRE)",
                "company": "Tidewater Energy",
                "content": PLATFORM_POSTING_HTML,
            }
        ),
    )
    write(tmp_path, "b.md", f"# Platform Engineer (SRE) — Tidewater Energy\n\n{PLATFORM_POSTING}\n")
    write(
        tmp_path,
        "c.txt",
        f"Title: Platform Engineer (SRE)\nCompany: Tidewater Energy\n\n{PLATFORM_POSTING}\n- Bonus: Istio.\n",
    )
    by_source = {p.source: p.job_id for p in parse_inbox(tmp_path, NOW).postings}

    assert by_source["inbox:a.json"] == by_source["inbox:b.md"]
    assert by_source["inbox:c.txt"] != by_source["inbox:a.json"]


def test_url_identifies_the_posting_and_requisition_ids_keep_twins_apart() -> None:
    url = "https://jobs.lumenledger.example/em-payments"
    base = PostingDraft(
        source="inbox:x.md", title="Engineering Manager", company="Lumen Ledger", description="v1", url=url
    )
    edited = PostingDraft(
        source="inbox:y.csv#row=2",
        title="Engineering Manager",
        company="Lumen Ledger",
        description="v2, with a typo fixed",
        url=url + "/?utm_source=newsletter",
    )
    twin = PostingDraft(
        source="inbox:z.md",
        title="Engineering Manager",
        company="Lumen Ledger",
        description="v1",
        url=url,
        requisition_id="LL-207",
    )

    assert job_id_for(base) == job_id_for(edited)
    assert job_id_for(twin) != job_id_for(base)


def test_long_company_and_title_still_give_an_id_of_at_most_80_characters() -> None:
    draft = PostingDraft(
        source="inbox:x.md",
        title="Principal Software Engineer, Distributed Systems and Developer Productivity Infrastructure",
        company="The Extremely Long Named International Holding Company of Northern Europe GmbH & Co. KG",
        description="Text.",
    )

    assert len(job_id_for(draft)) <= 80
    assert re.fullmatch(r"[a-z0-9-]+", job_id_for(draft))


def test_draft_becomes_a_valid_job_posting() -> None:
    draft = PostingDraft(
        source="inbox:x.md", title="Data Engineer", company="Meridian Retail", description="dbt."
    )

    posting = draft.to_posting(NOW)

    assert posting.job_id == job_id_for(draft)
    assert posting.ingested_at == NOW
    assert posting.content_sha256 != PostingDraft(**{**vars(draft), "description": "dbt!"}).content_sha256()


# ----------------------------------------------------------------- bad inbox


def test_bad_inbox_gives_one_rejection_per_bad_input_and_keeps_the_good_postings() -> None:
    result = parse_inbox(BAD_INBOX, NOW)

    assert sorted(p.source for p in result.postings) == [
        "inbox:good-posting.md",
        "inbox:mixed-rows.csv#row=2",
    ]
    good = next(p for p in result.postings if p.source == "inbox:good-posting.md")
    assert (good.title, good.company) == ("Senior Backend Engineer", "Glasshouse Labs")

    expected = {
        "inbox:empty.md": ("description", "is empty (0 bytes)"),
        "inbox:whitespace-only.txt": ("description", "only whitespace"),
        "inbox:scanned-posting.txt": (None, "NUL bytes"),
        "inbox:undecodable.txt": (None, "neither UTF-8"),
        "inbox:broken.json": (None, "broken JSON at line 6 column 3"),
        "inbox:mixed-rows.csv#row=3": ("description", "mixed-rows.csv row 3: the description is empty"),
        "inbox:no-text.html": ("description", "no visible text"),
        "inbox:no-title-or-company.txt": ("title,company", "neither a title nor a company"),
        "inbox:posting.pdf": (None, "unsupported file type '.pdf'"),
    }
    assert sorted(r.source for r in result.rejections) == sorted(expected)
    for rejection in result.rejections:
        field, phrase = expected[rejection.source]
        file_name = rejection.source.removeprefix("inbox:").split("#")[0]
        assert rejection.field == field
        assert phrase in rejection.reason and file_name in rejection.reason
        assert rejection.rejected_at == NOW


def test_oversized_description_is_rejected_next_to_a_good_row(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "company", "description"])
        writer.writerow(
            ["Data Engineer", "Northwind Analytics", "Pipelines. " * (MAX_DESCRIPTION_CHARS // 10)]
        )
        writer.writerow(["Analytics Engineer", "Meridian Retail", "Build dbt models in Snowflake."])

    result = parse_path(path, tmp_path, NOW)

    assert [p.title for p in result.postings] == ["Analytics Engineer"]
    [rejection] = result.rejections
    assert rejection.source == "inbox:big.csv#row=2"
    assert rejection.field == "description"
    assert "over the 200,000 cap" in rejection.reason


def test_hidden_files_are_skipped(tmp_path: Path) -> None:
    shutil.copy(BAD_INBOX / "good-posting.md", tmp_path / "good-posting.md")
    write(tmp_path, ".DS_Store", b"\x00\x00\x00\x01Bud1")
    write(tmp_path, ".drafts/unfinished.md", "")

    result = parse_inbox(tmp_path, NOW)

    assert [p.source for p in result.postings] == ["inbox:good-posting.md"]
    assert result.rejections == []


# ------------------------------------------------------------------- samples


def test_bundled_samples_all_parse() -> None:
    result = parse_inbox(SAMPLES, NOW)

    assert result.rejections == []
    assert len(result.postings) >= 12
    companies = [p.company for p in result.postings]
    assert companies.count("Northwind Analytics") >= 3
    assert "Talentbridge Partners" in companies
    formats = {p.source.split("#")[0].rsplit(".", 1)[-1] for p in result.postings}
    assert formats == {"md", "txt", "html", "json", "jsonl", "csv"}
    for posting in result.postings:
        assert posting.title != "unknown" and posting.company != "unknown", posting.source
        assert "<" not in posting.description and "&amp;" not in posting.description, posting.source
        assert len(posting.description) > 500, posting.source


# ------------------------------------------------------------- location and pay


def test_markdown_title_keeps_the_location_out_of_the_company_name(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "northwind.md",
        "# Staff Data Engineer — Northwind Analytics (Remote, US)\n\nBuild the data platform in dbt.\n",
    )

    posting = only_posting(path, tmp_path)

    assert (posting.title, posting.company, posting.location) == (
        "Staff Data Engineer",
        "Northwind Analytics",
        "Remote, US",
    )


def test_csv_company_cell_with_the_employer_rating_on_a_second_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "glassdoor.csv",
        "Job Title,Company Name,Salary Estimate,Job Description\n"
        'Data Engineer,"Acme\n3.8","$120K-$150K (Glassdoor est.)",Build pipelines in Airflow.\n',
    )

    posting = only_posting(path, tmp_path)

    assert posting.company == "Acme"
    assert posting.job_id.startswith("acme-data-engineer-")
    assert posting.salary == "$120K-$150K (Glassdoor est.)"


PAY_COLUMNS = ["Salary Estimate", "Pay", "Compensation", "Pay Range", "Estimated Salary"]


@pytest.mark.parametrize("column", PAY_COLUMNS)
def test_csv_pay_columns_are_read_as_the_salary(tmp_path: Path, column: str) -> None:
    path = write(
        tmp_path, "jobs.csv", f"Title,Company,{column},Description\nSRE,Tidewater,£70k - £80k,Run GKE.\n"
    )

    assert only_posting(path, tmp_path).salary == "£70k - £80k"


def test_location_and_salary_stated_only_in_the_body_are_found() -> None:
    posting = only_posting(SAMPLES / "brightpath-health-machine-learning-engineer.html", SAMPLES)

    assert posting.location is not None and posting.location.startswith("Boston, MA — Hybrid")
    assert posting.salary == "$150,000–$180,000"


def test_a_malformed_declaration_in_html_is_read_as_text_not_a_crash(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "odd.json",
        json.dumps({"title": "SRE", "company": "Acme", "content": "<p>Run GKE</p> <![ oops"}),
    )

    assert "Run GKE" in only_posting(path, tmp_path).description


def test_the_closing_date_a_posting_gives_is_kept(tmp_path: Path) -> None:
    page = write(
        tmp_path,
        "acme.html",
        '<script type="application/ld+json">{"@type": "JobPosting", "title": "Data Engineer", '
        '"hiringOrganization": "Acme", "description": "Build pipelines.", "validThrough": "2027-01-31T23:59"}'
        "</script>",
    )
    text = write(tmp_path, "globex.md", "# Analyst at Globex\nClosing date: 12 December 2026\n\nCount.\n")
    undated = write(tmp_path, "initech.md", "# Analyst at Initech\n\nCount things.\n")

    assert only_posting(page, tmp_path).closes_at == "2027-01-31"
    assert only_posting(text, tmp_path).closes_at == "2026-12-12"
    assert only_posting(undated, tmp_path).closes_at is None
