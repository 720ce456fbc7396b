"""The daily run (`hearth daily`, issue 14 item 2): what changes because a day arrives rather than because something
was recorded. See the command's docstring for what it does; this module is the work, so tests and the demo call it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from hearth.core import clock
from hearth.core.events import event_type
from hearth.core.models import DailyRun, Event, Obligation
from hearth.core.tasks import background
from hearth.core.timescales.circumstances import Circumstances, base_facts
from hearth.core.timescales.dated import subjects_with_facts
from hearth.core.timescales.engine import EngineContext, EventFact, replay
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
    bulk, or before duties about staff were rules) and build their duties from everything recorded about them
    (supervisions and workforce dates from before this release, which the migrations made events): a thousand at a
    time, replayed in memory with the engine's own `replay` and written in bulk; staff who already have duties are
    rebuilt one by one."""
    joined = Event.objects.filter(type=JOINED, staff__isnull=False).values("staff_id")
    missing = list(
        get_user_model().objects.filter(is_active=True).exclude(pk__in=joined).values_list("pk", flat=True)
    )
    context = engine_context(Subject.STAFF)
    for start in range(0, len(missing), 1000):
        with transaction.atomic():
            _join_in_bulk(missing[start : start + 1000], today, context)
    return len(missing)


def _join_in_bulk(ids: list[int], today: date, context: EngineContext) -> None:
    declared = event_type(JOINED)
    now = clock.now()
    Event.objects.bulk_create(
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
    with_duties = set(
        Obligation.objects.filter(staff_id__in=ids).values_list("staff_id", flat=True).distinct()
    )
    for staff_id in sorted(with_duties):
        obligations_rebuild(SubjectRef(Subject.STAFF, staff_id), context=context, through=today)
    rest = [staff_id for staff_id in ids if staff_id not in with_duties]
    history: dict[int, list[EventFact]] = defaultdict(list)
    for pk, staff_id, kind, day, payload in (
        Event.objects.filter(staff_id__in=rest, child=None, type__in=context.relevant_event_types)
        .order_by("occurred_on", "pk")
        .values_list("pk", "staff_id", "type", "occurred_on", "payload")
    ):
        history[staff_id].append(EventFact(pk, kind, day, payload))
    facts, owners = base_facts(Subject.STAFF, rest), staff_owners(rest)
    rows: list[Obligation] = []
    for staff_id in rest:
        subject = SubjectRef(Subject.STAFF, staff_id)
        states = replay(history[staff_id], context, Circumstances(base=dict(facts.get(staff_id, {}))))
        rows += obligation_rows(subject, states, owners.get(staff_id, (None, None)))
    Obligation.objects.bulk_create(rows, batch_size=1000)


def _rebuild(subject: Subject, ids: set[int] | list[int], today: date) -> int:
    context = engine_context(subject)
    for subject_id in sorted(ids):
        with transaction.atomic():
            obligations_rebuild(SubjectRef(subject, subject_id), context=context, through=today)
    return len(ids)


_STEPS: dict[str, Callable[[date, date], int]] = {}


def daily_step_register(name: str, step: Callable[[date, date], int]) -> None:
    """A higher layer's part of the day's work (an app's `daily_steps.py`): called with the first and last day the run
    covers, once the clocks are up to date; it returns how many things it did, kept in the run's summary."""
    _STEPS[name] = step


class AlreadyRunning(Exception):
    """Another daily run started recently and has not finished."""


STILL_RUNNING = timedelta(hours=6)  # a run unfinished for longer than this is taken to have failed


PART = 500  # subjects rebuilt by one task of a queued run


def daily_run(today: date, *, since: date | None = None, queue: bool = False) -> DailyRun:
    """Cover each day from the day after the last finished run (or `since`) through today; a first run covers
    today. A run that failed part-way is covered again. Refused while another run is under way.

    With `queue` (`hearth daily`), the slow part, rebuilding the clocks of every subject whose dated facts fall in
    those days, goes on the task queue in parts of PART subjects, each tried again if it fails; the part that
    finishes last moves staff duties, runs the other apps' steps and marks the run finished. A run whose part failed
    for good stays unfinished, and the next night covers its days again."""
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
    subjects = [
        (subject, sorted(subjects_with_facts(subject, first, today)))
        for subject in (Subject.CHILD, Subject.STAFF)
    ]
    if not queue:
        dated = sum(_rebuild(subject, ids, today) for subject, ids in subjects)
        return _finish(run, dated, joined)
    parts = [
        (subject, ids[start : start + PART])
        for subject, ids in subjects
        for start in range(0, len(ids), PART)
    ]
    if not parts:
        return _finish(run, 0, joined)
    with transaction.atomic():  # the run and its parts on the queue, or neither
        run.parts = len(parts)
        run.summary = {"joined": joined}
        run.save(update_fields=["parts", "summary"])
        for number, (subject, ids) in enumerate(parts):
            daily_part_task.enqueue(
                run_pk=run.pk, part=number, subject=subject.value, ids=ids, today=today.isoformat()
            )
    return run


@background("Part of the daily run", retries=3)
def daily_part_task(run_pk: int, part: int, subject: str, ids: list[int], today: str) -> str:
    """Rebuild one part; each part is counted once, however often it is tried, and the try that finds every part
    done and the run not yet finished finishes it (a finish that failed is done again by the part's next try)."""
    day = date.fromisoformat(today)
    _rebuild(Subject(subject), ids, day)
    with transaction.atomic():
        run = DailyRun.objects.select_for_update().get(pk=run_pk)
        done = set(run.summary.get("parts", []))
        if part not in done:
            done.add(part)
            run.summary = {**run.summary, "parts": sorted(done)}
            run.parts_done = len(done)
            run.subjects_rebuilt += len(ids)
            run.save(update_fields=["summary", "parts_done", "subjects_rebuilt"])
    if run.parts_done == run.parts and run.finished_at is None:
        _finish(run, run.subjects_rebuilt, int(run.summary.get("joined", 0)))
    return f"part {part + 1} of {run.parts}"


def _finish(run: DailyRun, dated: int, joined: int) -> DailyRun:
    """The run's last steps once every clock is rebuilt: staff duties to their supervisors, the apps' steps."""
    with transaction.atomic():
        moved = staff_duties_reassign()
    steps = {name: step(run.first_day, run.last_day) for name, step in _STEPS.items()}
    run.finished_at = clock.now()
    run.subjects_rebuilt = dated
    run.summary = {"dated": dated, "joined": joined, "staff_duties_moved": moved, **steps}
    run.save(update_fields=["finished_at", "subjects_rebuilt", "summary"])
    return run
