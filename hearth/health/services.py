"""Recording a child's health: by the child's social care staff, or by a health partner in the child's network
(hearth.people.partners). Every refusal is a ValidationError naming the field, and nothing is saved. Each write
records who wrote it for which agency, an event on the chronology, and for a partner's write a line on the
allocated worker's list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse

from hearth.core import clock, policy
from hearth.core.audit import audit_change, locked_fresh, snapshot
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.models import Event
from hearth.core.timescales.display import ObligationView, open_duties_of
from hearth.core.validation import lived_date_problem
from hearth.health.models import (
    AssessmentKind,
    CheckKind,
    HealthAction,
    HealthAssessment,
    HealthCheck,
    MissedAppointment,
    SdqReason,
    SdqScore,
    SubstanceMisuse,
)
from hearth.organisation.models import StaffUser
from hearth.people.models import Person
from hearth.people.partners import attributed_create, attribution, partner_contribution_note

SDQ_HIGHEST = 40
CHECK_EVENTS = {
    CheckKind.DENTAL: "health.dental_checked",
    CheckKind.SIGHT: "health.sight_tested",
    CheckKind.IMMUNISATIONS: "health.immunisations_reviewed",
}


def _text(values: dict[str, Any], key: str) -> str:
    return str(values.get(key) or "").strip()


def _choice(values: dict[str, Any], key: str, choices: type[models.TextChoices]) -> str:
    value = str(values.get(key) or "")
    return value if value in choices.values else ""


def _write(*, child: Person, by: StaffUser | None, record: Any, **event: Any) -> Any:
    """Save a new health record, attributed, with its event (hearth.people.partners.attributed_create)."""
    return attributed_create(
        child=child, by=by, record=record, link=reverse("health:record", args=[child.pk]), **event
    )


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def health_assessment_record(
    *, child: Person, values: dict[str, Any], by: StaffUser | None
) -> HealthAssessment:
    """An initial or review health assessment: when, by whom, and what it found."""
    policy.require(by, "health.record", child)
    kind = _choice(values, "kind", AssessmentKind)
    errors: dict[str, str] = {}
    if not kind:
        errors["kind"] = "Choose whether this was the initial health assessment or a review."
    if problem := lived_date_problem(
        values.get("assessed_on"), "the date of the assessment", child.date_of_birth
    ):
        errors["assessed_on"] = problem
    if not _text(values, "assessed_by"):
        errors["assessed_by"] = "Enter who carried out the assessment."
    if not _text(values, "summary"):
        errors["summary"] = "Enter what the assessment found and recommended."
    _raise(errors)
    with transaction.atomic():
        return _write(
            child=child,
            by=by,
            record=HealthAssessment(
                child=child,
                kind=kind,
                assessed_on=values["assessed_on"],
                assessed_by=_text(values, "assessed_by"),
                summary=_text(values, "summary"),
            ),
            event="health.assessed",
            occurred_on=values["assessed_on"],
            payload={
                "kind": kind,
                "what": AssessmentKind(kind).label,
                "assessed_by": _text(values, "assessed_by"),
            },
            what=f"{AssessmentKind(kind).label} on {long_date(values['assessed_on'])}",
        )


def health_check_record(*, child: Person, values: dict[str, Any], by: StaffUser | None) -> HealthCheck:
    """A dental check, a sight test, or the child's immunisations reviewed (up to date or not)."""
    policy.require(by, "health.record", child)
    kind = _choice(values, "kind", CheckKind)
    errors: dict[str, str] = {}
    if not kind:
        errors["kind"] = "Choose the check: dental, sight, or immunisations."
    if problem := lived_date_problem(values.get("checked_on"), "the date of the check", child.date_of_birth):
        errors["checked_on"] = problem
    up_to_date = values.get("up_to_date")
    if kind == CheckKind.IMMUNISATIONS and up_to_date not in ("yes", "no"):
        errors["up_to_date"] = "Say whether the child's immunisations are up to date."
    _raise(errors)
    immunised = up_to_date == "yes" if kind == CheckKind.IMMUNISATIONS else None
    payload: dict[str, Any] = {"kind": kind}
    if immunised is not None:
        payload["status"] = "up to date" if immunised else "not up to date"
    with transaction.atomic():
        return _write(
            child=child,
            by=by,
            record=HealthCheck(
                child=child,
                kind=kind,
                checked_on=values["checked_on"],
                up_to_date=immunised,
                notes=_text(values, "notes"),
            ),
            event=CHECK_EVENTS[CheckKind(kind)],
            occurred_on=values["checked_on"],
            payload=payload,
            what=f"{CheckKind(kind).label} on {long_date(values['checked_on'])}",
        )


