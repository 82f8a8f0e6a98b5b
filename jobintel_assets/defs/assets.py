"""The asset graph, generated from the layer registry: thin wrappers that load inputs, call a layer
through the cache, store the result, run the layer's checks and report metadata.

Every job-partitioned asset handles all the partitions of its run (``context.partition_keys``): a
single partition from the UI or a sensor, or a range of up to ``BATCH_SIZE`` from a backfill, a
sensor or `jobintel run` (see ``batches.py``). What a batch reads, it reads once per table.
"""

import os
import warnings
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import dagster as dg
import openai
from firecrawl import FirecrawlError
from pydantic import BaseModel

from jobintel_assets.adapters.ledger import BudgetExceeded, CallLedger, ProviderCall, write_cache_hits
from jobintel_assets.adapters.openai_llm import MalformedAnswer, ModelRefusal
from jobintel_assets.adapters.retry import RetriesExhausted
from jobintel_assets.batches import BATCH_SIZE, FAILED_JOBS_KEY
from jobintel_assets.caching import CachedCall, CacheOutcome, ConcurrentComputationFailed, run_cached_many
from jobintel_assets.defs import previews
from jobintel_assets.defs.resources import DuckDBStoreResource, PipelineSettings, ProvidersResource
from jobintel_assets.documents import attachments
from jobintel_assets.ingestion.annotations import AnnotationsError, load_annotations
from jobintel_assets.ingestion.candidate import candidate_files_hash, import_provenance, load_candidate
from jobintel_assets.layers import registry
from jobintel_assets.layers.dossier import LayerLineage
from jobintel_assets.layers.grounding import AnswerRecorder, dropped_items
from jobintel_assets.layers.models import JobPosting
from jobintel_assets.layers.ports import LLM
from jobintel_assets.layers.registry import (
    CANDIDATE_PROFILE,
    JobSources,
    LayerSettings,
    LayerSpec,
    fit_tier,
    needs_candidate,
    upstream,
)
from jobintel_assets.layers.text import content_hash
from jobintel_assets.shortlist import SHORTLIST_PARTITIONS
from jobintel_assets.storage.duckdb_store import CANDIDATE_PROFILE_ID, CacheKey, DuckDBStore, Lineage

job_partitions = dg.DynamicPartitionsDefinition(name="job")
# The same job ids, for the jobs on the shortlist only: the deep layers are partitioned by it.
shortlist_partitions = dg.DynamicPartitionsDefinition(name=SHORTLIST_PARTITIONS)
STAGE_PARTITIONS = {registry.TRIAGE: job_partitions, registry.DEEP: shortlist_partitions}

# BackfillPolicy is beta in Dagster 1.13: batching backfills is exactly what we use it for.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)

# Bump when an asset's wrapper changes what it stores; each layer's own version is in the registry.
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


