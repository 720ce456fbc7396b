"""Assessments: started, recorded, completed by the worker, authorised by a manager, shared with the parents.

The profile in force at the referral decides the kind: a single assessment (45 working days from the referral)
from 15 April 2013, before then an initial assessment and, where needed, a core assessment (the 2010 profile).
The child's views are required, or the reason they could not be obtained; every member of the household is
considered (the household is read live, so no adult is missed); factors are CIN census codes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.children_in_need.models import Assessment, AssessmentKind, AssessmentOutcome, CinEpisode
from hearth.core import clock, policy
from hearth.core.audit import audit_change, audited_update, locked_fresh, snapshot
from hearth.core.codesets import AssessmentFactor, PrimaryNeed
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.models import Obligation
from hearth.core.timescales.rules import WT2013_FROM
from hearth.core.validation import past_date_problem
from hearth.core.versions import locked_at_version, save_new_version, version_check
from hearth.organisation.models import StaffUser
from hearth.people.families import household_members
from hearth.signoff.services import decision_record, sign_off_request

RULE_OF_KIND = {
    AssessmentKind.SINGLE: "assessment.single",
    AssessmentKind.INITIAL: "assessment.initial",
    AssessmentKind.CORE: "assessment.core",
}
NO_FACTORS = AssessmentFactor.NO_FACTORS.value
# What the worker records while the assessment is in progress (the form's fields).
RECORDED_FIELDS = (
    "child_seen_date",
    "child_seen_alone",
    "child_views",
    "child_views_not_obtained",
    "parents_views",
    "previous_involvement",
    "analysis",
    "outcome",
    "factors",
    "late_reason",
)
# Recorded on the episode from the assessment page: the CIN census's primary need for the episode.
EPISODE_FIELDS = ("primary_need",)


def kind_for(episode: CinEpisode) -> str:
    """The kind of assessment to start next on this episode, from the profile in force at the referral."""
    if episode.referral_date >= WT2013_FROM:
        return AssessmentKind.SINGLE
    initial_done = episode.assessments.filter(kind=AssessmentKind.INITIAL).exclude(authorisation_date=None)
    return AssessmentKind.CORE if initial_done.exists() else AssessmentKind.INITIAL


def _payload(assessment: Assessment, **extra: Any) -> dict[str, Any]:
    return {"kind": AssessmentKind(assessment.kind).label, **extra}


def assessment_start(*, episode: CinEpisode, start_date: date | None, by: StaffUser) -> Assessment:
    policy.require(by, "child.record_work", episode.child)
    errors: dict[str, str] = {}
    if not episode.is_open:
        errors["start_date"] = "This episode is closed: a new referral is needed for a new assessment."
    elif episode.assessments.filter(authorisation_date=None).exists():
        errors["start_date"] = "An assessment is already in progress on this episode: continue that one."
    if problem := past_date_problem(start_date, "the date the assessment started"):
        errors.setdefault("start_date", problem)
    elif start_date is not None and start_date < episode.referral_date:
        errors.setdefault(
            "start_date",
            f"The assessment cannot start before the referral ({long_date(episode.referral_date)}).",
        )
    if errors:
        raise ValidationError(errors)
    assert start_date is not None
    with transaction.atomic():
        assessment = Assessment.objects.create(
            episode=episode, kind=kind_for(episode), start_date=start_date, worker=by
        )
        audit_change(user=by, instance=assessment, action="create", before=None, child_id=episode.child_id)
        event_record(
            child_id=episode.child_id,
            type="assessment.started",
            occurred_on=start_date,
            recorded_by=by,
            record=assessment,
            payload=_payload(assessment),
        )
    return assessment


def _recorded_problems(assessment: Assessment, values: dict[str, Any]) -> dict[str, str]:
    """Problems with what has been recorded, whether saving a draft or completing."""
    errors: dict[str, str] = {}
    referral_date = assessment.episode.referral_date
    seen = values.get("child_seen_date")
    if seen is not None:
        if problem := past_date_problem(seen, "the date the child was seen"):
            errors["child_seen_date"] = problem
        elif seen < referral_date:
            errors["child_seen_date"] = (
                f"The child cannot have been seen for this assessment before the referral ({long_date(referral_date)})."
            )
    elif values.get("child_seen_alone"):
        errors["child_seen_alone"] = "A child seen alone has been seen: enter the date the child was seen."
    factors = list(values.get("factors") or [])
    unknown = [code for code in factors if code not in AssessmentFactor.values]
    if unknown:
        errors["factors"] = (
            f"{', '.join(unknown)} {'is not a factor code' if len(unknown) == 1 else 'are not factor codes'}."
        )
    elif NO_FACTORS in factors and len(factors) > 1:
        errors["factors"] = "'No factors identified' cannot be chosen with other factors."
    need = values.get("primary_need") or ""
    if need and need not in PrimaryNeed.values:
        errors["primary_need"] = f"{need!r} is not a primary need code (N0 to N9)."
    outcome = values.get("outcome") or ""
    if outcome and outcome not in AssessmentOutcome.values:
        errors["outcome"] = "Choose the outcome of the assessment."
    if outcome == AssessmentOutcome.CORE_ASSESSMENT and assessment.kind != AssessmentKind.INITIAL:
        errors["outcome"] = "Only an initial assessment (the 2010 profile) leads to a core assessment."
    return errors


def assessment_record(
    *,
    assessment: Assessment,
    values: dict[str, Any],
    findings: dict[int, str],
    version: int | None,
    by: StaffUser,
) -> Assessment:
    """Save what the worker has recorded so far (a draft: nothing is required yet). Refused, nothing saved, if
    someone else saved the assessment since this person's page was opened at `version`, or once it has been
    completed and sent to the manager (until they return it) or authorised."""
    policy.require(by, "child.record_work", assessment.episode.child)
    if errors := _recorded_problems(assessment, values):
        raise ValidationError(errors)
    need = values.get("primary_need")
    values = {key: values[key] for key in RECORDED_FIELDS if key in values}
    names = {member.pk: member.full_name for member in household_members(assessment.episode.child_id)}
    with transaction.atomic():
        locked_at_version(assessment, version, what="assessment")  # re-read: its episode is read afresh below
        if assessment.authorisation_date is not None:
            raise ValidationError(
                {"__all__": "This assessment has been authorised: it can no longer be changed."}
            )
        if assessment.completed_on is not None:
            raise ValidationError(
                {
                    "__all__": "This assessment is waiting for the manager's authorisation: it can be changed again "
                    "if they return it."
                }
            )
        episode = assessment.episode
        before = snapshot(assessment)
        for key, value in values.items():
            setattr(assessment, key, value.strip() if isinstance(value, str) else value)
        assessment.household_considered = [
            {"person_id": pk, "name": names.get(pk, ""), "finding": finding.strip()}
            for pk, finding in findings.items()
            if finding.strip()
        ]
        save_new_version(assessment, [*values, "household_considered"])
        audit_change(user=by, instance=assessment, action="update", before=before, child_id=episode.child_id)
        if need is not None and need != episode.primary_need:
            audited_update(episode, by=by, child_id=episode.child_id, primary_need=need)
    return assessment


def due_date(assessment: Assessment) -> date | None:
    """When the assessment is due, from the child's open clock for its kind."""
    obligation = (
        Obligation.objects.filter(
            child_id=assessment.episode.child_id,
            rule_id=RULE_OF_KIND[AssessmentKind(assessment.kind)],
            start_date__gte=assessment.episode.referral_date,
        )
        .order_by("-start_date")
        .first()
    )
    return obligation.due_date if obligation is not None else None


