"""Escalation: an alert overdue for more than the local number of working days goes to the next manager up.

An alert is any open obligation past its due date (a failed visit not yet seen by the manager, a decision waiting,
an overdue statutory visit, any other overdue work) and a worker's supervision past its due date. It is first the
manager's: the assistant team manager's for a worker they line manage, the team manager's otherwise. Once overdue
for more than `escalation_working_days` working days it is escalated one step: from the assistant team manager to
the team's manager, from the team manager to the head of the team's service (`Service.head`, or when the service
names none, staff with the head of service role in one of its teams). An alert that started with an assistant team
manager and is still open after twice that many working days goes on up to the head of service: each step gets the
same number of working days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from hearth.core.calendar import WorkingDayCalendar, add_days
from hearth.core.council_settings import current_snapshot
from hearth.core.models import Obligation, ObligationStatus
from hearth.core.timescales.display import running_on
from hearth.core.timescales.rules import all_rules, statutory_visit_rule_ids
from hearth.core.timescales.store import council_calendar
from hearth.organisation.models import StaffUser, Team
from hearth.organisation.roles import Role
from hearth.people.models import RestrictedAccess
from hearth.supervision.selectors import SUPERVISED_IN_TEAM, supervision_due_for
from hearth.visits.kinds import failed_visit_rule_ids
from hearth.worklists.selectors import decision_rule_ids

FAILED_VISIT, DECISION, VISIT, OVERDUE, SUPERVISION = (
    "failed_visit",
    "decision",
    "visit",
    "overdue",
    "supervision",
)
KIND_LABELS = {
    FAILED_VISIT: "Failed visit not seen by a manager",
    DECISION: "Decision waiting",
    VISIT: "Statutory visit overdue",
    OVERDUE: "Overdue work",
    SUPERVISION: "Supervision overdue",
}


def alert_kind(rule_id: str, decision_rules: list[str] | None = None) -> str:
    if rule_id in failed_visit_rule_ids():
        return FAILED_VISIT
    if rule_id in (decision_rules if decision_rules is not None else decision_rule_ids()):
        return DECISION
    if rule_id in statutory_visit_rule_ids():
        return VISIT
    return OVERDUE


def openable_by(user: StaffUser) -> Q:
    """A restricted child's work is listed only for the people named on the record (one row per obligation)."""
    named = RestrictedAccess.objects.filter(child_id=OuterRef("child_id"), user=user)
    return Q(child__is_restricted=False) | Q(Exists(named))


def escalation_cutoff(today: date, working_days: int, calendar: WorkingDayCalendar) -> date:
    """The latest due date overdue on `today` by more than `working_days` working days (days after the due date
    up to and including today that are working days)."""
    day = add_days(today, -1)
    while calendar.working_days_between(day, today) <= working_days:
        day = add_days(day, -1)
    return day


def service_teams_headed_by(user: StaffUser) -> QuerySet[Team]:
    """The teams of the services the user heads: named as the service's head, or a head of service working in a
    service that names no head."""
    if user.role != Role.HEAD_OF_SERVICE:
        return Team.objects.none()
    in_own_service = (
        Q(service_id=user.team.service_id, service__head=None) if user.team is not None else Q(pk__in=[])
    )
    return Team.objects.filter(Q(service__head=user) | in_own_service)


def _under_assistant_manager() -> Q:
    return Q(owner__line_manager__role=Role.ASSISTANT_TEAM_MANAGER)


@dataclass(frozen=True)
class EscalatedLine:
    kind: str
    title: str
    team: str
    due_date: date | None
    working_days_overdue: int
    child_id: int | None = None
    child_name: str = ""
    person_number: str = ""
    worker_id: int | None = None
    worker_name: str = ""
    escalated_from: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def _escalated_from(assistant_manager: str, team_manager: str) -> str:
    """Who the alert passed through on its way up: the assistant team manager, then the team manager."""
    return ", then ".join(name for name in (assistant_manager, team_manager) if name)


