"""Every timescale in the reference maps to the rule that declares it, the issue that will, or a reason it is not
a clock (issue 14 item 8)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from hearth.core.timescales.reference import REFERENCE
from hearth.core.timescales.rules import all_rules

EXCERPT = Path(settings.BASE_DIR) / "docs" / "reference" / "timescales-section-1.md"


def reference_rows() -> list[str]:
    """The first cell of every row of the reference's timescale tables."""
    rows = []
    for line in EXCERPT.read_text(encoding="utf-8").splitlines():
        if line.startswith("| ") and not line.startswith(("| ---", "| Rule |", "| Measure |")):
            rows.append(line.split("|")[1].strip().strip("*"))
    return rows


def test_every_timescale_in_the_reference_is_a_rule_an_issue_or_not_a_clock_with_a_reason() -> None:
    rows = reference_rows()
    assert len(rows) > 45  # the tables were read, not an empty file
    assert [row for row in rows if row not in REFERENCE] == []
    assert [name for name in REFERENCE if name not in rows] == []  # nothing mapped that the reference lacks
    declared = {rule.id for rule in all_rules()}
    for name, (kind, answer) in REFERENCE.items():
        assert answer.strip(), name
        if kind == "rule":
            assert answer in declared, (name, answer)
