"""The CIN census validator councils use (PyPI ``csc-validator-be-cin``), run from Hearth.

The validator pins pandas < 2, so it lives in its own virtual environment, ``.venv-cin`` (ADR 9), which
``make test`` installs from ``requirements/cin-validator.txt``. ``validate_cin_census`` runs
``cin_validator_runner.py`` in that environment's interpreter and reads back every failure with its rule,
type, child and field, and every rule that crashed (upstream counts a crashing rule as passed).

Known upstream bugs (returns reference, section 6, and ones found writing these tests) are listed in
``KNOWN_BUGGY_RULES`` so that callers can tell a false alarm from a real failure, and know which rules the
validator cannot be relied on to check.
"""

from __future__ import annotations

import enum
import json
import os
import subprocess  # noqa: S404 - runs our own runner script with a fixed interpreter
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

REPO_ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("cin_validator_runner.py")
PYTHON_ENV_VARIABLE = "HEARTH_CIN_VALIDATOR_PYTHON"
DEFAULT_TIMEOUT_SECONDS = 600.0

RuleType = Literal["error", "query"]


class CinValidatorError(RuntimeError):
    """The validator could not be run, or did not answer as expected."""


class CinValidatorUnavailable(CinValidatorError):
    """The validator's environment is not installed (``make cin-validator`` installs it)."""


class KnownBugEffect(enum.Enum):
    FALSE_ALARM = "fires when the data is right"
    NEVER_FIRES = "never fires, whatever the data"
    CRASHES_INSTEAD_OF_FIRING = "crashes when it should fire"


@dataclass(frozen=True)
class KnownBug:
    effect: KnownBugEffect
    why: str


# Rules of csc-validator-be-cin 0.1.13 that do not check what they say. Each one is shown to behave this way
# by a test in hearth/returns/tests/test_validator.py, so an upstream fix makes that test fail.
KNOWN_BUGGY_RULES: Mapping[str, KnownBug] = {
    "2887Q": KnownBug(
        KnownBugEffect.FALSE_ALARM,
        "Bug 6: keeps the NONE rows instead of dropping them and counts rows, not distinct codes, so it fires "
        "on any return with 7 or fewer NONE rows and passes on any larger one. It says nothing about the data.",
    ),
    "8869": KnownBug(
        KnownBugEffect.NEVER_FIRES,
        "Compares an assessment's factors with '21', but the reader stores them as a list (['21', '4B']), "
        "so factor 21 beside other factors is never reported. Hearth must check it itself.",
    ),
    "8945Q": KnownBug(
        KnownBugEffect.NEVER_FIRES,
        "Calls .str.upper() on the list of factors, which gives NaN, so factor 18A is never reported.",
    ),
    "8950Q": KnownBug(
        KnownBugEffect.NEVER_FIRES,
        "Calls .str.upper() on the list of factors, which gives NaN, so factor 19A is never reported.",
    ),
    "8898": KnownBug(
        KnownBugEffect.CRASHES_INSTEAD_OF_FIRING,
        "Drops duplicates over the list column of factors (unhashable), so it raises exactly when an "
        "assessment repeats a factor. Upstream then counts it as passed (bug 7); here it is a crashed rule.",
    ),
}

FALSE_ALARM_RULES = frozenset(
    code for code, bug in KNOWN_BUGGY_RULES.items() if bug.effect is KnownBugEffect.FALSE_ALARM
)


@dataclass(frozen=True)
class Failure:
    """One location the validator flagged: a field of one row, or the whole return for an LA-level rule."""

    rule_code: str
    rule_type: RuleType
    message: str
    child_id: str | None  # the row's LAchildID; None for the Header and LA-level rules
    table: str | None  # the validator's table, e.g. "CINdetails"
    field: str | None  # the element, e.g. "ReasonForClosure"
    row: int | None  # the row within that table
    value: str | None  # the value flagged, dates as YYYY-MM-DD
    la_level: bool


@dataclass(frozen=True)
class CrashedRule:
    """A rule that raised (or whose locations could not be read): it checked nothing."""

    rule_code: str
    rule_type: RuleType
    message: str
    exception: str
    traceback: str


