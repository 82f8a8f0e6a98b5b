"""Interview preparation for a shortlisted job: what they will likely ask, what to answer, what to ask.

- Likely questions come from the posting's own lines (its pain points' evidence first, then its
  responsibilities and requirements): each line is read for the kind of work it names (hiring,
  a migration, incidents, ...) and asked about as an interviewer would, once per kind; each
  question quotes the line it comes from.
- Each question gets a STAR story from one master-CV achievement, chosen with the proof matcher
  the dossier's Pain -> Proof table and the messages use (each achievement once); the task,
  action and result are the achievement's own words, the situation its role as the master CV
  states it. Where no achievement answers a question, it says so instead of stretching one.
- Gaps are the fit score's missing skills, each with a note that claims no experience the master
  CV does not state.
- Questions to ask them come from the pain points (quoting the posting) and the company's dated
  signals (quoting their source).
- What to clarify is what the fit score leaves open or flags: a dealbreaker condition the posting does
  not settle, a team larger than any the master CV names, a change of track.

A model may propose all of it; ``ground`` keeps only what these rules allow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobintel_assets.layers import career, text_quality
from jobintel_assets.layers import contacts as contacts_layer
from jobintel_assets.layers.fit_score import skill_key
from jobintel_assets.layers.models import (
    CandidateProfile,
    CandidateRole,
    CheckStatus,
    CompanyResearch,
    CompanySignal,
    Contract,
    ExtractedJD,
    FitScore,
    InterviewPrep,
    InterviewQuestion,
    PainPoints,
    PrepGap,
    QuestionKind,
    QuestionToAsk,
    StarStory,
)
from jobintel_assets.layers.pain_points import posting_sentences
from jobintel_assets.layers.ports import LLM, LayerTask
from jobintel_assets.layers.signals import signal_news
from jobintel_assets.layers.skills import broader_skill_steps, canonical_skill, find_skills, never_a_gap
from jobintel_assets.layers.text import contains_quote, normalize_for_match, normalize_whitespace, numbers_in

LAYER = "interview_prep"
PROMPT_VERSION = "interview_prep/v2"

PROMPT = """You are an interview coach preparing a candidate for one job.

Return:
- questions (6-10): what this employer will likely ask, behavioural and technical, each asked as an
  interviewer would (not a line of the posting with 'Tell me about' in front). posting_quote is the
  line of the posting the question comes from, copied verbatim; basis says what that line is.
- For each question a STAR story drawn from ONE achievement of the master CV: source_text is that
  achievement verbatim, role_title and employer its role, achievement_index its position in the
  role's achievements; task, action and result are words of that achievement (empty when it does
  not say); situation is the role as the master CV states it. No achievement twice. No story when
  no achievement answers the question: never stretch or invent one, never add a number.
- gaps: only the fit score's missing_skills, each with a note saying how to answer honestly;
  never claim experience the master CV does not state.
