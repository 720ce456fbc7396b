"""The CIN census import's vocabulary (ADR 9): what is read from a file, the problems found, and the report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hearth.core.codesets import (
    Sex,
)

IMPORTED = "Imported from the CIN census"
# GenderCurrent (to 2023/24) to Hearth's sex: 0 not recorded or unborn and 9 indeterminate both become U.
SEX_OF_GENDER_CURRENT = {
    "1": Sex.MALE.value,
    "2": Sex.FEMALE.value,
    "0": Sex.UNKNOWN.value,
    "9": Sex.UNKNOWN.value,
}
TRUE_FALSE = {"true": True, "1": True, "false": False, "0": False}
# Dates a census may hold after its ReferenceDate.
FUTURE_ALLOWED = {"ExpectedPersonBirthDate", "InitialCPCtarget"}
# Same-day events in the order the work happens.
EVENT_ORDER = [
    "person.created",
    "referral.received",
    "referral.decided",
    "strategy_discussion.held",
    "s47.started",
    "assessment.started",
    "assessment.submitted",
    "assessment.completed",
    "icpc.held",
    "icpc.not_required",
    "cp_plan.started",
    "cin_plan.started",
    "rcpc.held",
    "cp_plan.ended",
    "cin_plan.ended",
    "cin_episode.closed",
]


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class RecordOutcome:
    """What became of one child of the file, and why."""

    number: str
    where: str
    outcome: str  # an ImportOutcome value
    reasons: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """What happened: problems that refused the file, each record's outcome, values not loaded, records changed
    on the way in, and rows created or filled in."""

    year: int
    mode: str = "strict"
    dry_run: bool = False
    refused: list[Problem] = field(default_factory=list)
    records: list[RecordOutcome] = field(default_factory=list)
    not_loaded: list[Problem] = field(default_factory=list)
    changed: list[Problem] = field(default_factory=list)
    return_failures: list[str] = field(default_factory=list)  # the validator's rules about the whole return
    rules_note: str = ""
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    children: int = 0

    @property
    def ok(self) -> bool:
        return not self.refused

    def count(self, outcome: str) -> int:
        return sum(1 for record in self.records if record.outcome == outcome)

    def lines(self) -> list[str]:
        if self.refused:
            return [
                f"Refused: nothing was loaded. {len(self.refused)} problem(s) in the file:",
                *(f"  {problem}" for problem in self.refused),
            ]
        made = ", ".join(f"{name} {count}" for name, count in sorted(self.created.items())) or "nothing new"
        filled = ", ".join(f"{name} {count}" for name, count in sorted(self.updated.items())) or "none"
        verb = "Dry run, nothing written: would load" if self.dry_run else "Loaded"
        lines = [
            f"{verb} the CIN census {self.year}: {self.children} children. Created {made}. Filled in {filled}."
        ]
        if self.mode == "migration":
            lines.append(
                f"Migration mode: {self.count('loaded')} loaded, {self.count('with_failures')} loaded with "
                f"failures, {self.count('refused')} refused."
            )
            if self.rules_note:
                lines.append(self.rules_note)
            for record in self.records:
                label = {"loaded": "loaded", "with_failures": "loaded with failures", "refused": "refused"}
                lines.append(f"  {record.where}: {label[record.outcome]}")
                lines += [f"    {reason}" for reason in record.reasons]
            if self.return_failures:
                lines.append(f"Rules about the whole return ({len(self.return_failures)}):")
                lines += [f"  {failure}" for failure in self.return_failures]
        if self.changed:
            lines.append(f"Changed on the way in ({len(self.changed)}):")
            lines += [f"  {problem}" for problem in self.changed]
        if self.not_loaded:
            lines.append(f"Not loaded ({len(self.not_loaded)}):")
            lines += [f"  {problem}" for problem in self.not_loaded]
        return lines


class CensusRefused(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("\n".join(report.lines()))
        self.report = report


# The file's values, checked.


@dataclass
class AssessmentIn:
    where: str
    start_date: date
    completed_on: date | None
    authorisation_date: date | None
    factors: list[str]


@dataclass
class CinPlanIn:
    where: str
    start_date: date
    end_date: date | None


@dataclass
class Section47In:
    where: str
    start_date: date
    icpc_target: date | None
    icpc_date: date | None
    icpc_not_required: bool


@dataclass
class CpPlanIn:
    where: str
    start_date: date
    end_date: date | None
    initial_category: str
    latest_category: str
    previous_plans: int | None
    reviews: list[date]


@dataclass
class DetailsIn:
    where: str
    referral_date: date
    referral_source: str
    primary_need: str
    closure_date: date | None
    reason_for_closure: str
    referral_nfa: bool
    icpc_date: date | None
    assessments: list[AssessmentIn]
    cin_plans: list[CinPlanIn]
    section_47s: list[Section47In]
    cp_plans: list[CpPlanIn]


@dataclass
class ChildIn:
    where: str
    person_number: str
    values: dict[str, Any]  # Person fields the file gives (upn, sex, dates, ethnicity ...)
    disabilities: list[str]
    details: list[DetailsIn]


@dataclass
class ChildRead:
    """One Child element of a file: its values when they could be read, and what is wrong with it."""

    index: int
    number: str  # LAchildID as given ("" when missing)
    where: str
    xml: str  # the element as read, kept with the import for audit
    child: ChildIn | None
    problems: list[Problem]  # values Hearth cannot hold as given: the child is not loaded
    failures: list[Problem]  # census rules broken by values Hearth can hold: loaded in migration mode

    @property
    def loadable(self) -> bool:
        return self.child is not None and not self.problems


@dataclass
class CensusFile:
    year: int
    problems: list[Problem]  # the file's own: unreadable, not a census, another year or another council
    children: list[ChildRead]
