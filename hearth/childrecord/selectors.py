"""Everything the child's page shows, in a handful of indexed queries.

Identity and warnings, status badges (early help, child in need, child protection, looked after, care leaver,
restricted), who is allocated, the live plans, the obligations due and overdue, the household and network and
the latest key events. Later issues add their own sections here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from hearth.care.models import CareLeaverStatus, CarePeriod, Placement
from hearth.children_in_need.models import CinEpisode, CinPlan
from hearth.core.council_settings import setting_value
from hearth.core.models import Event, Obligation, ObligationStatus, Significance
from hearth.core.timescales.display import ObligationView, due_soon_until, obligation_views
from hearth.core.timescales.store import council_calendar
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.organisation.models import Allocation
from hearth.people.models import HouseholdMembership, Person, ProfessionalInvolvement, Relationship
from hearth.protection.models import ChildProtectionPlan

KEY_EVENTS_ON_PAGE = 12


@dataclass(frozen=True)
class Badge:
    label: str
    colour: str


@dataclass(frozen=True)
class LivePlan:
    title: str
    started: date
    detail: str


@dataclass(frozen=True)
class NetworkMember:
    name: str
    role: str
    detail: str
    person_id: int | None = None


@dataclass
class ChildSummary:
    person: Person
    age: str
    badges: list[Badge] = field(default_factory=list)
    allocation: Allocation | None = None
    plans: list[LivePlan] = field(default_factory=list)
    obligations: list[ObligationView] = field(default_factory=list)
    household: list[NetworkMember] = field(default_factory=list)
    relatives: list[NetworkMember] = field(default_factory=list)
    professionals: list[NetworkMember] = field(default_factory=list)
    key_events: list[Event] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def age_text(person: Person, today: date) -> str:
    if person.date_of_birth is None:
        if person.expected_date_of_birth:
            return f"Unborn (expected {person.expected_date_of_birth:%-d %b %Y})"
        return "Age not known"
    end = person.date_of_death or today
    years = (
        end.year
        - person.date_of_birth.year
        - ((end.month, end.day) < (person.date_of_birth.month, person.date_of_birth.day))
    )
    if years < 2:
        months = (
            (end.year - person.date_of_birth.year) * 12
            + end.month
            - person.date_of_birth.month
            - (end.day < person.date_of_birth.day)
        )
        return f"{months} months"
    return f"{years} years"


def _badges_and_plans(person: Person, today: date) -> tuple[list[Badge], list[LivePlan]]:
    badges: list[Badge] = []
    plans: list[LivePlan] = []
    early_help = EarlyHelpEpisode.objects.filter(child=person, end_date=None).order_by("-start_date").first()
    if early_help:
        badges.append(Badge("Early help", "turquoise"))
        plans.append(
            LivePlan(
                "Early help",
                early_help.start_date,
                f"Lead professional: {early_help.lead_professional or 'not recorded'}",
            )
        )
    cin = CinEpisode.objects.filter(child=person, closure_date=None).order_by("-referral_date").first()
    protection = (
        ChildProtectionPlan.objects.filter(child=person, end_date=None).order_by("-start_date").first()
    )
    care = CarePeriod.objects.filter(child=person, end_date=None).order_by("-start_date").first()
    if protection:
        badges.append(Badge("Child protection", "red"))
        plans.append(
            LivePlan(
                "Child protection plan",
                protection.start_date,
                f"Category: {protection.get_latest_category_display()}",
            )
        )
    if care:
        badges.append(Badge("Looked after", "purple"))
        placement = Placement.objects.filter(period=care, end_date=None).order_by("-start_date").first()
        detail = f"Legal status: {care.get_legal_status_display()}"
        if placement:
            detail += f"; placement: {placement.get_placement_type_display()} since {placement.start_date:%-d %b %Y}"
        plans.append(LivePlan("Care plan", care.start_date, detail))
    if cin and not protection and not care:
        badges.append(Badge("Child in need", "blue"))
        cin_plan = CinPlan.objects.filter(episode=cin, end_date=None).first()
        if cin_plan:
            plans.append(
                LivePlan(
                    "Child in need plan",
                    cin_plan.start_date,
                    f"Primary need: {cin.get_primary_need_display()}",
                )
            )
        else:
            plans.append(LivePlan("Child in need episode", cin.referral_date, "Referral open; no plan yet"))
    if CareLeaverStatus.objects.filter(child=person, end_date=None).exists():
        badges.append(Badge("Care leaver", "pink"))
    if person.is_restricted:
        badges.append(Badge("Restricted", "grey"))
    return badges, plans


def _household(person: Person) -> list[NetworkMember]:
    households = HouseholdMembership.objects.filter(person=person, end_date=None).values("household_id")
    members = (
        HouseholdMembership.objects.filter(household_id__in=households, end_date=None)
        .exclude(person=person)
        .select_related("person")
        .order_by("person__date_of_birth")
    )
    return [
        NetworkMember(
            m.person.full_name, "Lives with the child", f"since {m.start_date:%-d %b %Y}", m.person_id
        )
        for m in members
    ]


def _relatives(person: Person) -> list[NetworkMember]:
    rows = Relationship.objects.filter(other=person, end_date=None).select_related("person")
    return [
        NetworkMember(
            r.person.full_name,
            r.get_type_display(),
            "parental responsibility" if r.parental_responsibility else "",
            r.person_id,
        )
        for r in rows
    ]


def child_summary(person: Person) -> ChildSummary:
    today = timezone.localdate()
    soon = due_soon_until(today, council_calendar(), int(setting_value("due_soon_working_days", today)))
    badges, plans = _badges_and_plans(person, today)
    summary = ChildSummary(person=person, age=age_text(person, today), badges=badges, plans=plans)
    summary.allocation = (
        Allocation.objects.select_related("worker", "team").filter(child=person, end_date=None).first()
    )
    open_obligations = list(
        Obligation.objects.filter(child=person, status=ObligationStatus.OPEN).order_by("due_date")[:20]
    )
    summary.obligations = obligation_views(open_obligations, today, soon)
    summary.household = _household(person)
    summary.relatives = _relatives(person)
    summary.professionals = [
        NetworkMember(p.name, p.get_role_display(), p.organisation)
        for p in ProfessionalInvolvement.objects.filter(child=person, end_date=None).order_by("role")
    ]
    summary.key_events = list(
        Event.objects.filter(child=person, significance=Significance.KEY).order_by("-occurred_on", "-pk")[
            :KEY_EVENTS_ON_PAGE
        ]
    )
    return summary