- questions_to_ask (up to 6): from the pain points (source 'posting', quote from the posting) and
  the dated company signals (source: the signal's source, quote: its description).
- note: what the preparation is drawn from.
- to_clarify is filled from the fit score, not by you."""

MAX_QUESTIONS = 10
MAX_ASKS = 6
MAX_SIGNAL_ASKS = 2
# A story speaks of the question's work (``_speaks_of``) and scores this much with the proof matcher: a
# shared skill or domain, or two shared words.
MIN_STORY_SCORE = 2.0


class InterviewPrepInputs(Contract):
    description: str
    jd: ExtractedJD
    pain_points: PainPoints
    fit: FitScore
    company_research: CompanyResearch
    candidate: CandidateProfile


# ------------------------------------------------------------------ what interviewers ask about


@dataclass(frozen=True)
class _Topic:
    name: str
    cue: re.Pattern[str]  # on the posting's line
    kind: QuestionKind
    question: str  # '{skills}': the technologies the line names
    focus: str  # words of the work, for matching a story; one per idea, since each shared word counts
    ask: str  # what the candidate may ask them about it


def _topic(name: str, cue: str, kind: QuestionKind, question: str, focus: str, ask: str) -> _Topic:
    return _Topic(name, re.compile(cue, re.I), kind, question, focus, ask)


B, T = QuestionKind.behavioural, QuestionKind.technical
# In the order a line is read: the first topic a line names that no earlier line took is its question.
_TOPICS = (
    _topic(
        "underperformance",
        r"underperform|performance (?:reviews?|management|issues?)|difficult conversation",
        B,
        "Tell me about a time someone on your team was underperforming. What did you do, and how did it end?",
        "underperformance underperforming performance",
        "How are performance reviews run here, and how often?",
    ),
    _topic(
        "hiring",
        r"\bhir(?:e|es|ed|ing)\b|\brecruit|grow (?:the|a|your) team|scale the team|build (?:out )?the team",
        B,
        "How have you grown a team? Walk me through how you decide who to hire.",
        "hiring hired hire grew recruited organisation",
        "How many of the open roles are approved, and who else decides on hires?",
    ),
    _topic(
        "migration",
        r"migrat|rebuild|re-?platform|legacy|moderni[sz]|monolith|brought together|merg(?:e|ing)",
        B,
        "Walk me through a large migration you led. What went wrong, and what would you do differently?",
        "migration migrated moved move legacy rebuild rebuilt platforms merge",
        "What is the cut-over plan, and where do the old and new systems stand today?",
    ),
    _topic(
        "incidents",
        r"incident|on-?call|outage|reliab|\bslos?\b|uptime",
        B,
        "How have you brought incidents and on-call load down? What did you change first, and how did you "
        "measure it?",
        "incidents incident on-call pages alert runbooks slos reliability outage",
        "What causes most incidents today, and who carries the on-call load?",
    ),
    _topic(
        "freshness",
        r"fresh|latency|real-?time|hourly|streaming|near real",
        T,
        "How would you cut the time it takes data to reach its users? What breaks first when data has to "
        "arrive faster?",
        "latency freshness hourly nightly minutes streaming real-time",
        "Which customers feel the delay most, and how is it measured today?",
    ),
    _topic(
        "payments",
        r"payment|payout|ledger|reconcil|idempot|double-entry|move money|money movement",
        T,
        "How do you make a payment flow safe to retry, and how do you prove the books still balance?",
        "payment payments payouts reconciliation idempotent transactions settled merchants ledger",
        "Where do reconciliation breaks come from today?",
    ),
    _topic(
        "compliance",
        r"complian|audit|\bsoc ?2\b|iso ?27001|gdpr|hipaa|pci|\bsox\b|psd2|regulat|\bfca\b|secur",
        B,
        "How have you prepared a platform for an audit, and what did it change in the team's daily work?",
        "audit audits compliance iso evidence security",
        "Which audits or regulators does the team answer to, and when is the next one?",
    ),
    _topic(
        "scaling",
        r"\bscal(?:e|es|ing|able)\b(?! (?:the|a|our|your) (?:team|organi[sz]ation))|throughput|high[- ]volume"
        r"|at scale|performance|query plans",
        T,
        "Tell me about a system you had to make faster or take more load. Where did it break first, and "
        "how did you find out?",
        "scale scaled latency p99 caching throughput requests load events",
        "Where does the system strain today as load grows?",
    ),
    _topic(
        "data_quality",
        r"data quality|data contracts?|correctness|must never be wrong|accura|validation",
        T,
        "How do you keep wrong data from reaching the people who use it? Give an example of a check you "
        "added and what it caught.",
        "quality contracts tests validation reconciliation unmatched correctness",
        "How do you find out today that data is wrong?",
    ),
    _topic(
        "stakeholders",
        r"partner with|work with (?:product|finance|compliance)|stakeholder|cross-team|"
        r"without formal authority|\bboard\b|commercial|roadmap",
        B,
        "Tell me about a time you disagreed with a product, finance or business partner on what to do. "
        "How was it decided?",
        "negotiated stakeholder stakeholders finance decision product",
        "Who sets the roadmap, and how are disagreements about it settled?",
    ),
    _topic(
        "cost",
        r"\bcost|\bspend|budget",
        B,
        "Tell me about a time you cut cloud or infrastructure cost. How did you decide what to cut?",
        "spend cost costs budget saving",
        "Who owns the infrastructure budget, and how is it tracked?",
    ),
    _topic(
        "delivery",
        r"delivery practices|deliver faster|lead time|deploy|okrs?\b|dora|predictab|release",
        B,
        "How have you made a team deliver faster or more predictably? What did you measure before and after?",
        "delivery deploys deployment dora frequency",
        "How does the team plan today, and how do you know whether it delivers?",
    ),
    _topic(
        "process",
        r"planning|1:1s|one-to-ones|career (?:development|conversations)|processes|rituals|agile",
        B,
        "How do you run a team's planning and 1:1s? Tell me about a process you changed and what it did.",
        "planning quarterly process okrs",
        "Which of the team's processes work well today, and which do you want changed?",
    ),
    _topic(
        "mentoring",
        r"mentor|coach|grow (?:engineers|people|into)|helped someone grow|develop(?:ing)? engineers",
        B,
        "Tell me about an engineer you helped grow. What did you do, and what changed for them?",
        "mentored mentor coached coaching promotion guild",
        "How do engineers grow here, and who decides promotions?",
    ),
    _topic(
        "design",
        r"design|architectur|\\brfcs?\\b|review",
        T,
        "How do you review a design{for_skills}? What do you look for first?",
        "designed design rfc rfcs architecture",
        "How are design decisions made and written down here?",
    ),
    _topic(
        "observability",
        r"observability|monitoring|alerting|prometheus|grafana|opentelemetry|datadog",
        T,
        "How do you decide what to monitor and what should wake someone up? Tell me about an alert you "
        "added or removed, and why.",
        "alert alerts slos observability monitoring pages sources",
        "What does the team see today when something breaks, and who finds out first?",
    ),
    _topic(
        "automation",
        r"ci/cd|continuous (?:integration|delivery)|infrastructure as code|terraform|codify|github actions"
        r"|argo",
        T,
        "How do you make infrastructure and deployment changes safe and repeatable? Walk me through how a "
        "change reaches production.",
        "ci/cd continuous integration automated testing terraform deploys",
        "How does a change reach production today, and what slows it down?",
    ),
    _topic(
        "writing",
        r"written communication|write (?:decisions|things) down|\bdocument|remote-first|async",
        B,
        "How do you make and record decisions in a remote team? Give an example of a written proposal "
        "that changed a decision.",
        "wrote rfc process rfcs",
        "How are decisions written down and shared?",
    ),
    _topic(
        "managing managers",
        r"including (?:engineering )?managers|managers? of managers|managing managers|"
        r"through (?:other )?managers|teams? of \d+\+? engineers",
        B,
        "How have you led a team through other managers or leads? How did you stay close to the work?",
        "leads managers promoting teams",
        "How is the organisation set up today, and who would report to this role?",
    ),
    _topic(
        "management",
        r"\bmanag(?:e|ing|er)\b.*\b(?:engineers|teams?)\b|\blead (?:and grow )?(?:a |the )?teams?\b|"
        r"led teams",
        B,
        "How do you run a team day to day, and how do you know it is working?",
        "team teams managed",
        "What does the team need most from its next manager?",
    ),
)

_COMPLIANCE = next(t for t in _TOPICS if t.name == "compliance")
# Asked only about a line that names nothing more particular.
_FALLBACK_TOPIC = "management"
_BASIS_BY_SECTION = {"responsibilities": "a responsibility", "requirements": "a requirement"}
_ROLE_BASIS = "the role"
# A list item's marker ('- ', '2. ') is not part of what the posting says.
_MARKER = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa\u25e6>+]+|\d{1,2}[.)])\s+")
# Sections whose lines say what the job is; benefits and the hiring process are not asked about.
_ASKED_SECTIONS = {"intro", "role", "responsibilities", "requirements", "success"}


@dataclass(frozen=True)
class _Line:
    text: str  # verbatim from the posting
    basis: str
    pain: str | None = None  # the pain point it is the evidence of


def _skills_in(text: str) -> list[str]:
    """The technologies a line names, as it writes them ('BigQuery', 'dbt'); abilities and generic
    phrases ('cloud data warehouses', 'data engineering') left out."""
    named = [
        m.matched_text
        for m in find_skills(text)
        if not never_a_gap(m.name) and not (re.search(r"[ -]", m.matched_text) and m.matched_text.islower())
    ]
    return list(dict.fromkeys(named))


def _question_text(topic: _Topic, line: str) -> str:
    skills = _skills_in(line)[:3]
    for_skills = f" for {contacts_layer.join_names(skills)} work" if skills else ""
    return topic.question.format(for_skills=for_skills)


def _technologies(line: str) -> list[str]:
    """The technologies a line names, standards ('SOC 2', 'ISO 27001') left out."""
    return [s for s in _skills_in(line) if not _COMPLIANCE.cue.search(s)][:4]


def _skills_question(line: str, asked_about: set[str]) -> str | None:
    """A technical question about the technologies a requirement names, when no topic fits it; those
    an earlier question asked about (``asked_about``, by skill key) are not asked again."""
    skills = [s for s in _technologies(line) if skill_key(s) not in asked_about]
    if not skills:
        return None
    named = skills[0] if len(skills) == 1 else f"{', '.join(skills[:-1])} or {skills[-1]}"
    return f"What have you built in production with {named}, and what would you do differently next time?"


def _posting_lines(inputs: InterviewPrepInputs) -> list[_Line]:
    """The posting's sentences to ask about, each once: the pain points' first, then its duties and
    requirements, then what it says of the role."""
    # 'Lumen Systems builds industrial IoT monitoring' says what the company sells, not what the job is.
    about_company = re.compile(rf"^(?:at )?{re.escape(inputs.jd.company)}\b", re.I)
    sentences = [
        s
        for s in posting_sentences(inputs.description)
        if s.section in _ASKED_SECTIONS and not about_company.match(s.text)
    ]
    lines: list[_Line] = []
    for pain in inputs.pain_points.pain_points:
        said = next((s.text for s in sentences if contains_quote(s.text, pain.evidence)), None)
        if said is not None:
            lines.append(_Line(_MARKER.sub("", said), "a pain point", pain.text))
    # What the job asks (its duties and requirements) before what it says about itself.
    duties_first = sorted(sentences, key=lambda s: s.section not in _BASIS_BY_SECTION)
    lines += [
        _Line(_MARKER.sub("", s.text), _BASIS_BY_SECTION.get(s.section, _ROLE_BASIS)) for s in duties_first
    ]
    seen: set[str] = set()
    unique = []
    for line in lines:
        key = normalize_for_match(line.text)
        if key not in seen and contains_quote(inputs.description, line.text):
            seen.add(key)
            unique.append(line)
    return unique


@dataclass(frozen=True)
class _Asked:
    line: _Line
    kind: QuestionKind
    question: str
    focus: str  # the line (and the words of its work), for the proof matcher's score
    topic: _Topic | None


def _topic_for(line: _Line, later: list[_Line], used: set[str]) -> _Topic | None:
    """The kind of work a line is asked about: for a pain point's line, the work its pain names ('Two
    platforms have to be brought together' makes 'the payouts migration' a migration, not a payments
    question); else the one it names first (the general 'running a team' last), unless a later line
    names only that one and this line names another."""

    def fitting(text: str, taken: set[str]) -> list[_Topic]:
        return [t for t in _TOPICS if t.name not in taken and _first_cue(t, text) < len(text)]

    if line.pain is not None:
        painful = [t for t in fitting(line.text, used) if t.cue.search(line.pain)]
        if painful:
            return min(painful, key=lambda t: _first_cue(t, line.text))
    options = sorted(
        fitting(line.text, used), key=lambda t: (t.name == _FALLBACK_TOPIC, _first_cue(t, line.text))
    )
    for topic in options:
        # Only a duty or requirement claims its one topic: a line on the role ('The team owns payout
        # scheduling') is asked about last.
        needed = any(
            [t.name for t in fitting(other.text, used)] == [topic.name]
            for other in later
            if other.basis != _ROLE_BASIS
        )
        if not needed:
            return topic
    return options[0] if options else None


# 'the Payments Platform team' names a team, not the work a line asks for.
_TEAM_NAME = re.compile(r"\w*(?:\s+[A-Z]\w*)*\s+team\b")


def _first_cue(topic: _Topic, text: str) -> int:
    """Where a line first names the topic's work (its length when it does not)."""
    for found in topic.cue.finditer(text):
        if not (text[found.start()].isupper() and _TEAM_NAME.match(text, found.end())):
            return found.start()
    return len(text)


