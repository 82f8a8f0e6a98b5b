"""The asset graph: thin wrappers that load inputs, call a layer, store the result, report metadata.

Every job-partitioned asset handles all the partitions of its run (``context.partition_keys``): a
single partition from the UI or a sensor, or a range of up to ``BATCH_SIZE`` from a backfill or
`jobintel run` (see ``batches.py``).
"""

import os
import warnings
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import dagster as dg
import openai
from firecrawl import FirecrawlError
from pydantic import BaseModel

from jobintel_assets import previews
from jobintel_assets.adapters.ledger import BudgetExceeded, CallLedger, ProviderCall
from jobintel_assets.adapters.openai_llm import MalformedAnswer, ModelRefusal
from jobintel_assets.adapters.ports import LLM
from jobintel_assets.adapters.retry import RetriesExhausted
from jobintel_assets.batches import BATCH_SIZE, FAILED_JOBS_KEY
from jobintel_assets.caching import ConcurrentComputationFailed, run_cached
from jobintel_assets.ingestion.candidate import candidate_files_hash, load_candidate
from jobintel_assets.layers import (
    company_research,
    contacts,
    cv,
    dossier,
    extracted_jd,
    fit_score,
    pain_points,
)
from jobintel_assets.layers.grounding import AnswerRecorder, dropped_items
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
from jobintel_assets.resources import DuckDBStoreResource, PipelineSettings, ProvidersResource
from jobintel_assets.storage.duckdb_store import CANDIDATE_PROFILE_ID, CacheKey, DuckDBStore, Lineage

job_partitions = dg.DynamicPartitionsDefinition(name="job")

# BackfillPolicy is beta in Dagster 1.13: batching backfills is exactly what we use it for.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)

# Bump when an asset's wrapper changes what it stores; layer logic versions live in PROMPT_VERSION.
WRAPPER_VERSION = "1"

# Every asset that writes the DuckDB file: the instance limits this pool (dagster.yaml) to one run at a
# time, because DuckDB allows one writing process per file.
DUCKDB_POOL = "duckdb"


# Failures of a provider, not of our code: the partition fails with the reason, without a traceback.
PROVIDER_FAILURES = (
    ModelRefusal,
    MalformedAnswer,
    RetriesExhausted,
    BudgetExceeded,
    ConcurrentComputationFailed,
    FirecrawlError,
    openai.APIError,
)


def _ledger(
    context: dg.AssetExecutionContext,
    store: DuckDBStore,
    providers: ProvidersResource,
    layer: ModuleType,
    job_id: str,
) -> CallLedger:
    """Where one partition's provider calls go: the cost ledger, with the run's budget."""
    return providers.ledger(store, context.run.run_id, job_id, layer.LAYER)


# Backfills (the UI's dialog, `jobintel rescore` on a daemon) run up to BATCH_SIZE partitions per run,
# the same for every job asset so that one run carries a batch through all the layers it selects.
BACKFILL_POLICY = dg.BackfillPolicy.multi_run(max_partitions_per_run=BATCH_SIZE)

# Downstream partitions follow by themselves when an upstream output really changed (its data version
# is its output hash) or when they are new, and never while an upstream blocking check fails.
LAYER_AUTOMATION = dg.AutomationCondition.eager().replace(
    "newly_updated", dg.AutomationCondition.data_version_changed()
) & dg.AutomationCondition.all_deps_blocking_checks_passed().with_label("upstream checks passed")


def _data_version(output_hashes: dict[str, str]) -> dg.DataVersion:
    """The run's data version: one partition's output hash, or for a batch (which Dagster records as one
    version for all its partitions) a hash of every partition's output hash, so it changes exactly
    when one of them does. Each partition's own hash is in its row and its metadata."""
    if len(output_hashes) == 1:
        return dg.DataVersion(next(iter(output_hashes.values())))
    return dg.DataVersion(content_hash(sorted(output_hashes.items())))


