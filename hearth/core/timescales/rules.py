"""Timescale rules: each statutory or local timescale declared once, as data.

A rule says what is due, its source (document and paragraph) and the period it was in force, the event that
starts the clock, the interval (working days, days, weeks or calendar months, or a council setting), what
satisfies it, whether it repeats, what ends it and whose work it is. Domain apps declare their rules in their
own `timescales.py`; the engine (engine.py) applies them to each child's events.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
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
    NAMED = "named"  # a member of staff the starting event names (the rule's `owner_from`), in the team's lists too


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

    def in_force_on(self, day: date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)

    def interval_on(self, day: date, settings: SettingsSnapshot) -> Interval:
        if self.interval is not None:
            return self.interval
        assert self.interval_setting is not None
        value = settings.value(self.interval_setting, day)
        if isinstance(value, int):
            return Interval(value, Unit.WORKING_DAYS)
        return Interval.from_setting(value)

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


def statutory_visit_rule_ids() -> tuple[str, ...]:
    """The one list of statutory visiting rules: those declared `statutory_visit`."""
    return tuple(sorted(rule.id for rule in all_rules() if rule.statutory_visit))


def all_rules() -> list[Rule]:
    """Every version of every rule."""
    return [version for rule_id in sorted(_RULES) for version in _RULES[rule_id]]
