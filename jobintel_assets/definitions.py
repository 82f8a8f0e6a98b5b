"""The one Definitions object: workspace.yaml loads it, `dagster dev` serves it, the CLI runs it."""

from __future__ import annotations

import os

import dagster as dg

from jobintel_assets import config
from jobintel_assets.assets import LAYER_ASSETS, candidate_profile, job_posting
from jobintel_assets.resources import DuckDBStoreResource, PipelineSettings, ProvidersResource

CANDIDATE_JOB = "candidate_profile_job"
JOB_LAYERS_JOB = "job_layers"


def _setting(env_name: str, default: object) -> str | dg.EnvVar:
    """An EnvVar when the variable is set (the UI then shows where the value came from), else the default."""
    return dg.EnvVar(env_name) if env_name in os.environ else str(default)


def build_definitions() -> dg.Definitions:
    paths = config.Paths.from_env()
    return dg.Definitions(
        assets=[candidate_profile, job_posting, *LAYER_ASSETS],
        jobs=[
            dg.define_asset_job(
                CANDIDATE_JOB, selection=[candidate_profile], description="Load the master CV."
            ),
            dg.define_asset_job(
                JOB_LAYERS_JOB,
                selection=dg.AssetSelection.assets(job_posting, *LAYER_ASSETS),
                description="The posting and its seven layers, for one job partition.",
            ),
        ],
        resources={
            "store": DuckDBStoreResource(database=_setting(config.ENV_DB, paths.db)),
            "providers": ProvidersResource(
                companies_dir=_setting(config.ENV_COMPANIES_DIR, paths.companies_dir)
            ),
            "settings": PipelineSettings(
                candidate_dir=_setting(config.ENV_CANDIDATE_DIR, paths.candidate_dir),
                dossier_dir=_setting(config.ENV_DOSSIER_DIR, paths.dossier_dir),
            ),
        },
    )


defs = build_definitions()
