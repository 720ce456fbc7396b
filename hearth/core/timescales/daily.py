"""The daily run (`hearth daily`, issue 14 item 2): what changes because a day arrives rather than because something
was recorded. See the command's docstring for what it does; this module is the work, so tests and the demo call it.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from hearth.core import clock
from hearth.core.events import event_record, event_type
from hearth.core.models import DailyRun, Event, Obligation
from hearth.core.timescales.circumstances import Circumstances, base_facts
from hearth.core.timescales.dated import subjects_with_facts
from hearth.core.timescales.engine import EngineContext, EventFact, apply_event
from hearth.core.timescales.rules import Subject
from hearth.core.timescales.store import (
    SubjectRef,
    engine_context,
    obligation_rows,
    obligations_rebuild,
    staff_duties_reassign,
    staff_owners,
)

JOINED = "staff.joined"


def _join_staff(today: date) -> int:
    """Write the event that starts the clocks about each active member of staff no event names yet (created in
    bulk, or before duties about staff were rules), and replay what else is recorded about them (supervisions held
    before this release, which the migration made events). Staff with nothing else recorded are joined in bulk:
    their events and the obligations the engine opens for them written a thousand at a time."""
    joined = Event.objects.filter(type=JOINED, staff__isnull=False).values("staff_id")
    missing = list(
        get_user_model().objects.filter(is_active=True).exclude(pk__in=joined).values_list("pk", flat=True)
    )
    context = engine_context(Subject.STAFF)
    with_history = set(
        Event.objects.filter(staff_id__in=missing, child=None).values_list("staff_id", flat=True).distinct()
    )
    for staff_id in sorted(with_history):
        with transaction.atomic():
            event_record(staff_id=staff_id, type=JOINED, occurred_on=today, recorded_by=None)
            obligations_rebuild(SubjectRef(Subject.STAFF, staff_id), context=context, through=today)
    fresh = [staff_id for staff_id in missing if staff_id not in with_history]
    for start in range(0, len(fresh), 1000):
        with transaction.atomic():
            _join_in_bulk(fresh[start : start + 1000], today, context)
    return len(missing)


def _join_in_bulk(ids: list[int], today: date, context: EngineContext) -> None:
    """Staff with nothing recorded about them: the `staff.joined` event each, and what the engine opens for it, as
    `event_record` would write them one by one (the same function decides; only the writing is in bulk)."""
    declared = event_type(JOINED)
    now = clock.now()
    events = Event.objects.bulk_create(
        Event(
            staff_id=staff_id,
            type=JOINED,
            significance=declared.significance,
            occurred_on=today,
            recorded_at=now,
            summary=declared.summarise({}),
            payload={},
        )
        for staff_id in ids
    )
    facts, owners = base_facts(Subject.STAFF, ids), staff_owners(ids)
    rows: list[Obligation] = []
    for event in events:
        assert event.staff_id is not None
        subject = SubjectRef(Subject.STAFF, event.staff_id)
        circumstances = Circumstances(base=dict(facts.get(event.staff_id, {})))
        opened = apply_event([], EventFact(event.pk, JOINED, today, {}), context, circumstances)
        rows += obligation_rows(subject, opened, owners.get(event.staff_id, (None, None)))
    Obligation.objects.bulk_create(rows, batch_size=1000)


def _rebuild(subject: Subject, ids: set[int] | list[int], today: date) -> int:
    context = engine_context(subject)
    for subject_id in sorted(ids):
        with transaction.atomic():
            obligations_rebuild(SubjectRef(subject, subject_id), context=context, through=today)
    return len(ids)


class AlreadyRunning(Exception):
    """Another daily run started recently and has not finished."""


STILL_RUNNING = timedelta(hours=6)  # a run unfinished for longer than this is taken to have failed


def daily_run(today: date, *, since: date | None = None) -> DailyRun:
    """Cover each day from the day after the last finished run (or `since`) through today; a first run covers
    today. A run that failed part-way is covered again. Refused while another run is under way."""
    with transaction.atomic():
        # One run at a time: the latest run's row is locked while this one is recorded.
        DailyRun.objects.select_for_update().order_by("-pk").first()
        if DailyRun.objects.filter(finished_at=None, started_at__gt=clock.now() - STILL_RUNNING).exists():
            raise AlreadyRunning("Another daily run is under way; this one did nothing.")
        last = DailyRun.objects.exclude(finished_at=None).order_by("-last_day", "-pk").first()
        first = since or (last.last_day + timedelta(days=1) if last is not None else today)
        first = min(first, today)  # run again on a day already covered: the same result (idempotent)
        run = DailyRun.objects.create(first_day=first, last_day=today, started_at=clock.now())
    joined = _join_staff(today)
    dated = 0
    for subject in (Subject.CHILD, Subject.STAFF):
        dated += _rebuild(subject, subjects_with_facts(subject, first, today), today)
    with transaction.atomic():
        moved = staff_duties_reassign()
    run.finished_at = clock.now()
    run.subjects_rebuilt = dated
    run.summary = {"dated": dated, "joined": joined, "staff_duties_moved": moved}
    run.save(update_fields=["finished_at", "subjects_rebuilt", "summary"])
    return run
