"""A child protection plan's life: started by a conference's decision, finalised once every outcome is
measurable, its category changed or the plan ended by a review conference; ending steps the child down to a
child in need plan. Flags: a second or subsequent plan (ever, and within two years) and a plan nearing two years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.children_in_need.cin_plans import cin_plan_start
from hearth.children_in_need.closure import plan_end
from hearth.children_in_need.models import CinEpisode, CinPlan
from hearth.core import policy
from hearth.core.audit import audit_change, locked_fresh, snapshot
from hearth.core.calendar import add_calendar_months
from hearth.core.codesets import CategoryOfAbuse
from hearth.core.council_settings import setting_value
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.versions import locked_at_version, save_new_version
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import MANAGER_ROLES
from hearth.people.models import Person
from hearth.plans.services import outcome_problems, plan_outcomes
from hearth.protection.models import ChildProtectionPlan
from hearth.signoff.kinds import kind_of
from hearth.signoff.services import decision_record, sign_off_required, sign_off_withdraw

TWO_YEARS = timedelta(days=731)


def cp_plan_start(
    *,
    child: Person,
    cin_episode: CinEpisode | None,
    start_date: date,
    category: str,
    risks: str,
    by: StaffUser,
) -> ChildProtectionPlan:
    """Called by the conference that decides on a plan (the conference has checked its own inputs)."""
    policy.require(by, "child.record_work", child)
    if category not in CategoryOfAbuse.values:
        raise ValidationError({"category": "Choose the category of abuse (the CIN census code)."})
    if ChildProtectionPlan.objects.filter(child=child, end_date=None).exists():
        raise ValidationError({"decision": "The child is already on a child protection plan."})
    with transaction.atomic():
        if cin_episode is not None:
            # The child in need plan gives way to the protection plan (its visits and reviews end with it).
            for current in CinPlan.objects.select_for_update().filter(episode=cin_episode, end_date=None):
                plan_end(plan=current, ended_on=start_date, by=by)
        plan = ChildProtectionPlan.objects.create(
            child=child,
            cin_episode=cin_episode,
            start_date=start_date,
            initial_category=category,
            latest_category=category,
            risks=risks.strip(),
        )
        audit_change(user=by, instance=plan, action="create", before=None, child_id=child.pk)
        event_record(
            child_id=child.pk,
            type="cp_plan.started",
            occurred_on=start_date,
            recorded_by=by,
            record=plan,
            payload={"category": CategoryOfAbuse(category).label},
        )
    return plan


def cp_plan_risks_update(
    *, plan: ChildProtectionPlan, risks: str, version: int | None, by: StaffUser
) -> ChildProtectionPlan:
    """The risks the chair identified, as carried into the plan (corrected or added to before it is finalised);
    refused, nothing saved, if someone else changed them since the form was opened at `version` (ADR 19)."""
    policy.require(by, "child.record_work", plan.child)
    if plan.end_date is not None:
        raise ValidationError(
            {"risks": f"The plan ended on {long_date(plan.end_date)}: it can no longer change."}
        )
    if not risks.strip():
        raise ValidationError({"risks": "Enter the risks the chair identified."})
    with transaction.atomic():
        locked_at_version(plan, version, what="plan's risks")
        before = snapshot(plan)
        plan.risks = risks.strip()
        save_new_version(plan, ["risks"])
        audit_change(user=by, instance=plan, action="update", before=before, child_id=plan.child_id)
    return plan


def finalise_problems(plan: ChildProtectionPlan) -> dict[str, str]:
    """What stops the plan being finalised: the chair's risks and a measurable outcome for each."""
    errors: dict[str, str] = {}
    if plan.finalised_on is not None:
        errors["__all__"] = f"The plan was finalised on {long_date(plan.finalised_on)}."
    if plan.end_date is not None:
        errors["__all__"] = f"The plan ended on {long_date(plan.end_date)}."
    if not plan.risks:
        errors["risks"] = "Record the risks the chair identified before finalising the plan."
    outcomes = plan_outcomes(plan)
    if not outcomes:
        errors["outcomes"] = "Add the plan's outcomes before finalising it."
    for outcome in outcomes:
        lacking = outcome_problems(plan, outcome.__dict__)
        if lacking:
            errors[f"outcome_{outcome.pk}"] = (
                f"'{outcome.what_must_change[:60]}' is not measurable yet: {' '.join(lacking.values())}"
            )
    return errors


def cp_plan_sign_off_required(on: date) -> bool:
    return sign_off_required(kind_of("cp_plan"), on)


