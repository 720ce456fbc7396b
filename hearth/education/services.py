"""Recording a child's education: by the child's social care staff, or by an education partner in the child's
network (hearth.people.partners). Every refusal is a ValidationError naming the field, and nothing is saved.

The personal education plan: a version is started (by the designated teacher or the social worker), its education
sections drafted, and the social worker completes and signs it off; a signed-off version is locked, and a
correction or the next term's review is a new version copied from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from hearth.core import clock, policy
from hearth.core.audit import audit_change, locked_fresh, snapshot
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.timescales.display import ObligationView, open_duties_of
from hearth.core.validation import lived_date_problem
from hearth.education.models import (
    Attainment,
    Exclusion,
    ExclusionKind,
    KeyStage,
    Pep,
    PepStatus,
    School,
    SchoolAttendance,
    SchoolPlacement,
    SenKind,
    SenStatus,
)
from hearth.organisation.models import StaffUser
from hearth.people.models import Person
from hearth.people.partners import attributed_create, attribution, partner_contribution_note

RECORD = "education.record"
# The education sections the designated teacher drafts, and the social worker's part.
EDUCATION_SECTIONS = ("attainment_and_progress", "attendance_and_behaviour", "targets", "pupil_premium_plus")
SOCIAL_WORK_SECTIONS = ("child_views", "care_plan_links")


def _text(values: dict[str, Any], key: str) -> str:
    return str(values.get(key) or "").strip()


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _link(child: Person) -> str:
    return reverse("education:record", args=[child.pk])


def _write(*, child: Person, by: StaffUser | None, record: Any, **event: Any) -> Any:
    return attributed_create(child=child, by=by, record=record, link=_link(child), **event)


def _day(values: dict[str, Any], key: str, what: str, child: Person, errors: dict[str, str]) -> date | None:
    if problem := lived_date_problem(values.get(key), what, child.date_of_birth):
        errors[key] = problem
        return None
    day: date = values[key]
    return day


def school_start(*, child: Person, values: dict[str, Any], by: StaffUser | None) -> SchoolPlacement:
    """The child starts at a school from the register; the school they attended before is left the day before."""
    policy.require(by, RECORD, child)
    errors: dict[str, str] = {}
    school = School.objects.filter(urn=_text(values, "urn"), is_open=True).first()
    if school is None:
        errors["urn"] = "Enter the URN of an open school in the register (6 digits)."
    start = _day(values, "start_date", "the date the child started", child, errors)
    _raise(errors)
    assert school is not None and start is not None
    with transaction.atomic():
        current = SchoolPlacement.objects.select_for_update().filter(child=child, end_date=None).first()
        if current is not None:
            if start <= current.start_date:
                raise ValidationError(
                    {
                        "start_date": f"The child started at {current.school.name} on {long_date(current.start_date)}: "
                        "a new school starts after that."
                    }
                )
            before = snapshot(current)
            current.end_date = date.fromordinal(start.toordinal() - 1)
            current.save(update_fields=["end_date"])
            audit_change(user=by, instance=current, action="update", before=before, child_id=child.pk)
            event_record(
                child_id=child.pk,
                type="school.left",
                occurred_on=current.end_date,
                recorded_by=by,
                record=current,
                payload={"school": current.school.name},
            )
        return _write(
            child=child,
            by=by,
            record=SchoolPlacement(child=child, school=school, start_date=start),
            event="school.started",
            occurred_on=start,
            payload={"school": school.name, "urn": school.urn},
            what=f"Started at {school.name} on {long_date(start)}",
        )


def attendance_record(*, child: Person, values: dict[str, Any], by: StaffUser | None) -> SchoolAttendance:
    """Attendance over a period: the percentage of sessions attended (0 to 100)."""
    policy.require(by, RECORD, child)
    errors: dict[str, str] = {}
    first = _day(values, "period_start", "the first day of the period", child, errors)
    last = _day(values, "period_end", "the last day of the period", child, errors)
    if first and last and last < first:
        errors["period_end"] = "The period must end on or after its first day."
    try:
        percentage = Decimal(str(values.get("percentage"))).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        percentage = None
    if percentage is None or values.get("percentage") in (None, ""):
        errors["percentage"] = "Enter the percentage of sessions attended, for example 92.5."
    elif not Decimal(0) <= percentage <= Decimal(100):
        errors["percentage"] = "Attendance must be from 0 to 100%."
    _raise(errors)
    assert first is not None and last is not None and percentage is not None
    with transaction.atomic():
        return _write(
            child=child,
            by=by,
            record=SchoolAttendance(child=child, period_start=first, period_end=last, percentage=percentage),
            event="attendance.recorded",
            occurred_on=last,
            payload={"percentage": str(percentage), "period": f"{long_date(first)} to {long_date(last)}"},
            what=f"Attendance {percentage}% from {long_date(first)} to {long_date(last)}",
        )


def exclusion_record(*, child: Person, values: dict[str, Any], by: StaffUser | None) -> Exclusion:
    """A suspension (with its length in school days) or a permanent exclusion."""
    policy.require(by, RECORD, child)
    errors: dict[str, str] = {}
    kind = values.get("kind") or ""
    if kind not in ExclusionKind.values:
        errors["kind"] = "Choose a suspension or a permanent exclusion."
    start = _day(values, "start_date", "the date it started", child, errors)
    days = values.get("school_days")
    if kind == ExclusionKind.SUSPENSION and (days is None or not 1 <= int(days) <= 45):
        errors["school_days"] = "Enter the suspension's length: 1 to 45 school days."
    if not _text(values, "reason"):
        errors["reason"] = "Enter the reason the school gave."
    _raise(errors)
    assert start is not None
    what = ExclusionKind(kind).label
    with transaction.atomic():
        return _write(
            child=child,
            by=by,
            record=Exclusion(
                child=child,
                kind=kind,
                start_date=start,
                school_days=int(days) if kind == ExclusionKind.SUSPENSION and days is not None else None,
                reason=_text(values, "reason"),
            ),
            event="exclusion.recorded",
            occurred_on=start,
            payload={"what": what, "start": long_date(start)},
            what=f"{what} from {long_date(start)}",
        )


def sen_record(*, child: Person, values: dict[str, Any], by: StaffUser | None) -> SenStatus:
    """The child's special educational needs from a date: none, SEN support or an EHC plan."""
    policy.require(by, RECORD, child)
    errors: dict[str, str] = {}
    kind = values.get("kind") or ""
    if kind not in SenKind.values:
        errors["kind"] = "Choose no special educational needs, SEN support or an EHC plan."
    start = _day(values, "from_date", "the date it applies from", child, errors)
    if kind in (SenKind.SUPPORT, SenKind.EHCP) and not _text(values, "primary_need"):
        errors["primary_need"] = "Enter the primary need, for example speech, language and communication."
    _raise(errors)
    assert start is not None
    with transaction.atomic():
        return _write(
            child=child,
            by=by,
            record=SenStatus(
                child=child, kind=kind, from_date=start, primary_need=_text(values, "primary_need")
            ),
            event="sen.recorded",
            occurred_on=start,
            payload={"what": SenKind(kind).label},
            what=f"{SenKind(kind).label} from {long_date(start)}",
        )


