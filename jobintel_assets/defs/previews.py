"""Markdown previews shown in each materialization's metadata in the Dagster UI."""

from __future__ import annotations

from pydantic import BaseModel

from jobintel_assets.layers.models import (
    CandidateProfile,
    CompanyResearch,
    Contacts,
    Dossier,
    ExtractedJD,
    FitScore,
    InterviewPrep,
    InterviewQuestion,
    JobPosting,
    PainPoints,
    TailoredCV,
)

_PREVIEW_CHARS = 1500


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _bullets(items: list[str], limit: int = 8) -> str:
    shown = [f"- {_cell(item)}" for item in items[:limit]]
    if len(items) > limit:
        shown.append(f"- … and {len(items) - limit} more")
    return "\n".join(shown) or "- (none)"


def candidate(profile: CandidateProfile) -> str:
    roles = [f"{r.title}, {r.employer} ({r.start} – {r.end})" for r in profile.roles]
    return f"**{profile.name}**: {profile.headline}\n\n{_bullets(roles)}"


def posting(job: JobPosting) -> str:
    text = job.description[:_PREVIEW_CHARS] + ("…" if len(job.description) > _PREVIEW_CHARS else "")
    return (
        f"**{job.title}** at **{job.company}** ({job.location or 'location not stated'})\n\n```\n{text}\n```"
    )


def extracted_jd(jd: ExtractedJD) -> str:
    w = jd.competency_weights
    return (
        f"**{jd.title}** ({jd.seniority_level}, {jd.role_category}, {jd.remote_policy})\n\n"
        f"| delivery | process | architecture | leadership |\n|---|---|---|---|\n"
        f"| {w.delivery} | {w.process} | {w.architecture} | {w.leadership} |\n\n"
        f"**Top keywords:** {', '.join(jd.top_keywords) or '(none)'}\n\n"
        f"**Responsibilities**\n{_bullets(jd.responsibilities)}\n\n"
        f"**Qualifications**\n{_bullets(jd.qualifications)}"
    )


def pain_points(pp: PainPoints) -> str:
    rows = "\n".join(
        f"| {_cell(item.text)} | {item.confidence} | “{_cell(item.evidence)}” |" for item in pp.pain_points
    )
    return (
        f"| pain point | confidence | evidence |\n|---|---|---|\n{rows}\n\n"
        f"**Why now:** {pp.why_now or 'the posting does not say'}"
    )


def company_research(research: CompanyResearch) -> str:
    signals = [f"{s.type} ({s.date}): {s.description} [source: {s.source}]" for s in research.company.signals]
    return (
        f"**{research.company.name}** ({research.company.company_type})\n\n{research.company.summary}\n\n"
        f"**Signals**\n{_bullets(signals)}\n\n**Unknown**\n{_bullets(research.company.unknowns)}\n\n"
        f"**Why now:** {research.role.why_now}"
    )


def fit_score(fit: FitScore) -> str:
    rows = "\n".join(
        f"| {_cell(c.name)} | {c.weight:.2f} | {c.score} | {_cell(c.detail)} |" for c in fit.breakdown
    )
    return (
        f"## {fit.fit_score}/100 ({fit.fit_category}, tier {fit.tier})\n\n{fit.fit_rationale}\n\n"
        f"| component | weight | score | detail |\n|---|---|---|---|\n{rows}\n\n"
        f"**Matched:** {', '.join(fit.matched_skills) or '(none)'}\n\n"
        f"**Missing:** {', '.join(fit.missing_skills) or '(none)'}"
    )


def contacts(found: Contacts) -> str:
    people = [
        f"{c.name}, {c.role} ({c.contact_type}{', placeholder' if c.is_synthetic else ''})"
        for c in [*found.primary_contacts, *found.secondary_contacts]
    ]
    first = next(iter([*found.primary_contacts, *found.secondary_contacts]), None)
    message = f"\n\n**Connection message:**\n> {first.linkedin_connection_message}" if first else ""
    return f"{found.discovery_note}\n\n{_bullets(people)}{message}"


def cv(tailored: TailoredCV) -> str:
    return tailored.markdown[: _PREVIEW_CHARS * 2]


def _story_cell(question: InterviewQuestion) -> str:
    story = question.story
    return _cell(f"{story.task or story.source_text} ({story.employer})") if story else "(to prepare)"


def interview_prep(prep: InterviewPrep) -> str:
    rows = "\n".join(
        f"| {_cell(q.question)} | {q.kind} | “{_cell(q.posting_quote)}” | {_story_cell(q)} |"
        for q in prep.questions
    )
    return (
        f"| question | kind | from the posting | story |\n|---|---|---|---|\n{rows}\n\n"
        f"**Gaps:** {', '.join(g.skill for g in prep.gaps) or '(none)'}\n\n"
        f"**To clarify**\n{_bullets(prep.to_clarify)}\n\n"
        f"**To ask them**\n{_bullets([a.question for a in prep.questions_to_ask])}"
    )


def dossier(document: Dossier) -> str:
    toc = [f"{s.number}. {s.title}" for s in document.sections]
    return "\n".join(toc) + "\n\n" + document.sections[0].markdown[:_PREVIEW_CHARS]


def preview(layer: str, result: BaseModel) -> str:
    """The preview of a layer's result: its own function above, or the start of its JSON."""
    render = globals().get(layer)
    if render is not None:
        return render(result)
    return f"```json\n{result.model_dump_json(indent=2)[:_PREVIEW_CHARS]}\n```"
