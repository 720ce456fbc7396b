"""Plan outcomes and reviews for any kind of plan: one set of rules for what a measurable outcome needs."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import policy
from hearth.core.audit import audit_change
from hearth.core.events import event_record
from hearth.core.validation import past_date_problem
from hearth.organisation.models import StaffUser
from hearth.plans.kinds import Plan, plan_child_id, plan_kind
from hearth.plans.models import OutcomeProgress, PlanOutcome, PlanReview, Progress, ReviewKind


def outcome_problems(plan: Plan, values: dict[str, Any]) -> dict[str, str]:
    """What a measurable outcome lacks, by field: the one definition, used when adding and when finalising."""
    errors: dict[str, str] = {}
    if not str(values.get("what_must_change") or "").strip():
        errors["what_must_change"] = "Enter what must change for the child."
    if not str(values.get("action") or "").strip():
        errors["action"] = "Enter the action that will bring the change about."
    if plan_kind(plan).parents_and_professionals:
        if not str(values.get("parents_will_do") or "").strip():
            errors["parents_will_do"] = "Enter what the parents will do."
        if not str(values.get("professionals_will_do") or "").strip():
            errors["professionals_will_do"] = "Enter what each professional will do."
    if not str(values.get("owner") or "").strip():
        errors["owner"] = "Enter who will do this: a person or an agency."
    due_date = values.get("due_date")
    if due_date is None:
        errors["due_date"] = "Enter the date by when this must be done."
    elif due_date < plan.start_date:
        errors["due_date"] = (
            f"The date by when cannot be before the plan started ({plan.start_date:%-d %B %Y})."
        )
    if not str(values.get("measure") or "").strip():
        errors["measure"] = "Enter how we will know the outcome has been met (the measure)."
    return errors


def plan_outcomes(plan: Plan) -> list[PlanOutcome]:
    return list(PlanOutcome.objects.filter(**{plan_kind(plan).key: plan}))


def _open_problem(plan: Plan) -> str | None:
    if plan.end_date is not None:
        return f"This plan ended on {plan.end_date:%-d %B %Y}: it can no longer be changed."
    return None


def outcome_add(
    *,
    plan: Plan,
    what_must_change: str,
    action: str,
    owner: str,
    due_date: date | None,
    measure: str,
    by: StaffUser,
    on: date,
    parents_will_do: str = "",
    professionals_will_do: str = "",
) -> PlanOutcome:
    """A specific, measurable outcome: what must change, the action, who does it, by when, how we will know."""
    policy.require(by, "child.record_work", policy.record_of("child.record_work", pk=plan_child_id(plan)))
    values = {
        "what_must_change": what_must_change,
        "action": action,
        "owner": owner,
        "due_date": due_date,
        "measure": measure,
        "parents_will_do": parents_will_do,
        "professionals_will_do": professionals_will_do,
    }
    errors = outcome_problems(plan, values)
    if problem := _open_problem(plan):
        errors["what_must_change"] = problem
    if errors:
        raise ValidationError(errors)
    assert due_date is not None
    kind = plan_kind(plan)
    with transaction.atomic():
        outcome = PlanOutcome.objects.create(
            **{kind.key: plan},
            what_must_change=what_must_change.strip(),
            action=action.strip(),
            parents_will_do=parents_will_do.strip(),
            professionals_will_do=professionals_will_do.strip(),
            owner=owner.strip()[:120],
            due_date=due_date,
            measure=measure.strip(),
            added_on=on,
        )
        child_id = plan_child_id(plan)
        audit_change(user=by, instance=outcome, action="create", before=None, child_id=child_id)
        event_record(
            child_id=child_id,
            type="plan.outcome_added",
            occurred_on=on,
            recorded_by=by,
            record=outcome,
            payload={"plan": kind.title, "what": outcome.what_must_change[:120]},
        )
    return outcome


def progress_field(outcome: PlanOutcome) -> str:
    """The form field that carries progress on an outcome at a review."""
    return f"progress_{outcome.pk}"


def review_record(
    *,
    plan: Plan,
    review_date: date | None,
    summary: str,
    attendees: str,
    progress: dict[int, tuple[str, str]],
    by: StaffUser,
    kind: str = ReviewKind.REVIEW,
    write_event: bool = True,
) -> PlanReview:
    """A review of the plan, recording progress on every outcome still to be achieved; meets the review clock."""
    policy.require(by, "child.record_work", policy.record_of("child.record_work", pk=plan_child_id(plan)))
    errors: dict[str, str] = {}
    if (problem := _open_problem(plan)) or (
        problem := past_date_problem(review_date, "the date of the review")
    ):
        errors["review_date"] = problem
    elif review_date is not None and review_date < plan.start_date:
        errors["review_date"] = f"The review cannot be before the plan started ({plan.start_date:%-d %B %Y})."
    if not summary.strip():
        errors["summary"] = "Enter what the review found and decided."
    outcomes = [outcome for outcome in plan_outcomes(plan) if outcome.achieved_on is None]
    if not outcomes and not errors:
        errors["summary"] = "The plan has no outcomes to review: add the plan's outcomes first."
    for outcome in outcomes:
        chosen = progress.get(outcome.pk, ("", ""))[0]
        if chosen not in Progress.values:
            errors[progress_field(outcome)] = f"Choose the progress on '{outcome.what_must_change[:60]}'."
    if errors:
        raise ValidationError(errors)
    assert review_date is not None
    plan_type = plan_kind(plan)
    child_id = plan_child_id(plan)
    with transaction.atomic():
        review = PlanReview.objects.create(
            **{plan_type.key: plan},
            kind=kind,
            review_date=review_date,
            attendees=attendees.strip(),
            summary=summary.strip(),
            recorded_by=by,
        )
        audit_change(user=by, instance=review, action="create", before=None, child_id=child_id)
        for outcome in outcomes:
            chosen, note = progress[outcome.pk]
            OutcomeProgress.objects.create(review=review, outcome=outcome, progress=chosen, note=note.strip())
            if chosen == Progress.ACHIEVED:
                outcome.achieved_on = review_date
                outcome.save(update_fields=["achieved_on"])
        if not write_event:
            return review
        event_record(
            child_id=child_id,
            type=plan_type.reviewed_event,
            occurred_on=review_date,
            recorded_by=by,
            record=review,
            payload={"kind": ReviewKind(kind).label},
        )
    return review
