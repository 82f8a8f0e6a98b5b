"""CV text -> Draft: sections, roles with their dates and bullets, contact details, skills.

Deterministic and offline. Everything in the draft is a piece of the text; what is not found
stays empty for the user to fill in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from jobintel_assets.cv_import.dates import YEAR, find_date_range
from jobintel_assets.cv_import.draft import Draft, DraftEducation, DraftRole, DraftSkillSection, derive
from jobintel_assets.layers.skills import find_skills

# Heading (lower case, '&' as 'and', no punctuation) -> the section it starts.
_HEADINGS = {
    "summary": (
        "summary", "profile", "professional summary", "professional profile", "personal profile",
        "about", "about me", "personal statement", "objective", "career objective", "career summary",
        "executive summary", "overview", "profile summary",
    ),
    "experience": (
        "experience", "work experience", "work history", "professional experience", "employment",
        "employment history", "career history", "relevant experience", "professional background",
        "career", "positions held", "experience and employment", "work", "clinical experience",
        "teaching experience", "industry experience", "academic appointments", "appointments",
        "academic positions", "positions", "employment record", "professional history",
    ),
    "education": (
        "education", "education and training", "academic background", "academic qualifications",
        "qualifications", "education and qualifications", "training and education",
    ),
    "skills": (
        "skills", "technical skills", "core skills", "key skills", "competencies", "core competencies",
        "technologies", "tools", "top skills", "skills and tools", "tools and technologies",
        "skills and expertise", "areas of expertise", "expertise", "tech stack", "skills summary",
        "key competencies", "technical proficiencies",
    ),
    "certifications": (
        "certifications", "certificates", "certification", "licenses and certifications",
        "licences and certifications", "licenses", "licences", "professional certifications",
        "accreditations", "registrations and certifications",
    ),
    "languages": ("languages", "spoken languages", "language skills"),
    "contact": ("contact", "contact details", "contact information", "personal details"),
    "other": (
        "projects", "personal projects", "side projects", "publications", "interests", "hobbies",
        "references", "volunteering", "volunteer experience", "awards", "honors", "honours",
        "honors and awards", "achievements", "activities", "memberships", "professional memberships",
        "courses", "training", "conferences", "talks", "patents", "additional information",
        "open source", "open source contributions", "community", "volunteer work",
    ),
}  # fmt: skip
_SECTION_OF_HEADING = {heading: section for section, names in _HEADINGS.items() for heading in names}

# Bullet marks, numbers ('1.', '2)'), and the 'o' of lists exported from Word as text.
_BULLET = re.compile(
    r"^\s*(?:o(?=\s+[A-Z])|[-*+\u2022\u25e6\u25aa\u25ab\u25cf\u25cb\u2023\u2043\u2219\u00b7\u27a2\u2013\uf0b7\uf0a7\uf0d8\uf076]|\d{1,2}[.)])\s+"
)
# Marks that only ever mean a bullet, even alone on a line.
_BULLET_GLYPHS = frozenset(
    "\u2022\u25e6\u25aa\u25ab\u25cf\u25cb\u2023\u2043\u2219\u27a2\uf0b7\uf0a7\uf0d8\uf076"
)
_HEADER_SEPARATOR = re.compile(r"\s*[|\u2022\u00b7]\s*|\s{3,}|\s+[-\u2013\u2014]\s+")
_LABEL = re.compile(r"^(?:name|e-?mail|phone|tel|mobile|address|location|linkedin)\s*:\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"^(?:curriculum vitae|cv|r[eé]sum[eé])$", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LINKEDIN = re.compile(r"(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/in/[\w%-]+/?", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w/])\+?\(?\d[\d ().-]{7,}\d(?![\w/])")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|io|dev|me|net|org)(?:/\S*)?\b", re.IGNORECASE)
# LinkedIn writes how long a role or a stay at a company lasted: '4 years 2 months', '(1 yr 3 mos)'.
_DURATION = re.compile(
    r"^\(?\s*(?:less than a year|\d+\s*(?:years?|yrs?|months?|mos?)(?:\s+\d+\s*(?:months?|mos?))?)\s*\)?$",
    re.IGNORECASE,
)
_PAGE_FOOTER = re.compile(r"^(?:page\s*)?\d+\s*(?:of|/)\s*\d+$", re.IGNORECASE)
# Between a title, an employer and a location on one line.
_EDGE_PUNCTUATION = " ,:|*_-\u2013\u2014\u00b7\u2022"
_STRONG_SEPARATOR = re.compile(r"\s+[|\u2014\u2013\u00b7\u2022@-]\s+|\s*\|\s*|\s+at\s+|\t+|\s{3,}")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TITLE_WORDS = _words(
    """engineer engineering developer manager director head lead leader analyst consultant designer
    architect scientist administrator specialist coordinator officer assistant associate intern
    president vp cto ceo cfo coo founder co-founder owner partner principal staff senior junior
    technician nurse teacher lecturer professor researcher accountant auditor advisor adviser
    editor writer producer representative executive supervisor agent clerk chef therapist
    physician doctor pharmacist surgeon paramedic midwife fellow trainee apprentice volunteer
    marketer strategist planner recruiter buyer controller economist lawyer solicitor paralegal
    counsel attorney tutor instructor librarian curator photographer programmer tester
    sre devops product owner"""
)
_EMPLOYER_WORDS = _words(
    """ltd ltd. limited inc inc. llc llp plc gmbh ag sa s.a. bv b.v. corp corp. corporation company co.
    group holdings university college school hospital trust council nhs bank agency labs lab
    technologies technology solutions systems partners ventures studio studios consulting
    foundation institute ministry department authority services clinic pharmacy media
    ab oy aps sas srl spa pty nv s.l. kk association society federation charity construction
    consultancy consultants partnership cooperative co-op housing insurance bureau board commission"""
)
# What follows a title after a comma when it names a team or subject, not an employer.
_TEAM_WORDS = _words(
    """data platform platforms engineering product marketing sales finance operations ops research
    design infrastructure security team department division payments growth mobile backend frontend
    analytics emergency surgery mathematics maths science sciences english history physics chemistry
    biology people legal compliance risk strategy innovation digital cloud devops quality support
    customer success ward unit care paediatrics pediatrics oncology cardiology radiology pharmacy
    primary secondary accounts audit tax treasury payroll recruitment talent brand content communications
    partnerships procurement logistics supply chain facilities emea apac americas europe uk global"""
)
_PLACE_WORDS = _words(
    """remote hybrid onsite on-site uk usa us eu england scotland wales ireland germany france spain
    italy netherlands belgium portugal sweden norway denmark finland poland austria switzerland
    canada mexico brazil argentina australia india china japan singapore israel nigeria kenya
    egypt turkey greece romania czechia estonia lithuania latvia ukraine london manchester
    edinburgh glasgow bristol leeds birmingham cambridge oxford dublin berlin munich hamburg
    paris lyon madrid barcelona lisbon amsterdam rotterdam brussels zurich geneva vienna
    stockholm oslo copenhagen helsinki warsaw prague seattle boston
    chicago austin toronto vancouver montreal sydney melbourne bangalore bengaluru tokyo"""
)
_PLACE_PHRASES = ("new york", "san francisco", "los angeles", "united kingdom", "united states", "bay area")
_US_STATE = re.compile(r",\s*[A-Z]{2}$")
_DEGREE = re.compile(
    r"\b(?:B\.?Sc|M\.?Sc|MPharm|MBBS|MBChB|BDS|BVSc|BEd|MEd|BArch|MArch|BFA|MFA|DipHE|MSN|BSN|DNP|LPC|BPTC|GDL|B\.?A|M\.?A|BEng|MEng|B\.?S|M\.?S|MBA|Ph\.?D|DPhil|LLB|LLM|MD|BBA|BCom|MPhil|"
    r"MRes|PGCE|HND|HNC|Bachelor|Master|Masters|Doctor|Doctorate|Diploma|Associate|A[- ]levels?|"
    r"GCSEs?|Baccalaureate|Degree|Certificate)\b",
)
_INSTITUTION = re.compile(
    r"\b(?:University|Universit[äa]t|Universidad|Universit[àé]|College|School|Institute|Academy|"
    r"Polytechnic|[ÉE]cole|Hochschule|Conservatoire|Politecnico|Academie|Akademie|Academia)\b",
    re.IGNORECASE,
)


@dataclass
class _Section:
    kind: str
    heading: str
    lines: list[str] = field(default_factory=list)


def parse_cv_text(text: str, today: date) -> Draft:
    """The draft a CV's text supports; ``today`` is what 'Present' means for years of experience."""
    lines = _clean_lines(text)
    sections = _split_sections(lines)
    draft = Draft()
    _read_contact(lines, draft)
    contact_lines = [line for section in sections if section.kind == "contact" for line in section.lines]
    _read_header(sections[0].lines, contact_lines, draft)
    for section in sections:
        if section.kind == "experience":
            draft.roles.extend(_read_roles(section.lines))
        elif section.kind == "summary" and not draft.persona:
            draft.persona = _join_paragraph(section.lines) or None
            if draft.persona:
                draft.notes["persona"] = (
                    f"from your CV's '{section.heading}': keep 1-3 sentences in your voice"
                )
        elif section.kind == "skills":
            draft.skills.extend(_read_skills(section))
        elif section.kind == "education":
            draft.education.extend(_read_education(section.lines))
        elif section.kind == "certifications":
            draft.certifications.extend(_plain_items(section.lines, split_commas=False))
        elif section.kind == "languages":
            draft.languages.extend(_plain_items(section.lines, split_commas=True))
        elif section.kind == "other":
            draft.skipped_sections.append(section.heading)
    if not any(s.kind == "experience" for s in sections):
        # No heading for the work history: look for dated roles below the name and contact lines.
        draft.roles = _read_roles(sections[0].lines[3:])
    return derive(draft, today)


