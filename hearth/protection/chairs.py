"""The child protection chairs' workload: conferences each chair held per month over the last twelve months and
the reports to them shared late with the parents (issue 4 item 9; inspection report 2012 paragraph 19)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from hearth.core.calendar import add_calendar_months
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import Role
from hearth.protection.conferences import report_deadline, report_problem
from hearth.protection.models import Conference, ConferenceReport

MONTHS = 12


@dataclass
class ChairRow:
    chair_id: int
    name: str
    per_month: list[int]
    reports: int = 0
    reports_late: int = 0

    @property
    def total(self) -> int:
        return sum(self.per_month)


@dataclass(frozen=True)
class Workload:
    months: list[date]
    rows: list[ChairRow]

    @property
    def totals(self) -> list[int]:
        return [sum(row.per_month[index] for row in self.rows) for index in range(len(self.months))]


def chairs_workload(today: date) -> Workload:
    """Every chair (and anyone else who chaired in the window), with conferences per month, oldest month first."""
    first = add_calendar_months(today.replace(day=1), -(MONTHS - 1))
    months = [add_calendar_months(first, offset) for offset in range(MONTHS)]
    counts: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    held = Conference.objects.filter(held_on__gte=first, held_on__lte=today).values_list(
        "chair_id", "held_on"
    )
    for chair_id, held_on in held:
        counts[chair_id][held_on.replace(day=1)] += 1
    late: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    deadlines: dict[date, date] = {}
    reports = ConferenceReport.objects.filter(
        conference__held_on__gte=first, conference__held_on__lte=today
    ).select_related("conference")
    for report in reports:
        held_on = report.conference.held_on
        deadline = deadlines.setdefault(held_on, report_deadline(held_on))
        tally = late[report.conference.chair_id]
        tally[0] += 1
        tally[1] += report_problem(report, deadline) is not None
    chairs = StaffUser.objects.filter(
        is_active=True, role=Role.CHILD_PROTECTION_CHAIR
    ) | StaffUser.objects.filter(pk__in=list(counts))
    rows = [
        ChairRow(
            chair_id=chair.pk,
            name=chair.full_name,
            per_month=[counts[chair.pk][month] for month in months],
            reports=late[chair.pk][0],
            reports_late=late[chair.pk][1],
        )
        for chair in chairs.distinct().order_by("full_name", "pk")
    ]
    return Workload(months, rows)
