"""Run the SSDA903 validator (csc-validator-be-903, import lac_validator) over a folder of 903 CSV tables.

Runs in the validator's own environment (.venv-903: pandas < 2, numpy < 1.25), never imported by Hearth:
`python ssda903_validator_runner.py FOLDER COLLECTION_YEAR LA_CODE RULESET`. Prints one JSON line last: the rules
run, skipped (their tables absent) and crashed, and each failing rule's message and the children it names.
"""

import importlib
import json
import logging
import sys
from pathlib import Path
from typing import Any


def main() -> None:
    folder, year, la_code, ruleset = sys.argv[1:5]
    logging.disable(logging.CRITICAL)
    from lac_validator.lac_validator import LacValidator

    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    files = [
        {"name": path.name, "file_content": path.read_bytes(), "description": "This year"}
        for path in sorted(Path(folder).glob("*.csv"))
    ]
    validator = LacValidator(
        metadata={"collectionYear": year, "localAuthority": la_code}, files=files, registry=registry
    )
    messages = {str(code): rule.message for code, rule in registry.items()}
    failures: dict[str, dict[str, Any]] = {}
    for frame in validator.ds_results.values():
        if not hasattr(frame, "columns"):
            continue
        for column in [name for name in frame.columns if str(name).startswith("ERR_")]:
            hit = frame[frame[column] == True]  # noqa: E712 (a pandas mask)
            code = str(column)[4:]
            entry = failures.setdefault(code, {"message": messages.get(code, ""), "children": []})
            if "CHILD" in hit:
                entry["children"] = sorted(set(entry["children"]) | set(hit["CHILD"].astype(str)))
    print(
        json.dumps(
            {
                "ruleset": ruleset,
                "ran": sorted(map(str, validator.dones)),
                "skipped": sorted(map(str, validator.skips)),
                "crashed": sorted(map(str, validator.fails)),
                "failures": failures,
            }
        )
    )


if __name__ == "__main__":
    main()
