"""CV files -> text (or JSON Resume data), with a clear error for every file that cannot be read."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from dataclasses import dataclass, replace
from itertools import pairwise
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


@dataclass(frozen=True)
class _Fragment:
    x: float
    y: float
    text: str
    size: float  # font size on the page, for an estimate of where the text ends
    order: int  # position in the order the page draws its text
    spaced: bool = True  # pypdf's own text has whitespace before it (False inside a word drawn in pieces)

    @property
    def end(self) -> float:
        return self.x + len(self.text) * 0.5 * self.size


def _read_pdf(path: Path, kind: str) -> CvSource:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

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
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
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

    pypdf reads text in the order the PDF draws it, which for side-by-side columns can alternate
    between them line by line. A column boundary is an x far right of the margin where many lines
    start and that no text runs across. The wider column is the main one; the narrow one leads
    when it opens with the name rather than a section heading while the main one opens with a
    heading (a LinkedIn sidebar opens with 'Contact').
    """
    fragments: list[_Fragment] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, font_size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            size = float(font_size or 10) * (scale or 1)
            fragments.append(_Fragment(round(x, 1), round(y, 1), text, size, len(fragments)))

    plain = page.extract_text(visitor_text=visit) or ""
    split = _column_split(fragments)
    if split is None:
        return "", plain, ""
    fragments = _with_pypdf_spacing(fragments, plain)
    left = _lines([f for f in fragments if f.x < split])
    right = _lines([f for f in fragments if f.x >= split])
    if _mostly_dates(left):
        return "", _lines(fragments), ""  # dates in the margin beside each entry: read across
    main, side = (right, left) if float(page.mediabox.width) - split > split else (left, right)
    opens_with_heading = [heading_kind(column.split("\n", 1)[0]) is not None for column in (main, side)]
    if opens_with_heading == [True, False]:
        return side, main, ""
    return "", main, side


def _mostly_dates(column: str) -> bool:
    lines = [line for line in column.split("\n") if line.strip()]
    dated = sum(bool(find_date_range(line) or YEAR.fullmatch(line.strip())) for line in lines)
    return dated >= 0.5 * len(lines)


def _with_pypdf_spacing(fragments: list[_Fragment], plain: str) -> list[_Fragment]:
    """Mark the fragments pypdf's text joins to the one before without a space: pypdf knows the
    glyph widths, so it knows when two pieces are one word."""
    marked, position = [], 0
    for fragment in fragments:
        found = plain.find(fragment.text, position)
        if found < 0:
            marked.append(fragment)
            continue
        spaced = (
            found == 0
            or plain[position:found] != ""
            or plain[found - 1].isspace()
            or fragment.text[0].isspace()
        )
        marked.append(replace(fragment, spaced=spaced))
        position = found + len(fragment.text)
    return marked


def _rows(fragments: list[_Fragment]) -> dict[int, list[_Fragment]]:
    rows: dict[int, list[_Fragment]] = {}
    for fragment in fragments:
        rows.setdefault(round(fragment.y), []).append(fragment)
    return {y: sorted(row, key=lambda f: f.x) for y, row in rows.items()}


def _column_split(fragments: list[_Fragment]) -> float | None:
    """The x of the left edge of a second column, or None for a one-column page."""
    rows = _rows(fragments)
    if len(rows) < 10:
        return None
    margin = min(f.x for f in fragments)
    starts = Counter(x for row in rows.values() for x in {round(f.x) for f in row if f.x > margin + 100})
    boundaries = [x - 2 for x, count in starts.items() if count >= 5 and _is_column_edge(rows, x - 2)]
    return min(boundaries) if boundaries else None


def _is_column_edge(rows: dict[int, list[_Fragment]], split: float) -> bool:
    """Text starts at ``split`` after a gap on many lines, and almost none runs across it. A date
    right-aligned beside each role title is no column: few lines, each shared with the title."""
    starting = [row for row in rows.values() if any(abs(f.x - split - 2) <= 2 for f in row)]
    after_gap = 0
    for row in starting:
        before = [f for f in row if f.x < split]
        after_gap += not before or max(f.end for f in before) < split - 0.3 * before[-1].size
    crossing = sum(any(f.x < split and f.end > split + 2 * f.size for f in row) for row in rows.values())
    shared = sum(any(f.x < split for f in row) for row in starting)
    many_lines = len(starting) >= 0.25 * len(rows) or shared < 0.6 * len(starting)
    return after_gap >= 0.8 * len(starting) and crossing <= 0.1 * len(rows) and many_lines


def _lines(fragments: list[_Fragment]) -> str:
    """Fragments as text lines, top to bottom; within a line left to right, with a space between
    them unless they are one word drawn in pieces."""
    lines = []
    for _, row in sorted(_rows(fragments).items(), reverse=True):
        line = row[0].text
        for previous, fragment in pairwise(row):
            one_word = fragment.order == previous.order + 1 and not fragment.spaced
            line += fragment.text if one_word else " " + fragment.text
        lines.append(" ".join(line.split()))
    return "\n".join(lines)


# -------------------------------------------------------------------------------------- DOCX


def _read_docx(path: Path, kind: str) -> CvSource:
    """The page header, then paragraphs, tables and text boxes in document order: list paragraphs
    as '- ' bullets; a table row of labels and values as 'Cloud: AWS, GCP'; a layout table (a
    two-column template) cell by cell."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise CvImportError(
            f"{path}: not a readable Word document ({error or type(error).__name__}); "
            "open it in Word or LibreOffice and save it again as .docx"
        ) from None
    header = _block_lines(document.sections[0].header) if document.sections else []
    return CvSource(path, kind, "\n".join([*header, *_block_lines(document)]))


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
