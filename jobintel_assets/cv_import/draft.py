"""The imported master-CV draft, and how it is written: YAML with a TODO comment on every gap."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import yaml

from jobintel_assets.cv_import.dates import has_month, years_of_experience


@dataclass
class DraftRole:
    title: str | None = None
    employer: str | None = None
    start: str | None = None  # YYYY-MM, or YYYY when the CV gives only the year
    end: str | None = None  # YYYY-MM, YYYY or 'present'
    location: str | None = None
    summary: str | None = None
    achievements: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)


@dataclass
class DraftSkillSection:
    name: str
    skills: list[str]


@dataclass
class DraftEducation:
    degree: str | None
    institution: str | None
    year: int | None = None


@dataclass
class Draft:
    """What was read from a CV; None and empty lists are what the file did not say."""

    name: str | None = None
    headline: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    linkedin_url: str | None = None
    persona: str | None = None
    years_experience: int | None = None
    roles: list[DraftRole] = field(default_factory=list)
    skills: list[DraftSkillSection] = field(default_factory=list)
    education: list[DraftEducation] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    # Field -> where a filled value came from, when the user should check it (written as a comment).
    notes: dict[str, str] = field(default_factory=dict)
    # Sections of the CV that have no place in the master CV ('Projects'): reported, not imported.
    skipped_sections: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Provenance:
    source_file: str
    imported_at: str  # ISO 8601, UTC
    structured_by: str | None = None  # 'model gpt-4.1-mini (openai)' when a model read the CV


_README = "data/candidate/README.md"


def derive(draft: Draft, today: date) -> Draft:
    """What follows from the facts read: the latest role's title as the headline when the CV has
    none, and the years of experience the role dates cover ('present' is ``today``)."""
    if not draft.headline and draft.roles and draft.roles[0].title:
        draft.headline = draft.roles[0].title
        draft.notes["headline"] = "your latest role's title; change it if you want another headline"
    draft.years_experience = years_of_experience(
        [(r.start, r.end) for r in draft.roles if r.start and r.end], today
    )
    return draft


def todo_list(draft: Draft) -> list[str]:
    """What the user must still write before the draft loads: one line each, with the field path."""
    todos = []
    for name, what in [
        ("name", "your name"),
        ("headline", "one line shown at the top of tailored CVs"),
        ("persona", "1-3 sentences in your own voice"),
        ("years_experience", "a whole number"),
    ]:
        if getattr(draft, name) in (None, ""):
            todos.append(f"{name}: {what}")
    if not draft.roles:
        todos.append("roles: no work history was found; add your roles")
    for index, role in enumerate(draft.roles):
        for name in ("title", "employer", "start", "end"):
            value = getattr(role, name)
            if not value:
                todos.append(f"roles[{index}].{name}: not found in the CV")
            elif name in ("start", "end") and not has_month(value):
                todos.append(f"roles[{index}].{name}: the CV gives only the year {value}; add the month")
        if not role.achievements:
            todos.append(f"roles[{index}].achievements: no bullets found; add results with numbers")
    if not draft.skills:
        todos.append("skills: no skills section was found; add at least one section")
    for index, entry in enumerate(draft.education):
        for name in ("degree", "institution"):
            if not getattr(entry, name):
                todos.append(f"education[{index}].{name}: not found in the CV")
    return todos


def render_yaml(draft: Draft, provenance: Provenance) -> str:
    """The draft as master_cv.yaml text: read values as they are, gaps left empty with a TODO."""
    out = [
        f"# Master CV draft imported from {provenance.source_file} on {provenance.imported_at[:10]}"
        " by `jobintel cv import`.",
        "# Every value was read from that file; nothing was added. Fill in each TODO, check the rest",
        f"# (the format is in {_README}), then run `jobintel run`.",
        "",
        f"imported_from: {_scalar(provenance.source_file)}",
        f"imported_at: {_scalar(provenance.imported_at)}",
    ]
    if provenance.structured_by:
        out.append(
            f"imported_with: {_scalar(provenance.structured_by)}  # values marked 'from the model' "
            "were found in your CV by the model only"
        )
    out.append("")
    for name, todo in [
        ("name", "your full name"),
        ("headline", "one line shown at the top of tailored CVs, e.g. your current title"),
        ("email", None),
        ("phone", None),
        ("location", None),
        ("linkedin_url", None),
        ("persona", "1-3 sentences in your own voice; outreach and cover letters take their tone from it"),
    ]:
        out.append(_field(name, getattr(draft, name), todo, draft.notes.get(name)))
    out.append(
        _field(
            "years_experience",
            draft.years_experience,
            "a whole number: no role dates were found to compute it from",
            "computed from the role dates below; check it",
        )
    )
    out.append("")
    out.extend(_roles(draft))
    out.append("")
    out.extend(_skills(draft))
    out.append("")
    out.extend(_education(draft))
    out.append(_list_field("certifications", draft.certifications, 0))
    out.append(_list_field("languages", draft.languages, 0))
    out.append("")
    out.append(
        "preferences: {}  # TODO (optional): the jobs you want: locations, remote, salary_floor, "
        f"salary_currency ({_README})"
    )
    return "\n".join(line for line in out if line is not None) + "\n"


def _scalar(value: object) -> str:
    """One YAML scalar, quoted when YAML would otherwise read it as something else."""
    text = yaml.safe_dump(value, allow_unicode=True, width=10_000, default_flow_style=True)
    return text.removesuffix("\n").removesuffix("\n...")


def _field(name: str, value: object, todo: str | None, note: str | None, indent: int = 0) -> str | None:
    pad = " " * indent
    if value in (None, ""):
        return f"{pad}{name}:  # TODO: {todo}" if todo else None
    comment = f"  # {note}" if note else ""
    return f"{pad}{name}: {_scalar(value)}{comment}"


def _list_field(name: str, items: list[str], indent: int, todo: str | None = None) -> str | None:
    pad = " " * indent
    if not items:
        return f"{pad}{name}: []  # TODO: {todo}" if todo else None
    return "\n".join([f"{pad}{name}:", *(f"{pad}  - {_scalar(item)}" for item in items)])


def _date_field(name: str, value: str | None, indent: int) -> str:
    pad = " " * indent
    if not value:
        return f"{pad}{name}:  # TODO: not found in the CV; write YYYY-MM" + (
            " or present" if name == "end" else ""
        )
    if not has_month(value):
        return f"{pad}{name}: {_scalar(value)}  # TODO: the CV gives only the year; write {value}-MM"
    return f"{pad}{name}: {value}"


def _roles(draft: Draft) -> list[str]:
    if not draft.roles:
        return ["roles: []  # TODO: no work history was found in the CV; add your roles, most recent first"]
    out = ["roles:"]
    for index, role in enumerate(draft.roles):
        note = draft.notes.get
        if note(f"roles[{index}]"):
            out.append(f"  # {note(f'roles[{index}]')}")
        out.append(
            _field("title", role.title, "the job title: not found in the CV", None, 4).replace(
                "    title", "  - title", 1
            )
        )
        out.append(
            _field(
                "employer",
                role.employer,
                "the employer: not found in the CV",
                note(f"roles[{index}].employer"),
                4,
            )
        )
        out.append(_date_field("start", role.start, 4))
        out.append(_date_field("end", role.end, 4))
        out.append(_field("location", role.location, None, note(f"roles[{index}].location"), 4))
        out.append(_field("summary", role.summary, None, None, 4))
        if role.achievements and note(f"roles[{index}].achievements"):
            out.append(f"    # {note(f'roles[{index}].achievements')}")
        out.append(
            _list_field(
                "achievements",
                role.achievements,
                4,
                "no bullets were found for this role; add results with the numbers that prove them",
            )
        )
        if role.skills:
            out.append(f"    skills: {_scalar(role.skills)}  # found in this role's text")
        out.append("")
    return out[:-1]


def _skills(draft: Draft) -> list[str]:
    if not draft.skills:
        return ["skills: []  # TODO: no skills section was found; add sections of 'name' and 'skills'"]
    out = ["skills:"]
    for section in draft.skills:
        out.append(f"  - name: {_scalar(section.name)}")
        out.append(f"    skills: {_scalar(section.skills)}")
    return out


def _education(draft: Draft) -> list[str]:
    if not draft.education:
        return []
    out = ["education:"]
    for entry in draft.education:
        out.append(
            _field("degree", entry.degree, "the degree: not found in the CV", None, 4).replace(
                "    degree", "  - degree", 1
            )
        )
        out.append(_field("institution", entry.institution, "the school: not found in the CV", None, 4))
        out.append(_field("year", entry.year, None, None, 4))
    return out


def describe(draft: Draft) -> list[str]:
    """What the import found and what is left to fill in, for the terminal."""
    found = [
        name
        for name in ("name", "headline", "email", "phone", "location", "linkedin_url")
        if getattr(draft, name)
    ]
    bullets = sum(len(role.achievements) for role in draft.roles)
    dated = [role.start for role in draft.roles if role.start]
    span = f" ({min(dated)} to {draft.roles[0].end})" if dated and draft.roles[0].end else ""
    skills = sum(len(section.skills) for section in draft.skills)
    lines = [
        f"  found: {', '.join(found) or 'no contact details'}",
        f"  {len(draft.roles)} role(s){span} with {bullets} bullet(s); {skills} skill(s) in "
        f"{len(draft.skills)} section(s); {len(draft.education)} education, "
        f"{len(draft.certifications)} certification(s), {len(draft.languages)} language(s)",
    ]
    if draft.years_experience is not None:
        lines.append(f"  years_experience: {draft.years_experience}, computed from the role dates")
    if draft.skipped_sections:
        lines.append(f"  not imported (no place in the master CV): {', '.join(draft.skipped_sections)}")
    todos = todo_list(draft)
    if todos:
        lines.append(f"Still to fill in ({len(todos)}), marked TODO in the file:")
        lines.extend(f"  - {todo}" for todo in todos)
    lines.append("Check every value against your CV, then run `jobintel run`.")
    return lines