# ------------------------------------------------------------------------------------- lines


def _clean_lines(text: str) -> list[str]:
    """Non-empty lines without page footers and rules; a bullet mark alone on its line (as some
    PDFs write it) is put in front of the next line."""
    lines = []
    pending_mark = ""
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.replace("\u00a0", " ").strip()
        if line in _BULLET_GLYPHS:
            pending_mark = line + " "
            continue
        if not line or _PAGE_FOOTER.match(line) or not any(ch.isalnum() for ch in line):
            continue
        lines.append(line if _BULLET.match(line) else pending_mark + line)
        pending_mark = ""
    return lines


def heading_kind(line: str) -> str | None:
    """The section a heading line starts ('Work History' -> 'experience'), None for other lines."""
    if _BULLET.match(line) and not line.startswith("#"):
        return None
    key = re.sub(r"^#+\s*|[*_:]+", "", line).strip().lower().replace("&", "and")
    key = re.sub(r"[^\w\s]", " ", key)
    words = re.split(r"\s{2,}", key.strip())
    if all(re.fullmatch(r"(?:\w ){2,}\w", word) for word in words):
        key = " ".join(word.replace(" ", "") for word in words)  # letter-spaced 'W O R K   H I S T O R Y'
    key = re.sub(r"\s+", " ", key).strip()
    return _SECTION_OF_HEADING.get(key)


