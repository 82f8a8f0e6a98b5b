"""Write the benchmark's Word and PDF CVs into set1/ to set5/.

Run once with `.venv/bin/python bench/cv_import/make_documents.py`; the files are committed.
They use layouts the importer was not written against: dates in a table column beside each role,
dates right-aligned on the title line, a sidebar on the right of the main column (set1); headings
as bold capitals, dates in brackets, numbered lists, a LinkedIn profile over two pages, a name
across the top of a two-column page (set2); title, employer and dates on three lines, employer
above the title with 'YYYY.MM' dates, prose instead of bullets (set3); an academic CV with
'Academic appointments', roles as Word headings, a sidebar that opens with the name (set4); one
Word table row per role with its bullets inside the cell, employer over title with the location
right-aligned, a LinkedIn profile with wrapped descriptions (set5).
"""

from __future__ import annotations

from pathlib import Path

import docx
import matplotlib
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

HERE = Path(__file__).resolve().parent
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def accountant_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Gareth Pryce ACCA", level=0)
    document.add_paragraph("Financial Controller  |  Leeds  |  07700 900654  |  gareth.pryce@example.co.uk")
    document.add_heading("Profile", level=1)
    document.add_paragraph(
        "ACCA-qualified finance lead for food manufacturing, comfortable owning the "
        "month-end, the budget and the auditors."
    )
    document.add_heading("Career History", level=1)
    roles = [
        (
            "Jan 2017 – Present",
            "Financial Controller",
            "Brightwater Foods Ltd, Leeds",
            [
                "Cut the month-end close from 12 to 5 working days by moving reconciliations "
                "into Sage Intacct.",
                "Own the £64m revenue budget and the monthly board pack.",
                "Led the 2021 refinancing, securing a £9m revolving credit facility.",
                "Manage a team of 6 across accounts payable, receivable and payroll.",
            ],
        ),
        (
            "May 2014 – Dec 2016",
            "Management Accountant",
            "Brightwater Foods Ltd, Leeds",
            [
                "Built the product-line margin model that led to dropping 40 loss-making SKUs.",
                "Prepared the statutory accounts and audit file with no adjustments in 2015 or 2016.",
            ],
        ),
        (
            "Sep 2011 – Apr 2014",
            "Assistant Accountant",
            "Carter & Lowe LLP, Bradford",
            [
                "Prepared VAT returns and management accounts for 35 SME clients.",
                "Automated bank reconciliations in Excel, saving 2 days a month.",
            ],
        ),
    ]
    for dates, title, employer, bullets in roles:
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = dates
        cell = table.cell(0, 1)
        cell.text = title
        cell.add_paragraph(employer)
        for bullet in bullets:
            document.add_paragraph(bullet, style="List Bullet")
    document.add_heading("Qualifications", level=1)
    document.add_paragraph("ACCA, Association of Chartered Certified Accountants, 2015")
    document.add_paragraph("BA (Hons) Accounting and Finance, Leeds Beckett University, 2011")
    document.add_heading("Key Skills", level=1)
    document.add_paragraph("Sage Intacct, Excel (Power Query), IFRS 15, Budgeting, Cash-flow forecasting")
    document.save(str(path))


