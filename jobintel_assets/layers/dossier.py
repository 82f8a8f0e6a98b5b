"""Layer 7, dossier: everything known about one job in one document of eleven sections.

Everything that comes from a posting, a web page or a model is untrusted: it is escaped
before it enters the Markdown, and the HTML renderer has raw HTML switched off, so a posting
cannot inject markup or script into the dossier.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from string import Template

import markdown
from markdown.extensions.toc import slugify as toc_slug

from jobintel_assets.layers import contacts as contacts_layer
from jobintel_assets.layers import text_quality
from jobintel_assets.layers.models import (
    CandidateProfile,
    CandidateRole,
    CompanyResearch,
    CompanySignal,
    Contact,
    Contacts,
    ContactType,
    Contract,
    Dossier,
    DossierSection,
    EvidencedItem,
    ExtractedJD,
    FitScore,
    InterviewPrep,
    InterviewQuestion,
    JobPosting,
    PainPoints,
    RoleCategory,
    StarStory,
    TailoredCV,
)
from jobintel_assets.layers.ports import LLM, LayerTask
from jobintel_assets.layers.signals import plain_news, signal_news
from jobintel_assets.layers.skills import find_skills
from jobintel_assets.layers.text import canonical_json, normalize_whitespace, numbers_in, sha256_text

LAYER = "dossier"
PROMPT_VERSION = "dossier/v3"

PROMPT = """You write the prose of an application dossier from the layers already computed.

Return the eleven sections in order, numbered 1-11, each starting with its heading line
('## <number>. <title>'). Sections 1 (pain, proof, plan), 4 (role research) and 9 (cover letter)
are your prose; the other sections are rendered from the stored data and may be left brief.

Rules:
- Use only facts in the inputs: the posting, its analysis, the company research, the fit score,
  the contacts, the tailored CV and the interview preparation. State no number the inputs do not state.
- Section 1 pairs each pain with the master-CV achievement that proves it and plans actions for
  the first 30, 60 and 90 days; section 9 is a cover letter of 250-400 words that argues this
  job's two or three pains with that proof and says why this company now.
