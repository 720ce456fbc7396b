"""Worklists are open obligations: one indexed query per list (owner or team, by due date, overdue first)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.base import ModelState
from django.urls import reverse

from hearth.core.dates import as_date, as_optional_date
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.core.timescales.display import due_between, open_obligations, overdue_on
from hearth.core.timescales.rules import Owner, all_rules, statutory_visit_rule_ids
from hearth.organisation.models import Allocation, StaffUser, Team
from hearth.people.models import PartnerContribution, Person
from hearth.plans.kinds import children_with_live_plans
from hearth.plans.models import PlanOutcome
from hearth.visits.kinds import failed_visit_rule_ids
from hearth.visits.models import Visit


def _openable_by(user: StaffUser) -> Q:
    """A restricted child's work is listed only for the people named on the record; a duty about a member of staff
    or a record with no child is listed for its owner and team."""
    return Q(child=None) | Q(child__is_restricted=False) | Q(child__restricted_access__user=user)


def my_work(user: StaffUser) -> QuerySet[Obligation]:
    return open_obligations().filter(owner=user).filter(_openable_by(user))


# My work as fixed statements (ADR 42, as the child's page's reads: ADR 7, ADR 26): the worklist is a fifth of
# the staff's requests, and building its four queries with the ORM and a model instance for each duty, its child
# and its worker cost more than PostgreSQL took to answer them. The same duties as `my_work` (a test compares them),
# in the same order.
_MY_WORK = """
  FROM core_obligation o
  LEFT JOIN people_person c ON c.id = o.child_id{}
 WHERE o.owner_id = %s AND o.status = 'open'
   AND (o.child_id IS NULL OR NOT c.is_restricted
        OR EXISTS (SELECT 1 FROM people_restrictedaccess r WHERE r.child_id = o.child_id AND r.user_id = %s))
"""
_RUNNING = "(o.paused_on IS NULL OR o.pause_review_on < %s)"
MY_WORK_COUNTS = f"""
SELECT COUNT(*),
       COALESCE(SUM(CASE WHEN o.due_date < %s AND {_RUNNING} THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN o.due_date >= %s AND o.due_date <= %s AND {_RUNNING} THEN 1 ELSE 0 END), 0)
{_MY_WORK.format("")}"""  # noqa: S608 - fixed text, no values in it
MY_WORK_ROWS = f"""
SELECT o.id, o.child_id, o.staff_id, o.record_type, o.record_id, o.rule_id, o.start_date, o.due_date,
       o.earliest_date, o.paused_on, o.pause_review_on, o.started_by_id, o.team_id,
       c.forename, c.surname, c.person_number, s.full_name
{_MY_WORK.format(" LEFT JOIN organisation_staffuser s ON s.id = o.staff_id")}
 ORDER BY o.due_date, o.id
 LIMIT %s OFFSET %s
