"""Statutory visits to a child on a protection plan: seen, seen alone, bedroom seen, or not seen and why. A failed
visit (not seen) alerts the manager the same day and starts a follow-up due within a local number of working
days, met by the next visit where the child is seen (inspection report 2012 paragraph 19)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.children_in_need.cin_plans import seen_text
from hearth.children_in_need.models import Visit, VisitKind
from hearth.core.audit import audit_change, snapshot
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.models import Event
from hearth.core.validation import past_date_problem
from hearth.organisation.authority import sign_off_problem
from hearth.organisation.models import StaffUser
from hearth.protection.models import ChildProtectionPlan


def cp_visit_record(
    *,
    plan: ChildProtectionPlan,
    visit_date: date | None,
    seen: bool | None,
    seen_alone: bool,
    bedroom_seen: bool,
    not_seen_reason: str,
    note: str,
    by: StaffUser,
) -> Visit:
    """A statutory visit: seen meets the visiting clock; not seen is a failed visit the manager must see."""
    errors: dict[str, str] = {}
    if plan.end_date is not None:
        errors["visit_date"] = (
            f"This plan ended on {long_date(plan.end_date)}: the visit cannot be recorded on it."
        )
    if problem := past_date_problem(visit_date, "the date of the visit"):
        errors.setdefault("visit_date", problem)
    elif visit_date is not None and visit_date < plan.start_date:
        errors.setdefault(
            "visit_date", f"The visit cannot be before the plan started ({long_date(plan.start_date)})."
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
    assert visit_date is not None and seen is not None
    with transaction.atomic():
        visit = Visit.objects.create(
            child_id=plan.child_id,
            kind=VisitKind.CHILD_PROTECTION,
            cp_plan=plan,
            visit_date=visit_date,
            seen=seen,
            seen_alone=seen and seen_alone,
            bedroom_seen=seen and bedroom_seen,
            not_seen_reason="" if seen else not_seen_reason.strip(),
            note=note.strip(),
            recorded_by=by,
        )
        audit_change(user=by, instance=visit, action="create", before=None, child_id=plan.child_id)
        if seen:
            event_record(
                child_id=plan.child_id,
                type="cp_visit.completed",
                occurred_on=visit_date,
                recorded_by=by,
                record=visit,
                payload={
                    "seen": True,
                    "seen_alone": visit.seen_alone,
                    "seen_text": seen_text(True, visit.seen_alone),
                    "bedroom_seen": visit.bedroom_seen,
                },
            )
        else:
            event_record(
                child_id=plan.child_id,
                type="cp_visit.failed",
                occurred_on=visit_date,
                recorded_by=by,
                record=visit,
                payload={"reason": visit.not_seen_reason[:200]},
            )
    return visit


def failed_visit_seen(*, visit: Visit, note: str, by: StaffUser, on: date | None = None) -> Visit:
    """The child's manager has seen the failed visit and says what happens next."""
    errors: dict[str, str] = {}
    if visit.kind != VisitKind.CHILD_PROTECTION or visit.seen:
        errors["__all__"] = "Only a failed child protection visit needs the manager to see it."
    elif visit.manager_seen_by_id is not None:
        errors["__all__"] = "A manager has already seen this failed visit."
    elif problem := sign_off_problem(by, visit.child_id):
        errors["__all__"] = problem
    if not note.strip():
        errors["note"] = "Enter what you have decided or asked for after the failed visit."
    if errors:
        raise ValidationError(errors)
    day = on or timezone.localdate()
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if locked.manager_seen_by_id is not None:
            raise ValidationError({"__all__": "A manager has already seen this failed visit."})
        before = snapshot(locked)
        locked.manager_seen_by = by
        locked.manager_note = note.strip()
        locked.save(update_fields=["manager_seen_by", "manager_note"])
        audit_change(user=by, instance=locked, action="update", before=before, child_id=locked.child_id)
        failed_event = (
            Event.objects.filter(
                type="cp_visit.failed", record_type=Visit._meta.label_lower, record_id=locked.pk
            )
            .values_list("pk", flat=True)
            .first()
        )
        event_record(
            child_id=locked.child_id,
            type="cp_visit.failed_seen",
            occurred_on=max(day, locked.visit_date),
            recorded_by=by,
            record=locked,
            # Meets this visit's alert, not whichever of the child's failed visits is due first.
            payload={"failed_event": failed_event} if failed_event else {},
        )
    visit.manager_seen_by, visit.manager_note = locked.manager_seen_by, locked.manager_note
    return visit
