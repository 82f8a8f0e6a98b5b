"""DuckDB DDL derived from the pydantic contracts, so tables and models cannot drift apart."""

from __future__ import annotations

import types
from datetime import datetime
from enum import Enum
from typing import Union, get_args, get_origin

from pydantic import BaseModel

from jobintel_assets import tracking
from jobintel_assets.layers import models as m
from jobintel_assets.layers import pay, registry

LINEAGE_COLUMNS: dict[str, str] = {
    "input_hash": "VARCHAR NOT NULL",
    "output_hash": "VARCHAR NOT NULL",
    "provider": "VARCHAR NOT NULL",
    "model": "VARCHAR NOT NULL",
    "prompt_version": "VARCHAR NOT NULL",
    "cache_hit": "BOOLEAN NOT NULL",
    "materialized_at": "TIMESTAMPTZ NOT NULL",
    "run_id": "VARCHAR NOT NULL",
}


def layer_tables() -> dict[str, type[BaseModel]]:
    """One table per registered layer, named after it and keyed by job_id."""
    return {spec.name: spec.output for spec in registry.LAYERS}


# Columns a table carries beyond its model: where the asset put files it wrote.
EXTRA_COLUMNS: dict[str, dict[str, str]] = {
    "dossier": {"markdown_path": "VARCHAR", "html_path": "VARCHAR"},
}


def duckdb_type(annotation: object) -> str:
    """The DuckDB type of a pydantic field annotation (Optional is nullable, lists are LISTs)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        return duckdb_type(members[0])
    if origin is list:
        (item,) = get_args(annotation)
        return f"{duckdb_type(item)}[]"
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            fields = ", ".join(
                f'"{name}" {duckdb_type(field.annotation)}' for name, field in annotation.model_fields.items()
            )
            return f"STRUCT({fields})"
        if issubclass(annotation, bool):
            return "BOOLEAN"
        if issubclass(annotation, (str, Enum)):
            return "VARCHAR"
        if issubclass(annotation, int):
            return "BIGINT"
        if issubclass(annotation, float):
            return "DOUBLE"
        if issubclass(annotation, datetime):
            return "TIMESTAMPTZ"
    raise TypeError(f"no DuckDB type for {annotation!r}")


def model_columns(model: type[BaseModel]) -> dict[str, str]:
    return {name: duckdb_type(field.annotation) for name, field in model.model_fields.items()}


def layer_table_ddl(table: str, model: type[BaseModel]) -> str:
    columns = {"job_id": "VARCHAR PRIMARY KEY"}
    columns |= model_columns(model)
    columns |= EXTRA_COLUMNS.get(table, {})
    columns |= LINEAGE_COLUMNS
    body = ",\n  ".join(f'"{name}" {sql_type}' for name, sql_type in columns.items())
    return f"CREATE TABLE IF NOT EXISTS {table} (\n  {body}\n)"


def _posting_ddl(table: str, with_lineage: bool) -> str:
    columns = model_columns(m.JobPosting)
    columns["job_id"] = "VARCHAR PRIMARY KEY"
    if with_lineage:
        columns |= LINEAGE_COLUMNS
    body = ",\n  ".join(f'"{name}" {sql_type}' for name, sql_type in columns.items())
    return f"CREATE TABLE IF NOT EXISTS {table} (\n  {body}\n)"


def _candidate_ddl() -> str:
    columns = {"profile_id": "VARCHAR PRIMARY KEY"} | model_columns(m.CandidateProfile) | LINEAGE_COLUMNS
    body = ",\n  ".join(f'"{name}" {sql_type}' for name, sql_type in columns.items())
    return f"CREATE TABLE IF NOT EXISTS candidate_profile (\n  {body}\n)"


# Ingestion's own bookkeeping (ingestion/ingest.py, sensors.py).
INGESTION_DDL = [
    # Every source a job was seen at (a file, a file's row, a board's posting, a URL), with the keys
    # duplicates are found by (ingestion/duplicates.py) and, for board postings, when they closed.
    """CREATE TABLE IF NOT EXISTS posting_sources (
  source VARCHAR PRIMARY KEY,
  job_id VARCHAR NOT NULL,
  board VARCHAR,
  ats_key VARCHAR,
  canonical_url VARCHAR,
  company_key VARCHAR NOT NULL,
  title_key VARCHAR NOT NULL,
  requisition_key VARCHAR,
  sketch BIGINT[] NOT NULL,
  content_sha256 VARCHAR NOT NULL,
  first_seen_at TIMESTAMPTZ NOT NULL,
  last_seen_at TIMESTAMPTZ NOT NULL,
  closed_at TIMESTAMPTZ
)""",
    # A job is closed when every board that listed it stopped listing it.
    """CREATE OR REPLACE VIEW posting_status AS
