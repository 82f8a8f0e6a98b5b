"""The asset jobs: the definitions serve them, the sensor requests them, the CLI runs them in process."""

import dagster as dg

from jobintel_assets.assets import LAYER_ASSETS, candidate_profile, job_posting

CANDIDATE_JOB = "candidate_profile_job"
JOB_LAYERS_JOB = "job_layers"

candidate_profile_job = dg.define_asset_job(
    CANDIDATE_JOB, selection=[candidate_profile], description="Load the master CV."
)
job_layers_job = dg.define_asset_job(
    JOB_LAYERS_JOB,
    selection=dg.AssetSelection.assets(job_posting, *LAYER_ASSETS),
    description="The posting and its seven layers, for one job partition.",
)
