"""Import a CV file into a master-CV draft file, and export the master CV as JSON Resume."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

from jobintel_assets.cv_import.draft import Draft, Provenance, render_yaml
from jobintel_assets.cv_import.json_resume import draft_from_json_resume, to_json_resume
from jobintel_assets.cv_import.parse import parse_cv_text
from jobintel_assets.cv_import.readers import CvImportError, CvSource, read_cv
from jobintel_assets.layers.models import CandidateProfile


def draft_from_file(path: Path, now: datetime) -> tuple[Draft, CvSource]:
    source = read_cv(path)
    if source.json_resume is not None:
        return draft_from_json_resume(source.json_resume, now.date()), source
    return parse_cv_text(source.text, now.date()), source


def write_draft(draft: Draft, source: Path, out: Path, now: datetime, force: bool) -> Path | None:
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
    provenance = Provenance(source_file=source.name, imported_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    out.write_text(render_yaml(draft, provenance), encoding="utf-8")
    return backup


def export_json_resume(profile: CandidateProfile) -> str:
    return json.dumps(to_json_resume(profile), indent=2, ensure_ascii=False) + "\n"
