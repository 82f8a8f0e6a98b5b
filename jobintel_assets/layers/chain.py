"""Every layer for one posting, in graph order, without Dagster or DuckDB: the pure pipeline that
tests and the benchmark's floor run over many postings.

Each layer runs through its own ``build`` (the adapter's answer, then ``ground``) and every
``check_*`` of the layer is evaluated on the result, as the Dagster asset checks do.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobintel_assets.adapters.ports import LLM, WebResearch
from jobintel_assets.layers import (
    company_research,
    contacts,
    cv,
    dossier,
    extracted_jd,
    fit_score,
    pain_points,
)
from jobintel_assets.layers.models import (
    CandidateProfile,
    CompanyResearch,
    Contacts,
    Dossier,
    ExtractedJD,
    FitScore,
    JobPosting,
    PainPoints,
    TailoredCV,
)
from jobintel_assets.layers.text import content_hash


@dataclass
class ChainResult:
    jd: ExtractedJD
    pain_points: PainPoints
    company_research: CompanyResearch
    fit: FitScore
    contacts: Contacts
    cv: TailoredCV
    dossier: Dossier
    violations: dict[str, list[str]]
    # The non-blocking text-quality checks of contacts and dossier: reported, never a failure.
    text_quality: dict[str, list[str]]


def run_chain(posting: JobPosting, candidate: CandidateProfile, llm: LLM, web: WebResearch) -> ChainResult:
    violations: dict[str, list[str]] = {}

    jd_inputs = extracted_jd.ExtractedJDInputs(
        title=posting.title,
        company=posting.company,
        location=posting.location,
        description=posting.description,
    )
    jd = extracted_jd.build(jd_inputs, llm)
    violations["extracted_jd"] = extracted_jd.check_competency_weights(jd) + extracted_jd.check_top_keywords(
        jd, jd_inputs
    )

    pain_inputs = pain_points.PainPointsInputs(description=posting.description, jd=jd)
    pains = pain_points.build(pain_inputs, llm)
    violations["pain_points"] = pain_points.check_evidence(pains, pain_inputs)

    research_inputs = company_research.CompanyResearchInputs(
        company=posting.company,
        title=posting.title,
        description=posting.description,
        pages=web.company_pages(posting.company),
        posting_url=posting.url,
        ingested_at=posting.ingested_at,
    )
    research = company_research.build(research_inputs, llm)
    violations["company_research"] = company_research.check_signal_sources(
        research, research_inputs
    ) + company_research.check_signal_dates(research, research_inputs)

    fit_inputs = fit_score.FitScoreInputs(
        jd=jd, pain_points=pains, company_research=research, candidate=candidate
    )
    fit = fit_score.build(fit_inputs, llm)
    violations["fit_score"] = fit_score.check_score_matches_rubric(
        fit, fit_inputs
    ) + fit_score.check_evidence_in_master_cv(fit, fit_inputs)

    contact_inputs = contacts.ContactsInputs(
        jd=jd,
        pain_points=pains,
        company_research=research,
        fit=fit,
        candidate=candidate,
        people=web.find_people(posting.company, posting.title),
        description=posting.description,
    )
    people = contacts.build(contact_inputs, llm)
    violations["contacts"] = (
        contacts.check_message_lengths(people)
        + contacts.check_no_invented_people(people, contact_inputs)
        + contacts.check_no_invented_numbers(people, contact_inputs)
    )

    cv_inputs = cv.CVInputs(jd=jd, pain_points=pains, fit=fit, candidate=candidate)
    tailored = cv.build(cv_inputs, llm)
    violations["cv"] = (
        cv.check_bullet_provenance(tailored, cv_inputs)
        + cv.check_skills_in_master(tailored, cv_inputs)
        + cv.check_numbers_in_master(tailored, cv_inputs)
    )

    upstream = [
        (extracted_jd, jd_inputs, jd),
        (pain_points, pain_inputs, pains),
        (company_research, research_inputs, research),
        (fit_score, fit_inputs, fit),
        (contacts, contact_inputs, people),
        (cv, cv_inputs, tailored),
    ]
    lineage = [
        dossier.LayerLineage(
            layer=layer.LAYER,
            provider=llm.provider,
            model=llm.model,
            prompt_version=layer.PROMPT_VERSION,
            input_hash=content_hash(inputs),
            output_hash=content_hash(result),
        )
        for layer, inputs, result in upstream
    ]
    dossier_inputs = dossier.DossierInputs(
        job_id=posting.job_id,
        posting=posting,
        jd=jd,
        pain_points=pains,
        company_research=research,
        fit=fit,
        contacts=people,
        cv=tailored,
        candidate=candidate,
        lineage=lineage,
    )
    document = dossier.build(dossier_inputs, llm)
    violations["dossier"] = dossier.check_ten_sections(document)
    text_quality = {
        "contacts": contacts.check_text_quality(people),
        "dossier": dossier.check_text_quality(document),
    }
    return ChainResult(jd, pains, research, fit, people, tailored, document, violations, text_quality)
