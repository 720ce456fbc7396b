"""Strategy discussions and section 47 enquiries (CIN census Section47; SSD s47 enquiries).

A strategy discussion records who led it, the agencies that took part, what was shared and the decision. A
decision to start a section 47 enquiry opens one (its start is the discussion's date) and starts the initial
conference clock (`cp.icpc`): under the 2010 profile from that discussion, from 2013 restarted by each later
discussion. Concluding the enquiry records its outcome; any outcome but a conference ends the clock.
The 2012 inspection (paragraph 19) found discussions led by social workers rather than managers: a discussion
not led by a manager is flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.children_in_need.models import CinEpisode
from hearth.core import policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.models import Obligation
from hearth.core.validation import past_date_problem
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import MANAGER_ROLES
from hearth.people.families import ChildStep, also_about_problems, record_for_each
from hearth.people.models import Person
from hearth.protection.models import Agency, Section47Enquiry, Section47Outcome, StrategyDiscussion

NOT_LED_BY_MANAGER = "Not led by a manager"


def open_episode(child: Person) -> CinEpisode | None:
    return CinEpisode.objects.filter(child=child, closure_date=None).order_by("-referral_date", "-pk").first()


def open_enquiry(child: Person) -> Section47Enquiry | None:
    return (
        Section47Enquiry.objects.filter(child=child, end_date=None)
        .select_related("strategy_discussion")
        .order_by("-start_date", "-pk")
        .first()
    )


def strategy_discussion_record(
    *,
    child: Person,
    held_on: date | None,
    is_meeting: bool,
    led_by: StaffUser | None,
    agencies: Iterable[str],
    information_shared: str,
    section_47: bool | None,
    decision_reason: str,
    minutes: str = "",
    by: StaffUser,
) -> StrategyDiscussion:
    """Record a strategy discussion or meeting; a decision for section 47 opens the enquiry (or, during an open
    enquiry, continues it: from 2013 that restarts the initial conference clock)."""
    policy.require(by, "child.record_work", child)
    agencies = list(dict.fromkeys(agencies))
    errors: dict[str, str] = {}
    episode = open_episode(child)
    if problem := past_date_problem(held_on, "the date of the strategy discussion"):
        errors["held_on"] = problem
    elif episode is not None and held_on is not None and held_on < episode.referral_date:
        errors["held_on"] = (
            f"The strategy discussion cannot be before the referral ({long_date(episode.referral_date)})."
        )
    if led_by is None:
        errors["led_by"] = "Choose who led the strategy discussion."
    unknown = [code for code in agencies if code not in Agency.values]
    if unknown:
        errors["agencies"] = f"{', '.join(unknown)} is not an agency: choose from the list."
    elif not agencies:
        errors["agencies"] = "Choose the agencies that took part (police, health, education or others)."
    if not information_shared.strip():
        errors["information_shared"] = "Enter the information each agency shared."
    if section_47 is None:
        errors["section_47"] = "Choose whether a section 47 enquiry is to start (or continue)."
    elif section_47 and episode is None:
        errors["section_47"] = (
            "A section 47 enquiry needs an open child in need episode: record the referral first."
        )
    if not decision_reason.strip():
        errors["decision_reason"] = "Enter the reason for the decision."
    if errors:
        raise ValidationError(errors)
    assert held_on is not None and led_by is not None and section_47 is not None
    with transaction.atomic():
        discussion = StrategyDiscussion.objects.create(
            child=child,
            cin_episode=episode,
            held_on=held_on,
            is_meeting=is_meeting,
            led_by=led_by,
            led_by_manager=led_by.role in MANAGER_ROLES,
            agencies=agencies,
            information_shared=information_shared.strip(),
            section_47=section_47,
            decision_reason=decision_reason.strip(),
            minutes=minutes.strip(),
            recorded_by=by,
        )
        audit_change(user=by, instance=discussion, action="create", before=None, child_id=child.pk)
        event_record(
            child_id=child.pk,
            type="strategy_discussion.held",
            occurred_on=held_on,
            recorded_by=by,
            record=discussion,
            payload={"section_47": section_47, "led_by_manager": discussion.led_by_manager},
        )
        if section_47 and open_enquiry(child) is None:
            enquiry = Section47Enquiry.objects.create(
                child=child, cin_episode=episode, strategy_discussion=discussion, start_date=held_on
            )
            audit_change(user=by, instance=enquiry, action="create", before=None, child_id=child.pk)
            event_record(
                child_id=child.pk, type="s47.started", occurred_on=held_on, recorded_by=by, record=enquiry
            )
    return discussion


@dataclass(frozen=True)
class SiblingDecision:
    """A brother's or sister's own decision at a strategy discussion about the family."""

    child: Person
    section_47: bool | None
    decision_reason: str
    prefix: str


def strategy_discussion_record_for_family(
    *, child: Person, siblings: list[SiblingDecision], by: StaffUser, **shared: Any
) -> list[StrategyDiscussion]:
    """One strategy discussion about several children of a family, recorded once (issue 18): what was shared and who
    took part once; each child's own decision, discussion record, event and section 47 enquiry. Each child must live
    with the first and the recorder may write to each; any child's refusal refuses them all."""
    if problems := also_about_problems(child, [sibling.child for sibling in siblings], by):
        raise ValidationError({"__all__": problems})
    common = {key: value for key, value in shared.items() if key not in ("section_47", "decision_reason")}
    steps = [ChildStep(child, "", partial(strategy_discussion_record, child=child, by=by, **shared))] + [
        ChildStep(
            sibling.child,
            sibling.prefix,
            partial(
                strategy_discussion_record,
                child=sibling.child,
                by=by,
                section_47=sibling.section_47,
                decision_reason=sibling.decision_reason,
                **common,
            ),
        )
        for sibling in siblings
    ]
    with transaction.atomic():
        made = record_for_each(steps, shared=list(common))
        StrategyDiscussion.objects.filter(pk__in=[item.pk for item in made[1:]]).update(together_with=made[0])
    for item in made[1:]:
        item.together_with = made[0]
    return made