def _likely_questions(inputs: InterviewPrepInputs) -> list[_Asked]:
    """One question per kind of work (``_topic_for``), in the order of the lines; a duty or requirement
    that names technologies and no kind of work is asked about them."""
    lines = _posting_lines(inputs)
    asked: list[_Asked] = []
    used: set[str] = set()
    skill_lines = 0
    asked_about: set[str] = set()
    for index, line in enumerate(lines):
        if len(asked) == MAX_QUESTIONS:
            break
        topic = _topic_for(line, lines[index + 1 :], used)
        if topic is not None:
            used.add(topic.name)
            asked.append(
                _Asked(
                    line, topic.kind, _question_text(topic, line.text), f"{line.text} {topic.focus}", topic
                )
            )
            continue
        # A duty or requirement naming technologies no topic covers: a technical question, three at most.
        about_skills = (
            _skills_question(line.text, asked_about)
            if line.basis in _BASIS_BY_SECTION.values() and skill_lines < 3
            else None
        )
        if about_skills is not None:
            skill_lines += 1
            asked_about |= {skill_key(s) for s in _technologies(line.text)}
            asked.append(_Asked(line, QuestionKind.technical, about_skills, line.text, None))
    return asked


# ------------------------------------------------------------------ STAR stories from the master CV

# Where an achievement says how it was done ('by introducing ...', 'through BigQuery slot reservations');
# 'by 31%' and 'used by 60 buyers' say how much and who, not how.
_HOW = re.compile(
    r"\s(?:by|through)\s(?=[A-Za-z])(?!(?:it|them|this|that)\b)(?!\w+\s(?:buyers|users|customers|people|teams?)\b)"
)
# Participles that state an outcome ('cutting ...', 'saving ...'); others ('hiring ...') are actions.
_RESULT_PARTICIPLES = (
    "cutting|saving|moving|halving|reducing|bringing|raising|doubling|tripling|lifting|passing|replacing"
    "|taking|making|growing"
)
_RESULT_CLAUSE = re.compile(
    rf";\s+|,\s+(?=(?:{_RESULT_PARTICIPLES})\b)|,\s+with\s+(?=no\b|zero\b|\d)|\s(?:that|which)\s(?=[a-z]+ed\b|"
    r"cut\b|brought\b|ran\b|served\b|went\b|rose\b|fell\b|grew\b|won\b|held\b|kept\b|took\b|made\b)"
)
_ACTION_CLAUSE = re.compile(r",\s+(?=[a-z]+ing\b)")
# A change the achievement states as its outcome: 'from 11 to 3 per month', 'by 31% (about £420,000 a year)'.
_METRIC = re.compile(r"\s(?:from\s\S.*?\sto\s\S.*|by\s\d.*)$")
# Verbs whose 'from A to B' is a measured change ('Cut p99 latency from 900 ms to 180 ms'), not a
# move ('Led the move from a Python monolith to 6 services').
_CHANGE_VERB = re.compile(
    r"^(?:Reduced|Cut|Took|Grew|Raised|Brought|Improved|Increased|Decreased|Lowered|Lifted|Halved|Doubled"
    r"|Tripled|Sped|Shortened|Dropped|Boosted)\b"
)