def escalated_for(user: StaffUser, today: date) -> list[EscalatedLine]:
    """The alerts escalated to this user, longest overdue first: four queries whatever the numbers."""
    settings = current_snapshot()
    calendar = council_calendar()
    working_days = int(settings.value("escalation_working_days", today))
    cutoff = escalation_cutoff(today, working_days, calendar)
    second_cutoff = escalation_cutoff(today, 2 * working_days, calendar)
    headed = list(service_teams_headed_by(user).select_related("manager"))
    managed = list(Team.objects.filter(manager=user)) if user.role == Role.TEAM_MANAGER else []
    if not headed and not managed:
        return []
    team_names = {team.pk: team.name for team in [*headed, *managed]}
    from_team_manager = {team.pk: (team.manager.full_name if team.manager else "") for team in headed}

    headed_ids, managed_ids = [team.pk for team in headed], [team.pk for team in managed]
    scope = Q(team_id__in=headed_ids, due_date__lte=cutoff) & ~_under_assistant_manager()
    scope |= Q(team_id__in=headed_ids, due_date__lte=second_cutoff) & _under_assistant_manager()
    scope |= Q(team_id__in=managed_ids, due_date__lte=cutoff) & _under_assistant_manager()
    obligations = (
        Obligation.objects.filter(scope, running_on(today), status=ObligationStatus.OPEN, child__isnull=False)
        .filter(openable_by(user))
        .select_related("child", "owner__line_manager")
        .only(
            "rule_id",
            "due_date",
            "team_id",
            "child__forename",
            "child__surname",
            "child__person_number",
            "owner__full_name",
            "owner__line_manager__full_name",
            "owner__line_manager__role",
        )
        .order_by("due_date", "pk")
    )
    decisions = decision_rule_ids()
    titles = {item.id: item.title for item in all_rules()}
    lines: list[EscalatedLine] = []
    for item in obligations:
        assert item.child is not None  # the query keeps duties about a child (staff duties are below)
        line_manager = item.owner.line_manager if item.owner is not None else None
        under_assistant = line_manager is not None and line_manager.role == Role.ASSISTANT_TEAM_MANAGER
        lines.append(
            EscalatedLine(
                kind=alert_kind(item.rule_id, decisions),
                title=titles.get(item.rule_id, item.rule_id),
                team=team_names.get(item.team_id or 0, ""),
                due_date=item.due_date,
                working_days_overdue=calendar.working_days_between(item.due_date, today),
                child_id=item.child_id,
                child_name=f"{item.child.forename} {item.child.surname}",
                person_number=item.child.person_number,
                worker_id=item.owner_id,
                worker_name=item.owner.full_name if item.owner is not None else "",
                escalated_from=_escalated_from(
                    line_manager.full_name if under_assistant and line_manager is not None else "",
                    from_team_manager.get(item.team_id or 0, "") if item.team_id in headed_ids else "",
                ),
            )
        )

    supervised = Q(team_id__in=headed_ids) | (
        Q(team_id__in=managed_ids) & Q(line_manager__role=Role.ASSISTANT_TEAM_MANAGER)
    )
    workers = list(
        StaffUser.objects.filter(supervised, is_active=True, role__in=SUPERVISED_IN_TEAM)
        .exclude(pk=user.pk)
        .select_related("line_manager")
        .order_by("full_name", "pk")
    )
    dues = supervision_due_for(workers, today)
    for worker in workers:
        due = dues[worker.pk]
        under_assistant = (
            worker.line_manager is not None and worker.line_manager.role == Role.ASSISTANT_TEAM_MANAGER
        )
        # Two steps from an assistant team manager to the head of service; one from anyone else.
        twice = under_assistant and worker.team_id in headed_ids
        if due.due_on is None or due.due_on > (second_cutoff if twice else cutoff):
            continue  # never supervised: due now, not yet overdue for a measurable time
        lines.append(
            EscalatedLine(
                kind=SUPERVISION,
                title="Supervision",
                team=team_names.get(worker.team_id or 0, ""),
                due_date=due.due_on,
                working_days_overdue=calendar.working_days_between(due.due_on, today),
                worker_id=worker.pk,
                worker_name=worker.full_name,
                escalated_from=_escalated_from(
                    worker.line_manager.full_name
                    if under_assistant and worker.line_manager is not None
                    else "",
                    from_team_manager.get(worker.team_id or 0, "") if worker.team_id in headed_ids else "",
                ),
            )
        )
    return sorted(lines, key=lambda line: (line.due_date or date.min, line.kind, line.child_name))