- Plain Markdown paragraphs and lists: no HTML and no links.
- markdown and html may be empty: the document is assembled in code."""

SECTION_TITLES = [
    "Pain → Proof → Plan",
    "Job summary and requirements",
    "Pain point analysis",
    "Role research",
    "Selected achievements",
    "Company overview and signals",
    "Fit analysis",
    "People and outreach",
    "Cover letter",
    "Interview preparation",
    "Metadata",
]
# Sections a model may write in its own words; the others are renderings of stored data.
PROSE_SECTIONS = {1, 4, 9}
# Sections whose sentences are written here (not quoted from the posting or the research).
WRITTEN_SECTIONS = {1, 9, 10}


class LayerLineage(Contract):
    layer: str
    provider: str
    model: str
    prompt_version: str
    input_hash: str
    output_hash: str


class DossierInputs(Contract):
    job_id: str
    posting: JobPosting
    jd: ExtractedJD
    pain_points: PainPoints
    company_research: CompanyResearch
    fit: FitScore
    contacts: Contacts
    cv: TailoredCV
    interview: InterviewPrep
    candidate: CandidateProfile
    lineage: list[LayerLineage]


# ------------------------------------------------------------------ safe Markdown

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
# A bare '&' is shown as text by the renderer; only one that starts an entity must be escaped.
_ENTITY_START = re.compile(r"&(?=#?\w+;)")


def md_text(text: object) -> str:
    """Untrusted text as inert inline Markdown: no HTML, links or emphasis; '&' and '|' stay readable."""
    escaped = _ENTITY_START.sub("&amp;", str(text)).replace("<", "&lt;").replace(">", "&gt;")
    # A leading '#' would open a heading.
    return re.sub(r"^#", r"\\#", normalize_whitespace(_MARKDOWN_SPECIAL.sub(r"\\\1", escaped)))


def _quote_block(text: str) -> str:
    """A multi-line untrusted text (a message) as a blockquote, line breaks kept."""
    return "\n".join(f"> {md_text(line)}  " if line.strip() else ">" for line in text.splitlines())


def _bullets(items: list[str], empty: str) -> str:
    return "\n".join(f"- {item}" for item in items) if items else f"*{empty}*"


def _table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table of Markdown cells; a '|' in a cell is escaped so it cannot split the cell."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(
        lines + ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    )


def _heading(number: int) -> str:
    return f"## {number}. {SECTION_TITLES[number - 1]}"


def _anchor(number: int) -> str:
    return toc_slug(f"{number}. {SECTION_TITLES[number - 1]}", "-")


# ------------------------------------------------------------------ sections


def _facts(inputs: DossierInputs) -> contacts_layer.Facts:
    return contacts_layer.gather_facts(
        contacts_layer.ContactsInputs(
            jd=inputs.jd,
            pain_points=inputs.pain_points,
            company_research=inputs.company_research,
            fit=inputs.fit,
            candidate=inputs.candidate,
            description=inputs.posting.description,
            reference=inputs.posting.requisition_id,
        )
    )


def _skill_keys(text: str) -> set[str]:
    return {m.name.lower() for m in find_skills(text)}


# A responsibility argued in the letter needs a proof that shares a domain or a skill with it.
_MIN_DUTY_PROOF = 3


def pains_with_proof(
    inputs: DossierInputs, limit: int = 3
) -> list[tuple[EvidencedItem, CandidateRole | None, str | None]]:
    """The job's first pains, each with the achievement that proves it best (or none); the messages
    use the same matcher, so the letter, the table and the messages agree."""
    pains = inputs.pain_points.pain_points[:limit]
    proofs = contacts_layer.match_proofs([f"{p.text} {p.evidence}" for p in pains], inputs.candidate)
    return [(pain, *(proof or (None, None))) for pain, proof in zip(pains, proofs, strict=True)]


# What to do about each kind of problem in the first 30, 60 and 90 days.
_PLAN_ACTIONS = {
    "brought together": (
        "map both platforms, what each does and who depends on it",
        "move the first slice onto the one platform without stopping feature work",
        "agree the order and the milestones for retiring the other platform",
    ),
    "scal": (
        "measure where load and latency break today",
        "fix the first bottleneck that limits growth",
        "agree a capacity plan that stays ahead of demand",
    ),
    "incident": (
        "review recent incidents and the on-call load with the team",
        "fix the top causes of pages and write the missing runbooks",
        "set service-level objectives and report on them",
    ),
    "legacy": (
        "map the legacy system and what depends on it",
        "move the first slice to the new platform without stopping feature work",
        "agree the order and the milestones for the rest of the migration",
    ),
    "team": (
        "meet every engineer and review the hiring plan",
        "run the first hires through a clear, fair process",
        "have the open roles filled or in final interviews, and the team's structure agreed with it",
    ),
    "debt": (
        "list the debt that slows changes most",
        "pay down the first item with the team",
        "make time for debt part of every plan",
    ),
    "data quality": (
        "trace where bad data enters and who it reaches",
        "add tests and contracts on the most important feeds",
        "report data quality so problems are seen before users see them",
    ),
    "security": (
        "review the security and compliance obligations and the evidence behind them",
        "close the most urgent gaps",
        "have audits and controls run as routine work",
    ),
    "delivery": (
        "measure lead time and deployment frequency as they are today",
        "remove the biggest delay in the path to production",
        "agree a planning rhythm the teams can keep",
    ),
    "cost": (
        "break the spend down by service and team",
        "cut the largest avoidable cost",
        "put spend on a dashboard each team owns",
    ),
    "customer": (
        "learn which customers grow fastest and what they need",
        "remove the first limit they hit",
        "plan the platform and team for the next stage of growth",
    ),
    "slow": (
        "measure how long the slow jobs take and why they fail",
        "fix the most frequent failure and the slowest step",
        "have the jobs run on time, with alerts before anyone is affected",
    ),
}
_PLAN_STAGES = ("First 30 days", "By day 60", "By day 90")


# A limit the posting sets on the work ('with zero missed payouts'), kept in the plan's words.
_CONSTRAINT = re.compile(r"\bwith (?:zero|no) [^.,;:()]+", re.I)


def _plan_actions(pain: EvidencedItem) -> tuple[str, str, str] | None:
    text = pain.text.lower()
    actions = next((actions for cue, actions in _PLAN_ACTIONS.items() if cue in text), None)
    constraint = _CONSTRAINT.search(pain.evidence)
    if actions is None or constraint is None:
        return actions
    first, second, third = actions
    return first, f"{second}, {constraint.group(0).strip()}", third


def _pain_proof_plan(inputs: DossierInputs) -> str:
    paired = pains_with_proof(inputs)
    rows = [
        [
            md_text(pain.text),
            md_text(f"{achievement} ({role.title}, {role.employer})")
            if role and achievement
            else "*No direct evidence in the master CV*",
        ]
        for pain, role, achievement in paired
    ]
    pains = (
        _table(["Pain (from the posting)", "Proof (from the master CV)"], rows)
        if rows
        else "*The posting names no pain points.*"
    )
    actions = [a for a in (_plan_actions(pain) for pain, _, _ in paired) if a]
    plan = [
        f"- **{stage}**: " + md_text("; ".join(dict.fromkeys(a[index] for a in actions)).capitalize() + ".")
        for index, stage in enumerate(_PLAN_STAGES)
        if actions
    ]
    metrics = [m.text for m in inputs.pain_points.success_metrics]
    if plan and metrics:
        plan.append("- **Measured by** (the posting's targets): " + md_text(" ".join(metrics)))
    plan_text = "\n".join(plan) if plan else "*The posting names no problems, so no plan is derived.*"
    return f"{pains}\n\n**Plan** (actions for the problems above):\n\n{plan_text}"


def _job_summary(inputs: DossierInputs) -> str:
    jd, posting = inputs.jd, inputs.posting
    unknown = "*not stated*"
    rows = [
        ["Title", md_text(jd.title)],
        ["Company", md_text(jd.company)],
        ["Location", md_text(jd.location) if jd.location else unknown],
        ["Remote policy", jd.remote_policy.value],
        ["Role category", f"{jd.role_category.value} ({jd.role_family.value})"],
        ["Seniority", jd.seniority_level.value],
        [
            "Years of experience",
            str(jd.years_experience_required) if jd.years_experience_required else unknown,
        ],
        ["Education", md_text(jd.education_requirements) if jd.education_requirements else unknown],
        ["Industry", md_text(jd.industry_background) if jd.industry_background else unknown],
        ["Salary", md_text(posting.salary) if posting.salary else unknown],
        ["Posted", md_text(posting.posted_at) if posting.posted_at else unknown],
        ["Applications close", md_text(posting.closes_at) if posting.closes_at else "*not stated*"],
    ]
    weights = jd.competency_weights
    skills = list(dict.fromkeys(s.name for s in jd.technical_skills))
    soft = list(dict.fromkeys(s.name for s in jd.soft_skills))
    return "\n\n".join(
        [
            _table(["Field", "Value"], rows),
            f"**Competency weights:** delivery {weights.delivery}, process {weights.process}, "
            f"architecture {weights.architecture}, leadership {weights.leadership}",
            "**Responsibilities**\n\n" + _bullets([md_text(r) for r in jd.responsibilities], "none listed"),
            "**Qualifications**\n\n" + _bullets([md_text(q) for q in jd.qualifications], "none listed"),
            "**Nice to have**\n\n" + _bullets([md_text(n) for n in jd.nice_to_haves], "none listed"),
            f"**Technical skills:** {md_text(', '.join(skills)) or '*none found*'}",
            f"**Soft skills:** {md_text(', '.join(soft)) or '*none found*'}",
            f"**Top keywords:** {md_text(', '.join(jd.top_keywords)) or '*none found*'}",
        ]
    )


def _evidenced(items: list[EvidencedItem]) -> str:
    return _bullets(
        [
            f"{md_text(i.text)} — *{i.confidence.value} confidence* — evidence: “{md_text(i.evidence)}”"
            for i in items
        ],
        "none found in the posting",
    )


def _pain_analysis(inputs: DossierInputs) -> str:
    pains = inputs.pain_points
    return "\n\n".join(
        [
            "**Pain points**\n\n" + _evidenced(pains.pain_points),
            "**Strategic needs**\n\n" + _evidenced(pains.strategic_needs),
            "**Risks if unfilled**\n\n" + _evidenced(pains.risks_if_unfilled),
            "**Success metrics**\n\n" + _evidenced(pains.success_metrics),
            f"**Why now:** {md_text(pains.why_now) if pains.why_now else '*the posting does not say*'}",
            f"**Reasoning:** {md_text(pains.reasoning_summary)}",
        ]
    )


def _role_research(inputs: DossierInputs) -> str:
    role = inputs.company_research.role
    why_now = (
        "*Unknown: nothing read says why the role is open now.*"
        if role.why_now.strip().lower() == "unknown"
        else md_text(role.why_now)
    )
    return "\n\n".join(
        [
            md_text(role.summary),
            f"**Why now:** {why_now}",
            "**Business impact**\n\n"
            + _bullets([md_text(i) for i in role.business_impact], "not established"),
        ]
    )


def _achievements(inputs: DossierInputs) -> str:
    bullets = inputs.cv.header.achievements
    if bullets:
        lines = []
        for bullet in bullets:
            notes = [f"source: “{md_text(bullet.source_text)}”"]
            if bullet.pain_point_addressed:
                notes.append(f"addresses: {md_text(bullet.pain_point_addressed)}")
            lines.append(f"{md_text(bullet.text)} — *{'; '.join(notes)}*")
        return "From the tailored CV, each traced to the master CV:\n\n" + _bullets(lines, "")
    ranked = contacts_layer.rank_achievements(
        inputs.candidate, [p.text for p in inputs.pain_points.pain_points], inputs.fit.candidate_evidence
    )
    lines = [
        f"{md_text(text)} — *{md_text(role.title)}, {md_text(role.employer)}*" for role, text in ranked[:4]
    ]
    return "From the master CV, most relevant first:\n\n" + _bullets(lines, "none")


def _company(inputs: DossierInputs) -> str:
    company = inputs.company_research.company
    rows = [
        [s.type.value, md_text(s.description), md_text(s.date), md_text(s.source)] for s in company.signals
    ]
    signals = (
        _table(["Type", "Signal", "Date", "Source"], rows)
        if rows
        else "*No signals found in the sources read.*"
    )
    return "\n\n".join(
        [
            md_text(company.summary),
            f"**Company type:** {company.company_type.value} · **Website:** "
            f"{md_text(company.url) if company.url else '*unknown*'} · "
            f"**Researched at:** {company.fetched_at.isoformat()}",
            "**Signals**\n\n" + signals,
            "**Sources read**\n\n" + _bullets([md_text(s) for s in company.sources], "none"),
            "**Unknowns**\n\n" + _bullets([md_text(u) for u in company.unknowns], "none listed"),
        ]
    )


def _fit(inputs: DossierInputs) -> str:
    fit = inputs.fit
    rows = [[md_text(c.name), f"{c.weight:.2f}", str(c.score), md_text(c.detail)] for c in fit.breakdown]
    llm = str(fit.llm_score) if fit.llm_score is not None else "not used"
    return "\n\n".join(
        [
            f"**Fit score: {fit.fit_score}/100** — tier {fit.tier.value}, {fit.fit_category.value} "
            f"(deterministic {fit.deterministic_score}, model {llm})",
            "**Conditions** (dealbreakers first)\n\n"
            + _bullets([md_text(f"{c.status.value}: {c.reason}") for c in fit.dealbreakers], "none stated"),
            _table(["Component", "Weight", "Score", "Detail"], rows) if rows else "*No breakdown recorded.*",
            f"**Matched skills:** {md_text(', '.join(fit.matched_skills)) or '*none*'}",
            f"**Missing skills:** {md_text(', '.join(fit.missing_skills)) or '*none*'}",
            f"**Rationale:** {md_text(fit.fit_rationale)}",
            "**Evidence cited**\n\n" + _bullets([md_text(e) for e in fit.candidate_evidence], "none"),
        ]
    )


def _contact(contact: Contact) -> str:
    marker = " (placeholder)" if contact.is_synthetic else ""
    details = [
        f"**{md_text(contact.name)}**{marker} — {md_text(contact.role)} — *{contact.contact_type.value}*",
        f"Why: {md_text(contact.why_relevant)}",
    ]
    if contact.linkedin_url:
        details.append(f"LinkedIn: {md_text(contact.linkedin_url)}")
    if contact.source_url:
        details.append(f"Found at: {md_text(contact.source_url)}")
    if contact.recent_signals:
        details.append("Signals: " + "; ".join(md_text(s) for s in contact.recent_signals))
    messages = [
        f"LinkedIn connection request ({len(contact.linkedin_connection_message)} chars):\n\n"
        + _quote_block(contact.linkedin_connection_message),
        f"LinkedIn InMail — subject “{md_text(contact.linkedin_inmail_subject)}” "
        f"({len(contact.linkedin_inmail)} chars):\n\n" + _quote_block(contact.linkedin_inmail),
        f"Email — subject “{md_text(contact.email_subject)}” ({len(contact.email_body.split())} words):\n\n"
        + _quote_block(contact.email_body),
    ]
    return "\n\n".join(["  \n".join(details), *messages])


def _people(inputs: DossierInputs) -> str:
    found = inputs.contacts
    parts = [md_text(found.discovery_note)]
    for label, group in (
        ("Primary contacts", found.primary_contacts),
        ("Secondary contacts", found.secondary_contacts),
    ):
        parts.append(f"**{label}**")
        parts += [_contact(c) for c in group] or ["*none*"]
    return "\n\n".join(parts)


LETTER_MIN_WORDS, LETTER_MAX_WORDS = 250, 300

# What the company says it is doing because of the news: 'we are bringing two payments platforms together'.
_NOW_DOING = re.compile(r"\bwe are (?P<doing>[a-z][^,.;]{8,90}?)(?=, and |[,.;]|$)")


def _letter_news(signal: CompanySignal) -> str:
    """The signal's news, and what the company says it is doing because of it: 'acquired Settle.io in
    June 2025 and is now bringing two payments platforms together'."""
    news = signal_news(signal)
    doing = _NOW_DOING.search(signal.description)
    if news == plain_news(signal) or doing is None:
        return news
    return f"{news} and is now {_as_the_readers(doing.group('doing').strip())}"


