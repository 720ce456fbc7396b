"""Child protection conferences: initial (pre-birth for an unborn child), transfer-in and review.

An initial conference follows a section 47 enquiry that concluded a conference was needed (a pre-birth
conference may be called for an unborn child without one); a transfer-in conference takes on a plan from
another council; a review conference needs an open plan and records progress on each of its outcomes. The
conference's decision starts, changes the category of, or ends the plan (ending steps down to a child in need
plan). Flags for the 2012 inspection (paragraph 19): education invited but absent, reports not shared with the
parents a local number of working days before, and a strategy discussion not led by a manager.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.codesets import CategoryOfAbuse
from hearth.core.council_settings import setting_value
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.timescales.store import council_calendar
from hearth.core.validation import past_date_problem
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import Role
from hearth.people.families import ChildStep, also_about_problems, record_for_each
from hearth.people.models import Person
from hearth.plans.models import ReviewKind
from hearth.plans.services import plan_outcomes, review_record
from hearth.protection.enquiries import discussion_flags, open_episode
from hearth.protection.models import (
    Agency,
    Attendance,
    ChildParticipation,
    ChildProtectionPlan,
    Conference,
    ConferenceDecision,
    ConferenceKind,
    ConferenceReport,
    Section47Enquiry,
    Section47Outcome,
)
from hearth.protection.plans import cp_plan_change_category, cp_plan_end, cp_plan_start

MAX_REPORTS = 4
FIRST_DECISIONS = (ConferenceDecision.PLAN, ConferenceDecision.NO_PLAN, ConferenceDecision.NO_PLAN_NFA)
REVIEW_DECISIONS = (
    ConferenceDecision.CONTINUE,
    ConferenceDecision.CHANGE_CATEGORY,
    ConferenceDecision.END_PLAN,
)
NEEDS_CATEGORY = (ConferenceDecision.PLAN, ConferenceDecision.CHANGE_CATEGORY)


@dataclass(frozen=True)
class AttendanceRow:
    agency: str
    name: str = ""
    invited: bool = True
    attended: bool = False


@dataclass(frozen=True)
class ReportRow:
    agency: str
    author: str
    shared_with_parents_on: date | None = None


def is_unborn(child: Person) -> bool:
    return child.date_of_birth is None and child.expected_date_of_birth is not None


def enquiry_for_conference(child: Person) -> Section47Enquiry | None:
    """The latest section 47 enquiry that concluded a conference was needed and has none yet."""
    used = Conference.objects.filter(child=child, kind=ConferenceKind.INITIAL).exclude(section_47=None)
    return (
        Section47Enquiry.objects.filter(child=child, outcome=Section47Outcome.CONFERENCE)
        .exclude(pk__in=used.values("section_47_id"))
        .select_related("strategy_discussion")
        .order_by("-start_date", "-pk")
        .first()
    )


def open_plan(child: Person) -> ChildProtectionPlan | None:
    return ChildProtectionPlan.objects.filter(child=child, end_date=None).order_by("-start_date").first()


def _rows_problems(attendance: Sequence[AttendanceRow], reports: Sequence[ReportRow]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if any(row.agency not in Agency.values for row in attendance):
        errors["attendance"] = "Each attendance row needs an agency from the list."
    elif not any(row.invited or row.attended for row in attendance):
        errors["attendance"] = "Record which agencies were invited and which attended."
    if len(reports) > MAX_REPORTS:
        errors["reports"] = f"Record up to {MAX_REPORTS} reports."
    for index, report in enumerate(reports):
        if report.agency not in Agency.values:
            errors[f"report_{index}_agency"] = "Choose the agency that wrote the report."
        if not report.author.strip():
            errors[f"report_{index}_author"] = "Enter who wrote the report."
        shared = report.shared_with_parents_on
        if shared is not None and (problem := past_date_problem(shared, "the date the report was shared")):
            errors[f"report_{index}_shared"] = problem
    return errors


def _kind_problems(
    *,
    child: Person,
    kind: str,
    held_on: date,
    section_47: Section47Enquiry | None,
    plan: ChildProtectionPlan | None,
    from_authority: str,
) -> dict[str, str]:
    """What the kind of conference needs before it: its enquiry, the plan it reviews, the council it came from."""
    errors: dict[str, str] = {}
    if kind == ConferenceKind.INITIAL:
        if section_47 is None and not is_unborn(child):
            errors["held_on"] = (
                "An initial conference follows a section 47 enquiry that concluded a conference is needed: "
                "record the enquiry's outcome first."
            )
        elif section_47 is not None:
            discussion = section_47.strategy_discussion
            if section_47.outcome != Section47Outcome.CONFERENCE:
                errors["held_on"] = "The section 47 enquiry has not concluded that a conference is needed."
            elif held_on < discussion.held_on:
                errors["held_on"] = (
                    "The conference cannot be before the strategy discussion that started the enquiry "
                    f"({long_date(discussion.held_on)})."
                )
            elif Conference.objects.filter(section_47=section_47, kind=ConferenceKind.INITIAL).exists():
                errors["held_on"] = "An initial conference has already been recorded for this enquiry."
    elif kind == ConferenceKind.TRANSFER_IN:
        if not from_authority.strip():
            errors["from_authority"] = "Enter the council whose child protection plan the child arrives on."
    elif kind == ConferenceKind.REVIEW:
        if plan is None:
            errors["held_on"] = "The child is not on a child protection plan: a review conference needs one."
        elif held_on < plan.start_date:
            errors["held_on"] = (
                f"The review cannot be before the plan started ({long_date(plan.start_date)})."
            )
        elif (last := plan.conferences.order_by("-held_on").first()) is not None and held_on < last.held_on:
            errors["held_on"] = (
                f"The review cannot be before the last conference ({long_date(last.held_on)})."
            )
    if kind in (ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN) and open_plan(child) is not None:
        errors["decision"] = "The child is already on a child protection plan: record a review conference."
    return errors


def _decision_problems(
    *, kind: str, decision: str, category: str, risks: str, plan: ChildProtectionPlan | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    allowed = REVIEW_DECISIONS if kind == ConferenceKind.REVIEW else FIRST_DECISIONS
    if decision not in allowed:
        errors["decision"] = "Choose the conference's decision."
        return errors
    if decision in NEEDS_CATEGORY and category not in CategoryOfAbuse.values:
        errors["category"] = "Choose the category of abuse: a plan cannot be made without a category."
    elif (
        decision == ConferenceDecision.CHANGE_CATEGORY
        and plan is not None
        and category == plan.latest_category
    ):
        errors["category"] = "That is the plan's category already: choose another, or continue the plan."
    if decision == ConferenceDecision.PLAN and not risks.strip():
        errors["risks"] = "Enter the risks the chair identified: they are carried into the plan."
    return errors


def conference_record(
    *,
    child: Person,
    kind: str,
    held_on: date | None,
    chair: StaffUser | None,
    parents_present: bool | None,
    child_participation: str,
    child_views: str,
    attendance: Sequence[AttendanceRow],
    reports: Sequence[ReportRow],
    decision: str,
    category: str = "",
    risks: str = "",
    outline_plan: str = "",
    from_authority: str = "",
    section_47: Section47Enquiry | None = None,
    progress: dict[int, tuple[str, str]] | None = None,
    core_group_interval_weeks: int | None = None,
    by: StaffUser,
) -> Conference:
    """Record a conference and act on its decision: start the plan, change its category, or end it."""
    policy.require(by, "child.record_work", child)
    errors: dict[str, str] = {}
    if kind not in ConferenceKind.values:
        raise ValidationError({"kind": "Choose the kind of conference."})
    plan = open_plan(child) if kind == ConferenceKind.REVIEW else None
    if kind == ConferenceKind.INITIAL and section_47 is None:
        section_47 = enquiry_for_conference(child)
    if problem := past_date_problem(held_on, "the date of the conference"):
        errors["held_on"] = problem
    else:
        assert held_on is not None
        errors |= _kind_problems(
            child=child,
            kind=kind,
            held_on=held_on,
            section_47=section_47,
            plan=plan,
            from_authority=from_authority,
        )
    if chair is None:
        errors["chair"] = "Choose the chair of the conference."
    elif chair.role != Role.CHILD_PROTECTION_CHAIR:
        errors["chair"] = "A conference is chaired by an independent child protection chair: choose one."
    if parents_present is None:
        errors["parents_present"] = "Say whether the parents were present."
    pre_birth = kind == ConferenceKind.INITIAL and is_unborn(child)
    if child_participation not in ChildParticipation.values:
        errors["child_participation"] = "Choose how the child took part."
    elif not pre_birth and not child_views.strip():
        errors["child_views"] = "Enter the child's views and wishes, or what was observed of a young child."
    errors |= _rows_problems(attendance, reports)
    for key, message in _decision_problems(
        kind=kind, decision=decision, category=category, risks=risks, plan=plan
    ).items():
        errors.setdefault(key, message)
    if core_group_interval_weeks is not None and not 1 <= core_group_interval_weeks <= 12:
        errors["core_group_interval_weeks"] = "Enter a core group interval between 1 and 12 weeks."
    if errors:
        raise ValidationError(errors)
    assert held_on is not None and chair is not None and parents_present is not None
    with transaction.atomic():
        if plan is not None and any(outcome.achieved_on is None for outcome in plan_outcomes(plan)):
            _review_progress(plan, held_on, decision, outline_plan, attendance, progress or {}, by)
        conference = Conference.objects.create(
            child=child,
            kind=kind,
            section_47=section_47 if kind == ConferenceKind.INITIAL else None,
            plan=plan,
            pre_birth=pre_birth,
            held_on=held_on,
            chair=chair,
            parents_present=parents_present,
            child_participation=child_participation,
            child_views=child_views.strip(),
            decision=decision,
            category=category if decision in NEEDS_CATEGORY else "",
            risks=risks.strip(),
            outline_plan=outline_plan.strip(),
            from_authority=from_authority.strip() if kind == ConferenceKind.TRANSFER_IN else "",
            recorded_by=by,
        )
        Attendance.objects.bulk_create(
            Attendance(
                conference=conference,
                agency=row.agency,
                name=row.name.strip()[:120],
                invited=row.invited,
                attended=row.attended,
            )
            for row in attendance
            if row.invited or row.attended
        )
        ConferenceReport.objects.bulk_create(
            ConferenceReport(
                conference=conference,
                agency=report.agency,
                author=report.author.strip()[:120],
                shared_with_parents_on=report.shared_with_parents_on,
            )
            for report in reports
        )
        audit_change(user=by, instance=conference, action="create", before=None, child_id=child.pk)
        event_record(
            child_id=child.pk,
            type="rcpc.held" if kind == ConferenceKind.REVIEW else "icpc.held",
            occurred_on=held_on,
            recorded_by=by,
            record=conference,
            payload={
                "outcome": ConferenceDecision(decision).label,
                "kind": ConferenceKind(kind).label,
                "pre_birth": pre_birth,
            },
        )
        _act_on_decision(conference, plan, core_group_interval_weeks, by)
    return conference


def _review_progress(
    plan: ChildProtectionPlan,
    held_on: date,
    decision: str,
    outline_plan: str,
    attendance: Sequence[AttendanceRow],
    progress: dict[int, tuple[str, str]],
    by: StaffUser,
) -> None:
    """The review conference's progress on each outcome, as a plan review (its event is the conference's)."""
    attended = ", ".join(
        f"{Agency(row.agency).label}{f' ({row.name.strip()})' if row.name.strip() else ''}"
        for row in attendance
        if row.attended
    )
    summary = f"{ConferenceDecision(decision).label}. {outline_plan.strip()}".strip()
    try:
        review_record(
            plan=plan,
            review_date=held_on,
            summary=summary,
            attendees=attended,
            progress=progress,
            by=by,
            kind=ReviewKind.REVIEW_CONFERENCE,
            write_event=False,
        )
    except ValidationError as error:
        renamed = {"review_date": "held_on", "summary": "outline_plan"}
        raise ValidationError(
            {renamed.get(key, key): messages for key, messages in error.message_dict.items()}
        ) from error


def _act_on_decision(
    conference: Conference, plan: ChildProtectionPlan | None, interval_weeks: int | None, by: StaffUser
) -> None:
    decision, held_on = conference.decision, conference.held_on
    if decision == ConferenceDecision.PLAN:
        episode = conference.section_47.cin_episode if conference.section_47 else None
        plan = cp_plan_start(
            child=conference.child,
            cin_episode=episode or open_episode(conference.child),
            start_date=held_on,
            category=conference.category,
            risks=conference.risks,
            by=by,
        )
        if interval_weeks is not None:
            before = snapshot(plan)
            plan.core_group_interval_weeks = interval_weeks
            plan.save(update_fields=["core_group_interval_weeks"])
            audit_change(user=by, instance=plan, action="update", before=before, child_id=plan.child_id)
        before = snapshot(conference)
        conference.plan = plan
        conference.save(update_fields=["plan"])
        audit_change(
            user=by, instance=conference, action="update", before=before, child_id=conference.child_id
        )
    elif plan is not None and decision == ConferenceDecision.CHANGE_CATEGORY:
        cp_plan_change_category(plan=plan, category=conference.category, changed_on=held_on, by=by)
    elif plan is not None and decision == ConferenceDecision.END_PLAN:
        cp_plan_end(plan=plan, ended_on=held_on, by=by)


# Flags the pages show ------------------------------------------------------------------------------------------


def report_deadline(held_on: date) -> date:
    """The last day a report may be shared with the parents: a local number of working days before."""
    days = int(setting_value("conference_report_sharing_working_days", held_on))
    return council_calendar().add_working_days(held_on, -days)


def report_problem(report: ConferenceReport, deadline: date) -> str | None:
    if report.shared_with_parents_on is None:
        return "Not shared with the parents"
    if report.shared_with_parents_on > deadline:
        return f"Shared late: due by {long_date(deadline)}"
    return None


def attendance_flags(conference: Conference, rows: Sequence[Attendance]) -> list[str]:
    if conference.pre_birth:
        return []
    education = [row for row in rows if row.agency == Agency.EDUCATION]
    if any(row.attended for row in education):
        return []
    if any(row.invited for row in education):
        return ["Education was invited but did not attend"]
    return ["Education was not invited"]


def conference_flags(
    conference: Conference,
    attendance: Sequence[Attendance] | None = None,
    reports: Sequence[ConferenceReport] | None = None,
) -> list[str]:
    """Everything the conference page flags: absence of education, late reports, the discussion's lead."""
    flags = attendance_flags(
        conference, list(conference.attendance.all()) if attendance is None else attendance
    )
    deadline = report_deadline(conference.held_on)
    for report in conference.reports.all() if reports is None else reports:
        if problem := report_problem(report, deadline):
            flags.append(f"{report.get_agency_display()} report ({report.author}): {problem}")
    if conference.section_47 is not None:
        flags.extend(discussion_flags(conference.section_47.strategy_discussion))
    return flags


