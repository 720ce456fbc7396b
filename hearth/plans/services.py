"""Plan outcomes and reviews for any kind of plan: one set of rules for what a measurable outcome needs."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from hearth.core import clock, policy
from hearth.core.audit import audit_change
from hearth.core.events import event_record
from hearth.core.validation import past_date_problem
from hearth.organisation.models import StaffUser
from hearth.people.families import ChildStep, also_about_problems, record_for_each, siblings_to_write
from hearth.people.models import Person, ProfessionalInvolvement
from hearth.people.partners import attributed_create, is_partner
from hearth.plans.kinds import Plan, live_plan, plan_child_id, plan_kind
from hearth.plans.models import (
    ActionUpdate,
    OutcomeProgress,
    PlanContribution,
    PlanOutcome,
    PlanReview,
    Progress,
    ReviewKind,
)


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
    """The plan's outcomes, each with its progress updates between reviews (newest first)."""
    updates = Prefetch(
        "updates", ActionUpdate.objects.select_related("recorded_by").order_by("-updated_on", "-pk")
    )
    return list(PlanOutcome.objects.filter(**{plan_kind(plan).key: plan}).prefetch_related(updates))


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
    owner_involvement: int | str | None = None,
) -> PlanOutcome:
    """A specific, measurable outcome: what must change, the action, who does it, by when, how we will know; and,
    where a partner in the child's network owns the action, who (they update its progress themselves)."""
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
    partner = None
    if owner_involvement is not None and owner_involvement != "":
        partner = ProfessionalInvolvement.objects.filter(
            pk=int(owner_involvement), child_id=plan_child_id(plan), end_date=None, staff_user__isnull=False
        ).first()
        if partner is None:
            errors["owner_involvement"] = "Choose a partner who is in the child's network today."
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
            owner_involvement=partner,
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
        # what the agencies sent for this meeting is part of its record
        contributions_waiting(plan, kind, up_to=review_date).update(review=review)
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


def action_update_record(*, outcome: PlanOutcome, values: dict[str, Any], by: StaffUser) -> ActionUpdate:
    """Progress on an outcome's action between reviews: by the child's social care staff, or by the partner who owns
    the action (a partner may not update someone else's). The worker sees a partner's update on their list."""
    plan = outcome.plan
    child = policy.record_of("plan.action_update", pk=plan_child_id(plan))
    policy.require(by, "plan.action_update", child)
    errors: dict[str, str] = {}
    owner = outcome.owner_involvement
    if is_partner(by) and (owner is None or owner.staff_user_id != by.pk or owner.end_date is not None):
        policy.log_refusal(by, "plan.action_update", child, path="", reason="Not the action's owner")
        errors["progress"] = f"This action is {outcome.owner}'s: only its owner may update its progress."
    if problem := _open_problem(plan):
        errors["progress"] = problem
    progress = values.get("progress") or ""
    if "progress" not in errors and progress not in Progress.values:
        errors["progress"] = "Choose the progress made."
    if not str(values.get("note") or "").strip():
        errors["note"] = "Say what has been done."
    day: date | None = values.get("updated_on")
    if problem := past_date_problem(day, "the date of the update"):
        errors["updated_on"] = problem
    elif day is not None and day < outcome.added_on:
        errors["updated_on"] = (
            f"The action was added on {outcome.added_on:%-d %B %Y}: the update cannot be before it."
        )
    if errors or day is None:
        raise ValidationError(errors)
    label = Progress(progress).label
    with transaction.atomic():
        return attributed_create(
            child=child,
            by=by,
            record=ActionUpdate(
                outcome=outcome,
                child=child,
                progress=progress,
                note=str(values["note"]).strip(),
                updated_on=day,
            ),
            event="plan.action_updated",
            occurred_on=day,
            payload={"action": outcome.action[:120], "progress": label},
            what=f"{label} on \u201c{outcome.action[:120]}\u201d",
            link=plan_kind(plan).page(plan),
        )


def contributions_listed() -> QuerySet[PlanContribution]:
    """Contributions as every list shows them: who wrote each, oldest first."""
    return PlanContribution.objects.select_related("recorded_by").order_by("recorded_at", "pk")


def contributions_waiting(plan: Plan, meeting: str, up_to: date | None = None) -> QuerySet[PlanContribution]:
    """The contributions to the plan's next meeting of this kind not yet read at one (written on or before
    `up_to`)."""
    found = contributions_listed().filter(
        **{plan_kind(plan).key: plan}, meeting=meeting, review=None, lac_review=None
    )
    if up_to is not None:
        found = found.filter(recorded_at__date__lte=up_to)
    return found


