"""The SSDA903 validator councils use (PyPI `csc-validator-be-903`), run from Hearth in its own environment,
`.venv-903` (`make ssda903-validator`), as the CIN census validator is (ADR 9, ADR 25)."""

from __future__ import annotations

import json
import os
import subprocess  # noqa: S404 - runs our own runner script with a fixed interpreter
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("ssda903_validator_runner.py")
PYTHON_ENV_VARIABLE = "HEARTH_SSDA903_VALIDATOR_PYTHON"
# Rules of csc-validator-be-903 0.1.17 that crash whatever the data (returns.md section 6, bugs 1 and 2).
CRASHING_RULES = frozenset({"231", "233"})


class Ssda903ValidatorError(RuntimeError):
    """The validator could not be run, or did not answer as expected."""


@dataclass(frozen=True)
class Ssda903Report:
    ruleset: str
    ran: tuple[str, ...]
    skipped: tuple[str, ...]
    crashed: tuple[str, ...]
    failures: dict[str, dict[str, object]]  # rule -> {"message": ..., "children": [...]}


def ruleset_for_year(collection_year: int) -> str:
    """The ruleset for the collection year ending 31 March `collection_year`: 2026 -> lac2025_26."""
    if not 2000 < collection_year < 2100:
        raise ValueError(f"{collection_year} is not a collection year")
    return f"lac{collection_year - 1}_{collection_year % 100:02d}"


def validator_python() -> Path:
    configured = os.environ.get(PYTHON_ENV_VARIABLE)
    return Path(configured) if configured else REPO_ROOT / ".venv-903" / "bin" / "python"


def validate_ssda903(
    folder: Path, collection_year: int, la_code: str, *, timeout: float = 600.0
) -> Ssda903Report:
    python = validator_python()
    if not (python.is_file() and os.access(python, os.X_OK)):
        raise Ssda903ValidatorError(
            f"No SSDA903 validator interpreter at {python}: run `make ssda903-validator` or set {PYTHON_ENV_VARIABLE}"
        )
    ruleset = ruleset_for_year(collection_year)
    completed = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [str(python), "-I", str(RUNNER), str(folder), str(collection_year), la_code, ruleset],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise Ssda903ValidatorError(
            f"The SSDA903 validator failed (exit {completed.returncode}): {completed.stderr[-3000:]}"
        )
    lines = completed.stdout.strip().splitlines()
    try:
        answer = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError) as error:
        raise Ssda903ValidatorError(
            f"The SSDA903 validator's answer was not JSON: {completed.stdout[-500:]!r}"
        ) from error
    return Ssda903Report(
        ruleset=answer["ruleset"],
        ran=tuple(answer["ran"]),
        skipped=tuple(answer["skipped"]),
        crashed=tuple(answer["crashed"]),
        failures=answer["failures"],
    )
