"""The candidate's own say: per-job annotations and the preferences that apply to every job.

Per-job annotations (``data/annotations/<job_id>.yaml``, written by hand or by
``jobintel annotate``) mark a phrase of the posting. Each adds fixed points to the rubric's score,
the weights of the predecessor system::

    must_have      +10   this is what I want in a job
    love_it         +5   I would love to work on this
    core_identity   +3   this is who I am
    avoid           -3   I would rather not
    not_me          -4   this is not who I am
    gap             -5   I lack this, whatever my CV's words suggest

Preferences in the master CV apply to every posting whose own words contain the phrase (the
title, the company, the industry, duties, requirements, nice-to-haves, pain points): each
``love`` topic found counts as ``love_it``, each ``avoid`` topic as ``avoid``, and each
``must_haves`` phrase found as ``must_have``. A must-have the posting does not mention is shown as
unknown (a condition the posting leaves open). A job whose level is not among ``target_levels``
loses ``OFF_TARGET_LEVEL`` points.

Points are added before the tier caps of fit_score: a dealbreaker still puts the job in tier D.
Annotations are part of fit_score's inputs, so changing one job's file re-scores that job alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobintel_assets.layers.career import job_position
from jobintel_assets.layers.models import (
    Annotation,
    AnnotationMark,
    CandidateProfile,
    CheckStatus,
    DealbreakerCheck,
    ExtractedJD,
    PainPoints,
)
from jobintel_assets.layers.text import normalize_for_match

POINTS = {
    AnnotationMark.must_have: 10,
    AnnotationMark.love_it: 5,
    AnnotationMark.core_identity: 3,
    AnnotationMark.avoid: -3,
    AnnotationMark.not_me: -4,
    AnnotationMark.gap: -5,
}
OFF_TARGET_LEVEL = -5
_LABELS = {
    AnnotationMark.must_have: "must-have",
    AnnotationMark.love_it: "love it",
    AnnotationMark.core_identity: "core identity",
    AnnotationMark.avoid: "avoid",
    AnnotationMark.not_me: "not me",
    AnnotationMark.gap: "gap",
}


@dataclass(frozen=True)
class Adjustment:
    points: int
    reason: str  # 'must-have "Kafka" +10'


def _job_text(jd: ExtractedJD, pain_points: PainPoints) -> str:
    parts = [jd.title, jd.company, jd.industry_background or "", *jd.responsibilities, *jd.qualifications]
    parts += [*jd.nice_to_haves, *jd.implied_pain_points, *(p.evidence for p in pain_points.pain_points)]
    parts += [m.matched_text for m in [*jd.technical_skills, *jd.soft_skills]]
    return normalize_for_match(" \n ".join(parts))


def _mentions(phrase: str, job_text: str) -> bool:
    needle = normalize_for_match(phrase).strip()
    return bool(needle) and needle in job_text


def adjustments(
    jd: ExtractedJD, pain_points: PainPoints, candidate: CandidateProfile, annotations: list[Annotation]
) -> tuple[list[Adjustment], list[DealbreakerCheck]]:
    """Points from the candidate's marks and topic preferences, and must-haves as checks."""
    job_text = _job_text(jd, pain_points)
    marks = [(a.mark, a.phrase) for a in annotations]
    preferences = candidate.preferences
    marks += [(AnnotationMark.love_it, t) for t in preferences.love if _mentions(t, job_text)]
    marks += [(AnnotationMark.avoid, t) for t in preferences.avoid if _mentions(t, job_text)]
    checks = []
    for phrase in preferences.must_haves:
        if _mentions(phrase, job_text):
            marks.append((AnnotationMark.must_have, phrase))
            checks.append(
                DealbreakerCheck(name="must_have", status=CheckStatus.met, reason=f"mentions '{phrase}'")
            )
        else:
            reason = f"must-have: the posting does not mention '{phrase}'"
            checks.append(DealbreakerCheck(name="must_have", status=CheckStatus.unknown, reason=reason))
    found = [
        Adjustment(POINTS[mark], f"{_LABELS[mark]} '{phrase}' {POINTS[mark]:+d}") for mark, phrase in marks
    ]
    level = job_position(jd).level
    if preferences.target_levels and level not in preferences.target_levels:
        found.append(
            Adjustment(OFF_TARGET_LEVEL, f"{level.value} is not a level you target {OFF_TARGET_LEVEL:+d}")
        )
    return found, checks
