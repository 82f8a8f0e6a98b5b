"""The Dagster instance configuration: SQLite under DAGSTER_HOME by default, Postgres when configured.

A dagster.yaml cannot be conditional, so jobintel writes the instance's dagster.yaml itself: the
project's `dagster.yaml` (run queue, the `duckdb` pool, run monitoring) plus a Postgres storage
block when `DAGSTER_PG_URL` or `DAGSTER_PG_HOST` is set. The block names the environment
variables (`{env: ...}`), never their values, so no password is written to disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from dagster import DagsterInstance

# The project's instance settings, shipped inside the package (the checkout's dagster.yaml links to it).
PROJECT_CONFIG = Path(__file__).with_name("dagster.yaml")

PG_URL_ENV = "DAGSTER_PG_URL"
# postgres_db field -> environment variable, the names dagster-postgres deployments usually use.
PG_FIELD_ENVS = {
    "hostname": "DAGSTER_PG_HOST",
    "username": "DAGSTER_PG_USER",
    "password": "DAGSTER_PG_PASSWORD",
    "db_name": "DAGSTER_PG_DB",
    "port": "DAGSTER_PG_PORT",
}
PG_REQUIRED_FIELDS = ("hostname", "username", "db_name")

GENERATED_HEADER = (
    "# Written by jobintel from the project's dagster.yaml (and DAGSTER_PG_* when set); it is\n"
    "# rewritten on every run. Delete this header to manage this file yourself.\n"
)


class InstanceConfigError(ValueError):
    """The Postgres environment is incomplete."""


def postgres_storage(environ: Mapping[str, str]) -> dict[str, object] | None:
    """The `storage` block for Postgres when the environment asks for it, else None (SQLite)."""
    if environ.get(PG_URL_ENV):
        return {"postgres": {"postgres_url": {"env": PG_URL_ENV}}}
    if not environ.get(PG_FIELD_ENVS["hostname"]):
        return None
    missing = [PG_FIELD_ENVS[f] for f in PG_REQUIRED_FIELDS if not environ.get(PG_FIELD_ENVS[f])]
    if missing:
        raise InstanceConfigError(
            f"{PG_FIELD_ENVS['hostname']} is set but {', '.join(missing)} is not: set it, "
            f"or set {PG_URL_ENV}=postgresql://user:password@host:port/db instead."
        )
    fields = {field: {"env": name} for field, name in PG_FIELD_ENVS.items() if environ.get(name)}
    return {"postgres": {"postgres_db": fields}}


def instance_yaml(project_config: Path, environ: Mapping[str, str]) -> str:
    """The instance's dagster.yaml: the project's file, plus Postgres storage when configured."""
    text = GENERATED_HEADER + project_config.read_text(encoding="utf-8")
    storage = postgres_storage(environ)
    if storage is not None:
        text += "\n# Run, event-log and schedule storage in Postgres (from the environment).\n"
        text += yaml.safe_dump({"storage": storage}, sort_keys=False)
    return text


def write_instance_config(
    home: Path, project_config: Path, environ: Mapping[str, str], *, managed_by_user: bool
) -> Path:
    """Write `home/dagster.yaml`, except over a file in the user's own DAGSTER_HOME without our header."""
    target = home / "dagster.yaml"
    if (
        managed_by_user
        and target.is_file()
        and not target.read_text(encoding="utf-8").startswith(GENERATED_HEADER)
    ):
        return target
    text = instance_yaml(project_config, environ)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


def register_pool_limits(instance: DagsterInstance, pools: list[str]) -> None:
    """Store each pool's limit (dagster.yaml `default_limit`) on the instance before any run is queued.

    The run queue enforces only the pools the instance already has a limit for: a pool first seen in
    a batch of queued runs is limited from the next batch on, after the whole batch has started.
    """
    storage = instance.event_log_storage
    if storage.supports_global_concurrency_limits:
        for pool in pools:
            storage.initialize_concurrency_limit_to_default(pool)
