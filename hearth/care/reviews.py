"""Looked-after reviews and the independent reviewing officer (issue 16 item 7): the IRO allocated, each review with
the child's participation and whether the IRO met them first, recommendations owned and dated (each its owner's
obligation until done, shown with progress at the next review), decisions circulated and the record completed on
time, and the IRO's dispute resolution with its stages and dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from hearth.care.models import CarePeriod, DisputeStage, IroDispute, LacReview, Recommendation
from hearth.core import policy
from hearth.core.audit import audit_change, audited_update, locked_fresh
from hearth.core.codesets import ReviewParticipation
from hearth.core.dates import long_date
from hearth.core.events import event_of, event_record
from hearth.core.models import Event
from hearth.core.timescales.circumstances import whole_years
from hearth.core.validation import past_date_problem
from hearth.core.versions import locked_at_version, save_new_version
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import Role
from hearth.plans.models import ReviewKind
from hearth.plans.services import contributions_waiting

REVIEWING_ROLES = frozenset(
    {Role.INDEPENDENT_REVIEWING_OFFICER, Role.CHILD_PROTECTION_CHAIR, Role.IRO_MANAGER}
)


@dataclass(frozen=True)
class NewRecommendation:
    text: str
    owner: StaffUser | None
    due_date: date | None


@dataclass(frozen=True)
class Progress:
    """What the review found of an earlier recommendation: progress in words, and whether it is done."""

    recommendation: Recommendation
    progress: str
    done: bool


def iro_allocate(*, period: CarePeriod, iro: StaffUser | None, on: date | None, by: StaffUser) -> CarePeriod:
    policy.require(by, "child.record_work", period.child)
    errors: dict[str, str] = {}
    if iro is None or iro.role not in REVIEWING_ROLES or not iro.is_active:
        errors["iro"] = (
            "Choose an independent reviewing officer (or a chair who reviews looked-after children)."
        )
    if problem := past_date_problem(on, "the date the reviewing officer was allocated"):
        errors["on"] = problem
    elif on is not None and on < period.start_date:
        errors["on"] = f"The child became looked after on {long_date(period.start_date)}: allocate from then."
    if period.end_date is not None:
        errors["iro"] = "This period of care has ended."
    if errors:
        raise ValidationError(errors)
    assert iro is not None and on is not None
    with transaction.atomic():
        period = locked_fresh(period)
        audited_update(period, by=by, child_id=period.child_id, iro=iro, iro_allocated_on=on)
        event_record(
            child_id=period.child_id,
            type="care.iro_allocated",
            occurred_on=on,
            recorded_by=by,
            record=period,
            payload={"iro": iro.full_name, "iro_id": iro.pk},
        )
    return period


# The child's health, education and missing episodes, and partners' contributions, as the reviewing officer reads them before a review (issue 17
# item 5): the events of those records, named by their types (the records live in apps above care, ADR 15).
WELLBEING_EVENT_PREFIXES = (
    "health.",
    "school.",
    "attendance.",
    "exclusion.",
    "sen.",
    "attainment.",
    "pep.",
    "missing.",
    "exploitation.",
    "plan.contribution",  # what partners sent for the child's meetings
)


def wellbeing_since_last_review(period: CarePeriod) -> tuple[date, list[Event]]:
    """(the day counted from, the child's health, education and missing events since the last review of the period,
    or since care began), oldest first."""
    last = period.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    since = last or period.start_date
    kinds = Q()
    for prefix in WELLBEING_EVENT_PREFIXES:
        kinds |= Q(type__startswith=prefix)
    found = Event.objects.filter(kinds, child_id=period.child_id, occurred_on__gte=since).select_related(
        "recorded_by"
    )
    return since, list(found.order_by("occurred_on", "pk")[:200])


def open_recommendations(period: CarePeriod) -> list[Recommendation]:
    return list(
        Recommendation.objects.filter(review__period=period, done_on=None)
        .select_related("owner", "review")
        .order_by("review__held_on", "pk")
    )


def review_record(
    *,
    period: CarePeriod,
    version: int | None,
    held_on: date | None,
    participation: str,
    iro_met_child_on: date | None,
    child_views: str,
    summary: str,
    recommendations: list[NewRecommendation],
    progress: list[Progress],
    by: StaffUser,
) -> LacReview:
    """A review held: refused with the field named, nothing saved, if it is dated outside the period of care, the
    participation does not fit the child's age, or a recommendation has no owner or date; refused too if someone
    recorded a review of this child since the form was opened (their review is shown; nothing typed is lost)."""
    child = period.child
    policy.require(by, "child.record_work", child)
    errors: dict[str, str] = {}
    if period.iro_id is None:
        errors["__all__"] = "Allocate the independent reviewing officer first: they chair the review."
    if problem := past_date_problem(held_on, "the date of the review"):
        errors["held_on"] = problem
    elif held_on is not None and held_on < period.start_date:
        errors["held_on"] = (
            f"The review cannot be before the child became looked after ({long_date(period.start_date)})."
        )
    elif held_on is not None and period.end_date is not None and held_on > period.end_date:
        errors["held_on"] = f"The child stopped being looked after on {long_date(period.end_date)}."
    if participation not in ReviewParticipation.values:
        errors["participation"] = "Choose how the child took part in the review."
    elif held_on is not None and child.date_of_birth is not None:
        under_four = whole_years(child.date_of_birth, held_on) < 4
        if under_four != (participation == ReviewParticipation.PN0):
            errors["participation"] = (
                "PN0 is for a child under 4 at the review, and only for them (903 rule)."
            )
    if iro_met_child_on is not None and held_on is not None and iro_met_child_on > held_on:
        errors["iro_met_child_on"] = (
            "The meeting with the child before the review cannot be after the review."
        )
    if not summary.strip():
        errors["summary"] = "Enter what the review found and decided."
    for index, item in enumerate(recommendations):
        if not item.text.strip():
            continue
        if item.owner is None:
            errors[f"recommendation_{index}_owner"] = "Choose who will carry out this recommendation."
        if item.due_date is None:
            errors[f"recommendation_{index}_due"] = "Enter the date by which this recommendation is done."
        elif held_on is not None and item.due_date < held_on:
            errors[f"recommendation_{index}_due"] = "The recommendation cannot be due before the review."
    if errors:
        raise ValidationError(errors)
    assert held_on is not None and period.iro is not None
    with transaction.atomic():
        period = locked_at_version(period, version, what="child's reviews")
        chair = period.iro
        if chair is None:
            raise ValidationError(
                {"__all__": "The reviewing officer was taken off this child: allocate one again."}
            )
        latest = period.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
        if latest is not None and held_on <= latest:
            raise ValidationError(
                {"held_on": f"The last review recorded was on {long_date(latest)}: this one comes after it."}
            )
        number = period.reviews.count() + 1
        review = LacReview.objects.create(
            period=period,
            child=child,
            number=number,
            held_on=held_on,
            iro=chair,
            participation=participation,
            iro_met_child_on=iro_met_child_on,
            child_views=child_views.strip(),
            summary=summary.strip(),
            recorded_by=by,
        )
        save_new_version(period, [])
        audit_change(user=by, instance=review, action="create", before=None, child_id=child.pk)
        # what the professionals sent for the review is part of its record
        contributions_waiting(period, ReviewKind.REVIEW, up_to=held_on).update(lac_review=review)
        event_record(
            child_id=child.pk,
            type="lac_review.held",
            occurred_on=held_on,
            recorded_by=by,
            record=review,
            payload={
                "number": number,
                "subsequent": number >= 2,
                "iro_id": review.iro_id,
                "participation": participation,
                "met_child_first": iro_met_child_on is not None,
            },
        )
        for change in progress:
            _progress(change, held_on, by)
        for new in recommendations:
            if new.text.strip():
                _recommend(review, new, by)
    return review


def _recommend(review: LacReview, item: NewRecommendation, by: StaffUser) -> Recommendation:
    assert item.owner is not None and item.due_date is not None
    made = Recommendation.objects.create(
        review=review, text=item.text.strip(), owner=item.owner, due_date=item.due_date
    )
    audit_change(user=by, instance=made, action="create", before=None, child_id=review.child_id)
    event_record(
        child_id=review.child_id,
        type="lac_review.recommendation",
        occurred_on=review.held_on,
        recorded_by=by,
        record=made,
        payload={"text": made.text[:200], "owner_id": made.owner_id, "due_date": made.due_date.isoformat()},
    )
    return made


def _progress(item: Progress, on: date, by: StaffUser) -> None:
    recommendation = item.recommendation
    changes: dict[str, object] = {}
    if item.progress.strip():
        changes["progress"] = item.progress.strip()
    if item.done and recommendation.done_on is None:
        changes["done_on"] = on
    if not changes:
        return
    audited_update(recommendation, by=by, child_id=recommendation.review.child_id, **changes)
    if "done_on" in changes:
        _done_event(recommendation, on, by)


def _done_event(recommendation: Recommendation, on: date, by: StaffUser) -> None:
    event_record(
        child_id=recommendation.review.child_id,
        type="lac_review.recommendation_done",
        occurred_on=on,
        recorded_by=by,
        record=recommendation,
        payload={
            "text": recommendation.text[:200],
            "recommendation_event": event_of("lac_review.recommendation", recommendation),
        },
    )


def recommendation_done(
    *, recommendation: Recommendation, on: date | None, progress: str, by: StaffUser
) -> Recommendation:
    policy.require(by, "child.record_work", recommendation.review.child)
    errors: dict[str, str] = {}
    if recommendation.done_on is not None:
        errors["on"] = f"This recommendation was done on {long_date(recommendation.done_on)}."
    elif problem := past_date_problem(on, "the date it was done"):
        errors["on"] = problem
    elif on is not None and on < recommendation.review.held_on:
        errors["on"] = "It cannot be done before the review that made it."
    if errors:
        raise ValidationError(errors)
    assert on is not None
    with transaction.atomic():
        recommendation = locked_fresh(recommendation)
        if recommendation.done_on is not None:
            raise ValidationError(
                {"on": f"This recommendation was done on {long_date(recommendation.done_on)}."}
            )
        changes: dict[str, object] = {"done_on": on}
        if progress.strip():
            changes["progress"] = progress.strip()
        audited_update(recommendation, by=by, child_id=recommendation.review.child_id, **changes)
        _done_event(recommendation, on, by)
    return recommendation


def review_step(*, review: LacReview, step: str, on: date | None, by: StaffUser) -> LacReview:
    """The review's decisions circulated, or its full record completed (each met once, on its day)."""
    policy.require(by, "child.record_work", review.child)
    field, event_type = {
        "decisions": ("decisions_circulated_on", "lac_review.decisions_circulated"),
        "record": ("record_completed_on", "lac_review.record_completed"),
    }[step]
    errors: dict[str, str] = {}
    if getattr(review, field) is not None:
        errors["on"] = f"Already recorded, on {long_date(getattr(review, field))}."
    elif problem := past_date_problem(on, "the date"):
        errors["on"] = problem
    elif on is not None and on < review.held_on:
        errors["on"] = f"It cannot be before the review ({long_date(review.held_on)})."
    if errors:
        raise ValidationError(errors)
    assert on is not None
    with transaction.atomic():
        review = locked_fresh(review)
        if getattr(review, field) is not None:  # recorded by someone else meanwhile
            raise ValidationError({"on": f"Already recorded, on {long_date(getattr(review, field))}."})
        audited_update(review, by=by, child_id=review.child_id, **{field: on})
        event_record(
            child_id=review.child_id,
            type=event_type,
            occurred_on=on,
            recorded_by=by,
            record=review,
            payload={"review_event": event_of("lac_review.held", review)},
        )
    return review