class _Page:
    """An A4 PDF written top to bottom like a word processor (lines, wrapped paragraphs, a date
    on the right), or with text placed at (x, y); y counts from the top of the page."""

    LEFT, RIGHT, TOP = 50.0, A4[0] - 50.0, 40.0

    def __init__(self, path: Path):
        if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
        self.canvas = Canvas(str(path), pagesize=A4)
        self.size = 10.0
        self.y = self.TOP

    def text(self, x: float, y: float, text: str) -> None:
        self.canvas.setFont("DejaVu", self.size)
        self.canvas.drawString(x, A4[1] - y, text)

    def line(
        self,
        text: str,
        height: float,
        x: float | None = None,
        right: str = "",
        before: str = "",
        centred: bool = False,
    ) -> None:
        baseline = self.y + 0.75 * height
        self.canvas.setFont("DejaVu", self.size)
        if centred:
            self.canvas.drawCentredString(A4[0] / 2, A4[1] - baseline, text)
        else:
            self.canvas.drawString(x or self.LEFT, A4[1] - baseline, text)
        if before:
            self.canvas.drawString(self.LEFT, A4[1] - baseline, before)
        if right:
            self.canvas.drawRightString(self.RIGHT, A4[1] - baseline, right)
        self.y += height

    def wrapped(self, text: str, height: float, x: float | None = None, width: float | None = None) -> None:
        left = x or self.LEFT
        for piece in simpleSplit(text, "DejaVu", self.size, width or self.RIGHT - left):
            self.line(piece, height, x=left)

    def gap(self, height: float) -> None:
        self.y += height

    def rows(self, rows: list[tuple[float, float, str, float]]) -> None:
        """(x, y, text, font size) drawn top to bottom across the columns, as table-based
        templates draw them, so the PDF's text order alternates between the columns."""
        for x, y, text, size in sorted(rows, key=lambda row: row[1]):
            self.size = size
            self.text(x, y, text)

    def new_page(self) -> None:
        self.canvas.showPage()
        self.y = self.TOP

    def save(self) -> None:
        self.canvas.save()


def marketing_pdf(path: Path) -> None:
    page = _Page(path)
    page.size = 20
    page.line("Chloe Adeyemi", 26)
    page.size = 10
    page.line("Marketing Manager  ·  London  ·  chloe.adeyemi@example.com  ·  +44 20 7946 0321", 14)
    page.gap(10)

    def heading(text: str) -> None:
        page.gap(6)
        page.size = 12
        page.line(text.upper(), 16)
        page.size = 10

    heading("Summary")
    page.wrapped(
        "Marketer for direct-to-consumer brands, from paid social to CRM. I like a clear "
        "test plan and a dashboard everyone reads.",
        13,
    )
    heading("Experience")
    roles = [
        (
            "Marketing Manager",
            "Mar 2020 – Present",
            "Petalpost, London",
            [
                "Grew subscription revenue from £2.1m to £5.8m in three years with a CRM "
                "lifecycle programme.",
                "Managed a £1.2m paid-social budget at a blended CAC of £18.",
                "Hired and lead a team of 4 marketers.",
            ],
        ),
        (
            "Digital Marketing Executive",
            "Jun 2017 – Feb 2020",
            "Harbour Travel Group, Brighton",
            [
                "Ran PPC campaigns across 3 brands with a return on ad spend of 6.4.",
                "Rebuilt the email welcome series, lifting first-booking conversion by 22%.",
                "Moved reporting from spreadsheets to Google Data Studio for 12 stakeholders.",
            ],
        ),
        (
            "Marketing Assistant",
            "Aug 2015 – May 2017",
            "Harbour Travel Group, Brighton",
            [
                "Coordinated 30 brochure and partner campaigns a year.",
                "Wrote weekly social posts, growing Instagram followers from 4,000 to 19,000.",
            ],
        ),
    ]
    for title, dates, employer, bullets in roles:
        page.size = 11
        page.line(title, 15, right=dates)
        page.size = 10
        page.line(employer, 14)
        for bullet in bullets:
            page.wrapped(f"•  {bullet}", 13)
        page.gap(6)
    heading("Education")
    page.line("BA Marketing, University of Sussex, 2015", 14)
    heading("Skills")
    page.wrapped("CRM (Braze), Meta Ads, Google Ads, GA4, SQL (basic), Copywriting", 13)
    page.save()


