"""The registry of event types and the one function that writes an event.

An event type declares its significance (key / standard / process), its wording in the chronology and whether
partner agencies may see it. Services call `event_record` inside their own transaction; it also brings the
child's obligations up to date (the timescale engine), so records, events and obligations never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from hearth.core import clock
from hearth.core.changes import child_changed
from hearth.core.models import Event, Significance

if TYPE_CHECKING:
    from hearth.organisation.models import StaffUser


@dataclass(frozen=True)
class EventType:
    code: str
    label: str
    significance: str
    wording: str
    visible_to_partners: bool = False

    def summarise(self, payload: dict[str, Any]) -> str:
        try:
            return self.wording.format(**payload)[:300]
        except (KeyError, IndexError, ValueError):
            return self.label


_REGISTRY: dict[str, EventType] = {}


def register(*event_types: EventType) -> None:
    for event_type in event_types:
        existing = _REGISTRY.get(event_type.code)
        if existing is not None and existing != event_type:
            raise ValueError(f"Event type {event_type.code} is declared twice")
        _REGISTRY[event_type.code] = event_type


_LISTENERS: dict[str, list[Callable[[Event], None]]] = {}


def event_listener_register(types: tuple[str, ...], listener: Callable[[Event], None]) -> None:
    """Something that follows events of these types as they are recorded (notifications): called in the event's
    transaction, after its obligations, so what it writes is saved with the event or not at all."""
    for code in types:
        listeners = _LISTENERS.setdefault(code, [])
        if listener not in listeners:
            listeners.append(listener)


def event_type(code: str) -> EventType:
    return _REGISTRY[code]


def all_event_types() -> list[EventType]:
    return sorted(_REGISTRY.values(), key=lambda item: item.label)


KEY, STANDARD, PROCESS = Significance.KEY, Significance.STANDARD, Significance.PROCESS

register(
    EventType("history.recorded", "Historical entry", KEY, "{text}"),
    EventType("person.created", "Record created", PROCESS, "Record created"),
    EventType("person.updated", "Details changed", PROCESS, "Details changed: {fields}"),
    EventType("person.born", "Born", KEY, "Born (the record of an unborn child now has a date of birth)"),
    EventType("person.merged", "Records merged", STANDARD, "Record {merged_id} merged into this record"),
    EventType(
        "person.possible_duplicate",
        "Possible duplicate to check",
        PROCESS,
        "A new record ({new_id}) may be this person: the front door checks",
    ),
    EventType(
        "person.duplicate_checked", "Checked for duplicates", PROCESS, "Checked: not a duplicate ({note})"
    ),
    EventType("allocation.changed", "Allocated", STANDARD, "Allocated to {worker} ({team})"),
    EventType("household.joined", "Joined the household", KEY, "{name} joined the household"),
    EventType("household.left", "Left the household", STANDARD, "{name} left the household"),
    EventType(
        "timescale.paused", "Clock paused", STANDARD, "{title} paused: {reason} (review by {review_text})"
    ),
    EventType("timescale.resumed", "Clock resumed", STANDARD, "{title} resumed after a pause"),
)


def event_record(
    *,
    child_id: int | None = None,
    staff_id: int | None = None,
    type: str,
    occurred_on: date,
    recorded_by: StaffUser | None,
    record: models.Model | None = None,
    payload: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
    summary: str | None = None,
) -> Event:
    """Write one event and apply it to its subject's obligations: a child's, or (with `staff_id`) a member of
    staff's, or (with neither) the record's. Call inside the service's transaction."""
    from hearth.core.timescales.store import obligations_apply_event

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_record must run inside the service's transaction")
    declared = event_type(type)
    payload = payload or {}
    if child_id is None and staff_id is None and record is None:
        raise ValueError("An event is about a child, a member of staff or a record")
    event = Event.objects.create(
        child_id=child_id,
        staff_id=staff_id if child_id is None else None,
        type=type,
        significance=declared.significance,
        occurred_on=occurred_on,
        occurred_at=occurred_at,
        recorded_at=clock.now(),
        recorded_by=recorded_by,
        record_type=record._meta.label_lower if record is not None else "",
        record_id=record.pk if record is not None else None,
        summary=summary or declared.summarise(payload),
        payload=payload,
    )
    obligations_apply_event(event)
    if child_id is not None:
        child_changed(child_id)
    for listener in _LISTENERS.get(type, ()):
        listener(event)
    return event


def event_of(event_type: str, record: models.Model) -> int | None:
    """The id of the event of this type written about this record (the event that started an obligation a later
    event meets: `Rule.satisfied_start_from`), or None."""
    return (
        Event.objects.filter(type=event_type, record_type=record._meta.label_lower, record_id=record.pk)
        .values_list("pk", flat=True)
        .first()
    )