def _split_sections(lines: list[str]) -> list[_Section]:
    sections = [_Section("header", "")]
    for line in lines:
        kind = heading_kind(line)
        if kind:
            sections.append(_Section(kind, re.sub(r"^#+\s*|[*_:]+", "", line).strip()))
        else:
            sections[-1].lines.append(line)
    return sections


def _strip_markup(line: str) -> str:
    line = re.sub(r"^#+\s*", "", line)
    line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)  # markdown links keep their text
    return re.sub(r"(\*\*|__|\*|_)(.+?)\1", r"\2", line).strip()


def _bullet_text(line: str) -> str | None:
    match = _BULLET.match(line)
    return _strip_markup(line[match.end() :]) if match else None


def _join_paragraph(lines: list[str]) -> str:
    return " ".join(" ".join(_bullet_text(line) or _strip_markup(line) for line in lines).split())


# ----------------------------------------------------------------------------- contact, name


def _read_contact(lines: list[str], draft: Draft) -> None:
    text = "\n".join(lines)
    if match := _EMAIL.search(text):
        draft.email = match.group()
    if match := _LINKEDIN.search(text):
        draft.linkedin_url = match.group().rstrip("/")
    for match in _PHONE.finditer(text):
        candidate = match.group().strip()
        digits = re.sub(r"\D", "", candidate)
        line = next(line for line in lines if candidate in line)
        # Not a date range ('2017 - 2019') or a year pair; phone numbers have 9-15 digits.
        if 9 <= len(digits) <= 15 and not find_date_range(line):
            draft.phone = candidate
            break


def _is_contact(segment: str) -> bool:
    return bool(_EMAIL.search(segment) or _LINKEDIN.search(segment) or _URL.search(segment)) or (
        bool(_PHONE.fullmatch(segment.strip()))
    )


