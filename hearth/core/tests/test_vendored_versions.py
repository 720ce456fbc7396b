"""The vendored front-end files are the versions static/vendor/README.md records (issue 20's supply chain).

Each built file carries its package's own version marker (a CSS custom property, a `version` constant in the
script); the README's table is the record a council's security review reads, so the two must agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"
TABLE_ROW = re.compile(r"^\| \[(?P<package>[^\]]+)\]\([^)]*\) \| (?P<version>\d+\.\d+\.\d+) \|", re.MULTILINE)

# Each package's files and the marker in each that states its version.
MARKERS = {
    "govuk-frontend": [
        ("govuk-frontend/govuk-frontend.min.css", r'--govuk-frontend-version:\s*"(?P<version>[^"]+)"'),
        ("govuk-frontend/govuk-frontend.min.js", r'\bconst version="(?P<version>[^"]+)"'),
    ],
    "@ministryofjustice/frontend": [
        ("moj-frontend/moj-frontend.min.css", r'--moj-frontend-version:\s*"(?P<version>[^"]+)"'),
        ("moj-frontend/moj-frontend.min.js", r'\bconst version="(?P<version>[^"]+)"'),
    ],
}


def recorded_versions() -> dict[str, str]:
    text = (VENDOR / "README.md").read_text(encoding="utf-8")
    return {row["package"]: row["version"] for row in TABLE_ROW.finditer(text)}


def test_the_readme_records_a_version_for_each_vendored_package() -> None:
    assert set(recorded_versions()) == set(MARKERS)


@pytest.mark.parametrize(
    ("package", "name", "marker"),
    [(package, name, marker) for package, files in MARKERS.items() for name, marker in files],
)
def test_each_vendored_file_is_the_version_recorded(package: str, name: str, marker: str) -> None:
    found = re.findall(marker, (VENDOR / name).read_text(encoding="utf-8"))
    assert found, f"{name} has no version marker"
    assert set(found) == {recorded_versions()[package]}, (
        f"{name} says {sorted(set(found))}; static/vendor/README.md records {recorded_versions()[package]}"
    )