def _fail_partitions(asset: str, failures: dict[str, str], stored: int) -> dg.Failure:
    return dg.Failure(
        description=f"{asset}: {len(failures)} job(s) failed, {stored} stored:\n"
        + "\n".join(f"- {job_id}: {reason}" for job_id, reason in failures.items()),
        metadata={FAILED_JOBS_KEY: dg.MetadataValue.json(failures)},
    )


@dataclass(frozen=True)
class LayerCheck:
    name: str
    description: str
    violations: Callable[[BaseModel, BaseModel], list[str]]
    blocking: bool = True


def _check_specs(asset_name: str, checks: list[LayerCheck]) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(
            check.name, asset=asset_name, description=check.description, blocking=check.blocking
        )
        for check in checks
    ]


def _require(store: DuckDBStore, table: str, job_id: str, model: type[BaseModel]) -> BaseModel:
    record = store.read_record(table, job_id, model)
    if record is None:
        raise dg.Failure(
            f"{table} for job {job_id!r} is not in {store.path}: "
            f"materialize {table} for this partition first."
        )
    return record


def _require_candidate(store: DuckDBStore) -> CandidateProfile:
    candidate = store.read_candidate()
    if candidate is None:
        raise dg.Failure(f"candidate_profile is not in {store.path}: materialize candidate_profile first.")
    return candidate


@dataclass(frozen=True)
class LayerCall:
    """What one partition's layer call needs: its inputs and the adapters that serve it."""

    inputs: BaseModel
    llm: LLM
    ledger: CallLedger


@dataclass(frozen=True)
class _Stored:
    result: BaseModel
    lineage: Lineage
    extra: dict[str, object]
    metadata: dict[str, object]


def _materialize_layer(
    context: dg.AssetExecutionContext,
    store: DuckDBStore,
    providers: ProvidersResource,
    layer: ModuleType,
    output_type: type[BaseModel],
    prepare: Callable[[str], LayerCall],
    checks: list[LayerCheck],
    preview: Callable[[BaseModel], str],
    store_result: Callable[[str, BaseModel], dict[str, object]] = lambda job_id, result: {},
) -> dg.MaterializeResult:
    """For every partition of the run: load its inputs (``prepare``), cache lookup or compute, run the
    SPEC checks; then store all rows in one transaction and report metadata per partition.

    A partition that fails (a provider failure, a missing upstream row) does not stop the others:
    their rows are stored, then the step fails naming each failed job id with its reason.

    With local adapters the batch holds the DuckDB file open (a cursor per operation instead of a
    connection); with network providers it does not, so no lock is held while a model or a web
    search answers and notebook readers and other runs are not kept waiting.
    """
    stored: dict[str, _Stored] = {}
    failures: dict[str, str] = {}
    violations: dict[str, dict[str, list[str]]] = {check.name: {} for check in checks}
    with store.session() if providers.all_local() else nullcontext():
        for job_id in context.partition_keys:
            try:
                call = prepare(job_id)
                result, lineage, metadata = _compute_partition(
                    context, store, layer, output_type, call, job_id
                )
            except dg.Failure as error:
                failures[job_id] = error.description or str(error)
                continue
            metadata["preview"] = dg.MetadataValue.md(preview(result))
            stored[job_id] = _Stored(result, lineage, store_result(job_id, result), metadata)
            for check in checks:
                found = check.violations(result, call.inputs)
                if found:
                    violations[check.name][job_id] = found
        store.write_records(
            layer.LAYER, [(job_id, s.result, s.lineage, s.extra) for job_id, s in stored.items()]
        )
    for job_id, partition in stored.items():
        metadata = partition.metadata | {
            name: (dg.MetadataValue.path(value) if name.endswith("_path") else value)
            for name, value in partition.extra.items()
        }
        context.add_asset_metadata(metadata, partition_key=job_id)
    if failures:
        raise _fail_partitions(layer.LAYER, failures, len(stored))
    check_results = [
        dg.AssetCheckResult(
            check_name=check.name,
            passed=not violations[check.name],
            # By job id: a batch's check names the partitions that violate it.
            metadata={"violations": dg.MetadataValue.json(violations[check.name])},
        )
        for check in checks
    ]
    return dg.MaterializeResult(
        data_version=_data_version({job_id: s.lineage.output_hash for job_id, s in stored.items()}),
        metadata={"partitions": len(stored)},
        check_results=check_results,
    )