@dataclass(frozen=True)
class ValidationReport:
    xml_path: Path
    collection_year: int
    ruleset: str
    validator_version: str
    header_year: str | None
    header_reference_date: str | None
    rules_run: tuple[str, ...]
    failures: tuple[Failure, ...]
    crashed_rules: tuple[CrashedRule, ...]
    seconds: float = field(compare=False)

    @property
    def errors(self) -> tuple[Failure, ...]:
        return tuple(failure for failure in self.failures if failure.rule_type == "error")

    @property
    def queries(self) -> tuple[Failure, ...]:
        return tuple(failure for failure in self.failures if failure.rule_type == "query")

    def rule_codes(self) -> set[str]:
        return {failure.rule_code for failure in self.failures}

    def for_rule(self, rule_code: str) -> tuple[Failure, ...]:
        return tuple(failure for failure in self.failures if failure.rule_code == rule_code)

    def failures_that_count(self, ignore: Iterable[str] = FALSE_ALARM_RULES) -> tuple[Failure, ...]:
        """Failures other than those of rules known to fire on good data."""
        ignored = set(ignore)
        return tuple(failure for failure in self.failures if failure.rule_code not in ignored)

    @property
    def is_clean(self) -> bool:
        """No failures but known false alarms, and no rule crashed."""
        return not self.failures_that_count() and not self.crashed_rules

    def summary(self) -> str:
        """One line per failure and crashed rule, for an assertion message."""
        lines = [
            f"{failure.rule_code} ({failure.rule_type}) child {failure.child_id or '-'} "
            f"{failure.table or 'return'}.{failure.field or '-'}={failure.value!r}: {failure.message}"
            for failure in self.failures
        ]
        lines += [f"{crash.rule_code} CRASHED: {crash.exception}" for crash in self.crashed_rules]
        return "\n".join(lines) or "no failures"


# The collection years the pinned validator (0.1.13) has rulesets for: cin2022_23 to cin2026_27.
FIRST_RULESET_YEAR = 2023
LAST_RULESET_YEAR = 2027


def ruleset_for_year(collection_year: int) -> str:
    """The validator's ruleset for the collection year ending 31 March ``collection_year``: 2025 -> cin2024_25.

    A year outside the pinned version's rulesets is checked by the nearest one (an earlier census by 2022/23's
    rules, a later one by 2026/27's until the pin moves on)."""
    if not 2000 < collection_year < 2100:
        raise ValueError(f"{collection_year} is not a collection year")
    year = min(max(collection_year, FIRST_RULESET_YEAR), LAST_RULESET_YEAR)
    return f"cin{year - 1}_{year % 100:02d}"


def validator_python() -> Path:
    """The interpreter of the validator's environment: HEARTH_CIN_VALIDATOR_PYTHON, else .venv-cin."""
    configured = os.environ.get(PYTHON_ENV_VARIABLE)
    return Path(configured) if configured else REPO_ROOT / ".venv-cin" / "bin" / "python"


def validator_available() -> bool:
    python = validator_python()
    return python.is_file() and os.access(python, os.X_OK)


def validate_cin_census(
    xml_path: Path, collection_year: int, *, timeout: float = DEFAULT_TIMEOUT_SECONDS
) -> ValidationReport:
    """Run every rule of ``collection_year``'s ruleset over the census file, each on its own."""
    python = validator_python()
    if not validator_available():
        raise CinValidatorUnavailable(
            f"No CIN validator interpreter at {python}: run `make cin-validator` or set {PYTHON_ENV_VARIABLE}"
        )
    xml_path = Path(xml_path)
    if not xml_path.is_file():
        raise FileNotFoundError(xml_path)
    ruleset = ruleset_for_year(collection_year)
    started = time.perf_counter()
    try:
        completed = subprocess.run(  # noqa: S603 - fixed argv, no shell
            [str(python), "-I", str(RUNNER), str(xml_path), "--ruleset", ruleset],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise CinValidatorError(f"The CIN validator took more than {timeout:.0f}s on {xml_path}") from exc
    if completed.returncode != 0:
        raise CinValidatorError(
            f"The CIN validator failed on {xml_path} (exit {completed.returncode}):\n{completed.stderr[-4000:]}"
        )
    try:
        answer: dict[str, Any] = json.loads(completed.stdout)
    except json.JSONDecodeError as exc:
        raise CinValidatorError(
            f"The CIN validator's answer was not JSON: {completed.stdout[:500]!r}"
        ) from exc
    return ValidationReport(
        xml_path=xml_path,
        collection_year=collection_year,
        ruleset=answer["ruleset"],
        validator_version=answer["validator_version"],
        header_year=answer["header_year"],
        header_reference_date=answer["header_reference_date"],
        rules_run=tuple(answer["rules_run"]),
        failures=tuple(Failure(**item) for item in answer["failures"]),
        crashed_rules=tuple(CrashedRule(**item) for item in answer["crashed_rules"]),
        seconds=round(time.perf_counter() - started, 3),
    )
