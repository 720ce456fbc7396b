"""Reads: whose supervision a manager holds, when each worker's next supervision is due, a worker's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Q, QuerySet

from hearth.core.calendar import add_calendar_months
from hearth.core.council_settings import current_snapshot
from hearth.core.models import Obligation, ObligationStatus
from hearth.core.timescales.rules import Interval, rule
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import PARTNER_ROLES, Role
from hearth.people.access import visible_people
from hearth.people.models import Person
from hearth.supervision.models import Supervision, SupervisionAction

# Roles supervised by the manager of their team; anyone else (a chair, a head of service) by their line manager.
SUPERVISED_IN_TEAM = frozenset({Role.SOCIAL_WORKER, Role.ASSISTANT_TEAM_MANAGER, Role.FRONT_DOOR})


def manages(manager: StaffUser, worker: StaffUser) -> bool:
    """A worker is supervised by their line manager, or (a practitioner) by the manager of their team."""
    if manager.pk == worker.pk:
        return False
    if worker.line_manager_id == manager.pk:
        return True
    return (
        worker.role in SUPERVISED_IN_TEAM and worker.team is not None and worker.team.manager_id == manager.pk
    )


def managed_workers(manager: StaffUser) -> QuerySet[StaffUser]:
    """The active workers a manager supervises: those they line manage and the practitioners of teams they
    manage."""
    in_team = Q(team__manager=manager, role__in=SUPERVISED_IN_TEAM)
    return (
        StaffUser.objects.filter(Q(line_manager=manager) | in_team, is_active=True)
        .exclude(pk=manager.pk)
        .exclude(role__in=PARTNER_ROLES)
        .order_by("full_name", "pk")
    )


def staff_choices() -> list[tuple[int, str]]:
    """Who may own an action: any active member of staff (not a partner agency's user)."""
    return list(
        StaffUser.objects.filter(is_active=True)
        .exclude(role__in=PARTNER_ROLES)
        .order_by("full_name", "pk")
        .values_list("pk", "full_name")
    )


def worker_caseload(worker: StaffUser, viewer: StaffUser) -> QuerySet[Person]:
    """The children allocated to the worker now that the viewer may open: the children a supervision discusses."""
    return (
        visible_people(viewer)
        .filter(allocations__worker=worker, allocations__end_date=None)
        .order_by("surname", "forename", "pk")
    )


@dataclass(frozen=True)
class SupervisionDue:
    worker: StaffUser
    last_held_on: date | None
    due_on: date | None  # None: no supervision recorded yet, so due now
    newly_qualified: bool
    interval: Interval
    overdue: bool


def _newly_qualified(worker: StaffUser, on: date) -> bool:
    qualified = worker.qualification_date
    return qualified is not None and qualified <= on < add_calendar_months(qualified, 12)


SUPERVISION_RULE = "supervision.due"


def supervision_due_for(workers: list[StaffUser], today: date) -> dict[int, SupervisionDue]:
    """Each worker's next supervision, read from the engine (the open `supervision.due` obligation, ADR 20) with
    their last supervision: due now if the engine holds no clock for them (never supervised, never joined). Three
    queries, shared by the team page, oversight and escalation."""
    settings = current_snapshot()
    ids = [worker.pk for worker in workers]
    open_due = {
        row.staff_id: row
        for row in Obligation.objects.filter(
            staff_id__in=ids, rule_id=SUPERVISION_RULE, status=ObligationStatus.OPEN
        ).only("staff_id", "start_date", "due_date", "paused_on")
    }
    last = dict(
        Supervision.objects.filter(worker_id__in=ids)
        .values("worker_id")
        .annotate(last=Max("held_on"))
        .values_list("worker_id", "last")
    )
    declared = rule(SUPERVISION_RULE)
    found = {}
    for worker in workers:
        clock_row = open_due.get(worker.pk)
        start = clock_row.start_date if clock_row is not None else today
        newly_qualified = _newly_qualified(worker, start)
        interval = declared.interval_on(start, settings, {"newly_qualified": newly_qualified})
        due_on = clock_row.due_date if clock_row is not None else None
        found[worker.pk] = SupervisionDue(
            worker,
            last.get(worker.pk),
            due_on,
            newly_qualified,
            interval,
            overdue=due_on is None or due_on < today,
        )
    return found


def supervision_due(worker: StaffUser, today: date) -> SupervisionDue:
    """When the worker's next supervision is due (the engine's clock: the local interval, shorter in their first
    year after qualifying, from their last supervision or from joining); due now if the engine holds none."""
    return supervision_due_for([worker], today)[worker.pk]


def supervision_due_lines(manager: StaffUser, today: date) -> list[SupervisionDue]:
    """Each worker the manager supervises with their next supervision's due date, overdue first (three queries)."""
    workers = list(managed_workers(manager))
    lines = list(supervision_due_for(workers, today).values())
    return sorted(lines, key=lambda line: (not line.overdue, line.due_on or date.min, line.worker.full_name))


def supervision_history(worker: StaffUser) -> list[Supervision]:
    """The worker's supervisions, latest first, with each child's decision and its actions."""
    return list(
        Supervision.objects.filter(worker=worker)
        .select_related("manager")
        .prefetch_related("decisions__child", "decisions__actions__owner", "decisions__actions__done_by")
        .order_by("-held_on", "-pk")
    )


def action_for_child(child_id: int, action_id: int) -> SupervisionAction | None:
    return (
        SupervisionAction.objects.select_related("decision__supervision__worker", "decision__child", "owner")
        .filter(pk=action_id, decision__child_id=child_id)
        .first()
    )


def open_actions_owned_by(user: StaffUser) -> list[SupervisionAction]:
    """Actions from supervision this user owns that are not yet done, soonest first."""
    return list(
        SupervisionAction.objects.filter(owner=user, done_on=None)
        .select_related("decision__child", "decision__supervision__worker")
        .order_by("due_date", "pk")[:200]
    )