def _compute_partition(
    context: dg.AssetExecutionContext,
    store: DuckDBStore,
    layer: ModuleType,
    output_type: type[BaseModel],
    call: LayerCall,
    job_id: str,
) -> tuple[BaseModel, Lineage, dict[str, object]]:
    """One partition through the cache; a provider failure becomes a ``dg.Failure`` naming the job."""
    inputs, llm, ledger = call.inputs, call.llm, call.ledger
    key = CacheKey(layer.LAYER, content_hash(inputs), llm.provider, llm.model, layer.PROMPT_VERSION)
    recorder = AnswerRecorder(llm)
    try:
        result, cache_hit, diagnostics = run_cached(
            store,
            key,
            output_type,
            lambda: layer.build(inputs, recorder),
            diagnostics=lambda result: {"grounding_dropped": dropped_items(recorder.answer, result)},
        )
    except PROVIDER_FAILURES as error:
        raise dg.Failure(
            f"{layer.LAYER} for job {job_id!r} with {llm.provider}/{llm.model}: {error}",
            metadata=ledger.summary(),
        ) from error
    if cache_hit:
        ledger.record(ProviderCall(provider=key.provider, model=key.model, cache_hit=True))
    dropped = diagnostics.get("grounding_dropped", {})
    output_hash = content_hash(result)
    lineage = Lineage(
        input_hash=key.input_hash,
        output_hash=output_hash,
        provider=key.provider,
        model=key.model,
        prompt_version=key.prompt_version,
        cache_hit=cache_hit,
        materialized_at=datetime.now(UTC),
        run_id=context.run.run_id,
    )
    metadata: dict[str, object] = {
        "job_id": job_id,
        "cache_hit": cache_hit,
        "provider": key.provider,
        "model": key.model,
        "prompt_version": key.prompt_version,
        "input_hash": key.input_hash,
        "output_hash": output_hash,
        # What grounding removed from the produced answer (quotes not in the posting, unsourced signals...).
        "grounding_dropped": sum(dropped.values()),
        "grounding_dropped_by_field": dg.MetadataValue.json(dropped),
        **ledger.summary(),
    }
    return result, lineage, metadata


# ------------------------------------------------------------------ root assets


@dg.asset(code_version=WRAPPER_VERSION, group_name="inputs", kinds={"duckdb", "yaml"}, pool=DUCKDB_POOL)
def candidate_profile(
    context: dg.AssetExecutionContext, store: DuckDBStoreResource, settings: PipelineSettings
) -> dg.MaterializeResult:
    """The candidate's master CV from the candidate folder, validated: the only source of CV facts."""
    db = store.open()
    candidate_dir = Path(settings.candidate_dir)
    profile = load_candidate(candidate_dir)
    output_hash = content_hash(profile)
    stored = db.read_lineage("candidate_profile", CANDIDATE_PROFILE_ID)
    # The row keeps the time the CV last changed: `jobintel run` compares it with the layers built on it.
    if stored is None or stored.output_hash != output_hash:
        db.write_record(
            "candidate_profile",
            CANDIDATE_PROFILE_ID,
            profile,
            Lineage(
                input_hash=candidate_files_hash(candidate_dir),
                output_hash=output_hash,
                provider="local",
                model="master_cv",
                prompt_version=WRAPPER_VERSION,
                cache_hit=False,
                materialized_at=datetime.now(UTC),
                run_id=context.run.run_id,
            ),
        )
    return dg.MaterializeResult(
        data_version=dg.DataVersion(output_hash),
        metadata={
            "name": profile.name,
            "roles": len(profile.roles),
            "skills": len(profile.all_skills()),
            "output_hash": output_hash,
            "source": dg.MetadataValue.path(str(candidate_dir)),
            "preview": dg.MetadataValue.md(previews.candidate(profile)),
        },
    )


