"""Closing a child in need episode: proposed by the worker with a CIN census reason, signed off by a manager.

A closure to early help (RC9) is not proposed here: it happens only through the step-down protocol, whose
handover closes the episode (hearth.earlyhelp.services).
"""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.children_in_need.models import CinEpisode, CinPlan
from hearth.core import clock, policy
from hearth.core.audit import audited_update, locked_fresh
from hearth.core.codesets import ReasonForClosure
from hearth.core.events import event_record
from hearth.core.validation import past_date_problem
from hearth.organisation.models import StaffUser
from hearth.organisation.services import allocation_end
from hearth.people.models import Person
from hearth.people.open_work import open_work_exists
from hearth.signoff.services import decision_record, sign_off_request, sign_off_settle, sign_off_withdraw

STEP_DOWN_ONLY = frozenset({ReasonForClosure.RC9})
AFTER_ASSESSMENT = frozenset({ReasonForClosure.RC8, ReasonForClosure.RC9})


def closed_after_assessment_only(episode: CinEpisode) -> bool:
    """Whether the episode may close as 'after assessment' (RC8, RC9): it has an assessment and no plan or
    enquiry (CIN census rules 8825Q and 2990). The protection records on the episode are named by label: child
    protection sits above children in need (ADR 15)."""
    enquiries = apps.get_model("protection", "Section47Enquiry").objects.filter(cin_episode=episode)
    return (
        episode.assessments.exists()
        and not episode.plans.exists()
        and not enquiries.exists()
        and not episode.protection_plans.exists()
    )


def closure_propose(
    *, episode: CinEpisode, reason: str, closed_on: date | None, summary: str, by: StaffUser
) -> CinEpisode:
    policy.require(by, "child.record_work", episode.child)
    errors: dict[str, str] = {}
    if not episode.is_open:
        errors["reason"] = "This episode is already closed."
    elif reason in STEP_DOWN_ONLY:
        errors["reason"] = (
            "A case closes to early help only through the step-down protocol: request a step-down instead."
        )
    elif reason not in ReasonForClosure.values:
        errors["reason"] = "Choose the reason for closure (the CIN census code RC1 to RC8)."
    elif reason in AFTER_ASSESSMENT and not closed_after_assessment_only(episode):
        errors["reason"] = (
            "RC8 is for a case closed after an assessment alone: this episode has no authorised assessment, "
            "or had a plan or an enquiry. Choose RC7 or the reason that fits."
        )
    if problem := past_date_problem(closed_on, "the date of closure"):
        errors["closed_on"] = problem
    elif closed_on is not None and closed_on < episode.referral_date:
        errors["closed_on"] = (
            f"The closure cannot be before the referral ({episode.referral_date:%-d %B %Y})."
        )
    if not summary.strip():
        errors["summary"] = "Enter the closing summary: why the case can close and what the family was told."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        audited_update(
            episode,
            by=by,
            child_id=episode.child_id,
            closure_proposed_on=closed_on,
            closure_proposed_reason=reason,
            closure_summary=summary.strip(),
            closure_proposed_by=by,
        )
        assert closed_on is not None
        event_record(
            child_id=episode.child_id,
            type="cin_episode.closure_proposed",
            occurred_on=closed_on,
            recorded_by=by,
            record=episode,
            payload={"reason": ReasonForClosure(reason).label, "reason_code": reason},
        )
        sign_off_request(kind="cin_closure", subject=episode, by=by, on=clock.today())
    return episode


def closure_sign_off(
    *, episode: CinEpisode, by: StaffUser, rationale: str, signed_off_on: date | None = None
) -> CinEpisode:
    """The manager's sign-off, with a rationale: the episode closes on the proposed date with the proposed reason."""
    policy.refusal(
        by, "child.sign_off", episode.child
    )  # a refusal is logged here, outside the transaction that a refusal rolls back
    with transaction.atomic():
        locked_fresh(episode)
        errors: dict[str, str] = {}
        if not episode.is_open:
            errors["__all__"] = "This episode is already closed."
        elif episode.closure_proposed_on is None:
            errors["__all__"] = "No closure has been proposed for this episode."
        elif problem := policy.problem(by, "child.sign_off", episode.child):
            errors["__all__"] = problem
        if not rationale.strip():
            errors["rationale"] = "Enter the rationale for closing the case."
        if errors:
            raise ValidationError(errors)
        closed_on = episode.closure_proposed_on
        assert closed_on is not None
        sign_off_settle(
            kind="cin_closure",
            subject=episode,
            by=by,
            on=signed_off_on or clock.today(),
            approved=True,
            rationale=rationale,
        )
        episode_close(
            episode=episode,
            reason=episode.closure_proposed_reason,
            closed_on=closed_on,
            summary=episode.closure_summary,
            signed_off_by=by,
            rationale=rationale,
        )
        if not _still_involved(episode.child_id):
            allocation_end(child_id=episode.child_id, end_date=closed_on, by=by)
    return episode


