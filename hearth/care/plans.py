"""A looked-after child's care plan and each placement's plan prepared (CPPCR 2010 regs 4 and 9; issue 16 item 5):
outcomes through the shared plans, then marked prepared, which meets the 10 and 5 working-day rules."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.care.models import CarePeriod, Placement
from hearth.core import policy
from hearth.core.audit import audited_update, locked_fresh
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.validation import past_date_problem
from hearth.organisation.models import StaffUser
from hearth.plans.models import PlanOutcome


def _problems(
    kind: str, has_outcomes: bool, prepared: date | None, starts: date, on: date | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if prepared is not None:
        errors["on"] = f"The {kind} was prepared on {long_date(prepared)}."
    elif not has_outcomes:
        errors["on"] = f"Add the {kind}'s outcomes first: what must change, who does what, by when."
    elif problem := past_date_problem(on, f"the date the {kind} was prepared"):
        errors["on"] = problem
    elif on is not None and on < starts:
        errors["on"] = f"The {kind} cannot be prepared before {long_date(starts)}."
    return errors


def care_plan_prepare(*, period: CarePeriod, on: date | None, by: StaffUser) -> CarePeriod:
    policy.require(by, "child.record_work", period.child)
    with transaction.atomic():
        period = locked_fresh(period)
        has = PlanOutcome.objects.filter(care_plan=period).exists()
        # Recorded from the day care began (reg 4(2) lets it come before the first placement: it is then recorded
        # on that day).
        errors = _problems("care plan", has, period.care_plan_prepared_on, period.start_date, on)
        if errors:
            raise ValidationError(errors)
        assert on is not None
        audited_update(period, by=by, child_id=period.child_id, care_plan_prepared_on=on)
        event_record(
            child_id=period.child_id, type="care_plan.prepared", occurred_on=on, recorded_by=by, record=period
        )
    return period


def placement_plan_prepare(
    *, placement: Placement, on: date | None, agreed_by_carer: bool, by: StaffUser
) -> Placement:
    child = placement.period.child
    policy.require(by, "child.record_work", child)
    with transaction.atomic():
        placement = locked_fresh(placement)
        has = PlanOutcome.objects.filter(placement_plan=placement).exists()
        errors = _problems("placement plan", has, placement.plan_prepared_on, placement.start_date, on)
        if not errors and placement.end_date is not None:
            errors["on"] = (
                f"This placement ended on {long_date(placement.end_date)}: its plan can no longer be agreed."
            )
        if not errors and not agreed_by_carer:
            errors["agreed_by_carer"] = "The placement plan is agreed with the carer: say that it was."
        if errors:
            raise ValidationError(errors)
        assert on is not None
        audited_update(placement, by=by, child_id=child.pk, plan_prepared_on=on, plan_agreed_by_carer=True)
        event_record(
            child_id=child.pk,
            type="placement_plan.prepared",
            occurred_on=on,
            recorded_by=by,
            record=placement,
        )
    return placement
