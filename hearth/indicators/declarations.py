"""Each performance indicator declared once, as data (issue 19 item 5): what it counts, over which children, which
way is good, and where the measure comes from. `measures.py` computes every one the same way, in the database.

Two shapes of measure:
- cases (`cases`): a queryset of the month's cases, each with its date (`on`), whether it meets the measure
  (`met`), the child, and the team and worker it counts against. Proportions are met / cases; a rate per 10,000
  counts the cases against the child population (a setting).
- children on a day (`stock`): SQL over a table of months giving, for each month's last day (or today), each child
  counted and whether they meet the measure (placement stability, children on a plan or in care).

Cases on a child's record count against the team and worker who held the child that day; duties (obligations) count
against the team and worker who owned them, the same owner the worklists show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)

from hearth.children_in_need.models import CinEpisode
from hearth.core.models import Obligation, ObligationStatus
from hearth.frontdoor.models import Contact, ContactOutcome
from hearth.organisation.models import Allocation
from hearth.protection.models import ChildProtectionPlan, Section47Enquiry, Section47Outcome

Cases = Callable[[date, date], QuerySet]  # type: ignore[type-arg]

PERCENT = "percent"
PER_10000 = "per_10000"
HIGHER, LOWER, NEITHER = "higher", "lower", "neither"


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    numerator: str
    denominator: str
    population: str
    period: str
    good: str  # HIGHER, LOWER or NEITHER (context, not a target)
    source: str
    unit: str = PERCENT
    cases: Cases | None = None
    stock: str = ""  # SQL of (month, child_id, met, by_team, by_worker) over the months table

    @property
    def is_percent(self) -> bool:
        return self.unit == PERCENT


def _held(on: str) -> dict[str, Subquery]:
    """The team and worker who held the child on the case's date."""
    holding = Allocation.objects.filter(child_id=OuterRef("child_id"), start_date__lte=OuterRef(on)).filter(
        Q(end_date=None) | Q(end_date__gte=OuterRef(on))
    )
    return {
        "by_team": Subquery(holding.order_by("-start_date", "-pk").values("team_id")[:1]),
        "by_worker": Subquery(holding.order_by("-start_date", "-pk").values("worker_id")[:1]),
    }


def _met(condition: Q | Exists) -> ExpressionWrapper[Any]:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _days_after(field: str, days: int) -> ExpressionWrapper[Any]:
    return ExpressionWrapper(F(field) + timedelta(days=days), output_field=DateField())


def _contacts(first: date, last: date) -> QuerySet:  # type: ignore[type-arg]
    return Contact.objects.filter(decided_on__range=(first, last)).annotate(
        on=F("decided_on"),
        met=_met(Q(outcome__in=[ContactOutcome.REFERRAL, ContactOutcome.STRATEGY_DISCUSSION])),
        **_held("decided_on"),
    )


def _referrals(first: date, last: date) -> QuerySet:  # type: ignore[type-arg]
    earlier = CinEpisode.objects.filter(
        child_id=OuterRef("child_id"),
        referral_date__lt=OuterRef("referral_date"),
        referral_date__gte=OuterRef("year_before"),
    )
    return (
        CinEpisode.objects.filter(referral_date__range=(first, last))
        .annotate(year_before=_days_after("referral_date", -365))
        .annotate(on=F("referral_date"), met=_met(Exists(earlier)), **_held("referral_date"))
    )


def _duties_met(*rules: str) -> Cases:
    """Duties met in the month (the date they were met), met in time when on or before their due date."""

    def cases(first: date, last: date) -> QuerySet:  # type: ignore[type-arg]
        return Obligation.objects.filter(
            rule_id__in=rules, status=ObligationStatus.MET, closed_on__range=(first, last)
        ).annotate(
            on=F("closed_on"),
            met=_met(Q(closed_on__lte=F("due_date"))),
            by_team=F("team_id"),
            by_worker=F("owner_id"),
        )

    return cases


def _duties_due(*rules: str) -> Cases:
    """Duties falling due in the month (to today), met in time when met on or before their due date; a duty no
    longer required is not counted."""

    def cases(first: date, last: date) -> QuerySet:  # type: ignore[type-arg]
        return (
            Obligation.objects.filter(rule_id__in=rules, due_date__range=(first, last))
            .exclude(status=ObligationStatus.NO_LONGER_REQUIRED)
            .annotate(
                on=F("due_date"),
                met=_met(Q(status=ObligationStatus.MET, closed_on__lte=F("due_date"))),
                by_team=F("team_id"),
                by_worker=F("owner_id"),
            )
        )

    return cases


def _enquiries(first: date, last: date) -> QuerySet:  # type: ignore[type-arg]
    return (
        Section47Enquiry.objects.filter(end_date__range=(first, last))
        .exclude(outcome="")
        .annotate(on=F("end_date"), met=_met(Q(outcome=Section47Outcome.CONFERENCE)), **_held("end_date"))
    )