def sdq_record(*, child: Person, values: dict[str, Any], by: StaffUser | None) -> SdqScore:
    """A strengths and difficulties questionnaire: the total difficulties score (0 to 40), or why there is none."""
    policy.require(by, "health.record", child)
    errors: dict[str, str] = {}
    if problem := lived_date_problem(
        values.get("completed_on"), "the date of the questionnaire", child.date_of_birth
    ):
        errors["completed_on"] = problem
    score = values.get("score")
    reason = _choice(values, "reason", SdqReason)
    if score is None and not reason:
        errors["score"] = "Enter the total difficulties score, or choose why there is none."
    elif score is not None and reason:
        errors["reason"] = "Give a score or a reason there is none, not both."
    elif score is not None and not 0 <= int(score) <= SDQ_HIGHEST:
        errors["score"] = f"The score must be from 0 to {SDQ_HIGHEST}."
    _raise(errors)
    result = str(score) if score is not None else f"no score ({SdqReason(reason).label.lower()})"
    with transaction.atomic():
        return _write(
            child=child,
            by=by,
            record=SdqScore(
                child=child,
                completed_on=values["completed_on"],
                score=score,
                reason=reason,
                completed_by=_text(values, "completed_by"),
            ),
            event="health.sdq_completed",
            occurred_on=values["completed_on"],
            payload={"result": result, "score": score},
            what=f"SDQ on {long_date(values['completed_on'])}: {result}",
        )


def substance_misuse_record(
    *, child: Person, values: dict[str, Any], by: StaffUser | None
) -> SubstanceMisuse:
    """A substance misuse problem identified, with any intervention offered and received."""
    policy.require(by, "health.record", child)
    errors: dict[str, str] = {}
    if problem := lived_date_problem(
        values.get("identified_on"), "the date it was identified", child.date_of_birth
    ):
        errors["identified_on"] = problem
    if not _text(values, "details"):
        errors["details"] = "Enter what was identified."
    offered, received = bool(values.get("intervention_offered")), bool(values.get("intervention_received"))
    if received and not offered:
        errors["intervention_offered"] = "An intervention received was offered: tick both."
    _raise(errors)
    with transaction.atomic():
        return _write(
            child=child,
            by=by,
            record=SubstanceMisuse(
                child=child,
                identified_on=values["identified_on"],
                details=_text(values, "details"),
                intervention_offered=offered,
                intervention_received=received,
            ),
            event="health.substance_misuse",
            occurred_on=values["identified_on"],
            payload={"offered": offered, "received": received},
            what=f"Substance misuse identified on {long_date(values['identified_on'])}",
        )


def health_action_add(*, child: Person, values: dict[str, Any], by: StaffUser | None) -> HealthAction:
    """An action of the health action plan: what, who, by when (a duty on the worker's list until done)."""
    policy.require(by, "health.record", child)
    errors: dict[str, str] = {}
    if not _text(values, "action"):
        errors["action"] = "Enter the action."
    if not _text(values, "who"):
        errors["who"] = "Enter who will do it."
    due_on: date | None = values.get("due_on")
    if due_on is None:
        errors["due_on"] = "Enter the date it is due by."
    elif due_on < clock.today():
        errors["due_on"] = "The date it is due by must be today or later."
    _raise(errors)
    assert due_on is not None
    action = _text(values, "action")
    with transaction.atomic():
        return _write(
            child=child,
            by=by,
            record=HealthAction(child=child, action=action, who=_text(values, "who"), due_on=due_on),
            event="health.action_added",
            occurred_on=clock.today(),
            payload={"action": action[:200], "due_date": due_on.isoformat()},
            what=f"Health action added: {action[:200]}",
        )


