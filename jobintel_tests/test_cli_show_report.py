"""`jobintel show`, `jobintel report`, exit codes and the instance configuration the CLI writes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
from PIL import Image
from pypdf import PdfReader

from jobintel_assets.instance import GENERATED_HEADER, write_instance_config
from jobintel_tests.conftest import REPO

JOBINTEL = str(Path(sys.executable).parent / "jobintel")


def jobintel(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([JOBINTEL, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_show_prints_the_dossier_of_a_job_given_the_start_of_its_id(materialized_project):
    folder, env = materialized_project
    with duckdb.connect(env["JOBINTEL_DB"], read_only=True) as con:
        job_id, title = con.execute(
            "SELECT job_id, title FROM job_posting JOIN dossier USING (job_id) ORDER BY job_id"
        ).fetchone()

    shown = jobintel("show", job_id[:-9], env=env, cwd=folder)

    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert title in shown.stdout and "Fit analysis" in shown.stdout


def test_show_a_job_off_the_shortlist_says_why_it_has_no_dossier(materialized_project):
    folder, env = materialized_project
    with duckdb.connect(env["JOBINTEL_DB"], read_only=True) as con:
        job_id, score = con.execute("SELECT job_id, fit_score FROM fit_score WHERE tier = 'D'").fetchone()

    shown = jobintel("show", job_id, env=env, cwd=folder)

    assert shown.returncode == 3
    assert f"fit score {score}, tier D" in shown.stdout
    assert f"jobintel shortlist add {job_id}" in shown.stdout


def test_show_cv_prints_the_path_of_the_jobs_cv_file_beside_its_dossier(materialized_project):
    folder, env = materialized_project
    with duckdb.connect(env["JOBINTEL_DB"], read_only=True) as con:
        job_id, dossier_path = con.execute(
            "SELECT job_id, markdown_path FROM dossier ORDER BY job_id"
        ).fetchone()
        name = con.execute("SELECT header.name FROM cv WHERE job_id = ?", [job_id]).fetchone()[0]

    printed = {}
    for file_format in ("md", "html", "pdf", "docx", "json"):
        shown = jobintel("show", job_id[:-9], "--cv", file_format, env=env, cwd=folder)
        assert shown.returncode == 0, shown.stdout + shown.stderr
        printed[file_format] = Path(shown.stdout.strip())

    assert all(path.parent == Path(dossier_path).parent for path in printed.values())
    assert printed["pdf"].name == Path(dossier_path).name.removesuffix(".md") + ".cv.pdf"
    assert PdfReader(printed["pdf"]).pages[0].extract_text().startswith(name)
    assert printed["md"].read_text(encoding="utf-8").startswith(f"# {name}")
    assert json.loads(printed["json"].read_text(encoding="utf-8"))["basics"]["name"] == name
    assert printed["docx"].read_bytes()[:2] == b"PK"  # a Word document is a zip


def test_show_an_unknown_job_exits_3_and_suggests_close_ids(materialized_project):
    folder, env = materialized_project
    with duckdb.connect(env["JOBINTEL_DB"], read_only=True) as con:
        (job_id,) = con.execute("SELECT job_id FROM job_posting ORDER BY job_id").fetchone()

    shown = jobintel("show", job_id[:-1] + "x", env=env, cwd=folder)

    assert shown.returncode == 3
    assert job_id in shown.stdout


def test_report_summarizes_every_job_and_writes_a_chart(materialized_project):
    folder, env = materialized_project
    with duckdb.connect(env["JOBINTEL_DB"], read_only=True) as con:
        rows = con.execute("SELECT missing_skills FROM fit_score").fetchall()
    missing = Counter(skill for (skills,) in rows for skill in skills)
    chart = folder / "charts" / "report.png"

    report = jobintel("report", "--out", str(chart), env=env, cwd=folder)

    assert report.returncode == 0, report.stdout + report.stderr
    assert "3 jobs, 3 scored." in report.stdout
    most_wanted, jobs = min(missing.items(), key=lambda item: (-item[1], item[0]))  # as the view sorts
    assert any(line.split() == [*most_wanted.split(), str(jobs)] for line in report.stdout.splitlines())
    with Image.open(chart) as image:
        assert image.format == "PNG" and image.size[0] >= 800


def test_help_lists_the_commands_and_exit_codes(tmp_path):
    result = jobintel("--help", env={"PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert result.returncode == 0
    for text in ["run", "status", "show", "report", "ui", "exit codes:"]:
        assert text in result.stdout


def test_an_incomplete_postgres_setting_is_a_usage_error_naming_the_variable(jobintel_env):
    env = {"PATH": "/usr/bin:/bin", "DAGSTER_HOME": str(jobintel_env / "pg_home"), "DAGSTER_PG_HOST": "db"}
    (jobintel_env / "inbox").mkdir()

    result = jobintel("run", "--inbox", str(jobintel_env / "inbox"), env=env, cwd=jobintel_env)

    assert result.returncode == 2
    assert "DAGSTER_PG_USER" in result.stdout and "DAGSTER_PG_DB" in result.stdout


def test_the_instance_config_follows_the_project_unless_the_user_manages_it(tmp_path):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    (theirs / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    (ours / "dagster.yaml").write_text(GENERATED_HEADER + "stale: true\n")

    for home in (ours, theirs):
        write_instance_config(home, REPO / "dagster.yaml", {}, managed_by_user=True)

    assert (theirs / "dagster.yaml").read_text() == "telemetry:\n  enabled: false\n"
    assert (ours / "dagster.yaml").read_text() == GENERATED_HEADER + (REPO / "dagster.yaml").read_text()