def product_manager_pdf(path: Path) -> None:
    """Main column on the left, a sidebar on the right; both drawn row by row."""
    main = [
        ("Arjun Mehta", 18),
        ("Senior Product Manager", 11),
        ("Experience", 12),
        ("Tidewater Software | Senior Product Manager", 10),
        ("06/2021 – Present", 9),
        ("– Own the scheduling product (90,000 weekly users) and its roadmap.", 9),
        ("– Launched recurring bookings, adding £1.4m ARR in the first year.", 9),
        ("– Cut churn among small clinics from 3.1% to 2.2% a month.", 9),
        ("Tidewater Software | Product Manager", 10),
        ("01/2019 – 05/2021", 9),
        ("– Shipped the payments integration with Stripe used by 4,000 clinics.", 9),
        ("– Ran 60 customer interviews to reshape onboarding.", 9),
        ("Keystone Insurance | Business Analyst", 10),
        ("09/2016 – 12/2018", 9),
        ("– Wrote requirements for the claims portal rebuild.", 9),
        ("– Mapped 25 claims processes, removing 8 manual hand-offs.", 9),
        ("Education", 12),
        ("BSc Economics, University of Warwick, 2016", 9),
    ]
    sidebar = [
        "Contact",
        "arjun.mehta@example.com",
        "+44 7700 900987",
        "Manchester, UK",
        "Skills",
        "Product discovery",
        "Roadmapping",
        "SQL",
        "Amplitude",
        "Jira",
        "Certifications",
        "Certified Scrum Product Owner (CSPO)",
        "Languages",
        "English, Hindi",
    ]
    rows = [(50, 60 + i * 24, text, size) for i, (text, size) in enumerate(main)]
    rows += [(400, 64 + i * 20, text, 9) for i, text in enumerate(sidebar)]
    page = _Page(path)
    page.rows(rows)
    page.save()


def pharmacist_docx(path: Path) -> None:
    document = docx.Document()

    def bold_line(text: str) -> None:
        document.add_paragraph().add_run(text).bold = True

    bold_line("ELERI WATKINS MPharm")
    document.add_paragraph(
        "GPhC registered pharmacist | Cardiff | eleri.watkins@example.co.uk | 029 2018 0456"
    )
    bold_line("PROFILE:")
    document.add_paragraph(
        "Community pharmacist running a busy high-street branch with a growing clinical "
        "service, including the Welsh Common Ailments Service and independent prescribing."
    )
    bold_line("WORK EXPERIENCE:")
    bold_line("Community Pharmacist – Wellway Pharmacy, Cardiff (Feb 2019 – Present)")
    for bullet in [
        "Responsible pharmacist for a branch dispensing 11,000 items a month.",
        "Launched a blood-pressure check service that saw 1,400 patients in its first year.",
        "Supervise 2 technicians and 4 dispensing assistants.",
    ]:
        document.add_paragraph(bullet, style="List Bullet")
    bold_line("Pre-registration Pharmacist – Cardiff and Vale University Health Board (Jul 2017 – Jul 2018)")
    for bullet in [
        "Rotated through medicines information, aseptics and ward pharmacy.",
        "Completed a medicines-reconciliation audit of 200 admissions.",
    ]:
        document.add_paragraph(bullet, style="List Number")
    bold_line("Pharmacy Technician (part-time) – Wellway Pharmacy, Cardiff (Sep 2013 – Jun 2017)")
    document.add_paragraph("Dispensed and checked prescriptions while studying.", style="List Bullet")
    bold_line("EDUCATION:")
    document.add_paragraph("MPharm Pharmacy (2:1), Cardiff University, 2017")
    bold_line("SKILLS:")
    document.add_paragraph("Independent prescribing; Clinical checks; Patient counselling; ProScript Connect")
    document.save(str(path))