@dataclass(frozen=True)
class _Parts:
    task: str
    action: str
    result: str


def star_parts(achievement: str) -> _Parts:
    """Task, action and result of an achievement, each a run of its own words ('' when it does not say).

    'Reduced incidents from 11 to 3 per month by introducing data contracts' -> task 'Reduced incidents',
    action 'introducing data contracts', result 'from 11 to 3 per month'. An achievement that states
    what was done and not how ('Built the payouts service ... that settled ...') is the action, its
    task left to prepare."""
    text = normalize_whitespace(achievement).rstrip(".")
    main, action, result = text, "", ""
    how = _HOW.search(main)
    if how:
        main, action = main[: how.start()], main[how.end() :]
    outcome = _RESULT_CLAUSE.search(main)
    if outcome:
        main, result = main[: outcome.start()], main[outcome.end() :]
    elif outcome := _RESULT_CLAUSE.search(action):
        action, result = action[: outcome.start()], action[outcome.end() :]
    if not action:
        doing = _ACTION_CLAUSE.search(main)
        if doing:
            main, action = main[: doing.start()], main[doing.end() :]
    if not result:
        metric = _METRIC.search(main)
        if metric and _CHANGE_VERB.match(main) and len(main[: metric.start()].split()) >= 2:
            # 'by 31%' alone says nothing: the change it measures ('Cut GCP spend by 31%') is the result.
            by_amount = metric.group().strip().startswith("by ")
            main, result = ("", main) if by_amount else (main[: metric.start()], metric.group().strip())
    if result.startswith("with "):
        result = result.removeprefix("with ")
    if not action and not _CHANGE_VERB.match(main):
        # 'Designed idempotent payment APIs ...' is what was done, not what was asked: the task (why
        # it was needed) is what the master CV does not say.
        main, action = "", main
    return _Parts(task=main.strip(" ,;"), action=action.strip(" ,;"), result=result.strip(" ,;"))


