"""What the pinned validator says of a whole census, and what Hearth shows, in the same terms: (LAchildID, rule,
table, field, value), leaving out the rules Hearth checks itself and those about the whole return."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hearth.quality.checks import LEFT_OUT, OWN_RULES
from hearth.quality.models import QualityFailure
from hearth.returns.cin_census import cin_census_write
from hearth.returns.validator import validate_cin_census

Seen = set[tuple[str, str, str, str, str]]


def validator_says(year: int, folder: Path) -> Seen:
    path = folder / f"parity_{year}.xml"
    with path.open("w", encoding="utf-8") as handle:
        cin_census_write(year, handle, now=datetime(2026, 1, 1, 9, 0))
    report = validate_cin_census(path, year)
    return {
        (f.child_id, f.rule_code, f.table or "", f.field or "", f.value or "")
        for f in report.failures
        if f.child_id and not f.la_level and f.rule_code not in LEFT_OUT
    }


def hearth_shows(year: int) -> Seen:
    return {
        (row.child.person_number, row.rule, row.table, row.field, row.value)
        for row in QualityFailure.objects.filter(collection_year=year)
        .exclude(rule__in=OWN_RULES)
        .select_related("child")
    }
