"""Need-to-know access to children's records: the one place that decides who may open whose record.

`visible_people(user)` answers "which records may this user open?" as a queryset; `access_child(user, pk)`
answers "may this user open this one?" from the same definition, logs the read, and raises Http404 when the
answer is no, so a denied read looks exactly like a record that does not exist.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from hearth.core import clock, policy
from hearth.core.audit import audit_read
from hearth.core.idlists import compiled_over_ids, id_rows, ids_in, ids_sql, list_to_come, rows_over_ids
from hearth.core.models import AccessAction, EmergencyAccess
from hearth.core.rows import by_pk
from hearth.organisation.models import Allocation, StaffUser, Team
from hearth.organisation.roles import Scope
from hearth.organisation.selectors import services_overseen_ids
from hearth.people.models import (
    HouseholdMembership,
    Person,
    ProfessionalInvolvement,
    RecordKind,
    Relationship,
    RestrictedAccess,
)
from hearth.people.open_work import open_work_exists, with_open_work

EMERGENCY_ACCESS_HOURS = 24
CHILD = "child"  # the policy subject of a person's record (`people.policies`)


def _open_allocations(*conditions: Q, **filters: object) -> Exists:
    return Exists(Allocation.objects.filter(*conditions, child=OuterRef("pk"), end_date=None, **filters))


def _unheld_last_held_by(**filters: object) -> Q:
    """A child no one holds now, with work still open, whose last allocation was to these teams: the team that last
    held the child keeps sight of them until someone takes them on (the unallocated queue and the allocation
    meeting, ADR 13). A closed case is not unheld: it is closed, and its record follows the usual scope."""
    later = Allocation.objects.filter(child=OuterRef("child"), start_date__gt=OuterRef("start_date"))
    same_day_later = Allocation.objects.filter(
        child=OuterRef("child"), start_date=OuterRef("start_date"), pk__gt=OuterRef("pk")
    )
    last = (
        Allocation.objects.filter(child=OuterRef("pk"), **filters)
        .exclude(Exists(later))
        .exclude(Exists(same_day_later))
    )
    return ~Q(_open_allocations()) & Q(Exists(last)) & open_work_exists()


def _scope_condition(user: StaffUser) -> Q:
    scope = user.effective_scope
    if scope == Scope.ALL:
        return Q(kind=RecordKind.CHILD)  # every child; adults as for everyone, through a child (ADR 17)
    if scope == Scope.PARTNER:
        return Q(
            Exists(
                ProfessionalInvolvement.objects.filter(child=OuterRef("pk"), staff_user=user, end_date=None)
            )
        )
    if scope == Scope.NONE:
        return Q(pk__in=[])
    # Children only: an adult is reached through a child or their role's work (ADR 17), even if allocated.
    child = Q(kind=RecordKind.CHILD)
    # Their own children, and those of the workers they line manage (supervision needs them: ADR 17).
    # One look-up a record: the workers they line manage are a list the database makes once, not a join a record.
    managed = StaffUser.objects.filter(line_manager=user).values("pk")
    own = Q(_open_allocations(Q(worker=user) | Q(worker__in=managed)))
    if scope == Scope.OWN_CASELOAD or (user.team_id is None and scope != Scope.SERVICE):
        return child & own
    for service in _own_services(user):
        for rows in _ASKED_OF_SERVICE:
            own |= Q(Exists(rows(service).filter(child=OuterRef("pk"))))
    if scope == Scope.TEAM:
        teams = _managed_team_ids(user)
        return child & (
            Q(_open_allocations(team_id__in=teams)) | own | _unheld_last_held_by(team_id__in=teams)
        )
    services = services_overseen_ids(user)  # Scope.SERVICE
    # Held now by the service's teams first: for a manager the likeliest reason, so the rest are seldom asked.
    service_teams = Team.objects.filter(service_id__in=services).values("pk")
    return child & (
        Q(_open_allocations(team_id__in=service_teams))
        | own
        | _unheld_last_held_by(team__service_id__in=services)
    )


def _children_whose_adults_open(user: StaffUser, side: str) -> Q:
    """The children whose adults this user may open (ADR 17), as a condition on the linked child `side` ("person" or
    "other") of a household membership or relationship row: those held now by the user, a worker they line manage,
    or a team or service their scope covers; created by them; opened in an emergency; restricted and naming them (a
    grant left on an unrestricted child opens nothing, as in visible_people); every child for a scope over every
    child. Not the transitional routes (a child no one holds, a service asked to take one). Uncorrelated id sets, so
    a search can ask it of every adult whose name matched. With `side` "" it is a condition on the child's own row
    (visible_among asks it of the children linked to some adults)."""

    def on(name: str) -> str:
        return f"{side}__{name}" if side else name

    key = f"{side}_id__in" if side else "pk__in"
    child = Q(**{on("kind"): RecordKind.CHILD, on("merged_into"): None})
    unrestricted = Q(**{on("is_restricted"): False})
    named = Q(**{on("is_restricted"): True}) & Q(
        **{key: RestrictedAccess.objects.filter(user=user).values("child_id")}
    )
    if user.effective_scope == Scope.ALL:
        return child & (unrestricted | named)
    held = Q(worker=user) | Q(worker__line_manager=user)
    if user.effective_scope == Scope.TEAM and user.team_id is not None:
        held |= Q(team_id__in=_managed_team_ids(user))
    elif user.effective_scope == Scope.SERVICE:
        held |= Q(team__service_id__in=services_overseen_ids(user))
    emergency = EmergencyAccess.objects.filter(user=user, expires_at__gt=clock.now()).values("child_id")
    reached = (
        Q(**{key: Allocation.objects.filter(held, end_date=None).values("child_id")})
        | Q(**{on("created_by"): user})
        | Q(**{key: emergency})
    )
    return child & (unrestricted & reached | named)


def _adults_through_children(user: StaffUser) -> Q:
    """Adults in a household with such a child, now or before, or related to one either way."""
    co_member = HouseholdMembership.objects.filter(household__memberships__person=OuterRef("pk"))
    as_parent = Relationship.objects.filter(person=OuterRef("pk"))
    as_child = Relationship.objects.filter(other=OuterRef("pk"))
    return (
        Q(Exists(co_member.filter(_children_whose_adults_open(user, "person"))))
        | Q(Exists(as_parent.filter(_children_whose_adults_open(user, "other"))))
        | Q(Exists(as_child.filter(_children_whose_adults_open(user, "person"))))
    )


_ASKED_OF_SERVICE: list[Callable[[int], QuerySet[Any]]] = []


def _own_services(user: StaffUser) -> set[int]:
    """The services a team or service scope answers for: those overseen (a service scope, with or without a team
    of its own: `services_overseen_ids`, the definition the oversight lists use) or the user's own team's."""
    if user.effective_scope == Scope.SERVICE:
        return services_overseen_ids(user)
    return {user.team.service_id} if user.team is not None else set()


def asked_of_service_register(rows: Callable[[int], QuerySet[Any]]) -> None:
    """A domain declares the children a service has been asked to take on and has not yet decided (rows with a
    `child`, for a service's id): that service's staff need to read those records to decide (need-to-know). The
    rows depend on the service alone, never on the time nor on anything read from the database as they are built:
    their statement is compiled once a process (ADR 42)."""
    if rows not in _ASKED_OF_SERVICE:
        _ASKED_OF_SERVICE.append(rows)


_ADULT_ROUTES: list[Callable[[StaffUser], Q | None]] = []


def adult_route_register(route: Callable[[StaffUser], Q | None]) -> None:
    """A role's own work that reaches adults who are not linked to a child the user may open (ADR 17): fostering's
    carers and applicants, the designated officer's subjects of allegations, complaints' complainants. `route` gives
    the adults this user's work reaches, as a filter over Person, or None where their role has no such work."""
    if route not in _ADULT_ROUTES:
        _ADULT_ROUTES.append(route)


def _adult_routes(user: StaffUser) -> Q:
    routes = Q(pk__in=[])
    for route in _ADULT_ROUTES:
        if (reached := route(user)) is not None:
            routes |= reached
    return routes


def visible_people(user: StaffUser) -> QuerySet[Person]:
    """Every record this user may open: a child in scope, an adult linked to such a child or reached by the user's
    own work (ADR 17), a record they created, or one granted in an emergency; a restricted one only if named."""
    if not user.is_authenticated or not user.is_active:
        return Person.objects.none()
    emergency = Exists(
        EmergencyAccess.objects.filter(child=OuterRef("pk"), user=user, expires_at__gt=clock.now())
    )
    named = Q(Exists(RestrictedAccess.objects.filter(child=OuterRef("pk"), user=user)))
    by_scope = _scope_condition(user)
    staff = user.effective_scope not in (Scope.PARTNER, Scope.NONE)
    if staff:
        by_scope |= Q(created_by=user)
    restricted_named = Q(is_restricted=True) & named
    if staff:
        by_scope |= Q(kind=RecordKind.ADULT) & (_adults_through_children(user) | _adult_routes(user))
    open_record = Q(is_restricted=False) & (by_scope | Q(emergency))
    return Person.objects.filter(merged_into=None).filter(open_record | restricted_named)


def visible_children(user: StaffUser) -> QuerySet[Person]:
    return visible_people(user).filter(kind=RecordKind.CHILD)


def _managed_team_ids(user: StaffUser) -> set[int]:
    """The user's own team and the teams they manage (remembered on the user for the request)."""
    cached: set[int] | None = getattr(user, "_hearth_team_ids", None)
    if cached is None:
        cached = {*user.managed_teams.values_list("pk", flat=True)}
        if user.team_id is not None:
            cached.add(user.team_id)
        user._hearth_team_ids = cached  # type: ignore[attr-defined]
    return cached


def unheld_scope_teams(user: StaffUser) -> list[int] | None:
    """The teams whose children no one holds this user's scope covers (ADR 13); None for a scope over every
    child. The unallocated queue starts from these teams' past allocations rather than every child."""
    from hearth.organisation.models import Team

    scope = user.effective_scope
    if scope == Scope.ALL:
        return None
    if scope == Scope.SERVICE:
        return list(
            Team.objects.filter(service_id__in=services_overseen_ids(user)).values_list("pk", flat=True)
        )
    if user.team is None or scope != Scope.TEAM:
        return []
    return sorted(_managed_team_ids(user))


CURRENT_ALLOCATIONS = (
    "SELECT a.child_id, a.worker_id, a.team_id, t.service_id, w.line_manager_id FROM organisation_allocation a"
    " JOIN organisation_team t ON t.id = a.team_id JOIN organisation_staffuser w ON w.id = a.worker_id"
    " WHERE a.end_date IS NULL AND a.child_id IN ({})"
)
LAST_ALLOCATIONS = (
    "SELECT a.child_id, a.team_id, t.service_id FROM organisation_allocation a"
    " JOIN organisation_team t ON t.id = a.team_id WHERE a.child_id IN ({})"
    " ORDER BY a.child_id, a.start_date DESC, a.id DESC"
)
# The children linked to some adults (each row: the adult, the child): a household they share or shared, a
# relationship either way.
LINKED_CHILDREN = (
    "SELECT m2.person_id, m1.person_id FROM people_householdmembership m1"
    " JOIN people_householdmembership m2 ON m2.household_id = m1.household_id"
    " JOIN people_person c ON c.id = m1.person_id AND c.kind = 'child'"
    " WHERE m2.person_id IN ({})"
    " UNION ALL SELECT r.person_id, r.other_id FROM people_relationship r"
    " JOIN people_person c ON c.id = r.other_id AND c.kind = 'child' WHERE r.person_id IN ({})"
    " UNION ALL SELECT r.other_id, r.person_id FROM people_relationship r"
    " JOIN people_person c ON c.id = r.person_id AND c.kind = 'child' WHERE r.other_id IN ({})"
)
LIVE_CHILDREN = (
    "SELECT c.id, c.is_restricted, c.created_by_id FROM people_person c"
    " WHERE c.id IN ({}) AND c.kind = 'child' AND c.merged_into_id IS NULL"
)
NAMED_IN_GRANTS = (
    "SELECT g.child_id FROM people_restrictedaccess g WHERE g.child_id IN ({}) AND g.user_id = %s"
)
EMERGENCY_GRANTS = "SELECT e.child_id FROM core_emergencyaccess e WHERE e.child_id IN ({}) AND e.user_id = %s AND e.expires_at > %s"
PARTNER_CHILDREN = (
    "SELECT p.child_id FROM people_professionalinvolvement p"
    " WHERE p.child_id IN ({}) AND p.staff_user_id = %s AND p.end_date IS NULL"
)


def _named_in_grants(user: StaffUser, ids: Collection[int]) -> set[int]:
    """Of these restricted records, those whose grants name this user."""
    return {row[0] for row in id_rows(NAMED_IN_GRANTS, ids, user.pk)} if ids else set()


def _granted_in_emergency(user: StaffUser, ids: Collection[int]) -> set[int]:
    """Of these records, those this user opened in an emergency that has not yet expired."""
    if not ids:
        return set()
    now = connection.ops.adapt_datetimefield_value(clock.now())
    return {row[0] for row in id_rows(EMERGENCY_GRANTS, ids, user.pk, now)}


def _held_in_scope(user: StaffUser, held: dict[int, tuple[int, int, int, int | None]]) -> set[int]:
    """Of these children and who holds each now (worker, team, service, the worker's line manager: a row of
    CURRENT_ALLOCATIONS), those held by the user, a worker they line manage, or a team or service their scope covers.
    Asks which teams or services only when the user does not hold them all."""
    found = {child for child, (worker, _, _, manager) in held.items() if user.pk in (worker, manager)}
    if len(found) == len(held):
        return found
    scope = user.effective_scope
    if scope == Scope.TEAM and user.team_id is not None:
        teams = _managed_team_ids(user)
        found |= {child for child, (_, team, _, _) in held.items() if team in teams}
    elif scope == Scope.SERVICE:
        services = services_overseen_ids(user)
        found |= {child for child, (_, _, service, _) in held.items() if service in services}
    return found


def _held_now(ids: Collection[int]) -> dict[int, tuple[int, int, int, int | None]]:
    """Who holds each of these children now: a row of CURRENT_ALLOCATIONS by child (one indexed lookup)."""
    return {row[0]: row[1:] for row in id_rows(CURRENT_ALLOCATIONS, ids)}


def _children_in_scope(user: StaffUser, ids: list[int]) -> set[int]:
    """The per-record form of _scope_condition for unrestricted children: who holds each now (one indexed lookup;
    the child's page needs only this for the worker who holds the child), then, for those no one holds, who last
    did and whether work is open, then whether the user's service was asked to take them on."""
    scope = user.effective_scope
    held = _held_now(ids)
    found = _held_in_scope(user, held)
    if (
        len(found) == len(ids)
        or scope == Scope.OWN_CASELOAD
        or (user.team_id is None and scope != Scope.SERVICE)
    ):
        return found
    unheld = [child for child in ids if child not in held]
    if unheld:  # no one holds the child: the team (and service) that last did may open the record
        last: dict[int, tuple[int, int]] = {}
        for child, team, service in id_rows(LAST_ALLOCATIONS, unheld):
            last.setdefault(child, (team, service))
        held_last = [
            child
            for child, (team, service) in last.items()
            if (scope == Scope.TEAM and team in _managed_team_ids(user))
            or (scope == Scope.SERVICE and service in services_overseen_ids(user))
        ]
        found |= with_open_work(held_last)
    rest = [child for child in ids if child not in found]
    for service in _own_services(user) if rest else ():
        for rows in _ASKED_OF_SERVICE:
            found |= _asked_among(rows, service, rest)
    return found


def _asked_among(rows: Callable[[int], QuerySet[Any]], service: int, ids: list[int]) -> set[int]:
    """Of these children, those a service has been asked to take on (a domain's `rows`): on PostgreSQL a statement
    compiled once a process for each service, rather than built by the ORM each time (ADR 42)."""
    if connection.vendor != "postgresql":
        return set(rows(service).filter(child_id__in=ids).values_list("child_id", flat=True))
    return {row[0] for row in rows_over_ids(_asked_statement(rows, service), ids)}


@functools.cache
def _asked_statement(rows: Callable[[int], QuerySet[Any]], service: int) -> tuple[str, tuple[Any, ...], int]:
    return compiled_over_ids(
        rows(service).filter(child_id__in=list_to_come()).values_list("child_id").order_by()
    )


@functools.cache
def _asked_of_service_sql(rows: Callable[[int], QuerySet[Any]], service: int) -> tuple[str, tuple[Any, ...]]:
    """The children a service has been asked to take on, as a statement and its parameters, compiled once a process."""
    sql, params = rows(service).values("child_id").order_by().query.sql_with_params()
    return sql, tuple(params)


def _children_opening_their_adults(user: StaffUser, ids: list[int]) -> set[int]:
    """The per-record form of _children_whose_adults_open, for these children: their rows, who holds each now (one
    indexed lookup), then the grants."""
    if not ids:
        return set()
    rows = [(pk, bool(restricted), by) for pk, restricted, by in id_rows(LIVE_CHILDREN, ids)]
    named = _named_in_grants(user, [pk for pk, restricted, _ in rows if restricted])
    unrestricted = [pk for pk, restricted, _ in rows if not restricted]
    if user.effective_scope == Scope.ALL:
        return named | set(unrestricted)
    found = named | {pk for pk, restricted, by in rows if not restricted and by == user.pk}
    rest = [pk for pk in unrestricted if pk not in found]
    if rest:
        found |= _held_in_scope(user, _held_now(rest))
    rest = [pk for pk in unrestricted if pk not in found]
    return found | _granted_in_emergency(user, rest)


def _adults_reached(user: StaffUser, ids: list[int]) -> set[int]:
    """The per-record form of the adults in visible_people: the children linked to these adults (a household they
    share or shared, a relationship either way), asked _children_whose_adults_open of those children alone; then
    their role's own work."""
    links: dict[int, set[int]] = {}
    rows = id_rows(LINKED_CHILDREN, ids)
    for adult, linked in rows:
        links.setdefault(adult, set()).add(linked)
    opening = _children_opening_their_adults(
        user, sorted({linked for found in links.values() for linked in found})
    )
    found = {adult for adult, linked in links.items() if linked & opening}
    for route in _ADULT_ROUTES:
        rest = [adult for adult in ids if adult not in found]
        if rest and (reached := route(user)) is not None:
            found |= set(Person.objects.filter(reached, pk__in=ids_in(rest)).values_list("pk", flat=True))
    return found


def _in_scope_among(user: StaffUser, people: list[Person]) -> set[int]:
    """The per-record form of the scope in visible_people, for unrestricted records."""
    scope = user.effective_scope
    if scope == Scope.NONE or not people:
        return set()
    ids = [person.pk for person in people]
    if scope == Scope.PARTNER:
        return {row[0] for row in id_rows(PARTNER_CHILDREN, ids, user.pk)}
    found = {person.pk for person in people if person.created_by_id == user.pk}
    children = [p.pk for p in people if p.kind == RecordKind.CHILD and p.pk not in found]
    adults = [p.pk for p in people if p.kind == RecordKind.ADULT and p.pk not in found]
    if scope == Scope.ALL:
        found |= set(children)
    elif children:
        found |= _children_in_scope(user, children)
    if adults:
        found |= _adults_reached(user, adults)
    return found


def visible_among(user: StaffUser, people: Sequence[Person]) -> set[int]:
    """Which of these records this user may open: the question visible_people answers, asked of these records
    alone in a few queries over them (a search asks it of everyone whose name matched; a page of one record).
    Agrees with visible_people (a test checks every case)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    live = [person for person in people if person.merged_into_id is None]
    allowed = _named_in_grants(user, [person.pk for person in live if person.is_restricted])
    unrestricted = [person for person in live if not person.is_restricted]
    allowed |= _in_scope_among(user, unrestricted)
    return allowed | _granted_in_emergency(user, [p.pk for p in unrestricted if p.pk not in allowed])


REACHABLE_LIMIT = 5_000  # children reached, each list of them distinct
REACHABLE_IDS = 30_000  # children and their adults: within SQLite's 32,766 parameters a statement
CHILDRENS_ADULTS = (
    "SELECT m1.person_id FROM people_householdmembership m1"
    " JOIN people_householdmembership m2 ON m2.household_id = m1.household_id WHERE m2.person_id IN ({})"
    " UNION SELECT r.person_id FROM people_relationship r WHERE r.other_id IN ({})"
    " UNION SELECT r.other_id FROM people_relationship r WHERE r.person_id IN ({})"
)


def reachable_ids(user: StaffUser) -> Reach | None:
    """A superset of every record this user may open (and of some they may not), made of one
    small id list: every child their scope's allocations reached, now or before, and those their service was asked
    to take; the adults linked to the children whose adults they may open (held now in their scope, their grants,
    what they created); and their role's adult routes. A search
    for a common name narrows to these first, then asks visible_among. None for a scope over every child, or when
    the children run past REACHABLE_LIMIT (a service of thousands): the search then lets the database combine the
    match and the limit."""
    scope = user.effective_scope
    if scope == Scope.ALL or not user.is_authenticated or not user.is_active:
        return None
    children: set[int] = set()  # in scope
    opening: set[int] = set()  # their adults open too (ADR 17)
    if scope == Scope.PARTNER:
        children |= set(
            ProfessionalInvolvement.objects.filter(staff_user=user).values_list("child_id", flat=True)
        )
    elif scope != Scope.NONE:
        teams: set[int] = set()
        if scope == Scope.SERVICE:
            teams = set(
                Team.objects.filter(service_id__in=services_overseen_ids(user)).values_list("pk", flat=True)
            )
        elif scope == Scope.TEAM and user.team_id is not None:
            teams = _managed_team_ids(user)
        workers = [user.pk, *StaffUser.objects.filter(line_manager=user).values_list("pk", flat=True)]
        # Every child their allocations reached, ended ones too (among them the children no one holds now that these
        # teams held last), asked by worker and by team separately so that each uses its index.
        reached: set[int] = set()
        for held_by in (
            (Q(worker_id__in=workers), Q(team_id__in=teams)) if teams else (Q(worker_id__in=workers),)
        ):
            reached |= set(
                Allocation.objects.filter(held_by)
                .values_list("child_id", flat=True)
                .distinct()[: REACHABLE_LIMIT + 1]
            )
        for service in _own_services(user):
            for rows in _ASKED_OF_SERVICE:
                reached |= set(
                    rows(service)
                    .values_list("child_id", flat=True)
                    .order_by()
                    .distinct()[: REACHABLE_LIMIT + 1]
                )
        if len(reached) > REACHABLE_LIMIT:
            return None
        children = reached  # a superset of those in scope: visible_among then asks of what a search matched
        # The children whose adults they may open: held now by them, a worker they line manage, or their teams
        # (each through its partial index of open allocations).
        held_by = Q(worker_id__in=workers)  # workers: the user and those they line manage
        if teams:
            held_by |= Q(team_id__in=teams)
        opening = set(Allocation.objects.filter(held_by, end_date=None).values_list("child_id", flat=True))
    now = clock.now()
    created = set(Person.objects.filter(created_by=user).values_list("pk", flat=True)[: REACHABLE_LIMIT + 1])
    if len(created) > REACHABLE_LIMIT:
        return None
    granted = {
        *EmergencyAccess.objects.filter(user=user, expires_at__gt=now).values_list("child_id", flat=True),
        *RestrictedAccess.objects.filter(user=user).values_list("child_id", flat=True),
    }
    opening |= (
        created | granted
    )  # adults among what they created do no harm: only children's adults are found
    adults: set[int] = set()
    if opening and scope not in (Scope.PARTNER, Scope.NONE):
        adults = {row[0] for row in id_rows(CHILDRENS_ADULTS, sorted(opening))}
    every = children | opening | adults
    if len(every) > REACHABLE_IDS:
        return None
    routes = [routed for route in _ADULT_ROUTES if (routed := route(user)) is not None]
    return Reach(frozenset(every), routes)


# reachable_ids as a statement, in parts: `{workers}` the user and those they line manage, `{teams}` their teams.
_REACHED_BY_WORKERS = "SELECT a.child_id FROM organisation_allocation a WHERE a.worker_id IN ({workers})"
_REACHED_BY_TEAMS = "SELECT a.child_id FROM organisation_allocation a WHERE a.team_id IN ({teams})"
_OPEN_BY_WORKERS = (
    "SELECT a.child_id FROM organisation_allocation a WHERE a.end_date IS NULL AND a.worker_id IN ({workers})"
)
_OPEN_BY_TEAMS = (
    "SELECT a.child_id FROM organisation_allocation a WHERE a.end_date IS NULL AND a.team_id IN ({teams})"
)
_GRANTED = (
    " UNION ALL SELECT c.id FROM people_person c WHERE c.created_by_id = %s"
    " UNION ALL SELECT e.child_id FROM core_emergencyaccess e WHERE e.user_id = %s AND e.expires_at > %s"
    " UNION ALL SELECT g.child_id FROM people_restrictedaccess g WHERE g.user_id = %s"
)
_ADULTS_OF = (
    " UNION ALL SELECT m1.person_id FROM people_householdmembership m1"
    " JOIN people_householdmembership m2 ON m2.household_id = m1.household_id WHERE m2.person_id IN ({opening})"
    " UNION ALL SELECT r.person_id FROM people_relationship r WHERE r.other_id IN ({opening})"
    " UNION ALL SELECT r.other_id FROM people_relationship r WHERE r.person_id IN ({opening})"
)
_WORKERS = "SELECT s.id FROM organisation_staffuser s WHERE s.id = %s OR s.line_manager_id = %s"


def reachable_statement(user: StaffUser) -> tuple[str, list[Any]] | None:
    """reachable_ids as one statement (SQL whose rows are the ids, and its parameters), for a user whose scope is
    their own caseload or a team's and whose role has no adult routes (a social worker, a team manager): a search
    for a name among those records is then one statement, rather than thousands of ids read into Python and sent
    back (a common family name cost a social worker's search more than the rest of it). The same ids as
    reachable_ids, without its limits (the database keeps them). None for any other user: reachable_ids then.
    Each branch is its own indexed lookup; an OR across them made PostgreSQL read every open allocation."""
    scope = user.effective_scope
    if scope not in (Scope.OWN_CASELOAD, Scope.TEAM) or not user.is_authenticated or not user.is_active:
        return None
    if any(route(user) is not None for route in _ADULT_ROUTES):
        return None
    teams = sorted(_managed_team_ids(user)) if scope == Scope.TEAM and user.team_id is not None else []
    team_list, team_params = ids_sql(teams) if teams else ("", [])
    workers = [user.pk, user.pk]

    def held(by_workers: str, by_teams: str) -> tuple[str, list[Any]]:
        sql = by_workers.format(workers=_WORKERS)
        params: list[Any] = [*workers]
        if teams:
            sql += " UNION ALL " + by_teams.format(teams=team_list)
            params += team_params
        return sql, params

    granted = [user.pk, user.pk, connection.ops.adapt_datetimefield_value(clock.now()), user.pk]
    # The children whose adults open, read once (a common table) for the four places that name them.
    opening, params = held(_OPEN_BY_WORKERS, _OPEN_BY_TEAMS)
    sql = f"WITH opening(id) AS MATERIALIZED ({opening}{_GRANTED}) "
    params += granted
    reached, reached_params = held(_REACHED_BY_WORKERS, _REACHED_BY_TEAMS)
    sql += reached
    params += reached_params
    for service in sorted(_own_services(user)):
        for rows in _ASKED_OF_SERVICE:
            asked, asked_params = _asked_of_service_sql(rows, service)
            sql += f" UNION ALL {asked}"
            params += list(asked_params)
    sql += " UNION ALL SELECT id FROM opening" + _ADULTS_OF.format(opening="SELECT id FROM opening")  # noqa: S608 - fixed parts
    return sql, params


@dataclass(frozen=True)
class Reach:
    """What reachable_superset found: the ids, and the role's adult routes as conditions (most roles have none)."""

    ids: frozenset[int]
    routes: list[Q]

    def condition(self) -> Q:
        # One list of ids, so that PostgreSQL looks each one up; an OR beside it would have it read every record.
        reach = Q(pk__in=ids_in(self.ids))
        for routed in self.routes:
            reach |= routed
        return reach


def reachable_superset(user: StaffUser) -> Q | None:
    """reachable_ids as a condition over Person."""
    found = reachable_ids(user)
    return found.condition() if found is not None else None


def may_open(user: StaffUser, person: Person) -> bool:
    """May this user open this record? Agrees with visible_people (a test checks every case)."""
    return person.pk in visible_among(user, [person])


def can_open(user: StaffUser, pk: int) -> bool:
    person = Person.objects.filter(pk=pk).first()
    return person is not None and may_open(user, person)


PARTNERS_SEE = (
    "Partner agencies see the child's page, the plan and their own part in it, and the chronology as shared with "
    "partners: not referrals, contacts, assessments, strategy discussions or enquiries. Ask the allocated worker."
)


def access_child(
    user: StaffUser, pk: int, *, action: str = AccessAction.VIEW, path: str = "", partners: bool = True
) -> Person:
    """Fetch a record for a page, print or export; log the read. Not allowed looks like not found. A page that is
    not for partner agencies (`partners=False`) tells a partner who may open the child what they may not see."""
    # The page's guard has just opened the record and found this user may: not asked twice.
    known: Person | None = policy.read_by_guard(user, CHILD, pk)
    person = known if known is not None else by_pk(Person, pk)
    if person is None:
        raise Http404("No such record")
    if known is None and not may_open(user, person):
        # Told "not found", as for a record that does not exist; the try is logged.
        policy.log_refusal(user, "person.open", person, path=path, reason=policy.NOT_FOUND)
        raise Http404("No such record")
    if not partners:
        policy.require(user, "child.read_work", person, path=path, read=True)
    audit_read(user=user, child_id=person.pk, action=action, path=path)
    return person


def emergency_access_grant(*, user: StaffUser, person_number: str, reason: str) -> Person:
    """Open a record outside one's scope for a short time against a reason; logged and reported."""
    policy.require(user, "emergency.open")
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": "Explain why you need emergency access (at least 10 characters)."})
    person = Person.objects.filter(person_number=person_number.strip().upper(), merged_into=None).first()
    if person is None or person.is_restricted:
        raise ValidationError({"person_number": "No record with that ID was found."})
    now = clock.now()
    with transaction.atomic():
        EmergencyAccess.objects.create(
            user=user,
            child=person,
            reason=reason.strip(),
            granted_at=now,
            expires_at=now + timedelta(hours=EMERGENCY_ACCESS_HOURS),
        )
        audit_read(user=user, child_id=person.pk, action=AccessAction.EMERGENCY, reason=reason.strip())
    return person