@dg.asset(
    partitions_def=job_partitions,
    code_version=WRAPPER_VERSION,
    group_name="inputs",
    kinds={"duckdb"},
    pool=DUCKDB_POOL,
    backfill_policy=BACKFILL_POLICY,
)
def job_posting(context: dg.AssetExecutionContext, store: DuckDBStoreResource) -> dg.MaterializeResult:
    """The posting as ingested (inbox, board or URL): raw text every later layer is grounded in."""
    db = store.open()
    job_ids = context.partition_keys
    rows, failures = [], {}
    with db.session():
        postings = db.read_records("ingested_postings", job_ids, JobPosting)
        for job_id in job_ids:
            posting = postings.get(job_id)
            if posting is None:
                failures[job_id] = (
                    f"job {job_id!r} has no ingested posting in {db.path}: run `jobintel run` or "
                    "`jobintel ingest` to ingest it, or delete the partition."
                )
                continue
            lineage = Lineage(
                input_hash=posting.content_sha256,
                output_hash=posting.content_sha256,
                provider="local",
                model="ingestion",
                prompt_version=WRAPPER_VERSION,
                cache_hit=False,
                materialized_at=datetime.now(UTC),
                run_id=context.run.run_id,
            )
            rows.append((job_id, posting, lineage, None))
        db.write_records("job_posting", rows)
    for job_id, posting, _, _ in rows:
        context.add_asset_metadata(
            {
                "job_id": job_id,
                "title": posting.title,
                "company": posting.company,
                "source": posting.source,
                "characters": len(posting.description),
                "output_hash": posting.content_sha256,
                "preview": dg.MetadataValue.md(previews.posting(posting)),
            },
            partition_key=job_id,
        )
    if failures:
        raise _fail_partitions("job_posting", failures, len(rows))
    return dg.MaterializeResult(
        data_version=_data_version({job_id: posting.content_sha256 for job_id, posting, _, _ in rows}),
        metadata={"partitions": len(rows)},
    )


# ------------------------------------------------------------------ the seven layers


def _layer_asset(layer: ModuleType) -> dict[str, object]:
    """What every layer asset shares; its code version changes with the wrapper or the layer's prompt."""
    return {
        "partitions_def": job_partitions,
        "code_version": f"{WRAPPER_VERSION}+{layer.PROMPT_VERSION}",
        "kinds": {"duckdb", "python"},
        "pool": DUCKDB_POOL,
        "backfill_policy": BACKFILL_POLICY,
        "automation_condition": LAYER_AUTOMATION,
    }


EXTRACTED_JD_CHECKS = [
    LayerCheck(
        "competency_weights_sum_to_100",
        "delivery + process + architecture + leadership = 100",
        lambda result, inputs: extracted_jd.check_competency_weights(result),
    ),
    LayerCheck(
        "top_keywords_in_posting",
        "Every top keyword appears in the posting text (case-insensitively or as a known alias)",
        extracted_jd.check_top_keywords,
    ),
]


@dg.asset(
    name="extracted_jd",
    deps=[job_posting],
    group_name="analysis",
    check_specs=_check_specs("extracted_jd", EXTRACTED_JD_CHECKS),
    **_layer_asset(extracted_jd),
)
def extracted_jd_asset(
    context: dg.AssetExecutionContext, store: DuckDBStoreResource, providers: ProvidersResource
) -> dg.MaterializeResult:
    """Layer 1: the structured reading of the job, every skill located in the posting text."""
    db = store.open()

    def prepare(job_id: str) -> LayerCall:
        posting = _require(db, "job_posting", job_id, JobPosting)
        inputs = extracted_jd.ExtractedJDInputs(
            title=posting.title,
            company=posting.company,
            location=posting.location,
            description=posting.description,
        )
        ledger = _ledger(context, db, providers, extracted_jd, job_id)
        return LayerCall(inputs, providers.llm(ledger), ledger)

    return _materialize_layer(
        context, db, providers, extracted_jd, ExtractedJD, prepare, EXTRACTED_JD_CHECKS, previews.extracted_jd
    )