def sales_linkedin_pdf(path: Path) -> None:
    """LinkedIn's 'Save to PDF' shape, the experience running onto a second page."""
    sidebar = [
        "Contact",
        "tom.achterberg@example.nl",
        "www.linkedin.com/in/tom-achterberg-example (LinkedIn)",
        "Top Skills",
        "Medical Devices",
        "Key Account Management",
        "Salesforce.com",
        "Languages",
        "Dutch (Native or Bilingual)",
        "English (Professional Working)",
        "German (Limited Working)",
    ]
    page_one = [
        ("Tom Achterberg", 18),
        ("Regional Sales Director Benelux at Corvane Medical", 10),
        ("Utrecht, Utrecht, Netherlands", 9),
        ("Summary", 12),
        ("Medical-device sales leader; I build teams that hospitals like buying from.", 9),
        ("Experience", 12),
        ("Corvane Medical", 10),
        ("8 years 10 months", 9),
        ("Regional Sales Director", 10),
        ("January 2021 - Present (5 years 11 months)", 9),
        ("Utrecht, Netherlands", 9),
        ("Lead 9 account managers covering 140 hospitals in the Benelux.", 9),
        ("Grew regional revenue from €18m to €27m in three years.", 9),
        ("Account Executive", 10),
        ("April 2018 - December 2020 (2 years 9 months)", 9),
    ]
    page_two = [
        ("Closed the largest single order in company history, €3.2m for 6 hospitals.", 9),
        ("Ranked first of 22 account executives in 2019.", 9),
        ("Sales Development Representative", 10),
        ("February 2017 - March 2018 (1 year 2 months)", 9),
        ("Booked 410 qualified meetings for the account executives.", 9),
        ("Baxfield Devices", 10),
        ("Territory Sales Manager", 10),
        ("June 2013 - January 2017 (3 years 8 months)", 9),
        ("Rotterdam, Netherlands", 9),
        ("Opened 35 new hospital accounts in South Holland.", 9),
        ("Achieved 118% of target in 2015 and 124% in 2016.", 9),
        ("Education", 12),
        ("Erasmus University Rotterdam", 10),
        ("Bachelor of Business Administration - BBA, Business · (2009 - 2013)", 9),
    ]
    page = _Page(path)
    page.size = 9
    for i, text in enumerate(sidebar):
        page.text(30, 50 + i * 16, text)
    for i, (text, size) in enumerate(page_one):
        page.size = size
        page.text(215, 48 + i * 22, text)
    page.size = 8
    page.text(270, 820, "Page 1 of 2")
    page.new_page()
    for i, (text, size) in enumerate(page_two):
        page.size = size
        page.text(215, 48 + i * 22, text)
    page.size = 8
    page.text(270, 820, "Page 2 of 2")
    page.save()


def software_architect_pdf(path: Path) -> None:
    """Name and title across the top; then the main column left and a skills sidebar right."""
    main = [
        "Experience",
        "Lead Architect",
        "Fjordline Systems AS, Bergen",
        "2019 – now",
        "▪ Designed the event-sourced booking platform for 14 ferry routes (Java, Kafka).",
        "▪ Led the move of 40 services to Azure Kubernetes Service.",
        "▪ Chair the architecture board of 8 teams.",
        "Senior Developer",
        "Fjordline Systems AS, Bergen",
        "2015 – 2019",
        "▪ Built the passenger check-in API handling 2 million journeys a year.",
        "▪ Introduced trunk-based development and cut release time from 2 weeks to 1 day.",
        "Developer",
        "Hordaland Data AS, Bergen",
        "2011 – 2015",
        "▪ Maintained the municipal payroll system in C# and SQL Server.",
        "▪ Wrote the integration with the national tax authority's API.",
        "Education",
        "MSc Informatics, University of Bergen, 2011",
    ]
    sidebar = [
        "Skills",
        "Java",
        "Kafka",
        "Azure",
        "Kubernetes",
        "C#",
        "Domain-driven design",
        "Languages",
        "Norwegian",
        "English",
    ]
    page = _Page(path)
    page.size = 20
    page.text(50, 50, "Ingrid Solheim")
    page.size = 10
    page.text(50, 66, "Software Architect · ingrid.solheim@example.no · Bergen, Norway")
    rows = [(50, 100 + i * 18, text, 10) for i, text in enumerate(main)]
    rows += [(420, 104 + i * 22, text, 10) for i, text in enumerate(sidebar)]
    page.rows(rows)
    page.save()


