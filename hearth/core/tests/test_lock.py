"""requirements/lock.txt pins every dependency pyproject.toml names, at a version it allows, each with its hashes
(ADR 37): `make` installs from the lock alone, so a dependency added to pyproject.toml without `make lock` would
be missing from a fresh machine."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(settings.BASE_DIR)
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+) \\$", re.MULTILINE)
ENTRY = re.compile(
    r"^(?P<name>[A-Za-z0-9._-]+)==\S+ \\\n(?P<hashes>(?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)",
    re.MULTILINE,
)


def pins() -> dict[str, str]:
    text = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8")
    return {canonicalize_name(found["name"]): found["version"] for found in PIN.finditer(text)}


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [
        Requirement(line) for line in [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    ]


def test_the_lock_pins_every_dependency_at_a_version_pyproject_allows() -> None:
    pinned = pins()
    wrong = [
        f"{requirement} (locked: {pinned.get(canonicalize_name(requirement.name), 'missing')})"
        for requirement in declared()
        if canonicalize_name(requirement.name) not in pinned
        or not requirement.specifier.contains(pinned[canonicalize_name(requirement.name)], prereleases=True)
    ]
    assert not wrong, f"run `make lock`: {wrong}"


def test_every_pin_has_its_hashes_and_nothing_comes_from_elsewhere() -> None:
    text = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8")
    hashed = {canonicalize_name(entry["name"]) for entry in ENTRY.finditer(text)}
    assert hashed == set(pins()) and len(hashed) > 50
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert not [line for line in lines if line.startswith("-") or "://" in line or line.startswith("-e")]
    assert {"gunicorn", "pip", "setuptools"} <= hashed
