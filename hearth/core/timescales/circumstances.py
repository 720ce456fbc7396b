"""A subject's circumstances on a day: what a rule's `starts_if` and `interval_by` read (issue 14 item 4).

Two kinds of fact. Base facts come from the subject's own record (a child's date of birth, a worker's
qualification date), through a reader each subject's app registers. Folded facts come from the subject's events,
as declared here by the apps (`Setter`): "care.started sets looked_after to True and legal_status from its
payload". The engine folds them in event order, so a replay and one-at-a-time recording see the same facts.
Derived facts (age, months in placement, newly qualified) are computed from those on the day asked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hearth.core.calendar import add_calendar_months
from hearth.core.timescales.rules import Subject


@dataclass(frozen=True)
class Setter:
    """What an event type says about its subject from then on. A value "$key" is read from the event's payload,
    "@day" is the event's day; anything else is the value itself."""

    event_type: str
    sets: Mapping[str, Any]


_SETTERS: dict[str, list[Setter]] = {}
BaseFacts = Callable[[Sequence[int]], dict[int, dict[str, Any]]]
_BASE: dict[Subject, BaseFacts] = {}


def register_circumstances(*setters: Setter) -> None:
    for setter in setters:
        known = _SETTERS.setdefault(setter.event_type, [])
        if setter not in known:
            known.append(setter)


def setter_event_types() -> frozenset[str]:
    return frozenset(_SETTERS)


def set_base_facts(subject: Subject, reader: BaseFacts) -> None:
    """Register the reader of a kind of subject's own facts: ids -> {id: {"born_on": date, ...}} (one query)."""
    _BASE[subject] = reader


def base_facts(subject: Subject, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    reader = _BASE.get(subject)
    return reader(ids) if reader is not None and ids else {}


def whole_years(start: date, day: date) -> int:
    """Whole years from `start` to `day`: an age. Someone born on 29 February comes of age on 1 March in a year
    that is not a leap year (the day after 28 February)."""
    years = day.year - start.year
    return years - 1 if (day.month, day.day) < (start.month, start.day) else years


def whole_months(start: date, day: date) -> int:
    months = (day.year - start.year) * 12 + day.month - start.month
    return months - 1 if add_calendar_months(start, months) > day else months


def anniversary(start: date, years: int) -> date:
    """The day `years` whole years after `start` are complete (a birthday: 1 March for 29 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a year that is not a leap year
        return date(start.year + years, 3, 1)


@dataclass
class Circumstances:
    """The facts about one subject, folded over its events in order."""

    base: dict[str, Any] = field(default_factory=dict)
    folded: dict[str, Any] = field(default_factory=dict)

    def apply(self, event_type: str, day: date, payload: Mapping[str, Any]) -> None:
        for setter in _SETTERS.get(event_type, ()):
            for name, value in setter.sets.items():
                if isinstance(value, str) and value.startswith("$"):
                    value = payload.get(value[1:])
                elif value == "@day":
                    value = day
                self.folded[name] = value

    def on(self, day: date) -> dict[str, Any]:
        facts = {**self.base, **self.folded}
        born = facts.get("born_on")
        if isinstance(born, date) and born <= day:
            facts["age"] = whole_years(born, day)
        placed = facts.get("placement_since")
        if isinstance(placed, date) and placed <= day:
            facts["months_in_placement"] = whole_months(placed, day)
        qualified = facts.get("qualified_on")
        facts["newly_qualified"] = isinstance(qualified, date) and qualified <= day < anniversary(
            qualified, 1
        )
        return facts


def circumstances_of(
    subject: Subject, subject_id: int, events: Iterable[tuple[str, date, Mapping[str, Any]]]
) -> Circumstances:
    """A subject's circumstances after the given events (type, day, payload), in order."""
    found = Circumstances(base=dict(base_facts(subject, [subject_id]).get(subject_id, {})))
    for event_type, day, payload in events:
        found.apply(event_type, day, payload)
    return found
