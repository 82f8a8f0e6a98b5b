"""The layer registry is the one list of layers: Dagster, the schema, the up-to-date test and the cache
all follow it, and a layer's version follows its code."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import types
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from jobintel_assets.adapters.tiers import ModelTier, resolve_tier
from jobintel_assets.batches import jobs_to_refresh, run_in_batches
from jobintel_assets.defs.definitions import CANDIDATE_JOB, JOB_LAYERS_JOB, build_definitions
from jobintel_assets.ingestion.ingest import ingest_folder
from jobintel_assets.layers import registry
from jobintel_assets.layers.models import Contract, ExtractedJD, Tier
from jobintel_assets.layers.ports import LLM, LayerTask
from jobintel_assets.layers.registry import JobSources, LayerCheck, LayerSpec
from jobintel_assets.storage.duckdb_store import DuckDBStore
from jobintel_assets.storage.schema import all_ddl
from jobintel_tests.conftest import REPO, SAMPLE_INBOX, SHORTLISTED_SAMPLES

BIN = Path(sys.executable).parent


def test_every_check_a_layer_declares_runs_in_dagster():
    graph = build_definitions().resolve_asset_graph()
    in_dagster = {(key.asset_key.to_user_string(), key.name) for key in graph.asset_check_keys}

    declared = {(spec.name, check.name) for spec in registry.LAYERS for check in spec.checks}

    assert declared == in_dagster
    # The fit score's checks were once run by the benchmark's chain only.
    assert {("fit_score", "score_matches_rubric"), ("fit_score", "evidence_in_master_cv")} <= in_dagster


def test_the_graph_edges_are_the_registry_deps():
    graph = build_definitions().resolve_asset_graph()
    for spec in registry.LAYERS:
        parents = {key.to_user_string() for key in graph.get(dg.AssetKey(spec.name)).parent_keys}
        assert parents == set(spec.deps), spec.name


# ------------------------------------------------------------------ a toy eighth layer


class WordCountInputs(Contract):
    description: str
    skills: list[str]


class WordCount(Contract):
    words: int
    skills: int


def _toy_heuristic(inputs: WordCountInputs) -> WordCount:
    return WordCount(words=len(inputs.description.split()), skills=len(inputs.skills))


def _toy_build(inputs: WordCountInputs, llm: LLM) -> WordCount:
    return llm.generate(LayerTask(TOY.LAYER, TOY.PROMPT_VERSION, inputs, TOY.PROMPT), WordCount)


TOY = types.ModuleType("word_count")
TOY.__file__ = __file__  # its code, for the fingerprint
TOY.LAYER = "word_count"
TOY.PROMPT_VERSION = "word_count/v1"
TOY.PROMPT = "Count the words of the posting."
TOY.heuristic = _toy_heuristic
TOY.build = _toy_build


def _toy_inputs(sources: JobSources) -> WordCountInputs:
    jd = sources.result("extracted_jd", ExtractedJD)
    return WordCountInputs(
        description=sources.posting.description, skills=[m.name for m in jd.technical_skills]
    )


TOY_SPEC = LayerSpec(
    TOY,
    WordCount,
    deps=("extracted_jd",),
    inputs=_toy_inputs,
    group="analysis",
    description="How long the posting is.",
    checks=(LayerCheck("has_words", "The posting has words", lambda r, i: [] if r.words else ["no words"]),),
)


@pytest.fixture
def with_toy_layer(monkeypatch: pytest.MonkeyPatch) -> LayerSpec:
    monkeypatch.setattr(registry, "LAYERS", (*registry.LAYERS, TOY_SPEC))
    monkeypatch.setitem(registry.BY_NAME, TOY_SPEC.name, TOY_SPEC)
    return TOY_SPEC


def test_a_layer_added_to_the_registry_is_an_asset_a_table_and_part_of_the_up_to_date_test(
    jobintel_env: Path, with_toy_layer: LayerSpec
):
    defs = build_definitions()
    graph = defs.resolve_asset_graph()
    toy = graph.get(dg.AssetKey("word_count"))
    assert {key.to_user_string() for key in toy.parent_keys} == {"extracted_jd"}
    assert dg.AssetCheckKey(dg.AssetKey("word_count"), "has_words") in graph.asset_check_keys
    assert any(statement.startswith("CREATE TABLE IF NOT EXISTS word_count") for statement in all_ddl())

    inbox = jobintel_env / "inbox"
    inbox.mkdir()
    sample = sorted(SAMPLE_INBOX.glob("*.md"))[0]
    shutil.copy(sample, inbox / sample.name)
    store = DuckDBStore(jobintel_env / "jobintel.duckdb")
    (job_id,) = ingest_folder(store, inbox, datetime(2026, 11, 2, tzinfo=UTC)).job_ids
    instance = dg.DagsterInstance.get()
    instance.add_dynamic_partitions("job", [job_id])
    assert defs.resolve_job_def(CANDIDATE_JOB).execute_in_process(instance=instance).success
    assert jobs_to_refresh(store, [job_id], "offline") == [job_id]

    outcome = run_in_batches(defs.resolve_job_def(JOB_LAYERS_JOB), instance, [job_id])

    assert outcome.failed == {}
    with duckdb.connect(str(store.path), read_only=True) as con:
        words, prompt_version, description = con.execute(
            "SELECT w.words, w.prompt_version, p.description "
            "FROM word_count w JOIN job_posting p USING (job_id) WHERE job_id = ?",
            [job_id],
        ).fetchone()
    assert words == len(description.split())
    assert prompt_version == TOY_SPEC.version
    assert jobs_to_refresh(store, [job_id], "offline") == []


# ------------------------------------------------------------------ versions that follow the code


def test_a_version_is_the_layer_version_and_a_fingerprint_of_its_code_and_data():
    for spec in registry.LAYERS:
        human, fingerprint = spec.version.split("+")
        assert re.fullmatch(rf"{spec.name}/v\d+", human), spec.version
        assert len(fingerprint) == 12
    # Skill matching reads the dictionary: a new dictionary is new code for the layers that use it.
    from jobintel_assets.layers import extracted_jd, skills

    assert skills.DICTIONARY_PATH in skills.DATA_FILES
    assert registry.code_fingerprint(extracted_jd) != registry.code_fingerprint(registry)


def _run_all(project: Path, env: dict[str, str]) -> str:
    run = subprocess.run(
        [str(BIN / "jobintel"), "run", "--all", "--inbox", "inbox"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def test_editing_a_layer_module_recomputes_that_layer_and_nothing_else_changes_everything_from_cache(
    tmp_path: Path,
):
    """A copy of the package that the subprocess imports first (PYTHONPATH), one layer edited."""
    project = tmp_path / "project"
    shutil.copytree(
        REPO / "jobintel_assets", project / "jobintel_assets", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(
        REPO / "data", project / "data", ignore=shutil.ignore_patterns("*.duckdb*", "dossiers", "inbox")
    )
    shutil.copy(REPO / "dagster.yaml", project / "dagster.yaml")
    (project / "inbox").mkdir()
    for sample in SHORTLISTED_SAMPLES:
        shutil.copy(sample, project / "inbox" / sample.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JOBINTEL_", "DAGSTER_"))}
    env["PYTHONPATH"] = str(project)

    _run_all(project, env)
    unchanged = _run_all(project, env)
    assert "Layers computed: 0, served from cache: 16." in unchanged

    cv_module = project / "jobintel_assets" / "layers" / "cv.py"
    cv_module.write_text(cv_module.read_text() + "\n# An edit a user upgrades to.\n")
    edited = _run_all(project, env)

    # The CV, and the dossier whose inputs record how the CV was made, for each of the two jobs.
    assert "Layers computed: 4, served from cache: 12." in edited
    with duckdb.connect(str(project / "data" / "jobintel.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT cache_hit, prompt_version FROM cv").fetchall()
    assert {hit for hit, _ in rows} == {False}
    assert all(version.startswith("cv/v") for _, version in rows)


def test_auto_model_tier_spends_by_fit_on_every_deep_layer_and_never_on_triage():
    for spec in registry.LAYERS:
        chosen = {fit: resolve_tier(ModelTier.auto, spec.name, fit) for fit in (Tier.A, Tier.D)}
        if spec.stage == registry.DEEP:
            assert chosen == {Tier.A: ModelTier.quality, Tier.D: ModelTier.fast}, spec.name
        else:
            assert chosen == {Tier.A: ModelTier.balanced, Tier.D: ModelTier.balanced}, spec.name