def dispute_raise(*, period: CarePeriod, raised_on: date | None, issue: str, by: StaffUser) -> IroDispute:
    policy.require(by, "child.record_work", period.child)
    errors: dict[str, str] = {}
    if problem := past_date_problem(raised_on, "the date the dispute was raised"):
        errors["raised_on"] = problem
    elif raised_on is not None and raised_on < period.start_date:
        errors["raised_on"] = "A dispute about the child's care cannot be raised before the care began."
    if not issue.strip():
        errors["issue"] = "Enter what the reviewing officer disputes (the plan, its delay, a decision)."
    if errors:
        raise ValidationError(errors)
    assert raised_on is not None
    with transaction.atomic():
        dispute = IroDispute.objects.create(
            period=period,
            child=period.child,
            raised_on=raised_on,
            issue=issue.strip(),
            stage_since=raised_on,
            raised_by=by,
        )
        audit_change(user=by, instance=dispute, action="create", before=None, child_id=period.child_id)
        event_record(
            child_id=period.child_id,
            type="iro_dispute.raised",
            occurred_on=raised_on,
            recorded_by=by,
            record=dispute,
            payload={"issue": dispute.issue[:200]},
        )
    return dispute


STAGE_ORDER = list(DisputeStage.values)


def dispute_step(
    *, dispute: IroDispute, stage: str, on: date | None, outcome: str, resolved: bool, by: StaffUser
) -> IroDispute:
    """Escalate the dispute to a later stage, or record it resolved with the outcome."""
    policy.require(by, "child.record_work", dispute.child)
    errors: dict[str, str] = {}
    if dispute.resolved_on is not None:
        errors["__all__"] = f"This dispute was resolved on {long_date(dispute.resolved_on)}."
    if problem := past_date_problem(on, "the date"):
        errors["on"] = problem
    elif on is not None and on < dispute.stage_since:
        errors["on"] = f"It cannot be before the current stage began ({long_date(dispute.stage_since)})."
    if resolved:
        if not outcome.strip():
            errors["outcome"] = "Enter how the dispute was resolved."
    elif stage not in DisputeStage.values or STAGE_ORDER.index(stage) <= STAGE_ORDER.index(dispute.stage):
        errors["stage"] = "Choose a later stage than the current one, or record the dispute resolved."
    if errors:
        raise ValidationError(errors)
    assert on is not None
    with transaction.atomic():
        dispute = locked_fresh(dispute)
        if resolved:
            audited_update(dispute, by=by, child_id=dispute.child_id, resolved_on=on, outcome=outcome.strip())
            event_type, payload = "iro_dispute.resolved", {"outcome": outcome.strip()[:200]}
        else:
            audited_update(dispute, by=by, child_id=dispute.child_id, stage=stage, stage_since=on)
            event_type, payload = "iro_dispute.escalated", {"stage": DisputeStage(stage).label}
        event_record(
            child_id=dispute.child_id,
            type=event_type,
            occurred_on=on,
            recorded_by=by,
            record=dispute,
            payload=payload,
        )
    return dispute
