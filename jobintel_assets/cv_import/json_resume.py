"""JSON Resume (https://jsonresume.org/schema) to a draft, and a master CV to JSON Resume."""

from __future__ import annotations

from datetime import date

from jobintel_assets.cv_import.dates import PRESENT, normalize_date
from jobintel_assets.cv_import.draft import Draft, DraftEducation, DraftRole, DraftSkillSection, derive
from jobintel_assets.cv_import.parse import skills_in
from jobintel_assets.layers.models import CandidateProfile

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def draft_from_json_resume(data: dict, today: date) -> Draft:
    basics = _mapping(data.get("basics"))
    location = _mapping(basics.get("location"))
    draft = Draft(
        name=_text(basics.get("name")),
        headline=_text(basics.get("label")),
        email=_text(basics.get("email")),
        phone=_text(basics.get("phone")),
        location=_text(location.get("address"))
        or ", ".join(t for t in (_text(location.get(k)) for k in ("city", "region", "countryCode")) if t)
        or None,
        persona=_text(basics.get("summary")),
    )
    if draft.persona:
        draft.notes["persona"] = "from basics.summary: keep 1-3 sentences in your own voice"
    for profile in _items(basics.get("profiles")):
        if "linkedin" in (_text(profile.get("network")) or _text(profile.get("url")) or "").lower():
            draft.linkedin_url = _text(profile.get("url"))
    for job in [*_items(data.get("work")), *_items(data.get("volunteer"))]:
        highlights = [h for h in (_text(item) for item in _list(job.get("highlights"))) if h]
        summary = _text(job.get("summary"))
        start = _date(job.get("startDate"))
        role = DraftRole(
            title=_text(job.get("position")),
            employer=_text(job.get("name")) or _text(job.get("organization")),
            start=start,
            end=_date(job.get("endDate")) or (PRESENT if start else None),
            location=_text(job.get("location")),
            summary=summary if highlights else None,
            achievements=highlights or ([summary] if summary else []),
        )
        role.skills = skills_in(" ".join([summary or "", *highlights]))
        draft.roles.append(role)
    for skill in _items(data.get("skills")):
        keywords = [k for k in (_text(item) for item in _list(skill.get("keywords"))) if k]
        name = _text(skill.get("name"))
        if keywords and name:
            draft.skills.append(DraftSkillSection(name, keywords))
        elif name:
            draft.skills.append(DraftSkillSection("Skills", [name]))
    for school in _items(data.get("education")):
        degree = " ".join(t for t in (_text(school.get("studyType")), _text(school.get("area"))) if t)
        end = _date(school.get("endDate"))
        draft.education.append(
            DraftEducation(degree or None, _text(school.get("institution")), int(end[:4]) if end else None)
        )
    draft.certifications = [
        c for c in (_text(cert.get("name")) for cert in _items(data.get("certificates"))) if c
    ]
    draft.languages = [
        " ".join([lang, f"({fluency})"] if fluency else [lang])
        for item in _items(data.get("languages"))
        if (lang := _text(item.get("language")))
        for fluency in [_text(item.get("fluency"))]
    ]
    draft.skipped_sections = [
        key for key in ("projects", "awards", "publications", "interests", "references") if data.get(key)
    ]
    return derive(draft, today)


def to_json_resume(profile: CandidateProfile) -> dict:
    """The master CV as JSON Resume; preferences and years of experience have no place there."""
    basics: dict = {"name": profile.name, "label": profile.headline}
    for key in ("email", "phone"):
        if getattr(profile, key):
            basics[key] = getattr(profile, key)
    basics["summary"] = profile.persona
    if profile.location:
        basics["location"] = {"address": profile.location}
    if profile.linkedin_url:
        basics["profiles"] = [{"network": "LinkedIn", "url": profile.linkedin_url}]
    work = []
    for role in profile.roles:
        job = {"name": role.employer, "position": role.title, "startDate": role.start}
        if role.end != PRESENT:
            job["endDate"] = role.end
        if role.location:
            job["location"] = role.location
        if role.summary:
            job["summary"] = role.summary
        job["highlights"] = list(role.achievements)
        work.append(job)
    resume = {"$schema": SCHEMA_URL, "basics": basics, "work": work}
    resume["education"] = [
        {"institution": e.institution, "studyType": e.degree} | ({"endDate": str(e.year)} if e.year else {})
        for e in profile.education
    ]
    resume["skills"] = [{"name": s.name, "keywords": list(s.skills)} for s in profile.skills]
    resume["certificates"] = [{"name": c} for c in profile.certifications]
    resume["languages"] = [{"language": language} for language in profile.languages]
    return resume


def _mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _items(value: object) -> list[dict]:
    return [item for item in _list(value) if isinstance(item, dict)]


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _date(value: object) -> str | None:
    """JSON Resume writes 2020-01-15, 2020-01 or 2020; the master CV keeps the month."""
    text = _text(value)
    if not text:
        return None
    return normalize_date(text[:7]) if len(text) >= 7 else normalize_date(text)
