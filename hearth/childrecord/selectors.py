"""Everything the child's page shows, in a handful of indexed queries.

Identity and warnings, status badges (early help, child in need, child protection, looked after, care leaver,
restricted), who is allocated, the live plans, the obligations due and overdue, the household and network and
the latest key events. Later issues add their own sections here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse

from hearth.childrecord import sql
from hearth.childrecord.sql import as_date, as_optional_date, fetch
from hearth.core import clock
from hearth.core.codesets import (
    CategoryOfAbuse,
    LegalStatus,
    PlacementType,
    PrimaryNeed,
    ProfessionalRole,
    RelationshipType,
)
from hearth.core.council_settings import setting_value
from hearth.core.dates import long_date
from hearth.core.models import Obligation, ObligationStatus
from hearth.core.timescales.display import ObligationView, due_soon_until, obligation_views
from hearth.core.timescales.store import council_calendar
from hearth.people.models import Person

KEY_EVENTS_ON_PAGE = 12
OBLIGATIONS_ON_PAGE = 20
QUALITY_ON_PAGE = 20


@dataclass(frozen=True)
class QualityLine:
    """A census validation failure on the child's record, and what to fix (hearth.quality)."""

    rule: str
    is_query: bool
    location: str
    message: str
    fix: str


@dataclass(frozen=True)
class Badge:
    label: str
    colour: str


@dataclass(frozen=True)
class LivePlan:
    title: str
    started: date
    detail: str
    url: str = ""

    @property
    def since(self) -> str:
        return long_date(self.started)


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
    allocation: Allocated | None = None
    plans: list[LivePlan] = field(default_factory=list)
    obligations: list[ObligationView] = field(default_factory=list)
    household: list[NetworkMember] = field(default_factory=list)
    relatives: list[NetworkMember] = field(default_factory=list)
    professionals: list[NetworkMember] = field(default_factory=list)
    key_events: list[KeyEvent] = field(default_factory=list)
    quality: list[QualityLine] = field(default_factory=list)
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


@dataclass(frozen=True)
class OpenEpisode:
    pk: int
    start: date
    code: str
    part_code: str  # the current placement type, for a period of care
    part_start: date | None  # the current placement's or child in need plan's start


def _open_episodes(person: Person) -> dict[str, OpenEpisode]:
    """The latest open episode of each kind, in one query across the domains (sql.OPEN_EPISODES)."""
    latest: dict[str, OpenEpisode] = {}
    rows = sorted(fetch(sql.OPEN_EPISODES, [person.pk] * 5), key=lambda row: as_date(row[2]), reverse=True)
    for kind, pk, start, code, part_code, part_start in rows:
        if kind not in latest:
            latest[kind] = OpenEpisode(
                pk, as_date(start), code or "", part_code or "", as_optional_date(part_start)
            )
    return latest


def _badges_and_plans(person: Person) -> tuple[list[Badge], list[LivePlan]]:
    badges: list[Badge] = []
    plans: list[LivePlan] = []
    latest = _open_episodes(person)
    if early_help := latest.get("early_help"):
        badges.append(Badge("Early help", "turquoise"))
        url = reverse("earlyhelp:episode", kwargs={"pk": person.pk, "episode_pk": early_help.pk})
        plans.append(
            LivePlan(
                "Early help", early_help.start, f"Lead professional: {early_help.code or 'not recorded'}", url
            )
        )
    if protection := latest.get("protection"):
        badges.append(Badge("Child protection", "red"))
        url = reverse("protection:plan", kwargs={"pk": person.pk, "plan_pk": protection.pk})
        plans.append(
            LivePlan(
                "Child protection plan",
                protection.start,
                f"Category: {CategoryOfAbuse(protection.code).label}",
                url,
            )
        )
    if care := latest.get("care"):
        badges.append(Badge("Looked after", "purple"))
        detail = f"Legal status: {LegalStatus(care.code).label}"
        if care.part_code and care.part_start:
            detail += f"; placement: {PlacementType(care.part_code).label} since {care.part_start:%-d %b %Y}"
        plans.append(LivePlan("Care plan", care.start, detail))
    cin = latest.get("cin")
    if cin and not protection and not care:
        badges.append(Badge("Child in need", "blue"))
        need_text = PrimaryNeed(cin.code).label if cin.code else "not recorded"
        url = reverse("children_in_need:episode", kwargs={"pk": person.pk, "episode_pk": cin.pk})
        if cin.part_start:
            plans.append(LivePlan("Child in need plan", cin.part_start, f"Primary need: {need_text}", url))
        else:
            plans.append(LivePlan("Child in need episode", cin.start, "Referral open; no plan yet", url))
    if "care_leaver" in latest:
        badges.append(Badge("Care leaver", "pink"))
    if person.is_restricted:
        badges.append(Badge("Restricted", "grey"))
    return badges, plans


@dataclass(frozen=True)
class Allocated:
    worker: str
    team: str
    start_date: date

    @property
    def since(self) -> str:
        return long_date(self.start_date)


def _people_around(person: Person, summary: ChildSummary) -> None:
    """Allocation, household, family and professionals: one query across the four tables (sql.PEOPLE_AROUND)."""
    rows = fetch(sql.PEOPLE_AROUND, [person.pk] * 5)
    for section, who, role, detail, person_id, since, flag in sorted(rows, key=lambda row: (row[0], row[1])):
        started = as_date(since)
        if section == "allocation":
            summary.allocation = Allocated(who, detail, started)
        elif section == "household":
            summary.household.append(
                NetworkMember(who, "Lives with the child", f"since {started:%-d %b %Y}", person_id)
            )
        elif section == "relative":
            label = RelationshipType(role).label
            summary.relatives.append(
                NetworkMember(who, label, "parental responsibility" if flag else "", person_id)
            )
        else:
            summary.professionals.append(NetworkMember(who, ProfessionalRole(role).label, detail))


@dataclass(frozen=True)
class KeyEvent:
    occurred_on: date
    summary: str

    @property
    def iso(self) -> str:
        return self.occurred_on.isoformat()

    @property
    def day(self) -> str:
        return long_date(self.occurred_on)


def child_summary(person: Person, *, partner: bool = False) -> ChildSummary:
    """The whole child at once; a partner agency's view is limited to identity, status and who to contact."""
    today = clock.today()
    soon = due_soon_until(today, council_calendar(), int(setting_value("due_soon_working_days", today)))
    badges, plans = _badges_and_plans(person)
    summary = ChildSummary(person=person, age=age_text(person, today), badges=badges, plans=plans)
    _people_around(person, summary)
    if partner:
        summary.household, summary.relatives, summary.plans = [], [], []
        return summary
    open_obligations = [
        Obligation(
            pk=pk,
            child_id=person.pk,
            rule_id=rule_id,
            start_date=as_date(start),
            due_date=as_date(due),
            status=ObligationStatus.OPEN,
        )
        for pk, rule_id, start, due in fetch(sql.OPEN_OBLIGATIONS, [person.pk, OBLIGATIONS_ON_PAGE])
    ]
    summary.obligations = obligation_views(open_obligations, today, soon)
    summary.key_events = [
        KeyEvent(as_date(day), text) for day, text in fetch(sql.KEY_EVENTS, [person.pk, KEY_EVENTS_ON_PAGE])
    ]
    summary.quality = [QualityLine(*row) for row in fetch(sql.QUALITY, [person.pk, QUALITY_ON_PAGE])]
    return summary