_HOOKS = (
    "What draws me to {company} now is that it {news}.",
    "{Company} {news}, and that is why I am writing now.",
    "I am writing now because {company} {news}.",
)


_PROPER_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+")


def _why_this_company(inputs: DossierInputs, company: str, variant: int, reader: str | None) -> str:
    """Why this company, now: the news the posting itself gives first (it says why the job exists), then
    one precise item of another kind, preferring news whose names the posting also mentions."""
    signals = sorted(
        inputs.company_research.company.signals,
        key=lambda s: (s.source == "posting", s.date if s.date[:1].isdigit() else ""),
        reverse=True,
    )
    if not signals:
        return ""
    lead = _letter_news(signals[0])
    others = [
        _letter_news(signal)
        for signal in signals[1:]
        if signal.type is not signals[0].type and signal_news(signal) != plain_news(signal)
    ]
    posting = inputs.posting.description
    others.sort(key=lambda news: not any(name in posting for name in _PROPER_NAME.findall(news)))
    said = [lead, *others[:1]]
    if reader:  # the news may be the reader's own appointment: 'welcomed you as its new CTO'
        said = [re.sub(rf"\b{re.escape(reader)}\b(?= as its| its)", "you", news) for news in said]
    hook = _HOOKS[variant % len(_HOOKS)]
    opening = hook.format(company=company, Company=company[:1].upper() + company[1:], news=said[0])
    return f"{opening} It also {said[1]}." if len(said) == 2 else opening


