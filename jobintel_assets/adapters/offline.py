"""Offline adapters: deterministic heuristics and local files, no network.

They never make anything up: what the posting and the local files do not say stays unknown.
"""

from __future__ import annotations

from pathlib import Path

from jobintel_assets.layers.models import PersonHit, WebPage
from jobintel_assets.layers.ports import LayerTask, Output, PostingFetchError
from jobintel_assets.layers.registry import BY_NAME
from jobintel_assets.layers.text import slugify


class OfflineLLM:
    """Answers every layer task with that layer's deterministic heuristic."""

    provider = "offline"
    model = "heuristics"

    def generate(self, task: LayerTask, output_type: type[Output]) -> Output:
        result = BY_NAME[task.layer].heuristic(task.inputs)
        return output_type.model_validate(result.model_dump())


OFFLINE_FETCH_REASON = (
    "offline: no web research provider configured (set FIRECRAWL_API_KEY or FIRECRAWL_API_URL)"
)


class OfflineWebResearch:
    """Reads what the user keeps about a company in ``<companies_dir>/<company-slug>.md``; finds no people."""

    provider = "offline"

    def __init__(self, companies_dir: Path):
        self.companies_dir = companies_dir

    def company_pages(self, company: str) -> list[WebPage]:
        slug = slugify(company)
        notes = self.companies_dir / f"{slug}.md"
        if not notes.is_file():
            return []
        return [
            WebPage(source=f"file:companies/{slug}.md", title=company, text=notes.read_text(encoding="utf-8"))
        ]

    def find_people(self, company: str, role_hint: str) -> list[PersonHit]:
        return []

    def fetch_posting(self, url: str) -> WebPage:
        raise PostingFetchError(url, OFFLINE_FETCH_REASON)
