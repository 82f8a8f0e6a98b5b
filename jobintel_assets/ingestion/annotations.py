"""Per-job annotations: ``data/annotations/<job_id>.yaml``, a list of marks on the posting's phrases.

```yaml
- mark: must_have        # must_have, gap, love_it, avoid, core_identity or not_me
  phrase: Kafka          # words of the posting
  note: the team I want  # optional
```

What each mark does to the fit score: ``jobintel_assets/layers/annotations.py``. A file that
cannot be used is an error naming the file, the entry and the field, so a typo is never ignored.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from jobintel_assets.layers.models import Annotation, AnnotationMark

_HEADER = (
    "# Your marks on this job's posting (jobintel annotate, or edit by hand): mark is one of\n"
    "# must_have, gap, love_it, avoid, core_identity, not_me; phrase is words of the posting.\n"
)


class AnnotationsError(ValueError):
    """An annotations file that cannot be used; the message says where and what to do."""


def annotations_path(directory: Path, job_id: str) -> Path:
    return directory / f"{job_id}.yaml"


def load_annotations(directory: Path, job_id: str) -> list[Annotation]:
    """The job's annotations; none when it has no file."""
    path = annotations_path(directory, job_id)
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise AnnotationsError(f"{path}: cannot be read ({error}); fix it or delete it") from None
    if not isinstance(data, list):
        raise AnnotationsError(f"{path}: write a list, one '- mark: ...' entry per annotation")
    annotations = []
    marks = ", ".join(m.value for m in AnnotationMark)
    for index, entry in enumerate(data):
        try:
            annotations.append(Annotation.model_validate(entry))
        except ValidationError as error:
            problem = error.errors()[0]
            field = ".".join(str(part) for part in problem["loc"]) or "entry"
            raise AnnotationsError(
                f"{path}: entry [{index}] field '{field}': {problem['msg']} "
                f"(each entry needs 'mark' (one of {marks}) and 'phrase')"
            ) from None
    return annotations


def add_annotations(directory: Path, job_id: str, new: list[Annotation]) -> Path:
    """Append marks to the job's file (an identical mark is kept once) and return its path."""
    merged = load_annotations(directory, job_id)
    for annotation in new:
        if annotation not in merged:
            merged.append(annotation)
    path = annotations_path(directory, job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = [a.model_dump(mode="json", exclude_none=True) for a in merged]
    text = _HEADER + yaml.safe_dump(entries, sort_keys=False, allow_unicode=True)
    temporary = path.with_suffix(".yaml.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    return path