def _letter_addressee(inputs: DossierInputs, agency: str | None) -> str:
    """The hiring manager the posting or people search names, else the senior leader it names, else
    the agency's consultant; the role only when nobody is known."""
    contacts = [*inputs.contacts.primary_contacts, *inputs.contacts.secondary_contacts]
    for kind in (ContactType.hiring_manager, ContactType.vp_director):
        named = [c for c in contacts if c.contact_type == kind and not c.is_synthetic]
        if named:
            return f"Dear {named[0].name},"
    return f"Dear {agency} consultant," if agency else "Dear Hiring Manager,"


# ------------------------------------------------------------------ the letter's need-and-proof paragraphs

# First words of a posting's bullet that make it an instruction ('Own delivery of ...').
_IMPERATIVES = {
    "build", "create", "cut", "define", "deliver", "design", "develop", "drive", "establish", "grow",
    "help", "hire", "implement", "improve", "integrate", "introduce", "keep", "lead", "learn", "maintain",
    "make", "manage", "mentor", "migrate", "modernise", "modernize", "move", "own", "pair", "partner",
    "put", "reduce", "replace", "represent", "review", "run", "scale", "set", "ship", "shape", "stay",
    "take", "turn", "work", "write", "automate", "bring", "codify", "coach", "support", "ensure",
}  # fmt: skip
_OURS = {"our": "your", "we": "you", "us": "you", "ours": "yours", "we're": "you're", "we've": "you've"}
# Figures of the posting a paraphrase leaves out, since the letter states only the master CV's.
_FIGURE_PHRASES = (
    re.compile(r"\s*\([^()]*\)"),
    re.compile(
        r"\s+from [^\s,;:]*\d[^\s,;:]*(?: of \w+)? to (?:below |under |over |above )?[^\s,;:]*\d[^\s,;:]*"
        r"(?: [a-z]+)?"
    ),
    re.compile(r"\s+(?:that|which|who) [^,;:]*\d[^,;:]*"),
    re.compile(r"\s+(?:by|in|before|within|over the next|currently) [^,;:]*\d[^,;:]*"),
    re.compile(
        r"\s+(?:for|across|at|of) (?:up to |about |over )?[^\s,;:]*\d[^\s,;:]*(?![^\s,;:])(?: [a-z-]+){0,2}"
        r"(?=[,;:.]|$| with\b| without\b)"
    ),
)
_TEAM_OF = re.compile(r"\b(an? (?:team|group|organisation|organization)) of \d[\d,]* ")
_NONE_OF = re.compile(r",? with (?:zero|no) (?P<what>[a-z -]+?)s\b")


def _as_the_readers(text: str) -> str:
    """The posting's 'we' and 'our' as the reader's 'you' and 'your'."""
    return re.sub(r"\b(?:[Oo]urs?|[Ww]e(?:'re|'ve)?|us)\b", lambda m: _OURS[m.group(0).lower()], text)


def _without_figures(text: str) -> str:
    text = _TEAM_OF.sub(r"\1 of ", text)
    for phrase in _FIGURE_PHRASES:
        text = phrase.sub("", text)
    return normalize_whitespace(text)


_CONNECTIVE = re.compile(r"^(?:with|for|so|to|by|in|on|as|and|or|but|because|while) ")


def _list_as_range(items: str) -> str | None:
    """'incident reviews, on-call health, SLOs for payout latency' -> 'from incident reviews and
    on-call health to SLOs for payout latency'; None when it is not a short list."""
    parts = [p.strip() for p in re.split(r",\s*|\s+and\s+", items) if p.strip()]
    if not 2 <= len(parts) <= 4 or any(len(p.split()) > 6 or _CONNECTIVE.match(p) for p in parts):
        return None
    return f"from {contacts_layer.join_names(parts[:-1])} to {parts[-1]}"


def _need_clause(bullet: str, backed: set[str]) -> str | None:
    """An instruction of the posting said as the work the reader needs done, in the letter's words:
    'Own delivery of the payouts migration from the Settle.io platform, with zero missed payouts' ->
    'own the payouts migration from the Settle.io platform without a single missed payout'. None when
    the bullet is no instruction, or says nothing once the posting's own figures are left out."""
    text = normalize_whitespace(bullet).rstrip(" .")
    first = text.split(" ", 1)[0]
    if first.lower().rstrip(",") not in _IMPERATIVES or not first[:1].isupper():
        return None
    text = re.sub(r"^(Own|Lead|Drive) (?:the )?delivery of ", r"\1 ", text)
    text = _NONE_OF.sub(r" without a single \g<what>", text)
    head, _, detail = text.partition(": ")
    head = head.split("; ", 1)[0]
    ranged = _list_as_range(_without_figures(detail)) if detail else None
    for candidate in [*([f"{head}, {ranged}"] if ranged else []), head, head.split(", ", 1)[0]]:
        clause = _as_the_readers(_without_figures(candidate)).strip(" ,")
        if len(clause.split()) >= 2 and len(clause) <= 130 and numbers_in(clause) <= backed:
            return clause[:1].lower() + clause[1:]
    return None


def _topic_of(bullet: str, backed: set[str]) -> str | None:
    """What a bullet that is no instruction is about, named in its first words: 'Modernising a Java
    monolith into services running on Kubernetes on Azure, without ...' -> 'modernising a Java monolith
    into services running on Kubernetes on Azure'."""
    topic = _as_the_readers(_without_figures(re.split(r"[,;:.]\s", normalize_whitespace(bullet))[0]))
    topic = topic.strip(" .")
    if not 2 <= len(topic.split()) <= 14 or not numbers_in(topic) <= backed or "…" in topic:
        return None
    words = topic.split()
    if words[0].lower() in _IMPERATIVES:
        return None
    if words[0].endswith("ing"):  # 'Hiring and growing engineering managers'
        return contacts_layer.lower_first(topic)
    if words[1] == "of":  # 'Reliability of the tracking pipeline'
        return f"the {contacts_layer.lower_first(topic)}"
    return None  # a statement of how things are, not a topic


