"""The tailored CV as files a person can attach: Markdown, HTML, PDF, DOCX and JSON Resume.

Pure functions from a ``TailoredCV`` (and, for JSON Resume's separate contact fields, the master CV)
to the bytes of each file. Every file is one column of real text under the standard section names
(Summary, Skills, Experience, Education, Certifications, Languages), which applicant tracking
systems read. PDF: reportlab's Platypus (flowing paragraphs and page breaks, standard fonts, nothing
installed outside Python); DOCX: python-docx; JSON Resume: the jsonresume.org schema, so the
ecosystem's themes can render it.
"""

from __future__ import annotations

import html
import io
import json
import re
from string import Template
from xml.sax.saxutils import escape

import markdown
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, ListFlowable, ListItem, Paragraph, SimpleDocTemplate

from jobintel_assets.layers.cv import EARLIER_EXPERIENCE, earlier_role_line, role_dates, split_earlier
from jobintel_assets.layers.models import CandidateProfile, CVRole, TailoredCV

JSON_RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def cv_files(cv: TailoredCV, candidate: CandidateProfile) -> dict[str, bytes]:
    """Every format's bytes, by format name ('md', 'html', 'pdf', 'docx', 'json')."""
    return {
        "md": cv.markdown.encode("utf-8"),
        "html": cv_html(cv).encode("utf-8"),
        "pdf": cv_pdf(cv),
        "docx": cv_docx(cv),
        "json": cv_json_resume(cv, candidate).encode("utf-8"),
    }


def _role_heading(role: CVRole) -> str:
    return f"{role.title} — {role.employer}"


def _role_place_and_dates(role: CVRole) -> str:
    return " · ".join(part for part in (role.location, role_dates(role)) if part)


def _closing_sections(cv: TailoredCV) -> list[tuple[str, list[str]]]:
    """Education, certifications and languages, one short line each (the languages share one)."""
    education = [f"{e.degree}, {e.institution}" + (f" ({e.year})" if e.year else "") for e in cv.education]
    sections = [
        ("Education", education),
        ("Certifications", cv.certifications),
        ("Languages", [" · ".join(cv.languages)] if cv.languages else []),
    ]
    return [(title, lines) for title, lines in sections if lines]


# ------------------------------------------------------------------------------- HTML

_PAGE = Template(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111;
       max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { margin-bottom: 0; }
h2 { font-size: 1.05rem; text-transform: uppercase; letter-spacing: .04em;
     border-bottom: 1px solid #999; margin-top: 1.4rem; }
h3 { font-size: 1rem; margin-bottom: 0; }
ul { padding-left: 1.2rem; }
@media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
$body
</body>
</html>
"""
)


def cv_html(cv: TailoredCV) -> str:
    """A standalone page of the CV's Markdown; raw HTML in it is shown as text, never interpreted."""
    converter = markdown.Markdown(extensions=["sane_lists"])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return _PAGE.substitute(title=html.escape(f"{cv.header.name} — CV"), body=converter.convert(cv.markdown))


# -------------------------------------------------------------------------------- PDF

_INK = HexColor("#111111")
_GREY = HexColor("#444444")
_STYLES = {
    "name": ParagraphStyle("name", fontName="Helvetica-Bold", fontSize=18, leading=22, textColor=_INK),
    "headline": ParagraphStyle("headline", fontName="Helvetica", fontSize=11, leading=14, textColor=_INK),
    "contact": ParagraphStyle("contact", fontName="Helvetica", fontSize=9, leading=12, textColor=_GREY),
    # A heading never ends a page: it keeps with what follows.
    "section": ParagraphStyle(
        "section",
        fontName="Helvetica-Bold",
        fontSize=11,
        leading=14,
        spaceBefore=9,
        spaceAfter=3,
        keepWithNext=1,
    ),
    "role": ParagraphStyle(
        "role", fontName="Helvetica-Bold", fontSize=10, leading=13, spaceBefore=5, keepWithNext=1
    ),
    "dates": ParagraphStyle("dates", fontName="Helvetica", fontSize=9, leading=12, textColor=_GREY),
    "body": ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13),
}


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), _STYLES[style])


def _labelled(label: str, text: str) -> Paragraph:
    return Paragraph(f"<b>{escape(label)}:</b> {escape(text)}", _STYLES["body"])


def _bullets(lines: list[str]) -> ListFlowable:
    items = [ListItem(_p(line, "body"), leftIndent=10) for line in lines]
    return ListFlowable(items, bulletType="bullet", start="•", leftIndent=10, bulletFontSize=8)


