"""A child's chronology: a read of their events, key events by default, filtered by type and period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from hearth.core.events import all_event_types
from hearth.core.models import Event, Significance


@dataclass(frozen=True)
class ChronologyFilter:
    view: str = "key"  # key | all
    types: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None


def chronology_events(child_id: int, chosen: ChronologyFilter, *, partner: bool = False) -> QuerySet[Event]:
    events = Event.objects.filter(child_id=child_id).select_related("recorded_by")
    if chosen.view == "key":
        events = events.filter(significance=Significance.KEY)
    elif chosen.view == "standard":
        events = events.exclude(significance=Significance.PROCESS)
    if chosen.types:
        events = events.filter(type__in=chosen.types)
    if chosen.date_from:
        events = events.filter(occurred_on__gte=chosen.date_from)
    if chosen.date_to:
        events = events.filter(occurred_on__lte=chosen.date_to)
    if partner:
        events = events.filter(type__in=[t.code for t in all_event_types() if t.visible_to_partners])
    return events.order_by("-occurred_on", "-pk")
