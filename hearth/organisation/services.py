"""Actions on staff and allocations."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core.audit import audit_change, snapshot
from hearth.core.events import event_record
from hearth.core.timescales.store import obligations_reassign
from hearth.organisation.models import Allocation, StaffUser, Team
from hearth.organisation.roles import PARTNER_ROLES, Role


def allocation_change(
    *, child_id: int, worker: StaffUser, team: Team, start_date: date, reason: str, by: StaffUser | None
) -> Allocation:
    """Allocate a child to a worker and team from a date; the current allocation ends on that date."""
    errors: dict[str, str] = {}
    if not worker.is_active:
        errors["worker"] = f"{worker} is no longer active: choose an active worker."
    elif worker.role in PARTNER_ROLES or worker.role == Role.ADMINISTRATOR:
        errors["worker"] = f"{worker} is not a social care worker: choose a worker who can hold cases."
    if not reason.strip():
        errors["reason"] = "Enter the reason for the allocation."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Allocation.objects.select_for_update().filter(child_id=child_id, end_date=None).first()
        if current is not None:
            if start_date < current.start_date:
                raise ValidationError(
                    {"start_date": f"The allocation must start on or after {current.start_date:%-d %B %Y}."}
                )
            before = snapshot(current)
            current.end_date = start_date
            current.save(update_fields=["end_date"])
            audit_change(user=by, instance=current, action="update", before=before, child_id=child_id)
        allocation = Allocation(
            child_id=child_id, worker=worker, team=team, start_date=start_date, reason=reason, created_by=by
        )
        allocation.full_clean()
        allocation.save()
        audit_change(user=by, instance=allocation, action="create", before=None, child_id=child_id)
        obligations_reassign(child_id=child_id, worker_id=worker.pk, team_id=team.pk)
        event_record(
            child_id=child_id,
            type="allocation.changed",
            occurred_on=start_date,
            recorded_by=by,
            record=allocation,
            payload={"worker": worker.full_name, "team": team.name, "reason": reason},
        )
    return allocation


def allocation_end(*, child_id: int, end_date: date, by: StaffUser | None) -> Allocation | None:
    """The case closes: the current allocation ends, so the child leaves the worker's caseload."""
    with transaction.atomic():
        current = Allocation.objects.select_for_update().filter(child_id=child_id, end_date=None).first()
        if current is None:
            return None
        before = snapshot(current)
        current.end_date = max(end_date, current.start_date)
        current.save(update_fields=["end_date"])
        audit_change(user=by, instance=current, action="update", before=before, child_id=child_id)
    return current
