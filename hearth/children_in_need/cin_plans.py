"""Child in need plans: a plan starts after an authorised assessment (its visits are `hearth.visits`, ADR 18)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.children_in_need.models import CinEpisode, CinPlan
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
