"""Keeps stored obligations current as events are recorded, in the recording transaction, for every kind of
subject (a child, a member of staff, a record with no child)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Max, Min, QuerySet

from hearth.core import clock
from hearth.core.calendar import WorkingDayCalendar, add_days
from hearth.core.council_settings import CACHE_SECONDS, current_snapshot
from hearth.core.models import ChangeLog, DailyRun, Event, LocalClosureDay, Obligation, ObligationStatus
from hearth.core.timescales.circumstances import (
    Circumstances,
    base_facts,
    circumstances_of,
    setter_event_types,
)
from hearth.core.timescales.dated import dated_facts
from hearth.core.timescales.engine import EngineContext, EventFact, ObligationState, apply_event, replay
from hearth.core.timescales.rules import Owner, Subject, all_rules, rule

# (child id) -> (allocated worker id, allocated team id); set by the organisation app at start-up.
OwnerResolver = Callable[[int], tuple[int | None, int | None]]
_owner_resolver: OwnerResolver = lambda child_id: (None, None)  # noqa: E731


_front_door_team: Callable[[], int | None] = lambda: None  # noqa: E731


def set_owner_resolver(resolver: OwnerResolver, front_door_team: Callable[[], int | None]) -> None:
    global _owner_resolver, _front_door_team
    _owner_resolver, _front_door_team = resolver, front_door_team


StaffOwners = Callable[[Iterable[int]], dict[int, tuple[int | None, int | None]]]
_staff_owner_resolver: Callable[[int], tuple[int | None, int | None]] = lambda staff_id: (None, None)  # noqa: E731
_staff_owners: StaffOwners = lambda ids: {}  # noqa: E731


def set_staff_owner_resolver(
    resolver: Callable[[int], tuple[int | None, int | None]], in_bulk: StaffOwners
) -> None:
    """(staff id) -> (the manager who supervises them, their team), one and in bulk; set by the supervision app."""
    global _staff_owner_resolver, _staff_owners
    _staff_owner_resolver, _staff_owners = resolver, in_bulk


def staff_owners(ids: Iterable[int]) -> dict[int, tuple[int | None, int | None]]:
    """(supervisor, team) for each member of staff, in one query."""
    return _staff_owners(ids)


def staff_duties_reassign() -> int:
    """Move open duties about staff to whoever should hold them now (a new line manager or team manager, someone
    who left): one query for the duties, one for their supervisors, one update per change."""
    rows = list(
        Obligation.objects.filter(staff__isnull=False, status=ObligationStatus.OPEN).only(
            "pk", "staff_id", "rule_id", "owner_id", "team_id"
        )
    )
    owners = _staff_owners({row.staff_id for row in rows if row.staff_id is not None})
    changed = []
    for row in rows:
        supervisor, team = owners.get(row.staff_id or 0, (None, None))
        wanted = obligation_owner(row.rule_id, supervisor, team, None, None, row.staff_id)
        if wanted != (row.owner_id, row.team_id):
            row.owner_id, row.team_id = wanted
            changed.append(row)
    Obligation.objects.bulk_update(changed, ["owner", "team"], batch_size=500)
    return len(changed)


def obligation_owner(
    rule_id: str,
    worker_id: int | None,
    team_id: int | None,
    front_door_team_id: int | None,
    named_id: int | None = None,
    staff_id: int | None = None,
) -> tuple[int | None, int | None]:
    """(owner, team) of an obligation under a rule, given the child's allocation (for a duty about a member of
    staff: their supervisor and team), the front door team, the member of staff the starting event named (for
    rules with a named owner) and the member of staff the duty is about."""
    owner = rule(rule_id).owner
    if owner == Owner.FRONT_DOOR:
        return None, front_door_team_id
    if owner == Owner.ALLOCATED_OR_FRONT_DOOR:
        return (worker_id, team_id) if team_id is not None else (None, front_door_team_id)
    if owner == Owner.NAMED:
        return named_id, team_id
    if owner == Owner.STAFF_MEMBER:
        return staff_id, team_id
    if owner == Owner.SUPERVISOR:
        return worker_id, team_id
    return (worker_id if owner == Owner.ALLOCATED_WORKER else None), team_id


@dataclass(frozen=True)
class SubjectRef:
    """Whom or what an event or obligation is about: a child, a member of staff, or a record with no child."""

    kind: Subject
    id: int
    record_type: str = ""

    @classmethod
    def of_event(cls, event: Event) -> SubjectRef:
        if event.child_id is not None:
            return cls(Subject.CHILD, event.child_id)
        if event.staff_id is not None:
            return cls(Subject.STAFF, event.staff_id)
        assert event.record_id is not None
        return cls(Subject.RECORD, event.record_id, event.record_type)

    @classmethod
    def child(cls, child_id: int) -> SubjectRef:
        return cls(Subject.CHILD, child_id)

    @classmethod
    def staff(cls, staff_id: int) -> SubjectRef:
        return cls(Subject.STAFF, staff_id)

    def events(self) -> QuerySet[Event]:
        if self.kind is Subject.CHILD:
            return Event.objects.filter(child_id=self.id)
        if self.kind is Subject.STAFF:
            return Event.objects.filter(staff_id=self.id, child=None)
        return Event.objects.filter(child=None, staff=None, record_type=self.record_type, record_id=self.id)

    def obligations(self) -> QuerySet[Obligation]:
        if self.kind is Subject.CHILD:
            return Obligation.objects.filter(child_id=self.id)
        if self.kind is Subject.STAFF:
            return Obligation.objects.filter(staff_id=self.id)
        return Obligation.objects.filter(
            child=None, staff=None, record_type=self.record_type, record_id=self.id
        )

    def fields(self) -> dict[str, Any]:
        if self.kind is Subject.CHILD:
            return {"child_id": self.id}
        if self.kind is Subject.STAFF:
            return {"staff_id": self.id}
        return {"record_type": self.record_type, "record_id": self.id}

    def owner(self) -> tuple[int | None, int | None]:
        """(worker, team) the subject's work goes to: the child's allocation, the worker's supervisor and team."""
        if self.kind is Subject.CHILD:
            return _owner_resolver(self.id)
        if self.kind is Subject.STAFF:
            return _staff_owner_resolver(self.id)
        return None, None


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


