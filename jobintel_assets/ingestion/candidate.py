"""Load the candidate's master CV (``master_cv.yaml``, format in data/candidate/README.md).

Every problem becomes one ``CandidateProfileError`` that lists each mistake with the file, the
field path as it reads in the YAML (``roles[2].achievements``, counted from 0) and what to do.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from jobintel_assets.layers.models import CandidateProfile

MASTER_CV_FILE = "master_cv.yaml"
CANDIDATE_FILES = (MASTER_CV_FILE,)
# Written by `jobintel cv import`: where the master CV came from (and the model that read it, if
# one did). About the file, not the candidate, so they are shown beside the profile, not part of it.
IMPORT_KEYS = ("imported_from", "imported_at", "imported_with")

_YEAR_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

_WHAT_TO_DO = {
    "missing": "add it",
    "extra_forbidden": "remove it, or check its spelling against data/candidate/README.md",
    "too_short": "add at least one item",
    "string_type": "write it as text (quote it if YAML reads it as a number or date)",
    "int_type": "write a whole number",
    "int_parsing": "write a whole number",
    "list_type": "write a list: one '- item' per line, or [a, b]",
    "model_type": "write it as 'key: value' lines",
    "dict_type": "write it as 'key: value' lines",
    "enum": "use one of the allowed values",
    "greater_than_equal": "use a larger number",
    "less_than_equal": "use a smaller number",
}


class CandidateProfileError(ValueError):
    """The master CV cannot be used; the message lists every problem found."""


def load_candidate(directory: Path) -> CandidateProfile:
    path = directory / MASTER_CV_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CandidateProfileError(
            f"{path}: file not found; create it (the format is in data/candidate/README.md)"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise CandidateProfileError(f"{path}: cannot be read ({error}); save it as UTF-8 text") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise CandidateProfileError(
            f"{path}: invalid YAML{at} ({problem}); check the indentation and quote values containing ': '"
        ) from None
    if not isinstance(data, dict):
        raise CandidateProfileError(
            f"{path}: expected 'key: value' fields at the top level (name, roles, ...)"
        )
    for key in IMPORT_KEYS:
        data.pop(key, None)
    try:
        profile = CandidateProfile.model_validate(data)
    except ValidationError as error:
        problems = [_describe(item, data) for item in error.errors()]
        raise CandidateProfileError(_message(path, problems)) from None
    problems = _date_problems(profile)
    if problems:
        raise CandidateProfileError(_message(path, problems))
    return profile


def import_provenance(directory: Path) -> dict[str, str]:
    """``imported_from``, ``imported_at`` (and ``imported_with``) of a master CV written by
    `jobintel cv import`, if any."""
    try:
        data = yaml.safe_load((directory / MASTER_CV_FILE).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: str(data[key]) for key in IMPORT_KEYS if data.get(key) is not None}


def candidate_files_hash(directory: Path) -> str:
    """sha256 over the candidate files' names and bytes: changes exactly when they do."""
    digest = hashlib.sha256()
    for name in CANDIDATE_FILES:
        path = directory / name
        if not path.is_file():
            raise CandidateProfileError(f"{path}: file not found; create it (see data/candidate/README.md)")
        digest.update(name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _message(path: Path, problems: list[str]) -> str:
    noun = "problem" if len(problems) == 1 else "problems"
    return f"{path}: {len(problems)} {noun}:\n" + "\n".join(f"  - {problem}" for problem in problems)


def _field_path(location: tuple[int | str, ...]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "(top level)"


def _role_label(data: dict, location: tuple[int | str, ...]) -> str:
    """' (Staff Engineer at Acme)' for errors inside roles[i], so the role is easy to find."""
    if len(location) < 2 or location[0] != "roles" or not isinstance(location[1], int):
        return ""
    roles = data.get("roles")
    role = roles[location[1]] if isinstance(roles, list) and location[1] < len(roles) else None
    if not isinstance(role, dict) or not role.get("title"):
        return ""
    employer = f" at {role['employer']}" if role.get("employer") else ""
    return f" ({role['title']}{employer})"


def _describe(error: dict, data: dict) -> str:
    location = tuple(error["loc"])
    what_to_do = _WHAT_TO_DO.get(error["type"], "see data/candidate/README.md")
    found = "" if error["type"] == "missing" else f" (found: {error['input']!r:.60})"
    return f"{_field_path(location)}{_role_label(data, location)}: {error['msg']}{found}; {what_to_do}"


def _date_problems(profile: CandidateProfile) -> list[str]:
    problems = []
    for index, role in enumerate(profile.roles):
        role_label = f"({role.title} at {role.employer})"
        if not _YEAR_MONTH.match(role.start):
            problems.append(
                f"roles[{index}].start {role_label}: {role.start!r} is not a month; write YYYY-MM (2019-03)"
            )
        if role.end != "present" and not _YEAR_MONTH.match(role.end):
            problems.append(
                f"roles[{index}].end {role_label}: {role.end!r} is not a month; write YYYY-MM or 'present'"
            )
        elif role.end != "present" and _YEAR_MONTH.match(role.start) and role.end < role.start:
            problems.append(
                f"roles[{index}].end {role_label}: {role.end} is before start {role.start}; correct one"
            )
    return problems
