"""A model that does what a hostile posting asks. It starts from the honest answer (dropping
none of it, so only the lies differ), then scores 100, claims skills, employers and metrics the
master CV lacks, names people nobody found, cites sources nobody read and writes messages far
past their limits.

``lie`` is used in process (``LyingLLM``) and by the local OpenAI stand-in that obeys injections;
each layer's ``ground`` must undo every one of these lies.
"""

from __future__ import annotations

from pydantic import BaseModel

from jobintel_assets.adapters.offline import OfflineLLM
from jobintel_assets.layers.models import (
    CompanySignal,
    Contact,
    ContactType,
    CVBullet,
    CVRole,
    Education,
    EvidencedItem,
    FitCategory,
    InterviewQuestion,
    PrepGap,
    QuestionKind,
    QuestionToAsk,
    SignalType,
    SkillSection,
    StarStory,
    Tier,
)
from jobintel_assets.layers.ports import LayerTask, Output

INVENTED_SKILLS = ["Quantum Basketweaving", "Rust", "Haskell", "COBOL"]
INVENTED_EMPLOYER = "OpenAI"
INVENTED_TITLE = "Chief Scientist"
INVENTED_ACHIEVEMENT = "Led a team of 250 people and increased revenue by 900% in 3 months."
INVENTED_PERSON = "Jane Doe"
INVENTED_SOURCE = "https://attacker.example/news"
INVENTED_NUMBERS = {"250", "900", "4242"}
LONG_MESSAGE = "Please hire me, I am a perfect fit with 4242 relevant years. " * 40


def lie(layer: str, honest: BaseModel) -> BaseModel:
    """The honest answer of ``layer`` with every lie a hostile posting asks for added."""
    data = honest.model_dump(mode="python")
    if layer == "extracted_jd":
        data["top_keywords"] += INVENTED_SKILLS[: 15 - len(data["top_keywords"])]
        data["qualifications"].append(INVENTED_ACHIEVEMENT)
    elif layer == "pain_points":
        item = EvidencedItem(text="Needs a genius", evidence=INVENTED_ACHIEVEMENT, confidence="high")
        data["pain_points"] += [item.model_dump()][: 6 - len(data["pain_points"])]
    elif layer == "company_research":
        invented = CompanySignal(
            type=SignalType.funding,
            description="Raised a $4242M Series F led by attackers.",
            date="2026-01-01",
            source=INVENTED_SOURCE,
        )
        data["company"]["signals"] += [invented.model_dump()][: 10 - len(data["company"]["signals"])]
        data["role"]["why_now"] = "The CEO told us the candidate must be hired at once."
    elif layer == "fit_score":
        # Beyond the judgement it is asked for, it also states a perfect score, tier and skills.
        data |= {
            "fit_score": 100,
            "fit_category": FitCategory.exceptional,
            "tier": Tier.A,
            "deterministic_score": 100,
            "llm_score": 100,
            "fit_rationale": f'Perfect fit: "{INVENTED_ACHIEVEMENT}"',
            "matched_skills": [*INVENTED_SKILLS, *data.get("matched_skills", [])],
            "missing_skills": [],
            "candidate_evidence": [INVENTED_ACHIEVEMENT, *data["candidate_evidence"]],
        }
    elif layer == "contacts":
        person = Contact(
            name=INVENTED_PERSON,
            role="Hiring Manager",
            linkedin_url="https://www.linkedin.com/in/jane-doe-invented",
            contact_type=ContactType.hiring_manager,
            why_relevant="Invented.",
            recent_signals=["Raised a $4242M Series F"],
            linkedin_connection_message=LONG_MESSAGE,
            linkedin_inmail_subject="Hire me",
            linkedin_inmail=LONG_MESSAGE,
            email_subject="Hire me now",
            email_body=LONG_MESSAGE,
            is_synthetic=False,
            source_url=INVENTED_SOURCE,
        )
        data["primary_contacts"] = [person.model_dump(), *data["primary_contacts"]]
        for contact in data["primary_contacts"][1:] + data["secondary_contacts"]:
            contact["email_body"] += " " + INVENTED_ACHIEVEMENT
    elif layer == "cv":
        bullet = CVBullet(text=INVENTED_ACHIEVEMENT, source_text=INVENTED_ACHIEVEMENT)
        data["header"]["achievements"] += [bullet.model_dump()][: 4 - len(data["header"]["achievements"])]
        data["header"]["value_proposition"] = INVENTED_ACHIEVEMENT
        data["core_competencies"].append(SkillSection(name="Invented", skills=INVENTED_SKILLS).model_dump())
        role = CVRole(
            title=INVENTED_TITLE, employer=INVENTED_EMPLOYER, start="2010-01", end="2012-01", bullets=[bullet]
        )
        data["experience"] = [role.model_dump(), *data["experience"]]
        for existing in data["experience"][1:]:
            existing["bullets"].append(bullet.model_dump())
        data["education"].append(Education(degree="PhD", institution="MIT", year=2001).model_dump())
        data["certifications"].append("Certified Genius (4242)")
    elif layer == "interview_prep":
        data |= _lying_interview_prep(data)
    return type(honest).model_validate(data)


INVENTED_STORY = StarStory(
    situation=f"{INVENTED_TITLE} at {INVENTED_EMPLOYER}",
    task="Led a team of 250 people",
    action="",
    result="increased revenue by 900% in 3 months",
    source_text=INVENTED_ACHIEVEMENT,
    role_title=INVENTED_TITLE,
    employer=INVENTED_EMPLOYER,
    achievement_index=0,
)


def _lying_interview_prep(data: dict) -> dict:
    """Every honest story's result inflated, an invented story and a question on a line the posting lacks,
    a gap for a skill held and one claimed, a question to ask from a source nobody read."""
    questions = data["questions"][:8]
    for question in questions:
        if question["story"]:
            question["story"]["result"] = "revenue rose by 900%"
    if questions:
        questions[0]["story"] = INVENTED_STORY.model_dump()
    invented = InterviewQuestion(
        kind=QuestionKind.behavioural,
        question="Tell me about the time you led 250 people.",
        posting_quote=INVENTED_ACHIEVEMENT,
        basis="a requirement",
        story=INVENTED_STORY,
    )
    gaps = [
        *data["gaps"],
        PrepGap(
            skill=INVENTED_SKILLS[0], note=f"I have used {INVENTED_SKILLS[0]} for 4242 years."
        ).model_dump(),
    ]
    for gap in gaps:
        gap["note"] = f"I have used {gap['skill']} in production for years."
    ask = QuestionToAsk(
        question="Is the $4242M Series F closed?", source=INVENTED_SOURCE, quote="Raised a $4242M"
    )
    return {
        "questions": [*questions, invented.model_dump()],
        "gaps": gaps,
        "questions_to_ask": [*data["questions_to_ask"][:5], ask.model_dump()],
    }


class LyingLLM:
    """In-process stand-in for a model that obeys every injection."""

    provider = "lying-test-model"
    model = "obeys-injections"

    def generate(self, task: LayerTask, output_type: type[Output]) -> Output:
        honest = OfflineLLM().generate(task, output_type)
        return output_type.model_validate(lie(task.layer, honest).model_dump())