def role_situation(role: CandidateRole) -> str:
    """The role a story happened in, as the master CV states it."""
    when = f"{role.start} to {role.end}"
    summary = normalize_whitespace(role.summary or "").rstrip(".")
    head = f"{role.title} at {role.employer} ({when})"
    return f"{head}. {summary}." if summary else f"{head}."


Proof = tuple[CandidateRole, str]


def _speaks_of(asked: _Asked, achievement: str) -> bool:
    """An achievement about the work a question asks about: it shares a word, a domain or (for a
    question about technologies) a technology with it."""
    if asked.topic is None:
        named = {m.name for m in find_skills(asked.focus)}
        return bool(named & {m.name for m in find_skills(achievement)})
    words = asked.topic.focus
    return bool(
        contacts_layer.terms(words) & contacts_layer.terms(achievement)
        or contacts_layer.concepts(words) & contacts_layer.concepts(achievement)
    )


def _stories_for(asked: list[_Asked], candidate: CandidateProfile) -> list[Proof | None]:
    """A story for each question, each achievement told once: the proof matcher's score
    (``contacts.proof_score``, as the dossier's Pain -> Proof table uses it), strongest pairs first
    (the more recent role on a tie), among the achievements that speak of the question's work (a
    migration story for a migration question, however much a reconciliation job shares with the
    posting's line); then one repair: a question left without a story takes another's achievement
    when that one has another story as good ('the migration you led' and 'data freshness' both want
    the Airflow migration; the Kafka streaming work answers freshness too)."""
    by_start = sorted(candidate.roles, key=lambda r: r.start, reverse=True)
    every = [(role, achievement) for role in by_start for achievement in role.achievements]

    def score(index: int, proof: Proof) -> float:
        if not _speaks_of(asked[index], proof[1]):
            return 0.0
        return contacts_layer.proof_score(asked[index].focus, proof[1], 0)

    matched: list[Proof | None] = [None] * len(asked)
    pairs = sorted(((-score(i, p), n, i) for i in range(len(asked)) for n, p in enumerate(every)))
    used: set[int] = set()
    for negative, n, index in pairs:
        if -negative >= MIN_STORY_SCORE and matched[index] is None and n not in used:
            matched[index] = every[n]
            used.add(n)
    for lacking in [i for i, proof in enumerate(matched) if proof is None]:
        taken = {proof[1] for proof in matched if proof}
        for holder, held in enumerate(matched):
            if held is None or score(lacking, held) < MIN_STORY_SCORE:
                continue
            spare = max(
                (p for p in every if p[1] not in taken and score(holder, p) >= MIN_STORY_SCORE),
                key=lambda p: score(holder, p),
                default=None,
            )
            if spare is not None:
                matched[holder], matched[lacking] = spare, held
                break
    return matched