PAIN_POINT_CHECKS = [
    LayerCheck(
        "evidence_in_posting",
        "Every pain point, need, risk and metric quotes evidence found in the posting",
        pain_points.check_evidence,
    )
]


@dg.asset(
    name="pain_points",
    deps=[extracted_jd_asset],
    group_name="analysis",
    check_specs=_check_specs("pain_points", PAIN_POINT_CHECKS),
    **_layer_asset(pain_points),
)
def pain_points_asset(
    context: dg.AssetExecutionContext, store: DuckDBStoreResource, providers: ProvidersResource
) -> dg.MaterializeResult:
    """Layer 2: the problems this hire is meant to solve, each with a quote from the posting."""
    db = store.open()

    def prepare(job_id: str) -> LayerCall:
        posting = _require(db, "job_posting", job_id, JobPosting)
        inputs = pain_points.PainPointsInputs(
            description=posting.description, jd=_require(db, "extracted_jd", job_id, ExtractedJD)
        )
        ledger = _ledger(context, db, providers, pain_points, job_id)
        return LayerCall(inputs, providers.llm(ledger), ledger)

    return _materialize_layer(
        context, db, providers, pain_points, PainPoints, prepare, PAIN_POINT_CHECKS, previews.pain_points
    )


COMPANY_RESEARCH_CHECKS = [
    LayerCheck(
        "signals_have_sources",
        "Every company signal names its source, and that source is the posting or a page the research read",
        company_research.check_signal_sources,
    )
]


@dg.asset(
    name="company_research",
    deps=[extracted_jd_asset],
    group_name="research",
    check_specs=_check_specs("company_research", COMPANY_RESEARCH_CHECKS),
    **_layer_asset(company_research),
)
def company_research_asset(
    context: dg.AssetExecutionContext, store: DuckDBStoreResource, providers: ProvidersResource
) -> dg.MaterializeResult:
    """Layer 3: what the company is, recent signals with sources, and why this role exists now."""
    db = store.open()

    def prepare(job_id: str) -> LayerCall:
        posting = _require(db, "job_posting", job_id, JobPosting)
        ledger = _ledger(context, db, providers, company_research, job_id)
        web = providers.web(ledger)
        inputs = company_research.CompanyResearchInputs(
            company=posting.company,
            title=posting.title,
            description=posting.description,
            pages=web.company_pages(posting.company),
            posting_url=posting.url,
            ingested_at=posting.ingested_at,
        )
        return LayerCall(inputs, providers.llm(ledger), ledger)

    return _materialize_layer(
        context,
        db,
        providers,
        company_research,
        CompanyResearch,
        prepare,
        COMPANY_RESEARCH_CHECKS,
        previews.company_research,
    )


@dg.asset(
    name="fit_score",
    deps=[pain_points_asset, company_research_asset, candidate_profile],
    group_name="fit",
    **_layer_asset(fit_score),
)
def fit_score_asset(
    context: dg.AssetExecutionContext, store: DuckDBStoreResource, providers: ProvidersResource
) -> dg.MaterializeResult:
    """Layer 4: an honest, deterministic fit score of the candidate for this job, with its breakdown."""
    db = store.open()

    def prepare(job_id: str) -> LayerCall:
        inputs = fit_score.FitScoreInputs(
            jd=_require(db, "extracted_jd", job_id, ExtractedJD),
            pain_points=_require(db, "pain_points", job_id, PainPoints),
            company_research=_require(db, "company_research", job_id, CompanyResearch),
            candidate=_require_candidate(db),
        )
        ledger = _ledger(context, db, providers, fit_score, job_id)
        return LayerCall(inputs, providers.llm(ledger), ledger)

    return _materialize_layer(context, db, providers, fit_score, FitScore, prepare, [], previews.fit_score)


