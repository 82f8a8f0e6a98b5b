"""`jobintel cv import`: CVs as people have them (two-column and LinkedIn PDFs, Word with a skills
table, Markdown, plain text, JSON Resume) become master-CV drafts that hold only what the file says."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import docx
import matplotlib
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from jobintel_assets.cv_import.draft import Draft, Provenance, render_yaml
from jobintel_assets.cv_import.importer import draft_from_file, export_json_resume, write_draft
from jobintel_assets.cv_import.parse import parse_cv_text
from jobintel_assets.cv_import.readers import MAX_BYTES, CvImportError
from jobintel_assets.ingestion.candidate import import_provenance, load_candidate
from jobintel_assets.layers.text import contains_quote

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
SAMPLE_CANDIDATE = Path(__file__).resolve().parents[1] / "data" / "candidate"
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"

# ---------------------------------------------------------------------------------- fixtures


def _page(path: Path) -> Canvas:
    """An A4 page to draw text on with a Unicode font ('–', '’', '·'); y counts from the top."""
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    return Canvas(str(path), pagesize=A4)


def _text(page: Canvas, x: float, y: float, text: str, size: float) -> float:
    """Draw ``text`` with its baseline ``y`` points from the top; return where it ends."""
    page.setFont("DejaVu", size)
    page.drawString(x, A4[1] - y, text)
    return x + page.stringWidth(text, "DejaVu", size)


def two_column_pdf(path: Path, in_pieces: bool = False) -> Path:
    """A designed CV: a narrow sidebar beside the main column, drawn row by row across both, as
    table-based templates do, so the PDF's own text order alternates between the columns.
    ``in_pieces`` draws every line in chunks of 7 characters, cutting words, as browsers'
    'Save as PDF' can."""
    sidebar = [
        "Hannah Okafor",
        "Clinical Nurse Manager",
        "hannah.okafor@example.net",
        "+44 7700 900781",
        "Bristol, UK",
        "Skills",
        "Patient safety",
        "Rota planning",
        "Epic EHR",
        "Staff coaching",
        "Languages",
        "English",
        "Yoruba",
    ]
    main = [
        "Profile",
        "Registered nurse with eleven years on acute wards, the last four leading a",
        "38-bed surgical ward.",
        "Experience",
        "Ward Manager, Southmead Hospital",
        "Mar 2021 – Present | Bristol, UK",
        "• Led a team of 46 nurses and healthcare assistants across three shifts.",
        "• Reduced patient falls on the ward by 35% in 2022 by introducing hourly",
        "rounding and bed-sensor alarms.",
        "• Cut agency staffing spend by £210,000 a year through a new rota system.",
        "Senior Staff Nurse, Royal United Hospital",
        "Sep 2016 – Feb 2021 | Bath, UK",
        "• Coordinated discharges for 28 beds, reducing delayed discharges from 9 to 4 a week.",
        "• Mentored 12 student nurses through their final placements.",
        "Staff Nurse, Royal United Hospital",
        "Aug 2014 – Aug 2016 | Bath, UK",
        "• Cared for up to 8 post-operative patients per shift on a general surgery ward.",
        "Education",
        "BSc Adult Nursing, University of the West of England, 2014",
    ]
    page = _page(path)
    rows = [(40, 60 + i * 22, line) for i, line in enumerate(sidebar)]
    rows += [(190, 66 + i * 17, line) for i, line in enumerate(main)]
    for x, y, line in sorted(rows, key=lambda row: row[1]):
        for chunk in [line[i : i + 7] for i in range(0, len(line), 7)] if in_pieces else [line]:
            x = _text(page, x, y, chunk, 14 if line == "Hannah Okafor" else 9)
    page.save()
    return path


def date_margin_pdf(path: Path) -> Path:
    """Europass-like: dates in a margin column left of each entry, letter-spaced headings, and
    the PDF draws every date first, then the text beside them."""
    rows = [
        (None, "Ines Carvalho"),
        (None, "Environmental Scientist"),
        (None, "W O R K   E X P E R I E N C E"),
        ("2019 – present", "Senior Water Quality Scientist, Aguas do Tejo SA, Lisbon"),
        (None, "• Run the sampling programme for 42 river monitoring stations."),
        (None, "• Cut lab turnaround from 10 to 4 days with a new LIMS workflow."),
        ("2014 – 2019", "Field Scientist, Hidroplan Lda, Porto"),
        (None, "• Led 120 field surveys for environmental impact assessments."),
        ("2012 – 2014", "Research Assistant, University of Coimbra"),
        (None, "• Co-authored 3 papers on nitrate pollution."),
        (None, "E D U C A T I O N"),
        ("2010 – 2012", "MSc Environmental Engineering, University of Coimbra"),
        (None, "S K I L L S"),
        (None, "R, GIS, Water sampling, LIMS"),
    ]
    page = _page(path)
    for i, (dates, _) in enumerate(rows):
        if dates:
            _text(page, 40, 60 + i * 20, dates, 10)
    for i, (_, text) in enumerate(rows):
        _text(page, 150, 60 + i * 20, text, 10)
    page.save()
    return path


def linkedin_pdf(path: Path) -> Path:
    """Shaped like LinkedIn's 'Save to PDF': a sidebar (Contact, Top Skills, Languages,
    Certifications) written first, then the main column; a company with two roles under it;
    descriptions as prose; durations in brackets; page footers."""
    sidebar = [
        "Contact",
        "jonas.berg@example.se",
        "www.linkedin.com/in/jonas-berg-example",
        "(LinkedIn)",
        "Top Skills",
        "Kubernetes",
        "Go (Programming Language)",
        "Site Reliability Engineering",
        "Languages",
        "Swedish (Native or Bilingual)",
        "English (Full Professional)",
        "Certifications",
        "Certified Kubernetes Administrator",
    ]
    main = [
        "Jonas Berg",
        "Engineering Manager at Nordlys Mobility",
        "Stockholm, Stockholm County, Sweden",
        "Summary",
        "I lead platform teams that make deploying boring. Previously a backend engineer",
        "in Go and Python.",
        "Experience",
        "Nordlys Mobility",
        "4 years 3 months",
        "Engineering Manager",
        "March 2022 - Present (2 years 9 months)",
        "Stockholm, Sweden",
        "Lead the platform team of 7 engineers running 140 services on Kubernetes.",
        "Brought the change failure rate down from 18% to 6% with canary releases.",
        "Senior Software Engineer",
        "September 2020 - March 2022 (1 year 7 months)",
        "Stockholm, Sweden",
        "Built the trip-pricing service in Go, handling 2,000 requests per second.",
        "Kvarn Analytics AB",
        "Backend Developer",
        "June 2016 - August 2020 (4 years 3 months)",
        "Gothenburg, Sweden",
        "Wrote the ingestion API for 30 customer data feeds in Python and PostgreSQL.",
        "Education",
        "KTH Royal Institute of Technology",
        "Master of Science - MS, Computer Science · (2011 - 2016)",
    ]
    page = _page(path)
    for i, line in enumerate(sidebar):
        _text(page, 30, 50 + i * 16, line, 9)
    for i, line in enumerate(main):
        _text(page, 250, 46 + i * 18.5, line, 18 if i == 0 else 9)
    _text(page, 270, 820, "Page 1 of 1", 8)
    page.save()
    return path


def docx_with_skills_table(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Tomás Ortega", level=0)
    document.add_paragraph("Mechanical Design Engineer")
    document.add_paragraph("tomas.ortega@example.es · Zaragoza, Spain")
    document.add_heading("Professional Experience", level=1)
    document.add_paragraph("Senior Design Engineer | Ibérica Rail Systems S.L. | Zaragoza, Spain")
    document.add_paragraph("07/2016 – Present")
    for bullet in [
        "Redesigned the bogie frame bracket, cutting its mass by 14% while passing EN 13749 fatigue tests.",
        "Led the design reviews for 3 tram projects delivered to 2 city operators.",
    ]:
        document.add_paragraph(bullet, style="List Bullet")
    document.add_paragraph("Design Engineer | Talleres Ebro S.A. | Zaragoza, Spain")
    document.add_paragraph("09/2012 – 06/2016")
    document.add_paragraph(
        "Produced 400 manufacturing drawings a year for agricultural gearboxes.", style="List Bullet"
    )
    document.add_heading("Skills", level=1)
    table = document.add_table(rows=0, cols=2)
    for category, skills in [
        ("CAD", "SolidWorks, CATIA V5, AutoCAD"),
        ("Simulation", "ANSYS Mechanical, MATLAB"),
    ]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = category, skills
    document.add_heading("Education", level=1)
    document.add_paragraph("MEng Mechanical Engineering — Universidad de Zaragoza (2012)")
    document.add_heading("Interests", level=1)
    document.add_paragraph("Cycling, restoring old motorbikes")
    document.save(str(path))
    return path


def docx_template_with_layout_table(path: Path) -> Path:
    """A Word template: the name in the page header, the page one table of two cells (sidebar and
    main column), bullets inside the cells, languages in a text box."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Kofi Mensah"
    document.add_paragraph("Site Reliability Engineer")
    layout = document.add_table(rows=1, cols=2)
    sidebar, main = layout.rows[0].cells
    sidebar.paragraphs[0].text = "Contact"
    sidebar.add_paragraph("kofi.mensah@example.com")
    sidebar.add_paragraph("Accra, Ghana")
    sidebar.add_paragraph("Skills")
    for skill in ["Terraform", "Prometheus", "Go"]:
        sidebar.add_paragraph(skill, style="List Bullet")
    main.paragraphs[0].text = "Experience"
    main.add_paragraph("SRE Lead, Savanna Payments Ltd")
    main.add_paragraph("May 2020 – Present")
    main.add_paragraph(
        "Cut monthly downtime from 6 hours to 25 minutes with SLOs and runbooks.", style="List Bullet"
    )
    main.add_paragraph("Moved 90 services to Terraform-managed infrastructure.", style="List Bullet")
    main.add_paragraph("Systems Engineer, Volta Telecom")
    main.add_paragraph("Feb 2016 – Apr 2020")
    main.add_paragraph("Ran monitoring for 2,000 cell sites.", style="List Bullet")
    box = document.add_paragraph()
    box._p.append(
        parse_xml(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>Languages</w:t></w:r></w:p><w:p><w:r><w:t>English, Twi</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    document.save(str(path))
    return path


MARKDOWN_CV = """\
# Lena Fischer
**Product Designer**
lena.fischer@example.de | Berlin, Germany

## About me
I design onboarding and payments flows for consumer fintech apps.

## Work history

### Lead Product Designer — Kontor Bank
*Apr 2021 – Present*, Berlin, Germany

- Redesigned the account-opening flow, raising completion from 54% to 71%.
- Set up the design system used by 5 product squads.

### Product Designer at Fahrrad Republik GmbH
*Oct 2018 – Mar 2021*

- Shipped the rental app's checkout, used by 300,000 riders a month.
- Ran 40 usability sessions with riders in three cities.

## Skills
Figma, Prototyping, User research, Design systems

## Education
- BA Communication Design, Universität der Künste Berlin, 2018
"""

TEXT_CV = """\
MARCUS DELANEY
Logistics Operations Manager
marcus.delaney@example.com  |  +1 (312) 555-0147  |  Chicago, IL

PROFESSIONAL EXPERIENCE

Operations Manager, Lakeshore Freight Inc.
Chicago, IL  |  March 2018 to June 2020
- Ran a 24/7 cross-dock handling 1,200 pallets a day with 35 staff.
- Lowered mis-shipments from 2.1% to 0.6% by introducing barcode checks at loading.

Shift Supervisor, Midway Parcel Co.
Joliet, IL  |  2019–2021
* Supervised 20 package handlers on the night shift.

Warehouse Associate, Midway Parcel Co.
Joliet, IL  |  07/2016 - 02/2018
* Picked and packed 300 orders per shift.

Dispatcher, Prairie Haulage LLC
Sept. 2013 - Jun 2016
* Scheduled 45 trucks a day across 3 states.

CERTIFICATIONS
APICS Certified Supply Chain Professional (CSCP)
"""

JSON_RESUME = {
    "basics": {
        "name": "Aiko Tanaka",
        "label": "Data Scientist",
        "email": "aiko.tanaka@example.jp",
        "summary": "I build forecasting models that planners trust.",
        "location": {"city": "Osaka", "countryCode": "JP"},
        "profiles": [{"network": "LinkedIn", "url": "https://www.linkedin.com/in/aiko-tanaka-example"}],
    },
    "work": [
        {
            "name": "Kansai Grocers",
            "position": "Senior Data Scientist",
            "startDate": "2021-04-01",
            "highlights": [
                "Cut fresh-food waste by 12% with store-level demand forecasts in Python.",
                "Trained 6 analysts in forecasting with LightGBM.",
            ],
        },
        {
            "name": "Umeda Insights",
            "position": "Data Analyst",
            "startDate": "2017-04",
            "endDate": "2021-03",
            "summary": "Built weekly sales dashboards in Tableau for 14 client brands.",
        },
    ],
    "education": [
        {"institution": "Osaka University", "studyType": "MSc", "area": "Statistics", "endDate": "2017"}
    ],
    "skills": [{"name": "Machine learning", "keywords": ["Python", "LightGBM", "scikit-learn"]}],
    "languages": [
        {"language": "Japanese", "fluency": "Native"},
        {"language": "English", "fluency": "Fluent"},
    ],
}


def import_draft(path: Path) -> tuple[Draft, str]:
    imported = draft_from_file(path, NOW)
    return imported.draft, imported.source.text


def roles_of(draft: Draft) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(r.title, r.employer, r.start, r.end) for r in draft.roles]


# ---------------------------------------------------------------------------------- formats


def test_two_column_pdf_reads_the_sidebar_and_the_roles_apart(tmp_path: Path) -> None:
    draft, _ = import_draft(two_column_pdf(tmp_path / "hannah.pdf"))

    assert draft.name == "Hannah Okafor"
    assert draft.email == "hannah.okafor@example.net" and draft.phone == "+44 7700 900781"
    assert roles_of(draft) == [
        ("Ward Manager", "Southmead Hospital", "2021-03", "present"),
        ("Senior Staff Nurse", "Royal United Hospital", "2016-09", "2021-02"),
        ("Staff Nurse", "Royal United Hospital", "2014-08", "2016-08"),
    ]
    assert [r.location for r in draft.roles] == ["Bristol, UK", "Bath, UK", "Bath, UK"]
    assert draft.roles[0].achievements[1] == (
        "Reduced patient falls on the ward by 35% in 2022 by introducing hourly rounding and "
        "bed-sensor alarms."
    )
    assert [len(r.achievements) for r in draft.roles] == [3, 2, 1]
    assert [s.skills for s in draft.skills] == [
        ["Patient safety", "Rota planning", "Epic EHR", "Staff coaching"]
    ]
    assert draft.languages == ["English", "Yoruba"]
    assert draft.education[0].institution == "University of the West of England"
    assert draft.education[0].degree == "BSc Adult Nursing" and draft.education[0].year == 2014
    assert draft.years_experience == 12


def test_two_column_pdf_drawn_in_pieces_reads_the_same(tmp_path: Path) -> None:
    whole, _ = import_draft(two_column_pdf(tmp_path / "whole.pdf"))
    pieces, _ = import_draft(two_column_pdf(tmp_path / "pieces.pdf", in_pieces=True))

    assert pieces.roles == whole.roles
    assert (pieces.name, pieces.skills, pieces.education) == (whole.name, whole.skills, whole.education)


def test_pdf_with_dates_in_a_margin_column_keeps_each_date_with_its_entry(tmp_path: Path) -> None:
    draft, _ = import_draft(date_margin_pdf(tmp_path / "ines.pdf"))

    assert roles_of(draft) == [
        ("Senior Water Quality Scientist", "Aguas do Tejo SA", "2019", "present"),
        ("Field Scientist", "Hidroplan Lda", "2014", "2019"),
        ("Research Assistant", "University of Coimbra", "2012", "2014"),
    ]
    assert [len(r.achievements) for r in draft.roles] == [2, 1, 1]
    assert draft.education[0].year == 2012 and draft.skills[0].skills == [
        "R",
        "GIS",
        "Water sampling",
        "LIMS",
    ]


def test_linkedin_pdf_keeps_two_roles_under_one_company(tmp_path: Path) -> None:
    draft, _ = import_draft(linkedin_pdf(tmp_path / "Profile.pdf"))

    assert draft.name == "Jonas Berg"
    assert draft.headline == "Engineering Manager at Nordlys Mobility"
    assert draft.location == "Stockholm, Stockholm County, Sweden"
    assert draft.linkedin_url == "www.linkedin.com/in/jonas-berg-example"
    assert roles_of(draft) == [
        ("Engineering Manager", "Nordlys Mobility", "2022-03", "present"),
        ("Senior Software Engineer", "Nordlys Mobility", "2020-09", "2022-03"),
        ("Backend Developer", "Kvarn Analytics AB", "2016-06", "2020-08"),
    ]
    assert draft.roles[0].achievements == [
        "Lead the platform team of 7 engineers running 140 services on Kubernetes.",
        "Brought the change failure rate down from 18% to 6% with canary releases.",
    ]
    assert draft.roles[2].location == "Gothenburg, Sweden"
    assert "Kubernetes" in draft.roles[0].skills and "Go" in draft.roles[1].skills
    assert draft.certifications == ["Certified Kubernetes Administrator"]
    assert draft.languages == ["Swedish (Native or Bilingual)", "English (Full Professional)"]
    assert draft.education[0].institution == "KTH Royal Institute of Technology"
    assert draft.education[0].year == 2016
    assert draft.persona and draft.persona.startswith("I lead platform teams")


def test_docx_reads_list_bullets_and_a_skills_table(tmp_path: Path) -> None:
    draft, _ = import_draft(docx_with_skills_table(tmp_path / "ortega.docx"))

    assert draft.name == "Tomás Ortega" and draft.headline == "Mechanical Design Engineer"
    assert roles_of(draft) == [
        ("Senior Design Engineer", "Ibérica Rail Systems S.L.", "2016-07", "present"),
        ("Design Engineer", "Talleres Ebro S.A.", "2012-09", "2016-06"),
    ]
    assert draft.roles[0].location == "Zaragoza, Spain"
    assert [len(r.achievements) for r in draft.roles] == [2, 1]
    assert [(s.name, s.skills) for s in draft.skills] == [
        ("CAD", ["SolidWorks", "CATIA V5", "AutoCAD"]),
        ("Simulation", ["ANSYS Mechanical", "MATLAB"]),
    ]
    assert draft.skipped_sections == ["Interests"]


def test_docx_template_with_a_layout_table_a_page_header_and_a_text_box(tmp_path: Path) -> None:
    draft, _ = import_draft(docx_template_with_layout_table(tmp_path / "kofi.docx"))

    assert draft.name == "Kofi Mensah" and draft.headline == "Site Reliability Engineer"
    assert draft.location == "Accra, Ghana"
    assert roles_of(draft) == [
        ("SRE Lead", "Savanna Payments Ltd", "2020-05", "present"),
        ("Systems Engineer", "Volta Telecom", "2016-02", "2020-04"),
    ]
    assert [len(r.achievements) for r in draft.roles] == [2, 1]
    assert [s.skills for s in draft.skills] == [["Terraform", "Prometheus", "Go"]]
    assert draft.languages == ["English", "Twi"]


def test_windows_1252_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes(
        "Zoë Brontë\nExperience\nBuyer, Fenwick’s Ltd\n2019 – 2022\n- Cut costs by £40k.\n".encode("cp1252")
    )

    draft, _ = import_draft(path)

    assert draft.name == "Zoë Brontë"
    assert draft.roles[0].employer == "Fenwick’s Ltd" and draft.roles[0].achievements == [
        "Cut costs by £40k."
    ]


def test_markdown_headings_and_title_at_employer(tmp_path: Path) -> None:
    path = tmp_path / "lena.md"
    path.write_text(MARKDOWN_CV, encoding="utf-8")
    draft, _ = import_draft(path)

    assert draft.name == "Lena Fischer" and draft.headline == "Product Designer"
    assert roles_of(draft) == [
        ("Lead Product Designer", "Kontor Bank", "2021-04", "present"),
        ("Product Designer", "Fahrrad Republik GmbH", "2018-10", "2021-03"),
    ]
    assert draft.roles[0].location == "Berlin, Germany"
    assert (
        draft.roles[1].achievements[0] == "Shipped the rental app's checkout, used by 300,000 riders a month."
    )
    assert draft.skills[0].skills == ["Figma", "Prototyping", "User research", "Design systems"]
    assert draft.education[0].degree == "BA Communication Design"


def test_text_with_odd_date_formats(tmp_path: Path) -> None:
    path = tmp_path / "marcus.txt"
    path.write_text(TEXT_CV, encoding="utf-8")
    draft, _ = import_draft(path)

    assert draft.name == "MARCUS DELANEY"
    assert draft.phone == "+1 (312) 555-0147"
    assert roles_of(draft) == [
        ("Operations Manager", "Lakeshore Freight Inc.", "2018-03", "2020-06"),
        ("Shift Supervisor", "Midway Parcel Co.", "2019", "2021"),
        ("Warehouse Associate", "Midway Parcel Co.", "2016-07", "2018-02"),
        ("Dispatcher", "Prairie Haulage LLC", "2013-09", "2016-06"),
    ]
    assert [r.location for r in draft.roles] == ["Chicago, IL", "Joliet, IL", "Joliet, IL", None]
    assert [len(r.achievements) for r in draft.roles] == [2, 1, 1, 1]
    assert draft.certifications == ["APICS Certified Supply Chain Professional (CSCP)"]


@pytest.mark.parametrize(
    ("header", "name", "headline", "location"),
    [
        (
            "CURRICULUM VITAE\nName:   Fraser McLeod\nAddress:   Glasgow, Scotland",
            "Fraser McLeod",
            None,
            "Glasgow, Scotland",
        ),
        (
            "Priyanka Nair - DevOps Engineer\nLondon, UK - pn@example.co.uk",
            "Priyanka Nair",
            "DevOps Engineer",
            "London, UK",
        ),
        (
            "Angela M. Ruiz, MSN, APRN\nDes Moines, IA · (515) 555-0199",
            "Angela M. Ruiz",
            None,
            "Des Moines, IA",
        ),
        (
            "Rebecca Hollis\nMathematics Teacher\n07700 900312 · rh@example.co.uk · Sheffield",
            "Rebecca Hollis",
            "Mathematics Teacher",
            "Sheffield",
        ),
        ("Sam Lee\nEngineer with ten years in payments and fraud.", "Sam Lee", None, None),
    ],
)
def test_name_headline_and_location_from_the_top_of_the_cv(header, name, headline, location) -> None:
    draft = parse_cv_text(header + "\n\nSkills\nPython", NOW.date())

    assert (draft.name, draft.headline, draft.location) == (name, headline, location)


@pytest.mark.parametrize(
    ("header", "title", "employer", "location"),
    [
        (
            "Staff Engineer, Data Platform — Wavelength Media",
            "Staff Engineer, Data Platform",
            "Wavelength Media",
            None,
        ),
        (
            "Registered Nurse, ICU\nSt Mary's Hospital, London",
            "Registered Nurse, ICU",
            "St Mary's Hospital",
            "London",
        ),
        ("Systems Engineer, Volta Telecom", "Systems Engineer", "Volta Telecom", None),
        (
            "Senior Site Engineer, Mott Harlow Construction, Glasgow",
            "Senior Site Engineer",
            "Mott Harlow Construction",
            "Glasgow",
        ),
        ("Acme Corp | Product Manager | Remote", "Product Manager", "Acme Corp", "Remote"),
        ("Head of Growth at Finch (Berlin)", "Head of Growth", "Finch", "Berlin"),
    ],
)
def test_title_employer_and_place_in_the_ways_cvs_write_them(header, title, employer, location) -> None:
    draft = parse_cv_text(f"Experience\n{header}\nJan 2020 - Present\n- Did things.", NOW.date())

    (role,) = draft.roles
    assert (role.title, role.employer, role.location) == (title, employer, location)


def test_json_resume(tmp_path: Path) -> None:
    path = tmp_path / "resume.json"
    path.write_text(json.dumps(JSON_RESUME), encoding="utf-8")
    draft, _ = import_draft(path)

    assert roles_of(draft) == [
        ("Senior Data Scientist", "Kansai Grocers", "2021-04", "present"),
        ("Data Analyst", "Umeda Insights", "2017-04", "2021-03"),
    ]
    assert draft.roles[1].achievements == ["Built weekly sales dashboards in Tableau for 14 client brands."]
    assert draft.location == "Osaka, JP" and draft.headline == "Data Scientist"
    assert draft.education[0].degree == "MSc Statistics" and draft.education[0].year == 2017
    assert draft.years_experience == 9


# ------------------------------------------------------------------------ nothing invented


def _leaves(draft: Draft) -> list[str]:
    values = [draft.name, draft.headline, draft.email, draft.phone, draft.location, draft.linkedin_url]
    values += [draft.persona, *draft.certifications, *draft.languages]
    for role in draft.roles:
        values += [role.title, role.employer, role.location, role.summary, *role.achievements, *role.skills]
    for section in draft.skills:
        values += [section.name, *section.skills]
    for entry in draft.education:
        values += [entry.degree, entry.institution, str(entry.year) if entry.year else None]
    return [value for value in values if value]


def _all_fixtures(folder: Path) -> list[Path]:
    (folder / "lena.md").write_text(MARKDOWN_CV, encoding="utf-8")
    (folder / "marcus.txt").write_text(TEXT_CV, encoding="utf-8")
    (folder / "resume.json").write_text(json.dumps(JSON_RESUME, ensure_ascii=False), encoding="utf-8")
    return [
        two_column_pdf(folder / "hannah.pdf"),
        linkedin_pdf(folder / "Profile.pdf"),
        date_margin_pdf(folder / "ines.pdf"),
        docx_with_skills_table(folder / "ortega.docx"),
        docx_template_with_layout_table(folder / "kofi.docx"),
        folder / "lena.md",
        folder / "marcus.txt",
        folder / "resume.json",
    ]


def test_nothing_absent_from_the_file_appears_in_the_draft(tmp_path: Path) -> None:
    for path in _all_fixtures(tmp_path):
        draft, text = import_draft(path)
        for value in _leaves(draft):
            # 'Japanese (Native)', 'Osaka, JP', 'MSc Statistics' join JSON fields; each one is in the file.
            for part in re.split(r" \(|\)$|, | ", value) if path.suffix == ".json" else [value]:
                assert not part or contains_quote(text, part), f"{path.name}: {part!r} is not in the file"
        for role in draft.roles:
            for date in (role.start, role.end):
                assert date == "present" or date[:4] in text, f"{path.name}: {date}"


def test_what_the_file_does_not_say_is_a_todo_not_a_guess(tmp_path: Path) -> None:
    path = tmp_path / "marcus.txt"
    path.write_text(TEXT_CV, encoding="utf-8")
    draft, _ = import_draft(path)
    text = render_yaml(draft, Provenance("marcus.txt", "2026-11-30T09:00:00Z"))

    assert re.search(r"^persona:  # TODO", text, re.MULTILINE)
    assert re.search(r"^skills: \[\]  # TODO", text, re.MULTILINE)
    assert re.search(r"^preferences: \{\}  # TODO", text, re.MULTILINE)
    assert "start: '2019'  # TODO: the CV gives only the year" in text
    assert draft.persona is None and draft.linkedin_url is None


_CV_LINES = [*TEXT_CV.splitlines(), *MARKDOWN_CV.splitlines(), "Experience", "2019 - 2021", "• ", "Skills:"]


@given(st.lists(st.one_of(st.sampled_from(_CV_LINES), st.text(max_size=40)), max_size=40))
def test_any_text_gives_a_draft_of_its_own_words(lines: list[str]) -> None:
    """Shuffled CV lines and noise: the reader never fails and never writes what is not there."""
    text = "\n".join(lines)
    draft = parse_cv_text(text, NOW.date())
    rendered = yaml.safe_load(render_yaml(draft, Provenance("cv.txt", "2026-11-30T09:00:00Z")))

    assert isinstance(rendered, dict)
    assert not set(_leaves(draft)) - {value for value in _leaves(draft) if _in_words_of(text, value)}


def _in_words_of(text: str, value: str) -> bool:
    """``value`` is in the file's words: its list marks, Markdown marks, line breaks, page numbers
    ('2 of 3') and lines without a letter or digit aside (a paragraph the reader joined from
    several lines)."""
    page_number = re.compile(r"\s*(?:page\s*)?\d+\s*(?:of|/)\s*\d+\s*", re.IGNORECASE)
    lines = [
        line
        for line in re.split(r"\r\n|\r|\n", text)
        if any(ch.isalnum() for ch in line) and not page_number.fullmatch(line)
    ]
    words = re.sub(r"(?m)^\s*(?:[-\u2022]|\d+\.)\s+|[*_#]", "", "\n".join(lines))
    return value.isdigit() or contains_quote(words, re.sub(r"[*_#]", "", value))


def _fill_todos(text: str) -> str:
    """What a user does with the draft: write something on every TODO line."""
    filled = {
        "persona": "persona: I keep things running.",
        "skills": "skills: [{name: Core, skills: [Planning]}]",
        "headline": "headline: Operations",
    }
    lines = []
    for line in text.split("\n"):
        if "# TODO" in line and not line.lstrip().startswith("preferences"):
            key = line.split(":")[0].strip().lstrip("- ")
            indent = line[: len(line) - len(line.lstrip())]
            if key in ("start", "end"):
                year = re.search(r"'(\d{4})'", line)
                line = f"{indent}{key}: {year.group(1) if year else '2015'}-01"
            elif key == "achievements":
                line = f"{indent}achievements: [Did the work.]"
            else:
                line = indent + filled.get(key, f"{line.split(':')[0]}: filled in")
        lines.append(line)
    return "\n".join(lines)


def test_every_format_validates_once_the_todos_are_filled(tmp_path: Path) -> None:
    for path in _all_fixtures(tmp_path):
        folder = tmp_path / f"candidate-{path.stem}"
        out = folder / "master_cv.yaml"
        imported = draft_from_file(path, NOW)
        write_draft(imported, out, NOW, force=False)
        out.write_text(_fill_todos(out.read_text(encoding="utf-8")), encoding="utf-8")

        profile = load_candidate(folder)

        assert [(r.title, r.employer) for r in profile.roles] == [
            (r.title, r.employer) for r in imported.draft.roles
        ]
        assert import_provenance(folder) == {
            "imported_from": path.name,
            "imported_at": "2026-11-30T09:00:00Z",
        }


def test_a_complete_json_resume_loads_without_edits(tmp_path: Path) -> None:
    source = tmp_path / "resume.json"
    source.write_text(json.dumps(JSON_RESUME), encoding="utf-8")
    write_draft(draft_from_file(source, NOW), tmp_path / "master_cv.yaml", NOW, force=False)

    profile = load_candidate(tmp_path)

    assert profile.persona == "I build forecasting models that planners trust."
    assert profile.years_experience == 9


# -------------------------------------------------------------------------------- errors


def _scanned_pdf(path: Path) -> Path:
    page = _page(path)
    page.setFillGray(0.35)
    for row in range(30):  # grey bars where the scanned lines of text would be
        page.rect(40, A4[1] - 60 - row * 20, 400 - (row % 4) * 60, 8, stroke=0, fill=1)
    page.save()
    return path


def _encrypted_pdf(path: Path, tmp_path: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(two_column_pdf(tmp_path / "plain.pdf")))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("scan.pdf", lambda p, t: _scanned_pdf(p), ["no text layer", "OCR", "export"]),
        ("locked.pdf", _encrypted_pdf, ["password-protected", "unprotected copy"]),
        ("broken.docx", lambda p, t: p.write_bytes(b"PK\x03\x04 not really a zip"), ["not a readable Word"]),
        ("empty.md", lambda p, t: p.write_text(""), ["empty"]),
        ("blank.txt", lambda p, t: p.write_text("  \n\n\t"), ["no text"]),
        ("cv.odt", lambda p, t: p.write_text("hello"), ["unknown file type", ".docx"]),
        (
            "huge.txt",
            lambda p, t: os.truncate(p.write_text("x") and p, MAX_BYTES + 1),
            ["over the 10 MB limit"],
        ),
        ("broken.json", lambda p, t: p.write_text('{"basics": '), ["invalid JSON at line 1"]),
        ("other.json", lambda p, t: p.write_text('{"title": "x"}'), ["not a JSON Resume"]),
    ],
)
def test_unreadable_files_are_named_with_what_to_do(tmp_path: Path, name: str, make, says: list[str]) -> None:
    path = tmp_path / name
    make(path, tmp_path)

    with pytest.raises(CvImportError) as raised:
        draft_from_file(path, NOW)

    message = str(raised.value)
    assert message.startswith(str(path))
    for words in says:
        assert words in message


