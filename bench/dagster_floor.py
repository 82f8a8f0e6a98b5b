"""Dagster's own cost on this machine: a graph of the same shape as jobintel's, whose assets do nothing.

One asset per registered layer (same deps, same stage's partitions, as many checks) plus the posting,
materialized in the same partition-range runs as `jobintel run` (``batches.run_in_batches``) on a fresh
instance configured by the project's dagster.yaml. What a run of it costs is what Dagster's run
creation, planned and materialization events and check evaluations cost, with nothing of ours.

    .venv/bin/python bench/dagster_floor.py --count 200 --shortlist 10
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import dagster as dg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from jobintel_assets.batches import BATCH_SIZE, run_in_batches  # noqa: E402
from jobintel_assets.layers import registry  # noqa: E402
from jobintel_assets.shortlist import SHORTLIST_PARTITIONS  # noqa: E402

JOB_PARTITIONS = dg.DynamicPartitionsDefinition(name="job")
PARTITIONS = {
    registry.TRIAGE: JOB_PARTITIONS,
    registry.DEEP: dg.DynamicPartitionsDefinition(name=SHORTLIST_PARTITIONS),
}
POLICY = dg.BackfillPolicy.multi_run(max_partitions_per_run=BATCH_SIZE)
# As for our own assets (defs/assets.py): batching backfills is what the beta parameter is for.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)


def _asset(
    name: str, deps: list[dg.AssetDep], partitions: dg.PartitionsDefinition, checks: list[str], metadata: bool
) -> dg.AssetsDefinition:
    @dg.asset(
        name=name,
        deps=deps,
        partitions_def=partitions,
        backfill_policy=POLICY,
        check_specs=[dg.AssetCheckSpec(check, asset=name) for check in checks],
    )
    def nothing(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        if metadata:  # Dagster's own call: it queries the instance's partitions to check each key
            for key in context.partition_keys:
                context.add_asset_metadata({"job_id": key}, partition_key=key)
        return dg.MaterializeResult(
            check_results=[dg.AssetCheckResult(check_name=check, passed=True) for check in checks]
        )

    return nothing


def floor_definitions(metadata: bool) -> dg.Definitions:
    """The graph: ``metadata`` adds one ``add_asset_metadata`` per partition, as every jobintel asset does."""
    assets = [_asset(registry.JOB_POSTING, [], JOB_PARTITIONS, [], metadata)]
    for spec in registry.LAYERS:
        deps = []
        for dep in spec.deps:
            if dep == registry.CANDIDATE_PROFILE:
                continue
            same_stage = dep == registry.JOB_POSTING and spec.stage == registry.TRIAGE
            same_stage |= dep in registry.BY_NAME and registry.BY_NAME[dep].stage == spec.stage
            mapping = None if same_stage else dg.IdentityPartitionMapping()
            deps.append(dg.AssetDep(dep, partition_mapping=mapping))
        checks = [check.name for check in spec.checks]
        assets.append(_asset(spec.name, deps, PARTITIONS[spec.stage], checks, metadata))
    triage = [a.key for a in assets if a.partitions_def is JOB_PARTITIONS]
    return dg.Definitions(
        assets=assets,
        jobs=[
            dg.define_asset_job("triage", selection=triage),
            dg.define_asset_job(
                "deep", selection=dg.AssetSelection.all() - dg.AssetSelection.assets(*triage)
            ),
        ],
    )


def measure_floor(jobs: int, shortlisted: int, metadata: bool = False) -> float:
    """Seconds Dagster takes to materialize ``jobs`` triage partitions and ``shortlisted`` deep ones
    (``metadata``: and to take one ``add_asset_metadata(partition_key=)`` call per partition)."""
    home = Path(tempfile.mkdtemp(prefix="jobintel-floor-"))
    shutil.copyfile(REPO / "dagster.yaml", home / "dagster.yaml")
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        defs = floor_definitions(metadata)
        with dg.DagsterInstance.get() as instance:
            job_ids = [f"job-{n:05d}" for n in range(jobs)]
            started = time.perf_counter()
            instance.add_dynamic_partitions("job", job_ids)
            run_in_batches(defs.resolve_job_def("triage"), instance, job_ids)
            instance.add_dynamic_partitions(SHORTLIST_PARTITIONS, job_ids[:shortlisted])
            run_in_batches(
                defs.resolve_job_def("deep"), instance, job_ids[:shortlisted], partitions=SHORTLIST_PARTITIONS
            )
            return time.perf_counter() - started
    finally:
        if previous is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = previous
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Dagster's cost for a graph shaped like jobintel's.")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--shortlist", type=int, default=10)
    args = parser.parse_args()
    for metadata in (False, True):
        seconds = measure_floor(args.count, args.shortlist, metadata)
        label = "one add_asset_metadata per partition" if metadata else "nothing per partition"
        print(f"Dagster floor, {label}: {seconds:.1f} s for {args.count} jobs, {args.shortlist} shortlisted")


if __name__ == "__main__":
    main()
