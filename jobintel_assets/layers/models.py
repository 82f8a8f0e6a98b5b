"""The layer contracts: one pydantic model per asset, validated on every write.

Nested data is modelled as lists of small models (never free-form dicts) so that every
field maps onto a typed DuckDB column (STRUCT / LIST), see storage/schema.py.
Limits the contracts state as checks are not enforced here: they are asset checks over the
stored data (see each layer's ``check_*`` functions), so a violation is visible, not hidden.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Contract(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- job_posting


class JobPosting(Contract):
    """One posting as ingested: the raw text every later layer is grounded in."""

    job_id: str
    source: str = Field(description="Where it came from, e.g. 'inbox:acme.md' or 'inbox:jobs.csv#row=3'")
    url: str | None = None
    title: str
    company: str
    location: str | None = None
    description: str = Field(description="Plain text; HTML is stripped at ingestion")
    posted_at: str | None = Field(default=None, description="ISO date when the source gives one")
    salary: str | None = None
    requisition_id: str | None = None
    content_sha256: str
    ingested_at: datetime
    closes_at: str | None = Field(
        default=None, description="ISO date applications close (validThrough), when the source gives one"
    )


class Rejection(Contract):
    """An input that could not become a posting, and why."""

    source: str
    reason: str
    field: str | None = None
    content_sha256: str | None = None
    rejected_at: datetime


# ---------------------------------------------------------- candidate_profile


class CandidateRole(Contract):
    title: str
    employer: str
    start: str = Field(description="YYYY-MM")
    end: str = Field(description="YYYY-MM or 'present'")
    location: str | None = None
    summary: str | None = None
    achievements: list[str] = Field(min_length=1)
    skills: list[str] = Field(default_factory=list)


class SkillSection(Contract):
    name: str
    skills: list[str] = Field(min_length=1)


class Education(Contract):
    degree: str
    institution: str
    year: int | None = None


class RemotePolicy(StrEnum):
    fully_remote = "fully_remote"
    hybrid = "hybrid"
    onsite = "onsite"
    not_specified = "not_specified"


class Track(StrEnum):
    individual_contributor = "individual_contributor"
    manager = "manager"


class CareerLevel(StrEnum):
    """One ladder per track: junior ... principal for individual contributors, manager ... c_level."""

    junior = "junior"
    mid = "mid"
    senior = "senior"
    staff = "staff"
    principal = "principal"
    manager = "manager"
    senior_manager = "senior_manager"
    director = "director"
    head_of = "head_of"
    vp = "vp"
    c_level = "c_level"


class CandidatePreferences(Contract):
    """What the candidate accepts and wants; every field optional (data/candidate/README.md)."""

    locations: list[str] = Field(default_factory=list)
    remote: list[RemotePolicy] = Field(default_factory=list)
    salary_floor: int | None = None
    salary_currency: str | None = None
    cv_pages: int | None = Field(
        default=None, ge=1, le=3, description="Pages of the tailored CV; default 1 under 8 years, else 2"
    )
    work_authorization: list[str] = Field(
        default_factory=list, description="Countries or regions you may work in without sponsorship"
    )
    security_clearances: list[str] = Field(default_factory=list)
    target_tracks: list[Track] = Field(default_factory=list)
    target_levels: list[CareerLevel] = Field(default_factory=list)
    love: list[str] = Field(
        default_factory=list, description="Industries or topics you would love to work on"
    )
    avoid: list[str] = Field(default_factory=list, description="Industries or topics you would rather avoid")
    must_haves: list[str] = Field(default_factory=list, description="Phrases a posting must contain")


class CandidateProfile(Contract):
    """The master CV: the only source of facts for the tailored CV and outreach."""

    name: str
    headline: str
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    linkedin_url: str | None = None
    persona: str = Field(description="How the candidate describes themselves, 1-3 sentences")
    years_experience: int = Field(ge=0, le=60)
    roles: list[CandidateRole] = Field(min_length=1)
    skills: list[SkillSection] = Field(min_length=1)
    education: list[Education] = Field(default_factory=list)
    certifications: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    preferences: CandidatePreferences = Field(default_factory=CandidatePreferences)

    def all_skills(self) -> list[str]:
        seen: dict[str, str] = {}
        for section in self.skills:
            for skill in section.skills:
                seen.setdefault(skill.lower(), skill)
        for role in self.roles:
            for skill in role.skills:
                seen.setdefault(skill.lower(), skill)
        return list(seen.values())


# ------------------------------------------- pain_points (read with extracted_jd)


class Confidence(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


class EvidencedItem(Contract):
    text: str
    evidence: str = Field(description="A quote from the posting that supports the item")
    confidence: Confidence


class PainPoints(Contract):
    pain_points: list[EvidencedItem] = Field(max_length=6)
    strategic_needs: list[EvidencedItem] = Field(max_length=5)
    risks_if_unfilled: list[EvidencedItem] = Field(max_length=5)
    success_metrics: list[EvidencedItem] = Field(max_length=6)
    why_now: str | None = Field(default=None, description="None when the posting does not say")
    reasoning_summary: str


# --------------------------------------------------------------- extracted_jd


class RoleCategory(StrEnum):
    """Track x level, the discipline-neutral equivalent of the predecessor's 8 categories.

    engineer -> individual_contributor, senior_engineer -> senior_individual_contributor,
    staff_principal_engineer -> staff_principal, engineering_manager -> manager,
    director_of_engineering -> director, head_of_engineering -> head_of,
    vp_engineering -> vp, cto -> c_level (docs/architecture.md).
    """

    individual_contributor = "individual_contributor"
    senior_individual_contributor = "senior_individual_contributor"
    staff_principal = "staff_principal"
    manager = "manager"
    director = "director"
    head_of = "head_of"
    vp = "vp"
    c_level = "c_level"


class RoleFamily(StrEnum):
    software_engineering = "software_engineering"
    data = "data"
    infrastructure = "infrastructure"
    security = "security"
    product = "product"
    design = "design"
    other = "other"


class Seniority(StrEnum):
    junior = "junior"
    mid = "mid"
    senior = "senior"
    staff = "staff"
    principal = "principal"
    director = "director"
    vp = "vp"
    c_level = "c_level"


class SkillKind(StrEnum):
    knowledge = "knowledge"  # technologies, tools, domains (SkillSpan "Knowledge")
    skill = "skill"  # abilities and practices (SkillSpan "Skill")


class SkillMention(Contract):
    """A skill found in the posting, with where it occurs so it can always be shown."""

    name: str = Field(description="Canonical name, e.g. 'Kubernetes' for 'k8s'")
    kind: SkillKind
    matched_text: str = Field(description="The text exactly as it stands in the description")
    start: int = Field(ge=0, description="Character offset into JobPosting.description")
    end: int = Field(gt=0)
    section: str | None = None


class CompetencyWeights(Contract):
    delivery: int = Field(ge=0, le=100)
    process: int = Field(ge=0, le=100)
    architecture: int = Field(ge=0, le=100)
    leadership: int = Field(ge=0, le=100)

    def total(self) -> int:
        return self.delivery + self.process + self.architecture + self.leadership


class SalaryPeriod(StrEnum):
    year = "year"
    month = "month"
    day = "day"
    hour = "hour"


class SalaryRange(Contract):
    text: str = Field(description="The pay as the posting states it")
    currency: str | None = Field(default=None, description="ISO code, None when the posting names none")
    minimum: int | None = None
    maximum: int | None = None
    period: SalaryPeriod = SalaryPeriod.year


class WorkConditions(Contract):
    """Who may take the job and on what terms, read by code from the posting's own words."""

    salary: SalaryRange | None = None
    remote_regions: list[str] = Field(
        default_factory=list, description="Where a remote employee must live ('United States', 'Europe')"
    )
    remote_time_zones: list[str] = Field(
        default_factory=list,
        description="The regions whose time zones a remote employee must work in ('EU time zones': 'Europe');"
        " they say nothing about where the company employs people",
    )
    clearance: str | None = Field(default=None, description="The posting's sentence requiring a clearance")
    work_authorization: str | None = Field(
        default=None, description="The posting's sentence on citizenship, right to work or sponsorship"
    )
    authorization_regions: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list, description="Spoken languages the posting requires")


