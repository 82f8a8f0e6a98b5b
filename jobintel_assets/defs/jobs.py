"""The asset jobs: the definitions serve them, the sensor requests them, the CLI runs them in process."""

import dagster as dg

from jobintel_assets.defs.assets import candidate_profile

CANDIDATE_JOB = "candidate_profile_job"
JOB_LAYERS_JOB = "job_layers"

# Every job-partitioned asset: the posting and the layers the registry declares.
JOB_ASSETS = dg.AssetSelection.all() - dg.AssetSelection.assets(candidate_profile)

candidate_profile_job = dg.define_asset_job(
    CANDIDATE_JOB, selection=[candidate_profile], description="Load the master CV."
)
job_layers_job = dg.define_asset_job(
    JOB_LAYERS_JOB, selection=JOB_ASSETS, description="The posting and all its layers, for job partitions."
)
