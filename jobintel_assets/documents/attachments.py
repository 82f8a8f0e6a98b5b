"""The files a layer writes beside the dossier, by layer: key -> (file name, content).

A key ending in ``_path`` is where the asset reports the file (metadata, and a column of the layer's
table where the schema has one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jobintel_assets.documents import cv_file_name
from jobintel_assets.documents.cv_files import cv_files
from jobintel_assets.layers.dossier import dossier_filename
from jobintel_assets.layers.models import Dossier, TailoredCV
from jobintel_assets.layers.registry import JobSources

Files = dict[str, tuple[str, str | bytes]]


def dossier_files(job_id: str, result: Dossier, sources: JobSources) -> Files:
    stem = dossier_filename(job_id)
    return {"markdown_path": (f"{stem}.md", result.markdown), "html_path": (f"{stem}.html", result.html)}


def tailored_cv_files(job_id: str, result: TailoredCV, sources: JobSources) -> Files:
    stem = dossier_filename(job_id)
    return {
        f"cv_{file_format}_path": (cv_file_name(stem, file_format), content)
        for file_format, content in cv_files(result, sources.master_cv()).items()
    }


# (job id, the layer's result, its sources): each writer takes its own layer's model, hence Any.
FILES: dict[str, Callable[[str, Any, JobSources], Files]] = {
    "dossier": dossier_files,
    "cv": tailored_cv_files,
}