SELECT job_id, CASE WHEN bool_and(closed_at IS NOT NULL) THEN max(closed_at) END AS closed_at
FROM posting_sources WHERE board IS NOT NULL GROUP BY job_id""",
    # Inbox files already read, so the sensor reads a file again only when its bytes change.
    """CREATE TABLE IF NOT EXISTS inbox_files (
  path VARCHAR PRIMARY KEY,
  size BIGINT NOT NULL,
  mtime_ns BIGINT NOT NULL,
  sha256 VARCHAR NOT NULL,
  seen_at TIMESTAMPTZ NOT NULL
)""",
    # One row each time a job's posting is new or changed: the sensor requests runs in this order.
    "CREATE SEQUENCE IF NOT EXISTS ingestion_log_seq START 1",
    """CREATE TABLE IF NOT EXISTS ingestion_log (
  seq BIGINT PRIMARY KEY DEFAULT nextval('ingestion_log_seq'),
  job_id VARCHAR NOT NULL,
  change VARCHAR NOT NULL CHECK (change IN ('new', 'changed')),
  source VARCHAR NOT NULL,
  content_sha256 VARCHAR NOT NULL,
  logged_at TIMESTAMPTZ NOT NULL
)""",
]


JOB_OVERVIEW_VIEW = """
CREATE OR REPLACE VIEW job_overview AS
SELECT
  p.job_id, p.title, p.company, p.location, p.url, p.source, p.salary, p.ingested_at, p.closes_at,
  -- Closed: every board that listed it stopped listing it, or the closing date it gives has passed.
  coalesce(
    ps.closed_at,
    CASE WHEN try_cast(p.closes_at AS DATE) < current_date THEN CAST(p.closes_at AS TIMESTAMPTZ) END
  ) AS closed_at,
  e.seniority_level, e.role_category, e.role_family, e.remote_policy, e.years_experience_required,
  len(e.technical_skills) AS technical_skill_count,
  len(pp.pain_points) AS pain_point_count,
  struct_extract(r.company, 'company_type') AS company_type,
  len(struct_extract(r.company, 'signals')) AS company_signal_count,
  f.fit_score, f.fit_category, f.tier, f.matched_skills, f.missing_skills,
  len(c.primary_contacts) + len(c.secondary_contacts) AS contact_count,
  len(cv.experience) AS cv_role_count,
  d.markdown_path AS dossier_path,
  d.html_path AS dossier_html_path,
  d.materialized_at AS dossier_materialized_at,
  coalesce(pc.provider_calls, 0) AS provider_calls,
  coalesce(pc.provider_cache_hits, 0) AS provider_cache_hits,
  coalesce(pc.cost_usd, 0) AS cost_usd,
  pc.unpriced_calls
FROM job_posting p
LEFT JOIN extracted_jd e USING (job_id)
LEFT JOIN pain_points pp USING (job_id)
LEFT JOIN company_research r USING (job_id)
LEFT JOIN fit_score f USING (job_id)
LEFT JOIN contacts c USING (job_id)
LEFT JOIN cv USING (job_id)
LEFT JOIN dossier d USING (job_id)
LEFT JOIN posting_status ps USING (job_id)
LEFT JOIN (
  SELECT job_id,
    count(*) FILTER (WHERE NOT cache_hit) AS provider_calls,
    count(*) FILTER (WHERE cache_hit) AS provider_cache_hits,
    sum(cost_usd) AS cost_usd,
    count(*) FILTER (WHERE NOT cache_hit AND cost_usd IS NULL) AS unpriced_calls
  FROM provider_calls GROUP BY job_id
) pc USING (job_id)
"""


# Views for the questions people ask in a notebook (notebooks/explore.ipynb shows each one).
HELPER_VIEWS = [
    # Jobs worth applying to first: open postings, best fit first.
    """CREATE OR REPLACE VIEW best_fit_jobs AS
SELECT job_id, title, company, fit_score, fit_category, tier, len(matched_skills) AS matched_skill_count,
  len(missing_skills) AS missing_skill_count, dossier_path
FROM job_overview
WHERE fit_score IS NOT NULL AND closed_at IS NULL
ORDER BY fit_score DESC, job_id""",
    # What to learn next: each skill the candidate lacks, by how many scored jobs ask for it.
    """CREATE OR REPLACE VIEW missing_skills AS
