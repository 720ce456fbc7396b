"""Recording a statutory visit of any kind (ADR 18): the refusals every visit shares, the visit and its audit row,
and the kind's event (seen meets the kind's visiting rule; not seen is the kind's own event)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import clock, policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.dates import long_date
from hearth.core.events import event_of, event_record
from hearth.core.text import seen_text
from hearth.core.validation import past_date_problem
from hearth.visits.kinds import visit_kind
from hearth.visits.models import Visit

if TYPE_CHECKING:
    from hearth.organisation.models import StaffUser


def seen_payload(visit: Visit) -> dict[str, object]:
    """What a visit event says about the child being seen (the chronology's wording reads it)."""
    return {
        "seen": visit.seen,
        "seen_alone": visit.seen_alone,
        "seen_text": seen_text(visit.seen, visit.seen_alone),
        "bedroom_seen": visit.bedroom_seen,
    }


def visit_refuse_bad_input(
    *,
    plan_start: date,
    plan_end: date | None,
    plan_word: str = "plan",
    visit_date: date | None,
    seen: bool | None,
    seen_alone: bool,
    bedroom_seen: bool,
    not_seen_reason: str,
) -> None:
    """The refusals every visit shares, each naming its field."""
    errors: dict[str, str] = {}
    if plan_end is not None:
        errors["visit_date"] = (
            f"This {plan_word} ended on {long_date(plan_end)}: the visit cannot be recorded on it."
        )
    if problem := past_date_problem(visit_date, "the date of the visit"):
        errors.setdefault("visit_date", problem)
    elif visit_date is not None and visit_date < plan_start:
        errors.setdefault(
            "visit_date", f"The visit cannot be before the {plan_word} started ({long_date(plan_start)})."
        )
    if seen is None:
        errors["seen"] = "Say whether the child was seen."
    elif not seen:
        if seen_alone:
            errors["seen_alone"] = (
                "The child was not seen, so cannot have been seen alone: check both answers."
            )
        if bedroom_seen:
            errors["bedroom_seen"] = "Record the bedroom as seen only on a visit where the child was seen."
        if not not_seen_reason.strip():
            errors["not_seen_reason"] = "Enter why the child was not seen (for example, no access)."
    if errors:
        raise ValidationError(errors)


def visit_record(
    *,
    kind: str,
    plan: Any,
    visit_date: date | None,
    seen: bool | None,
    seen_alone: bool,
    bedroom_seen: bool,
    not_seen_reason: str,
    note: str,
    answers: dict[str, Any] | None = None,
    by: StaffUser,
) -> Visit:
    """A statutory visit against the kind's plan: seen meets the kind's visiting rule; not seen writes the kind's own
    event (a failed child protection visit alerts the manager the same day)."""
    declared = visit_kind(kind)
    child = declared.child_of(plan)
    policy.require(by, "child.record_work", child)
    unknown = set(answers or {}) - {name for name, _ in declared.questions}
    if unknown:
        raise ValidationError({"__all__": f"{declared.label} asks no question {', '.join(sorted(unknown))}."})
    visit_refuse_bad_input(
        plan_start=plan.start_date,
        plan_end=plan.end_date,
        plan_word=declared.plan_word,
        visit_date=visit_date,
        seen=seen,
        seen_alone=seen_alone,
        bedroom_seen=bedroom_seen,
        not_seen_reason=not_seen_reason,
    )
    assert visit_date is not None and seen is not None
    with transaction.atomic():
        visit = Visit.objects.create(
            child=child,
            kind=declared.key,
            **{declared.plan_field: plan},
            visit_date=visit_date,
            seen=seen,
            seen_alone=seen and seen_alone,
            bedroom_seen=seen and bedroom_seen,
            not_seen_reason="" if seen else not_seen_reason.strip(),
            note=note.strip(),
            answers=answers or {},
            recorded_by=by,
        )
        audit_change(user=by, instance=visit, action="create", before=None, child_id=child.pk)
        # A failed visit says when it was recorded: the manager's alert is due that day (`visits.rules`).
        failed = {"reason": visit.not_seen_reason[:200], "recorded_on": clock.today().isoformat()}
        event_record(
            child_id=child.pk,
            type=declared.seen_event if seen else declared.failed_event,
            occurred_on=visit_date,
            recorded_by=by,
            record=visit,
            # The kind's own answers ride on the event: a rule may read them (regulation 28's fewer visits agreed).
            payload=visit.answers | seen_payload(visit) | ({} if seen else failed),
        )
    return visit


def failed_visit_seen(*, visit: Visit, note: str, by: StaffUser, on: date | None = None) -> Visit:
    """The child's manager has seen the failed visit (of any kind) and says what happens next: meets the kind's
    manager alert for this visit (`visits.rules`)."""
    declared = visit_kind(visit.kind)
    errors: dict[str, str] = {}
    if visit.seen:
        errors["__all__"] = "Only a failed visit needs the manager to see it."
    elif visit.manager_seen_by_id is not None:
        errors["__all__"] = "A manager has already seen this failed visit."
    elif problem := policy.refusal(by, "child.sign_off", visit.child):
        errors["__all__"] = problem
    if not note.strip():
        errors["note"] = "Enter what you have decided or asked for after the failed visit."
    if errors:
        raise ValidationError(errors)
    day = on or clock.today()
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if locked.manager_seen_by_id is not None:
            raise ValidationError({"__all__": "A manager has already seen this failed visit."})
        before = snapshot(locked)
        locked.manager_seen_by = by
        locked.manager_note = note.strip()
        locked.save(update_fields=["manager_seen_by", "manager_note"])
        audit_change(user=by, instance=locked, action="update", before=before, child_id=locked.child_id)
        failed_event = event_of(declared.failed_event, locked)
        event_record(
            child_id=locked.child_id,
            type=declared.failed_seen_event,
            occurred_on=max(day, locked.visit_date),
            recorded_by=by,
            record=locked,
            # Meets this visit's alert, not whichever of the child's failed visits is due first.
            payload={"failed_event": failed_event} if failed_event else {},
        )
    visit.manager_seen_by, visit.manager_note = locked.manager_seen_by, locked.manager_note
    return visit
