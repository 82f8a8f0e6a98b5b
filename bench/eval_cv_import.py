"""How well `jobintel cv import` reads CVs it was not written against.

Each folder under bench/cv_import/ (set1 to set5) holds CVs in several formats and layouts
and an expected.yaml written by hand before the importer ever read them: for each CV, its roles
with title, employer, start, end and the number of achievement bullets. set1 was then used to fix
the importer, set2 was written after that and used to fix it again, and so on. The figures
of a set's first run are the ones that count; the commit history keeps them. This script imports
every CV and compares, role by role in order:

    python bench/eval_cv_import.py [--set set2] [--verbose]

Prints, per CV and per set, how many roles were found with the right title and employer, how many
with the right start and end dates, and how many with the right number of bullets.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

import yaml

from jobintel_assets.cv_import.importer import draft_from_file
from jobintel_assets.cv_import.readers import CvImportError

FOLDER = Path(__file__).resolve().parent / "cv_import"


def _same(a: object, b: object) -> bool:
    return str(a or "").strip().lower() == str(b or "").strip().lower()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="print every role that came out wrong")
    parser.add_argument("--set", help="one folder under bench/cv_import (default: every one)")
    args = parser.parse_args()
    sets = [FOLDER / args.set] if args.set else sorted(p.parent for p in FOLDER.glob("*/expected.yaml"))
    for folder in sets:
        print(f"\n== {folder.name}")
        _evaluate(folder, args.verbose)
    return 0


def _evaluate(folder: Path, verbose: bool) -> None:
    expected_by_file = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    totals = {"roles": 0, "found": 0, "role_right": 0, "dates_right": 0, "bullets_right": 0, "extra": 0}
    print(f"{'CV':22} {'roles':>5} {'found':>5} {'title+employer':>14} {'dates':>5} {'bullets':>7}")
    for name, expected in expected_by_file.items():
        try:
            roles = draft_from_file(folder / name, datetime(2026, 11, 30, tzinfo=UTC)).draft.roles
        except CvImportError as error:
            print(f"{name}: {error}")
            roles = []
        row = {
            "roles": len(expected),
            "found": min(len(roles), len(expected)),
            "extra": max(0, len(roles) - len(expected)),
        }
        row |= {"role_right": 0, "dates_right": 0, "bullets_right": 0}
        for want, got in zip(expected, roles, strict=False):
            role_right = _same(want["title"], got.title) and _same(want["employer"], got.employer)
            dates_right = _same(want["start"], got.start) and _same(want["end"], got.end)
            bullets_right = want["bullets"] == len(got.achievements)
            row["role_right"] += role_right
            row["dates_right"] += dates_right
            row["bullets_right"] += bullets_right
            if verbose and not (role_right and dates_right and bullets_right):
                print(
                    f"  {name}: expected {want['title']!r} / {want['employer']!r} "
                    f"{want['start']}..{want['end']} "
                    f"{want['bullets']} bullets; got {got.title!r} / {got.employer!r} {got.start}..{got.end} "
                    f"{len(got.achievements)} bullets"
                )
        for key in totals:
            totals[key] += row[key]
        print(
            f"{name:22} {row['roles']:>5} {row['found']:>5} {row['role_right']:>14} {row['dates_right']:>5} "
            f"{row['bullets_right']:>7}"
            + (f"   (+{row['extra']} roles not in the CV)" if row["extra"] else "")
        )
    print(
        f"{'total':22} {totals['roles']:>5} {totals['found']:>5} {totals['role_right']:>14} "
        f"{totals['dates_right']:>5} {totals['bullets_right']:>7}"
        + (f"   (+{totals['extra']} roles not in the CVs)" if totals["extra"] else "")
    )
    n = totals["roles"]
    print(
        f"\nOf {n} roles in {len(expected_by_file)} CVs: "
        f"title and employer right {totals['role_right']}/{n}, "
        f"dates right {totals['dates_right']}/{n}, bullet count right {totals['bullets_right']}/{n}."
    )


if __name__ == "__main__":
    sys.exit(main())