# What each child has of their own at a conference about several children of a family.
OWN_PARTS = ("decision", "category", "child_participation", "child_views")


@dataclass(frozen=True)
class SiblingAtConference:
    """A brother or sister at the same conference: their own decision, category and part in it (and at a review,
    their own plan's progress)."""

    child: Person
    decision: str
    category: str
    child_participation: str
    child_views: str
    prefix: str
    progress: dict[int, tuple[str, str]] | None = None  # at a review: their own plan's progress per outcome


def conference_record_for_family(
    *, child: Person, siblings: list[SiblingAtConference], by: StaffUser, **values: Any
) -> list[Conference]:
    """One initial or review conference about several children of a family, recorded once (issue 18): the date,
    chair, attendance, reports, risks and outline plan once; each child's own decision and category, conference
    record, events and plan (started from their own section 47 enquiry, or reviewed with their own progress). Each
    child must live with the first and the recorder may write to each; any child's refusal refuses them all, on
    that child's fields."""
    if values.get("kind") not in (ConferenceKind.INITIAL, ConferenceKind.REVIEW):
        raise ValidationError(
            {"__all__": "A transfer-in conference is recorded for each child on their own."}
        )
    if problems := also_about_problems(child, [sibling.child for sibling in siblings], by):
        raise ValidationError({"__all__": problems})
    common = {key: value for key, value in values.items() if key not in (*OWN_PARTS, "progress")}
    steps = [ChildStep(child, "", partial(conference_record, child=child, by=by, **values))] + [
        ChildStep(
            sibling.child,
            sibling.prefix,
            partial(
                conference_record,
                child=sibling.child,
                by=by,
                decision=sibling.decision,
                category=sibling.category,
                child_participation=sibling.child_participation,
                child_views=sibling.child_views,
                progress=sibling.progress,
                **common,
            ),
        )
        for sibling in siblings
    ]
    with transaction.atomic():
        made = record_for_each(
            steps,
            shared=[key for key in common if key != "kind"],
            own=("progress_", "note_", "report_"),  # an outcome's own; the reports' rows are the same for all
        )
        Conference.objects.filter(pk__in=[item.pk for item in made[1:]]).update(together_with=made[0])
    for item in made[1:]:
        item.together_with = made[0]
    return made
