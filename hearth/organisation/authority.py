"""Who may sign off a record about a child: a manager over the team that holds the child."""

from __future__ import annotations

from django.db import connection

from hearth.organisation.models import StaffUser
from hearth.organisation.roles import MANAGER_ROLES, Role

_HOLDING_TEAM = "SELECT a.team_id FROM organisation_allocation a WHERE a.child_id = %s AND a.end_date IS NULL"


def sign_off_problem(user: StaffUser, child_id: int) -> str | None:
    """Why this user may not sign off a decision on this child, or None when they may: the team holding the child
    is one they sign off for (`teams_signed_off_by`)."""
    if user.role not in MANAGER_ROLES:
        return "Only a manager can sign this off: ask the team manager."
    with connection.cursor() as cursor:
        cursor.execute(_HOLDING_TEAM, [child_id])
        holding = cursor.fetchone()
    if holding is None:
        return "The child is not allocated to a team: allocate the child before sign-off."
    if holding[0] in teams_signed_off_by(user):
        return None
    return "You do not manage the team that holds this child: the child's own manager must sign this off."


def teams_signed_off_by(user: StaffUser) -> list[int]:
    """The teams whose children this user may sign off decisions for: a team manager or assistant team manager the
    team they belong to and those they manage; a head of service every team in their service."""
    from hearth.organisation.models import Team

    if user.role not in MANAGER_ROLES:
        return []
    if user.role == Role.HEAD_OF_SERVICE:
        if user.team is None:
            return []
        return list(Team.objects.filter(service_id=user.team.service_id).values_list("pk", flat=True))
    teams = set(user.managed_teams.values_list("pk", flat=True))
    if user.team_id is not None:
        teams.add(user.team_id)
    return sorted(teams)