class ExtractedJD(Contract):
    title: str
    company: str
    location: str | None = None
    remote_policy: RemotePolicy
    role_category: RoleCategory
    role_family: RoleFamily
    seniority_level: Seniority
    competency_weights: CompetencyWeights
    responsibilities: list[str] = Field(max_length=10)
    qualifications: list[str]
    nice_to_haves: list[str]
    technical_skills: list[SkillMention]
    soft_skills: list[SkillMention]
    implied_pain_points: list[str]
    success_metrics: list[str]
    top_keywords: list[str] = Field(max_length=15)
    industry_background: str | None = None
    years_experience_required: int | None = Field(default=None, ge=0, le=40)
    education_requirements: str | None = None
    conditions: WorkConditions = Field(default_factory=WorkConditions)
    # A model reads the posting once: the pain points come in the same answer, grounded here, and the
    # pain_points layer stores them without a second call. None from the heuristics.
    pain_reading: PainPoints | None = None


# ----------------------------------------------------------- company_research


class WebPage(Contract):
    """Text the research read, and where it read it (a URL, or 'file:companies/<name>.md')."""

    source: str
    title: str
    text: str
    date: str | None = Field(default=None, description="ISO date of the page when known")


class PersonHit(Contract):
    """A real person found by people search; never made up."""

    name: str
    role: str
    source_url: str
    linkedin_url: str | None = None


