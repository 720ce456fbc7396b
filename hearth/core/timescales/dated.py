"""Dated facts: clocks that start on a date that arrives, not on something recorded (issue 14 item 1).

An app declares a source: the type of fact ("child.birthday") and a set-based query that finds, for a span of
days, each subject whose fact falls in it, with its day and payload (`{"age": 16}`). Dated facts are not stored:
they are read from the record each time (the date of birth as it is now), so a corrected date of birth moves the
clock on the next rebuild and nothing is duplicated. `hearth daily` rebuilds the subjects whose facts arrive
each day it covers; a rebuild of any subject includes every fact up to today, so a replay and day-by-day running
agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from hearth.core.timescales.engine import EventFact
from hearth.core.timescales.rules import Subject, all_rules

# (first day, last day, subject ids or None for all) -> (subject id, day, payload) for each fact in the span.
Finder = Callable[[date, date, Sequence[int] | None], Iterable[tuple[int, date, dict[str, Any]]]]


@dataclass(frozen=True)
class DatedSource:
    event_type: str
    find: Finder
    subject: Subject = Subject.CHILD
    description: str = ""


_SOURCES: dict[str, DatedSource] = {}


def register_dated(source: DatedSource) -> None:
    _SOURCES[source.event_type] = source


def dated_event_types() -> frozenset[str]:
    return frozenset(_SOURCES)


def _sources(subject: Subject) -> list[DatedSource]:
    """The sources of this kind of subject that some rule listens to (others need not be read)."""
    heard = {t for r in all_rules() if r.subject is subject for t in (*r.starts_on, *r.restarts_on)}
    return [s for s in _SOURCES.values() if s.subject is subject and s.event_type in heard]


def dated_facts(subject: Subject, subject_id: int, first: date, last: date) -> list[EventFact]:
    """One subject's dated facts from `first` to `last`, as facts the engine reads like events."""
    facts = []
    for source in _sources(subject):
        for found_id, day, payload in source.find(first, last, [subject_id]):
            if found_id == subject_id and first <= day <= last:
                facts.append(EventFact(None, source.event_type, day, payload))
    return facts


def subjects_with_facts(subject: Subject, first: date, last: date) -> set[int]:
    """Every subject whose dated facts fall from `first` to `last` (one query per source)."""
    found: set[int] = set()
    for source in _sources(subject):
        found |= {subject_id for subject_id, day, _ in source.find(first, last, None) if first <= day <= last}
    return found
