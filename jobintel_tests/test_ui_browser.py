"""The Dagster UI in headless Chromium: the asset graph, the job partitions, a layer's preview.

Playwright drives Debian's chromium (`executable_path`; no browser download). Screenshots go to
test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from jobintel_assets.processes import stop_process_group
from jobintel_tests.conftest import REPO
from jobintel_tests.services import free_port, require_debian_package

CHROMIUM = Path("/usr/bin/chromium")
# Headless on a CI machine as root: no sandbox, no GPU, and nothing fetched beyond the page itself.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"
ASSETS = ["candidate_profile", "job_posting", "extracted_jd", "pain_points", "company_research",
          "fit_score", "contacts", "cv", "interview_prep", "dossier", "pay_view",
          "application_events"]  # fmt: skip


@pytest.fixture(scope="module")
def webserver(materialized_project):
    folder, env = materialized_project
    port = free_port()
    log = (folder / "webserver.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster-webserver"), "-w", str(REPO / "workspace.yaml"),
         "-h", "127.0.0.1", "-p", str(port)],
        cwd=env["DAGSTER_HOME"], env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,  # with the code server it starts, stopped as one group
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/server_info", timeout=5):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dagster-webserver did not start: {folder / 'webserver.log'}") from None
            time.sleep(0.5)
    yield url
    stop_process_group(server)
    log.close()


@pytest.fixture(scope="module")
def page(webserver):
    require_debian_package("chromium", CHROMIUM.exists)
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, base_url=webserver)
        page.set_default_timeout(60_000)
        # A fresh instance greets its first visitor with a newsletter dialog over the page: skip it once.
        page.goto("/")
        page.get_by_role("button", name="Skip").click()
        expect(page.get_by_text("Join the Dagster community")).to_be_hidden()
        yield page
        browser.close()


def test_the_asset_graph_shows_every_asset(page):
    from playwright.sync_api import expect

    page.goto("/asset-groups")
    expect(page.get_by_text("outreach", exact=True).last).to_be_visible()
    page.mouse.click(1000, 900, button="right")  # the graph's own menu, on empty canvas
    page.get_by_role("menuitem", name="Expand all groups").click()

    for asset in ASSETS:
        expect(page.get_by_text(asset, exact=True).first).to_be_visible()
    page.wait_for_load_state("networkidle")  # materialization status colours the nodes
    page.screenshot(path=ARTIFACTS / "asset-graph.png")


def test_the_job_partitions_page_counts_every_job(page):
    from playwright.sync_api import expect

    page.goto("/locations/jobintel_assets.defs/jobs/job_layers/partitions")

    counts = re.compile(r"(?<!\d)3\s*Total partitions\s*0\s*Missing partitions")
    expect(page.locator("body")).to_contain_text(counts)
    page.screenshot(path=ARTIFACTS / "job-partitions.png")

    # The deep layers' partitions are the shortlist: the two jobs in tiers A and B.
    page.goto("/locations/jobintel_assets.defs/jobs/shortlist_layers/partitions")

    counts = re.compile(r"(?<!\d)2\s*Total partitions\s*0\s*Missing partitions")
    expect(page.locator("body")).to_contain_text(counts)
    page.screenshot(path=ARTIFACTS / "shortlist-partitions.png")


def test_a_layer_materialization_shows_its_markdown_preview(page, materialized_project):
    from playwright.sync_api import expect

    _, env = materialized_project
    with duckdb.connect(env["JOBINTEL_DB"], read_only=True) as con:
        job_id, score = con.execute("SELECT job_id, fit_score FROM fit_score ORDER BY job_id").fetchone()

    page.goto(f"/assets/fit_score?view=partitions&partition={job_id}")
    page.get_by_text("[Show Markdown]").first.click()

    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text(f"{score}/100", exact=False)).to_be_visible()
    expect(dialog.get_by_role("table").first).to_be_visible()  # the fit breakdown
    page.screenshot(path=ARTIFACTS / "fit-score-preview.png")
