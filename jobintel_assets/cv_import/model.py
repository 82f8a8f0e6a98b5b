"""Structuring a CV's text with a model, grounded: every value must be found in the CV itself.

Used by `jobintel cv import` when a model is configured. The model is asked for the CV's values
copied as written; ``ground`` then drops every string the CV does not contain and every date it
does not write, the same idea as the tailored-CV layer's grounding. Values the offline reader did
not find are marked in the draft as coming from the model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from pydantic import BaseModel, Field

from jobintel_assets.cv_import.dates import dates_in, normalize_date
from jobintel_assets.cv_import.draft import Draft, DraftEducation, DraftRole, DraftSkillSection, derive
from jobintel_assets.cv_import.parse import parse_cv_text, skills_in
from jobintel_assets.layers.models import Contract
from jobintel_assets.layers.ports import LLM, LayerTask
from jobintel_assets.layers.text import contains_quote

LAYER = "cv_import"
PROMPT_VERSION = "cv_import-v1"
PROMPT = """You read a CV and return its contents as structured data for a master CV.
Copy every value exactly as the CV writes it: names, titles, employers, places, bullets word for
word. Do not summarise, translate, correct or add anything. Roles are jobs, most recent first;
their achievements are the CV's bullet points or sentences about that job. Dates as the CV writes
them ('Jan 2020', '07/2016', '2019', 'Present'). Leave a field null or a list empty when the CV
does not say it."""


class CvImportInputs(BaseModel):
    text: str = Field(description="The CV's text")


class ModelRole(Contract):
    title: str | None
    employer: str | None
    start: str | None
    end: str | None
    location: str | None
    summary: str | None
    achievements: list[str]


class ModelSkillSection(Contract):
    name: str
    skills: list[str]


class ModelEducation(Contract):
    degree: str | None
    institution: str | None
    year: int | None


class StructuredCv(Contract):
    name: str | None
    headline: str | None
    email: str | None
    phone: str | None
    location: str | None
    linkedin_url: str | None
    summary: str | None
    roles: list[ModelRole]
    skills: list[ModelSkillSection]
    education: list[ModelEducation]
    certifications: list[str]
    languages: list[str]


@dataclass(frozen=True)
class ModelImport:
    draft: Draft
    structured_by: str  # 'model gpt-4.1-mini (openai)'
    dropped: int  # values in the model's answer that the CV does not contain


def heuristic(inputs: CvImportInputs) -> StructuredCv:
    """The offline reader's answer in the model's shape (what the offline adapter answers)."""
    data = asdict(parse_cv_text(inputs.text, date.today()))
    data["summary"] = data.pop("persona")
    for role in data["roles"]:
        del role["skills"]  # found by the skill dictionary, not read
    return StructuredCv.model_validate({name: data[name] for name in StructuredCv.model_fields})


def structure_with_model(text: str, llm: LLM, today: date) -> ModelImport:
    task = LayerTask(LAYER, PROMPT_VERSION, CvImportInputs(text=text), PROMPT)
    answer = llm.generate(task, StructuredCv)
    grounded, dropped = ground(answer, text)
    draft = _draft(grounded, today)
    _mark_what_only_the_model_found(draft, parse_cv_text(text, today))
    return ModelImport(draft, f"model {llm.model} ({llm.provider})", dropped)


class _Grounding:
    def __init__(self, text: str):
        self.text = text
        self.dates = dates_in(text)
        self.dropped = 0

    def value(self, value: str | None) -> str | None:
        if value and not contains_quote(self.text, value):
            self.dropped += 1
            return None
        return value or None

    def values(self, values: list[str]) -> list[str]:
        return [v for v in (self.value(value) for value in values) if v]

    def date(self, value: str | None) -> str | None:
        normalized = normalize_date(value) if value else None
        if normalized and normalized not in self.dates:
            self.dropped += 1
            return None
        return normalized


def ground(answer: StructuredCv, text: str) -> tuple[StructuredCv, int]:
    """The answer with every value the CV does not contain removed, and how many were removed.
    A role without a title the CV contains is removed whole."""
    check = _Grounding(text)
    roles = []
    for role in answer.roles:
        title = check.value(role.title)
        if title is None:
            continue  # counted once, its other values with it
        roles.append(
            ModelRole(
                title=title,
                employer=check.value(role.employer),
                start=check.date(role.start),
                end=check.date(role.end),
                location=check.value(role.location),
                summary=check.value(role.summary),
                achievements=check.values(role.achievements),
            )
        )
    skills = [
        ModelSkillSection(name=check.value(s.name) or "Skills", skills=kept)
        for s in answer.skills
        if (kept := check.values(s.skills))
    ]
    education = [
        ModelEducation(
            degree=check.value(e.degree),
            institution=check.value(e.institution),
            year=e.year if e.year and str(e.year) in text else None,
        )
        for e in answer.education
        if e.degree or e.institution
    ]
    grounded = StructuredCv(
        name=check.value(answer.name),
        headline=check.value(answer.headline),
        email=check.value(answer.email),
        phone=check.value(answer.phone),
        location=check.value(answer.location),
        linkedin_url=check.value(answer.linkedin_url),
        summary=check.value(answer.summary),
        roles=roles,
        skills=skills,
        education=[e for e in education if e.degree or e.institution],
        certifications=check.values(answer.certifications),
        languages=check.values(answer.languages),
    )
    return grounded, check.dropped


def _draft(cv: StructuredCv, today: date) -> Draft:
    data = cv.model_dump()
    roles = [
        DraftRole(**role, skills=skills_in(" ".join([role["summary"] or "", *role["achievements"]])))
        for role in data.pop("roles")
    ]
    draft = Draft(
        **{name: data[name] for name in ("name", "headline", "email", "phone", "location", "linkedin_url")},
        persona=data["summary"],
        roles=roles,
        skills=[DraftSkillSection(**section) for section in data["skills"]],
        education=[DraftEducation(**entry) for entry in data["education"]],
        certifications=data["certifications"],
        languages=data["languages"],
    )
    if draft.persona:
        draft.notes["persona"] = "your CV's summary: keep 1-3 sentences in your own voice"
    return derive(draft, today)


_MODEL_NOTE = "from the model, found in your CV; the offline reader did not find it: check it"


def _mark_what_only_the_model_found(draft: Draft, offline: Draft) -> None:
    for name in ("name", "headline", "email", "phone", "location", "linkedin_url", "persona"):
        value = getattr(draft, name)
        if value and value != getattr(offline, name):
            draft.notes[name] = _MODEL_NOTE
    offline_roles = {(r.title or "", r.start or ""): r for r in offline.roles}
    for index, role in enumerate(draft.roles):
        match = offline_roles.get((role.title or "", role.start or ""))
        if match is None:
            draft.notes[f"roles[{index}]"] = (
                "role read by the model, found in your CV; the offline reader missed it"
            )
            continue
        for name in ("employer", "end", "location"):
            if getattr(role, name) and getattr(role, name) != getattr(match, name):
                draft.notes[f"roles[{index}].{name}"] = _MODEL_NOTE
        if role.achievements != match.achievements:
            draft.notes[f"roles[{index}].achievements"] = (
                "bullets as the model read them: compare with your CV"
            )
