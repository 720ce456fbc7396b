"""Rules that take their due date, owner and the obligation they meet from the events themselves."""

from __future__ import annotations

from datetime import date

import pytest

from hearth.core.calendar import WorkingDayCalendar
from hearth.core.council_settings import SettingsSnapshot
from hearth.core.timescales.engine import MET, OPEN, EngineContext, EventFact, replay
from hearth.core.timescales.rules import Interval, Owner, Profile, Rule, Unit

ACTION = Rule(
    id="test.action",
    title="An action done by the date set",
    source="Test",
    profile=Profile.LOCAL,
    in_force_from=date(2010, 1, 1),
    starts_on=("test.action_set",),
    satisfied_by=("test.action_done",),
    interval=Interval(20, Unit.WORKING_DAYS),
    one_at_a_time=False,
    owner=Owner.NAMED,
    owner_from="owner_id",
    due_date_from="due_date",
    satisfied_start_from="action_event",
)
CONTEXT = EngineContext(WorkingDayCalendar(), SettingsSnapshot([]), (ACTION,))


def test_the_due_date_and_owner_come_from_the_starting_event() -> None:
    states = replay(
        [EventFact(1, "test.action_set", date(2025, 3, 3), {"due_date": "2025-03-21", "owner_id": 7})],
        CONTEXT,
    )
    assert [(s.due_date, s.owner_id, s.status) for s in states] == [(date(2025, 3, 21), 7, OPEN)]


def test_without_a_date_in_the_payload_the_interval_applies() -> None:
    states = replay([EventFact(1, "test.action_set", date(2025, 3, 3), {"due_date": "not a date"})], CONTEXT)
    assert [(s.due_date, s.owner_id) for s in states] == [(date(2025, 3, 31), None)]


def test_a_satisfying_event_meets_only_the_obligation_its_payload_names() -> None:
    states = replay(
        [
            EventFact(1, "test.action_set", date(2025, 3, 3), {"due_date": "2025-03-10", "owner_id": 7}),
            EventFact(2, "test.action_set", date(2025, 3, 3), {"due_date": "2025-04-10", "owner_id": 8}),
            EventFact(3, "test.action_done", date(2025, 3, 5), {"action_event": 2}),
            EventFact(4, "test.action_done", date(2025, 3, 6), {"action_event": 99}),
        ],
        CONTEXT,
    )
    assert [(s.started_by, s.status, s.met_by) for s in states] == [(1, OPEN, None), (2, MET, 3)]


def test_a_named_owner_needs_the_payload_key_that_names_them() -> None:
    with pytest.raises(ValueError, match="named owner"):
        Rule(
            id="test.bad",
            title="Bad",
            source="Test",
            profile=Profile.LOCAL,
            in_force_from=date(2010, 1, 1),
            starts_on=("x",),
            satisfied_by=("y",),
            interval=Interval(1, Unit.DAYS),
            owner=Owner.NAMED,
        )