def assessment_complete(*, assessment: Assessment, completed_on: date | None, by: StaffUser) -> Assessment:
    """The worker completes the assessment and sends it for authorisation: everything must be there."""
    policy.require(by, "child.record_work", assessment.episode.child)
    errors: dict[str, str] = {}
    if assessment.authorisation_date is not None:
        errors["completed_on"] = "This assessment has already been authorised."
    elif assessment.completed_on is not None:
        errors["completed_on"] = "This assessment is already waiting for authorisation."
    referral_date = assessment.episode.referral_date
    if problem := past_date_problem(completed_on, "the date the assessment was completed"):
        errors.setdefault("completed_on", problem)
    elif completed_on is not None and completed_on < assessment.start_date:
        errors.setdefault(
            "completed_on",
            f"The assessment cannot be completed before it started ({long_date(assessment.start_date)}).",
        )
    elif completed_on is not None and completed_on < referral_date:
        errors.setdefault(
            "completed_on",
            f"The assessment cannot be completed before the referral ({long_date(referral_date)}).",
        )
    if not assessment.child_views and not assessment.child_views_not_obtained:
        errors["child_views"] = (
            "Record the child's views and wishes, or why they could not be obtained (for example, a baby)."
        )
    if not assessment.parents_views:
        errors["parents_views"] = "Record the parents' or carers' views."
    considered = {entry["person_id"] for entry in assessment.household_considered}
    missed = [
        member.full_name
        for member in household_members(assessment.episode.child_id)
        if member.pk not in considered
    ]
    if missed:
        errors["household"] = (
            f"Record what the assessment found about everyone in the household: {', '.join(missed)}."
        )
    if not assessment.analysis:
        errors["analysis"] = "Record the analysis."
    if not assessment.outcome:
        errors["outcome"] = "Choose the outcome of the assessment."
    if assessment.outcome != AssessmentOutcome.NO_FURTHER_ACTION and not assessment.episode.primary_need:
        errors["primary_need"] = "Choose the child's primary need (the CIN census code N1 to N9)."
    if not assessment.factors:
        errors["factors"] = "Choose the factors identified, or 'No factors identified'."
    due = due_date(assessment)
    if completed_on is not None and due is not None and completed_on > due and not assessment.late_reason:
        errors["late_reason"] = (
            f"The assessment was due by {long_date(due)}: record why it took longer before completing it."
        )
    if errors:
        raise ValidationError(errors)
    assert completed_on is not None
    with transaction.atomic():
        audited_update(
            assessment,
            by=by,
            child_id=assessment.episode.child_id,
            completed_on=completed_on,
            returned_reason="",
        )
        event_record(
            child_id=assessment.episode.child_id,
            type="assessment.submitted",
            occurred_on=completed_on,
            recorded_by=by,
            record=assessment,
            payload=_payload(assessment),
        )
        sign_off_request(kind="assessment", subject=assessment, by=by, on=completed_on)
    return assessment