def nurse_practitioner_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Angela M. Ruiz, MSN, APRN, FNP-BC", level=0)
    document.add_paragraph("Des Moines, IA · (515) 555-0199 · angela.ruiz@example.com")
    document.add_heading("Professional Summary", level=1)
    document.add_paragraph(
        "Board-certified family nurse practitioner with 12 years of acute and primary care experience."
    )
    document.add_heading("Professional Experience", level=1)
    roles = [
        (
            "Nurse Practitioner",
            "Mercy Regional Medical Center — Des Moines, IA",
            "June 2019 – Present",
            [
                "Manage a panel of 1,100 primary-care patients with chronic conditions.",
                "Cut 30-day readmissions for heart-failure patients from 21% to 14%.",
                "Precept 4 NP students a year from Drake University.",
            ],
        ),
        (
            "Registered Nurse, ICU",
            "Mercy Regional Medical Center — Des Moines, IA",
            "August 2014 – May 2019",
            [
                "Cared for 2 critically ill patients per shift in a 24-bed medical ICU.",
                "Led the unit's CLABSI-reduction project; zero infections in 18 months.",
            ],
        ),
        (
            "Staff Nurse",
            "Iowa Lutheran Hospital — Des Moines, IA",
            "January 2012 – July 2014",
            [
                "Med-surg nursing on a 32-bed unit.",
                "Super-user for the Epic go-live in 2013.",
            ],
        ),
    ]
    for title, employer, dates, bullets in roles:
        document.add_paragraph().add_run(title).bold = True
        document.add_paragraph(employer)
        document.add_paragraph().add_run(dates).italic = True
        for bullet in bullets:
            document.add_paragraph(bullet, style="List Bullet")
    document.add_heading("Education", level=1)
    document.add_paragraph("MSN, Family Nurse Practitioner — Allen College, 2019")
    document.add_paragraph("BSN — Grand View University, 2011")
    document.add_heading("Licenses & Certifications", level=1)
    document.add_paragraph("APRN License, Iowa")
    document.add_paragraph("FNP-BC, American Nurses Credentialing Center")
    document.save(str(path))


def graphic_designer_pdf(path: Path) -> None:
    page = _Page(path)
    page.size = 22
    page.line("Sanne de Vries", 28)
    page.size = 10
    page.line("Graphic designer — Amsterdam — sanne@example.nl", 14)
    page.gap(12)
    page.size = 13
    page.line("Work experience", 18)
    roles = [
        (
            "Studio Rook, Amsterdam",
            "Senior Graphic Designer",
            "2020.03 – 2023.08",
            [
                "Art-directed the rebrand of a national museum, from logo to 40 exhibition posters, "
                "delivered in 9 months.",
                "Designed packaging for 12 organic food products sold in 800 supermarkets.",
                "Mentored 2 junior designers.",
            ],
        ),
        (
            "Studio Rook, Amsterdam",
            "Graphic Designer",
            "2017.09 – 2020.02",
            [
                "Laid out 3 annual reports for listed companies in InDesign.",
                "Built the studio's type and grid system used on every project since.",
            ],
        ),
        (
            "Pixelhaven, Utrecht",
            "Junior Designer",
            "2015.06 – 2017.08",
            [
                "Produced social-media assets for 15 retail clients.",
                "Retouched product photography for a webshop with 5,000 items.",
            ],
        ),
    ]
    for employer, title, dates, bullets in roles:
        page.size = 11
        page.line(employer, 15)
        page.size = 10
        page.line(title, 14)
        page.line(dates, 14)
        for bullet in bullets:
            page.wrapped(f"- {bullet}", 13, width=300)
        page.gap(8)
    page.size = 13
    page.line("Education", 18)
    page.size = 10
    page.line("BA Graphic Design, Gerrit Rietveld Academie, 2015", 14)
    page.size = 13
    page.line("Tools", 18)
    page.size = 10
    page.line("InDesign, Illustrator, Photoshop, Figma, Glyphs", 14)
    page.save()


def project_manager_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Callum Whitfield", level=0)
    document.add_paragraph("Programme manager, social housing · Newcastle upon Tyne · callum.w@example.org")
    document.add_heading("Experience", level=1)
    roles = [
        (
            "Programme Manager, Ashgrove Housing Association | 2018 – present",
            "I run the £120m capital programme that is retrofitting 3,400 homes to EPC C by 2028. "
            "So far 1,900 homes are done, on budget, with tenant satisfaction at 91%.",
        ),
        (
            "Project Manager, Ashgrove Housing Association | 2014 – 2018",
            "Delivered 6 new-build schemes totalling 420 homes. I introduced a shared risk "
            "register with contractors that cut defects at handover by a third. I also chaired "
            "the tenant design panel.",
        ),
        (
            "Project Coordinator, Lindqvist Construction | 2011 – 2014",
            "Coordinated programmes and subcontractors on school and care-home builds worth £2m to £9m.",
        ),
    ]
    for header, prose in roles:
        document.add_paragraph().add_run(header).bold = True
        document.add_paragraph(prose)
    document.add_heading("Qualifications", level=1)
    document.add_paragraph("MSc Construction Project Management, Northumbria University, 2013")
    document.add_paragraph("PRINCE2 Practitioner")
    document.add_heading("Skills", level=1)
    document.add_paragraph("Programme management; Stakeholder engagement; NEC4 contracts; MS Project")
    document.save(str(path))


