"""Making grounding visible: how much of a produced answer a layer's ``ground`` dropped."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from jobintel_assets.adapters.ports import LLM, LayerTask, Output


class AnswerRecorder:
    """An ``LLM`` that passes tasks on and keeps the answer it got, before the layer grounds it."""

    def __init__(self, llm: LLM):
        self.provider = llm.provider
        self.model = llm.model
        self._llm = llm
        self.answer: BaseModel | None = None

    def generate(self, task: LayerTask, output_type: type[Output]) -> Output:
        self.answer = self._llm.generate(task, output_type)
        return self.answer


def _count_items(value: object, path: str, counts: Counter[str]) -> None:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _count_items(getattr(value, name), f"{path}.{name}" if path else name, counts)
    elif isinstance(value, list):
        counts[path] += len(value)
        for item in value:
            _count_items(item, path, counts)


def dropped_items(answer: BaseModel | None, grounded: BaseModel) -> dict[str, int]:
    """List items per field path ('pain_points', 'company.signals', 'experience.bullets') that the
    answer had and the grounded result no longer has: quotes not in the posting, unsourced signals,
    bullets the master CV cannot support."""
    if answer is None:
        return {}
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    _count_items(answer, "", before)
    _count_items(grounded, "", after)
    return {path: before[path] - after[path] for path in sorted(before) if before[path] > after[path]}