def looks_like_location(segment: str) -> bool:
    outside_brackets = re.sub(r"\([^()]*\)", "", segment).strip()
    if outside_brackets and outside_brackets != segment.strip():
        return looks_like_location(outside_brackets)  # 'Hearth Homes (Manchester)' is a company
    segment = segment.strip(" ()")
    if not segment or len(segment) > 60 or any(ch.isdigit() for ch in segment) or _employer_score(segment):
        return False
    words = {w.strip(".,()").lower() for w in re.split(r"[\s,/]+", segment)}
    return (
        bool(words & _PLACE_WORDS)
        or bool(_US_STATE.search(segment))
        or any(phrase in segment.lower() for phrase in _PLACE_PHRASES)
    )


def _read_header(lines: list[str], contact_lines: list[str], draft: Draft) -> None:
    """Name, headline and location from the lines above the first section (and a 'Contact'
    section's lines, for the location)."""
    plain: list[str] = []
    for line in lines[:8]:
        line = _strip_markup(line)
        if _NOT_A_NAME.match(line):
            continue
        segments = [_LABEL.sub("", s).strip() for s in _HEADER_SEPARATOR.split(line)]
        on_contact_line = any(_is_contact(s) for s in segments)
        for segment in segments:
            if not segment or _is_contact(segment) or find_date_range(segment):
                continue
            # A lone capitalised word beside an email or phone is where the candidate lives.
            lone_place = on_contact_line and " " not in segment and _is_place_name(segment)
            if looks_like_location(segment) or lone_place:
                draft.location = draft.location or segment
            else:
                plain.append(segment)
    for line in contact_lines:
        parts = line.split(", ")
        if not draft.location and (
            looks_like_location(line) or (len(parts) <= 3 and all(map(_is_place_name, parts)))
        ):
            draft.location = line  # in a Contact section, 'Accra, Ghana' can only be a place
    names = [_name_part(p) for p in plain if _name_part(p)]
    if names:
        draft.name = names[0]
        after = plain[next(i for i, p in enumerate(plain) if _name_part(p) == names[0]) + 1 :]
        if after and len(after[0].split()) <= 12 and not _ends_sentence(after[0]):
            draft.headline = after[0]  # a sentence there is an untitled summary, not a headline


def _name_part(text: str) -> str | None:
    """'Angela M. Ruiz, MSN, APRN' -> 'Angela M. Ruiz'; None when ``text`` is no name."""
    first = text.split(", ", 1)[0]
    return first if _looks_like_name(first) else None


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= 4
        and all(re.fullmatch(r"[^\W\d_][\w'’.-]*", w) for w in words)
        and not ({w.lower() for w in words} & _TITLE_WORDS)
    )


# ------------------------------------------------------------------------------------- roles


@dataclass
class _Line:
    text: str
    bullet: str | None  # the text after the bullet mark
    date: tuple[str, str, re.Match[str]] | None


def _classify(line: str) -> _Line:
    bullet = _bullet_text(line)
    clean = bullet if bullet is not None else _strip_markup(line)
    found = find_date_range(clean)
    rest = clean[: found[2].start()] + clean[found[2].end() :] if found else ""
    is_date_line = found and len(rest.split()) <= 14 and not _ends_sentence(rest.rstrip())
    # A list item opening with dates is a role ('- 2018-2023 Lead Technician, AutoFix Garage'
    # with its bullets nested below it), not an achievement.
    if is_date_line and (bullet is None or found[2].start() == 0):
        return _Line(clean, None, found)
    return _Line(_strip_markup(line), bullet, None)


def _is_header_line(line: _Line) -> bool:
    return (
        line.bullet is None
        and line.date is None
        and len(line.text.split()) <= 16  # words, not characters: PDF layouts pad lines with spaces
        and not line.text.endswith((";", ","))
        and not _ends_sentence(line.text)
    )


def _ends_sentence(text: str) -> bool:
    """'...in Python.' ends a sentence; 'Lakeshore Freight Inc.' and 'Ibérica Rail S.L.' do not."""
    last = text.split()[-1].lower() if text.split() else ""
    return text.endswith(".") and last not in _EMPLOYER_WORDS and not re.fullmatch(r"(?:\w\.)+", last)