def _story(role: CandidateRole, achievement: str) -> StarStory:
    parts = star_parts(achievement)
    return StarStory(
        situation=role_situation(role),
        task=parts.task,
        action=parts.action,
        result=parts.result,
        source_text=achievement,
        role_title=role.title,
        employer=role.employer,
        achievement_index=role.achievements.index(achievement),
    )


# ------------------------------------------------------------------ gaps


def _closest_held(skill: str, candidate: CandidateProfile) -> str | None:
    """The master CV's skill nearest to ``skill`` through a broader skill they share (Airflow for Dagster)."""
    wanted = broader_skill_steps(canonical_skill(skill) or skill)
    best: tuple[int, str] | None = None
    for held in candidate.all_skills():
        shared = set(wanted) & set(broader_skill_steps(canonical_skill(held) or held))
        if shared and skill_key(held) != skill_key(skill):
            distance = min(wanted[s] + broader_skill_steps(canonical_skill(held) or held)[s] for s in shared)
            best = min(best or (distance, held), (distance, held))
    return best[1] if best else None


def _gap_note(skill: str, candidate: CandidateProfile) -> str:
    """What to say about a missing skill: that it is missing, what comes closest, how to prepare; one
    sentence naming the skill, so that a dossier listing several gaps repeats none."""
    closest = _closest_held(skill, candidate)
    if closest:
        return (
            f"Your master CV does not show {skill}, and the closest it shows is {closest}: if asked, say "
            f"so plainly, say what you did with {closest}, and try {skill} on a small example before the "
            "interview."
        )
    return (
        f"Your master CV does not show {skill} or anything close to it: if asked, say so plainly, say how "
        f"you would learn {skill}, and try it on a small example before the interview."
    )


def _gaps(inputs: InterviewPrepInputs) -> list[PrepGap]:
    sentences = posting_sentences(inputs.description)
    gaps = []
    for skill in inputs.fit.missing_skills:
        key = skill_key(skill)
        said = next(
            (s.text for s in sentences if any(skill_key(m.name) == key for m in find_skills(s.text))), ""
        )
        quote = _MARKER.sub("", said) or None
        gaps.append(PrepGap(skill=skill, posting_quote=quote, note=_gap_note(skill, inputs.candidate)))
    return gaps


# ------------------------------------------------------------------ what the fit score leaves open


def _to_clarify(inputs: InterviewPrepInputs) -> list[str]:
    """What the fit score leaves open (a dealbreaker condition the posting does not settle, with what
    to ask) or flags (a team larger than the master CV's largest, a change of track), in its words."""
    open_conditions = [
        f"Ask about {check.ask}: {check.reason.removeprefix(f'{check.name}: ').rstrip('.')}."
        # Pay first, as the fit score's rationale asks it.
        for check in sorted(inputs.fit.dealbreakers, key=lambda c: c.name != "salary")
        if check.status is CheckStatus.unknown and check.ask
    ]
    level = career.level_fit(inputs.jd, inputs.candidate)
    flagged = []
    if level.team_gap:
        flagged.append(
            f"Team size: {level.team_gap}. Say plainly what you ran, and ask how the team is set up."
        )
    if level.track_change:
        flagged.append(f"Be ready to say why you want {level.summary}.")
    return open_conditions + flagged


# ------------------------------------------------------------------ questions to ask them

_SIGNAL_QUESTIONS = (
    "What does that change for this team over the next year?",
    "How has that changed the plans for this role?",
)


def _signal_asks(research: CompanyResearch, company: str) -> list[QuestionToAsk]:
    """The most recent dated signals, each a question about what it means for this team."""
    dated = sorted(
        (s for s in research.company.signals if s.date[:1].isdigit()), key=lambda s: s.date, reverse=True
    )
    asks: list[QuestionToAsk] = []
    said: set[str] = set()
    for signal in dated:
        news = signal_news(signal)
        if news in said:
            continue
        said.add(news)
        follow_up = _SIGNAL_QUESTIONS[min(len(asks), len(_SIGNAL_QUESTIONS) - 1)]
        asks.append(
            QuestionToAsk(
                question=f"{company} {news}. {follow_up}",
                source=signal.source,
                quote=signal.description,
            )
        )
    return asks[:MAX_SIGNAL_ASKS]


# A target the posting sets in absolute words: 'with zero missed payouts', 'with no data loss'.
_ABSOLUTE_TARGET = re.compile(r"\b(?:with )?((?:zero|no) [a-z][a-z -]*[a-z])(?=[.,;:)]|$)")


def _pain_ask(asked: _Asked, topic: _Topic) -> str:
    """The topic's question, and for a line setting an absolute target, what that target is measured
    against."""
    target = _ABSOLUTE_TARGET.search(asked.line.text)
    return f"{topic.ask} What will '{target[1]}' be measured against?" if target else topic.ask