CONTACT_CHECKS = [
    LayerCheck(
        "message_lengths",
        "Connection message <= 300 chars, InMail 400-600 chars, email body 95-205 words",
        lambda result, inputs: contacts.check_message_lengths(result),
    ),
    LayerCheck(
        "no_invented_people",
        "Every named contact was found by people search; everyone else is a synthetic role placeholder",
        contacts.check_no_invented_people,
    ),
    LayerCheck(
        "no_invented_numbers",
        "Every number in a drafted message appears in the master CV (or the company name and job title)",
        contacts.check_no_invented_numbers,
    ),
    LayerCheck(
        "text_quality",
        "Messages read as written: no sentence cut mid-phrase, open bracket, HTML entity or escape, "
        "pasted label, repeated sentence, 'Partners's' or ellipsis",
        lambda result, inputs: contacts.check_text_quality(result),
        blocking=False,
    ),
]


@dg.asset(
    name="contacts",
    deps=[fit_score_asset],
    group_name="outreach",
    check_specs=_check_specs("contacts", CONTACT_CHECKS),
    **_layer_asset(contacts),
)
def contacts_asset(
    context: dg.AssetExecutionContext,
    store: DuckDBStoreResource,
    providers: ProvidersResource,
    settings: PipelineSettings,
) -> dg.MaterializeResult:
    """Layer 5: the people to contact (or the roles to look for) with drafted messages."""
    db = store.open()

    def prepare(job_id: str) -> LayerCall:
        posting = _require(db, "job_posting", job_id, JobPosting)
        fit = _require(db, "fit_score", job_id, FitScore)
        ledger = _ledger(context, db, providers, contacts, job_id)
        inputs = contacts.ContactsInputs(
            jd=_require(db, "extracted_jd", job_id, ExtractedJD),
            pain_points=_require(db, "pain_points", job_id, PainPoints),
            company_research=_require(db, "company_research", job_id, CompanyResearch),
            fit=fit,
            candidate=_require_candidate(db),
            people=providers.web(ledger).find_people(posting.company, posting.title),
            description=posting.description,
            max_primary=settings.max_primary_contacts,
            max_secondary=settings.max_secondary_contacts,
        )
        return LayerCall(inputs, providers.llm(ledger, fit.tier), ledger)

    return _materialize_layer(
        context, db, providers, contacts, Contacts, prepare, CONTACT_CHECKS, previews.contacts
    )


CV_CHECKS = [
    LayerCheck(
        "bullets_trace_to_master_cv",
        "Every CV bullet is built from an achievement of the master CV",
        cv.check_bullet_provenance,
    ),
    LayerCheck(
        "skills_in_master_cv",
        "Every listed skill exists in the master CV (JD keywords may reorder, never add)",
        cv.check_skills_in_master,
    ),
    LayerCheck(
        "numbers_in_master_cv",
        "Every number in the tailored CV appears in the master CV",
        cv.check_numbers_in_master,
    ),
]


@dg.asset(
    name="cv",
    deps=[fit_score_asset],
    group_name="outreach",
    check_specs=_check_specs("cv", CV_CHECKS),
    **_layer_asset(cv),
)
def cv_asset(
    context: dg.AssetExecutionContext, store: DuckDBStoreResource, providers: ProvidersResource
) -> dg.MaterializeResult:
    """Layer 6: a CV tailored to the job from the master CV only, every bullet with its source."""
    db = store.open()

    def prepare(job_id: str) -> LayerCall:
        inputs = cv.CVInputs(
            jd=_require(db, "extracted_jd", job_id, ExtractedJD),
            pain_points=_require(db, "pain_points", job_id, PainPoints),
            fit=_require(db, "fit_score", job_id, FitScore),
            candidate=_require_candidate(db),
        )
        ledger = _ledger(context, db, providers, cv, job_id)
        return LayerCall(inputs, providers.llm(ledger, inputs.fit.tier), ledger)

    return _materialize_layer(context, db, providers, cv, TailoredCV, prepare, CV_CHECKS, previews.cv)