def attainment_record(*, child: Person, values: dict[str, Any], by: StaffUser | None) -> Attainment:
    policy.require(by, RECORD, child)
    errors: dict[str, str] = {}
    stage = values.get("key_stage") or ""
    if stage not in KeyStage.values:
        errors["key_stage"] = "Choose the key stage."
    day = _day(values, "assessed_on", "the date of the assessment", child, errors)
    if not _text(values, "result"):
        errors["result"] = "Enter the result, for example expected standard in reading, writing and maths."
    _raise(errors)
    assert day is not None
    with transaction.atomic():
        return _write(
            child=child,
            by=by,
            record=Attainment(child=child, key_stage=stage, assessed_on=day, result=_text(values, "result")),
            event="attainment.recorded",
            occurred_on=day,
            payload={"key_stage": KeyStage(stage).label, "result": _text(values, "result")[:200]},
            what=f"{KeyStage(stage).label}: {_text(values, 'result')[:200]}",
        )


def _sections(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    return {name: _text(values, name) for name in names if name in values}


def pep_start(*, child: Person, values: dict[str, Any], by: StaffUser | None) -> Pep:
    """Start the child's personal education plan (the first version), or the next version of a signed-off one: a
    term's review or a correction, copied from the last. Only one draft at a time."""
    policy.require(by, RECORD, child)
    errors: dict[str, str] = {}
    started = _day(values, "started_on", "the date the plan was started", child, errors)
    _raise(errors)
    assert started is not None
    with transaction.atomic():
        list(Person.objects.select_for_update().filter(pk=child.pk).values_list("pk", flat=True))
        last = Pep.objects.filter(child=child).order_by("-version").first()
        if last is not None and not last.locked:
            raise ValidationError(
                {"started_on": f"Version {last.version} is still a draft: finish it first."}
            )
        if last is not None and started < last.started_on:
            raise ValidationError(
                {
                    "started_on": f"A new version cannot start before version {last.version} ({long_date(last.started_on)})."
                }
            )
        current = SchoolPlacement.objects.filter(child=child, end_date=None).select_related("school").first()
        copied = (
            {name: getattr(last, name) for name in (*EDUCATION_SECTIONS, *SOCIAL_WORK_SECTIONS)}
            if last
            else {}
        )
        pep = Pep(
            child=child,
            version=(last.version + 1) if last else 1,
            previous=last,
            started_on=started,
            school=current.school if current else None,
            **copied,
        )
        return _write(
            child=child,
            by=by,
            record=pep,
            event="pep.started",
            occurred_on=started,
            payload={"version": pep.version},
            what=f"Personal education plan version {pep.version} started",
        )


def pep_update(*, pep: Pep, values: dict[str, Any], by: StaffUser) -> Pep:
    """Write a draft's sections: a partner the education sections, the child's social care staff any."""
    policy.require(by, RECORD, pep.child)
    with transaction.atomic():
        locked = locked_fresh(Pep.objects.select_related("child").get(pk=pep.pk))
        if locked.locked:
            raise ValidationError(
                {
                    "targets": f"Version {locked.version} was signed off on {long_date(locked.signed_off_on)} and is "  # type: ignore[arg-type]
                    "locked: start a new version to change it."
                }
            )
        names = (
            EDUCATION_SECTIONS if attribution(by).by_partner else (*EDUCATION_SECTIONS, *SOCIAL_WORK_SECTIONS)
        )
        changes = {
            name: text for name, text in _sections(values, names).items() if getattr(locked, name) != text
        }
        if not changes:
            return locked
        before = snapshot(locked)
        for name, text in changes.items():
            setattr(locked, name, text)
        locked.save(update_fields=list(changes))
        audit_change(user=by, instance=locked, action="update", before=before, child_id=locked.child_id)
        partner_contribution_note(
            child=locked.child,
            by=by,
            what=f"Personal education plan version {locked.version}: education sections written",
            link=reverse("education:pep", args=[locked.child_id, locked.pk]),
            record=locked,
        )
    return locked


def pep_sign_off(*, pep: Pep, values: dict[str, Any], by: StaffUser) -> Pep:
    """The social worker completes the plan and signs it off: from then on it is locked."""
    policy.require(by, "education.pep_sign_off", pep.child)
    with transaction.atomic():
        locked = locked_fresh(Pep.objects.select_related("child").get(pk=pep.pk))
        errors: dict[str, str] = {}
        if locked.locked:
            errors["meeting_on"] = f"Version {locked.version} is already signed off."
        meeting = values.get("meeting_on")
        if not errors:
            if problem := lived_date_problem(
                meeting, "the date of the PEP meeting", locked.child.date_of_birth
            ):
                errors["meeting_on"] = problem
            elif meeting < locked.started_on:  # type: ignore[operator]
                errors["meeting_on"] = (
                    f"The PEP meeting cannot be before the plan was started ({long_date(locked.started_on)})."
                )
        missing = [
            name
            for name in ("attainment_and_progress", "targets", "child_views")
            if not getattr(locked, name)
        ]
        for name in missing:
            errors[name] = "Complete this section before signing the plan off."
        _raise(errors)
        before = snapshot(locked)
        locked.meeting_on = meeting
        locked.status = PepStatus.SIGNED_OFF
        locked.signed_off_on = clock.today()
        locked.signed_off_by = by
        locked.save(update_fields=["meeting_on", "status", "signed_off_on", "signed_off_by"])
        audit_change(user=by, instance=locked, action="update", before=before, child_id=locked.child_id)
        event_record(
            child_id=locked.child_id,
            type="pep.signed_off",
            occurred_on=meeting,  # type: ignore[arg-type]
            recorded_by=by,
            record=locked,
            payload={"version": locked.version},
        )
    return locked


@dataclass(frozen=True)
class EducationPicture:
    school: SchoolPlacement | None
    schools: list[SchoolPlacement]
    attendance: list[SchoolAttendance]
    exclusions: list[Exclusion]
    sen: SenStatus | None
    attainment: list[Attainment]
    peps: list[Pep]
    due: list[ObligationView]

    @property
    def pep(self) -> Pep | None:
        return self.peps[0] if self.peps else None


def education_picture(child: Person) -> EducationPicture:
    schools = list(
        SchoolPlacement.objects.filter(child=child).select_related("school").order_by("-start_date", "-pk")
    )
    return EducationPicture(
        school=next((placement for placement in schools if placement.end_date is None), None),
        schools=schools,
        attendance=list(SchoolAttendance.objects.filter(child=child).order_by("-period_end", "-pk")),
        exclusions=list(Exclusion.objects.filter(child=child).order_by("-start_date", "-pk")),
        sen=SenStatus.objects.filter(child=child).order_by("-from_date", "-pk").first(),
        attainment=list(Attainment.objects.filter(child=child).order_by("-assessed_on", "-pk")),
        peps=list(
            Pep.objects.filter(child=child)
            .select_related("recorded_by", "signed_off_by")
            .order_by("-version")
        ),
        due=open_duties_of(child.pk, "education"),
    )