def academic_pdf(path: Path) -> None:
    page = _Page(path)
    page.size = 18
    page.line("Dr Morag Fyfe", 24, centred=True)
    page.size = 10
    page.line("School of Social and Political Sciences, University of Glasgow", 14, centred=True)
    page.line("morag.fyfe@example.ac.uk", 14, centred=True)
    page.gap(10)

    def heading(text: str) -> None:
        page.gap(6)
        page.size = 12
        page.line(text, 16)
        page.size = 10

    heading("Academic Appointments")
    roles = [
        (
            "2018–present",
            "Lecturer in Sociology, University of Glasgow",
            [
                "Convene the second-year Social Theory course (220 students).",
                "Supervise 4 PhD students.",
            ],
        ),
        (
            "2015–2018",
            "Postdoctoral Research Fellow, London School of Economics",
            [
                "ESRC-funded project on precarious work in the gig economy; 60 interviews.",
                "Co-organised an international workshop with 45 participants.",
            ],
        ),
        (
            "2013–2015",
            "Teaching Fellow, University of Kent",
            [
                "Taught introductory sociology seminars to 90 first-year students.",
            ],
        ),
    ]
    for dates, role, bullets in roles:
        page.line(role, 14, x=140, before=dates)
        for bullet in bullets:
            page.wrapped(f"•  {bullet}", 13, x=140)
    heading("Education")
    page.line("PhD Sociology, University of Edinburgh", 14, x=140, before="2013")
    page.line("MA (Hons) Sociology, University of Aberdeen", 14, x=140, before="2009")
    heading("Selected Publications")
    page.wrapped(
        "Fyfe, M. (2021) Platform time: scheduling and control in app-based work. "
        "Work, Employment and Society 35(4).",
        13,
    )
    page.save()


def software_dev_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Hamza Siddiqui", level=0)
    document.add_paragraph("Backend developer (Python, Go) · Birmingham · hamza.s@example.com · 07700 900113")
    document.add_heading("Work Experience", level=1)
    roles = [
        (
            "Backend Developer — Kestrel Analytics",
            "March 2019 – Present",
            [
                "Built the ingestion service in Go that loads 2 TB of telemetry a day.",
                "Cut the nightly batch from 5 hours to 40 minutes by moving it to Spark.",
                "On-call lead for the data platform.",
            ],
        ),
        (
            "Software Developer (Contract) — Northgate Logistics",
            "January 2018 – February 2019",
            [
                "Rewrote the route-planning API in Python (FastAPI).",
                "Added integration tests that caught 30 regressions before release.",
            ],
        ),
        (
            "Junior Developer — Pebble Digital",
            "July 2016 – December 2017",
            [
                "Maintained 20 client WordPress sites.",
                "Built a booking plugin used by 12 clients.",
            ],
        ),
        (
            "Web Development Intern — Pebble Digital",
            "June 2015 – September 2015",
            [
                "Built landing pages in HTML, CSS and JavaScript.",
            ],
        ),
    ]
    for header, dates, bullets in roles:
        document.add_heading(header, level=2)
        document.add_heading(dates, level=3)
        for bullet in bullets:
            document.add_paragraph(bullet, style="List Bullet")
    document.add_heading("Education", level=1)
    document.add_paragraph("BSc Computer Science, Aston University, 2016")
    document.add_heading("Technical Skills", level=1)
    document.add_paragraph("Languages: Python, Go, SQL")
    document.add_paragraph("Tools: Docker, Kubernetes, Spark, PostgreSQL")
    document.save(str(path))