def _write_atomically(path: Path, content: str | bytes) -> None:
    """A crash mid-write leaves the previous file, never half of the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    os.replace(partial, path)


class _MissingInput(Exception):
    """A row the layer is computed from is not stored yet."""


@dataclass(frozen=True)
class _BatchInputs:
    """What a batch of partitions reads from the store: one query per table, not per job."""

    postings: dict[str, JobPosting]
    candidate: object
    results: dict[str, dict[str, BaseModel]]
    lineages: dict[str, dict[str, Lineage]]

    @classmethod
    def read(cls, db: DuckDBStore, spec: LayerSpec, job_ids: list[str]) -> "_BatchInputs":
        layers = upstream(spec.name)
        return cls(
            postings=db.read_records("job_posting", job_ids, JobPosting),
            candidate=db.read_candidate() if needs_candidate(spec.name) else None,
            results={
                layer: db.read_records(layer, job_ids, registry.BY_NAME[layer].output) for layer in layers
            },
            lineages={layer: db.read_lineages(layer, job_ids) for layer in layers},
        )

    def sources(
        self, db: DuckDBStore, job_id: str, web: object, settings: LayerSettings, annotations_dir: Path
    ) -> JobSources:
        if job_id not in self.postings:
            raise _MissingInput(f"job_posting for job {job_id!r} is not in {db.path}: materialize it first.")
        for layer, rows in self.results.items():
            if job_id not in rows:
                raise _MissingInput(
                    f"{layer} for job {job_id!r} is not in {db.path}: materialize {layer} for this "
                    "partition first."
                )
        return JobSources(
            job_id=job_id,
            posting=self.postings[job_id],
            candidate=self.candidate,
            results={layer: rows[job_id] for layer, rows in self.results.items()},
            lineage={
                layer: LayerLineage(
                    layer=layer,
                    provider=rows[job_id].provider,
                    model=rows[job_id].model,
                    prompt_version=rows[job_id].prompt_version,
                    input_hash=rows[job_id].input_hash,
                    output_hash=rows[job_id].output_hash,
                )
                for layer, rows in self.lineages.items()
            },
            web=web,
            settings=settings,
            annotations=load_annotations(annotations_dir, job_id) if self.candidate is not None else [],
        )


@dataclass(frozen=True)
class _Stored:
    result: BaseModel
    lineage: Lineage
    files: dict[str, str]
    metadata: dict[str, object]


@dataclass(frozen=True)
class _Partition:
    """One job of the batch, ready to be computed: what it is computed from and with what."""

    sources: JobSources
    inputs: BaseModel
    llm: LLM
    recorder: AnswerRecorder
    ledger: CallLedger

    def call(self, spec: LayerSpec) -> CachedCall:
        key = CacheKey(spec.name, content_hash(self.inputs), self.llm.provider, self.llm.model, spec.version)
        return CachedCall(key, partial(spec.build, self.inputs, self.recorder), self.dropped)

    def dropped(self, result: BaseModel) -> dict[str, object]:
        # What grounding removed from the produced answer (quotes not in the posting, unsourced signals...).
        return {"grounding_dropped": dropped_items(self.recorder.answer, result)}


def _materialize_layer(
    context: dg.AssetExecutionContext,
    db: DuckDBStore,
    providers: ProvidersResource,
    settings: PipelineSettings,
    spec: LayerSpec,
) -> dg.MaterializeResult:
    """For the partitions of the run: build their inputs, look them all up in the cache at once,
    compute the others, run the layer's checks; then store all rows in one transaction and report
    metadata per partition.

    A partition that fails (a provider failure, a missing upstream row) does not stop the others:
    their rows are stored, then the step fails naming each failed job id with its reason.

    With local adapters the batch holds the DuckDB file open (a cursor per operation instead of a
    connection) and stores what it computed in one statement; with network providers it does not,
    so no lock is held while a model or a web search answers and notebook readers and other runs are
    not kept waiting, and each answer goes through the cache's single flight (``caching.py``).
    """
    job_ids = list(context.partition_keys)
    if needs_candidate(spec.name) and db.read_candidate() is None:
        raise dg.Failure(f"candidate_profile is not in {db.path}: materialize {CANDIDATE_PROFILE} first.")
    layer_settings = LayerSettings(
        max_primary_contacts=settings.max_primary_contacts,
        max_secondary_contacts=settings.max_secondary_contacts,
    )
    write_files = attachments.FILES.get(spec.name)
    local = providers.all_local()
    stored: dict[str, _Stored] = {}
    failures: dict[str, str] = {}
    violations: dict[str, dict[str, list[str]]] = {check.name: {} for check in spec.checks}
    with db.session() if local else nullcontext():
        batch = _BatchInputs.read(db, spec, job_ids)
        partitions: dict[str, _Partition] = {}
        for job_id in job_ids:
            ledger = providers.ledger(db, context.run.run_id, job_id, spec.name, hold_cache_hits=True)
            try:
                sources = batch.sources(
                    db, job_id, providers.web(ledger), layer_settings, Path(settings.annotations_dir)
                )
                llm = providers.llm(ledger, fit_tier(sources.results))
                partitions[job_id] = _Partition(
                    sources, spec.inputs(sources), llm, AnswerRecorder(llm), ledger
                )
            except (_MissingInput, AnnotationsError) as error:
                failures[job_id] = str(error)
        calls = {job_id: partition.call(spec) for job_id, partition in partitions.items()}
        outcomes = run_cached_many(
            db,
            calls,
            spec.output,
            single_flight=not local,
            isolate=PROVIDER_FAILURES,
        )
        for job_id, outcome in outcomes.items():
            partition = partitions[job_id]
            if isinstance(outcome, Exception):
                llm = partition.llm
                failures[job_id] = (
                    f"{spec.name} for job {job_id!r} with {llm.provider}/{llm.model}: {outcome}"
                )
                continue
            result, lineage, metadata = _partition_result(
                context, calls[job_id].key, partition, outcome, job_id
            )
            files = {}
            if write_files is not None:
                folder = Path(settings.dossier_dir).resolve()
                for key, (name, content) in write_files(job_id, result, partition.sources).items():
                    _write_atomically(folder / name, content)
                    files[key] = str(folder / name)
            metadata["preview"] = dg.MetadataValue.md(previews.preview(spec.name, result))
            metadata |= {name: dg.MetadataValue.path(value) for name, value in files.items()}
            stored[job_id] = _Stored(result, lineage, files, metadata)
            for name, found in spec.violations(result, partition.inputs).items():
                if found:
                    violations[name][job_id] = found
        db.write_records(spec.name, [(job_id, s.result, s.lineage, s.files) for job_id, s in stored.items()])
        write_cache_hits(db, [partition.ledger for partition in partitions.values()])
    _add_partition_metadata(context, {job_id: row.metadata for job_id, row in stored.items()})
    if failures:
        raise _fail_partitions(spec.name, failures, len(stored))
    check_results = [
        dg.AssetCheckResult(
            check_name=check.name,
            passed=not violations[check.name],
            # By job id: a batch's check names the partitions that violate it.
            metadata={"violations": dg.MetadataValue.json(violations[check.name])},
        )
        for check in spec.checks
    ]
    return dg.MaterializeResult(
        data_version=_data_version({job_id: s.lineage.output_hash for job_id, s in stored.items()}),
        metadata={"partitions": len(stored)},
        check_results=check_results,
    )


def _partition_result(
    context: dg.AssetExecutionContext,
    key: CacheKey,
    partition: _Partition,
    outcome: CacheOutcome,
    job_id: str,
) -> tuple[BaseModel, Lineage, dict[str, object]]:
    """One partition's result with its lineage and metadata."""
    result, cache_hit, diagnostics = outcome
    if cache_hit:
        partition.ledger.record(ProviderCall(provider=key.provider, model=key.model, cache_hit=True))
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
        "grounding_dropped": sum(dropped.values()),
        "grounding_dropped_by_field": dg.MetadataValue.json(dropped),
        **partition.ledger.summary(),
    }
    return result, lineage, metadata


