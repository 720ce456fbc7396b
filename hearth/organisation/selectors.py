"""Reads about staff, teams and allocations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from hearth.organisation.models import Allocation, StaffUser, Team

if TYPE_CHECKING:
    from hearth.people.models import Person


def allocation_current(child_id: int) -> Allocation | None:
    return (
        Allocation.objects.select_related("worker", "team").filter(child_id=child_id, end_date=None).first()
    )


def allocation_owner(child_id: int) -> tuple[int | None, int | None]:
    """(worker id, team id) of a child's current allocation: whose work the child's obligations are."""
    row = (
        Allocation.objects.filter(child_id=child_id, end_date=None)
        .values_list("worker_id", "team_id")
        .first()
    )
    return (row[0], row[1]) if row else (None, None)


def allocation_history(child_id: int) -> QuerySet[Allocation]:
    return (
        Allocation.objects.select_related("worker", "team").filter(child_id=child_id).order_by("-start_date")
    )


def teams_managed_by(user: StaffUser) -> QuerySet[Team]:
    """The teams a manager oversees: their own team, teams they manage, and for a head of service the service."""
    from hearth.organisation.roles import Role

    own_team = Q(pk=user.team_id) if user.team_id is not None else Q(pk__in=[])
    if user.role == Role.HEAD_OF_SERVICE:
        return Team.objects.filter(Q(service__head=user) | own_team)
    return Team.objects.filter(Q(manager=user) | own_team)


def active_workers(team: Team) -> QuerySet[StaffUser]:
    return StaffUser.objects.filter(team=team, is_active=True).order_by("full_name")


def front_door_team_id() -> int | None:
    """The team that screens contacts (the first marked as the front door)."""
    return Team.objects.filter(is_front_door=True).order_by("pk").values_list("pk", flat=True).first()


def unallocated_children(user: StaffUser) -> QuerySet[Person]:
    """Children this user may open with work open of any kind and no open allocation, waiting longest first.

    Each is annotated with `waiting_since`, the start of their oldest open episode. A team or service scope starts
    from its teams' past allocations (the children it may open when no one holds them, ADR 13) and the records the
    user created; a council-wide scope from every child with open work and no allocation.
    """
    from django.db.models import Exists, OuterRef
    from django.db.models.expressions import RawSQL

    from hearth.organisation.workforce import OLDEST_OPEN_WORK, UNALLOCATED_WITH_OPEN_WORK
    from hearth.people.access import unheld_scope_teams, visible_children

    teams = unheld_scope_teams(user)
    children = visible_children(user)
    if teams is None:
        children = children.filter(pk__in=RawSQL(UNALLOCATED_WITH_OPEN_WORK, ()))  # noqa: S611 - fixed statement
    else:
        # One list of candidates (a UNION, not an OR, so the database starts from them, not from every record).
        in_teams = ", ".join(["%s"] * len(teams)) or "NULL"
        candidates = RawSQL(  # noqa: S611 - a fixed statement with placeholders
            "SELECT a.child_id FROM organisation_allocation a WHERE a.end_date IS NOT NULL"  # noqa: S608
            f" AND a.team_id IN ({in_teams}) AND NOT EXISTS (SELECT 1 FROM organisation_allocation o"
            " WHERE o.child_id = a.child_id AND o.end_date IS NULL)"
            " UNION SELECT id FROM people_person WHERE created_by_id = %s",
            (*teams, user.pk),
        )
        children = children.filter(pk__in=candidates).exclude(
            Exists(Allocation.objects.filter(child=OuterRef("pk"), end_date=None))
        )
    return (
        children.annotate(waiting_since=RawSQL(OLDEST_OPEN_WORK, ()))  # noqa: S611 - a fixed statement, no input
        .filter(waiting_since__isnull=False)
        .order_by("waiting_since", "pk")
    )


def staff_for_workforce(user: StaffUser) -> QuerySet[StaffUser]:
    """The staff whose workforce details this user may see and edit: everyone for an administrator, the staff of
    their service's teams for a head of service, nobody otherwise."""
    from hearth.organisation.roles import Role

    staff = StaffUser.objects.select_related("team", "line_manager").order_by("full_name", "pk")
    if user.role == Role.ADMINISTRATOR:
        return staff
    if user.role == Role.HEAD_OF_SERVICE:
        services = Team.objects.filter(pk__in=teams_managed_by(user).values("pk")).values("service")
        return staff.filter(team__service__in=services)
    return staff.none()


def worker_children(worker: StaffUser, user: StaffUser) -> QuerySet[Person]:
    """The children currently allocated to a worker that this user may open, by name."""
    from django.db.models import Exists, OuterRef

    from hearth.people.access import visible_children

    return (
        visible_children(user)
        .filter(Exists(Allocation.objects.filter(child=OuterRef("pk"), worker=worker, end_date=None)))
        .order_by("surname", "forename", "pk")
    )
