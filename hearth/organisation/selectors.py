"""Reads about staff, teams and allocations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from hearth.organisation.models import Allocation, StaffUser, Team

if TYPE_CHECKING:
    pass


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
