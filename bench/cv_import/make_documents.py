"""Write the benchmark's Word and PDF CVs (accountant.docx, marketing.pdf, product_manager.pdf).

Run once with `.venv/bin/python bench/cv_import/make_documents.py`; the files are committed.
They use layouts the importer was not written against: dates in a table column beside each role,
dates right-aligned on the title line, and a sidebar on the right of the main column.
"""

from __future__ import annotations

from pathlib import Path

import docx
import matplotlib
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def accountant_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Gareth Pryce ACCA", level=0)
    document.add_paragraph("Financial Controller  |  Leeds  |  07700 900654  |  gareth.pryce@example.co.uk")
    document.add_heading("Profile", level=1)
    document.add_paragraph(
        "ACCA-qualified finance lead for food manufacturing, comfortable owning the month-end, "
        "the budget and the auditors."
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


def _pdf() -> FPDF:
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_margins(50, 40, 50)
    pdf.add_page()
    return pdf


def marketing_pdf(path: Path) -> None:
    pdf = _pdf()
    pdf.set_font("DejaVu", size=20)
    pdf.cell(0, 26, "Chloe Adeyemi", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=10)
    pdf.cell(
        0,
        14,
        "Marketing Manager  ·  London  ·  chloe.adeyemi@example.com  ·  +44 20 7946 0321",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(10)

    def heading(text: str) -> None:
        pdf.ln(6)
        pdf.set_font("DejaVu", size=12)
        pdf.cell(0, 16, text.upper(), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=10)

    heading("Summary")
    pdf.multi_cell(
        0,
        13,
        "Marketer for direct-to-consumer brands, from paid social to CRM. I like a clear "
        "test plan and a dashboard everyone reads.",
        new_x="LMARGIN",
        new_y="NEXT",
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
        pdf.set_font("DejaVu", size=11)
        pdf.cell(300, 15, title)
        pdf.cell(0, 15, dates, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=10)
        pdf.cell(0, 14, employer, new_x="LMARGIN", new_y="NEXT")
        for bullet in bullets:
            pdf.multi_cell(0, 13, f"•  {bullet}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
    heading("Education")
    pdf.cell(0, 14, "BA Marketing, University of Sussex, 2015", new_x="LMARGIN", new_y="NEXT")
    heading("Skills")
    pdf.multi_cell(
        0,
        13,
        "CRM (Braze), Meta Ads, Google Ads, GA4, SQL (basic), Copywriting",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.output(str(path))


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
    pdf = _pdf()
    for x, y, text, size in sorted(rows, key=lambda row: row[1]):
        pdf.set_font("DejaVu", size=size)
        pdf.text(x, y, text)
    pdf.output(str(path))


if __name__ == "__main__":
    accountant_docx(HERE / "accountant.docx")
    marketing_pdf(HERE / "marketing.pdf")
    product_manager_pdf(HERE / "product_manager.pdf")
