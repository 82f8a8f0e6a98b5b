"""CV files -> text (or JSON Resume data), with a clear error for every file that cannot be read."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jobintel_assets.cv_import.dates import YEAR, find_date_range
from jobintel_assets.cv_import.parse import heading_kind

MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}
EXTENSIONS |= {".json": "json-resume"}
# Fewer characters than this on every page: the PDF is a picture of a CV, not text.
_MIN_TEXT_CHARS = 40


class CvImportError(ValueError):
    """The CV file cannot be imported; the message names the file and says what to do."""


@dataclass(frozen=True)
class CvSource:
    path: Path
    kind: str  # one of EXTENSIONS' values
    text: str  # the document's text: what every imported fact must be found in
    json_resume: dict | None = None


def read_cv(path: Path) -> CvSource:
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise CvImportError(
            f"{path}: unknown file type {path.suffix or '(none)'!r}; save the CV as one of {known}"
        )
    try:
        size = path.stat().st_size
    except OSError as error:
        raise CvImportError(f"{path}: cannot be read ({error.strerror or error}); check the path") from None
    if size > MAX_BYTES:
        raise CvImportError(
            f"{path}: {size / 1_048_576:.1f} MB is over the {MAX_BYTES // 1_048_576} MB limit for a CV; "
            "export it without images, or as DOCX or text"
        )
    if size == 0:
        raise CvImportError(f"{path}: the file is empty; export your CV again")
    source = {"pdf": _read_pdf, "docx": _read_docx}.get(kind, _read_text)(path, kind)
    if not source.text.strip():
        raise CvImportError(f"{path}: the file has no text; export your CV again")
    return source


def _read_text(path: Path, kind: str) -> CvSource:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Text saved by Windows programs is often Windows-1252 ('Résumé', '£', curly quotes).
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise CvImportError(
                f"{path}: neither UTF-8 nor Windows-1252 text; save it as UTF-8 (or import the PDF or DOCX)"
            ) from None
    if kind != "json-resume":
        return CvSource(path, kind, text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CvImportError(
            f"{path}: invalid JSON at line {error.lineno}, column {error.colno} ({error.msg}); "
            "fix it, or export the JSON Resume again"
        ) from None
    if not isinstance(data, dict) or not ({"basics", "work"} & set(data)):
        raise CvImportError(
            f"{path}: not a JSON Resume (no 'basics' or 'work'); the format is at https://jsonresume.org/schema"
        )
    return CvSource(path, kind, text, data)


# --------------------------------------------------------------------------------------- PDF


def _read_pdf(path: Path, kind: str) -> CvSource:
    from pypdf import PdfReader

    # pypdf logs every repair it makes to a damaged file; the user gets one clear error instead.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise CvImportError(
                f"{path}: the PDF is password-protected; save an unprotected copy "
                "(print to PDF, or export from the program that made it) and import that"
            )
        pages = [_page_columns(page) for page in reader.pages]
    except CvImportError:
        raise
    except Exception as error:  # a damaged PDF fails in many ways inside pypdf; all mean the same here
        if "decrypt" in str(error).lower() or "encrypt" in str(error).lower():
            raise CvImportError(
                f"{path}: the PDF is encrypted ({error}); save an unprotected copy and import that"
            ) from None
        raise CvImportError(f"{path}: not a readable PDF ({error}); export it again, or as DOCX") from None
    # Lead columns (a sidebar opening with the name), then the main text page after page, then the
    # other sidebars: a work history that runs onto the next page stays in one piece.
    text = "\n".join(part for position in range(3) for page in pages for part in [page[position]] if part)
    if len("".join(text.split())) < _MIN_TEXT_CHARS:
        raise CvImportError(
            f"{path}: the PDF has no text layer ({len(pages)} page(s) of images, as a scanned CV is); "
            "run OCR on it (e.g. `ocrmypdf in.pdf out.pdf`) or export the CV as text, DOCX or a PDF "
            "from the program that made it"
        )
    return CvSource(path, kind, text)


def _page_columns(page: object) -> tuple[str, str, str]:
    """The page's text as (lead sidebar, main text, other sidebar); one column is all main text.

    pypdf's layout mode places every character where the page draws it, on a grid of text lines,
    so side-by-side columns come out side by side and a word drawn in pieces comes out whole. A
    column edge is a position far right of the margin where many lines start after a gap and no
    text runs across. The wider column is the main one; the narrow one leads when it opens with
    the name rather than a section heading while the main one opens with a heading (a LinkedIn
    sidebar opens with 'Contact'). Dates in a margin beside each entry are read across, with it.
    """
    lines = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=False).split("\n")
    lines = [line.rstrip() for line in lines if line.strip()]
    split = _column_split(lines)
    if split is None:
        return "", "\n".join(lines), ""
    left = "\n".join(line[:split].strip() for line in lines if line[:split].strip())
    right = "\n".join(line[split:].strip() for line in lines if line[split:].strip())
    if _mostly_dates(left):
        return "", "\n".join(lines), ""
    widest = max(len(line) for line in lines)
    main, side = (right, left) if widest - split > split else (left, right)
    opens_with_heading = [heading_kind(column.split("\n", 1)[0]) is not None for column in (main, side)]
    if opens_with_heading == [True, False]:
        return side, main, ""
    return "", main, side


def _column_split(lines: list[str]) -> int | None:
    """The character position where a second column starts, or None for one column."""
    if len(lines) < 10:
        return None
    margin = min(len(line) - len(line.lstrip()) for line in lines)
    starts = Counter(
        match.start()
        for line in lines
        for match in re.finditer(r"(?<= {2})\S", line)
        if match.start() > margin + 15
    )
    edges = [column for column, count in starts.items() if count >= 5 and _is_column_edge(lines, column)]
    return min(edges) if edges else None


def _is_column_edge(lines: list[str], column: int) -> bool:
    """Many lines start text at ``column`` after a gap, almost none runs across it. A date
    right-aligned beside each role title is no column: few lines, each shared with the title."""
    starting = [
        line for line in lines if line[column : column + 1].strip() and not line[column - 2 : column].strip()
    ]
    crossing = sum(len(line[column - 1 : column + 1].strip()) == 2 for line in lines)
    shared = sum(bool(line[:column].strip()) for line in starting)
    many_lines = len(starting) >= 0.25 * len(lines) or shared < 0.6 * len(starting)
    return crossing <= 0.1 * len(lines) and many_lines


def _mostly_dates(column: str) -> bool:
    lines = [line for line in column.split("\n") if line.strip()]
    dated = sum(bool(find_date_range(line) or YEAR.fullmatch(line.strip())) for line in lines)
    return dated >= 0.5 * len(lines)


# -------------------------------------------------------------------------------------- DOCX


def _read_docx(path: Path, kind: str) -> CvSource:
    """The page header, then paragraphs, tables and text boxes in document order: list paragraphs
    as '- ' bullets; a table row of labels and values as 'Cloud: AWS, GCP'; a layout table (a
    two-column template) cell by cell."""
    import docx

    try:
        document = docx.Document(str(path))
        header = _block_lines(document.sections[0].header) if document.sections else []
        body = _block_lines(document)
    except Exception as error:  # a damaged .docx fails in many ways (zip, XML, parts); all mean the same here
        raise CvImportError(
            f"{path}: not a readable Word document ({error or type(error).__name__}); "
            "open it in Word or LibreOffice and save it again as .docx"
        ) from None
    return CvSource(path, kind, "\n".join([*header, *body]))


_WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _block_lines(container: object) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(_paragraph_line(block))
            # Text boxes anchored in the paragraph; Word keeps a second, older copy of each
            # under mc:Fallback, which is skipped.
            boxes = block._p.xpath(
                ".//*[local-name()='txbxContent'][not(ancestor::*[local-name()='Fallback'])]"
            )
            for box in boxes:
                lines.extend(
                    _paragraph_line(Paragraph(p, block)) for p in box.iterchildren(f"{{{_WORD_NS}}}p")
                )
        elif isinstance(block, Table):
            for row in block.rows:
                lines.extend(_row_lines([_block_lines(cell) for cell in _unique_cells(row.cells)]))
    return lines


def _paragraph_line(paragraph: object) -> str:
    text = paragraph.text.strip()
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if text and ("List" in style or numbered):
        return f"- {text}"
    return text


def _row_lines(cells: list[list[str]]) -> list[str]:
    """A row of a label and values ('Cloud' | 'AWS, GCP') as 'Cloud: AWS, GCP'; any other row
    ('Jan 2017 - Present' | title and employer lines) as its lines, cell by cell."""
    cells = [[line for line in cell if line.strip()] for cell in cells]
    cells = [cell for cell in cells if cell]
    label_row = len(cells) >= 2 and all(len(cell) == 1 for cell in cells) and len(cells[0][0].split()) <= 4
    if label_row and not find_date_range(cells[0][0]):
        return [f"{cells[0][0]}: {', '.join(cell[0] for cell in cells[1:])}"]
    return [line for cell in cells for line in cell]


def _unique_cells(cells: list) -> list:
    """A merged cell appears once per grid column it spans; keep it once."""
    unique, seen = [], set()
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            unique.append(cell)
    return unique