def _read_roles(raw_lines: list[str]) -> list[DraftRole]:
    lines = [_classify(line) for line in raw_lines]
    anchors = [index for index, line in enumerate(lines) if line.date]
    # Each role: its header lines just above its date line (or just below it, when the CV puts
    # the dates first), its body down to the next role's header.
    above: list[list[int]] = []
    below: list[list[int]] = []
    previous_anchor = -1
    for number, anchor in enumerate(anchors):
        header: list[int] = []
        index = anchor - 1
        while index > previous_anchor and len(header) < 3 and _is_header_line(lines[index]):
            header.insert(0, index)
            if _DURATION.match(lines[index].text):
                # A LinkedIn company group: the company name sits above its total duration.
                if index - 1 > previous_anchor and _is_header_line(lines[index - 1]):
                    header.insert(0, index - 1)
                break
            index -= 1
        next_anchor = anchors[number + 1] if number + 1 < len(anchors) else len(lines)
        following: list[int] = []
        if not header and not _date_line_rest(lines[anchor]):
            index = anchor + 1
            while index < next_anchor and len(following) < 2 and _is_header_line(lines[index]):
                following.append(index)
                index += 1
        above.append(header)
        below.append(following)
        previous_anchor = anchor
    roles = []
    group_employer: str | None = None
    for number, anchor in enumerate(anchors):
        header_lines = [lines[i].text for i in above[number] + below[number]]
        body_start = below[number][-1] + 1 if below[number] else anchor + 1
        if number + 1 < len(anchors):
            body_end = above[number + 1][0] if above[number + 1] else anchors[number + 1]
        else:
            body_end = len(lines)
        role, group_employer = _role(lines[anchor], header_lines, lines[body_start:body_end], group_employer)
        roles.append(role)
    return roles


def _date_line_rest(line: _Line) -> str:
    """The date line without its dates: often the title, employer or location."""
    match = line.date[2]  # type: ignore[index]
    rest = line.text[: match.start()] + "  " + line.text[match.end() :]
    return _trim(re.sub(r"\(\s*\)|\[\s*\]", "", rest))


def _segments(text: str) -> list[str]:
    return [_trim(s) for s in _STRONG_SEPARATOR.split(text) if _trim(s)]


def _trim(text: str) -> str:
    """Separators and markup off both ends; a bracket only when its partner is not in the text."""
    text = text.strip(_EDGE_PUNCTUATION)
    while (text.endswith(")") and "(" not in text) or (text.startswith("(") and ")" not in text):
        text = text.strip("()").strip(_EDGE_PUNCTUATION)
    return text


def _role(
    date_line: _Line, header_lines: list[str], body: list[_Line], group_employer: str | None
) -> tuple[DraftRole, str | None]:
    """One role from its date line, header lines and body. ``group_employer`` is the company a
    list of roles sits under (LinkedIn's company groups, a company line above several titles)."""
    start, end, _ = date_line.date  # type: ignore[misc]
    role = DraftRole(start=start, end=end)
    if any(_DURATION.match(line) for line in header_lines):
        group_employer = header_lines[0]
        header_lines = [line for line in header_lines[1:] if not _DURATION.match(line)]
    segments = [s for line in header_lines for s in _segments(line)]
    segments += [s for s in _segments(_date_line_rest(date_line)) if not _DURATION.match(s)]
    for place in [s for s in segments if looks_like_location(s) and s.lower() != "remote"]:
        if len(segments) > 1:
            role.location = role.location or place
            segments.remove(place)
    if len(segments) == 1 and ", " in segments[0]:
        segments, location = _split_commas(segments[0])
        role.location = role.location or location
    role.title, role.employer, leftovers = _title_and_employer(segments)
    if not role.location and len(leftovers) == 1 and _is_place_name(leftovers[0]):
        role.location = leftovers[0]
    if role.title and not role.employer and group_employer:
        role.employer = group_employer
    elif (
        role.employer
        and header_lines
        and role.employer in header_lines[0]
        and role.title not in header_lines[0]
    ):
        group_employer = role.employer  # a company line above its role titles
    else:
        group_employer = None
    # The other half on the line below the dates: 'Marketing Manager    Mar 2020 - Present' over
    # 'Petalpost, London', or 'The Ivy Brasserie (2019 - 2022)' over 'Sous Chef'.
    if (
        role.title
        and not role.employer
        and body
        and _is_header_line(body[0])
        and (not looks_like_location(body[0].text) or ", " in body[0].text)
    ):
        below = body.pop(0).text
        role.title, role.employer, _ = _title_and_employer([role.title, below])
    if role.employer:
        role.employer, location = _employer_and_place(role.employer)
        role.location = role.location or location
    _read_body(role, body)
    return role, group_employer


