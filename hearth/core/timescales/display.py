"""How an obligation reads to a person: upcoming, due, overdue, met in time, met late, no longer required."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from hearth.core.calendar import WorkingDayCalendar
from hearth.core.dates import long_date
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.core.timescales.actions import rules_with_actions
from hearth.core.timescales.rules import Rule, rule

STATE_LABELS = {
    "overdue": ("Overdue", "red"),
    "due": ("Due", "orange"),
    "upcoming": ("Upcoming", "grey"),
    "not_yet": ("Not yet", "grey"),
    "paused": ("Paused", "purple"),
    "met_in_time": ("Met in time", "green"),
    "met_late": ("Met late", "yellow"),
    "ended": ("No longer required", "grey"),
}


def running_on(today: date) -> Q:
    """Not paused, or paused and past the pause's review date (a pause not reviewed does not hide a duty)."""
    return Q(paused_on=None) | Q(pause_review_on__lt=today)


def overdue_on(today: date) -> Q:
    """Open work overdue on `today`: due before it and not paused with a reason still under review (the one
    definition every list, count and escalation uses)."""
    return Q(status=ObligationStatus.OPEN, due_date__lt=today) & running_on(today)


def due_between(today: date, soon: date) -> Q:
    """Open work due from today to `soon`, not paused."""
    return Q(status=ObligationStatus.OPEN, due_date__gte=today, due_date__lte=soon) & running_on(today)


def obligation_state(obligation: Obligation, today: date, due_soon_until: date) -> str:
    if obligation.status == ObligationStatus.MET:
        return "met_in_time" if obligation.met_in_time else "met_late"
    if obligation.status == ObligationStatus.NO_LONGER_REQUIRED:
        return "ended"
    if obligation.paused_on is not None and (
        obligation.pause_review_on is None or obligation.pause_review_on >= today
    ):
        return "paused"  # stopped with a reason (the pause's event says why and when it is reviewed)
    if obligation.due_date < today:
        return "overdue"
    if obligation.earliest_date is not None and today < obligation.earliest_date:
        return "not_yet"  # its window has not opened: nothing done now would count
    return "due" if obligation.due_date <= due_soon_until else "upcoming"


def due_soon_until(today: date, calendar: WorkingDayCalendar, working_days: int) -> date:
    return calendar.add_working_days(today, working_days)


@dataclass(frozen=True)
class ObligationView:
    obligation: Obligation
    title: str
    source: str
    state: str
    label: str
    colour: str
    days_overdue: int
    note: str = ""  # why a paused duty is paused, and its review date (the child's page)
    pausable: bool = False
    actionable: bool = False  # a form meets it, reached from the list in one step (`worklists:act`)
    holder: str = (
        ""  # the worker who holds the child, on a list that shows work against its worker (issue 18)
    )

    @property
    def due(self) -> str:
        return long_date(self.obligation.due_date)


def obligation_views(obligations: list[Obligation], today: date, soon: date) -> list[ObligationView]:
    """Each duty as a list shows it: its rule's title (with the starting event's own words where the rule names them,
    one query for them all), its state and whether a form meets it from the list (`worklists:act`)."""
    declared_of = {item.pk: rule(item.rule_id, item.start_date) for item in obligations}
    words = _titles_from_starting_events(obligations, declared_of)
    actionable = rules_with_actions()
    views = []
    for item in obligations:
        declared = declared_of[item.pk]
        state = obligation_state(item, today, soon)
        label, colour = STATE_LABELS[state]
        overdue = (today - item.due_date).days if state == "overdue" else 0
        title = f"{declared.title}: {words[item.pk]}" if words.get(item.pk) else declared.title
        views.append(
            ObligationView(
                item,
                title,
                declared.source,
                state,
                label,
                colour,
                overdue,
                pausable=declared.pausable,
                actionable=item.child_id is not None and item.rule_id in actionable,
            )
        )
    return views


def _titles_from_starting_events(
    obligations: list[Obligation], declared_of: dict[int, Rule]
) -> dict[int, str]:
    wanted = {
        item.pk: (item.started_by_id, declared_of[item.pk].title_from)
        for item in obligations
        if declared_of[item.pk].title_from and item.started_by_id is not None
    }
    if not wanted:
        return {}
    payloads = dict(
        Event.objects.filter(pk__in={event_id for event_id, _ in wanted.values()}).values_list(
            "pk", "payload"
        )
    )
    return {pk: str((payloads.get(event_id) or {}).get(key) or "") for pk, (event_id, key) in wanted.items()}


def open_obligations() -> QuerySet[Obligation]:
    """The base queryset for every worklist, with what each row shows."""
    return (
        Obligation.objects.filter(status=ObligationStatus.OPEN)
        .select_related("child", "owner", "staff")
        .only(
            "rule_id",
            "paused_on",
            "pause_review_on",
            "staff_id",
            "staff__full_name",
            "record_type",
            "record_id",
            "start_date",
            "due_date",
            "earliest_date",
            "status",
            "closed_on",
            "started_by_id",
            "child__forename",
            "child__surname",
            "child__person_number",
            "owner__full_name",
            "team_id",
        )
        .order_by("due_date", "pk")
    )


def open_duties_of(child_id: int, area: str) -> list[ObligationView]:
    """A child's open duties under one area's rules (ids beginning `area.`: "health", "education"), soonest due first,
    as the area's own page lists them."""
    from hearth.core import clock
    from hearth.core.council_settings import setting_value
    from hearth.core.timescales.store import council_calendar

    today = clock.today()
    soon = due_soon_until(today, council_calendar(), int(setting_value("due_soon_working_days", today)))
    found = Obligation.objects.filter(
        child_id=child_id, status=ObligationStatus.OPEN, rule_id__startswith=f"{area}."
    ).order_by("due_date", "pk")
    return obligation_views(list(found), today, soon)