def _awaiting_manager(assessment: Assessment, by: StaffUser) -> dict[str, str]:
    if assessment.authorisation_date is not None:
        return {"__all__": "This assessment has already been authorised."}
    if assessment.completed_on is None:
        return {"__all__": "The worker has not completed this assessment yet."}
    if problem := policy.problem(by, "child.sign_off", assessment.episode.child):
        return {"__all__": problem}
    return {}


def assessment_authorise(
    *,
    assessment: Assessment,
    authorised_on: date | None,
    rationale: str,
    by: StaffUser,
    version: int | None = None,
) -> Assessment:
    """The manager authorises the assessment with a rationale: the census's authorisation date. From a page,
    `version` is the version the manager read: refused if the worker has changed it since (ADR 19)."""
    policy.refusal(
        by, "child.sign_off", assessment.episode.child
    )  # a refusal is logged here, outside the transaction that a refusal rolls back
    with transaction.atomic():
        return _authorise(_read_at(locked_fresh(assessment), version), authorised_on, rationale, by)


def _read_at(assessment: Assessment, version: int | None) -> Assessment:
    """A manager's decision is on what they read: refused if the assessment has been saved since (`version`)."""
    if version is not None:
        version_check(assessment, version, what="assessment", field="__all__")
    return assessment


def _authorise(
    assessment: Assessment, authorised_on: date | None, rationale: str, by: StaffUser
) -> Assessment:
    errors = _awaiting_manager(assessment, by)
    if problem := past_date_problem(authorised_on, "the date of authorisation"):
        errors["authorised_on"] = problem
    elif authorised_on is not None and assessment.completed_on and authorised_on < assessment.completed_on:
        errors["authorised_on"] = (
            f"Authorisation cannot be before the worker completed the assessment ({long_date(assessment.completed_on)})."
        )
    if not rationale.strip():
        errors["rationale"] = "Enter the rationale for the decision."
    if errors:
        raise ValidationError(errors)
    assert authorised_on is not None
    decision_record(
        kind="assessment",
        subject=assessment,
        child_id=assessment.episode.child_id,
        by=by,
        on=authorised_on,
        approved=True,
        rationale=rationale.strip(),
        changes={
            "authorisation_date": authorised_on,
            "authorised_by": by,
            "authorisation_rationale": rationale.strip(),
        },
        event="assessment.completed",
        payload=_payload(assessment, outcome=AssessmentOutcome(assessment.outcome).label),
        # The manager's rationale is on the chronology with the decision (inspection 2012 paragraph 34).
        summary=f"Assessment completed and authorised by {by.full_name}: {rationale.strip()}",
    )
    return assessment


