"""Reviewing officers' capacity (issue 16 item 8; inspection report 2012 paragraph 88: reviewing officers too
stretched to meet children before their reviews): each one's looked-after children against the IRO Handbook's
caseload (a setting), the reviews overdue and due soon, the reviews held in the last year without meeting the child
first, and the review records late. Read by the chairs' and reviewing officers' page (hearth.protection.chairs)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, QuerySet

from hearth.care.models import CarePeriod, LacReview
from hearth.core.calendar import add_calendar_months
from hearth.core.council_settings import setting_value
from hearth.core.models import Obligation, ObligationStatus
from hearth.core.timescales.display import open_obligations
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import Role

REVIEW_RULES = ("lac.first_review", "lac.second_review", "lac.review")
DUE_SOON_DAYS = 28


@dataclass(frozen=True)
class ReviewerRow:
    staff_id: int
    name: str
    caseload: int
    highest: int
    reviews_overdue: int
    reviews_due_soon: int
    reviews_held: int
    not_met_first: int
    records_late: int

    @property
    def over(self) -> bool:
        return self.caseload > self.highest


def reviewing_officers(today: date) -> list[ReviewerRow]:
    """Every reviewing officer (and anyone who holds looked-after children as one), busiest first. A fixed number of
    queries, whatever the number of children."""
    held_since = add_calendar_months(today, -12)
    children = dict(
        CarePeriod.objects.filter(end_date=None, iro__isnull=False).values_list("child_id", "iro_id")
    )
    caseload = Counter(children.values())
    overdue: Counter[int] = Counter()
    soon: Counter[int] = Counter()
    for child_id, due in Obligation.objects.filter(
        rule_id__in=REVIEW_RULES, status=ObligationStatus.OPEN, child_id__in=list(children)
    ).values_list("child_id", "due_date"):
        if due < today:
            overdue[children[child_id]] += 1
        elif due <= today + timedelta(days=DUE_SOON_DAYS):
            soon[children[child_id]] += 1
    reviews = LacReview.objects.filter(held_on__gte=held_since, held_on__lte=today)
    held = dict(reviews.values("iro_id").annotate(n=Count("pk")).values_list("iro_id", "n"))
    not_met = dict(
        reviews.filter(iro_met_child_on=None)
        .values("iro_id")
        .annotate(n=Count("pk"))
        .values_list("iro_id", "n")
    )
    late = dict(
        Obligation.objects.filter(
            rule_id="lac.review_record", status=ObligationStatus.OPEN, due_date__lt=today
        )
        .values("owner_id")
        .annotate(n=Count("pk"))
        .values_list("owner_id", "n")
    )
    highest = int(setting_value("iro_caseload_highest", today))
    people = StaffUser.objects.filter(
        is_active=True, role=Role.INDEPENDENT_REVIEWING_OFFICER
    ) | StaffUser.objects.filter(pk__in=list(caseload))
    rows = [
        ReviewerRow(
            staff_id=person.pk,
            name=person.full_name,
            caseload=caseload[person.pk],
            highest=highest,
            reviews_overdue=overdue[person.pk],
            reviews_due_soon=soon[person.pk],
            reviews_held=held.get(person.pk, 0),
            not_met_first=not_met.get(person.pk, 0),
            records_late=late.get(person.pk, 0),
        )
        for person in people.distinct()
    ]
    return sorted(rows, key=lambda row: (-row.caseload, row.name))


def reviews_chaired_by(user: StaffUser) -> QuerySet[Obligation]:
    """The reviews due of the looked-after children this person reviews (the reviewing officer's own list: the
    allocated worker convenes the review, the reviewing officer chairs it)."""
    children = CarePeriod.objects.filter(iro=user, end_date=None).values("child_id")
    return open_obligations().filter(rule_id__in=REVIEW_RULES, child_id__in=children)
