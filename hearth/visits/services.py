"""Recording a statutory visit of any kind (ADR 18): the refusals every visit shares, the visit and its audit row,
and the kind's event (seen meets the kind's visiting rule; not seen is the kind's own event)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import clock, policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.dates import long_date
from hearth.core.events import event_of, event_record
from hearth.core.text import seen_text
from hearth.core.validation import past_date_problem
from hearth.people.families import ChildStep, also_about_problems, record_for_each
from hearth.visits.kinds import visit_kind
from hearth.visits.models import Visit, VisitGroup

if TYPE_CHECKING:
    from hearth.organisation.models import StaffUser
    from hearth.people.models import Person


def seen_payload(visit: Visit) -> dict[str, object]:
    """What a visit event says about the child being seen (the chronology's wording reads it)."""
    return {
        "seen": visit.seen,
        "seen_alone": visit.seen_alone,
        "seen_text": seen_text(visit.seen, visit.seen_alone),
        "bedroom_seen": visit.bedroom_seen,
    }


def visit_refuse_bad_input(
    *,
    plan_start: date,
    plan_end: date | None,
    plan_word: str = "plan",
    visit_date: date | None,
    seen: bool | None,
    seen_alone: bool,
    bedroom_seen: bool,
    not_seen_reason: str,
) -> None:
    """The refusals every visit shares, each naming its field."""
    errors: dict[str, str] = {}
    if plan_end is not None:
        errors["visit_date"] = (
            f"This {plan_word} ended on {long_date(plan_end)}: the visit cannot be recorded on it."
        )
    if problem := past_date_problem(visit_date, "the date of the visit"):
        errors.setdefault("visit_date", problem)
    elif visit_date is not None and visit_date < plan_start:
        errors.setdefault(
            "visit_date", f"The visit cannot be before the {plan_word} started ({long_date(plan_start)})."
        )
    if seen is None:
        errors["seen"] = "Say whether the child was seen."
    elif not seen:
        if seen_alone:
            errors["seen_alone"] = (
                "The child was not seen, so cannot have been seen alone: check both answers."
            )
        if bedroom_seen:
            errors["bedroom_seen"] = "Record the bedroom as seen only on a visit where the child was seen."
        if not not_seen_reason.strip():
            errors["not_seen_reason"] = "Enter why the child was not seen (for example, no access)."
    if errors:
        raise ValidationError(errors)


def visit_record(
    *,
    kind: str,
    plan: Any,
    visit_date: date | None,
    seen: bool | None,
    seen_alone: bool,
    bedroom_seen: bool,
    not_seen_reason: str,
    note: str,
    answers: dict[str, Any] | None = None,
    views: str = "",
    group: VisitGroup | None = None,
    by: StaffUser,
) -> Visit:
    """A statutory visit against the kind's plan: seen meets the kind's visiting rule; not seen writes the kind's own
    event (a failed child protection visit alerts the manager the same day). A visit to several children of a
    family together is each child's visit in one `group` (`visit_group_record`)."""
    declared = visit_kind(kind)
    child = declared.child_of(plan)
    policy.require(by, "child.record_work", child)
    unknown = set(answers or {}) - {name for name, _ in declared.questions}
    if unknown:
        raise ValidationError({"__all__": f"{declared.label} asks no question {', '.join(sorted(unknown))}."})
    visit_refuse_bad_input(
        plan_start=plan.start_date,
        plan_end=plan.end_date,
        plan_word=declared.plan_word,
        visit_date=visit_date,
        seen=seen,
        seen_alone=seen_alone,
        bedroom_seen=bedroom_seen,
        not_seen_reason=not_seen_reason,
    )
    assert visit_date is not None and seen is not None
    with transaction.atomic():
        visit = Visit.objects.create(
            child=child,
            kind=declared.key,
            **{declared.plan_field: plan},
            visit_date=visit_date,
            seen=seen,
            seen_alone=seen and seen_alone,
            bedroom_seen=seen and bedroom_seen,
            not_seen_reason="" if seen else not_seen_reason.strip(),
            note="" if group is not None else note.strip(),
            views=views.strip(),
            group=group,
            answers=answers or {},
            recorded_by=by,
        )
        audit_change(user=by, instance=visit, action="create", before=None, child_id=child.pk)
        # A failed visit says when it was recorded: the manager's alert is due that day (`visits.rules`).
        failed = {"reason": visit.not_seen_reason[:200], "recorded_on": clock.today().isoformat()}
        event_record(
            child_id=child.pk,
            type=declared.seen_event if seen else declared.failed_event,
            occurred_on=visit_date,
            recorded_by=by,
            record=visit,
            # The kind's own answers ride on the event: a rule may read them (regulation 28's fewer visits agreed).
            payload=visit.answers | seen_payload(visit) | ({} if seen else failed),
        )
    return visit


@dataclass(frozen=True)
class ChildOnVisit:
    """One child's part of a visit to several children: their plan of a kind that takes visits, and their answers."""

    child: Person
    kind: str
    plan: Any
    seen: bool | None
    seen_alone: bool = False
    bedroom_seen: bool = False
    not_seen_reason: str = ""
    views: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    # The form's fields for this child are named with it (`c12_seen`), and so are the service's refusals.
    prefix: str = ""


def child_field_prefix(child_id: int) -> str:
    return f"c{child_id}_"


def visit_group_record(
    *, children: list[ChildOnVisit], visit_date: date | None, note: str, by: StaffUser
) -> VisitGroup:
    """One visit to several children of a family, recorded once (issue 18): the shared notes once, and for each child
    their own visit, event and obligations as `visit_record` writes them. The policy is asked for each child; every
    child must live with the first. Any child's refusal refuses the whole visit, named by the child's fields."""
    if len(children) < 2:
        raise ValidationError(
            {"__all__": "Choose at least one other child who was visited, or record a visit for one child."}
        )
    first = children[0].child
    errors: dict[str, list[str]] = {}
    if problems := also_about_problems(first, [part.child for part in children[1:]], by):
        errors["__all__"] = problems
    if problem := policy.refusal(by, "child.record_work", first):
        errors.setdefault("__all__", []).append(f"{first.full_name}: {problem}")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        group = VisitGroup.objects.create(
            visit_date=visit_date or clock.today(), note=note.strip(), recorded_by=by, recorded_at=clock.now()
        )
        record_for_each(
            [
                ChildStep(
                    part.child,
                    part.prefix,
                    partial(
                        visit_record,
                        kind=part.kind,
                        plan=part.plan,
                        visit_date=visit_date,
                        seen=part.seen,
                        seen_alone=part.seen_alone,
                        bedroom_seen=part.bedroom_seen,
                        not_seen_reason=part.not_seen_reason,
                        note="",
                        answers=part.answers,
                        views=part.views,
                        group=group,
                        by=by,
                    ),
                )
                for part in children
            ],
            shared=["visit_date"],
        )
    return group


def visit_group_note_correct(*, group: VisitGroup, note: str, by: StaffUser) -> VisitGroup:
    """Correct the shared notes of a visit to several children: the correction shows on every child's visit, and each
    child's record logs it (the policy is asked for each)."""
    visits = list(group.visits.select_related("child"))
    for visit in visits:
        policy.require(by, "child.record_work", visit.child)
    if not note.strip():
        raise ValidationError({"note": "Enter the notes of the visit."})
    with transaction.atomic():
        locked = VisitGroup.objects.select_for_update().get(pk=group.pk)
        before = snapshot(locked)
        locked.note = note.strip()
        locked.save(update_fields=["note"])
        for visit in visits:
            audit_change(user=by, instance=locked, action="update", before=before, child_id=visit.child_id)
    return locked


def failed_visit_seen(*, visit: Visit, note: str, by: StaffUser, on: date | None = None) -> Visit:
    """The child's manager has seen the failed visit (of any kind) and says what happens next: meets the kind's
    manager alert for this visit (`visits.rules`)."""
    declared = visit_kind(visit.kind)
    errors: dict[str, str] = {}
    if visit.seen:
        errors["__all__"] = "Only a failed visit needs the manager to see it."
    elif visit.manager_seen_by_id is not None:
        errors["__all__"] = "A manager has already seen this failed visit."
    elif problem := policy.refusal(by, "child.sign_off", visit.child):
        errors["__all__"] = problem
    if not note.strip():
        errors["note"] = "Enter what you have decided or asked for after the failed visit."
    if errors:
        raise ValidationError(errors)
    day = on or clock.today()
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if locked.manager_seen_by_id is not None:
            raise ValidationError({"__all__": "A manager has already seen this failed visit."})
        before = snapshot(locked)
        locked.manager_seen_by = by
        locked.manager_note = note.strip()
        locked.save(update_fields=["manager_seen_by", "manager_note"])
        audit_change(user=by, instance=locked, action="update", before=before, child_id=locked.child_id)
        failed_event = event_of(declared.failed_event, locked)
        event_record(
            child_id=locked.child_id,
            type=declared.failed_seen_event,
            occurred_on=max(day, locked.visit_date),
            recorded_by=by,
            record=locked,
            # Meets this visit's alert, not whichever of the child's failed visits is due first.
            payload={"failed_event": failed_event} if failed_event else {},
        )
    visit.manager_seen_by, visit.manager_note = locked.manager_seen_by, locked.manager_note
    return visit