def _pain_asks(asked: list[_Asked]) -> list[QuestionToAsk]:
    return [
        QuestionToAsk(question=_pain_ask(a, a.topic), source="posting", quote=a.line.text)
        for a in asked
        if a.line.pain is not None and a.topic is not None
    ]


# ------------------------------------------------------------------ the layer


def heuristic(inputs: InterviewPrepInputs) -> InterviewPrep:
    asked = _likely_questions(inputs)
    proofs = _stories_for(asked, inputs.candidate)
    questions = [
        InterviewQuestion(
            kind=a.kind,
            question=a.question,
            posting_quote=a.line.text,
            basis=a.line.basis,
            story=_story(*proof) if proof else None,
        )
        for a, proof in zip(asked, proofs, strict=True)
    ]
    asks = [*_pain_asks(asked), *_signal_asks(inputs.company_research, inputs.jd.company)][:MAX_ASKS]
    return InterviewPrep(
        questions=questions,
        gaps=_gaps(inputs),
        questions_to_ask=asks,
        note=_note(inputs),
        to_clarify=_to_clarify(inputs),
    )


def _note(inputs: InterviewPrepInputs) -> str:
    dated = sum(s.date[:1].isdigit() for s in inputs.company_research.company.signals)
    signals = {0: "no dated company signal (none was found)", 1: "1 dated company signal"}.get(
        dated, f"{dated} dated company signals"
    )
    return (
        f"Drawn from the posting's lines, its {len(inputs.pain_points.pain_points)} pain points, the fit "
        f"score's missing skills and what it leaves open, {signals} and the master CV's achievements."
    )


def _role_of(story: StarStory, candidate: CandidateProfile) -> CandidateRole | None:
    for role in candidate.roles:
        if role.title == story.role_title and role.employer == story.employer:
            return role
    return None


def story_problems(story: StarStory, candidate: CandidateProfile) -> list[str]:
    """What makes a story untraceable to its master-CV achievement, one phrase per problem."""
    role = _role_of(story, candidate)
    if role is None:
        return [f"role '{story.role_title} — {story.employer}' is not in the master CV"]
    index = story.achievement_index
    if index >= len(role.achievements) or role.achievements[index] != story.source_text:
        return [f"source_text is not achievement {index} of {role.title} at {role.employer}"]
    problems = [
        f"{part}: {text[:60]!r} is not in its achievement"
        for part, text in (("task", story.task), ("action", story.action), ("result", story.result))
        if text and not contains_quote(story.source_text, text)
    ]
    if story.situation != role_situation(role):
        problems.append("situation: not the role as the master CV states it")
    return problems


def _grounded_question(question: InterviewQuestion, inputs: InterviewPrepInputs) -> InterviewQuestion | None:
    """The question if its line is in the posting and it states no number the posting does not; its story
    only when it traces to the master CV."""
    if not question.posting_quote.strip() or not contains_quote(inputs.description, question.posting_quote):
        return None
    if not numbers_in(question.question) <= numbers_in(inputs.description):
        return None
    story = question.story
    role = _role_of(story, inputs.candidate) if story is not None else None
    if story is not None and role is not None:
        # The situation is the role as the master CV states it, whatever words the model used.
        story = story.model_copy(update={"situation": role_situation(role)})
    if story is not None and story_problems(story, inputs.candidate):
        story = None
    return question.model_copy(update={"story": story})


def _grounded_gap(gap: PrepGap, inputs: InterviewPrepInputs) -> PrepGap | None:
    missing = {skill_key(s): s for s in inputs.fit.missing_skills}
    skill = missing.get(skill_key(gap.skill))
    if skill is None:
        return None
    quote = (
        gap.posting_quote
        if gap.posting_quote and contains_quote(inputs.description, gap.posting_quote)
        else None
    )
    note = gap.note if not _claims_experience(gap.note, skill) else _gap_note(skill, inputs.candidate)
    return PrepGap(skill=skill, posting_quote=quote, note=note)


_CLAIM = re.compile(
    r"\b(?:I|you)(?: have|'ve)? (?:used|built|run|ran|worked with|led|shipped|operated)\b", re.I
)


def _claims_experience(note: str, skill: str) -> bool:
    """A note saying the candidate has used the skill they lack."""
    return any(
        _CLAIM.search(sentence) and skill.lower() in sentence.lower() for sentence in re.split(r"[.!?]", note)
    )


def _grounded_ask(ask: QuestionToAsk, inputs: InterviewPrepInputs) -> QuestionToAsk | None:
    if ask.source == "posting":
        found = contains_quote(inputs.description, ask.quote)
        allowed = numbers_in(inputs.description)
    else:
        signal = _signal_from(ask.source, ask.quote, inputs.company_research.company.signals)
        found = signal is not None
        allowed = numbers_in(signal.description) | numbers_in(signal.date) if signal else set()
    return (
        ask
        if found and ask.quote.strip() and numbers_in(ask.question) <= allowed | numbers_in(inputs.jd.company)
        else None
    )