def engine_context(subject: Subject = Subject.CHILD) -> EngineContext:
    return EngineContext.build(council_calendar(), current_snapshot(), subject)


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
        paused_on=obligation.paused_on,
        paused_by=obligation.paused_by_id,
        pause_review_on=obligation.pause_review_on,
    )


_FRONT_DOOR_OWNERS = (Owner.FRONT_DOOR, Owner.ALLOCATED_OR_FRONT_DOOR)


def obligation_rows(
    subject: SubjectRef | int, states: Iterable[ObligationState], owner: tuple[int | None, int | None]
) -> list[Obligation]:
    """Rows for a subject's obligations (a bare id is a child's)."""
    if isinstance(subject, int):
        subject = SubjectRef.child(subject)
    worker_id, team_id = owner
    staff_id = subject.id if subject.kind is Subject.STAFF else None
    front_door: list[int | None] = []  # asked of the database once, and only for a rule that may need it
    rows = []
    for state in states:
        if not front_door and rule(state.rule_id).owner in _FRONT_DOOR_OWNERS:
            front_door.append(_front_door_team())
        owner_id, owner_team_id = obligation_owner(
            state.rule_id, worker_id, team_id, front_door[0] if front_door else None, state.owner_id, staff_id
        )
        rows.append(
            Obligation(
                pk=state.pk,
                **subject.fields(),
                rule_id=state.rule_id,
                start_date=state.start_date,
                due_date=state.due_date,
                started_by_id=state.started_by,
                status=state.status,
                met_by_id=state.met_by,
                closed_on=state.closed_on,
                earliest_date=state.earliest_date,
                paused_on=state.paused_on,
                paused_by_id=state.paused_by,
                pause_review_on=state.pause_review_on,
                owner_id=owner_id,
                team_id=owner_team_id,
            )
        )
    return rows


def _circumstances(subject: SubjectRef, context: EngineContext, before: Event | None = None) -> Circumstances:
    """The subject's circumstances from its own record and its events that set them (before `before`, if given)."""
    setters = setter_event_types()
    events = subject.events().filter(type__in=setters) if setters else Event.objects.none()
    if before is not None:
        events = events.exclude(pk=before.pk).filter(occurred_on__lte=before.occurred_on)
    rows = events.order_by("occurred_on", "pk").values_list("type", "occurred_on", "payload")
    return circumstances_of(subject.kind, subject.id, rows)