class SignalType(StrEnum):
    funding = "funding"
    acquisition = "acquisition"
    leadership_change = "leadership_change"
    product_launch = "product_launch"
    partnership = "partnership"
    growth = "growth"


class CompanySignal(Contract):
    type: SignalType
    description: str
    date: str = Field(description="ISO date or 'unknown'")
    source: str = Field(description="URL, or 'posting' / 'file:companies/<name>.md' offline")


class CompanyType(StrEnum):
    employer = "employer"
    recruitment_agency = "recruitment_agency"
    unknown = "unknown"


class CompanyProfile(Contract):
    name: str
    summary: str
    signals: list[CompanySignal] = Field(max_length=10)
    url: str | None = None
    company_type: CompanyType
    fetched_at: datetime
    sources: list[str] = Field(description="Everything the research read")
    unknowns: list[str] = Field(description="What the research could not establish")


class RoleResearch(Contract):
    summary: str
    business_impact: list[str] = Field(max_length=5)
    why_now: str = Field(description="'unknown' when nothing says why the role is open now")


class CompanyResearch(Contract):
    company: CompanyProfile
    role: RoleResearch


# ------------------------------------------------------------------ fit_score


class FitCategory(StrEnum):
    exceptional = "exceptional"
    strong = "strong"
    good = "good"
    moderate = "moderate"
    weak = "weak"