def _still_involved(child_id: int) -> bool:
    """Whether work is still open with the child (early help, protection, care...), keeping the allocation."""
    return Person.objects.filter(open_work_exists(), pk=child_id).exists()


def closure_return(
    *, episode: CinEpisode, reason: str, by: StaffUser, returned_on: date | None = None
) -> CinEpisode:
    """The manager returns a proposed closure to the worker with the reason; the episode stays open."""
    policy.refusal(
        by, "child.sign_off", episode.child
    )  # a refusal is logged here, outside the transaction that a refusal rolls back
    with transaction.atomic():
        locked_fresh(episode)
        errors: dict[str, str] = {}
        if not episode.is_open or episode.closure_proposed_on is None:
            errors["__all__"] = "No closure is waiting for sign-off on this episode."
        elif problem := policy.problem(by, "child.sign_off", episode.child):
            errors["__all__"] = problem
        if not reason.strip():
            errors["reason"] = "Enter why the case cannot close yet."
        if errors:
            raise ValidationError(errors)
        decision_record(
            kind="cin_closure",
            subject=episode,
            child_id=episode.child_id,
            by=by,
            on=returned_on or clock.today(),
            approved=False,
            rationale=reason,
            changes={"closure_proposed_on": None, "closure_proposed_reason": "", "closure_proposed_by": None},
            event="cin_episode.closure_returned",
            payload={"reason": reason.strip()[:200]},
        )
    return episode


def episode_close(
    *,
    episode: CinEpisode,
    reason: str,
    closed_on: date,
    summary: str,
    signed_off_by: StaffUser,
    rationale: str = "",
) -> CinEpisode:
    """Close the episode and any open plan. Callers check authority; the step-down handover calls this too.
    Sign-offs still waiting on the episode's records are no longer needed."""
    with transaction.atomic():
        for plan in CinPlan.objects.select_for_update().filter(episode=episode, end_date=None):
            plan_end(plan=plan, ended_on=closed_on, by=signed_off_by)
        no_longer = "The child in need episode closed."
        for assessment in episode.assessments.filter(authorisation_date=None).exclude(completed_on=None):
            sign_off_withdraw(
                kind="assessment", subject=assessment, by=signed_off_by, on=closed_on, reason=no_longer
            )
        sign_off_withdraw(
            kind="cin_closure", subject=episode, by=signed_off_by, on=closed_on, reason=no_longer
        )
        audited_update(
            episode,
            by=signed_off_by,
            child_id=episode.child_id,
            closure_date=closed_on,
            reason_for_closure=reason,
            closure_summary=summary,
            closure_signed_off_by=signed_off_by,
        )
        event_record(
            child_id=episode.child_id,
            type="cin_episode.closed",
            occurred_on=closed_on,
            recorded_by=signed_off_by,
            record=episode,
            payload={"reason": ReasonForClosure(reason).label, "reason_code": reason},
            summary=(
                f"Child in need episode closed ({ReasonForClosure(reason).label}), signed off by "
                f"{signed_off_by.full_name}: {rationale.strip()}"[:300]
                if rationale.strip()
                else None
            ),
        )
    return episode


def plan_end(*, plan: CinPlan, ended_on: date, by: StaffUser) -> CinPlan:
    if ended_on < plan.start_date:
        raise ValidationError(
            {"ended_on": f"The plan cannot end before it started ({plan.start_date:%-d %B %Y})."}
        )
    with transaction.atomic():
        audited_update(plan, by=by, child_id=plan.episode.child_id, end_date=ended_on)
        event_record(
            child_id=plan.episode.child_id,
            type="cin_plan.ended",
            occurred_on=ended_on,
            recorded_by=by,
            record=plan,
        )
        sign_off_withdraw(kind="cin_plan", subject=plan, by=by, on=ended_on, reason="The plan ended.")
    return plan