# The first need of the letter, then the others: several turns of phrase for each, picked per job.
_NEEDS = (
    (
        "You need someone to {need}.",
        "Whoever takes this role has to {need}.",
        "Your first need is someone to {need}.",
    ),
    (
        "You also need someone to {need}.",
        "The role also calls for someone to {need}.",
        "Next, you want someone who can {need}.",
        "Then someone has to {need}.",
    ),
)
_TOPICS = (
    ("Your posting puts weight on {topic}.", "Your posting starts with {topic}."),
    ("Then there is {topic}.", "The role also covers {topic}.", "Next on your list is {topic}."),
)
_PROOFS = (
    "Relevant here: at {employer}, I {deed}.",
    "At {employer}, I {deed}.",
    "It is close to what I did at {employer}, where I {deed}.",
    "For example, at {employer}, I {deed}.",
)
_CURRENT_PROOF = ("In my current role at {employer}, I {deed}.", "At {employer}, where I work now, I {deed}.")
_FIRST_PERSON = re.compile(r"^At (?P<employer>.+?), I (?P<deed>.+?)\.?$")


# Where an achievement of the master CV moves from what was done to how or with what result.
_CLAUSE_BREAK = re.compile(
    r"(; |, (?=(?:cutting|hiring|moving|passing|saving|halving|reducing|raising|bringing|taking|serving"
    r"|growing|doubling|processing|with)\b)| by (?=[a-z]+ing\b))"
)
# A clause that already states a measured result: 'from 11 to 3 per month', 'by 31%'.
_RESULT = re.compile(r"\bfrom \S*\d\S*.* to \S*\d|\d%|\bby \S*\d")


def _headline(achievement: str, focus: str) -> str:
    """An achievement as a letter cites it: what was done, with the one further clause that speaks to
    ``focus`` (else the next one, when the first states no measured result); the CV has the rest.
    Every word is the master CV's, in its order."""
    text = normalize_whitespace(achievement).rstrip(".")
    parts = _CLAUSE_BREAK.split(text)
    head, clauses = parts[0], list(zip(parts[1::2], parts[2::2], strict=True))
    if not clauses or head.count("(") != head.count(")"):
        return text
    wanted = contacts_layer.terms(focus)
    best: tuple[str, str] | None = max(clauses, key=lambda c: len(contacts_layer.terms(c[1]) & wanted))
    if not contacts_layer.terms(best[1]) & wanted:
        best = None if _RESULT.search(head) else clauses[0]
    kept = head + "".join(best) if best else head
    return kept if kept.count("(") == kept.count(")") else text