SELECT skill, count(*) AS jobs, round(avg(fit_score), 1) AS avg_fit_score,
  list(job_id ORDER BY job_id) AS job_ids
FROM (SELECT job_id, fit_score, unnest(missing_skills) AS skill FROM fit_score)
GROUP BY skill
ORDER BY jobs DESC, skill""",
    # Companies with something going on: one row per signal, with its date and source.
    """CREATE OR REPLACE VIEW company_signals AS
SELECT struct_extract(r.company, 'name') AS company, struct_extract(s, 'type') AS signal_type,
  struct_extract(s, 'date') AS signal_date, struct_extract(s, 'description') AS description,
  struct_extract(s, 'source') AS source, r.job_id
FROM company_research r, unnest(struct_extract(r.company, 'signals')) AS u(s)
ORDER BY company, signal_date DESC, signal_type""",
    # What the model and research providers cost, per job (zero calls offline).
    """CREATE OR REPLACE VIEW spend_per_job AS
SELECT p.job_id, p.title, p.company,
  count(c.layer) FILTER (WHERE NOT c.cache_hit) AS provider_calls,
  count(c.layer) FILTER (WHERE c.cache_hit) AS cache_hits,
  coalesce(sum(c.tokens_in), 0) AS tokens_in,
  coalesce(sum(c.tokens_out), 0) AS tokens_out,
  coalesce(sum(c.cost_usd), 0) AS cost_usd,
  count(c.layer) FILTER (WHERE NOT c.cache_hit AND c.cost_usd IS NULL) AS unpriced_calls
FROM job_posting p LEFT JOIN provider_calls c USING (job_id)
GROUP BY p.job_id, p.title, p.company
ORDER BY cost_usd DESC, p.job_id""",
]


def pay_tables() -> dict[str, type[BaseModel]]:
    """The pay view's tables (layers/pay.py), rewritten whole each time the view is materialized."""
    return {"pay_postings": pay.PayPosting, "pay_groups": pay.PayGroup, "pay_positions": pay.PayPosition}


# Which materialization wrote a pay view row.
PAY_RUN_COLUMNS: dict[str, str] = {"materialized_at": "TIMESTAMPTZ NOT NULL", "run_id": "VARCHAR NOT NULL"}


def _pay_ddl(table: str, model: type[BaseModel]) -> str:
    columns = model_columns(model) | PAY_RUN_COLUMNS
    body = ",\n  ".join(f'"{name}" {sql_type}' for name, sql_type in columns.items())
    return f"CREATE TABLE IF NOT EXISTS {table} (\n  {body}\n)"


# For notebooks: the groups with enough postings for percentiles, the biggest first.
PAY_RANGES_VIEW = """CREATE OR REPLACE VIEW pay_ranges AS
SELECT scope, family, level, place, currency, period, postings, p25, median, p75, low_median, high_median,
  len(no_pay_job_ids) AS no_pay_stated, job_ids
FROM pay_groups
WHERE enough
ORDER BY CASE scope WHEN 'family_level_place' THEN 0 WHEN 'family_level' THEN 1 ELSE 2 END,
  postings DESC, family, level, place"""


def model_tables() -> dict[str, str]:
    """The tables whose columns follow the pydantic models, by name: their CREATE statements."""
    tables = {
        "ingested_postings": _posting_ddl("ingested_postings", with_lineage=False),
        "job_posting": _posting_ddl("job_posting", with_lineage=True),
        "candidate_profile": _candidate_ddl(),
    }
    tables |= {table: _pay_ddl(table, model) for table, model in pay_tables().items()}
    return tables | {table: layer_table_ddl(table, model) for table, model in layer_tables().items()}


# What ingestion stored: kept when the models change (new columns are added); every other model table
# is computed from it and the master CV, so it is rebuilt instead.
SOURCE_TABLES = {"ingested_postings"}


_CLOSED = ", ".join(f"'{status}'" for status in sorted(tracking.CLOSED))
_FUNNEL = ", ".join(f"({position}, '{status}')" for position, status in enumerate(tracking.FUNNEL, 1))

