"""Reads for the child protection plan page and the family's copy: core groups with their flags, visits, and
the dates of the next meetings from the plan's open obligations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from hearth.core.models import Obligation, ObligationStatus
from hearth.plans.models import PlanReview
from hearth.plans.services import reviews_of
from hearth.protection.core_groups import core_group_flags
from hearth.protection.models import Attendance, ChildProtectionPlan, CoreGroup
from hearth.visits.models import Visit
from hearth.visits.selectors import visit_base

REVIEW_RULES = ("cp.first_review", "cp.review")
CORE_GROUP_RULES = ("cp.first_core_group", "cp.core_group")
VISIT_RULES = ("cp.visit", "cp.visit_follow_up")


@dataclass(frozen=True)
class NextDates:
    review: date | None = None
    core_group: date | None = None
    visit: date | None = None


def plan_next_dates(plan: ChildProtectionPlan) -> NextDates:
    """When the next review conference, core group and visit are due (none once the plan has ended)."""
    if plan.end_date is not None:
        return NextDates()
    due: dict[str, date] = {}
    for rule_id, due_date in Obligation.objects.filter(
        child_id=plan.child_id,
        status=ObligationStatus.OPEN,
        rule_id__in=[*REVIEW_RULES, *CORE_GROUP_RULES, *VISIT_RULES],
    ).values_list("rule_id", "due_date"):
        group = (
            "review" if rule_id in REVIEW_RULES else "core_group" if rule_id in CORE_GROUP_RULES else "visit"
        )
        if group not in due or due_date < due[group]:
            due[group] = due_date
    return NextDates(**due)


@dataclass(frozen=True)
class CoreGroupLine:
    core_group: CoreGroup
    attended: list[str]
    absent: list[str]
    flags: list[str]


def plan_core_groups(plan: ChildProtectionPlan, today: date) -> list[CoreGroupLine]:
    lines = []
    for core_group in (
        CoreGroup.objects.filter(plan=plan)
        .order_by("-held_on", "-pk")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.order_by("pk")))
    ):
        rows = list(core_group.attendance.all())
        lines.append(
            CoreGroupLine(
                core_group,
                [row.get_agency_display() for row in rows if row.attended],
                [row.get_agency_display() for row in rows if not row.attended],
                core_group_flags(core_group, rows, today),
            )
        )
    return lines


def plan_reviews(plan: ChildProtectionPlan) -> list[PlanReview]:
    return reviews_of(plan)


def plan_visits(plan: ChildProtectionPlan) -> list[Visit]:
    return list(visit_base().filter(cp_plan=plan)[:30])


def last_attendance(plan: ChildProtectionPlan) -> dict[str, str]:
    """Who came from each agency to the plan's last meeting (its latest core group, else the conference that set the
    plan): the next core group's form starts from them (issue 18: pre-filled from the record)."""
    latest = plan.core_groups.order_by("-held_on", "-pk").first()
    if latest is not None:
        rows = Attendance.objects.filter(core_group=latest)
    else:
        rows = Attendance.objects.filter(conference__in=plan.conferences.order_by("-held_on", "-pk")[:1])
    return dict(rows.exclude(name="").values_list("agency", "name"))