def obligations_apply_event(event: Event) -> None:
    """Meet, end and open the subject's obligations for one newly recorded event."""
    subject = SubjectRef.of_event(event)
    context = engine_context(subject.kind)
    relevant = context.relevant_event_types
    if event.type not in relevant:
        return
    latest: date | None = (
        subject.events()
        .filter(type__in=relevant)
        .exclude(pk=event.pk)
        .aggregate(Max("occurred_on"))["occurred_on__max"]
    )
    today = clock.today()
    late = latest is not None and event.occurred_on < latest
    since = dated_since() if not late and event.occurred_on < today else None
    if since is not None:
        # A dated fact (a birthday) between the event's day and today came first: replay in order.
        first = max(add_days(event.occurred_on, 1), since)
        late = first <= today and bool(dated_facts(subject.kind, subject.id, first, today))
    if late:
        # Recorded late: what it changes depends on what came after, so replay the subject's history.
        obligations_rebuild(subject, context=context)
        return
    open_rows = list(subject.obligations().select_for_update().filter(status=ObligationStatus.OPEN))
    states = [_state(row) for row in open_rows]
    circumstances = (
        _circumstances(subject, context, before=event) if context.reads_circumstances(event.type) else None
    )
    opened = apply_event(states, _fact(event), context, circumstances)
    changed = [state for state in states if state.changed]
    if not changed and not opened:
        return
    rows = obligation_rows(subject, [*changed, *opened], subject.owner())
    _update(rows[: len(changed)], UPDATED_FIELDS)
    Obligation.objects.bulk_create(rows[len(changed) :])


def _update(rows: list[Obligation], fields: list[str]) -> None:
    """Save these fields of stored obligations: one row (an event mostly meets one) as a plain UPDATE, rather than
    the CASE a field that bulk_update builds, which costs far more to build than the row takes to write."""
    if len(rows) == 1:
        row = rows[0]
        names = [field.attname for field in Obligation._meta.concrete_fields if field.name in fields]
        Obligation.objects.filter(pk=row.pk).update(**{name: getattr(row, name) for name in names})
    else:
        Obligation.objects.bulk_update(rows, fields)


def dated_since() -> date | None:
    """The first day `hearth daily` has covered: dated facts (birthdays) start clocks from then on, never before,
    so a rebuild gives what day-by-day running gave, and a council's history from before Hearth ran does not fill
    with duties no one was asked to do. None: the daily run has never run, so no dated fact starts a clock."""
    return DailyRun.objects.aggregate(first=Min("first_day"))["first"]


UPDATED_FIELDS = [
    "start_date",
    "due_date",
    "earliest_date",
    "started_by",
    "status",
    "met_by",
    "closed_on",
    "paused_on",
    "paused_by",
    "pause_review_on",
]