def _plans_ended(first: date, last: date) -> QuerySet:  # type: ignore[type-arg]
    return ChildProtectionPlan.objects.filter(end_date__range=(first, last)).annotate(
        on=F("end_date"), met=_met(Q(end_date__gte=_days_after("start_date", 730))), **_held("end_date")
    )


def _plans_started(first: date, last: date) -> QuerySet:  # type: ignore[type-arg]
    earlier = ChildProtectionPlan.objects.filter(
        child_id=OuterRef("child_id"), start_date__lt=OuterRef("start_date")
    )
    # A plan imported from a census counts the earlier plans that census gave (previous_plans_recorded).
    return ChildProtectionPlan.objects.filter(start_date__range=(first, last)).annotate(
        on=F("start_date"),
        met=_met(Exists(earlier) | Q(previous_plans_recorded__gt=0)),
        **_held("start_date"),
    )


def _referrals_counted(first: date, last: date) -> QuerySet:  # type: ignore[type-arg]
    return CinEpisode.objects.filter(referral_date__range=(first, last)).annotate(
        on=F("referral_date"), met=Value(True, output_field=BooleanField()), **_held("referral_date")
    )


# The team and worker who held the child at the month's last day (or today), for the measures of children on a day.
_HOLDER = """(SELECT a.{column} FROM organisation_allocation a WHERE a.child_id = {child} AND a.start_date <= m.month_end
 AND (a.end_date IS NULL OR a.end_date >= m.month_end) ORDER BY a.start_date DESC, a.id DESC LIMIT 1)"""


def _holders(child: str) -> str:
    team, worker = (_HOLDER.format(column=column, child=child) for column in ("team_id", "worker_id"))
    return f"{team} AS by_team, {worker} AS by_worker"


# Open at the day's end: a period or plan ending on the day is over (as the 903 counts children at 31 March).
IN_CARE = "cp.start_date <= m.month_end AND (cp.end_date IS NULL OR cp.end_date > m.month_end)"
STABILITY_SHORT = f"""SELECT m.month_start AS month, cp.child_id AS child_id,
 CASE WHEN (SELECT COUNT(*) FROM care_placement p JOIN care_careperiod c2 ON c2.id = p.period_id
   WHERE c2.child_id = cp.child_id AND p.start_date <= m.month_end
   AND (p.end_date IS NULL OR p.end_date > m.year_before)) >= 3 THEN 1 ELSE 0 END AS met, {_holders("cp.child_id")}
 FROM months m JOIN care_careperiod cp ON {IN_CARE}"""  # noqa: S608 - constant SQL
STABILITY_LONG = f"""SELECT m.month_start AS month, cp.child_id AS child_id,
 CASE WHEN EXISTS (SELECT 1 FROM care_placement p WHERE p.period_id = cp.id AND p.start_date <= m.two_years_before
   AND (p.end_date IS NULL OR p.end_date > m.month_end)) THEN 1 ELSE 0 END AS met, {_holders("cp.child_id")}
 FROM months m JOIN care_careperiod cp ON {IN_CARE} AND cp.start_date <= m.two_half_years_before
 JOIN people_person child ON child.id = cp.child_id AND child.date_of_birth > m.sixteen_years_before"""  # noqa: S608 - constant SQL
ON_PLAN = f"""SELECT m.month_start AS month, cp.child_id AS child_id, 1 AS met, {_holders("cp.child_id")}
 FROM months m JOIN protection_childprotectionplan cp ON {IN_CARE}"""  # noqa: S608 - constant SQL
LOOKED_AFTER = f"""SELECT m.month_start AS month, cp.child_id AS child_id, 1 AS met, {_holders("cp.child_id")}
 FROM months m JOIN care_careperiod cp ON {IN_CARE}"""  # noqa: S608 - constant SQL

