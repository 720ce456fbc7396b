"""Referrals: the start of a child in need episode, its decision within the timescale, re-referrals flagged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction

from hearth.children_in_need.closure import episode_close
from hearth.children_in_need.models import CinEpisode
from hearth.core import clock, policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.codesets import PrimaryNeed, ReferralSource
from hearth.core.council_settings import setting_value
from hearth.core.events import event_record
from hearth.core.validation import past_date_problem
from hearth.organisation.models import StaffUser
from hearth.people.models import Person

RE_REFERRAL_WINDOW = timedelta(
    days=365
)  # DfE: a referral within 12 months of a previous one (timescales.md 1.1)


class ReferralDecision(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    ASSESSMENT = "assessment", "Assessment"
    STRATEGY_DISCUSSION = "strategy", "Strategy discussion"


def referrals_in_year_before(episode: CinEpisode) -> int:
    """Earlier referrals of the same child in the 12 months before this one: above 0, a re-referral."""
    return (
        CinEpisode.objects.filter(
            child_id=episode.child_id,
            referral_date__gte=episode.referral_date - RE_REFERRAL_WINDOW,
            referral_date__lte=episode.referral_date,
        )
        .exclude(pk=episode.pk)
        .count()
    )


def referral_receive(
    *, child: Person, referral_date: date | None, source: str, primary_need: str = "", by: StaffUser
) -> CinEpisode:
    """A referral to children's social care: a new child in need episode, its decision and assessment clocks."""
    policy.require(by, "child.record_work", child)
    errors: dict[str, str] = {}
    if problem := past_date_problem(referral_date, "the date of the referral"):
        errors["referral_date"] = problem
    if source not in ReferralSource.values:
        errors["source"] = "Choose the source of the referral."
    if primary_need and primary_need not in PrimaryNeed.values:
        errors["primary_need"] = f"{primary_need!r} is not a primary need code (N0 to N9)."
    if CinEpisode.objects.filter(child=child, closure_date=None).exists():
        errors["referral_date"] = (
            "This child already has an open child in need episode: record the new information there."
        )
    if errors:
        raise ValidationError(errors)
    assert referral_date is not None
    with transaction.atomic():
        episode = CinEpisode.objects.create(
            child=child, referral_date=referral_date, referral_source=source, primary_need=primary_need
        )
        audit_change(user=by, instance=episode, action="create", before=None, child_id=child.pk)
        payload: dict[str, object] = {
            "source": ReferralSource(source).label,
            "re_referral": referrals_in_year_before(episode) > 0,
        }
        for follower in _REFERRAL_FOLLOWERS:  # what other services note of a new referral (ADR 15)
            payload.update(follower(episode, by))
        event_record(
            child_id=child.pk,
            type="referral.received",
            occurred_on=referral_date,
            recorded_by=by,
            record=episode,
            payload=payload,
        )
    return episode


ReferralFollower = Callable[[CinEpisode, StaffUser], dict[str, object]]
_REFERRAL_FOLLOWERS: list[ReferralFollower] = []


def referral_follower_register(follower: ReferralFollower) -> None:
    """A service above children in need notes each new referral in the same transaction (early help flags one
    within the follow-up period after a step-down) and adds to the referral's event."""
    if follower not in _REFERRAL_FOLLOWERS:
        _REFERRAL_FOLLOWERS.append(follower)


def referral_decide(
    *, episode: CinEpisode, decision: str, decided_on: date | None, by: StaffUser
) -> CinEpisode:
    """The decision on a referral (no further action, assessment, strategy discussion)."""
    policy.require(by, "child.screen", episode.child)
    errors: dict[str, str] = {}
    if decision not in ReferralDecision.values:
        errors["decision"] = "Choose the decision on the referral."
    if decided_on is None:
        errors["decided_on"] = "Enter the date of the decision."
    elif decided_on < episode.referral_date:
        errors["decided_on"] = (
            f"The decision cannot be before the referral ({episode.referral_date:%-d %B %Y})."
        )
    elif decided_on > clock.today():
        errors["decided_on"] = "The date of the decision must be today or in the past."
    if errors:
        raise ValidationError(errors)
    assert decided_on is not None
    with transaction.atomic():
        before = snapshot(episode)
        episode.referral_nfa = decision == ReferralDecision.NO_FURTHER_ACTION
        episode.save(update_fields=["referral_nfa"])
        audit_change(user=by, instance=episode, action="update", before=before, child_id=episode.child_id)
        event_record(
            child_id=episode.child_id,
            type="referral.decided",
            occurred_on=decided_on,
            recorded_by=by,
            record=episode,
            payload={"decision": ReferralDecision(decision).label},
        )
        if episode.referral_nfa:
            # The episode closes on the day of the decision, with the council's reason for a referral that
            # needed no further action (a setting: the census guidance is not settled, returns.md).
            episode_close(
                episode=episode,
                reason=str(setting_value("referral_nfa_closure_reason", decided_on)),
                closed_on=decided_on,
                summary="No further action on the referral.",
                signed_off_by=by,
            )
    return episode
