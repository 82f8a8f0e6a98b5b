"""Import a CV file into a master-CV draft file, and export the master CV as JSON Resume."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jobintel_assets.cv_import.draft import Draft, Provenance, render_yaml
from jobintel_assets.cv_import.json_resume import draft_from_json_resume, to_json_resume
from jobintel_assets.cv_import.model import structure_with_model
from jobintel_assets.cv_import.parse import parse_cv_text
from jobintel_assets.cv_import.readers import CvImportError, CvSource, read_cv
from jobintel_assets.layers.models import CandidateProfile
from jobintel_assets.layers.ports import LLM


@dataclass(frozen=True)
class Imported:
    draft: Draft
    source: CvSource
    structured_by: str | None = None  # the model that read the CV, when one did
    dropped: int = 0  # values the model gave that the CV does not contain


def draft_from_file(path: Path, now: datetime, llm: LLM | None = None) -> Imported:
    """The draft a CV file supports: read offline, or by ``llm`` (grounded in the file's text).
    A JSON Resume is already structured and never goes to a model."""
    source = read_cv(path)
    if source.json_resume is not None:
        return Imported(draft_from_json_resume(source.json_resume, now.date()), source)
    if llm is not None:
        result = structure_with_model(source.text, llm, now.date())
        return Imported(result.draft, source, result.structured_by, result.dropped)
    return Imported(parse_cv_text(source.text, now.date()), source)


def write_draft(imported: Imported, out: Path, now: datetime, force: bool) -> Path | None:
    """Write the draft to ``out``; an existing file is replaced only with ``force``, after a
    timestamped copy beside it. Returns that backup's path, if one was made."""
    backup = None
    if out.exists():
        if not force:
            raise CvImportError(
                f"{out}: a master CV is already there and was left alone; pass --force to replace it "
                "(a timestamped backup is kept), or --out to write the draft elsewhere"
            )
        backup = out.with_name(f"{out.stem}.backup-{now:%Y%m%dT%H%M%S}{out.suffix}")
        shutil.copy2(out, backup)
    out.parent.mkdir(parents=True, exist_ok=True)
    provenance = Provenance(
        source_file=imported.source.path.name,
        imported_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        structured_by=imported.structured_by,
    )
    out.write_text(render_yaml(imported.draft, provenance), encoding="utf-8")
    return backup


def export_json_resume(profile: CandidateProfile) -> str:
    return json.dumps(to_json_resume(profile), indent=2, ensure_ascii=False) + "\n"