# Application tracking (tracking.py). ``application_events`` is the user's own record, like the
# ingested postings: it is not a model table, so no schema change or rebuild drops it; rows are only
# ever appended. The views read the postings ingestion stored, so they list every job also while its
# computed layers are being rebuilt.
TRACKING_DDL = [
    "CREATE SEQUENCE IF NOT EXISTS application_events_seq START 1",
    f"""CREATE TABLE IF NOT EXISTS application_events (
  seq BIGINT PRIMARY KEY DEFAULT nextval('application_events_seq'),
  job_id VARCHAR NOT NULL,
  status VARCHAR NOT NULL CHECK (status IN ({", ".join(f"'{s}'" for s in tracking.FUNNEL)})),
  happened_on DATE NOT NULL,
  follow_up DATE,
  note VARCHAR,
  recorded_at TIMESTAMPTZ NOT NULL
)""",
    # Every change, oldest first, with the job's title and company.
    """CREATE OR REPLACE VIEW application_history AS
SELECT e.job_id, p.title, p.company, e.status, e.happened_on, e.follow_up, e.note, e.recorded_at
FROM application_events e LEFT JOIN ingested_postings p USING (job_id)
ORDER BY e.seq""",
    # One row per job: its current status ('new' when never tracked), since when, the next follow-up
    # (overdue when its date has passed and the job is not closed) and the days since you first applied.
    f"""CREATE OR REPLACE VIEW application_status AS
WITH latest AS (
  SELECT job_id, status, happened_on AS since, follow_up
  FROM application_events
  QUALIFY row_number() OVER (PARTITION BY job_id ORDER BY seq DESC) = 1
), summary AS (
  SELECT job_id, count(*) AS changes,
    min(happened_on) FILTER (WHERE status = 'applied') AS applied_on,
    arg_max(note, seq) FILTER (WHERE note IS NOT NULL) AS last_note
  FROM application_events GROUP BY job_id
)
SELECT p.job_id, p.title, p.company, f.fit_score, f.tier,
  coalesce(l.status, 'new') AS status, l.since, l.follow_up,
  coalesce(l.follow_up < current_date AND l.status NOT IN ({_CLOSED}), false) AS follow_up_overdue,
  s.applied_on, current_date - s.applied_on AS days_since_applied,
  s.last_note, coalesce(s.changes, 0) AS changes, ps.closed_at
FROM ingested_postings p
LEFT JOIN fit_score f USING (job_id)
LEFT JOIN latest l USING (job_id)
LEFT JOIN summary s USING (job_id)
LEFT JOIN posting_status ps USING (job_id)""",
    # The funnel: jobs per status in funnel order, overdue follow-ups, the longest wait since applying.
    f"""CREATE OR REPLACE VIEW pipeline AS
SELECT f.position, f.status, count(a.job_id) AS jobs,
  count(a.job_id) FILTER (WHERE a.follow_up_overdue) AS overdue_follow_ups,
  max(a.days_since_applied) AS max_days_since_applied,
  coalesce(list(a.job_id ORDER BY a.fit_score DESC NULLS LAST, a.job_id)
    FILTER (WHERE a.job_id IS NOT NULL), []) AS job_ids
FROM (VALUES {_FUNNEL}) AS f(position, status)
LEFT JOIN application_status a USING (status)
GROUP BY f.position, f.status
ORDER BY f.position""",
]


def all_ddl() -> list[str]:
    statements = [
        *model_tables().values(),
        """CREATE TABLE IF NOT EXISTS rejected_postings (
  source VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  field VARCHAR,
  content_sha256 VARCHAR,
  rejected_at TIMESTAMPTZ NOT NULL
)""",
        """CREATE TABLE IF NOT EXISTS layer_cache (
  layer VARCHAR NOT NULL,
  input_hash VARCHAR NOT NULL,
  provider VARCHAR NOT NULL,
  model VARCHAR NOT NULL,
  prompt_version VARCHAR NOT NULL,
  status VARCHAR NOT NULL CHECK (status IN ('running', 'ready', 'failed')),
  result JSON,
  error VARCHAR,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (layer, input_hash, provider, model, prompt_version)
)""",
        # What grounding dropped from a model's answer, kept so a cache hit can still report it.
        "ALTER TABLE layer_cache ADD COLUMN IF NOT EXISTS diagnostics JSON",
        # Every call to a real provider (and every cache hit that saved one): the cost ledger.
        """CREATE TABLE IF NOT EXISTS provider_calls (
  called_at TIMESTAMPTZ NOT NULL,
  run_id VARCHAR,
  job_id VARCHAR,
  layer VARCHAR NOT NULL,
  provider VARCHAR NOT NULL,
  model VARCHAR NOT NULL,
  cache_hit BOOLEAN NOT NULL,
  tokens_in BIGINT,
  tokens_out BIGINT,
  cost_usd DOUBLE,
  latency_seconds DOUBLE,
  error VARCHAR
)""",
    ]
    statements += INGESTION_DDL
    statements.append(JOB_OVERVIEW_VIEW)
    statements += HELPER_VIEWS
    statements.append(PAY_RANGES_VIEW)
    statements += TRACKING_DDL
    return statements
