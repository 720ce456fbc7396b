"""Run the CIN census validator (PyPI ``csc-validator-be-cin``) over one XML file, rule by rule.

This script runs inside ``.venv-cin`` (ADR 9), not in Hearth's environment: it imports only the standard
library and ``cin_validator``. ``hearth.returns.validator`` starts it and reads the JSON it prints.

It does what ``CinValidator.create_issue_report_df`` does for each rule (a fresh deep copy of the tables, a
``RuleContext``, the rule's function), but a rule that raises is reported as crashed. Upstream prints the
exception and counts the rule as passed (bug 7 in the returns reference, section 6). Each failure location
is mapped back to its child through the ``LAchildID`` of the row the rule names.

    python cin_validator_runner.py FILE.xml --ruleset cin2024_25
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import importlib
import importlib.metadata
import io
import json
import sys
import time
import traceback
import warnings
import xml.etree.ElementTree as ET  # noqa: S405 - the file is our own export, read as upstream reads it
from typing import Any

from cin_validator import cin_validator  # type: ignore[import-not-found, import-untyped, unused-ignore]
from cin_validator.rule_engine import RuleContext  # type: ignore[import-not-found, import-untyped, unused-ignore]

# How RuleContext exposes each kind of issue: (the name of the raw pushes, the name of the expanded frame).
ISSUE_KINDS = (
    ("issues", "type_zero_issues"),
    ("type1_issues", "type_one_issues"),
    ("type2_issues", "type_two_issues"),
    ("type3_issues", "type_three_issues"),
)


def _text(value: Any) -> str | None:
    """A cell as text, or None for a missing value (None, NaN, NaT, pandas NA)."""
    if value is None:
        return None
    try:
        if value != value:  # NaN and NaT are not equal to themselves
            return None
    except TypeError:  # pandas NA refuses to be truth-tested
        return None
    if hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%d"))
    return str(value)


def _pushed_something(raw: Any) -> bool:
    """Whether a rule pushed issue locations of one kind (before upstream expands them)."""
    if isinstance(raw, list):
        return any(_pushed_something(item) for item in raw)
    row_df = getattr(raw, "row_df", None)
    if row_df is not None:
        return len(row_df) > 0
    return bool(raw)


def _locations(rule: Any, ctx: Any, tables: dict[str, Any]) -> tuple[list[dict[str, Any]], str | None]:
    """Every location a rule flagged, with its child; and a problem if upstream could not expand them."""
    failures: list[dict[str, Any]] = []
    problem = None
    base = {
        "rule_code": str(rule.code),
        "rule_type": rule.rule_type.name.lower(),
        "message": rule.message or "",
    }
    for raw_name, frame_name in ISSUE_KINDS:
        frame = getattr(ctx, frame_name)
        if len(frame) == 0:
            if _pushed_something(getattr(ctx, raw_name)):
                # upstream swallows errors while expanding a rule's locations and reports nothing
                problem = f"the rule flagged {raw_name} that the engine could not turn into locations"
            continue
        for record in frame.to_dict("records"):
            table = _text(record.get("tables_affected"))
            field = _text(record.get("columns_affected"))
            row_text = _text(record.get("ROW_ID"))
            row = int(float(row_text)) if row_text is not None else None
            child_id = value = None
            data = tables.get(table) if table else None
            if data is not None and row is not None and 0 <= row < len(data):
                if "LAchildID" in data.columns:
                    child_id = _text(data["LAchildID"].iloc[row])
                if field in data.columns:
                    value = _text(data[field].iloc[row])
            failures.append(
                {**base, "la_level": False, "table": table, "field": field, "row": row}
                | {"child_id": child_id, "value": value}
            )
    if len(ctx.la_level_issues) > 0:
        failures.append(
            {**base, "la_level": True, "table": None, "field": None, "row": None}
            | {"child_id": None, "value": None}
        )
    return failures, problem


def validate(xml_path: str, ruleset: str) -> dict[str, Any]:
    try:
        module = importlib.import_module(f"cin_validator.rules.{ruleset}")
    except ModuleNotFoundError as exc:
        raise SystemExit(f"cin_validator has no ruleset {ruleset!r}") from exc
    registry = module.registry

    root = ET.parse(xml_path).getroot()  # noqa: S314 - see the import
    tables = cin_validator.convert_data(root)
    data = cin_validator.process_data(tables)  # dates parsed in place, as upstream does
    enum_data = cin_validator.enum_keys(data)
    header = tables["Header"]

    failures: list[dict[str, Any]] = []
    crashed: list[dict[str, Any]] = []
    rules_run: list[str] = []
    for rule in registry.values():
        rules_run.append(str(rule.code))
        ctx = RuleContext(rule)
        chatter = io.StringIO()
        exception = None
        with contextlib.redirect_stdout(chatter):
            try:
                rule.func(copy.deepcopy(enum_data), ctx)
            except Exception as exc:  # a crashing rule is reported, never counted as passed
                exception = exc
            rule_failures, problem = _locations(rule, ctx, tables)
        failures.extend(rule_failures)
        if exception is not None or problem is not None:
            crashed.append(
                {
                    "rule_code": str(rule.code),
                    "rule_type": rule.rule_type.name.lower(),
                    "message": rule.message or "",
                    "exception": (
                        f"{type(exception).__name__}: {exception}" if exception is not None else problem
                    ),
                    "traceback": (
                        "".join(traceback.format_exception(exception)) if exception is not None else ""
                    ),
                }
            )
    return {
        "validator_version": importlib.metadata.version("csc-validator-be-cin"),
        "ruleset": ruleset,
        "header_year": _text(header["Year"].iloc[0]) if len(header) else None,
        "header_reference_date": _text(header["ReferenceDate"].iloc[0]) if len(header) else None,
        "rules_run": rules_run,
        "failures": failures,
        "crashed_rules": crashed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("xml_path")
    parser.add_argument("--ruleset", required=True, help="for example cin2024_25")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # pandas 1.5 deprecation notes from upstream rules
        result = validate(args.xml_path, args.ruleset)
    result["seconds"] = round(time.perf_counter() - started, 3)
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