def customer_success_pdf(path: Path) -> None:
    """A narrow sidebar on the left that opens with the name; the main column draws bullets '●'."""
    sidebar = [
        ("Maya Lindqvist", 14),
        ("Customer Success Manager", 9),
        ("Contact", 11),
        ("maya.lindqvist@example.se", 8),
        ("+46 70 123 45 67", 8),
        ("Malmö, Sweden", 8),
        ("Skills", 11),
        ("Onboarding", 8),
        ("Renewals", 8),
        ("Gainsight", 8),
        ("Salesforce", 8),
        ("Languages", 11),
        ("Swedish, English", 8),
    ]
    main = [
        ("Experience", 13),
        ("Customer Success Manager", 11),
        ("Lumenary · Sep 2021 – Present", 9),
        ("● Own 45 mid-market accounts worth €3.1m ARR with 96% gross retention.", 9),
        ("● Built the onboarding playbook that cut time-to-value from 60 to 25 days.", 9),
        ("● Run quarterly business reviews with customer executives.", 9),
        ("Account Manager", 11),
        ("Brightline Telecom · Feb 2018 – Aug 2021", 9),
        ("● Grew a book of 300 SME accounts by 18% a year.", 9),
        ("● Won the 2019 regional retention award.", 9),
        ("Customer Support Agent", 11),
        ("Brightline Telecom · May 2016 – Jan 2018", 9),
        ("● Resolved 60 tickets a day at 94% satisfaction.", 9),
        ("Education", 13),
        ("BA Business and Economics, Lund University, 2016", 9),
    ]
    rows = [(40, 60 + i * 24, text, size) for i, (text, size) in enumerate(sidebar)]
    rows += [(200, 62 + i * 20, text, size) for i, (text, size) in enumerate(main)]
    page = _Page(path)
    page.rows(rows)
    page.save()


def hr_manager_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Rachel Ainsworth CIPD", level=0)
    document.add_paragraph("HR Business Partner · Huddersfield · rachel.ainsworth@example.co.uk")
    document.add_heading("Career summary", level=1)
    document.add_paragraph("Chartered HR generalist for manufacturing sites with 400 to 1,200 employees.")
    document.add_heading("Employment history", level=1)
    table = document.add_table(rows=0, cols=2)
    roles = [
        (
            "2018 – Present",
            "HR Business Partner",
            "Calder Manufacturing plc, Huddersfield",
            [
                "Partner the operations director for 3 sites and 1,100 employees.",
                "Led the 2022 collective consultation with no tribunal claims.",
                "Cut absence from 6.1% to 3.9% with a new attendance policy.",
            ],
        ),
        (
            "2015 – 2018",
            "HR Advisor",
            "Calder Manufacturing plc, Huddersfield",
            [
                "Handled 60 employee-relations cases a year.",
                "Rolled out the first HR system (Cezanne) for 700 staff.",
            ],
        ),
        (
            "2012 – 2015",
            "HR Assistant",
            "Pennine Care Group, Oldham",
            [
                "Ran recruitment administration for 200 hires a year.",
            ],
        ),
    ]
    for dates, title, employer, bullets in roles:
        dates_cell, role_cell = table.add_row().cells
        dates_cell.text = dates
        role_cell.paragraphs[0].add_run(title).bold = True
        role_cell.add_paragraph(employer)
        for bullet in bullets:
            role_cell.add_paragraph(bullet, style="List Bullet")
    document.add_heading("Education and qualifications", level=1)
    document.add_paragraph("CIPD Level 7 Advanced Diploma, University of Huddersfield, 2017")
    document.add_paragraph("BA (Hons) Business Management, Manchester Metropolitan University, 2012")
    document.save(str(path))