def obligations_rebuild(
    subject: SubjectRef | int, *, context: EngineContext | None = None, through: date | None = None
) -> list[Redated]:
    """Replay a subject's events, and its dated facts up to `through` (today), from scratch: late entries,
    imports, rule corrections, corrected dates of birth and the daily command come through here. A bare id is a
    child's.

    Stored rows are kept where the replay gives the same rule again (matched in start order), so an
    obligation keeps its identity; only what the replay no longer gives is deleted. Returns the open obligations
    whose dates moved, for the audit trail (`obligations_rebuild_audited`).
    """
    if isinstance(subject, int):
        subject = SubjectRef.child(subject)
    context = context or engine_context(subject.kind)
    through = through or clock.today()
    events = [
        _fact(event)
        for event in subject.events()
        .filter(type__in=context.relevant_event_types)
        .order_by("occurred_on", "pk")
    ]
    since = dated_since()
    if since is not None and since <= through:
        events += dated_facts(subject.kind, subject.id, since, through)
    circumstances = Circumstances(base=dict(base_facts(subject.kind, [subject.id]).get(subject.id, {})))
    replayed = replay(events, context, circumstances)
    existing = list(subject.obligations().select_for_update().order_by("start_date", "pk"))
    before = {row.pk: row for row in existing}
    by_rule: dict[str, list[Obligation]] = {}
    for row in existing:
        by_rule.setdefault(row.rule_id, []).append(row)
    for state in sorted(replayed, key=lambda item: item.start_date):
        rows = by_rule.get(state.rule_id)
        if rows:
            state.pk = rows.pop(0).pk
    leftover = [row for rows in by_rule.values() for row in rows]
    Obligation.objects.filter(pk__in=[row.pk for row in leftover]).delete()
    rows = obligation_rows(subject, replayed, subject.owner())
    matched = [row for row in rows if row.pk is not None]
    # Open work belongs to whoever holds the case now; finished work keeps the worker who did it.
    still_open = [row for row in matched if row.status == ObligationStatus.OPEN]
    Obligation.objects.bulk_update(still_open, [*UPDATED_FIELDS, "owner", "team"])
    Obligation.objects.bulk_update([row for row in matched if row not in still_open], UPDATED_FIELDS)
    created = Obligation.objects.bulk_create([row for row in rows if row.pk is None])
    changes = [
        Redated(row.pk, row.rule_id, "redate", _dates(before[row.pk]), _dates(row))
        for row in still_open
        if _dates(before[row.pk]) != _dates(row)
    ]
    changes += [Redated(row.pk, row.rule_id, "delete", _dates(row), None) for row in leftover]
    changes += [
        Redated(row.pk, row.rule_id, "create", None, _dates(row)) for row in created if row.pk is not None
    ]
    return changes


def _dates(row: Obligation) -> dict[str, str]:
    return {"start_date": str(row.start_date), "due_date": str(row.due_date), "status": str(row.status)}


@dataclass(frozen=True)
class Redated:
    """What a rebuild changed about an obligation: an open one moved ("redate"), one it no longer gives ("delete")
    or a new one ("create"), with its dates before and after."""

    pk: int
    rule_id: str
    change: str
    was: dict[str, str] | None
    now: dict[str, str] | None


def obligations_rebuild_audited(subject: SubjectRef | int, *, by: Any) -> list[Redated]:
    """Rebuild a subject's obligations after a correction to what their dates come from (a date of birth), and
    record in the audit trail each obligation it moved, removed or opened: who, when, before and after."""
    if isinstance(subject, int):
        subject = SubjectRef.child(subject)
    moved = obligations_rebuild(subject)
    at = clock.now()
    ChangeLog.objects.bulk_create(
        ChangeLog(
            user=by,
            at=at,
            child_id=subject.id if subject.kind is Subject.CHILD else None,
            model="core.obligation",
            object_id=item.pk,
            action=item.change,
            before={"rule_id": item.rule_id, **item.was} if item.was is not None else None,
            after={"rule_id": item.rule_id, **item.now} if item.now is not None else None,
        )
        for item in moved
    )
    return moved


def obligations_to_front_door(*, child_id: int) -> int:
    """When no one holds the child any longer, the duties the front door owns for a child no one holds
    (Owner.ALLOCATED_OR_FRONT_DOOR: a missing child's return interview) go to it."""
    rules = [item.id for item in all_rules() if item.owner == Owner.ALLOCATED_OR_FRONT_DOOR]
    return Obligation.objects.filter(
        child_id=child_id, status=ObligationStatus.OPEN, rule_id__in=rules
    ).update(owner_id=None, team_id=_front_door_team())


def obligations_reassign(*, child_id: int, worker_id: int | None, team_id: int | None) -> int:
    """Move a child's open obligations to a newly allocated worker and team."""
    open_obligations = Obligation.objects.filter(child_id=child_id, status=ObligationStatus.OPEN)
    worker_rules = [
        r
        for r in set(open_obligations.values_list("rule_id", flat=True))
        if rule(r).owner in (Owner.ALLOCATED_WORKER, Owner.ALLOCATED_OR_FRONT_DOOR)
    ]
    front_door_rules = [
        r
        for r in set(open_obligations.values_list("rule_id", flat=True))
        if rule(r).owner == Owner.FRONT_DOOR
    ]
    open_obligations.filter(rule_id__in=worker_rules).update(owner_id=worker_id)
    return open_obligations.exclude(rule_id__in=front_door_rules).update(team_id=team_id)