def cv_pdf(cv: TailoredCV) -> bytes:
    """An A4 PDF of real text in the standard fonts; the same CV gives the same bytes."""
    header = cv.header
    story = [_p(header.name, "name"), _p(header.headline, "headline"), _p(header.contact_line, "contact")]
    story += [_p("Summary", "section"), _p(header.value_proposition, "body")]
    if cv.core_competencies:
        story.append(_p("Skills", "section"))
        story += [_labelled(s.name, ", ".join(s.skills)) for s in cv.core_competencies]
    if cv.experience:
        story.append(_p("Experience", "section"))
        detailed, earlier = split_earlier(cv.experience)
        for role in detailed:
            heading = [_p(_role_heading(role), "role"), _p(_role_place_and_dates(role), "dates")]
            if role.bullets:
                # A role's heading never ends a page without its first bullet.
                story.append(KeepTogether([*heading, _bullets([role.bullets[0].text])]))
                if role.bullets[1:]:
                    story.append(_bullets([b.text for b in role.bullets[1:]]))
            else:
                story.append(KeepTogether(heading))
        if earlier:
            lines = [earlier_role_line(role) for role in earlier]
            story.append(KeepTogether([_p(EARLIER_EXPERIENCE, "role"), _bullets(lines)]))
    for title, lines in _closing_sections(cv):
        story += [_p(title, "section"), *(_p(line, "body") for line in lines)]

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{header.name} — CV",
        author=header.name,
        invariant=True,
    )
    document.build(story)
    return buffer.getvalue()


# ------------------------------------------------------------------------------- DOCX


def cv_docx(cv: TailoredCV) -> bytes:
    """A Word document in the built-in styles (Title, Heading 1/2, List Bullet) that ATS parsers know."""
    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin = section.bottom_margin = Mm(16)
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = f"{cv.header.name} — CV"
    document.core_properties.author = cv.header.name

    header = cv.header
    document.add_heading(header.name, level=0)
    headline = document.add_paragraph()
    headline.add_run(header.headline).bold = True
    document.add_paragraph(header.contact_line)
    document.add_heading("Summary", level=1)
    document.add_paragraph(header.value_proposition)
    if cv.core_competencies:
        document.add_heading("Skills", level=1)
        for skill_section in cv.core_competencies:
            skills_line = document.add_paragraph()
            skills_line.add_run(f"{skill_section.name}: ").bold = True
            skills_line.add_run(", ".join(skill_section.skills))
    if cv.experience:
        document.add_heading("Experience", level=1)
        detailed, earlier = split_earlier(cv.experience)
        for role in detailed:
            document.add_heading(_role_heading(role), level=2)
            when = document.add_paragraph(_role_place_and_dates(role))
            when.alignment = WD_ALIGN_PARAGRAPH.LEFT
            for bullet in role.bullets:
                document.add_paragraph(bullet.text, style="List Bullet")
        if earlier:
            document.add_heading(EARLIER_EXPERIENCE, level=2)
            for role in earlier:
                document.add_paragraph(earlier_role_line(role), style="List Bullet")
    for title, lines in _closing_sections(cv):
        document.add_heading(title, level=1)
        for line in lines:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------ JSON Resume

_TRAILING_PARENTHESIS = re.compile(r"^(.*?)\s*\(([^()]*)\)$")


def _name_and_note(text: str) -> tuple[str, str | None]:
    """'Spanish (professional working proficiency)' -> ('Spanish', 'professional working proficiency')."""
    match = _TRAILING_PARENTHESIS.match(text.strip())
    return (match.group(1), match.group(2)) if match else (text.strip(), None)


def _without_empty(record: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in record.items() if value not in (None, "", [], {})}


def cv_json_resume(cv: TailoredCV, candidate: CandidateProfile) -> str:
    """The tailored CV in the JSON Resume schema: the contact fields from the master CV, the rest from
    the tailored CV, so the selection, order and summary are this job's."""
    header = cv.header
    basics = _without_empty(
        {
            "name": header.name,
            "label": header.headline,
            "email": candidate.email,
            "phone": candidate.phone,
            "summary": header.value_proposition,
            # Themes print the city; the address keeps the master CV's own words.
            "location": _without_empty(
                {"address": candidate.location, "city": (candidate.location or "").split(",")[0].strip()}
            ),
            "profiles": [{"network": "LinkedIn", "url": candidate.linkedin_url}]
            if candidate.linkedin_url
            else [],
        }
    )
    work = [
        _without_empty(
            {
                "name": role.employer,
                "position": role.title,
                "location": role.location,
                "startDate": role.start,
                "endDate": None if role.end.strip().lower() == "present" else role.end,
                "highlights": [b.text for b in role.bullets],
            }
        )
        for role in cv.experience
    ]
    education = []
    for entry in cv.education:
        study_type, _, area = entry.degree.partition(" ")
        education.append(
            _without_empty(
                {
                    "institution": entry.institution,
                    "studyType": study_type,
                    "area": area,
                    "endDate": str(entry.year) if entry.year else None,
                }
            )
        )
    certificates = []
    for text in cv.certifications:
        name, note = _name_and_note(text)
        # 'Certified Kubernetes Administrator (CKA) (2020)': only a year in brackets is a date.
        dated = note is not None and re.fullmatch(r"\d{4}", note)
        certificates.append(
            _without_empty({"name": name if dated else text, "date": note if dated else None})
        )
    languages = [
        _without_empty({"language": name, "fluency": fluency})
        for name, fluency in (_name_and_note(text) for text in cv.languages)
    ]
    resume = _without_empty(
        {
            "$schema": JSON_RESUME_SCHEMA,
            "basics": basics,
            "work": work,
            "education": education,
            "certificates": certificates,
            "skills": [{"name": s.name, "keywords": s.skills} for s in cv.core_competencies],
            "languages": languages,
        }
    )
    return json.dumps(resume, ensure_ascii=False, indent=2) + "\n"