def cp_plan_finalise(
    *, plan: ChildProtectionPlan, finalised_on: date, by: StaffUser, rationale: str = ""
) -> ChildProtectionPlan:
    """The plan is finalised only when it carries the chair's risks and every outcome is measurable. Where the
    council asks a manager to sign plans off (`sign_off_cp_plan`), only a manager over the child's team may
    finalise it, with a rationale: the worker sends it for sign-off."""
    policy.require(by, "child.record_work", plan.child)
    if cp_plan_sign_off_required(finalised_on):
        policy.refusal(
            by, "child.sign_off", plan.child
        )  # a refusal is logged here, outside the transaction that a refusal rolls back
    with transaction.atomic():
        locked_fresh(plan)
        errors = finalise_problems(plan)
        signed = cp_plan_sign_off_required(finalised_on)
        if signed:
            if by.role not in MANAGER_ROLES:
                errors.setdefault(
                    "__all__", "Only a manager can finalise the plan: send it to the manager for sign-off."
                )
            elif problem := policy.problem(by, "child.sign_off", plan.child):
                errors.setdefault("__all__", problem)
            if not rationale.strip():
                errors["rationale"] = "Enter the rationale for signing off the plan."
        if errors:
            raise ValidationError(errors)
        decision_record(
            kind="cp_plan",
            subject=plan,
            child_id=plan.child_id,
            by=by,
            on=finalised_on,
            approved=True,
            rationale=rationale,
            changes={"finalised_on": finalised_on},
            event="cp_plan.finalised",
            settle=signed,
        )
    return plan


def cp_plan_change_category(
    *, plan: ChildProtectionPlan, category: str, changed_on: date, by: StaffUser
) -> ChildProtectionPlan:
    policy.require(by, "child.record_work", plan.child)
    if category not in CategoryOfAbuse.values:
        raise ValidationError({"category": "Choose the new category of abuse (the CIN census code)."})
    if category == plan.latest_category:
        raise ValidationError({"category": "That is the plan's category already: choose another."})
    with transaction.atomic():
        before = snapshot(plan)
        plan.latest_category = category
        plan.save(update_fields=["latest_category"])
        audit_change(user=by, instance=plan, action="update", before=before, child_id=plan.child_id)
        event_record(
            child_id=plan.child_id,
            type="cp_plan.category_changed",
            occurred_on=changed_on,
            recorded_by=by,
            record=plan,
            payload={"category": CategoryOfAbuse(category).label},
        )
    return plan


def cp_plan_end(*, plan: ChildProtectionPlan, ended_on: date, by: StaffUser) -> ChildProtectionPlan:
    """End the plan; the child steps down to a child in need plan in the same episode (the step-down protocol)."""
    if plan.end_date is not None:
        raise ValidationError({"__all__": f"The plan ended on {long_date(plan.end_date)}."})
    if ended_on < plan.start_date:
        raise ValidationError(
            {"held_on": f"The plan cannot end before it started ({long_date(plan.start_date)})."}
        )
    with transaction.atomic():
        before = snapshot(plan)
        plan.end_date = ended_on
        plan.save(update_fields=["end_date"])
        audit_change(user=by, instance=plan, action="update", before=before, child_id=plan.child_id)
        event_record(
            child_id=plan.child_id, type="cp_plan.ended", occurred_on=ended_on, recorded_by=by, record=plan
        )
        sign_off_withdraw(kind="cp_plan", subject=plan, by=by, on=ended_on, reason="The plan ended.")
        episode = plan.cin_episode
        if episode is not None and episode.is_open and not episode.plans.filter(end_date=None).exists():
            cin_plan_start(episode=episode, start_date=ended_on, by=by, after_protection=True)
    return plan


@dataclass(frozen=True)
class PlanFlags:
    previous_plans: int
    previous_within_two_years: int
    approaching_two_years: bool

    @property
    def labels(self) -> list[str]:
        labels = []
        if self.previous_plans:
            labels.append(f"Second or subsequent plan ({self.previous_plans} before)")
        if self.previous_within_two_years:
            labels.append("A previous plan ended within the last two years")
        if self.approaching_two_years:
            labels.append("Plan approaching two years")
        return labels


def plan_flags(plan: ChildProtectionPlan, today: date) -> PlanFlags:
    """CIN census NumberOfPreviousCPP and the flags the 2012 inspection asked for."""
    earlier = ChildProtectionPlan.objects.filter(child_id=plan.child_id, start_date__lt=plan.start_date)
    within = earlier.filter(end_date__gte=plan.start_date - TWO_YEARS).count()
    months = int(setting_value("cp_plan_long_warning_months", plan.start_date))
    long_running = plan.end_date is None and today >= add_calendar_months(plan.start_date, months)
    return PlanFlags(earlier.count(), within, long_running)
