"""The manager's view across teams: per team, overdue work by rule, failed visits, children not seen, decisions
waiting, supervision due and weighted caseloads; and the children behind each figure. A fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from hearth.core.models import Obligation, ObligationStatus
from hearth.core.timescales.display import open_obligations, overdue_on
from hearth.core.timescales.rules import all_rules, statutory_visit_rule_ids
from hearth.organisation.models import StaffUser, Team
from hearth.organisation.roles import Role
from hearth.organisation.selectors import teams_managed_by
from hearth.organisation.workforce import weighted_caseloads
from hearth.supervision.selectors import SUPERVISED_IN_TEAM, supervision_due_for
from hearth.visits.kinds import failed_visit_rule_ids
from hearth.worklists.escalation import openable_by
from hearth.worklists.selectors import decision_rule_ids

KINDS = ("overdue", "failed_visits", "not_seen", "decisions")


def oversight_teams(user: StaffUser) -> QuerySet[Team]:
    """The teams a manager oversees here: a head of service's every team in their service, a team manager's or
    assistant team manager's own teams."""
    if user.role == Role.HEAD_OF_SERVICE:
        own_service = Q(service_id=user.team.service_id) if user.team is not None else Q(pk__in=[])
        return Team.objects.filter(Q(service__head=user) | own_service)
    return teams_managed_by(user)


@dataclass
class RuleCount:
    rule_id: str
    title: str
    count: int


@dataclass
class WorkerCaseload:
    worker_id: int
    name: str
    children: int
    weighted: Decimal


@dataclass
class TeamFigures:
    team: Team
    overdue_by_rule: list[RuleCount] = field(default_factory=list)
    overdue: int = 0
    failed_visits: int = 0
    not_seen: int = 0
    decisions: int = 0
    supervision_overdue: int = 0
    supervision_due: int = 0
    children: int = 0
    weighted: Decimal = Decimal(0)
    caseloads: list[WorkerCaseload] = field(default_factory=list)


def team_figures(user: StaffUser, teams: list[Team], today: date, soon: date) -> list[TeamFigures]:
    """One row per team (five queries: obligations by team and rule, workers, supervisions, caseloads)."""
    figures = {team.pk: TeamFigures(team) for team in teams}
    titles = {item.id: item.title for item in all_rules()}
    decisions = set(decision_rule_ids())
    failed_visits, visits = set(failed_visit_rule_ids()), set(statutory_visit_rule_ids())
    for team_id, rule_id, open_count, overdue in (
        Obligation.objects.filter(
            team_id__in=list(figures), status=ObligationStatus.OPEN, child__isnull=False
        )
        .filter(openable_by(user))
        .values_list("team_id", "rule_id")
        .annotate(open_count=Count("pk"), overdue=Count("pk", filter=overdue_on(today)))
        .order_by()
    ):
        row = figures[team_id]
        if overdue:
            row.overdue_by_rule.append(RuleCount(rule_id, titles.get(rule_id, rule_id), overdue))
            row.overdue += overdue
        if rule_id in failed_visits:
            row.failed_visits += open_count
        elif rule_id in decisions:
            row.decisions += open_count
        elif rule_id in visits:
            row.not_seen += overdue
    for row in figures.values():
        row.overdue_by_rule.sort(key=lambda item: (-item.count, item.title))

    workers = list(
        StaffUser.objects.filter(team_id__in=list(figures), is_active=True)
        .exclude(role__in=[Role.HEAD_OF_SERVICE])
        .only("full_name", "team_id", "role", "qualification_date")
        .order_by("full_name", "pk")
    )
    supervised = [worker for worker in workers if worker.role in SUPERVISED_IN_TEAM]
    for due in supervision_due_for(supervised, today).values():
        row = figures[due.worker.team_id or 0]
        if due.overdue:
            row.supervision_overdue += 1
        elif due.due_on is not None and due.due_on <= soon:
            row.supervision_due += 1
    caseloads = weighted_caseloads([worker.pk for worker in workers], today)
    for worker in workers:
        caseload = caseloads[worker.pk]
        row = figures[worker.team_id or 0]
        row.children += caseload.children
        row.weighted += caseload.weighted
        if caseload.children:
            row.caseloads.append(
                WorkerCaseload(worker.pk, worker.full_name, caseload.children, caseload.weighted)
            )
    return [figures[team.pk] for team in teams]


def children_behind(
    user: StaffUser, teams: list[Team], today: date, *, kind: str = "", rule_id: str = ""
) -> QuerySet[Obligation]:
    """The open obligations behind one figure: overdue under a rule (or overdue of any rule), failed visits
    waiting, statutory visits overdue, or decisions waiting."""
    work = open_obligations().filter(team_id__in=[team.pk for team in teams]).filter(openable_by(user))
    if rule_id:
        return work.filter(overdue_on(today), rule_id=rule_id)
    if kind == "failed_visits":
        return work.filter(rule_id__in=failed_visit_rule_ids())
    if kind == "not_seen":
        return work.filter(overdue_on(today), rule_id__in=statutory_visit_rule_ids())
    if kind == "decisions":
        return work.filter(rule_id__in=decision_rule_ids())
    return work.filter(overdue_on(today))
