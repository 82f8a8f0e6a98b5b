"""A local stand-in for the Greenhouse, Lever and Ashby board APIs, on 127.0.0.1 only.

Responses have the shape of the real public endpoints (fields trimmed to those that vary).
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from jobintel_assets.ingestion.boards import BoardAPIs

PLATFORM_HTML = (
    "<h2>About the role</h2>"
    "<p>Tidewater Energy runs software for 3,200 solar sites across Spain and Portugal. Our fleet "
    "doubled in 2025 and the platform team of four keeps every site reporting.</p>"
    "<h2>What you'll do</h2><ul>"
    "<li>Run our GKE clusters on GCP and keep cloud costs in check as the fleet grows.</li>"
    "<li>Build self-service CI/CD with GitHub Actions and Argo CD for twelve product teams.</li>"
    "<li>Own on-call for the ingestion services that read telemetry from every inverter.</li></ul>"
    "<h2>Must have</h2><ul><li>4+ years in platform or SRE roles.</li>"
    "<li>Production experience with Kubernetes and Terraform.</li></ul>"
    "<p>Pay range: EUR 70,000 to 85,000 a year, plus equity.</p>"
)


def greenhouse_job(job_id: int, title: str = "Platform Engineer (SRE)", **extra: object) -> dict:
    """A job of GET /v1/boards/{token}/jobs?content=true: ``content`` is entity-escaped HTML."""
    return {
        "absolute_url": f"https://boards.greenhouse.io/tidewaterenergy/jobs/{job_id}",
        "data_compliance": [{"type": "gdpr", "requires_consent": False, "retention_period": None}],
        "internal_job_id": job_id - 400000,
        "location": {"name": "Valencia, Spain (hybrid)"},
        "metadata": None,
        "id": job_id,
        "updated_at": "2025-11-12T10:01:02-05:00",
        "requisition_id": "ENG-311",
        "title": title,
        "company_name": "Tidewater Energy",
        "first_published": "2025-11-05T09:12:44-05:00",
        "content": html.escape(PLATFORM_HTML),
        "departments": [{"id": 4012, "name": "Platform", "child_ids": [], "parent_id": None}],
        "offices": [{"id": 3001, "name": "Valencia", "location": "Valencia, Spain", "child_ids": []}],
        **extra,
    }


def greenhouse_board(*jobs: dict) -> dict:
    return {"jobs": list(jobs), "meta": {"total": len(jobs)}}


LEVER_POSTINGS = [
    {
        "additional": "<div>We are a team of 40 in Berlin and Lisbon.</div>",
        "additionalPlain": "We are a team of 40 in Berlin and Lisbon.",
        "categories": {
            "commitment": "Full-time",
            "department": "Engineering",
            "location": "Berlin",
            "team": "Payments",
            "allLocations": ["Berlin"],
        },
        "createdAt": 1762300000000,
        "descriptionPlain": "Lumen Ledger moves €4B a year for 900 merchants.",
        "description": "<div>Lumen Ledger moves €4B a year for 900 merchants.</div>",
        "id": "5f3c9a1e-7b2d-4c1a-9e8f-2a6b4c8d0e11",
        "lists": [
            {
                "text": "What you'll do",
                "content": "<li>Design the ledger service in Go</li><li>Run PostgreSQL at scale</li>",
            }
        ],
        "text": "Senior Backend Engineer",
        "country": "DE",
        "workplaceType": "hybrid",
        "hostedUrl": "https://jobs.eu.lever.co/lumenledger/5f3c9a1e-7b2d-4c1a-9e8f-2a6b4c8d0e11",
        "applyUrl": "https://jobs.eu.lever.co/lumenledger/5f3c9a1e-7b2d-4c1a-9e8f-2a6b4c8d0e11/apply",
        "salaryRange": {"currency": "EUR", "interval": "per-year-salary", "min": 85000, "max": 105000},
    }
]

ASHBY_BOARD = {
    "apiVersion": "1",
    "jobs": [
        {
            "id": "1b2c3d4e-0000-4a5b-8c9d-aabbccddeeff",
            "title": "Analytics Engineer",
            "department": "Data",
            "team": "Data Platform",
            "employmentType": "FullTime",
            "location": "London",
            "secondaryLocations": [],
            "publishedAt": "2025-10-30T12:00:00.000+00:00",
            "isListed": True,
            "isRemote": True,
            "workplaceType": "Remote",
            "address": {"postalAddress": {"addressLocality": "London", "addressCountry": "United Kingdom"}},
            "jobUrl": "https://jobs.ashbyhq.com/quillstack/1b2c3d4e-0000-4a5b-8c9d-aabbccddeeff",
            "applyUrl": "https://jobs.ashbyhq.com/quillstack/1b2c3d4e-0000-4a5b-8c9d-aabbccddeeff/application",
            "descriptionHtml": (
                "<p>Build our dbt models in Snowflake.</p><ul><li>Own the revenue model</li></ul>"
            ),
            "descriptionPlain": "Build our dbt models in Snowflake.\n- Own the revenue model",
            "compensation": {
                "compensationTierSummary": "£70K – £85K • Offers Equity",
                "scrapeableCompensationSalarySummary": "£70K - £85K",
                "compensationTiers": [],
                "summaryComponents": [],
            },
        },
        {
            "id": "99999999-0000-4a5b-8c9d-aabbccddeeff",
            "title": "Internal Transfer Only",
            "isListed": False,
            "jobUrl": "https://jobs.ashbyhq.com/quillstack/99999999-0000-4a5b-8c9d-aabbccddeeff",
            "descriptionHtml": "<p>Not public.</p>",
        },
    ],
}


class BoardServer:
    """Answers each path (with its query string) from ``routes``: (status, content type, body)."""

    def __init__(self, port: int) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.base = f"http://127.0.0.1:{port}"

    def apis(self) -> BoardAPIs:
        return BoardAPIs(
            greenhouse=f"{self.base}/gh",
            lever=f"{self.base}/lever",
            lever_eu=f"{self.base}/lever-eu",
            ashby=f"{self.base}/ashby",
        )

    def answer_json(self, path: str, data: object, status: int = 200) -> None:
        self.routes[path] = (status, "application/json", json.dumps(data).encode("utf-8"))

    def answer(self, path: str, status: int, body: str, content_type: str = "text/html") -> None:
        self.routes[path] = (status, content_type, body.encode("utf-8"))


@contextmanager
def board_server() -> Iterator[BoardServer]:
    routes_holder: list[BoardServer] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, content_type, body = routes_holder[0].routes.get(
                self.path, (404, "application/json", b'{"status":404,"error":"Not found"}')
            )
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    routes_holder.append(BoardServer(httpd.server_address[1]))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield routes_holder[0]
    finally:
        httpd.shutdown()
        httpd.server_close()
