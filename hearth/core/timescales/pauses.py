"""A clock paused with a reason (issue 14 item 5): the child is missing, in hospital, abroad or on a short break,
so a duty cannot be met for now. The worker or manager records why and when the pause will be reviewed; the record
then says why the clock stopped instead of showing it overdue. A pause and its end are events on the child's
record (audited, in the chronology, replayed like any other), and the manager's team page lists every pause with
its review date. Resuming moves the due date on by the days the clock was paused (ADR 20).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import policy
from hearth.core.calendar import add_calendar_months
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.core.timescales.engine import PAUSED, RESUMED
from hearth.core.timescales.rules import rule

if TYPE_CHECKING:
    from hearth.organisation.models import StaffUser

REASONS = {
    "missing": "The child is missing",
    "hospital": "The child is in hospital",
    "abroad": "The child is abroad",
    "short_break": "The child is on a short break",
    "other": "Another reason",
}
LONGEST_MONTHS = 3  # a pause is reviewed within three months at the latest


def _not_theirs(obligation: Obligation, by: StaffUser) -> str | None:
    """Only the worker whose duty it is, or a manager, may stop or restart its clock."""
    if by.pk == obligation.owner_id or by.is_manager:
        return None
    return "Only the worker whose duty it is, or a manager, may pause or resume it."


def _locked(obligation: Obligation) -> Obligation:
    """The obligation re-read under a row lock (no join: PostgreSQL locks no row of an outer join's nullable side)."""
    return Obligation.objects.select_for_update().get(pk=obligation.pk)


def obligation_pause(
    *,
    obligation: Obligation,
    by: StaffUser,
    reason: str,
    details: str,
    review_on: date | None,
    on: date,
) -> Event:
    """Pause an open duty of a child with a reason and a review date. Refused, with nothing changed, for a duty
    that is not open, is already paused or may not be paused, or without a reason or a review date in the next
    three months."""
    assert obligation.child is not None
    if refused := policy.refusal(by, "child.record_work", obligation.child):
        raise ValidationError({"reason": refused})
    if refused := _not_theirs(obligation, by):
        raise ValidationError({"reason": refused})
    declared = rule(obligation.rule_id, obligation.start_date)
    errors: dict[str, str] = {}
    if obligation.status != ObligationStatus.OPEN:
        errors["reason"] = "This duty is no longer open, so it cannot be paused."
    elif obligation.paused_on is not None:
        errors["reason"] = "This duty is already paused: resume it first."
    elif not declared.pausable:
        errors["reason"] = f"“{declared.title}” cannot be paused."
    elif reason not in REASONS:
        errors["reason"] = "Choose why the clock is paused."
    if reason == "other" and not details.strip():
        errors["details"] = "Say what the other reason is."
    if review_on is None:
        errors["review_on"] = "Enter the date the pause will be reviewed."
    elif review_on < on:
        errors["review_on"] = "The review date must be today or later."
    elif review_on > add_calendar_months(on, LONGEST_MONTHS):
        errors["review_on"] = f"The review date must be within {LONGEST_MONTHS} months of today."
    if errors:
        raise ValidationError(errors)
    assert review_on is not None
    why = REASONS[reason] + (f": {details.strip()}" if details.strip() else "")
    payload: dict[str, Any] = {
        "rule": obligation.rule_id,
        "start_date": obligation.start_date.isoformat(),
        "started_by": obligation.started_by_id,
        "title": declared.title,
        "reason": why,
        "reason_code": reason,
        "review_on": review_on.isoformat(),
        "review_text": long_date(review_on),
    }
    with transaction.atomic():
        if _locked(obligation).paused_on is not None:  # paused by someone else a moment ago
            raise ValidationError({"reason": "This duty is already paused: resume it first."})
        return event_record(
            child_id=obligation.child_id, type=PAUSED, occurred_on=on, recorded_by=by, payload=payload
        )


def obligation_resume(*, obligation: Obligation, by: StaffUser, on: date) -> Event:
    """Resume a paused duty: its due date moves on by the days it was paused."""
    assert obligation.child is not None
    if refused := policy.refusal(by, "child.record_work", obligation.child):
        raise ValidationError({"__all__": refused})
    if refused := _not_theirs(obligation, by):
        raise ValidationError({"__all__": refused})
    if obligation.status != ObligationStatus.OPEN or obligation.paused_on is None:
        raise ValidationError({"__all__": "This duty is not paused."})
    declared = rule(obligation.rule_id, obligation.start_date)
    with transaction.atomic():
        if _locked(obligation).paused_on is None:  # resumed by someone else a moment ago
            raise ValidationError({"__all__": "This duty is not paused."})
        return event_record(
            child_id=obligation.child_id,
            type=RESUMED,
            occurred_on=on,
            recorded_by=by,
            payload={
                "rule": obligation.rule_id,
                "title": declared.title,
                "pause_event": obligation.paused_by_id,
            },
        )
