"""Early help episodes: started with a lead professional, assessed, reviewed at team around the child meetings, ended.

The episode is the early help plan: its outcomes and team around the child meetings are recorded through
hearth.plans.services (outcome_add, review_record with kind TEAM_AROUND_THE_CHILD).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.events import event_record
from hearth.core.validation import past_date_problem
from hearth.earlyhelp.models import EarlyHelpEndReason, EarlyHelpEpisode
from hearth.organisation.models import StaffUser
from hearth.people.models import Person


def open_early_help(child_id: int) -> EarlyHelpEpisode | None:
    return EarlyHelpEpisode.objects.filter(child_id=child_id, end_date=None).order_by("-start_date").first()


def _lead(lead_professional: str, lead_organisation: str) -> str:
    return f"{lead_professional} ({lead_organisation})" if lead_organisation else lead_professional


def early_help_start(
    *,
    child: Person,
    start_date: date | None,
    lead_professional: str,
    lead_organisation: str,
    reason: str,
    by: StaffUser,
) -> EarlyHelpEpisode:
    """A new early help episode with its lead professional; starts the assessment and review clocks."""
    policy.require(by, "child.record_work", child)
    errors: dict[str, str] = {}
    if problem := past_date_problem(start_date, "the date early help started"):
        errors["start_date"] = problem
    if not lead_professional.strip():
        errors["lead_professional"] = "Enter the name of the lead professional."
    if not reason.strip():
        errors["reason"] = "Enter why the family needs early help."
    if current := open_early_help(child.pk):
        errors["start_date"] = (
            f"This child already has early help open since {current.start_date:%-d %B %Y}: "
            "record the new work there, or end it first."
        )
    if errors:
        raise ValidationError(errors)
    assert start_date is not None
    with transaction.atomic():
        episode = EarlyHelpEpisode.objects.create(
            child=child,
            start_date=start_date,
            lead_professional=lead_professional.strip()[:120],
            lead_organisation=lead_organisation.strip()[:120],
            reason=reason.strip(),
        )
        audit_change(user=by, instance=episode, action="create", before=None, child_id=child.pk)
        event_record(
            child_id=child.pk,
            type="early_help.started",
            occurred_on=start_date,
            recorded_by=by,
            record=episode,
            payload={"lead": _lead(episode.lead_professional, episode.lead_organisation)},
        )
    return episode


def _open_problem(episode: EarlyHelpEpisode) -> str | None:
    if episode.end_date is not None:
        return f"This early help episode ended on {episode.end_date:%-d %B %Y}: it can no longer be changed."
    return None


def _date_in_episode_problem(episode: EarlyHelpEpisode, value: date | None, what: str) -> str | None:
    if problem := past_date_problem(value, what):
        return problem
    if value is not None and value < episode.start_date:
        return f"{what[0].upper()}{what[1:]} cannot be before early help started ({episode.start_date:%-d %B %Y})."
    return None


def early_help_assess(
    *, episode: EarlyHelpEpisode, assessed_on: date | None, summary: str, by: StaffUser
) -> EarlyHelpEpisode:
    """The early help assessment: what the family needs; meets the assessment clock."""
    policy.require(by, "child.record_work", episode.child)
    errors: dict[str, str] = {}
    if problem := _open_problem(episode):
        errors["assessed_on"] = problem
    elif episode.assessment_date is not None:
        errors["assessed_on"] = (
            f"The early help assessment was already recorded on {episode.assessment_date:%-d %B %Y}."
        )
    elif problem := _date_in_episode_problem(episode, assessed_on, "the date of the assessment"):
        errors["assessed_on"] = problem
    if not summary.strip():
        errors["summary"] = "Enter what the assessment found: the family's needs and strengths."
    if errors:
        raise ValidationError(errors)
    assert assessed_on is not None
    with transaction.atomic():
        before = snapshot(episode)
        episode.assessment_date = assessed_on
        episode.assessment_summary = summary.strip()
        episode.save(update_fields=["assessment_date", "assessment_summary"])
        audit_change(user=by, instance=episode, action="update", before=before, child_id=episode.child_id)
        event_record(
            child_id=episode.child_id,
            type="early_help.assessed",
            occurred_on=assessed_on,
            recorded_by=by,
            record=episode,
        )
    return episode


def early_help_end(
    *, episode: EarlyHelpEpisode, end_date: date | None, end_reason: str, by: StaffUser
) -> EarlyHelpEpisode:
    """End early help for any reason but a step-up (which ends it only at the step-up handover)."""
    policy.require(by, "child.record_work", episode.child)
    errors: dict[str, str] = {}
    if end_reason == EarlyHelpEndReason.STEPPED_UP:
        errors["end_reason"] = (
            "Early help ends with a step-up only through the step-up protocol: request a step-up instead."
        )
    elif end_reason not in EarlyHelpEndReason.values:
        errors["end_reason"] = "Choose why early help is ending."
    if problem := _open_problem(episode) or _date_in_episode_problem(
        episode, end_date, "the date early help ended"
    ):
        errors["end_date"] = problem
    if errors:
        raise ValidationError(errors)
    assert end_date is not None
    return early_help_close(episode=episode, end_date=end_date, end_reason=end_reason, by=by)


def early_help_close(
    *, episode: EarlyHelpEpisode, end_date: date, end_reason: str, by: StaffUser
) -> EarlyHelpEpisode:
    """Write the end of the episode; callers validate (early_help_end, and the step-up handover)."""
    policy.require(by, "child.record_work", episode.child)
    with transaction.atomic():
        before = snapshot(episode)
        episode.end_date = end_date
        episode.end_reason = end_reason
        episode.save(update_fields=["end_date", "end_reason"])
        audit_change(user=by, instance=episode, action="update", before=before, child_id=episode.child_id)
        event_record(
            child_id=episode.child_id,
            type="early_help.ended",
            occurred_on=end_date,
            recorded_by=by,
            record=episode,
        )
    return episode