"""  # noqa: S608 - fixed text, no values in it
_DUTY_FIELDS = (
    "id",
    "child_id",
    "staff_id",
    "record_type",
    "record_id",
    "rule_id",
    "start_date",
    "due_date",
    "earliest_date",
    "paused_on",
    "pause_review_on",
    "started_by_id",
    "team_id",
)


def _held(instance: Obligation | Person | StaffUser, **related: object) -> None:
    """An instance made from a row: read from the database, with its related records already to hand."""
    state = ModelState()
    state.adding, state.db = False, "default"
    state.fields_cache = dict(related)
    instance._state = state


def my_work_page(
    user: StaffUser, number: str | int | None, today: date, soon: date, per_page: int = 50
) -> tuple[Page[Obligation], dict[str, int]]:
    """One page of the user's open duties (`my_work`, by due date) and its figures (overdue, due soon, in all):
    two statements. The figures' total is the paginator's count."""
    with connection.cursor() as cursor:
        cursor.execute(MY_WORK_COUNTS, [today, today, today, soon, today, user.pk, user.pk])
        total, overdue, due = cursor.fetchone()
    paginator: Paginator[Obligation] = Paginator([], per_page)
    paginator.count = total  # known: the page's rows are read below, for it alone
    page = paginator.get_page(number)
    duties: list[Obligation] = []
    if total:
        with connection.cursor() as cursor:
            cursor.execute(MY_WORK_ROWS, [user.pk, user.pk, per_page, (page.number - 1) * per_page])
            rows = cursor.fetchall()
        for row in rows:
            duty = Obligation.__new__(Obligation)
            duty.__dict__.update(zip(_DUTY_FIELDS, row[:13], strict=True))
            duty.start_date, duty.due_date = as_date(duty.start_date), as_date(duty.due_date)
            duty.earliest_date = as_optional_date(duty.earliest_date)
            duty.paused_on = as_optional_date(duty.paused_on)
            duty.pause_review_on = as_optional_date(duty.pause_review_on)
            duty.__dict__.update(status=ObligationStatus.OPEN, owner_id=user.pk)
            child = staff = None
            if duty.child_id is not None:
                child = Person.__new__(Person)
                child.__dict__.update(
                    id=duty.child_id, forename=row[13], surname=row[14], person_number=row[15]
                )
                _held(child)
            if duty.staff_id is not None:
                staff = StaffUser.__new__(StaffUser)
                staff.__dict__.update(id=duty.staff_id, full_name=row[16])
                _held(staff)
            _held(duty, child=child, staff=staff, owner=user)
            duties.append(duty)
    page.object_list = duties
    return page, {"overdue": overdue, "due": due, "total": total}


TEAM_OWNER = "The team (a manager's decision)"


@dataclass
class WorkerLine:
    worker_id: int | None
    name: str
    caseload: int = 0
    overdue: int = 0
    due: int = 0
    failed: int = 0  # failed visits of the worker's children waiting for the manager
    not_seen: int = 0  # the worker's children not seen within their visiting interval


@dataclass
class TeamView:
    teams: list[Team]
    lines: list[WorkerLine] = field(default_factory=list)
    overdue: int = 0
    due: int = 0


def team_view(teams: list[Team], today: date, soon: date) -> TeamView:
    """Per worker: caseload and overdue/due work, for a manager's teams (two grouped queries)."""
    team_ids = [team.pk for team in teams]
    view = TeamView(teams=teams)
    lines: dict[int | None, WorkerLine] = {}
    for worker_id, name, caseload in (
        Allocation.objects.filter(team_id__in=team_ids, end_date=None)
        .values_list("worker_id", "worker__full_name")
        .annotate(n=Count("pk"))
        .order_by("worker__full_name")
    ):
        lines[worker_id] = WorkerLine(worker_id, name, caseload=caseload)
    for row in (
        Obligation.objects.filter(team_id__in=team_ids, status=ObligationStatus.OPEN, staff=None)
        .values("owner_id", "owner__full_name")
        .annotate(
            overdue=Count("pk", filter=overdue_on(today)),
            due=Count("pk", filter=due_between(today, soon)),
        )
        .order_by()
    ):
        line = lines.setdefault(
            row["owner_id"], WorkerLine(row["owner_id"], row["owner__full_name"] or TEAM_OWNER)
        )
        line.overdue, line.due = row["overdue"], row["due"]
        view.overdue += row["overdue"]
        view.due += row["due"]
    view.lines = sorted(lines.values(), key=lambda line: (-line.overdue, line.name))
    return view


def decision_rule_ids() -> list[str]:
    """Team-owned rules other than the failed visits (which have their own table): decisions waiting for a manager."""
    failed = failed_visit_rule_ids()
    return [item.id for item in all_rules() if item.owner == Owner.TEAM and item.id not in failed]


def team_decisions(user: StaffUser, teams: list[Team]) -> QuerySet[Obligation]:
    """Work that is the team's rather than one worker's: decisions waiting for a manager, oldest due first."""
    return (
        open_obligations()
        .filter(team_id__in=[team.pk for team in teams], rule_id__in=decision_rule_ids())
        .filter(_openable_by(user))
    )


def team_overdue(user: StaffUser, teams: list[Team], today: date) -> QuerySet[Obligation]:
    """The team's overdue work about children and records; duties about staff (a colleague's registration, their
    supervision) are their owner's and the supervision section's, not the whole team page's."""
    return (
        open_obligations()
        .filter(overdue_on(today), team_id__in=[team.pk for team in teams], staff=None)
        .filter(_openable_by(user))
    )


@dataclass
class FailedVisitLine:
    """A failed visit (of any kind) the manager has not yet seen, with the page where the manager records it."""

    obligation: Obligation
    visit_date: date | None = None
    reason: str = ""
    url: str = ""
    holder: str = ""  # the worker who holds the child (the alert itself is the team's manager's)
    holder_id: int | None = None


def _team_failed(user: StaffUser, teams: list[Team]) -> QuerySet[Obligation]:
    return (
        open_obligations()
        .filter(team_id__in=[team.pk for team in teams], rule_id__in=failed_visit_rule_ids())
        .filter(_openable_by(user))
    )


def team_failed_count(user: StaffUser, teams: list[Team]) -> int:
    return _team_failed(user, teams).count()


def team_failed_visits(user: StaffUser, teams: list[Team]) -> list[FailedVisitLine]:
    """Open 'manager told of the failed visit' obligations of the teams, with the visit each started from."""
    obligations = list(_team_failed(user, teams)[:100])
    visit_of_event = dict(
        Event.objects.filter(
            pk__in=[item.started_by_id for item in obligations if item.started_by_id],
            record_type=Visit._meta.label_lower,
        ).values_list("pk", "record_id")
    )
    visits = Visit.objects.only("visit_date", "not_seen_reason", "child_id").in_bulk(
        [pk for pk in visit_of_event.values() if pk is not None]
    )
    lines = []
    for item in obligations:
        line = FailedVisitLine(item)
        visit = visits.get(visit_of_event.get(item.started_by_id or 0) or 0)
        if visit is not None:
            line.visit_date, line.reason = visit.visit_date, visit.not_seen_reason
            line.url = reverse("visits:failed_seen", kwargs={"pk": visit.child_id, "visit_pk": visit.pk})
        lines.append(line)
    return lines


