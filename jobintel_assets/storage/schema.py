"""DuckDB DDL derived from the pydantic contracts, so tables and models cannot drift apart."""

from __future__ import annotations

import types
from datetime import datetime
from enum import Enum
from typing import Union, get_args, get_origin

from pydantic import BaseModel

from jobintel_assets.layers import models as m

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

# One table per asset, named after it. Each layer table is keyed by job_id.
LAYER_TABLES: dict[str, type[BaseModel]] = {
    "extracted_jd": m.ExtractedJD,
    "pain_points": m.PainPoints,
    "company_research": m.CompanyResearch,
    "fit_score": m.FitScore,
    "contacts": m.Contacts,
    "cv": m.TailoredCV,
    "dossier": m.Dossier,
}

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


JOB_OVERVIEW_VIEW = """
CREATE OR REPLACE VIEW job_overview AS
SELECT
  p.job_id, p.title, p.company, p.location, p.url, p.source, p.salary, p.ingested_at,
  e.seniority_level, e.role_category, e.role_family, e.remote_policy, e.years_experience_required,
  len(e.technical_skills) AS technical_skill_count,
  len(pp.pain_points) AS pain_point_count,
  r.company.company_type AS company_type,
  len(r.company.signals) AS company_signal_count,
  f.fit_score, f.fit_category, f.tier, f.matched_skills, f.missing_skills,
  len(c.primary_contacts) + len(c.secondary_contacts) AS contact_count,
  len(cv.experience) AS cv_role_count,
  d.markdown_path AS dossier_path,
  d.html_path AS dossier_html_path,
  d.materialized_at AS dossier_materialized_at
FROM job_posting p
LEFT JOIN extracted_jd e USING (job_id)
LEFT JOIN pain_points pp USING (job_id)
LEFT JOIN company_research r USING (job_id)
LEFT JOIN fit_score f USING (job_id)
LEFT JOIN contacts c USING (job_id)
LEFT JOIN cv USING (job_id)
LEFT JOIN dossier d USING (job_id)
"""


def all_ddl() -> list[str]:
    statements = [
        _posting_ddl("ingested_postings", with_lineage=False),
        _posting_ddl("job_posting", with_lineage=True),
        _candidate_ddl(),
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
    ]
    statements += [layer_table_ddl(table, model) for table, model in LAYER_TABLES.items()]
    statements.append(JOB_OVERVIEW_VIEW)
    return statements
