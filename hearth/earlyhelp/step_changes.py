"""The formal step-up / step-down protocol between children's social care and early help.

The sending worker requests the move, naming the receiving service; a member of the receiving service
accepts (opening early help, or the referral) or declines with a reason; the receiving side's plan must exist
before the sending team's manager records the handover, which closes the sending side. After a step-down the
child is followed for a local period (`step_down_follow_up`); a re-referral in it is flagged
(children_in_need.services.referral_receive).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from hearth.children_in_need.closure import closed_after_assessment_only, episode_close
from hearth.children_in_need.models import CinEpisode
from hearth.children_in_need.services import referral_follower_register, referral_receive
from hearth.core import policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.codesets import ReasonForClosure, ReferralSource
from hearth.core.council_settings import setting_value
from hearth.core.events import event_record
from hearth.core.timescales.rules import Interval
from hearth.core.timescales.store import council_calendar
from hearth.core.validation import past_date_problem
from hearth.earlyhelp.episodes import early_help_close, early_help_start, open_early_help
from hearth.earlyhelp.models import Direction, EarlyHelpEndReason, EarlyHelpEpisode, StepChange
from hearth.organisation.models import Service, StaffUser
from hearth.organisation.services import allocation_change, allocation_end
from hearth.plans.models import PlanOutcome
from hearth.signoff.services import sign_off_settle

NO_SERVICE = "Choose the service that will receive the child."


def _pending(child_id: int, direction: str) -> StepChange | None:
    """A step change still in progress: neither declined nor handed over."""
    return (
        StepChange.objects.select_related("to_service")
        .filter(child_id=child_id, direction=direction, declined_on=None, handover_on=None)
        .first()
    )


def _request_date_problem(requested_on: date | None, since: date, what: str) -> str | None:
    if problem := past_date_problem(requested_on, "the date of the request"):
        return problem
    if requested_on is not None and requested_on < since:
        return f"The request cannot be before {what} ({since:%-d %B %Y})."
    return None


def _create(
    *,
    child_id: int,
    direction: str,
    to_service: Service,
    reason: str,
    requested_on: date,
    by: StaffUser,
    cin_episode: CinEpisode | None = None,
    early_help: EarlyHelpEpisode | None = None,
) -> StepChange:
    with transaction.atomic():
        step = StepChange.objects.create(
            child_id=child_id,
            direction=direction,
            cin_episode=cin_episode,
            early_help=early_help,
            to_service=to_service,
            reason=reason.strip(),
            requested_on=requested_on,
            requested_by=by,
        )
        audit_change(user=by, instance=step, action="create", before=None, child_id=child_id)
        event_record(
            child_id=child_id,
            type="step_down.requested" if direction == Direction.DOWN else "step_up.requested",
            occurred_on=requested_on,
            recorded_by=by,
            record=step,
            payload={"service": to_service.name},
        )
    return step


def step_down_request(
    *,
    episode: CinEpisode,
    to_service: Service | None,
    reason: str,
    requested_on: date | None,
    by: StaffUser,
) -> StepChange:
    """Ask an early help service to take over from a child in need episode."""
    policy.require(by, "child.record_work", episode.child)
    errors: dict[str, str] = {}
    if to_service is None:
        errors["to_service"] = NO_SERVICE
    if not episode.is_open:
        errors[NON_FIELD_ERRORS] = (
            f"This child in need episode closed on {episode.closure_date:%-d %B %Y}: "
            "a step-down is requested from an open episode."
        )
    elif pending := _pending(episode.child_id, Direction.DOWN):
        errors["to_service"] = (
            f"A step-down to {pending.to_service.name} requested on {pending.requested_on:%-d %B %Y} "
            "is still in progress: it is declined or handed over before another is requested."
        )
    if not reason.strip():
        errors["reason"] = "Enter why the child's needs can now be met by early help."
    if problem := _request_date_problem(requested_on, episode.referral_date, "the referral"):
        errors["requested_on"] = problem
    if errors:
        raise ValidationError(errors)
    assert to_service is not None and requested_on is not None
    return _create(
        child_id=episode.child_id,
        direction=Direction.DOWN,
        cin_episode=episode,
        to_service=to_service,
        reason=reason,
        requested_on=requested_on,
        by=by,
    )


def step_up_request(
    *,
    episode: EarlyHelpEpisode,
    to_service: Service | None,
    reason: str,
    requested_on: date | None,
    by: StaffUser,
) -> StepChange:
    """Ask children's social care (usually the front door) to take over from early help."""
    policy.require(by, "child.record_work", episode.child)
    errors: dict[str, str] = {}
    if to_service is None:
        errors["to_service"] = NO_SERVICE
    if not episode.is_open:
        errors[NON_FIELD_ERRORS] = (
            f"This early help episode ended on {episode.end_date:%-d %B %Y}: "
            "a step-up is requested from open early help."
        )
    elif pending := _pending(episode.child_id, Direction.UP):
        errors["to_service"] = (
            f"A step-up to {pending.to_service.name} requested on {pending.requested_on:%-d %B %Y} "
            "is still in progress."
        )
    elif CinEpisode.objects.filter(child_id=episode.child_id, closure_date=None).exists():
        errors[NON_FIELD_ERRORS] = (
            "The child already has an open child in need episode: talk to the allocated social worker."
        )
    if not reason.strip():
        errors["reason"] = (
            "Enter why the child now needs children's social care: the concerns and what has changed."
        )
    if problem := _request_date_problem(requested_on, episode.start_date, "early help started"):
        errors["requested_on"] = problem
    if errors:
        raise ValidationError(errors)
    assert to_service is not None and requested_on is not None
    return _create(
        child_id=episode.child_id,
        direction=Direction.UP,
        early_help=episode,
        to_service=to_service,
        reason=reason,
        requested_on=requested_on,
        by=by,
    )