def reviews_of(plan: Plan, **narrower: Any) -> list[PlanReview]:
    """The plan's reviews, latest first, each with its progress per outcome and the contributions read at it."""
    return list(
        PlanReview.objects.filter(**{plan_kind(plan).key: plan}, **narrower).prefetch_related(
            "progress__outcome",
            Prefetch("contributions", contributions_listed()),
        )
    )


def contribution_record(*, plan: Plan, values: dict[str, Any], by: StaffUser) -> PlanContribution:
    """A professional's contribution to the plan's next core group, review or review conference: by a partner in
    the child's network (attributed to their agency, on the worker's list) or by the child's staff typing in what
    an agency sent (`agency`). Refused with the field named, nothing saved, for an ended plan, a meeting the plan
    does not hold, a meeting date before the plan or more than a year ahead, or nothing said."""
    child = policy.record_of("plan.contribute", pk=plan_child_id(plan))
    policy.require(by, "plan.contribute", child)
    errors: dict[str, str] = {}
    declared = plan_kind(plan)
    if problem := _open_problem(plan):
        errors["plan"] = problem
    meeting = values.get("meeting") or ""
    held = declared.contribution_meetings()
    if meeting not in held:
        named = " or ".join(ReviewKind(kind).label.lower() for kind in held) or "no meeting"
        errors["meeting"] = f"Choose the meeting this is for: the {declared.title.lower()} has a {named}."
    sent_by = "" if is_partner(by) else str(values.get("agency") or "").strip()
    if not is_partner(by) and not sent_by:
        errors["agency"] = "Enter the agency that sent this contribution."
    meeting_on: date | None = values.get("meeting_on")
    if meeting_on is not None and meeting_on < plan.start_date:
        errors["meeting_on"] = f"The meeting cannot be before the plan started ({plan.start_date:%-d %B %Y})."
    elif meeting_on is not None and meeting_on > clock.today() + timedelta(days=366):
        errors["meeting_on"] = "The meeting date is more than a year ahead: check the year."
    if not str(values.get("progress") or "").strip():
        errors["progress"] = "Say what your agency has done and seen since the last meeting."
    if errors:
        raise ValidationError(errors)
    key = declared.key
    label = ReviewKind(meeting).label.lower()
    with transaction.atomic():
        return attributed_create(
            child=child,
            by=by,
            on_behalf_of=sent_by,
            record=PlanContribution(
                **{key: plan},
                child=child,
                meeting=meeting,
                meeting_on=meeting_on,
                progress=str(values["progress"]).strip(),
                worries=str(values.get("worries") or "").strip(),
            ),
            event="plan.contribution",
            occurred_on=clock.today(),
            payload={"meeting": label, "plan": declared.title},
            what=f"A contribution to the {label}",
            link=declared.page(plan),
        )


def review_record_for_family(
    *,
    plan: Plan,
    sibling_plans: list[tuple[Plan, dict[int, tuple[str, str]]]],
    by: StaffUser,
    **shared: Any,
) -> list[PlanReview]:
    """One review of several brothers' and sisters' plans of the same kind, recorded once (issue 18): the date, who
    attended and what it found once; each plan's own progress per outcome, review and clock. Each child must live with
    the first and the recorder may write to each; any child's refusal refuses them all."""
    child = Person.objects.get(pk=plan_child_id(plan))
    others = [Person.objects.get(pk=plan_child_id(other)) for other, _ in sibling_plans]
    if problems := also_about_problems(child, others, by):
        raise ValidationError({"__all__": problems})
    common = {key: value for key, value in shared.items() if key != "progress"}
    steps = [ChildStep(child, "", partial(review_record, plan=plan, by=by, **shared))] + [
        ChildStep(other_child, "", partial(review_record, plan=other, by=by, progress=progress, **common))
        for other_child, (other, progress) in zip(others, sibling_plans, strict=True)
    ]
    with transaction.atomic():
        return record_for_each(
            steps, shared=[key for key in common if key != "kind"], own=("progress_", "note_")
        )


def sibling_plans_of_kind(user: StaffUser, plan: Plan) -> list[tuple[Person, Plan, list[PlanOutcome]]]:
    """The brothers and sisters living with the plan's child, with a live plan of the same kind, whose records the user
    may write to: each with that plan and its outcomes still to be achieved (one meeting may review them together)."""
    declared = plan_kind(plan)
    found = []
    for child in siblings_to_write(user, plan_child_id(plan)):
        if (other := live_plan(declared, child.pk)) is not None:
            found.append((child, other, [o for o in plan_outcomes(other) if o.achieved_on is None]))
    return found