VISIT_RULES = ("cp.visit", "cin.visit", "lac.visit", "lac.placement_visit", "lac.care_order_visit")
REVIEW_RULES = (
    "cp.first_review",
    "cp.review",
    "lac.first_review",
    "lac.second_review",
    "lac.review",
    "cin_plan.review",
)
DFE_CIN = "DfE, Characteristics of children in need (from the CIN census)"
DFE_LAC = "DfE, Children looked after in England (from the SSDA903 return)"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "contacts_to_referral",
        "Contacts leading to a referral",
        "Contacts decided in the month that led to a referral or a strategy discussion",
        "Contacts decided in the month",
        "Children the front door received a contact about",
        "By the month of the decision",
        NEITHER,
        "Local measure of the front door's threshold (no national figure is published)",
        cases=_contacts,
    ),
    Indicator(
        "re_referrals",
        "Re-referrals within 12 months",
        "Referrals in the month for a child referred in the 12 months before",
        "Referrals in the month",
        "Children referred to children's social care",
        "By the month of the referral",
        LOWER,
        f"{DFE_CIN}: re-referrals within 12 months of a previous referral",
        cases=_referrals,
    ),
    Indicator(
        "assessments_45_days",
        "Assessments completed in 45 working days",
        "Assessments completed in the month within 45 working days of the referral (Hearth's assessment.single clock)",
        "Assessments completed in the month",
        "Children assessed under the Children Act 1989",
        "By the month the assessment was completed",
        HIGHER,
        f"Working Together to Safeguard Children 2023 (45 working days); {DFE_CIN}: assessments completed within 45 "
        "working days",
        cases=_duties_met("assessment.single"),
    ),
    Indicator(
        "section_47_to_conference",
        "Section 47 enquiries leading to an initial conference",
        "Section 47 enquiries concluded in the month with an initial child protection conference needed",
        "Section 47 enquiries concluded in the month",
        "Children subject to a section 47 enquiry",
        "By the month the enquiry concluded",
        NEITHER,
        f"{DFE_CIN}: section 47 enquiries and initial child protection conferences",
        cases=_enquiries,
    ),
    Indicator(
        "conferences_15_days",
        "Initial conferences within 15 working days",
        "Initial child protection conferences held in the month within 15 working days of the strategy discussion",
        "Initial child protection conferences held in the month",
        "Children subject to a section 47 enquiry that led to a conference",
        "By the month of the conference",
        HIGHER,
        f"Working Together to Safeguard Children 2023 (15 working days); {DFE_CIN}",
        cases=_duties_met("cp.icpc"),
    ),
    Indicator(
        "plans_two_years",
        "Protection plans lasting 2 years or more",
        "Child protection plans ended in the month that had lasted 2 years (730 days) or more",
        "Child protection plans ended in the month",
        "Children whose child protection plan ended",
        "By the month the plan ended",
        LOWER,
        f"{DFE_CIN}: child protection plans ceasing that lasted 2 years or more",
        cases=_plans_ended,
    ),
    Indicator(
        "second_plans",
        "Second or later protection plans",
        "Child protection plans started in the month for a child who had one before",
        "Child protection plans started in the month",
        "Children who became the subject of a child protection plan",
        "By the month the plan started",
        LOWER,
        f"{DFE_CIN}: children becoming the subject of a plan for a second or subsequent time",
        cases=_plans_started,
    ),
    Indicator(
        "visits_in_time",
        "Statutory visits in time",
        "Statutory visits falling due in the month that were made by their due date",
        "Statutory visits falling due in the month (to today)",
        "Children on a child protection or child in need plan, and children looked after",
        "By the month the visit fell due",
        HIGHER,
        "Local procedure (child protection and child in need); the Care Planning Regulations 2010, regulation 28 "
        "(children looked after)",
        cases=_duties_due(*VISIT_RULES),
    ),
    Indicator(
        "reviews_in_time",
        "Reviews in time",
        "Review conferences, reviews of children looked after and child in need plan reviews falling due in the "
        "month that were held by their due date",
        "Reviews falling due in the month (to today)",
        "Children on a plan, and children looked after",
        "By the month the review fell due",
        HIGHER,
        "Working Together to Safeguard Children 2023 (review conferences); the Care Planning Regulations 2010, "
        "regulation 33 (reviews of children looked after); local procedure (child in need plans)",
        cases=_duties_due(*REVIEW_RULES),
    ),
    Indicator(
        "placement_stability_short",
        "Placement stability: three or more placements",
        "Children looked after on the month's last day with three or more placements in the 12 months before",
        "Children looked after on the month's last day (today, this month)",
        "Children looked after",
        "On the month's last day",
        LOWER,
        f"{DFE_LAC}: children with three or more placements during the year",
        stock=STABILITY_SHORT,
    ),
    Indicator(
        "placement_stability_long",
        "Placement stability: same placement for 2 years",
        "Of those, children in the same placement for 2 years or more",
        "Children under 16 looked after for 2 and a half years or more on the month's last day",
        "Children looked after",
        "On the month's last day",
        HIGHER,
        f"{DFE_LAC}: long-term placement stability",
        stock=STABILITY_LONG,
    ),
    Indicator(
        "referral_rate",
        "Referrals per 10,000 children",
        "Referrals in the month, as a year's rate at the month's pace (England's rate is per year)",
        "Children in the council's area (the setting child_population)",
        "Children in the council's area",
        "By the month of the referral",
        NEITHER,
        f"{DFE_CIN}: referrals per 10,000 children; population from ONS mid-year estimates",
        unit=PER_10000,
        cases=_referrals_counted,
    ),
    Indicator(
        "protection_plan_rate",
        "Children on a protection plan per 10,000",
        "Children on a child protection plan on the month's last day",
        "Children in the council's area (the setting child_population)",
        "Children in the council's area",
        "On the month's last day",
        NEITHER,
        f"{DFE_CIN}: children on a plan per 10,000 children",
        unit=PER_10000,
        stock=ON_PLAN,
    ),
    Indicator(
        "looked_after_rate",
        "Children looked after per 10,000",
        "Children looked after on the month's last day",
        "Children in the council's area (the setting child_population)",
        "Children in the council's area",
        "On the month's last day",
        NEITHER,
        f"{DFE_LAC}: children looked after per 10,000 children",
        unit=PER_10000,
        stock=LOOKED_AFTER,
    ),
)
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
