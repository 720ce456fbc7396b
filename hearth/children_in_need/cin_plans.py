"""Child in need plans and visits: a plan starts after an authorised assessment; visits record whether the
child was seen, seen alone and their bedroom seen, or why not."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.children_in_need.models import CinEpisode, CinPlan, Visit, VisitKind
from hearth.core import policy
from hearth.core.audit import audit_change
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.validation import past_date_problem
from hearth.organisation.models import StaffUser


def cin_plan_start(
    *, episode: CinEpisode, start_date: date | None, by: StaffUser, after_protection: bool = False
) -> CinPlan:
    """A child in need plan: after an authorised assessment, or stepping down from a child protection plan."""
    policy.require(by, "child.record_work", episode.child)
    errors: dict[str, str] = {}
    if not episode.is_open:
        errors["start_date"] = "This episode is closed: a plan needs an open child in need episode."
    elif episode.plans.filter(end_date=None).exists():
        errors["start_date"] = "This child already has a child in need plan: review that plan instead."
    elif not after_protection and not episode.assessments.exclude(authorisation_date=None).exists():
        errors["start_date"] = (
            "A child in need plan follows an authorised assessment: complete the assessment first."
        )
    if problem := past_date_problem(start_date, "the date the plan started"):
        errors.setdefault("start_date", problem)
    elif start_date is not None and start_date < episode.referral_date:
        errors.setdefault(
            "start_date", f"The plan cannot start before the referral ({long_date(episode.referral_date)})."
        )
    if errors:
        raise ValidationError(errors)
    assert start_date is not None
    with transaction.atomic():
        plan = CinPlan.objects.create(episode=episode, start_date=start_date)
        audit_change(user=by, instance=plan, action="create", before=None, child_id=episode.child_id)
        event_record(
            child_id=episode.child_id,
            type="cin_plan.started",
            occurred_on=start_date,
            recorded_by=by,
            record=plan,
        )
    return plan


def seen_text(seen: bool, seen_alone: bool) -> str:
    return "yes, seen alone" if seen and seen_alone else "yes" if seen else "no"


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
    visit_date: date | None,
    seen: bool | None,
    seen_alone: bool,
    bedroom_seen: bool,
    not_seen_reason: str,
) -> None:
    """The refusals every visit shares (child in need and child protection), each naming its field."""
    errors: dict[str, str] = {}
    if plan_end is not None:
        errors["visit_date"] = (
            f"This plan ended on {long_date(plan_end)}: the visit cannot be recorded on it."
        )
    if problem := past_date_problem(visit_date, "the date of the visit"):
        errors.setdefault("visit_date", problem)
    elif visit_date is not None and visit_date < plan_start:
        errors.setdefault(
            "visit_date", f"The visit cannot be before the plan started ({long_date(plan_start)})."
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


def visit_create(
    *,
    child_id: int,
    kind: str,
    plan_field: str,
    plan: object,
    visit_date: date,
    seen: bool,
    seen_alone: bool,
    bedroom_seen: bool,
    not_seen_reason: str,
    note: str,
    by: StaffUser,
) -> Visit:
    """The visit row and its audit row (inside the caller's transaction); the caller writes its own event."""
    visit = Visit.objects.create(
        child_id=child_id,
        kind=kind,
        **{plan_field: plan},
        visit_date=visit_date,
        seen=seen,
        seen_alone=seen and seen_alone,
        bedroom_seen=seen and bedroom_seen,
        not_seen_reason="" if seen else not_seen_reason.strip(),
        note=note.strip(),
        recorded_by=by,
    )
    audit_change(user=by, instance=visit, action="create", before=None, child_id=child_id)
    return visit


def visit_record(
    *,
    plan: CinPlan,
    visit_date: date | None,
    seen: bool | None,
    seen_alone: bool,
    bedroom_seen: bool,
    not_seen_reason: str,
    note: str,
    by: StaffUser,
) -> Visit:
    """A visit to a child on a child in need plan; a visit where the child was seen meets the visit clock."""
    policy.require(by, "child.record_work", plan.episode.child)
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
    child_id = plan.episode.child_id
    with transaction.atomic():
        visit = visit_create(
            child_id=child_id,
            kind=VisitKind.CHILD_IN_NEED,
            plan_field="cin_plan",
            plan=plan,
            visit_date=visit_date,
            seen=seen,
            seen_alone=seen_alone,
            bedroom_seen=bedroom_seen,
            not_seen_reason=not_seen_reason,
            note=note,
            by=by,
        )
        event_record(
            child_id=child_id,
            type="cin_visit.completed",
            occurred_on=visit_date,
            recorded_by=by,
            record=visit,
            payload=seen_payload(visit),
        )
    return visit