def _proof_sentence(role: CandidateRole, achievement: str, focus: str, variant: int, first: bool) -> str:
    """An achievement of the master CV, cited for ``focus``, led in by one of several turns of phrase;
    the ``first`` time the letter speaks of the current role, it may say that it is current."""
    sentence = contacts_layer.achievement_sentence(role, _headline(achievement, focus))
    said = _FIRST_PERSON.match(sentence)
    if said is None:
        return sentence
    current = first and not (role.end or "")[:4].isdigit()
    template = (
        _CURRENT_PROOF[variant // 2 % 2] if current and variant % 2 == 0 else _PROOFS[variant % len(_PROOFS)]
    )
    return template.format(employer=said.group("employer"), deed=said.group("deed"))


def _need_statement(
    bullet: str, pain_text: str | None, backed: set[str], turn: tuple[int, int], quote: list[str]
) -> str:
    """The need a bullet states, in the letter's words; the one short quote of the letter when the bullet
    is a description of how things are today; its topic, else the analyst's sentence, otherwise."""
    position, variant = min(turn[0], 1), turn[1]
    need = _need_clause(bullet, backed)
    if need:
        return _NEEDS[position][variant % len(_NEEDS[position])].format(need=need)
    first_clause = normalize_whitespace(bullet).split("; ", 1)[0].rstrip(" .")
    if not quote and len(first_clause) <= 110 and re.match(r"^(?:Today|Currently|Right now)\b", first_clause):
        quote.append(first_clause)
        return (
            f"Your posting is frank about where things stand: “{contacts_layer.lower_first(first_clause)}”."
        )
    topic = _topic_of(bullet, backed)
    if topic:
        return _TOPICS[position][variant % len(_TOPICS[position])].format(topic=topic)
    pain = _without_figures(pain_text or "")
    if pain and numbers_in(pain) <= backed:
        said = ("Your posting makes clear that {pain}", "I also take from your posting that {pain}")[position]
        return said.format(pain=contacts_layer.lower_first(_sentence_of(pain)))
    return ""


def _cover_letter(inputs: DossierInputs) -> str:
    """A letter that argues this job's two or three pains with matching proof from the master CV and
    says why this company, now; every fact from the master CV or the posting. Its turns of phrase vary
    from job to job, so that no two letters read alike."""
    facts = _facts(inputs)
    jd, candidate = inputs.jd, inputs.candidate
    allowed = contacts_layer.master_cv_numbers(candidate) | numbers_in(jd.company) | numbers_in(jd.title)
    variant = int(sha256_text(f"{jd.company}|{jd.title}")[:8], 16)
    agency = facts.agency
    company = "the client" if agency else jd.company
    applying = (
        f"I am applying for the {jd.title} role that {agency} is recruiting on behalf of its client."
        if agency
        else (
            f"I am applying for the {jd.title} role at {jd.company}.",
            f"I would like to be considered for the {jd.title} role at {jd.company}.",
            f"Please consider me for the {jd.title} role at {jd.company}.",
        )[variant % 3]
    )
    signal_numbers = {
        n for s in inputs.company_research.company.signals for n in numbers_in(s.description + s.date)
    }
    addressee = _letter_addressee(inputs, agency)
    reader = addressee.removeprefix("Dear ").rstrip(",") if addressee != "Dear Hiring Manager," else None
    why = _why_this_company(inputs, company, variant, reader)
    opening = " ".join(p for p in [applying, why if numbers_in(why) <= allowed | signal_numbers else ""] if p)

    arguments, used, stated = _arguments(inputs, allowed, variant)
    # The letter argues from the job's problems and looks forward to the rest of its work; what every
    # letter would say (years, skills) is left to the CV, so that no two letters read alike.
    rest = [r for r in jd.responsibilities if normalize_whitespace(r) not in stated]
    stack = _requirements_met(inputs, variant)
    wishes = _rest_of_the_role(rest, allowed, variant)
    focus = [*jd.responsibilities, *jd.top_keywords, *(s.name for s in jd.technical_skills)]
    ranked = contacts_layer.rank_achievements(candidate, focus, inputs.fit.candidate_evidence)
    cited = {role.employer for role, text in ranked if text in used}
    # Further proof from the roles the letter has not spoken of yet first: the breadth of a career.
    unused = sorted(((r, t) for r, t in ranked if t not in used), key=lambda rt: rt[0].employer in cited)
    more = [
        _also_sentence(role, text, " ".join(focus), index, variant + index)
        for index, (role, text) in enumerate(unused)
    ]
    # What any letter of the candidate's would say, only when the job gives too little to argue.
    more += [line for line in [facts.years_line, facts.skills_line, facts.persona] if line]
    first_steps = _first_steps(inputs, variant)
    goodbye = (
        f"I would welcome a conversation about the {jd.title} role at {company}.",
        "I would be glad to talk this through whenever suits you.",
        "If this sounds useful, I would be glad to talk.",
    )[variant // 3 % 3]

    def letter(extra: list[str]) -> list[str]:
        middle = " ".join([*stack, wishes, *extra]).strip()
        return [addressee, opening, *arguments, middle, f"{first_steps} {goodbye}".strip()]

    def words(extra: list[str]) -> int:
        return sum(len(p.split()) for p in letter(extra))

    # Within the length, the wishes give way first, then the first steps.
    if words([]) > LETTER_MAX_WORDS:
        wishes = ""
    if words([]) > LETTER_MAX_WORDS:
        first_steps = ""

    extra: list[str] = []
    for sentence in more:
        if words(extra) >= LETTER_MIN_WORDS:
            break
        if words([*extra, sentence]) <= LETTER_MAX_WORDS:
            extra.append(sentence)
    paragraphs = [p for p in letter(extra) if p.strip()]
    return "\n\n".join([*(md_text(p) for p in paragraphs), "Sincerely,", md_text(candidate.name)])


_FIRST_STEPS = (
    "In my first month I would {first}; by day 90 I would {last}.",
    "My first step would be to {first}; by day 90 I would aim to {last}.",
    "In my first weeks I would {first}. By day 90 I would {last}.",
)
_INDIVIDUAL_ROLES = {
    RoleCategory.individual_contributor,
    RoleCategory.senior_individual_contributor,
    RoleCategory.staff_principal,
}


def _first_steps(inputs: DossierInputs, variant: int) -> str:
    """What the candidate would do first about the job's first proven problem, from the dossier's plan:
    a problem particular to the job before the team's growth, which many jobs share; a plan to hire only
    in a letter for a role that manages."""
    plans = [_plan_actions(pain) for pain, role, _ in pains_with_proof(inputs) if role is not None]
    hiring = _PLAN_ACTIONS["team"]
    manages = inputs.jd.role_category not in _INDIVIDUAL_ROLES
    chosen = next((p for p in plans if p and p != hiring), hiring if manages and hiring in plans else None)
    if chosen is None:
        return ""
    first, _, last = chosen
    return _FIRST_STEPS[variant % len(_FIRST_STEPS)].format(first=first, last=last)


# The first further achievement of the letter, then the others.
_ALSO = (
    ("Beyond that, at {employer}, I {deed}.", "There is more: at {employer}, I {deed}."),
    ("At {employer}, I also {deed}.", "And at {employer}, I {deed}.", "At {employer}, I {deed}."),
)


def _also_sentence(role: CandidateRole, achievement: str, focus: str, position: int, variant: int) -> str:
    """A further achievement of the master CV, led in as one more piece of proof."""
    sentence = contacts_layer.achievement_sentence(role, _headline(achievement, focus))
    said = _FIRST_PERSON.match(sentence)
    if said is None:
        return sentence
    turns = _ALSO[min(position, 1)]
    return turns[variant % len(turns)].format(employer=said.group("employer"), deed=said.group("deed"))


_LOOKING_FORWARD = (
    ("I would also be glad to {0}.", "I would enjoy the chance to {0}, too.", "I also want to {0}."),
    (
        "I would also like to {0}, and to {1}.",
        "I look forward to the chance to {0} and to {1}.",
        "Just as much, I want to {0} and to {1}.",
    ),
)


def _rest_of_the_role(responsibilities: list[str], backed: set[str], variant: int) -> str:
    """Up to two more of the posting's responsibilities, in the letter's words, as work the candidate
    looks forward to (a wish, not a claim)."""
    # One clause each, so that two read as a pair: 'to codify everything in Terraform, and to ...'.
    needs = [n for n in (_need_clause(r, backed) for r in responsibilities) if n and "," not in n][:2]
    if not needs:
        return ""
    turns = _LOOKING_FORWARD[len(needs) - 1]
    return turns[variant % len(turns)].format(*needs)


_STACK_LINES = (
    "On the technical side, I {since}.",
    "The stack is familiar: I {since}.",
    "As for the tools you name, I {since}.",
)


def _requirements_met(inputs: DossierInputs, variant: int, limit: int = 2) -> list[str]:
    """Technologies the posting's requirements name that a role of the master CV lists, each said once
    with the first role that lists it; at most ``limit`` roles."""
    held: dict[str, list[str]] = {}
    roles = {role.employer: role for role in inputs.candidate.roles}
    named: set[str] = set()
    for qualification in inputs.jd.qualifications:
        wanted = {m.name for m in find_skills(qualification)} - named
        for role in inputs.candidate.roles:
            # Named as the master CV writes them ('Kafka'), matched as the same skill ('Apache Kafka').
            found = [m for m in find_skills(", ".join(role.skills)) if m.name in wanted]
            if found and (role.employer in held or len(held) < limit):
                held.setdefault(role.employer, []).extend(m.matched_text for m in found)
                named |= {m.name for m in found}
                break
    said: list[str] = []
    for employer, skills in held.items():
        role, names = roles[employer], contacts_layer.join_names(list(dict.fromkeys(skills))[:3])
        since = (
            f"have used {names} at {employer} since {role.start[:4]}"
            if not (role.end or "")[:4].isdigit()
            else f"used {names} at {employer} from {role.start[:4]} to {role.end[:4]}"
        )
        said.append(_STACK_LINES[(variant + len(said)) % len(_STACK_LINES)].format(since=since))
    return said


def _arguments(
    inputs: DossierInputs, allowed: set[str], variant: int
) -> tuple[list[str], list[str], list[str]]:
    """Two or three paragraphs, each a need of the job in the letter's words with the achievement that
    proves it: the job's pains first; when too few have proof, the responsibilities it lists. Also the
    achievements used and the posting's bullets argued."""
    arguments: list[str] = []
    used: list[str] = []
    stated: list[str] = []
    quote: list[str] = []  # the letter quotes the posting once at most

    def argue(bullet: str, pain_text: str | None, role: CandidateRole, achievement: str) -> None:
        turn = variant + len(arguments)
        need = _need_statement(bullet, pain_text, allowed, (len(arguments), turn), quote)
        if not need:
            return
        first = all(role.employer not in argument for argument in arguments)
        arguments.append(f"{need} {_proof_sentence(role, achievement, bullet, turn, first)}")
        used.append(achievement)
        stated.append(normalize_whitespace(bullet))

    for pain, role, achievement in pains_with_proof(inputs):
        if role is None or achievement is None:
            continue
        argue(pain.evidence, pain.text, role, achievement)
    for responsibility in inputs.jd.responsibilities:
        if len(arguments) >= 3:
            break
        if normalize_whitespace(responsibility) in stated:
            continue
        proof = contacts_layer.match_proofs(
            [responsibility], inputs.candidate, min_score=_MIN_DUTY_PROOF, exclude=used
        )[0]
        if proof is not None:
            argue(responsibility, None, *proof)
    return arguments, used, stated


def _sentence_of(text: str) -> str:
    text = normalize_whitespace(text)
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _likely_question(number: int, question: InterviewQuestion, told_at: dict[str, int]) -> str:
    """A question, the line it comes from and its STAR story; a role's situation is spelled out at its
    first story (``told_at``: employer -> question number)."""
    lines = [
        f"{number}. **{md_text(question.question)}** *({question.kind.value})*",
        f"   - From the posting ({md_text(question.basis)}): “{md_text(question.posting_quote)}”",
    ]
    story = question.story
    if story is None:
        lines.append("   - *Story:* *to prepare*")
        return "\n".join(lines)
    first = told_at.setdefault(story.employer, number)
    situation = md_text(story.situation) if first == number else f"see question {first}"
    parts = [("Situation", situation), *((label, md_text(text)) for label, text in _star(story))]
    lines += [f"   - *{label}:* {text or '*to prepare*'}" for label, text in parts]
    lines.append(
        f"   - *Told from:* “{md_text(story.source_text)}” "
        f"({md_text(story.role_title)}, {md_text(story.employer)})"
    )
    return "\n".join(lines)


def _star(story: StarStory) -> list[tuple[str, str]]:
    return [("Task", story.task), ("Action", story.action), ("Result", story.result)]


def _interview(inputs: DossierInputs) -> str:
    prep = inputs.interview
    told_at: dict[str, int] = {}
    questions = "\n".join(_likely_question(n, q, told_at) for n, q in enumerate(prep.questions, start=1))
    gaps = _bullets(
        [
            f"**{md_text(gap.skill)}**"
            + (f" (the posting: “{md_text(gap.posting_quote)}”)" if gap.posting_quote else "")
            + f". {md_text(gap.note)}"
            for gap in prep.gaps
        ],
        "The fit score finds no missing skill.",
    )
    asks = _bullets(
        [
            f"{md_text(ask.question)} *(from {_source_name(ask.source)}: “{md_text(ask.quote)}”)*"
            for ask in prep.questions_to_ask
        ],
        "nothing in the posting or the research to ask about",
    )
    return "\n\n".join(
        [
            md_text(prep.note),
            "**Likely questions**, each with a story in the master CV's words. *To prepare* marks what the "
            "master CV does not say (often the task: why the work was needed): fill it from memory, with no "
            "figure you cannot stand behind; a story to prepare means no achievement in it answers the "
            "question.\n\n" + (questions or "*The posting's lines name nothing to ask about.*"),
            "**Gaps to prepare for**\n\n" + gaps,
            "**To clarify before or during the interview** (what the fit score leaves open)\n\n"
            + _bullets([md_text(point) for point in prep.to_clarify], "The fit score leaves nothing open."),
            "**Questions to ask them**\n\n" + asks,
        ]
    )


def _source_name(source: str) -> str:
    return "the posting" if source == "posting" else md_text(source)


def _metadata(inputs: DossierInputs) -> str:
    posting = inputs.posting
    rows = [
        ["Job id", md_text(inputs.job_id)],
        ["Source", md_text(posting.source)],
        ["URL", md_text(posting.url) if posting.url else "*none*"],
        ["Content sha256", f"`{posting.content_sha256}`"],
        ["Ingested at", posting.ingested_at.isoformat()],
        ["Posted at", md_text(posting.posted_at) if posting.posted_at else "*unknown*"],
        ["Requisition id", md_text(posting.requisition_id) if posting.requisition_id else "*none*"],
    ]
    lineage = [
        [
            md_text(step.layer),
            md_text(step.provider),
            md_text(step.model),
            md_text(step.prompt_version),
            f"`{md_text(step.input_hash)}`",
            f"`{md_text(step.output_hash)}`",
        ]
        for step in inputs.lineage
    ]
    lineage_table = (
        _table(["Layer", "Provider", "Model", "Prompt version", "Input hash", "Output hash"], lineage)
        if lineage
        else "*No lineage recorded.*"
    )
    return "\n\n".join(
        [
            _table(["Field", "Value"], rows),
            f"**Layers** (dossier prompt version {PROMPT_VERSION}):\n\n{lineage_table}",
        ]
    )


_BUILDERS = [
    _pain_proof_plan,
    _job_summary,
    _pain_analysis,
    _role_research,
    _achievements,
    _company,
    _fit,
    _people,
    _cover_letter,
    _interview,
    _metadata,
]


# ------------------------------------------------------------------ rendering

_PAGE = Template(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328;
       max-width: 56rem; margin: 2rem auto; padding: 0 1rem; }
h1 { border-bottom: 2px solid #d0d7de; padding-bottom: .3rem; }
h2 { border-bottom: 1px solid #d0d7de; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
blockquote { margin: .5rem 0; padding: .2rem 1rem; border-left: 4px solid #d0d7de; color: #424a53; }
code { font-size: .85em; word-break: break-all; }
</style>
</head>
<body>
<main>
$body
</main>
</body>
</html>
"""
)


# The offline heuristic renders the page and ground re-assembles the same Markdown right after.
@lru_cache(maxsize=16)
def render_html(markdown_text: str, title: str) -> str:
    """A standalone HTML page; raw HTML in the Markdown is shown as text, never interpreted."""
    converter = markdown.Markdown(extensions=["tables", "toc", "sane_lists"])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return _PAGE.substitute(title=html.escape(title), body=converter.convert(markdown_text))


def _with_text_quality(sections: list[DossierSection], inputs: DossierInputs) -> list[DossierSection]:
    """The metadata section with the text-quality counts of the messages and of the dossier's own prose."""
    in_messages = text_quality.count_by_kind(d for _, d in contacts_layer.text_defects(inputs.contacts))
    in_dossier = text_quality.count_by_kind(d for _, d in _section_defects(sections[:-1]))
    rows = [[kind.replace("_", " "), str(in_messages[kind]), str(in_dossier[kind])] for kind in in_messages]
    table = _table(
        ["Text-quality defect", "In the messages", "In pain, proof, plan, letter and interview"], rows
    )
    metadata = sections[-1]
    counted = f"{metadata.markdown}\n\n**Text quality** (counted by the non-blocking checks):\n\n{table}"
    return [*sections[:-1], metadata.model_copy(update={"markdown": counted})]


def _assemble(sections: list[DossierSection], inputs: DossierInputs) -> Dossier:
    sections = _with_text_quality(sections, inputs)
    title = f"{inputs.jd.title} — {inputs.jd.company}"
    contents = "\n".join(f"{s.number}. [{s.title}](#{_anchor(s.number)})" for s in sections)
    document = "\n\n".join(
        [f"# {md_text(title)}", f"**Contents**\n\n{contents}", *(s.markdown for s in sections)]
    )
    return Dossier(sections=sections, markdown=document + "\n", html=render_html(document, title))


def _sections(inputs: DossierInputs) -> list[DossierSection]:
    return [
        DossierSection(
            number=n, title=SECTION_TITLES[n - 1], markdown=f"{_heading(n)}\n\n{build_section(inputs)}"
        )
        for n, build_section in enumerate(_BUILDERS, start=1)
    ]


def heuristic(inputs: DossierInputs) -> Dossier:
    return _assemble(_sections(inputs), inputs)


def ground(result: Dossier, inputs: DossierInputs) -> Dossier:
    """Data sections are always rendered from the stored layers; a model's prose sections are kept
    only when they carry no markup or links and state no number the inputs do not."""
    # Only the sections are needed here: rendering HTML is the costly part and is done once, below.
    expected = _sections(inputs)
    allowed = numbers_in(canonical_json(inputs))
    sections = []
    for produced, fallback in zip(result.sections, expected, strict=True):
        text = produced.markdown
        keep = (
            produced.number == fallback.number
            and produced.number in PROSE_SECTIONS
            and text.startswith(_heading(produced.number))
            and "<" not in text
            and "](" not in text
            and numbers_in(text) <= allowed | numbers_in(fallback.markdown)
        )
        sections.append(produced.model_copy(update={"title": fallback.title}) if keep else fallback)
    return _assemble(sections, inputs)


def build(inputs: DossierInputs, llm: LLM) -> Dossier:
    return ground(llm.generate(LayerTask(LAYER, PROMPT_VERSION, inputs, PROMPT), Dossier), inputs)


# ------------------------------------------------------------------ files

_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")
MAX_FILENAME_STEM = 80


def dossier_filename(job_id: str) -> str:
    """A safe file stem (no extension) for a job's dossier files, whatever the job id contains.

    Only ``[A-Za-z0-9._-]``, no '..', no leading dot or dash, bounded length. When the id had
    to be changed, a hash of the original keeps different ids from sharing a file.
    """
    stem = _UNSAFE_FILENAME.sub("-", job_id)
    stem = re.sub(r"\.{2,}", ".", stem).strip(".-_")[:MAX_FILENAME_STEM].rstrip(".-_")
    if stem != job_id or not stem:
        stem = f"{stem or 'job'}-{sha256_text(job_id)[:12]}"
    return stem


# ------------------------------------------------------------------ checks


def check_sections(result: Dossier) -> list[str]:
    """The sections are numbered 1 to 11 in order, each with its title, heading and content."""
    problems = []
    count = len(SECTION_TITLES)
    numbers = [s.number for s in result.sections]
    if numbers != list(range(1, count + 1)):
        problems.append(f"sections: numbered {numbers}, expected 1 to {count} in order")
    for section in result.sections:
        expected = SECTION_TITLES[section.number - 1]
        if section.title != expected:
            problems.append(f"sections[{section.number}].title: {section.title!r}, expected {expected!r}")
        if not section.markdown.startswith(_heading(section.number)):
            problems.append(f"sections[{section.number}].markdown: does not start with its heading")
        elif not section.markdown.removeprefix(_heading(section.number)).strip():
            problems.append(f"sections[{section.number}].markdown: empty")
    positions = [result.markdown.find(f"\n{_heading(n)}\n") for n in range(1, count + 1)]
    if -1 in positions or positions != sorted(positions):
        problems.append("markdown: the section headings are missing or out of order")
    if result.html.count("<h2") != count:
        problems.append(f"html: {result.html.count('<h2')} section headings, expected {count}")
    return problems


def text_defects(result: Dossier) -> list[tuple[str, text_quality.Defect]]:
    """Text-quality defects of the dossier: every defect in its prose sections (pain, proof and plan;
    the cover letter), and entities or stray escapes anywhere in its Markdown."""
    return _section_defects(result.sections)


def _section_defects(sections: list[DossierSection]) -> list[tuple[str, text_quality.Defect]]:
    found = []
    for section in sections:
        where = f"section {section.number} ({section.title})"
        if section.number in WRITTEN_SECTIONS:
            found += [(where, d) for d in text_quality.prose_defects(section.markdown, markdown=True)]
        else:
            found += [(where, d) for d in text_quality.entities_or_escapes(section.markdown, markdown=True)]
    return found


def check_text_quality(result: Dossier) -> list[str]:
    """The dossier's prose reads as written by a person (see ``text_quality``)."""
    return [defect.describe(where) for where, defect in text_defects(result)]