def section_47_conclude(
    *, enquiry: Section47Enquiry, ended_on: date | None, outcome: str, by: StaffUser
) -> Section47Enquiry:
    """The enquiry's end and outcome; any outcome but a conference means no initial conference is needed."""
    policy.require(by, "child.record_work", enquiry.child)
    errors: dict[str, str] = {}
    if enquiry.end_date is not None:
        errors["outcome"] = f"This enquiry was concluded on {long_date(enquiry.end_date)}."
    elif outcome not in Section47Outcome.values:
        errors["outcome"] = "Choose the outcome of the section 47 enquiry."
    if problem := past_date_problem(ended_on, "the date the enquiry concluded"):
        errors["ended_on"] = problem
    elif ended_on is not None and ended_on < enquiry.start_date:
        errors["ended_on"] = f"The enquiry cannot end before it started ({long_date(enquiry.start_date)})."
    if errors:
        raise ValidationError(errors)
    assert ended_on is not None
    with transaction.atomic():
        before = snapshot(enquiry)
        enquiry.end_date = ended_on
        enquiry.outcome = outcome
        enquiry.save(update_fields=["end_date", "outcome"])
        audit_change(user=by, instance=enquiry, action="update", before=before, child_id=enquiry.child_id)
        event_record(
            child_id=enquiry.child_id,
            type="s47.completed",
            occurred_on=ended_on,
            recorded_by=by,
            record=enquiry,
            payload={"outcome": Section47Outcome(outcome).label, "outcome_code": outcome},
        )
        if outcome != Section47Outcome.CONFERENCE:
            event_record(
                child_id=enquiry.child_id,
                type="icpc.not_required",
                occurred_on=ended_on,
                recorded_by=by,
                record=enquiry,
            )
    return enquiry


def discussion_flags(discussion: StrategyDiscussion) -> list[str]:
    """What the page flags about a strategy discussion (inspection report 2012 paragraph 19)."""
    if discussion.led_by_manager:
        return []
    return [
        f"{NOT_LED_BY_MANAGER}: led by {discussion.led_by.full_name} ({discussion.led_by.get_role_display()})"
    ]


def icpc_due(enquiry: Section47Enquiry) -> Obligation | None:
    """The initial conference clock the enquiry's strategy discussions started (the latest from its start)."""
    return (
        Obligation.objects.filter(
            child_id=enquiry.child_id, rule_id="cp.icpc", start_date__gte=enquiry.start_date
        )
        .order_by("-start_date", "-pk")
        .first()
    )
