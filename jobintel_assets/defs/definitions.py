"""The one Definitions object: workspace.yaml loads it, `dagster dev` serves it, the CLI runs it."""

from __future__ import annotations

import os

import dagster as dg

from jobintel_assets import config
from jobintel_assets.defs.applications import application_events
from jobintel_assets.defs.assets import candidate_profile, job_posting, layer_assets
from jobintel_assets.defs.jobs import (
    CANDIDATE_JOB,
    JOB_LAYERS_JOB,
    SHORTLIST_LAYERS_JOB,
    candidate_profile_job,
    job_layers_job,
    shortlist_layers_job,
)
from jobintel_assets.defs.market import MARKET_JOB, market_view_job, pay_view
from jobintel_assets.defs.resources import (
    DuckDBStoreResource,
    IngestionSettings,
    PipelineSettings,
    ProvidersResource,
)
from jobintel_assets.defs.sensors import (
    inbox_sensor,
    job_boards_refresh,
    job_boards_schedule,
    shortlist_sensor,
)
from jobintel_assets.shortlist import DEFAULT_TIERS, ENV_SHORTLIST_TIERS

__all__ = ["CANDIDATE_JOB", "JOB_LAYERS_JOB", "MARKET_JOB", "SHORTLIST_LAYERS_JOB", "build_definitions"]


# On by default: new partitions get their layers, and layers whose upstream output changed are redone
# (each layer's automation condition), without anyone clicking; many partitions go as one backfill,
# batched by the assets' BackfillPolicy.
layers_automation = dg.AutomationConditionSensorDefinition(
    "layers_automation",
    target=dg.AssetSelection.all() - dg.AssetSelection.assets(candidate_profile, job_posting),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Materializes the layers of new jobs and of jobs whose inputs really changed.",
)


def _setting(env_name: str, default: object) -> str | dg.EnvVar:
    """An EnvVar when the variable is set (the UI then shows where the value came from), else the default."""
    return dg.EnvVar(env_name) if env_name in os.environ else str(default)


def _optional_setting(env_name: str) -> str | dg.EnvVar | None:
    """An EnvVar when the variable is set and not empty (secrets stay out of the UI), else None."""
    return dg.EnvVar(env_name) if os.environ.get(env_name) else None


def _number(env_name: str, kind: type[float] | type[int], default: float | None) -> float | None:
    value = os.environ.get(env_name, "").strip()
    if not value:
        return default
    try:
        return kind(value)
    except ValueError:
        raise ValueError(f"{env_name}={value!r} is not a {kind.__name__}: set a number or unset it") from None


def _providers(paths: config.Paths) -> ProvidersResource:
    """Real providers where their keys are set (see README, 'Real models and web research')."""
    defaults = ProvidersResource(companies_dir=str(paths.companies_dir))
    models = {
        field: _setting(env_name, getattr(defaults, field))
        for field, env_name in (
            ("model_tier", config.ENV_MODEL_TIER),
            ("model_fast", config.ENV_MODEL_FAST),
            ("model_balanced", config.ENV_MODEL_BALANCED),
            ("model_quality", config.ENV_MODEL_QUALITY),
        )
    }
    return ProvidersResource(
        companies_dir=str(paths.companies_dir),
        openai_api_key=_optional_setting(config.ENV_OPENAI_API_KEY),
        openai_base_url=_optional_setting(config.ENV_OPENAI_BASE_URL),
        firecrawl_api_key=_optional_setting(config.ENV_FIRECRAWL_API_KEY),
        firecrawl_api_url=_optional_setting(config.ENV_FIRECRAWL_API_URL),
        **models,
        timeout_seconds=_number(config.ENV_PROVIDER_TIMEOUT, float, defaults.timeout_seconds),
        max_retries=_number(config.ENV_PROVIDER_RETRIES, int, defaults.max_retries),
        backoff_seconds=_number(config.ENV_PROVIDER_BACKOFF, float, defaults.backoff_seconds),
        max_concurrent_calls=_number(config.ENV_PROVIDER_CONCURRENCY, int, defaults.max_concurrent_calls),
        budget_usd=_number(config.ENV_BUDGET_USD, float, None),
        research_cache_days=_number(config.ENV_RESEARCH_CACHE_DAYS, float, defaults.research_cache_days),
    )


def build_definitions(paths: config.Paths | None = None) -> dg.Definitions:
    """The Definitions on ``paths`` (default: the JOBINTEL_* paths, resolved against the project folder).

    Paths are passed as the absolute strings in use, so the UI's resource config shows them as they are.
    """
    paths = paths or config.Paths.from_env()
    return dg.Definitions(
        assets=[candidate_profile, job_posting, *layer_assets(), pay_view, application_events],
        jobs=[
            candidate_profile_job,
            job_layers_job,
            shortlist_layers_job,
            job_boards_refresh,
            market_view_job,
        ],
        sensors=[inbox_sensor, shortlist_sensor, layers_automation],
        schedules=[job_boards_schedule],
        resources={
            "store": DuckDBStoreResource(database=str(paths.db)),
            "providers": _providers(paths),
            "settings": PipelineSettings(
                candidate_dir=str(paths.candidate_dir),
                dossier_dir=str(paths.dossier_dir),
                annotations_dir=str(paths.annotations_dir),
                shortlist_file=str(paths.shortlist_file),
                shortlist_tiers=_setting(ENV_SHORTLIST_TIERS, DEFAULT_TIERS),
            ),
            "ingestion": IngestionSettings(
                inbox_dir=str(paths.inbox),
                boards_file=str(paths.boards),
            ),
        },
    )