def _signal_from(source: str, quote: str, signals: list[CompanySignal]) -> CompanySignal | None:
    return next((s for s in signals if s.source == source and contains_quote(s.description, quote)), None)


def ground(result: InterviewPrep, inputs: InterviewPrepInputs) -> InterviewPrep:
    """Keep the questions whose line is in the posting, the stories that trace to the master CV (each
    achievement once), the gaps the fit score found, and the questions to ask whose source says it."""
    questions: list[InterviewQuestion] = []
    told: set[str] = set()
    for question in result.questions:
        kept = _grounded_question(question, inputs)
        if kept is None:
            continue
        if kept.story is not None and kept.story.source_text in told:
            kept = kept.model_copy(update={"story": None})
        if kept.story is not None:
            told.add(kept.story.source_text)
        questions.append(kept)
    gaps = [g for g in (_grounded_gap(gap, inputs) for gap in result.gaps) if g]
    gaps = list({skill_key(g.skill): g for g in gaps}.values())
    asks = [a for a in (_grounded_ask(ask, inputs) for ask in result.questions_to_ask) if a]
    return InterviewPrep(
        questions=questions,
        gaps=gaps,
        questions_to_ask=asks,
        note=_note(inputs),
        to_clarify=_to_clarify(inputs),
    )


def build(inputs: InterviewPrepInputs, llm: LLM) -> InterviewPrep:
    return ground(llm.generate(LayerTask(LAYER, PROMPT_VERSION, inputs, PROMPT), InterviewPrep), inputs)


# ------------------------------------------------------------------ checks


def check_stories_trace_to_master_cv(result: InterviewPrep, inputs: InterviewPrepInputs) -> list[str]:
    """Every story is an achievement of the master CV in its own words, told once."""
    messages = []
    told: dict[str, int] = {}
    for i, question in enumerate(result.questions):
        if question.story is None:
            continue
        messages += [f"questions[{i}].story: {p}" for p in story_problems(question.story, inputs.candidate)]
        if question.story.source_text in told:
            messages.append(
                f"questions[{i}].story: the same achievement as questions[{told[question.story.source_text]}]"
            )
        told.setdefault(question.story.source_text, i)
    return messages


def check_questions_cite_the_posting(result: InterviewPrep, inputs: InterviewPrepInputs) -> list[str]:
    """Every likely question quotes a line found in the posting; every question to ask quotes its source."""
    messages = [
        f"questions[{i}].posting_quote: {q.posting_quote[:80]!r} is not in the posting"
        for i, q in enumerate(result.questions)
        if not q.posting_quote.strip() or not contains_quote(inputs.description, q.posting_quote)
    ]
    for i, ask in enumerate(result.questions_to_ask):
        if ask.source == "posting":
            if not contains_quote(inputs.description, ask.quote):
                messages.append(f"questions_to_ask[{i}].quote: {ask.quote[:80]!r} is not in the posting")
        elif _signal_from(ask.source, ask.quote, inputs.company_research.company.signals) is None:
            messages.append(
                f"questions_to_ask[{i}]: no company signal from {ask.source!r} says {ask.quote[:60]!r}"
            )
    return messages


def check_gaps_are_missing_skills(result: InterviewPrep, inputs: InterviewPrepInputs) -> list[str]:
    """Every gap is a skill the fit score found missing, and its note claims no experience of it."""
    missing = {skill_key(s) for s in inputs.fit.missing_skills}
    messages = [
        f"gaps[{i}]: {gap.skill!r} is not among the fit score's missing skills"
        for i, gap in enumerate(result.gaps)
        if skill_key(gap.skill) not in missing
    ]
    messages += [
        f"gaps[{i}].note: claims experience of {gap.skill!r}"
        for i, gap in enumerate(result.gaps)
        if _claims_experience(gap.note, gap.skill)
    ]
    return messages


def text_defects(result: InterviewPrep) -> list[tuple[str, text_quality.Defect]]:
    """Text-quality defects of what the layer writes: its questions and notes (not the quotes)."""
    found = []
    for i, question in enumerate(result.questions):
        found += [(f"questions[{i}].question", d) for d in text_quality.prose_defects(question.question)]
    for i, gap in enumerate(result.gaps):
        found += [(f"gaps[{i}].note", d) for d in text_quality.prose_defects(gap.note)]
    for i, ask in enumerate(result.questions_to_ask):
        found += [(f"questions_to_ask[{i}].question", d) for d in text_quality.prose_defects(ask.question)]
    for i, point in enumerate(result.to_clarify):
        found += [(f"to_clarify[{i}]", d) for d in text_quality.prose_defects(point)]
    return found


def check_text_quality(result: InterviewPrep) -> list[str]:
    return [defect.describe(where) for where, defect in text_defects(result)]
