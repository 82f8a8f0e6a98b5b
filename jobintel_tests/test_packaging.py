"""jobintel as users install it: a wheel in a fresh virtual environment, run from a folder of their own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from jobintel_tests.conftest import REPO, SAMPLE_INBOX


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_a_wheel_in_a_fresh_venv_runs_from_a_folder_outside_the_checkout(tmp_path: Path):
    wheels = tmp_path / "wheels"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(REPO)], tmp_path
    )
    (wheel,) = wheels.glob("jobintel-*.whl")

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    site_packages = Path(
        _run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            tmp_path,
        ).strip()
    )
    # The dependencies are this environment's (no download); jobintel itself only from the wheel.
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet",
          "--no-deps", str(wheel)], tmp_path)  # fmt: skip

    elsewhere = tmp_path / "my-job-search"
    shutil.copytree(SAMPLE_INBOX, elsewhere / "postings")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JOBINTEL_", "DAGSTER_"))}
    env["JOBINTEL_CANDIDATE_DIR"] = str(REPO / "data" / "candidate")  # the user's own master CV
    where = "import jobintel_assets; print(jobintel_assets.__file__)"
    location = _run([str(venv / "bin" / "python"), "-c", where], elsewhere, env)
    assert location.startswith(str(site_packages)), location

    output = _run(
        [str(venv / "bin" / "jobintel"), "run", "--inbox", "postings", "--db", "r.duckdb"], elsewhere, env
    )

    assert f"DuckDB: {elsewhere / 'r.duckdb'}" in output
    assert "0 job(s) triaged and up to date" in output
    assert (elsewhere / ".dagster_home" / "dagster.yaml").is_file()
    assert any((elsewhere / "data" / "dossiers").glob("*.md"))
