"""Everything the child's page shows, in a handful of indexed queries.

Identity and warnings, status badges (early help, child in need, child protection, looked after, care leaver,
restricted), who is allocated, the live plans, the obligations due and overdue, the household and network and
the latest key events. Later issues add their own sections here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from hearth.childrecord import sql
from hearth.childrecord.sql import fetch
from hearth.core import clock
from hearth.core.codesets import (
    ProfessionalRole,
    RelationshipType,
)
from hearth.core.council_settings import setting_value
from hearth.core.dates import as_date, as_optional_date, long_date
from hearth.core.models import Obligation, ObligationStatus
from hearth.core.timescales.display import ObligationView, due_soon_until, obligation_views
from hearth.core.timescales.store import council_calendar
from hearth.health.models import AssessmentKind
from hearth.missing.models import ScreeningOutcome
from hearth.missing.services import repeat_window
from hearth.people.header import child_header
from hearth.people.models import Person
from hearth.people.open_work import Badge, LivePlan

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
    year: int


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
    flags: list[Badge] = field(default_factory=list)  # repeat missing, at risk of exploitation
    health: list[str] = field(default_factory=list)  # the health record at a glance
    education: list[str] = field(default_factory=list)  # the school and the latest attendance
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Allocated:
    worker: str
    team: str
    start_date: date

    @property
    def since(self) -> str:
        return long_date(self.start_date)


HEALTH_SECTIONS = ("health", "sdq", "immunisations")
EDUCATION_SECTIONS = ("school", "attendance")


def _education_line(section: str, what: str, day: date) -> str:
    if section == "school":
        return f"{what} since {long_date(day)}"
    percentage = what[:-2] if what.endswith(".0") else what
    return f"Attendance {percentage}% to {long_date(day)}"


def _health_line(section: str, who: str, kind: str, score: int, day: date, up_to_date: int) -> str:
    if section == "health":
        return f"{AssessmentKind(kind).label} {long_date(day)} by {who}"
    if section == "sdq":
        return f"SDQ score {score} ({long_date(day)})"
    return f"Immunisations {'up to date' if up_to_date else 'not up to date'} ({long_date(day)})"


def _people_around(person: Person, summary: ChildSummary, today: date) -> None:
    """Allocation, household, family and professionals, and the flags of the child's missing history (repeat
    missing, at risk of exploitation): one query across the tables (sql.PEOPLE_AROUND)."""
    needed, since_day = repeat_window(today)
    rows = fetch(sql.PEOPLE_AROUND, [person.pk] * 5 + [person.pk, since_day] + [person.pk] * 6)
    for section, who, role, detail, person_id, since, flag in sorted(rows, key=lambda row: (row[0], row[1])):
        if section == "missing":
            if person_id >= needed:
                summary.flags.append(
                    Badge(f"Repeat missing: {person_id} times since {long_date(since_day)}", "red")
                )
            continue
        if section == "exploitation":
            review = f", review by {long_date(as_date(since))}" if since is not None else ""
            summary.flags.append(
                Badge(f"At risk of exploitation: {ScreeningOutcome(role).label.lower()}{review}", "red")
            )
            continue
        if section in EDUCATION_SECTIONS:
            summary.education.append(_education_line(section, who, as_date(since)))
            continue
        if section in HEALTH_SECTIONS:
            summary.health.append(_health_line(section, who, role, person_id, as_date(since), flag))
            continue
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
    header = child_header(person)
    summary = ChildSummary(person=person, age=header.age, badges=header.badges, plans=header.plans)
    _people_around(person, summary, today)
    if partner:
        summary.household, summary.relatives, summary.plans, summary.flags = [], [], [], []
        summary.health, summary.education = [], []
        return summary
    open_obligations = []
    pauses: dict[int, str] = {}
    for pk, rule_id, start, due, paused_on, review_on, pause, started_by in fetch(
        sql.OPEN_OBLIGATIONS, [person.pk, OBLIGATIONS_ON_PAGE]
    ):
        open_obligations.append(
            Obligation(
                pk=pk,
                child_id=person.pk,
                rule_id=rule_id,
                start_date=as_date(start),
                due_date=as_date(due),
                paused_on=as_optional_date(paused_on),
                pause_review_on=as_optional_date(review_on),
                status=ObligationStatus.OPEN,
                started_by_id=started_by,
            )
        )
        if paused_on is not None:
            said = json.loads(pause) if isinstance(pause, str) else (pause or {})
            pauses[pk] = f"{said.get('reason', '')}; review by {said.get('review_text', '')}"
    summary.obligations = [
        replace(view, note=pauses.get(view.obligation.pk, ""))
        for view in obligation_views(open_obligations, today, soon)
    ]
    summary.key_events = [
        KeyEvent(as_date(day), text) for day, text in fetch(sql.KEY_EVENTS, [person.pk, KEY_EVENTS_ON_PAGE])
    ]
    summary.quality = [QualityLine(*row) for row in fetch(sql.QUALITY, [person.pk, QUALITY_ON_PAGE])]
    return summary