def receiving_problem(user: StaffUser, step: StepChange) -> str | None:
    """Why this user may not accept or decline the step change, or None: the policy's `step_change.decide` (only the
    receiving service may); a refusal is logged."""
    return policy.problem(user, "step_change.decide", step)


def _locked(step: StepChange) -> StepChange:
    """The step change re-read under a row lock (call inside a transaction): decisions cannot cross."""
    return StepChange.objects.select_for_update().select_related("to_service").get(pk=step.pk)


def _decision_problems(step: StepChange, by: StaffUser, on: date | None, field: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if problem := receiving_problem(by, step):
        errors[NON_FIELD_ERRORS] = problem
    elif step.declined_on is not None:
        errors[field] = f"This request was declined on {step.declined_on:%-d %B %Y}."
    elif step.accepted_on is not None:
        errors[field] = f"This request was accepted on {step.accepted_on:%-d %B %Y}."
    elif problem := past_date_problem(on, "the date of the decision"):
        errors[field] = problem
    elif on is not None and on < step.requested_on:
        errors[field] = f"The decision cannot be before the request ({step.requested_on:%-d %B %Y})."
    return errors


def step_change_accept(*, step: StepChange, accepted_on: date | None, by: StaffUser) -> StepChange:
    """The receiving service accepts: a step-down opens early help, a step-up opens the referral (source 5D)."""
    policy.refusal(
        by, "step_change.decide", step
    )  # a refusal is logged here, outside the transaction that a refusal rolls back
    policy.require(by, "child.record_work", step.child)
    with transaction.atomic():
        step = _locked(step)
        errors = _decision_problems(step, by, accepted_on, "accepted_on")
        if (
            not errors
            and step.direction == Direction.UP
            and CinEpisode.objects.filter(child_id=step.child_id, closure_date=None).exists()
        ):
            errors["accepted_on"] = (
                "The child already has an open child in need episode: record the concerns there."
            )
        if errors:
            raise ValidationError(errors)
        assert accepted_on is not None
        before = snapshot(step)
        step.accepted_on, step.accepted_by = accepted_on, by
        fields = ["accepted_on", "accepted_by"]
        event_record(
            child_id=step.child_id,
            type="step_change.accepted",
            occurred_on=accepted_on,
            recorded_by=by,
            record=step,
            payload={"direction": step.get_direction_display(), "service": step.to_service.name},
        )
        if step.direction == Direction.DOWN:
            # Early help already working alongside the child in need plan carries on as the receiving plan.
            step.early_help = open_early_help(step.child_id) or early_help_start(
                child=step.child,
                start_date=accepted_on,
                lead_professional=by.full_name,
                lead_organisation=by.team.name if by.team else step.to_service.name,
                reason=step.reason,
                by=by,
            )
            fields.append("early_help")
        else:
            step.cin_episode = referral_receive(
                child=step.child, referral_date=accepted_on, source=ReferralSource.LA_EARLY_HELP, by=by
            )
            fields.append("cin_episode")
        step.save(update_fields=fields)
        audit_change(user=by, instance=step, action="update", before=before, child_id=step.child_id)
    return step


def step_change_decline(
    *, step: StepChange, declined_on: date | None, reason: str, by: StaffUser
) -> StepChange:
    """The receiving service declines, with its reason; the sending side keeps the child."""
    policy.refusal(
        by, "step_change.decide", step
    )  # a refusal is logged here, outside the transaction that a refusal rolls back
    policy.require(by, "child.record_work", step.child)
    with transaction.atomic():
        step = _locked(step)
        errors = _decision_problems(step, by, declined_on, "declined_on")
        if not reason.strip():
            errors["reason"] = "Enter why the request is declined, so the sending worker can act on it."
        if errors:
            raise ValidationError(errors)
        assert declined_on is not None
        before = snapshot(step)
        step.declined_on, step.declined_reason = declined_on, reason.strip()
        step.save(update_fields=["declined_on", "declined_reason"])
        audit_change(user=by, instance=step, action="update", before=before, child_id=step.child_id)
        event_record(
            child_id=step.child_id,
            type="step_change.declined",
            occurred_on=declined_on,
            recorded_by=by,
            record=step,
            payload={
                "direction": step.get_direction_display(),
                "service": step.to_service.name,
                "reason": step.declined_reason[:120],
            },
        )
    return step


def _plan_problem(step: StepChange) -> str | None:
    has_outcomes = PlanOutcome.objects.filter(early_help_id=step.early_help_id).exists()
    if step.direction == Direction.DOWN and not has_outcomes:
        return (
            "The early help plan has no outcomes yet: the receiving service records the early help plan "
            "before the handover."
        )
    if step.direction == Direction.UP and not has_outcomes:
        return "The early help plan has no outcomes: record what early help has tried before the handover."
    return None


def handover_problem(user: StaffUser, step: StepChange) -> str | None:
    """Why this user may not record the handover, or None: the sending team's manager authority."""
    return policy.problem(user, "child.sign_off", step.child)


def step_change_handover(
    *, step: StepChange, handover_on: date | None, note: str, by: StaffUser
) -> StepChange:
    """The handover, once the receiving side has its plan, signed off by the sending team's manager.

    A step-down closes the child in need episode (RC9 when it never had a plan, RC7 after one) and starts the
    follow-up period; a step-up ends early help as stepped up.
    """
    policy.refusal(
        by, "child.sign_off", step.child
    )  # a refusal is logged here, outside the transaction that a refusal rolls back
    policy.require(by, "child.record_work", step.child)
    with transaction.atomic():
        step = _locked(step)
        errors: dict[str, str] = {}
        if step.handover_on is not None:
            errors["handover_on"] = f"The handover was already recorded on {step.handover_on:%-d %B %Y}."
        elif step.accepted_on is None:
            errors["handover_on"] = "The receiving service has not accepted this request yet."
        elif (problem := _plan_problem(step)) or (problem := handover_problem(by, step)):
            errors[NON_FIELD_ERRORS] = problem
        elif problem := past_date_problem(handover_on, "the date of the handover"):
            errors["handover_on"] = problem
        elif handover_on is not None and handover_on < step.accepted_on:
            errors["handover_on"] = (
                f"The handover cannot be before the request was accepted ({step.accepted_on:%-d %B %Y})."
            )
        if errors:
            raise ValidationError(errors)
        assert handover_on is not None
        if step.direction == Direction.DOWN:
            _step_down_complete(step, handover_on, note, by)
        else:
            _step_up_complete(step, handover_on, note, by)
        sign_off_settle(
            kind="step_change", subject=step, by=by, on=handover_on, approved=True, rationale=note.strip()
        )
    return step


def handover_not_ready(step: StepChange) -> str | None:
    """Why the handover cannot be sent to the manager yet (sign-off's request check), or None."""
    if step.handover_on is not None:
        return f"The handover was recorded on {step.handover_on:%-d %B %Y}."
    if step.declined_on is not None:
        return "The receiving service declined this request."
    if step.accepted_on is None:
        return "The receiving service has not accepted this request yet."
    return _plan_problem(step)


def _step_down_complete(step: StepChange, handover_on: date, note: str, by: StaffUser) -> None:
    episode = step.cin_episode
    assert episode is not None
    if not episode.is_open:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: f"The child in need episode already closed on {episode.closure_date:%-d %B %Y}."
            }
        )
    episode_close(
        episode=episode,
        reason=ReasonForClosure.RC9 if closed_after_assessment_only(episode) else ReasonForClosure.RC7,
        closed_on=handover_on,
        summary=note.strip() or f"Stepped down to early help ({step.to_service.name}).",
        signed_off_by=by,
    )
    # The child moves to the early help worker who accepted them, so the follow-up is theirs.
    receiver = step.accepted_by
    if receiver is not None and receiver.is_active and receiver.team is not None:
        allocation_change(
            child_id=step.child_id,
            worker=receiver,
            team=receiver.team,
            start_date=handover_on,
            reason=f"Stepped down to early help ({step.to_service.name})",
            by=by,
        )
    else:
        allocation_end(child_id=step.child_id, end_date=handover_on, by=by)
    follow_up = Interval.from_setting(setting_value("step_down_follow_up", handover_on))
    before = snapshot(step)
    step.handover_on, step.handover_note = handover_on, note.strip()
    step.follow_up_until = follow_up.due_from(handover_on, council_calendar())
    step.save(update_fields=["handover_on", "handover_note", "follow_up_until"])
    audit_change(user=by, instance=step, action="update", before=before, child_id=step.child_id)
    event_record(
        child_id=step.child_id,
        type="step_down.completed",
        occurred_on=handover_on,
        recorded_by=by,
        record=step,
        payload={"service": step.to_service.name},
    )


