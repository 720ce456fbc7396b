"""Actions on staff and allocations."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.events import event_record
from hearth.core.timescales.store import obligations_reassign, obligations_to_front_door
from hearth.core.versions import locked_at_version, save_new_version
from hearth.organisation.models import Allocation, StaffUser, Team, TrainingRecord
from hearth.organisation.roles import PARTNER_ROLES, Role


def allocation_change(
    *, child_id: int, worker: StaffUser, team: Team, start_date: date, reason: str, by: StaffUser | None
) -> Allocation:
    """Allocate a child to a worker and team from a date; the current allocation ends on that date."""
    if by is not None:
        policy.require(by, "child.allocate", policy.record_of("child.allocate", pk=child_id))
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
        obligations_to_front_door(child_id=child_id)
    return current


def caseload_transfer(
    *,
    child_ids: list[int],
    worker: StaffUser,
    team: Team,
    start_date: date,
    reason: str,
    by: StaffUser,
) -> list[Allocation]:
    """Transfer children to another worker and team with a reason: all of them or, when one is refused, none.

    The person transferring must have a manager's authority over each child's current team
    (`sign_off_problem`: the team's manager, or the head of the team's service).
    """
    # A manager's work (the page checks the worker the children come from); authority over each child below.
    policy.require(by, "caseload.manage")
    if not child_ids:
        raise ValidationError({"children": "Choose the children to transfer."})
    for child_id in child_ids:
        if policy.refusal(by, "child.sign_off", policy.record_of("child.sign_off", pk=child_id)) is not None:
            raise ValidationError(
                {
                    "children": "You can transfer only children held by a team you manage (or, as head of "
                    "service, by a team in your service): ask the manager of the child's team."
                }
            )
    with transaction.atomic():
        return [
            allocation_change(
                child_id=child_id, worker=worker, team=team, start_date=start_date, reason=reason, by=by
            )
            for child_id in child_ids
        ]


WORKFORCE_FIELDS = (
    "qualification_date",
    "social_work_england_number",
    "registration_renewal_date",
    "vetting_renewal_date",
    "last_appraisal_date",
    "full_time_equivalent",
    "is_agency_worker",
)


def staff_workforce_update(
    *, staff: StaffUser, values: dict[str, Any], version: int | None, today: date, by: StaffUser
) -> StaffUser:
    """Record a member of staff's workforce details (qualification, registration, vetting, appraisal, hours).

    Refused, with nothing saved, if someone else changed them since the form was opened at `version` (ADR 19)."""
    policy.require(by, "workforce.change", staff)
    errors: dict[str, str] = {}
    for name in ("qualification_date", "last_appraisal_date"):
        if values.get(name) is not None and values[name] > today:
            label = "qualification date" if name == "qualification_date" else "last appraisal date"
            errors[name] = f"The {label} must be today or earlier."
    number = str(values.get("social_work_england_number") or "").strip().upper()
    if number and not re.fullmatch(r"SW\d{1,8}", number):
        errors["social_work_england_number"] = (
            "Enter the Social Work England number as SW followed by digits, for example SW123456."
        )
    hours = values.get("full_time_equivalent")
    if hours is not None and not Decimal("0.1") <= hours <= Decimal(1):
        errors["full_time_equivalent"] = "Enter the full-time equivalent between 0.1 and 1, for example 0.6."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = locked_at_version(
            StaffUser.objects.get(pk=staff.pk), version, what="member of staff's details"
        )
        before = snapshot(locked)
        for name in WORKFORCE_FIELDS:
            if name in values:
                setattr(locked, name, values[name])
        locked.social_work_england_number = number
        locked.full_clean(exclude=["password", "version"])
        save_new_version(locked, list(WORKFORCE_FIELDS))
        audit_change(user=by, instance=locked, action="update", before=before, child_id=None)
        _workforce_clocks(locked, before, by, today)
    return locked


# A workforce date and the event that (re)starts its clock when it changes (the rules in timescales.py).
RENEWAL_EVENTS = {
    "registration_renewal_date": "staff.registration_renewal_set",
    "vetting_renewal_date": "staff.vetting_renewal_set",
}


def _workforce_clocks(staff: StaffUser, before: dict[str, Any], by: StaffUser, today: date) -> None:
    """Changed renewal dates start the renewal's clock, due on the new date; a new appraisal date is an
    appraisal held on that day (issue 14: these duties are rules on the engine)."""
    for name, event_type in RENEWAL_EVENTS.items():
        new = getattr(staff, name)
        if str(new) == str(before.get(name)):
            continue
        if new is None:  # cleared: the renewal is no longer tracked
            event_record(
                staff_id=staff.pk, type=f"{event_type[:-4]}_cleared", occurred_on=today, recorded_by=by
            )
            continue
        event_record(
            staff_id=staff.pk,
            type=event_type,
            # A date already passed is overdue from that date, not from today.
            occurred_on=min(today, new),
            recorded_by=by,
            payload={"due_date": new.isoformat()},
        )
    appraised = staff.last_appraisal_date
    if appraised is not None and str(appraised) != str(before.get("last_appraisal_date")):
        event_record(staff_id=staff.pk, type="staff.appraised", occurred_on=appraised, recorded_by=by)


def training_record_add(
    *, staff: StaffUser, course: str, completed_on: date, expires_on: date | None, by: StaffUser
) -> TrainingRecord:
    policy.require(by, "workforce.change", staff)
    errors: dict[str, str] = {}
    if not course.strip():
        errors["course"] = "Enter the name of the course."
    if expires_on is not None and expires_on < completed_on:
        errors["expires_on"] = "The expiry date must be on or after the date the course was completed."
    if errors:
        raise ValidationError(errors)
    record = TrainingRecord(
        staff=staff, course=course.strip(), completed_on=completed_on, expires_on=expires_on
    )
    with transaction.atomic():
        record.full_clean()
        record.save()
        audit_change(user=by, instance=record, action="create", before=None, child_id=None)
    return record
