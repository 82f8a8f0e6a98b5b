"""Making grounding visible: how much of a produced answer a layer's ``ground`` dropped."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from jobintel_assets.layers.ports import LLM, LayerTask, Output


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


def _emptied_values(answer: BaseModel, grounded: BaseModel, path: str, counts: Counter[str]) -> None:
    """Single values (outside lists) the answer gave and the grounded result left empty."""
    for name in type(answer).model_fields:
        before, after = getattr(answer, name), getattr(grounded, name, None)
        field_path = f"{path}.{name}" if path else name
        if isinstance(before, BaseModel) and isinstance(after, BaseModel):
            _emptied_values(before, after, field_path, counts)
        elif before is not None and not isinstance(before, list | BaseModel) and after is None:
            counts[field_path] += 1


def dropped_items(answer: BaseModel | None, grounded: BaseModel) -> dict[str, int]:
    """What grounding removed from the answer, per field path: list items ('pain_points',
    'company.signals', 'experience.bullets': quotes not in the posting, unsourced signals, bullets
    the master CV cannot support) and single values it emptied (a model's ``llm_score`` it set
    aside, a company ``url`` nobody read)."""
    if answer is None:
        return {}
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    _count_items(answer, "", before)
    _count_items(grounded, "", after)
    dropped = Counter({path: before[path] - after[path] for path in before if before[path] > after[path]})
    _emptied_values(answer, grounded, "", dropped)
    return dict(sorted(dropped.items()))