# ------------------------------------------------------------------------------ CLI, export


def jobintel(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jobintel_assets.cli", *args],
        cwd=cwd,
        env={},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_import_never_overwrites_without_force_and_keeps_a_backup(tmp_path: Path) -> None:
    (tmp_path / "lena.md").write_text(MARKDOWN_CV, encoding="utf-8")
    (tmp_path / "marcus.txt").write_text(TEXT_CV, encoding="utf-8")
    master = tmp_path / "data" / "candidate" / "master_cv.yaml"

    first = jobintel("cv", "import", "lena.md", cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "2 role(s)" in first.stdout and "persona" not in first.stdout.split("Still to fill in")[-1]
    written = master.read_text(encoding="utf-8")
    assert "Lena Fischer" in written

    refused = jobintel("cv", "import", "marcus.txt", cwd=tmp_path)
    assert refused.returncode == 2
    assert "--force" in refused.stdout and str(Path("data/candidate/master_cv.yaml")) in refused.stdout
    assert master.read_text(encoding="utf-8") == written

    forced = jobintel("cv", "import", "marcus.txt", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stdout + forced.stderr
    backups = list(master.parent.glob("master_cv.backup-*.yaml"))
    assert [b.read_text(encoding="utf-8") for b in backups] == [written]
    assert "MARCUS DELANEY" in master.read_text(encoding="utf-8")
    assert "persona: 1-3 sentences in your own voice" in forced.stdout

    missing = jobintel("cv", "import", "nowhere.pdf", cwd=tmp_path)
    assert missing.returncode == 2 and "nowhere.pdf" in missing.stdout


def test_export_json_resume_then_import_gives_the_same_roles(tmp_path: Path) -> None:
    profile = load_candidate(SAMPLE_CANDIDATE)
    exported = tmp_path / "alex.json"
    exported.write_text(export_json_resume(profile), encoding="utf-8")

    draft, _ = import_draft(exported)

    assert [(r.title, r.employer, r.start, r.end, r.location, r.achievements) for r in draft.roles] == [
        (r.title, r.employer, r.start, r.end, r.location, r.achievements) for r in profile.roles
    ]
    assert [(s.name, s.skills) for s in draft.skills] == [(s.name, s.skills) for s in profile.skills]
    assert [(e.degree, e.institution, e.year) for e in draft.education] == [
        (e.degree, e.institution, e.year) for e in profile.education
    ]
    assert (draft.name, draft.headline, draft.persona) == (profile.name, profile.headline, profile.persona)


def test_cli_export_writes_json_resume_of_the_master_cv(tmp_path: Path) -> None:
    candidate = tmp_path / "data" / "candidate"
    candidate.mkdir(parents=True)
    (candidate / "master_cv.yaml").write_text(
        (SAMPLE_CANDIDATE / "master_cv.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )

    result = jobintel("cv", "export", "--format", "json-resume", "--out", "alex.json", cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    resume = json.loads((tmp_path / "alex.json").read_text(encoding="utf-8"))
    assert resume["basics"]["name"] == "Alex Morgan"
    assert resume["work"][0]["position"] == "Senior Engineering Manager, Platform & Data"
    assert "endDate" not in resume["work"][0] and resume["work"][1]["endDate"] == "2023-06"


def test_draft_yaml_reads_back_as_written(tmp_path: Path) -> None:
    """Quotes and colons in CV text survive the YAML the draft is written as."""
    path = tmp_path / "odd.md"
    path.write_text(
        textwrap.dedent(
            """\
            # Sam O'Neill
            Engineer: platforms & "reliability"
            ## Experience
            ### Site Reliability Engineer — Acme Ltd
            2020-03 – present
            - Cut pages: from 40 to 12 a week (#oncall), with 'error budgets'.
            """
        ),
        encoding="utf-8",
    )
    draft, _ = import_draft(path)
    data = yaml.safe_load(render_yaml(draft, Provenance("odd.md", "2026-11-30T09:00:00Z")))

    assert data["headline"] == 'Engineer: platforms & "reliability"'
    assert data["roles"][0]["achievements"] == [
        "Cut pages: from 40 to 12 a week (#oncall), with 'error budgets'."
    ]
    assert data["roles"][0]["start"] == "2020-03"


def test_candidate_profile_metadata_names_the_imported_cv(jobintel_env: Path) -> None:
    import dagster as dg

    from jobintel_assets.defs.definitions import CANDIDATE_JOB, build_definitions

    source = jobintel_env / "lena.md"
    source.write_text(MARKDOWN_CV, encoding="utf-8")
    write_draft(draft_from_file(source, NOW), jobintel_env / "candidate" / "master_cv.yaml", NOW, force=True)

    result = (
        build_definitions()
        .resolve_job_def(CANDIDATE_JOB)
        .execute_in_process(instance=dg.DagsterInstance.get())
    )

    assert result.success
    (event,) = result.get_asset_materialization_events()
    metadata = event.materialization.metadata
    assert metadata["imported_from"].value == "lena.md"
    assert metadata["imported_at"].value == "2026-11-30T09:00:00Z"
    assert metadata["name"].value == "Lena Fischer"


# ------------------------------------------------------------------------------ with a model


def _model(fake_openai) -> object:
    from jobintel_assets.defs.resources import ProvidersResource

    providers = ProvidersResource(
        companies_dir=".", openai_api_key="sk-test", openai_base_url=f"{fake_openai.url}/v1"
    )
    return providers.llm()


def test_cli_import_with_a_model_configured_reads_through_it(tmp_path: Path, fake_openai) -> None:
    (tmp_path / "marcus.txt").write_text(TEXT_CV, encoding="utf-8")
    env = {"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": f"{fake_openai.url}/v1"}

    result = subprocess.run(
        [sys.executable, "-m", "jobintel_assets.cli", "cv", "import", "marcus.txt"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    (request,) = fake_openai.chat_requests()
    assert "Task: cv_import" in request["body"]["messages"][1]["content"]
    written = (tmp_path / "data" / "candidate" / "master_cv.yaml").read_text(encoding="utf-8")
    assert re.search(
        r"^imported_with: model \S+ \(openai-compatible@127\.0\.0\.1:\d+\)", written, re.MULTILINE
    )
    assert "Lakeshore Freight Inc." in written
    assert "read by the model" in result.stdout and "0 value(s) it gave are not in the file" in result.stdout


def test_cli_import_offline_does_not_call_the_configured_model(tmp_path: Path, fake_openai) -> None:
    (tmp_path / "marcus.txt").write_text(TEXT_CV, encoding="utf-8")
    env = {"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": f"{fake_openai.url}/v1"}

    result = subprocess.run(
        [sys.executable, "-m", "jobintel_assets.cli", "cv", "import", "marcus.txt", "--offline"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert fake_openai.chat_requests() == []
    assert "imported_with" not in (tmp_path / "data" / "candidate" / "master_cv.yaml").read_text(
        encoding="utf-8"
    )


def test_what_the_model_invents_is_dropped_and_what_only_it_found_is_marked(
    tmp_path: Path, fake_openai
) -> None:
    from jobintel_assets.cv_import.model import CvImportInputs, ModelRole, heuristic

    offline = heuristic(CvImportInputs(text=TEXT_CV))
    dispatcher = offline.roles[3]
    answer = offline.model_copy(
        update={
            "roles": [
                offline.roles[0].model_copy(
                    update={
                        "achievements": [*offline.roles[0].achievements, "Saved the company $4m in 2019."]
                    }
                ),
                ModelRole(  # a job the CV does not mention
                    title="Chief Operating Officer",
                    employer="Globex Logistics",
                    start="2021-01",
                    end="present",
                    location=None,
                    summary=None,
                    achievements=["Doubled revenue."],
                ),
                *offline.roles[1:3],
                dispatcher.model_copy(update={"location": "Joliet, IL", "end": "2015-05"}),
            ],
            "summary": "Operations leader with 20 years of experience.",
        }
    )
    fake_openai.script.append({"content": answer.model_dump_json()})
    path = tmp_path / "marcus.txt"
    path.write_text(TEXT_CV, encoding="utf-8")

    imported = draft_from_file(path, NOW, _model(fake_openai))
    text = render_yaml(
        imported.draft, Provenance("marcus.txt", "2026-11-30T09:00:00Z", imported.structured_by)
    )

    assert [r.title for r in imported.draft.roles] == [r.title for r in offline.roles]
    assert "Saved the company $4m in 2019." not in imported.draft.roles[0].achievements
    assert imported.draft.persona is None  # the invented summary is not in the CV
    assert imported.draft.roles[3].end is None  # May 2015 is not a date the CV writes
    assert imported.dropped == 4  # the bullet, the invented role (whole), the summary, the end date
    assert imported.draft.roles[3].location == "Joliet, IL"
    assert "location: Joliet, IL  # from the model" in text
    for value in _leaves(imported.draft):
        assert contains_quote(TEXT_CV, value), value