def holders_of(child_ids: Iterable[int | None]) -> dict[int, tuple[int, str]]:
    """The worker who holds each child now (their allocation): one query. A failed visit or a decision waiting is the
    team's manager's duty, but a manager reads it against the worker whose child it is (issue 18)."""
    wanted = {pk for pk in child_ids if pk is not None}
    if not wanted:
        return {}
    return {
        child_id: (worker_id, name)
        for child_id, worker_id, name in Allocation.objects.filter(
            child_id__in=wanted, end_date=None
        ).values_list("child_id", "worker_id", "worker__full_name")
    }


def team_not_seen(user: StaffUser, teams: list[Team], today: date) -> QuerySet[Obligation]:
    """Children whose statutory visit (any kind: the one list, ADR 18) is overdue: not seen within their interval."""
    return (
        open_obligations()
        .filter(
            overdue_on(today),
            team_id__in=[team.pk for team in teams],
            rule_id__in=statutory_visit_rule_ids(),
        )
        .filter(_openable_by(user))
    )


PARTNER_NEWS_ON_LIST = 20


def partner_news(user: StaffUser) -> list[PartnerContribution]:
    """What partners have recorded on the worker's allocated children that the worker has not yet read ("new from
    partners", issue 17), newest first. Which ones, by a fixed statement; only if there are any, their rows with the
    child and the partner: the ORM built that query, with both people's every column, for every worker's list at a
    cost of about 3 ms of CPU, mostly to find nothing (load profile, ADR 42)."""
    with connection.cursor() as cursor:
        cursor.execute(_PARTNER_NEWS_IDS, [user.pk, PARTNER_NEWS_ON_LIST])
        ids = [pk for (pk,) in cursor.fetchall()]
    if not ids:
        return []
    return list(
        PartnerContribution.objects.filter(pk__in=ids)
        .select_related("child", "by")
        .order_by("-recorded_at", "-pk")
    )


# The unread contributions on the children allocated to a worker today (partner_unseen_idx), newest first.
_PARTNER_NEWS_IDS = (
    "SELECT p.id FROM people_partnercontribution p WHERE p.seen_at IS NULL AND p.child_id IN"
    " (SELECT a.child_id FROM organisation_allocation a WHERE a.worker_id = %s AND a.end_date IS NULL)"
    " ORDER BY p.recorded_at DESC, p.id DESC LIMIT %s"
)


# The rules whose duties a partner agency helps meet, by their role (hearth.people.partners: the kinds of involvement
# that record each part).
PARTNER_AREAS = {"partner_health": "health.", "partner_education": "education."}


@dataclass(frozen=True)
class PartnerChild:
    child_id: int
    name: str
    person_number: str
    involvement: str
    due: list[Obligation]
    has_plan: bool  # a plan is open, whose meetings the partner may contribute to


def partner_children(user: StaffUser) -> list[PartnerChild]:
    """A partner's home page (issue 17 item 5): the children whose network they are in today, each with the duties
    due that their agency's records meet (health assessments and checks for health, the PEP for education). Two
    queries, and one per kind of plan."""
    from hearth.core.codesets import ProfessionalRole
    from hearth.people.models import ProfessionalInvolvement

    involved = list(
        ProfessionalInvolvement.objects.filter(staff_user=user, end_date=None)
        .select_related("child")
        .order_by("child__surname", "child__forename", "child_id")[:500]
    )
    area = PARTNER_AREAS.get(user.role)
    due: dict[int, list[Obligation]] = {}
    if area is not None and involved:
        for row in (
            Obligation.objects.filter(
                child_id__in=[item.child_id for item in involved],
                status=ObligationStatus.OPEN,
                rule_id__startswith=area,
            )
            .only(
                "child_id",
                "rule_id",
                "start_date",
                "due_date",
                "earliest_date",
                "status",
                "paused_on",
                "pause_review_on",
            )
            .order_by("due_date", "pk")
        ):
            due.setdefault(int(row.child_id or 0), []).append(row)
    planned = children_with_live_plans([item.child_id for item in involved]) if involved else set()
    return [
        PartnerChild(
            item.child_id,
            f"{item.child.forename} {item.child.surname}",
            item.child.person_number,
            ProfessionalRole(item.role).label if item.role in ProfessionalRole.values else item.role,
            due.get(item.child_id, []),
            item.child_id in planned,
        )
        for item in involved
    ]


def partner_actions(user: StaffUser) -> list[PlanOutcome]:
    """The actions in children's live plans that a partner owns (issue 17 item 4), soonest due first: one query."""
    from hearth.plans.models import PLAN_KEYS

    live = Q()
    for key in PLAN_KEYS:
        live &= Q(**{f"{key}__isnull": True}) | Q(**{f"{key}__end_date": None})
    return list(
        PlanOutcome.objects.filter(
            live, owner_involvement__staff_user=user, owner_involvement__end_date=None, achieved_on=None
        )
        .select_related("owner_involvement__child")
        .order_by("due_date", "pk")[:200]
    )