def _employer_and_place(employer: str) -> tuple[str, str | None]:
    """'Hallam Park Academy, Sheffield' and 'Hearth Homes (Manchester)': the place is not the name."""
    if (match := re.fullmatch(r"(.+?)\s*\(([^()]+)\)", employer)) and _is_place_name(match.group(2)):
        return match.group(1), match.group(2)
    head, _, tail = employer.rpartition(", ")
    if head and _is_place_name(tail):
        return head, tail
    return employer, None


def _split_commas(text: str) -> tuple[list[str], str | None]:
    """'Site Engineer, Clyde Civils Ltd, Paisley' -> title, employer and location;
    'Nurse, St Mary's Hospital' -> title and employer; 'Staff Engineer, Data Platform' stays a title."""
    parts = text.split(", ")
    if len(parts) >= 3 and _title_score(parts[0]) > 0:
        return parts[:2], ", ".join(parts[2:])
    head, _, tail = text.rpartition(", ")
    if _employer_score(tail) > 0 or (_title_score(head) and _looks_like_company_name(tail)):
        return [head, tail], None
    return [text], None


def _looks_like_company_name(text: str) -> bool:
    """'Volta Telecom' after a title is its employer; 'Data Platform', 'ICU', 'Mathematics' are
    the title's team or subject."""
    words = text.split()
    return (
        all(w[:1].isupper() for w in words)
        and not _title_score(text)
        and not ({w.lower() for w in words} & _TEAM_WORDS)
        and not re.fullmatch(r"[A-Z&]{1,4}", text)
    )


def _is_place_name(text: str) -> bool:
    """'Sheffield', 'Leeds', 'Zaragoza, Spain' after an employer: a place, not part of its name."""
    words = text.split()
    return looks_like_location(text) or (
        1 <= len(words) <= 2
        and all(w[:1].isupper() for w in words)
        and _employer_score(text) == 0
        and _title_score(text) == 0
    )


def _title_score(text: str) -> int:
    return sum(word.strip(",.()").lower() in _TITLE_WORDS for word in text.split())


def _employer_score(text: str) -> int:
    return sum(word.strip(",()").lower() in _EMPLOYER_WORDS for word in text.split())


def _title_and_employer(segments: list[str]) -> tuple[str | None, str | None, list[str]]:
    """The title is the segment that reads most like a job title, the employer the one that reads
    most like a company (else the first other one); what is left over may be a place."""
    if not segments:
        return None, None, []
    title = max(segments, key=_title_score) if any(_title_score(s) for s in segments) else None
    others = [s for s in segments if s is not title]
    if title is None:
        # No title word anywhere: a company-looking segment is the employer, the first other the title.
        companies = [s for s in segments if _employer_score(s)]
        title = next((s for s in segments if s not in companies), segments[0])
        others = [s for s in segments if s is not title]
    if not others:
        return title, None, []
    employer = max(others, key=_employer_score)
    if not _employer_score(employer):
        employer = others[0]
    return title, employer, [s for s in others if s is not employer]


def _read_body(role: DraftRole, body: list[_Line]) -> None:
    prose: list[str] = []
    # One space between words: a PDF's layout spreads justified lines with several.
    body = [
        _Line(" ".join(line.text.split()), line.bullet and " ".join(line.bullet.split()), None)
        for line in body
    ]
    for position, line in enumerate(body):
        if position == 0 and line.bullet is None and looks_like_location(line.text) and not role.location:
            role.location = line.text
        elif _DURATION.match(line.text):
            continue
        elif line.bullet is not None:
            role.achievements.append(line.bullet)
        elif role.achievements and _continues(role.achievements[-1], line.text):
            role.achievements[-1] = f"{role.achievements[-1]} {line.text}"
        elif not role.achievements:
            prose.append(line.text)
        else:
            role.achievements.append(line.text)
    paragraph = " ".join(prose).strip()
    if paragraph and role.achievements:
        role.summary = paragraph
    elif paragraph:
        role.achievements = _sentences(paragraph)
    text = " ".join([role.summary or "", *role.achievements])
    role.skills = skills_in(text)