DOSSIER_CHECKS = [
    LayerCheck(
        "ten_sections",
        "The dossier has its ten sections, numbered 1 to 10",
        lambda result, inputs: dossier.check_ten_sections(result),
    ),
    LayerCheck(
        "text_quality",
        "The pain/proof/plan and the cover letter read as written, and no entity or stray escape shows",
        lambda result, inputs: dossier.check_text_quality(result),
        blocking=False,
    ),
]

UPSTREAM_LAYERS = ["extracted_jd", "pain_points", "company_research", "fit_score", "contacts", "cv"]


def _write_atomically(path: Path, text: str) -> None:
    """A crash mid-write leaves the previous file, never half of the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


@dg.asset(
    name="dossier",
    deps=[contacts_asset, cv_asset],
    group_name="outreach",
    check_specs=_check_specs("dossier", DOSSIER_CHECKS),
    **_layer_asset(dossier),
)
def dossier_asset(
    context: dg.AssetExecutionContext,
    store: DuckDBStoreResource,
    providers: ProvidersResource,
    settings: PipelineSettings,
) -> dg.MaterializeResult:
    """Layer 7: everything about the job in one document, stored in DuckDB and written as .md and .html."""
    db = store.open()

    def prepare(job_id: str) -> LayerCall:
        lineage = []
        for table in UPSTREAM_LAYERS:
            upstream = db.read_lineage(table, job_id)
            if upstream is None:
                raise dg.Failure(f"{table} for job {job_id!r} is missing: materialize it before the dossier.")
            lineage.append(
                dossier.LayerLineage(
                    layer=table,
                    provider=upstream.provider,
                    model=upstream.model,
                    prompt_version=upstream.prompt_version,
                    input_hash=upstream.input_hash,
                    output_hash=upstream.output_hash,
                )
            )
        inputs = dossier.DossierInputs(
            job_id=job_id,
            posting=_require(db, "job_posting", job_id, JobPosting),
            jd=_require(db, "extracted_jd", job_id, ExtractedJD),
            pain_points=_require(db, "pain_points", job_id, PainPoints),
            company_research=_require(db, "company_research", job_id, CompanyResearch),
            fit=_require(db, "fit_score", job_id, FitScore),
            contacts=_require(db, "contacts", job_id, Contacts),
            cv=_require(db, "cv", job_id, TailoredCV),
            candidate=_require_candidate(db),
            lineage=lineage,
        )
        ledger = _ledger(context, db, providers, dossier, job_id)
        return LayerCall(inputs, providers.llm(ledger, inputs.fit.tier), ledger)

    def write_files(job_id: str, result: Dossier) -> dict[str, object]:
        folder = Path(settings.dossier_dir).resolve()
        name = dossier.dossier_filename(job_id)
        markdown_path, html_path = folder / f"{name}.md", folder / f"{name}.html"
        _write_atomically(markdown_path, result.markdown)
        _write_atomically(html_path, result.html)
        return {"markdown_path": str(markdown_path), "html_path": str(html_path)}

    return _materialize_layer(
        context,
        db,
        providers,
        dossier,
        Dossier,
        prepare,
        DOSSIER_CHECKS,
        previews.dossier,
        store_result=write_files,
    )


LAYER_ASSETS = [
    extracted_jd_asset,
    pain_points_asset,
    company_research_asset,
    fit_score_asset,
    contacts_asset,
    cv_asset,
    dossier_asset,
]