def _add_partition_metadata(
    context: dg.AssetExecutionContext, by_partition: dict[str, dict[str, object]]
) -> None:
    """Each partition's metadata, shown on its materialization in the UI.

    ``context.add_asset_metadata(..., partition_key=...)`` checks the key against every partition of
    the instance, one query per call: 8 ms with 1,000 jobs, so half a minute for the four triage
    assets of 1,000 jobs, and Dagster has no call for many partitions. The keys here are the run's
    own ``context.partition_keys``, so they go straight to the step's metadata accumulator, where
    that call puts them.
    """
    step = context.op_execution_context._step_execution_context
    accumulated = step._metadata_accumulator
    for partition_key, metadata in by_partition.items():
        accumulated = accumulated.with_additional_asset_metadata(
            asset_key=context.asset_key, partition_key=partition_key, metadata=metadata
        )
    step._metadata_accumulator = accumulated


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
            # Set when `jobintel cv import` wrote the master CV: the CV file and when it was imported.
            **import_provenance(candidate_dir),
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
    _add_partition_metadata(
        context,
        {
            job_id: {
                "job_id": job_id,
                "title": posting.title,
                "company": posting.company,
                "source": posting.source,
                "characters": len(posting.description),
                "output_hash": posting.content_sha256,
                "preview": dg.MetadataValue.md(previews.posting(posting)),
            }
            for job_id, posting, _, _ in rows
        },
    )
    if failures:
        raise _fail_partitions("job_posting", failures, len(rows))
    return dg.MaterializeResult(
        data_version=_data_version({job_id: posting.content_sha256 for job_id, posting, _, _ in rows}),
        metadata={"partitions": len(rows)},
    )


# ------------------------------------------------------------------ the layers, from the registry


def layer_asset(spec: LayerSpec) -> dg.AssetsDefinition:
    """The asset of one registered layer: its deps, group, checks and code version come from ``spec``."""

    @dg.asset(
        name=spec.name,
        deps=[_dep(spec, dep) for dep in spec.deps],
        group_name=spec.group,
        description=spec.description,
        check_specs=[
            dg.AssetCheckSpec(
                check.name, asset=spec.name, description=check.description, blocking=check.blocking
            )
            for check in spec.checks
        ],
        partitions_def=STAGE_PARTITIONS[spec.stage],
        code_version=f"{WRAPPER_VERSION}+{spec.version}",
        kinds={"duckdb", "python"},
        pool=DUCKDB_POOL,
        backfill_policy=BACKFILL_POLICY,
        automation_condition=LAYER_AUTOMATION,
    )
    def layer(
        context: dg.AssetExecutionContext,
        store: DuckDBStoreResource,
        providers: ProvidersResource,
        settings: PipelineSettings,
    ) -> dg.MaterializeResult:
        return _materialize_layer(context, store.open(), providers, settings, spec)

    return layer


def _dep(spec: LayerSpec, dep: str) -> dg.AssetDep:
    """A deep layer reads a triage layer (or the posting) of the same job id: shortlist partition
    ``X`` depends on job partition ``X``."""
    upstream_stage = registry.BY_NAME[dep].stage if dep in registry.BY_NAME else registry.TRIAGE
    if dep == CANDIDATE_PROFILE or upstream_stage == spec.stage:
        return dg.AssetDep(dep)
    return dg.AssetDep(dep, partition_mapping=dg.IdentityPartitionMapping())


def layer_assets() -> list[dg.AssetsDefinition]:
    """One asset per registered layer, in graph order."""
    return [layer_asset(spec) for spec in registry.LAYERS]
