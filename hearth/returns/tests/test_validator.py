"""The CIN census validator, run from Hearth in its own environment, over small hand-written census files.

The files in data/ follow the structure in the returns reference, section 3.1: cin_2025_clean.xml is a
correct 2025 census of two children; each other file is that one with a single deliberate fault.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
from pathlib import Path

import pytest

from hearth.returns.validator import (
    FALSE_ALARM_RULES,
    KNOWN_BUGGY_RULES,
    CinValidatorUnavailable,
    KnownBugEffect,
    ValidationReport,
    ruleset_for_year,
    validate_cin_census,
    validator_available,
    validator_python,
)

DATA = Path(__file__).parent / "data"

needs_validator = pytest.mark.skipif(
    not validator_available() and not os.environ.get("HEARTH_REQUIRE_CIN_VALIDATOR"),
    reason=f"the CIN validator's environment is not installed ({validator_python()}); `make cin-validator` "
    "installs it (set HEARTH_REQUIRE_CIN_VALIDATOR=1 to fail instead of skipping, as CI does)",
)


@functools.cache
def report_for(name: str, year: int = 2025) -> ValidationReport:
    return validate_cin_census(DATA / name, year)


def test_collection_year_maps_to_the_ruleset_of_the_year_ending_31_march() -> None:
    assert ruleset_for_year(2025) == "cin2024_25"
    assert ruleset_for_year(2024) == "cin2023_24"
    assert ruleset_for_year(2027) == "cin2026_27"
    with pytest.raises(ValueError, match="not a collection year"):
        ruleset_for_year(25)


def test_a_missing_environment_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HEARTH_CIN_VALIDATOR_PYTHON", str(tmp_path / "no-such-python"))
    with pytest.raises(CinValidatorUnavailable, match="make cin-validator"):
        validate_cin_census(DATA / "cin_2025_clean.xml", 2025)


@needs_validator
def test_clean_census_passes_every_rule_but_the_known_false_alarm() -> None:
    report = report_for("cin_2025_clean.xml")

    assert report.ruleset == "cin2024_25"
    assert report.validator_version == "0.1.13"
    assert len(report.rules_run) == 109
    assert (report.header_year, report.header_reference_date) == ("2025", "2025-03-31")
    assert report.failures_that_count() == (), report.summary()
    assert report.crashed_rules == (), report.summary()
    assert report.is_clean
    # 2887Q (bug 6) fires on every small return; it is the only thing reported, at LA level.
    assert report.rule_codes() == {"2887Q"}
    assert {"2887Q"} == FALSE_ALARM_RULES
    (false_alarm,) = report.failures
    assert (false_alarm.rule_type, false_alarm.la_level, false_alarm.child_id) == ("query", True, None)


@needs_validator
def test_invalid_reason_for_closure_is_rule_8640_on_that_child() -> None:
    report = report_for("cin_2025_reason_for_closure_invalid.xml")

    (failure,) = report.for_rule("8640")
    assert failure.rule_type == "error"
    assert failure.child_id == "HEARTH0001"
    assert (failure.table, failure.field, failure.value) == ("CINdetails", "ReasonForClosure", "RC10")
    assert not report.is_clean
    # 8873Q (closure reason with no factors recorded) follows from the same value; nothing else is reported.
    assert report.rule_codes() == {"8640", "8873Q", "2887Q"}, report.summary()
    assert {failure.child_id for failure in report.for_rule("8873Q")} == {"HEARTH0001"}


@needs_validator
def test_wrong_reference_date_is_rule_100_on_the_header() -> None:
    report = report_for("cin_2025_reference_date_wrong.xml")

    (failure,) = report.for_rule("100")
    assert failure.rule_type == "error"
    assert (failure.table, failure.field, failure.value) == ("Header", "ReferenceDate", "2025-03-30")
    assert failure.child_id is None
    assert report.header_reference_date == "2025-03-30"
    assert report.rule_codes() == {"100", "2887Q"}, report.summary()


@needs_validator
def test_a_rule_that_crashes_is_reported_as_crashed_not_passed() -> None:
    # HEARTH0002's assessment lists 16A twice: rule 8898 should fire, but upstream raises instead.
    report = report_for("cin_2025_factor_repeated.xml")

    (crash,) = report.crashed_rules
    assert crash.rule_code == "8898"
    assert "unhashable type: 'list'" in crash.exception
    assert "rule_8898.py" in crash.traceback
    assert not report.is_clean
    assert KNOWN_BUGGY_RULES["8898"].effect is KnownBugEffect.CRASHES_INSTEAD_OF_FIRING


@needs_validator
def test_factor_21_beside_another_factor_is_not_caught_upstream() -> None:
    # Rule 8869 should report HEARTH0001 (factor 21 "no factors" beside 4B), but compares the reader's list
    # of factors with the string "21" and never fires. When an upstream fix makes this test fail, take 8869
    # out of KNOWN_BUGGY_RULES and assert the failure instead.
    report = report_for("cin_2025_factor_21_with_another.xml")

    assert "8869" in report.rules_run
    assert report.for_rule("8869") == ()
    assert report.is_clean, report.summary()
    assert KNOWN_BUGGY_RULES["8869"].effect is KnownBugEffect.NEVER_FIRES


# What upstream's own engine (CinValidator, as its `run` command uses it) reports for a file.
UPSTREAM = """
import json, sys, xml.etree.ElementTree as ET
from cin_validator import cin_validator as cv
from cin_validator.rules.{ruleset} import registry
tables = cv.process_data(cv.convert_data(ET.parse(sys.argv[1]).getroot()))
validator = cv.CinValidator(tables, registry)
issues = validator.full_issue_df
found = sorted({{(str(code), str(child)) for code, child in zip(issues["rule_code"], issues["child_id"])}})
found += sorted({{(str(code), "None") for code in validator.multichild_issues["rule_code"]}})
print(json.dumps({{"found": found, "passed": [str(code) for code in validator.rules_passed]}}))
"""


def upstream_report(name: str, ruleset: str = "cin2024_25") -> dict[str, list[object]]:
    completed = subprocess.run(  # noqa: S603
        [str(validator_python()), "-c", UPSTREAM.format(ruleset=ruleset), str(DATA / name)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(completed.stdout.splitlines()[-1])  # type: ignore[no-any-return]


@needs_validator
@pytest.mark.parametrize(
    "name",
    [
        "cin_2025_clean.xml",
        "cin_2025_reason_for_closure_invalid.xml",
        "cin_2025_reference_date_wrong.xml",
        "cin_2025_factor_repeated.xml",
    ],
)
def test_same_failures_and_children_as_upstreams_engine(name: str) -> None:
    report = report_for(name)
    upstream = upstream_report(name)

    ours = {(failure.rule_code, str(failure.child_id)) for failure in report.failures}
    assert ours == {tuple(pair) for pair in upstream["found"]}
    # Bug 7: upstream counts the rules that crashed among those that passed.
    for crash in report.crashed_rules:
        assert crash.rule_code in upstream["passed"]
