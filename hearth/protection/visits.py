"""Statutory visits to a child on a protection plan: seen, seen alone, bedroom seen, or not seen and why. A failed
visit (not seen) alerts the manager the same day and starts a follow-up due within a local number of working
days, met by the next visit where the child is seen (inspection report 2012 paragraph 19)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.children_in_need.cin_plans import seen_payload, visit_create, visit_refuse_bad_input
from hearth.children_in_need.models import Visit, VisitKind
from hearth.core import clock, policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.events import event_record
from hearth.core.models import Event
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
    policy.require(by, "child.record_work", plan.child)
    visit_refuse_bad_input(
        plan_start=plan.start_date,
        plan_end=plan.end_date,
        visit_date=visit_date,
        seen=seen,
        seen_alone=seen_alone,
        bedroom_seen=bedroom_seen,
        not_seen_reason=not_seen_reason,
    )
    assert visit_date is not None and seen is not None
    with transaction.atomic():
        visit = visit_create(
            child_id=plan.child_id,
            kind=VisitKind.CHILD_PROTECTION,
            plan_field="cp_plan",
            plan=plan,
            visit_date=visit_date,
            seen=seen,
            seen_alone=seen_alone,
            bedroom_seen=bedroom_seen,
            not_seen_reason=not_seen_reason,
            note=note,
            by=by,
        )
        if seen:
            event_record(
                child_id=plan.child_id,
                type="cp_visit.completed",
                occurred_on=visit_date,
                recorded_by=by,
                record=visit,
                payload=seen_payload(visit),
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
