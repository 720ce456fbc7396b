"""Reads about staff, teams and allocations."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hearth.organisation.models import Allocation, Service, StaffUser, Team


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


def services_overseen_ids(user: StaffUser) -> set[int]:
    """The services whose children a service scope covers: those the user heads and their own team's. The one
    definition that access (hearth.people.access) and the manager's lists both use (remembered for the request)."""
    cached: set[int] | None = getattr(user, "_hearth_service_ids", None)
    if cached is None:
        cached = set(Service.objects.filter(head=user).values_list("pk", flat=True))
        if user.team_id is not None:
            cached.add(Team.objects.values_list("service_id", flat=True).get(pk=user.team_id))
        user._hearth_service_ids = cached  # type: ignore[attr-defined]
    return cached


def teams_managed_by(user: StaffUser) -> QuerySet[Team]:
    """The teams a manager oversees: their own team and the teams they manage; for a head of service, every team
    of the services they oversee (`services_overseen_ids`), so their lists show the children they may open."""
    from hearth.organisation.roles import Role

    own_team = Q(pk=user.team_id) if user.team_id is not None else Q(pk__in=[])
    if user.role == Role.HEAD_OF_SERVICE:
        return Team.objects.filter(Q(service_id__in=services_overseen_ids(user)) | own_team)
    return Team.objects.filter(Q(manager=user) | own_team)


def active_workers(team: Team) -> QuerySet[StaffUser]:
    return StaffUser.objects.filter(team=team, is_active=True).order_by("full_name")


def front_door_team_id() -> int | None:
    """The team that screens contacts (the first marked as the front door)."""
    return Team.objects.filter(is_front_door=True).order_by("pk").values_list("pk", flat=True).first()


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
