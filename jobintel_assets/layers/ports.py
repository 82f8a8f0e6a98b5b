"""The two ports the layers talk to the world through; adapters implement them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

from pydantic import BaseModel

from jobintel_assets.layers.models import PersonHit, WebPage

Output = TypeVar("Output", bound=BaseModel)


@dataclass(frozen=True)
class LayerTask:
    """What a layer asks a model to do: the layer's name, its inputs and its (versioned) prompt."""

    layer: str
    prompt_version: str
    inputs: BaseModel
    prompt: str


class UnreadableAnswer(RuntimeError):
    """A model's answer that is not the layer's output, even after a repair attempt."""


class PostingFetchError(RuntimeError):
    """A posting URL that could not be fetched, and why."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"could not fetch posting {url}: {reason}")
        self.url = url
        self.reason = reason


class LLM(Protocol):
    provider: str
    model: str

    def generate(self, task: LayerTask, output_type: type[Output]) -> Output:
        """Return a validated ``output_type`` for the task, or raise."""


class WebResearch(Protocol):
    provider: str

    def company_pages(self, company: str) -> list[WebPage]:
        """Pages about the company (its site, news); empty when nothing is known."""

    def find_people(self, company: str, role_hint: str) -> list[PersonHit]:
        """Real people found at the company for the role; empty when none are found."""

    def fetch_posting(self, url: str) -> WebPage:
        """The page at ``url`` as text; raises ``PostingFetchError`` when it cannot be fetched."""
