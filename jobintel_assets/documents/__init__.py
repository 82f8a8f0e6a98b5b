"""Documents built from the layers for a person to send: pure renderers, called by the assets.

Where they go: a job's files sit beside its dossier (``<dossier_dir>/<stem>.md``), named by the
same file stem, ``<stem>.cv.md``, ``.cv.html``, ``.cv.pdf``, ``.cv.docx`` and ``.cv.json``.
"""

from __future__ import annotations

CV_FORMATS = {"md": ".cv.md", "html": ".cv.html", "pdf": ".cv.pdf", "docx": ".cv.docx", "json": ".cv.json"}


def cv_file_name(stem: str, file_format: str) -> str:
    """'acme-data-engineer-1a2b3c4d', 'pdf' -> 'acme-data-engineer-1a2b3c4d.cv.pdf'."""
    return stem + CV_FORMATS[file_format]
