"""Dated facts: clocks that start on a date that arrives, not on something recorded (issue 14 item 1).

An app declares a source: the type of fact ("child.birthday") and a set-based query that finds, for a span of
days, each subject whose fact falls in it, with its day and payload (`{"age": 16}`). Dated facts are not stored:
they are read from the record each time (the date of birth as it is now), so a corrected date of birth moves the
clock on the next rebuild and nothing is duplicated. `hearth daily` rebuilds the subjects whose facts arrive
each day it covers; a rebuild of any subject includes every fact up to today, so a replay and day-by-day running
agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from hearth.core.council_settings import SettingsSnapshot, current_snapshot
from hearth.core.timescales.circumstances import base_facts
from hearth.core.timescales.engine import EventFact
from hearth.core.timescales.rules import Subject, all_rules

# (first day, last day) -> (subject id, day) for each subject whose fact falls in the span: set-based, for the daily.
Finder = Callable[[date, date], Iterable[tuple[int, date]]]
# (a subject's own facts, first day, last day, the council's settings) -> (day, payload) for each of its facts in
# the span: for a rebuild.
Reader = Callable[[Mapping[str, Any], date, date, SettingsSnapshot], Iterable[tuple[date, dict[str, Any]]]]


@dataclass(frozen=True)
class DatedSource:
    event_type: str
    find: Finder
    of: Reader
    subject: Subject = Subject.CHILD
    description: str = ""


_SOURCES: dict[str, DatedSource] = {}


def register_dated(source: DatedSource) -> None:
    _SOURCES[source.event_type] = source


def dated_source(event_type: str) -> DatedSource:
    return _SOURCES[event_type]


def dated_event_types() -> frozenset[str]:
    return frozenset(_SOURCES)


def _sources(subject: Subject) -> list[DatedSource]:
    """The sources of this kind of subject that some rule listens to (others need not be read)."""
    heard = {t for r in all_rules() if r.subject is subject for t in (*r.starts_on, *r.restarts_on)}
    return [s for s in _SOURCES.values() if s.subject is subject and s.event_type in heard]


def dated_facts_of(
    subject: Subject,
    base: Mapping[str, Any],
    first: date,
    last: date,
    settings: SettingsSnapshot | None = None,
) -> list[EventFact]:
    """The dated facts from `first` to `last` of a subject whose own facts are `base` (a date of birth), as facts
    the engine reads like events. Reads only the settings, when none are given."""
    facts: list[EventFact] = []
    if not base:
        return facts
    settings = settings if settings is not None else current_snapshot()
    for source in _sources(subject):
        for day, payload in source.of(base, first, last, settings):
            if first <= day <= last:
                facts.append(EventFact(None, source.event_type, day, payload))
    return facts


def dated_facts(subject: Subject, subject_id: int, first: date, last: date) -> list[EventFact]:
    """One subject's dated facts from `first` to `last` (its own facts read in one query)."""
    if not _sources(subject):
        return []
    return dated_facts_of(subject, base_facts(subject, [subject_id]).get(subject_id, {}), first, last)


def subjects_with_facts(subject: Subject, first: date, last: date) -> set[int]:
    """Every subject whose dated facts fall from `first` to `last` (one query per source)."""
    found: set[int] = set()
    for source in _sources(subject):
        found |= {subject_id for subject_id, day in source.find(first, last) if first <= day <= last}
    return found