def health_action_done(*, action: HealthAction, values: dict[str, Any], by: StaffUser | None) -> HealthAction:
    """An action of the health action plan done: when, and what came of it."""
    policy.require(by, "health.record", action.child)
    with transaction.atomic():
        locked = locked_fresh(HealthAction.objects.select_related("child").get(pk=action.pk))
        errors: dict[str, str] = {}
        done_on = values.get("done_on")
        if locked.done_on is not None:
            errors["done_on"] = f"This action was done on {long_date(locked.done_on)}."
        elif problem := lived_date_problem(done_on, "the date it was done", locked.child.date_of_birth):
            errors["done_on"] = problem
        elif done_on < locked.recorded_at.date():  # type: ignore[operator]
            errors["done_on"] = "The action cannot be done before it was added."
        _raise(errors)
        before = snapshot(locked)
        locked.done_on = done_on
        locked.done_note = _text(values, "done_note")
        locked.save(update_fields=["done_on", "done_note"])
        audit_change(user=by, instance=locked, action="update", before=before, child_id=locked.child_id)
        added = (
            Event.objects.filter(
                child_id=locked.child_id,
                type="health.action_added",
                record_type="health.healthaction",
                record_id=locked.pk,
            )
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )  # None for an action an import wrote without its event
        said = attribution(by)
        event_record(
            child_id=locked.child_id,
            type="health.action_done",
            occurred_on=done_on,  # type: ignore[arg-type]
            recorded_by=by,
            record=locked,
            payload={"action": locked.action[:200], "added_event": added, "agency": said.agency},
        )
        partner_contribution_note(
            child=locked.child,
            by=by,
            what=f"Health action done: {locked.action[:200]}",
            link=reverse("health:record", args=[locked.child_id]),
            record=locked,
        )
    return locked


def missed_appointment_record(
    *, child: Person, values: dict[str, Any], by: StaffUser | None
) -> MissedAppointment:
    """A health appointment the child did not attend."""
    policy.require(by, "health.record", child)
    errors: dict[str, str] = {}
    if problem := lived_date_problem(
        values.get("missed_on"), "the date of the appointment", child.date_of_birth
    ):
        errors["missed_on"] = problem
    if not _text(values, "appointment"):
        errors["appointment"] = "Enter the appointment that was missed."
    _raise(errors)
    appointment = _text(values, "appointment")
    with transaction.atomic():
        return _write(
            child=child,
            by=by,
            record=MissedAppointment(
                child=child,
                missed_on=values["missed_on"],
                appointment=appointment,
                reason=_text(values, "reason"),
            ),
            event="health.appointment_missed",
            occurred_on=values["missed_on"],
            payload={"appointment": appointment[:200]},
            what=f"Missed appointment: {appointment[:200]}",
        )


@dataclass(frozen=True)
class HealthPicture:
    """The child's current health at once: the latest of each record, the SDQ's trend and what is outstanding."""

    assessments: list[HealthAssessment]
    checks: list[HealthCheck]
    sdq: list[SdqScore]
    substance: list[SubstanceMisuse]
    actions: list[HealthAction]
    missed: list[MissedAppointment]
    due: list[ObligationView]

    @property
    def last_assessment(self) -> HealthAssessment | None:
        return self.assessments[0] if self.assessments else None

    def _latest(self, kind: str) -> HealthCheck | None:
        return next((check for check in self.checks if check.kind == kind), None)

    @property
    def last_dental(self) -> HealthCheck | None:
        return self._latest(CheckKind.DENTAL)

    @property
    def immunisations(self) -> HealthCheck | None:
        return self._latest(CheckKind.IMMUNISATIONS)

    @property
    def sdq_trend(self) -> list[SdqScore]:
        """Scores oldest first, for the trend."""
        return [entry for entry in reversed(self.sdq) if entry.score is not None]

    @property
    def open_actions(self) -> list[HealthAction]:
        return [action for action in self.actions if action.done_on is None]

    def missed_since(self, day: date) -> int:
        return sum(1 for entry in self.missed if entry.missed_on >= day)


def health_picture(child: Person) -> HealthPicture:
    def newest(model: type[models.Model], field: str) -> list[Any]:
        return list(
            model._default_manager.filter(child=child)
            .select_related("recorded_by")
            .order_by(f"-{field}", "-pk")
        )

    return HealthPicture(
        assessments=newest(HealthAssessment, "assessed_on"),
        checks=newest(HealthCheck, "checked_on"),
        sdq=newest(SdqScore, "completed_on"),
        substance=newest(SubstanceMisuse, "identified_on"),
        actions=newest(HealthAction, "due_on"),
        missed=newest(MissedAppointment, "missed_on"),
        due=open_duties_of(child.pk, "health"),
    )
