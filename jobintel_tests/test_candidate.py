"""The master CV loads into a CandidateProfile; a broken one says which file, which field and what to do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from jobintel_assets.ingestion.candidate import CandidateProfileError, candidate_files_hash, load_candidate

SAMPLE_CANDIDATE = Path(__file__).resolve().parents[1] / "data" / "candidate"


def sample_data() -> dict:
    return yaml.safe_load((SAMPLE_CANDIDATE / "master_cv.yaml").read_text(encoding="utf-8"))


def write_candidate(folder: Path, data: dict | str) -> Path:
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    (folder / "master_cv.yaml").write_text(text, encoding="utf-8")
    return folder / "master_cv.yaml"


def test_sample_master_cv_loads_with_metrics_in_every_achievement() -> None:
    profile = load_candidate(SAMPLE_CANDIDATE)

    assert profile.name == "Alex Morgan"
    assert len(profile.roles) >= 5
    assert profile.roles[0].end == "present"
    for role in profile.roles:
        assert 4 <= len(role.achievements) <= 7, role.title
        for achievement in role.achievements:
            assert re.search(r"\d", achievement), f"{role.title}: no metric in {achievement!r}"
    assert {"Kubernetes", "BigQuery", "People management"} <= set(profile.all_skills())
    assert profile.education and profile.certifications and profile.preferences.salary_floor


def test_broken_field_error_names_file_field_path_and_fix(tmp_path: Path) -> None:
    data = sample_data()
    data["roles"][2]["achievements"] = []
    data["years_experience"] = "twelve"
    path = write_candidate(tmp_path, data)

    with pytest.raises(CandidateProfileError) as raised:
        load_candidate(tmp_path)

    message = str(raised.value)
    assert str(path) in message
    assert "2 problems" in message
    assert "roles[2].achievements (Staff Engineer, Data Platform at Wavelength Media)" in message
    assert "add at least one item" in message
    assert "years_experience" in message and "'twelve'" in message


def test_misspelt_field_is_an_error_not_ignored(tmp_path: Path) -> None:
    data = sample_data()
    data["roles"][0]["acheivements"] = data["roles"][0].pop("achievements")
    write_candidate(tmp_path, data)

    with pytest.raises(CandidateProfileError) as raised:
        load_candidate(tmp_path)

    assert "roles[0].achievements" in str(raised.value)
    assert "roles[0].acheivements" in str(raised.value)


def test_role_dates_must_be_months_in_order(tmp_path: Path) -> None:
    data = sample_data()
    data["roles"][1]["start"] = "May 2021"
    data["roles"][3]["end"] = "2015-01"
    write_candidate(tmp_path, data)

    with pytest.raises(CandidateProfileError) as raised:
        load_candidate(tmp_path)

    message = str(raised.value)
    assert "roles[1].start" in message and "YYYY-MM" in message
    assert "roles[3].end" in message and "before start 2016-03" in message


def test_invalid_yaml_error_gives_the_line(tmp_path: Path) -> None:
    write_candidate(tmp_path, "name: Alex Morgan\nroles:\n  - title: Engineer\n   employer: Acme\n")

    with pytest.raises(CandidateProfileError, match=r"master_cv\.yaml: invalid YAML at line 4"):
        load_candidate(tmp_path)


def test_missing_file_says_where_it_was_expected(tmp_path: Path) -> None:
    with pytest.raises(CandidateProfileError, match=r"master_cv\.yaml: file not found"):
        load_candidate(tmp_path)


def test_files_hash_changes_exactly_when_the_cv_changes(tmp_path: Path) -> None:
    data = sample_data()
    write_candidate(tmp_path, data)
    first = candidate_files_hash(tmp_path)
    (tmp_path / "notes.txt").write_text("unrelated", encoding="utf-8")

    assert candidate_files_hash(tmp_path) == first

    data["roles"][0]["achievements"].append("Led the 2025 platform reliability programme across 3 teams.")
    write_candidate(tmp_path, data)

    assert candidate_files_hash(tmp_path) != first
