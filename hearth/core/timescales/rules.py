"""Timescale rules: each statutory or local timescale declared once, as data.

A rule says what is due, its source (document and paragraph) and the period it was in force, the event that
starts the clock, the interval (working days, days, weeks or calendar months, or a council setting), what
satisfies it, whether it repeats, what ends it and whose work it is. Domain apps declare their rules in their
own `timescales.py`; the engine (engine.py) applies them to each child's events.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from hearth.core.calendar import WorkingDayCalendar, add_calendar_months, add_days, add_weeks
from hearth.core.council_settings import DECLARED, SettingsSnapshot


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


UNIT_WORDS = {
    Unit.WORKING_DAYS: "working days",
    Unit.DAYS: "days",
    Unit.WEEKS: "weeks",
    Unit.MONTHS: "months",
}


@dataclass(frozen=True)
class Interval:
    amount: int
    unit: Unit

    def due_from(self, start: date, calendar: WorkingDayCalendar) -> date:
        if self.unit is Unit.WORKING_DAYS:
            return calendar.add_working_days(start, self.amount)
        if self.unit is Unit.DAYS:
            return add_days(start, self.amount)
        if self.unit is Unit.WEEKS:
            return add_weeks(start, self.amount)
        return add_calendar_months(start, self.amount)

    def before(self, end: date) -> date:
        """The day this long before `end` (calendar units only: a window's opening, `Rule.window_before`)."""
        if self.unit is Unit.DAYS:
            return add_days(end, -self.amount)
        if self.unit is Unit.WEEKS:
            return add_weeks(end, -self.amount)
        if self.unit is Unit.MONTHS:
            return add_calendar_months(end, -self.amount)
        raise ValueError("A window opens a number of days, weeks or months before the due date")

    def __str__(self) -> str:
        return f"{self.amount} {UNIT_WORDS[self.unit]}"

    @classmethod
    def from_setting(cls, value: Mapping[str, Any]) -> Interval:
        return cls(int(value["amount"]), Unit(value["unit"]))


class Owner(StrEnum):
    ALLOCATED_WORKER = "allocated_worker"  # the allocated worker, in their team's lists too
    TEAM = "team"  # the allocated team, no one worker
    FRONT_DOOR = "front_door"  # the front door team, whoever holds the case
    # The allocated worker; for a child no one holds, the front door team (a missing child's return interview)
    ALLOCATED_OR_FRONT_DOOR = "allocated_or_front_door"
    NAMED = "named"  # a member of staff the starting event names (the rule's `owner_from`), in the team's lists too
    # Duties about a member of staff (Subject.STAFF): the member of staff themself, or the manager who supervises
    # them; in their team's lists too.
    STAFF_MEMBER = "staff_member"
    SUPERVISOR = "supervisor"


class Subject(StrEnum):
    """Whom or what a rule's duties are about (issue 14 item 6)."""

    CHILD = "child"
    STAFF = "staff"  # a member of staff: supervision, registration, vetting, appraisal
    RECORD = "record"  # a record with no child: a complaint, an allegation


def _less(have: Any, want: Any) -> bool:
    return have is not None and bool(have < want)


def _at_least(have: Any, want: Any) -> bool:
    return have is not None and bool(have >= want)


def _equal(have: Any, want: Any) -> bool:
    return bool(have == want)


def _among(have: Any, want: Any) -> bool:
    return have in want


OPERATORS: dict[str, Callable[[Any, Any], bool]] = {"<": _less, ">=": _at_least, "==": _equal, "in": _among}


@dataclass(frozen=True)
class When:
    """One condition on the subject's circumstances on the day a clock starts: `When("age", "<", 5)`. The facts
    are those `circumstances.py` knows (age, looked_after, legal_status, placement_type, long_term,
    months_in_placement, newly_qualified, ...)."""

    fact: str
    op: str
    value: Any

    def __post_init__(self) -> None:
        if self.op not in OPERATORS:
            raise ValueError(f"A condition's operator is one of {', '.join(OPERATORS)}, not {self.op!r}")

    def holds(self, facts: Mapping[str, Any]) -> bool:
        return bool(OPERATORS[self.op](facts.get(self.fact), self.value))

    def __str__(self) -> str:
        value = ", ".join(map(str, self.value)) if self.op == "in" else self.value
        return f"{self.fact.replace('_', ' ')} {self.op} {value}"


@dataclass(frozen=True)
class IntervalChoice:
    """An interval that applies when every condition holds on the day the clock starts (regulation 28's
    variants, a health assessment's age bands, a newly qualified worker's supervision)."""

    when: tuple[When, ...]
    interval: Interval | None = None
    setting: str | None = None  # a council setting holding the interval, instead of `interval`

    def __post_init__(self) -> None:
        if (self.interval is None) == (self.setting is None):
            raise ValueError("An interval choice gives exactly one of interval and setting")
        if self.setting is not None and self.setting not in DECLARED:
            raise ValueError(f"An interval choice names an unknown setting {self.setting}")

    def interval_on(self, day: date, settings: SettingsSnapshot) -> Interval:
        if self.interval is not None:
            return self.interval
        assert self.setting is not None
        return setting_interval(settings.value(self.setting, day))

    def __str__(self) -> str:
        what = str(self.interval) if self.interval is not None else f"the setting {self.setting}"
        return f"{what} when {' and '.join(map(str, self.when))}"


def setting_interval(value: Any) -> Interval:
    """A setting's interval: a number of working days, or {"amount": n, "unit": "weeks"}."""
    if isinstance(value, int):
        return Interval(value, Unit.WORKING_DAYS)
    return Interval.from_setting(value)


class Profile(StrEnum):
    """The statutory regime a rule belongs to."""

    WORKING_TOGETHER_2010 = "wt2010"
    WORKING_TOGETHER_2013_ON = "wt2013"
    REGULATIONS = "regulations"
    LOCAL = "local"


WT2013_FROM = date(2013, 4, 15)
WT2010_TO = date(2013, 4, 14)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    source: str
    profile: Profile
    in_force_from: date
    starts_on: tuple[str, ...]
    satisfied_by: tuple[str, ...]
    interval: Interval | None = None
    interval_setting: str | None = None
    in_force_to: date | None = None
    ends_on: tuple[str, ...] = ()
    restarts_on: tuple[str, ...] = ()
    repeats: bool = False
    # False when each starting event has a clock of its own (every contact is screened), rather than one at a time.
    one_at_a_time: bool = True
    owner: Owner = Owner.ALLOCATED_WORKER
    starts_when: Mapping[str, Any] = field(default_factory=dict)
    satisfied_when: Mapping[str, Any] = field(default_factory=dict)
    # A payload key of the starting event that, when it holds a whole number of weeks, overrides the interval.
    interval_weeks_from: str | None = None
    # A payload key of the starting event that, when it holds a date (ISO), is the due date: a date a person set
    # (a supervision action's "by when"); the interval applies only when the event gives none.
    due_date_from: str | None = None
    # With Owner.NAMED: a payload key of the starting event holding the owner's staff id.
    owner_from: str | None = None
    # A payload key of the satisfying event holding the id of the event that started the obligation it meets, so
    # each of several open obligations under the rule is met on its own (one per supervision action).
    satisfied_start_from: str | None = None
    # A statutory visit: "children not seen", escalation and the worklists read these rules (ADR 18).
    statutory_visit: bool = False
    # A window: the duty can be met only from this long before the due date (a care leaver's birthday contact
    # counts from 3 months before the birthday); an event before the window does not meet it, and the worklist
    # says "not yet" until it opens. None: met by any qualifying event after the clock starts.
    window_before: Interval | None = None
    # The clock is itself the window (a care leaver's birthday contact, from the window's opening to its close): an
    # event counts only from the clock's start to its due date, so a contact meets the birthday it is around, never
    # an earlier birthday's duty left open.
    counts_only_in_window: bool = False
    # Whom or what the duties are about; a staff or record rule listens to events about its subject.
    subject: Subject = Subject.CHILD
    # The clock starts only if these hold of the subject on the starting day (a 16th birthday while looked after).
    starts_if: tuple[When, ...] = ()
    # The first choice whose conditions hold on the starting day sets the interval; else `interval` (or its setting).
    interval_by: tuple[IntervalChoice, ...] = ()
    # A clock that may be paused with a reason (the child is missing, in hospital, abroad): most child duties.
    may_pause: bool = True
    # A payload key of the starting event whose words follow the title wherever the duty is listed (a supervision
    # action's own words: a fact typed once, issue 18).
    title_from: str | None = None

    def __post_init__(self) -> None:
        if not self.source.strip():
            raise ValueError(f"Rule {self.id}: give its source (the statute, guidance or local standard)")
        if self.in_force_to is not None and self.in_force_to < self.in_force_from:
            raise ValueError(f"Rule {self.id}: its in-force period ends before it starts")
        if self.window_before is not None and self.window_before.unit is Unit.WORKING_DAYS:
            raise ValueError(
                f"Rule {self.id}: a window opens a number of days, weeks or months before it is due"
            )
        if self.window_before is not None and self.window_before.amount <= 0:
            raise ValueError(
                f"Rule {self.id}: a window must open before the due date (it ends before it starts)"
            )
        if (self.interval is None) == (self.interval_setting is None):
            raise ValueError(f"Rule {self.id}: give exactly one of interval and interval_setting")
        if (self.owner == Owner.NAMED) != (self.owner_from is not None):
            raise ValueError(f"Rule {self.id}: a named owner needs owner_from, and owner_from a named owner")
        if self.interval_setting is not None and self.interval_setting not in DECLARED:
            raise ValueError(f"Rule {self.id}: unknown setting {self.interval_setting}")
        child_owners = {Owner.ALLOCATED_WORKER, Owner.FRONT_DOOR, Owner.ALLOCATED_OR_FRONT_DOOR}
        staff_owners = {Owner.STAFF_MEMBER, Owner.SUPERVISOR}
        if self.subject is not Subject.CHILD and self.owner in child_owners:
            raise ValueError(
                f"Rule {self.id}: a duty about {self.subject} has no allocated worker or front door"
            )
        if self.subject is not Subject.STAFF and self.owner in staff_owners:
            raise ValueError(
                f"Rule {self.id}: only a duty about a member of staff has a staff member or supervisor"
            )

    @property
    def pausable(self) -> bool:
        """A worker's duty about a child that may be paused: not a decision waiting for a manager or the front
        door, which a child's absence does not stop."""
        return (
            self.may_pause
            and self.subject is Subject.CHILD
            and self.owner not in (Owner.TEAM, Owner.FRONT_DOOR)
        )

    def in_force_on(self, day: date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)

    def interval_on(
        self, day: date, settings: SettingsSnapshot, facts: Mapping[str, Any] | None = None
    ) -> Interval:
        """The interval of a clock starting on `day`: the first choice whose conditions hold of the subject's
        circumstances (`facts`), else the rule's interval or its setting on that day."""
        for choice in self.interval_by:
            if facts is not None and all(condition.holds(facts) for condition in choice.when):
                return choice.interval_on(day, settings)
        if self.interval is not None:
            return self.interval
        assert self.interval_setting is not None
        return setting_interval(settings.value(self.interval_setting, day))

    def describe_interval(self, settings: SettingsSnapshot, day: date) -> str:
        return str(self.interval_on(day, settings))


def payload_matches(payload: Mapping[str, Any], condition: Mapping[str, Any]) -> bool:
    return all(payload.get(key) == value for key, value in condition.items())


_RULES: dict[str, list[Rule]] = {}
_AREAS: dict[str, str] = {}


def register_rules(*rules: Rule) -> None:
    """Register rules; one id may have several versions, each in force for its own period, never overlapping. Each
    rule's area is the app that declares it (the rules page filters by it)."""
    caller = sys._getframe(1).f_globals.get("__name__", "")
    area = caller.split(".")[1] if caller.startswith("hearth.") else "other"
    for new_rule in rules:
        _AREAS.setdefault(new_rule.id, area)
        versions = _RULES.setdefault(new_rule.id, [])
        if new_rule in versions:
            continue
        for version in versions:
            new_end = new_rule.in_force_to or date.max
            old_end = version.in_force_to or date.max
            if new_rule.in_force_from <= old_end and version.in_force_from <= new_end:
                raise ValueError(f"Rule {new_rule.id} has two versions in force at once")
        versions.append(new_rule)
        versions.sort(key=lambda item: item.in_force_from)


def rule(rule_id: str, on: date | None = None) -> Rule:
    """The version of a rule in force on a date (the latest version when no date is given or none applies)."""
    versions = _RULES[rule_id]
    if on is not None:
        for version in versions:
            if version.in_force_on(on):
                return version
    return versions[-1]


def rule_area(rule_id: str) -> str:
    """The app that declares the rule ("children_in_need", "protection", "care" ...)."""
    return _AREAS.get(rule_id, "other")


def rules_about(subject: Subject) -> tuple[str, ...]:
    """The ids of the rules whose duties are about this kind of subject."""
    return tuple(sorted({rule.id for rule in all_rules() if rule.subject is subject}))


def statutory_visit_rule_ids() -> tuple[str, ...]:
    """The one list of statutory visiting rules: those declared `statutory_visit`."""
    return tuple(sorted(rule.id for rule in all_rules() if rule.statutory_visit))


def all_rules() -> list[Rule]:
    """Every version of every rule."""
    return [version for rule_id in sorted(_RULES) for version in _RULES[rule_id]]