def assessment_return(
    *,
    assessment: Assessment,
    reason: str,
    by: StaffUser,
    returned_on: date | None = None,
    version: int | None = None,
) -> Assessment:
    """The manager returns the assessment to the worker with what must change (today, unless given); from a page,
    on the version the manager read, as `assessment_authorise`."""
    policy.refusal(
        by, "child.sign_off", assessment.episode.child
    )  # a refusal is logged here, outside the transaction that a refusal rolls back
    with transaction.atomic():
        return _send_back(
            _read_at(locked_fresh(assessment), version), reason, by, returned_on or clock.today()
        )


def _send_back(assessment: Assessment, reason: str, by: StaffUser, returned_on: date) -> Assessment:
    errors = _awaiting_manager(assessment, by)
    if not reason.strip():
        errors["reason"] = "Enter what the worker must change."
    if errors:
        raise ValidationError(errors)
    decision_record(
        kind="assessment",
        subject=assessment,
        child_id=assessment.episode.child_id,
        by=by,
        on=returned_on,
        approved=False,
        rationale=reason,
        changes={"completed_on": None, "returned_reason": reason.strip()},
        event="assessment.returned",
        payload=_payload(assessment, reason=reason.strip()[:200]),
    )
    return assessment


def assessment_share(*, assessment: Assessment, shared_on: date | None, by: StaffUser) -> Assessment:
    """The date the assessment was shared with the parents."""
    policy.require(by, "child.record_work", assessment.episode.child)
    errors: dict[str, str] = {}
    if problem := past_date_problem(shared_on, "the date the assessment was shared with the parents"):
        errors["shared_on"] = problem
    elif shared_on is not None and shared_on < assessment.start_date:
        errors["shared_on"] = (
            f"The assessment cannot be shared before it started ({long_date(assessment.start_date)})."
        )
    if errors:
        raise ValidationError(errors)
    assert shared_on is not None
    with transaction.atomic():
        audited_update(
            assessment, by=by, child_id=assessment.episode.child_id, shared_with_parents_on=shared_on
        )
        event_record(
            child_id=assessment.episode.child_id,
            type="assessment.shared",
            occurred_on=shared_on,
            recorded_by=by,
            record=assessment,
            payload=_payload(assessment),
        )
    return assessment