def data_scientist_pdf(path: Path) -> None:
    page = _Page(path)
    page.size = 20
    page.line("Euan MacLeod", 26)
    page.size = 10
    page.line("Data scientist  |  euan.macleod@example.com  |  +44 131 496 0512", 14)
    page.gap(8)
    page.size = 13
    page.line("Experience", 18)
    roles = [
        (
            "Octavia Bank",
            "Edinburgh",
            "Senior Data Scientist — April 2021 – Present",
            [
                "Built the credit-limit model used for 1.2 million cards, cutting charge-offs by 9%.",
                "Moved model training from notebooks to a tested Python package with CI.",
                "Lead a guild of 15 data scientists across the bank.",
            ],
        ),
        (
            "Octavia Bank",
            "Edinburgh",
            "Data Scientist — September 2018 – March 2021",
            [
                "Wrote the customer-churn model that targets 20,000 retention calls a month.",
                "Presented model risk reviews to the bank's model governance committee every quarter.",
            ],
        ),
        (
            "Caledonian Insurance",
            "Perth",
            "Analyst — July 2016 – August 2018",
            [
                "Automated the weekly claims report in SQL and R.",
                "Priced 3 home-insurance products with generalised linear models.",
            ],
        ),
    ]
    for employer, place, title_and_dates, bullets in roles:
        page.size = 11
        page.line(employer, 15, right=place)
        page.size = 10
        page.line(title_and_dates, 14)
        for bullet in bullets:
            page.wrapped(f"•  {bullet}", 13, width=320)
        page.gap(6)
    page.size = 13
    page.line("Education", 18)
    page.size = 10
    page.line("MSc Statistics, University of Edinburgh, 2016", 14)
    page.size = 13
    page.line("Skills", 18)
    page.size = 10
    page.line("Python, SQL, R, scikit-learn, XGBoost, Airflow", 14)
    page.save()


def ops_linkedin_pdf(path: Path) -> None:
    """LinkedIn's 'Save to PDF' shape with descriptions wrapped over several lines."""
    sidebar = [
        ("Contact", 11),
        ("priya.shah@example.com", 8),
        ("www.linkedin.com/in/priya-shah-ops", 8),
        ("(LinkedIn)", 8),
        ("Top Skills", 11),
        ("Port Operations", 8),
        ("Lean Six Sigma", 8),
        ("Stakeholder Management", 8),
    ]
    main = [
        ("Priya Shah", 18),
        ("Operations Director at Keelson Shipping", 10),
        ("Southampton, England, United Kingdom", 9),
        ("Experience", 13),
        ("Keelson Shipping", 10),
        ("9 years 8 months", 9),
        ("Operations Director", 10),
        ("February 2020 - Present (5 years 10 months)", 9),
        ("Southampton, England, United Kingdom", 9),
        ("Run vessel and terminal operations for 14 routes with a team of 120. Cut", 9),
        ("average port turnaround from 31 to 22 hours in two years.", 9),
        ("Operations Manager", 10),
        ("May 2016 - January 2020 (3 years 9 months)", 9),
        ("Managed day-to-day berth planning for 2,000 calls a year. Introduced a", 9),
        ("shared planning board with the terminal that halved berth clashes.", 9),
        ("Solent Terminals", 10),
        ("Port Planner", 10),
        ("September 2012 - April 2016 (3 years 8 months)", 9),
        ("Planned yard and quay resources for container and ro-ro traffic.", 9),
        ("Education", 13),
        ("University of Plymouth", 10),
        ("BSc, Maritime Business · (2009 - 2012)", 9),
    ]
    page = _Page(path)
    page.rows(
        [(30, 50 + i * 18, text, size) for i, (text, size) in enumerate(sidebar)]
        + [(200, 48 + i * 19, text, size) for i, (text, size) in enumerate(main)]
    )
    page.size = 8
    page.text(270, 820, "Page 1 of 1")
    page.save()


if __name__ == "__main__":
    accountant_docx(HERE / "set1" / "accountant.docx")
    marketing_pdf(HERE / "set1" / "marketing.pdf")
    product_manager_pdf(HERE / "set1" / "product_manager.pdf")
    pharmacist_docx(HERE / "set2" / "pharmacist.docx")
    sales_linkedin_pdf(HERE / "set2" / "sales_linkedin.pdf")
    software_architect_pdf(HERE / "set2" / "software_architect.pdf")
    nurse_practitioner_docx(HERE / "set3" / "nurse_practitioner.docx")
    graphic_designer_pdf(HERE / "set3" / "graphic_designer.pdf")
    project_manager_docx(HERE / "set3" / "project_manager.docx")
    academic_pdf(HERE / "set4" / "academic.pdf")
    software_dev_docx(HERE / "set4" / "software_dev.docx")
    customer_success_pdf(HERE / "set4" / "customer_success.pdf")
    hr_manager_docx(HERE / "set5" / "hr_manager.docx")
    data_scientist_pdf(HERE / "set5" / "data_scientist.pdf")
    ops_linkedin_pdf(HERE / "set5" / "ops_linkedin.pdf")
