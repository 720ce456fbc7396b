"""Keeps stored obligations current as events are recorded, in the recording transaction."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date

from django.db.models import Max

from hearth.core.calendar import WorkingDayCalendar
from hearth.core.council_settings import CACHE_SECONDS, current_snapshot
from hearth.core.models import Event, LocalClosureDay, Obligation, ObligationStatus
from hearth.core.timescales.engine import EngineContext, EventFact, ObligationState, apply_event, replay
from hearth.core.timescales.rules import Owner, rule

# (child id) -> (allocated worker id, allocated team id); set by the organisation app at start-up.
OwnerResolver = Callable[[int], tuple[int | None, int | None]]
_owner_resolver: OwnerResolver = lambda child_id: (None, None)  # noqa: E731


_front_door_team: Callable[[], int | None] = lambda: None  # noqa: E731


def set_owner_resolver(resolver: OwnerResolver, front_door_team: Callable[[], int | None]) -> None:
    global _owner_resolver, _front_door_team
    _owner_resolver, _front_door_team = resolver, front_door_team


def obligation_owner(
    rule_id: str,
    worker_id: int | None,
    team_id: int | None,
    front_door_team_id: int | None,
    named_id: int | None = None,
) -> tuple[int | None, int | None]:
    """(owner, team) of an obligation under a rule, given the child's allocation, the front door team and the
    member of staff the starting event named (for rules with a named owner)."""
    owner = rule(rule_id).owner
    if owner == Owner.FRONT_DOOR:
        return None, front_door_team_id
    if owner == Owner.NAMED:
        return named_id, team_id
    return (worker_id if owner == Owner.ALLOCATED_WORKER else None), team_id


_calendar: tuple[float, WorkingDayCalendar] | None = None


def council_calendar() -> WorkingDayCalendar:
    """England and Wales working days less the council's closure days, cached for a few seconds per process."""
    global _calendar
    now = time.monotonic()
    if _calendar is None or now - _calendar[0] > CACHE_SECONDS:
        closures = frozenset(LocalClosureDay.objects.values_list("date", flat=True))
        _calendar = (now, WorkingDayCalendar(closures=closures))
    return _calendar[1]


def clear_calendar_cache() -> None:
    global _calendar
    _calendar = None


def engine_context() -> EngineContext:
    return EngineContext.build(council_calendar(), current_snapshot())


def _fact(event: Event) -> EventFact:
    return EventFact(event.pk, event.type, event.occurred_on, event.payload)


def _state(obligation: Obligation) -> ObligationState:
    return ObligationState(
        rule_id=obligation.rule_id,
        start_date=obligation.start_date,
        due_date=obligation.due_date,
        started_by=obligation.started_by_id,
        status=obligation.status,
        met_by=obligation.met_by_id,
        closed_on=obligation.closed_on,
        pk=obligation.pk,
        changed=False,
        owner_id=obligation.owner_id,
        earliest_date=obligation.earliest_date,
    )


def obligation_rows(
    child_id: int, states: Iterable[ObligationState], owner: tuple[int | None, int | None]
) -> list[Obligation]:
    worker_id, team_id = owner
    front_door = _front_door_team()
    rows = []
    for state in states:
        owner_id, owner_team_id = obligation_owner(
            state.rule_id, worker_id, team_id, front_door, state.owner_id
        )
        rows.append(
            Obligation(
                pk=state.pk,
                child_id=child_id,
                rule_id=state.rule_id,
                start_date=state.start_date,
                due_date=state.due_date,
                started_by_id=state.started_by,
                status=state.status,
                met_by_id=state.met_by,
                closed_on=state.closed_on,
                earliest_date=state.earliest_date,
                owner_id=owner_id,
                team_id=owner_team_id,
            )
        )
    return rows


def obligations_apply_event(event: Event) -> None:
    """Meet, end and open the child's obligations for one newly recorded event."""
    context = engine_context()
    relevant = context.relevant_event_types
    if event.type not in relevant:
        return
    latest: date | None = (
        Event.objects.filter(child_id=event.child_id, type__in=relevant)
        .exclude(pk=event.pk)
        .aggregate(Max("occurred_on"))["occurred_on__max"]
    )
    if latest is not None and event.occurred_on < latest:
        # Recorded late: what it changes depends on what came after, so replay the child's history.
        obligations_rebuild(event.child_id, context=context)
        return
    open_rows = list(
        Obligation.objects.select_for_update().filter(child_id=event.child_id, status=ObligationStatus.OPEN)
    )
    states = [_state(row) for row in open_rows]
    opened = apply_event(states, _fact(event), context)
    owner = _owner_resolver(event.child_id)
    Obligation.objects.bulk_update(
        obligation_rows(event.child_id, [state for state in states if state.changed], owner),
        UPDATED_FIELDS,
    )
    Obligation.objects.bulk_create(obligation_rows(event.child_id, opened, owner))


UPDATED_FIELDS = ["start_date", "due_date", "earliest_date", "started_by", "status", "met_by", "closed_on"]


def obligations_rebuild(child_id: int, *, context: EngineContext | None = None) -> None:
    """Replay a child's events from scratch: late entries, imports and rule corrections come through here.

    Stored rows are kept where the replay gives the same rule again (matched in start order), so an
    obligation keeps its identity; only what the replay no longer gives is deleted.
    """
    context = context or engine_context()
    events = [
        _fact(event)
        for event in Event.objects.filter(child_id=child_id, type__in=context.relevant_event_types).order_by(
            "occurred_on", "pk"
        )
    ]
    replayed = replay(events, context)
    existing = list(
        Obligation.objects.select_for_update().filter(child_id=child_id).order_by("start_date", "pk")
    )
    by_rule: dict[str, list[Obligation]] = {}
    for row in existing:
        by_rule.setdefault(row.rule_id, []).append(row)
    for state in sorted(replayed, key=lambda item: item.start_date):
        rows = by_rule.get(state.rule_id)
        if rows:
            state.pk = rows.pop(0).pk
    leftover = [row.pk for rows in by_rule.values() for row in rows]
    Obligation.objects.filter(pk__in=leftover).delete()
    rows = obligation_rows(child_id, replayed, _owner_resolver(child_id))
    matched = [row for row in rows if row.pk is not None]
    # Open work belongs to whoever holds the case now; finished work keeps the worker who did it.
    still_open = [row for row in matched if row.status == ObligationStatus.OPEN]
    Obligation.objects.bulk_update(still_open, [*UPDATED_FIELDS, "owner", "team"])
    Obligation.objects.bulk_update([row for row in matched if row not in still_open], UPDATED_FIELDS)
    Obligation.objects.bulk_create([row for row in rows if row.pk is None])


def obligations_reassign(*, child_id: int, worker_id: int | None, team_id: int | None) -> int:
    """Move a child's open obligations to a newly allocated worker and team."""
    open_obligations = Obligation.objects.filter(child_id=child_id, status=ObligationStatus.OPEN)
    worker_rules = [
        r
        for r in set(open_obligations.values_list("rule_id", flat=True))
        if rule(r).owner == Owner.ALLOCATED_WORKER
    ]
    front_door_rules = [
        r
        for r in set(open_obligations.values_list("rule_id", flat=True))
        if rule(r).owner == Owner.FRONT_DOOR
    ]
    open_obligations.filter(rule_id__in=worker_rules).update(owner_id=worker_id)
    return open_obligations.exclude(rule_id__in=front_door_rules).update(team_id=team_id)