class Tier(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


def fit_category_for(score: int) -> FitCategory:
    if score >= 90:
        return FitCategory.exceptional
    if score >= 80:
        return FitCategory.strong
    if score >= 70:
        return FitCategory.good
    if score >= 60:
        return FitCategory.moderate
    return FitCategory.weak


def tier_for(score: int) -> Tier:
    if score >= 85:
        return Tier.A
    if score >= 70:
        return Tier.B
    if score >= 50:
        return Tier.C
    return Tier.D


class CheckStatus(StrEnum):
    met = "met"
    violated = "violated"
    unknown = "unknown"


class DealbreakerCheck(Contract):
    name: str = Field(description="salary, location, remote, work_authorization, clearance or languages")
    status: CheckStatus
    reason: str
    ask: str = Field(default="", description="What to ask the employer when the status is unknown ('pay')")


class AnnotationMark(StrEnum):
    must_have = "must_have"
    gap = "gap"
    love_it = "love_it"
    avoid = "avoid"
    core_identity = "core_identity"
    not_me = "not_me"


class Annotation(Contract):
    """The candidate's own mark on a phrase of one posting (data/annotations/<job_id>.yaml)."""

    phrase: str = Field(min_length=1)
    mark: AnnotationMark
    note: str | None = None


class FitComponent(Contract):
    name: str
    weight: float = Field(ge=0, le=1)
    score: int = Field(ge=0, le=100)
    detail: str


class FitScore(Contract):
    fit_score: int = Field(ge=0, le=100)
    fit_category: FitCategory
    tier: Tier
    fit_rationale: str
    deterministic_score: int = Field(ge=0, le=100)
    llm_score: int | None = Field(default=None, ge=0, le=100)
    breakdown: list[FitComponent]
    matched_skills: list[str]
    missing_skills: list[str]
    candidate_evidence: list[str] = Field(description="Master-CV achievements the rationale cites")
    dealbreakers: list[DealbreakerCheck] = Field(default_factory=list)

    @model_validator(mode="after")
    def _category_and_tier_follow_score(self) -> FitScore:
        if self.fit_category != fit_category_for(self.fit_score) or self.tier != tier_for(self.fit_score):
            raise ValueError(
                f"fit_category={self.fit_category} and tier={self.tier} "
                f"do not match fit_score={self.fit_score}"
            )
        return self


# ------------------------------------------------------------------- contacts


class ContactType(StrEnum):
    hiring_manager = "hiring_manager"
    recruiter = "recruiter"
    vp_director = "vp_director"
    executive = "executive"
    peer = "peer"


class Contact(Contract):
    name: str
    role: str
    linkedin_url: str | None = None
    contact_type: ContactType
    why_relevant: str
    recent_signals: list[str]
    linkedin_connection_message: str
    linkedin_inmail_subject: str = Field(max_length=30)
    linkedin_inmail: str
    email_subject: str = Field(max_length=100)
    email_body: str
    is_synthetic: bool
    source_url: str | None = Field(default=None, description="Where a real person was found")


class Contacts(Contract):
    primary_contacts: list[Contact]
    secondary_contacts: list[Contact]
    discovery_note: str = Field(description="How the contacts were found, or why they are placeholders")


# ------------------------------------------------------------------------- cv


class CVBullet(Contract):
    text: str
    source_text: str = Field(description="The master-CV achievement this bullet is built from")
    source_metric: str | None = None
    jd_keyword_used: str | None = None
    pain_point_addressed: str | None = None


class CVHeader(Contract):
    name: str
    headline: str
    contact_line: str
    value_proposition: str
    achievements: list[CVBullet] = Field(max_length=4)


class CVRole(Contract):
    title: str
    employer: str
    start: str
    end: str
    location: str | None = None
    bullets: list[CVBullet]


class TailoredCV(Contract):
    header: CVHeader
    core_competencies: list[SkillSection]
    experience: list[CVRole]
    education: list[Education]
    certifications: list[str]
    markdown: str
    languages: list[str] = Field(default_factory=list)


# -------------------------------------------------------------------- dossier


class DossierSection(Contract):
    number: int = Field(ge=1, le=11)
    title: str
    markdown: str


class Dossier(Contract):
    sections: list[DossierSection] = Field(min_length=11, max_length=11)
    markdown: str
    html: str


# -------------------------------------------------------------- interview_prep


class QuestionKind(StrEnum):
    behavioural = "behavioural"
    technical = "technical"


class StarStory(Contract):
    """A story to tell, built from one master-CV achievement in its own words."""

    situation: str = Field(description="The role it happened in, as the master CV states it")
    task: str = Field(description="What was taken on: words of the achievement, or empty")
    action: str = Field(
        description="How it was done: words of the achievement, or empty when it does not say"
    )
    result: str = Field(description="What came of it: words of the achievement, or empty when it states none")
    source_text: str = Field(description="The master-CV achievement, verbatim")
    role_title: str
    employer: str
    achievement_index: int = Field(ge=0, description="Its position among the role's achievements")


class InterviewQuestion(Contract):
    kind: QuestionKind
    question: str
    posting_quote: str = Field(description="The line of the posting the question comes from, verbatim")
    basis: str = Field(
        description="What the line is: a pain point, a responsibility, a requirement, the role"
    )
    story: StarStory | None = Field(default=None, description="None when no achievement answers it")


class PrepGap(Contract):
    skill: str = Field(description="A skill the fit score found missing")
    posting_quote: str | None = Field(default=None, description="Where the posting asks for it")
    note: str = Field(description="What to say and do about it, claiming no experience the CV lacks")


class QuestionToAsk(Contract):
    question: str
    source: str = Field(description="'posting', or the source of the company signal it comes from")
    quote: str = Field(description="The words of that source it comes from")


class InterviewPrep(Contract):
    questions: list[InterviewQuestion] = Field(max_length=10)
    gaps: list[PrepGap]
    questions_to_ask: list[QuestionToAsk] = Field(max_length=6)
    note: str = Field(description="What the preparation is drawn from, and what it could not know")
    to_clarify: list[str] = Field(
        default_factory=list,
        description="What the fit score leaves open or flags (unknown pay, contract, team size, a change of "
        "track), each to settle before or during the interview",
    )
