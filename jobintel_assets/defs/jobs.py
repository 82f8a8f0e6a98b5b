"""The asset jobs: the definitions serve them, the sensors request them, the CLI runs them in process."""

import dagster as dg

from jobintel_assets.defs.assets import candidate_profile
from jobintel_assets.layers import registry

CANDIDATE_JOB = "candidate_profile_job"
JOB_LAYERS_JOB = "job_layers"
SHORTLIST_LAYERS_JOB = "shortlist_layers"

# The deep layers, for the shortlist partitions (a partition set of its own, hence a job of its own).
DEEP_ASSETS = dg.AssetSelection.assets(*registry.stage_layers(registry.DEEP))
# Triage, for every job partition: the posting, its reading and its fit score (the ranked list).
# The market views (defs/market.py) aggregate every job: not partitioned, so in no partitioned job.
MARKET_ASSETS = dg.AssetSelection.groups("market")
TRIAGE_ASSETS = (
    dg.AssetSelection.all() - dg.AssetSelection.assets(candidate_profile) - DEEP_ASSETS - MARKET_ASSETS
)

candidate_profile_job = dg.define_asset_job(
    CANDIDATE_JOB, selection=[candidate_profile], description="Load the master CV."
)
job_layers_job = dg.define_asset_job(
    JOB_LAYERS_JOB,
    selection=TRIAGE_ASSETS,
    description="Triage, for job partitions: the posting, its reading and its fit score.",
)
shortlist_layers_job = dg.define_asset_job(
    SHORTLIST_LAYERS_JOB,
    selection=DEEP_ASSETS,
    description="The deep layers (research, contacts, CV, dossier), for shortlist partitions.",
)