def _step_up_complete(step: StepChange, handover_on: date, note: str, by: StaffUser) -> None:
    early_help = step.early_help
    assert early_help is not None
    if early_help.is_open:
        if handover_on < early_help.start_date:
            raise ValidationError(
                {
                    "handover_on": f"The handover cannot be before early help started ({early_help.start_date:%-d %B %Y})."
                }
            )
        early_help_close(
            episode=early_help, end_date=handover_on, end_reason=EarlyHelpEndReason.STEPPED_UP, by=by
        )
    before = snapshot(step)
    step.handover_on, step.handover_note = handover_on, note.strip()
    step.save(update_fields=["handover_on", "handover_note"])
    audit_change(user=by, instance=step, action="update", before=before, child_id=step.child_id)
    event_record(
        child_id=step.child_id, type="step_up.completed", occurred_on=handover_on, recorded_by=by, record=step
    )


def step_down_follow_up(
    *, step: StepChange, followed_up_on: date | None, note: str, by: StaffUser
) -> StepChange:
    """The check on how the child is doing in early help after a step-down; meets the follow-up clock."""
    policy.require(by, "child.record_work", step.child)
    with transaction.atomic():
        step = _locked(step)
        errors: dict[str, str] = {}
        if step.direction != Direction.DOWN or step.handover_on is None:
            errors["followed_up_on"] = "Only a completed step-down is followed up."
        elif step.followed_up_on is not None:
            errors["followed_up_on"] = (
                f"The follow-up was already recorded on {step.followed_up_on:%-d %B %Y}."
            )
        elif problem := past_date_problem(followed_up_on, "the date of the follow-up"):
            errors["followed_up_on"] = problem
        elif followed_up_on is not None and followed_up_on < step.handover_on:
            errors["followed_up_on"] = (
                f"The follow-up cannot be before the handover ({step.handover_on:%-d %B %Y})."
            )
        if not note.strip():
            errors["note"] = "Enter how the child is doing in early help."
        if errors:
            raise ValidationError(errors)
        assert followed_up_on is not None
        before = snapshot(step)
        step.followed_up_on, step.follow_up_note = followed_up_on, note.strip()
        step.save(update_fields=["followed_up_on", "follow_up_note"])
        audit_change(user=by, instance=step, action="update", before=before, child_id=step.child_id)
        event_record(
            child_id=step.child_id,
            type="step_down.followed_up",
            occurred_on=followed_up_on,
            recorded_by=by,
            record=step,
            payload={"outcome": step.follow_up_note[:120]},
        )
    return step


def _re_referral_after_step_down(episode: CinEpisode, by: StaffUser) -> dict[str, object]:
    """A referral within the follow-up period after a step-down to early help is flagged against the step-down."""
    step_down = (
        StepChange.objects.select_for_update()
        .filter(
            child_id=episode.child_id,
            direction=Direction.DOWN,
            handover_on__lte=episode.referral_date,
            follow_up_until__gte=episode.referral_date,
            re_referral=None,
        )
        .order_by("-handover_on")
        .first()
    )
    if step_down is None:
        return {}
    before = snapshot(step_down)
    step_down.re_referral = episode
    step_down.save(update_fields=["re_referral"])
    audit_change(user=by, instance=step_down, action="update", before=before, child_id=episode.child_id)
    return {"after_step_down": True}


referral_follower_register(_re_referral_after_step_down)
