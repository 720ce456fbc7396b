"""The manager's sight of a failed child protection visit. The visit itself is recorded by `hearth.visits` (ADR 18):
not seen alerts the manager the same day and starts a follow-up due within a local number of working days, met by
the next visit where the child is seen (inspection report 2012 paragraph 19)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import clock, policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.events import event_record
from hearth.core.models import Event
from hearth.organisation.models import StaffUser
from hearth.visits.models import Visit


def failed_visit_seen(*, visit: Visit, note: str, by: StaffUser, on: date | None = None) -> Visit:
    """The child's manager has seen the failed visit and says what happens next."""
    errors: dict[str, str] = {}
    if visit.kind != "cp" or visit.seen:
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
