"""Core groups: who attended by agency (education included), minutes recorded within a local number of working
days, and progress on every outcome of the plan (the core group is the plan's review of kind core group)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.council_settings import setting_value
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.timescales.store import council_calendar
from hearth.core.validation import past_date_problem
from hearth.organisation.models import StaffUser
from hearth.people.families import ChildStep, also_about_problems, record_for_each
from hearth.plans.models import ReviewKind
from hearth.plans.services import review_record
from hearth.protection.conferences import AttendanceRow
from hearth.protection.models import Agency, Attendance, ChildProtectionPlan, CoreGroup


def minutes_due_on(held_on: date) -> date:
    """The last working day for the minutes (the local setting, counted from the meeting)."""
    days = int(setting_value("core_group_minutes_working_days", held_on))
    return council_calendar().add_working_days(held_on, days)


def core_group_flags(core_group: CoreGroup, attendance: list[Attendance], today: date) -> list[str]:
    """What the manager should notice: minutes late or still missing past their date, education absent."""
    flags: list[str] = []
    due = minutes_due_on(core_group.held_on)
    if core_group.minutes_recorded_on is not None and core_group.minutes_recorded_on > due:
        flags.append(f"Minutes recorded late (due by {long_date(due)})")
    elif core_group.minutes_recorded_on is None and today > due:
        flags.append(f"Minutes not recorded (due by {long_date(due)})")
    if not any(row.agency == Agency.EDUCATION and row.attended for row in attendance):
        flags.append("Education absent")
    return flags


def _attendees_text(rows: list[AttendanceRow]) -> str:
    labels = dict(Agency.choices)
    return ", ".join(
        f"{labels[row.agency]}{f' ({row.name.strip()})' if row.name.strip() else ''}"
        for row in rows
        if row.attended
    )


def core_group_record(
    *,
    plan: ChildProtectionPlan,
    held_on: date | None,
    attendance: list[AttendanceRow],
    summary: str,
    minutes: str,
    minutes_recorded_on: date | None,
    progress: dict[int, tuple[str, str]],
    by: StaffUser,
) -> CoreGroup:
    """A core group meeting: its attendance, minutes and progress per outcome; meets the core group clock and
    starts the next at the interval the conference set (or the local setting)."""
    policy.require(by, "child.record_work", plan.child)
    errors: dict[str, str] = {}
    if problem := past_date_problem(held_on, "the date of the core group"):
        errors["held_on"] = problem
    elif held_on is not None and held_on < plan.start_date:
        errors["held_on"] = (
            f"The core group cannot be before the plan started ({long_date(plan.start_date)})."
        )
    if not any(row.attended for row in attendance):
        errors["attendance"] = "Record which agencies attended the core group."
    unknown = [row.agency for row in attendance if row.agency not in Agency.values]
    if unknown:
        errors["attendance"] = f"Unknown agency: {', '.join(unknown)}."
    if minutes_recorded_on is not None:
        if problem := past_date_problem(minutes_recorded_on, "the date the minutes were recorded"):
            errors["minutes_recorded_on"] = problem
        elif held_on is not None and minutes_recorded_on < held_on:
            errors["minutes_recorded_on"] = "The minutes cannot be recorded before the meeting was held."
        if not minutes.strip():
            errors["minutes"] = "Enter the minutes, or leave the date the minutes were recorded empty."
    elif minutes.strip():
        errors["minutes_recorded_on"] = "Enter the date the minutes were recorded."
    with transaction.atomic():
        try:
            review = review_record(
                plan=plan,
                review_date=held_on,
                summary=summary,
                attendees=_attendees_text(attendance),
                progress=progress,
                by=by,
                kind=ReviewKind.CORE_GROUP,
                write_event=False,
            )
        except ValidationError as error:
            found = {
                ("held_on" if key == "review_date" else key): " ".join(messages)
                for key, messages in error.message_dict.items()
            }
            raise ValidationError(found | errors) from None
        if errors:
            raise ValidationError(errors)  # rolls the review back: nothing is saved
        assert held_on is not None
        core_group = CoreGroup.objects.create(
            plan=plan,
            held_on=held_on,
            review=review,
            minutes=minutes.strip(),
            minutes_recorded_on=minutes_recorded_on,
            recorded_by=by,
        )
        Attendance.objects.bulk_create(
            Attendance(
                core_group=core_group,
                agency=row.agency,
                name=row.name.strip()[:120],
                invited=row.invited,
                attended=row.attended,
            )
            for row in attendance
        )
        audit_change(user=by, instance=core_group, action="create", before=None, child_id=plan.child_id)
        payload: dict[str, int] = {}
        if plan.core_group_interval_weeks:
            payload["interval_weeks"] = plan.core_group_interval_weeks
        event_record(
            child_id=plan.child_id,
            type="core_group.held",
            occurred_on=held_on,
            recorded_by=by,
            record=core_group,
            payload=payload,
        )
    return core_group


def core_group_minutes_record(
    *, core_group: CoreGroup, minutes: str, recorded_on: date | None, by: StaffUser
) -> CoreGroup:
    """Minutes written up after the meeting (flagged when later than the local number of working days)."""
    policy.require(by, "child.record_work", core_group.plan.child)
    errors: dict[str, str] = {}
    if core_group.minutes_recorded_on is not None:
        errors["minutes"] = f"The minutes were recorded on {long_date(core_group.minutes_recorded_on)}."
    elif not minutes.strip():
        errors["minutes"] = "Enter the minutes of the core group."
    if problem := past_date_problem(recorded_on, "the date the minutes were recorded"):
        errors["minutes_recorded_on"] = problem
    elif recorded_on is not None and recorded_on < core_group.held_on:
        errors["minutes_recorded_on"] = "The minutes cannot be recorded before the meeting was held."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = snapshot(core_group)
        core_group.minutes = minutes.strip()
        core_group.minutes_recorded_on = recorded_on
        core_group.save(update_fields=["minutes", "minutes_recorded_on"])
        audit_change(
            user=by, instance=core_group, action="update", before=before, child_id=core_group.plan.child_id
        )
    return core_group


def core_group_record_for_family(
    *,
    plan: ChildProtectionPlan,
    sibling_plans: list[tuple[ChildProtectionPlan, dict[int, tuple[str, str]]]],
    by: StaffUser,
    **shared: Any,
) -> list[CoreGroup]:
    """One core group for several children of a family on protection plans, recorded once (issue 18): the date,
    attendance, what it found and the minutes once; each child's plan reviewed with its own progress per outcome, its
    own core group record and clock. Each child must live with the first and the recorder may write to each; any
    child's refusal refuses them all (each outcome's progress is its own field, so a refusal lands on it)."""
    if problems := also_about_problems(plan.child, [other.child for other, _ in sibling_plans], by):
        raise ValidationError({"__all__": problems})
    common = {key: value for key, value in shared.items() if key != "progress"}
    steps = [ChildStep(plan.child, "", partial(core_group_record, plan=plan, by=by, **shared))] + [
        ChildStep(other.child, "", partial(core_group_record, plan=other, by=by, progress=progress, **common))
        for other, progress in sibling_plans
    ]
    with transaction.atomic():
        made = record_for_each(steps, shared=list(common), own=("progress_", "note_"))
        CoreGroup.objects.filter(pk__in=[item.pk for item in made[1:]]).update(together_with=made[0])
    for item in made[1:]:
        item.together_with = made[0]
    return made