def _continues(previous: str, line: str) -> bool:
    """A wrapped line of a bullet: the bullet did not end a sentence, or the line starts lower case."""
    return not previous.rstrip().endswith((".", "!", "?")) or line[:1].islower()


def _sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", paragraph) if s.strip()]


def skills_in(text: str) -> list[str]:
    """Dictionary skills in ``text``, by their canonical name when the text spells it that way."""
    found: dict[str, str] = {}
    for mention in find_skills(text):
        written = mention.name if mention.name.lower() in text.lower() else mention.matched_text
        found.setdefault(written.lower(), written)
    return list(found.values())


# ------------------------------------------------------------------------ skills, education


def _read_skills(section: _Section) -> list[DraftSkillSection]:
    by_name: dict[str, list[str]] = {}
    default = section.heading
    for line in section.lines:
        text = _bullet_text(line) or _strip_markup(line)
        name, colon, items_text = text.partition(":")
        if colon and items_text.strip() and len(name.split()) <= 5:
            section_name, text = name.strip(), items_text
        else:
            section_name = default
        items = [i.strip(" .") for i in _split_outside_brackets(text) if i.strip(" .")]
        for item in items:
            skills = [item] if len(item.split()) <= 5 else skills_in(item)
            bucket = by_name.setdefault(section_name, [])
            bucket.extend(s for s in skills if s.lower() not in {b.lower() for b in bucket})
    return [DraftSkillSection(name, skills) for name, skills in by_name.items() if skills]


_ITEM_SEPARATOR = re.compile(r"\s*[,;|\u2022\u00b7]\s*|\s{3,}")


def _split_outside_brackets(text: str) -> list[str]:
    """'Excel (Power Query, VBA), SQL' -> ['Excel (Power Query, VBA)', 'SQL']: list separators
    inside brackets belong to the item."""
    items, current, depth = [], "", 0
    for part in re.split(rf"({_ITEM_SEPARATOR.pattern}|[()])", text):
        if part == "(":
            depth += 1
        elif part == ")":
            depth = max(0, depth - 1)
        if depth == 0 and _ITEM_SEPARATOR.fullmatch(part):
            items.append(current)
            current = ""
        else:
            current += part
    return [*items, current]


def _plain_items(lines: list[str], split_commas: bool) -> list[str]:
    items = []
    for line in lines:
        text = _bullet_text(line) or _strip_markup(line)
        parts = re.split(r"\s*[,;|\u2022]\s*", text) if split_commas else [text]
        items.extend(p.strip() for p in parts if p.strip())
    return items


def _read_education(lines: list[str]) -> list[DraftEducation]:
    entries: list[DraftEducation] = []
    current: DraftEducation | None = None
    for line in lines:
        text = _bullet_text(line) or _strip_markup(line)
        years = [int(y) for y in YEAR.findall(text)]
        without_dates = text
        if found := find_date_range(text):
            without_dates = text[: found[2].start()] + text[found[2].end() :]
        without_dates = YEAR.sub("", without_dates)
        without_dates = re.sub(r"\(\s*\)|\s+[-\u2013\u2014\u00b7|,]\s*$", "", without_dates).strip(
            " ,|-\u2013\u2014\u00b7()"
        )
        degree, institution = _degree_and_institution(without_dates)
        if not degree and not institution:
            if current and years and current.year is None:
                current.year = max(years)
            continue
        if current is None or (degree and current.degree) or (institution and current.institution):
            current = DraftEducation(degree=None, institution=None)
            entries.append(current)
        current.degree = current.degree or degree
        current.institution = current.institution or institution
        if years:
            current.year = max(years)
    return entries


def _degree_and_institution(text: str) -> tuple[str | None, str | None]:
    has_degree = bool(_DEGREE.search(text))
    has_institution = bool(_INSTITUTION.search(text))
    if has_institution and has_degree:
        parts = [p.strip() for p in re.split(r"\s+[|\u2014\u2013\u00b7@-]\s+|\s*\|\s*|,\s+|\s+at\s+", text)]
        institution = next((p for p in parts if _INSTITUTION.search(p)), None)
        degree = ", ".join(p for p in parts if p and p != institution)
        return degree or None, institution
    if has_degree:
        return text, None
    if has_institution:
        return None, text
    return None, None
