"""Who may sign off a decision about a child (ADR 16): a manager over the team that holds the child."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from hearth.core.policy import Action, declare
from hearth.organisation.authority import sign_off_problem, teams_signed_off_by
from hearth.organisation.models import Allocation, StaffUser
from hearth.organisation.roles import MANAGER_ROLES


def _held_by_teams_signed_off(user: StaffUser) -> Q:
    held = Allocation.objects.filter(
        child=OuterRef("pk"), end_date=None, team_id__in=teams_signed_off_by(user)
    )
    return Q(Exists(held))


SIGN_OFF = declare(
    Action(
        "child.sign_off",
        "sign off decisions (managers do)",
        MANAGER_ROLES,
        subject="child",
        rule=lambda user, person: sign_off_problem(user, person.pk),
        rule_records=_held_by_teams_signed_off,
        refused="Only a manager can sign this off: ask the team manager.",
    )
)
