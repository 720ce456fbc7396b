"""Who may do what to a member of staff's record (ADR 16): the staff subject, and the workforce actions."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from hearth.core.policy import NOT_FOUND, Action, Subject, declare, subject_register
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import MANAGER_ROLES, Role
from hearth.organisation.selectors import staff_for_workforce, teams_managed_by

STAFF = "staff"


def _staff(kwargs: dict[str, Any]) -> StaffUser | None:
    pk = kwargs.get("staff_pk", kwargs.get("worker_id", 0))
    return StaffUser.objects.select_related("team").filter(pk=pk).first()


subject_register(
    Subject(
        name=STAFF,
        may_read=lambda user, member: True,
        readable=lambda user: StaffUser.objects.all(),  # who may be named; the actions' rules narrow it
        fetch=_staff,
    )
)

WORKFORCE_ROLES = frozenset({Role.ADMINISTRATOR, Role.HEAD_OF_SERVICE})


def _workforce_problem(user: StaffUser, member: StaffUser) -> str | None:
    """Staff outside the user's service are not found, as the list they are chosen from does not show them."""
    return None if staff_for_workforce(user).filter(pk=member.pk).exists() else NOT_FOUND


WORKFORCE_LIST = declare(
    Action(
        "workforce.list", "see the workforce lists (administrators and heads of service do)", WORKFORCE_ROLES
    )
)
WORKFORCE_CHANGE = declare(
    Action(
        "workforce.change",
        "change staff's workforce details (administrators and heads of service do)",
        WORKFORCE_ROLES,
        subject=STAFF,
        rule=_workforce_problem,
        rule_records=lambda user: Q(pk__in=staff_for_workforce(user).values("pk")),
    )
)


def _overseen_problem(user: StaffUser, member: StaffUser) -> str | None:
    if member.team_id is not None and teams_managed_by(user).filter(pk=member.team_id).exists():
        return None
    return "You do not manage this worker's team."


CASELOAD_TRANSFER = declare(
    Action(
        "caseload.transfer",
        "transfer a worker's children (managers do)",
        MANAGER_ROLES,
        subject=STAFF,
        rule=_overseen_problem,
        rule_records=lambda user: Q(team__in=teams_managed_by(user)),
    )
)
MANAGE_CASELOADS = declare(
    Action(
        "caseload.manage",
        "see the unallocated children and the allocation meeting (managers do)",
        MANAGER_ROLES,
    )
)

TASKS = declare(
    Action(
        "tasks.failed",
        "see or rerun the background work that failed (administrators and performance officers do)",
        frozenset({Role.ADMINISTRATOR, Role.PERFORMANCE}),
    )
)

# Everyone's own drafts of the forms they are typing (issue 18): kept and read only by their author (`core.drafts`).
DRAFTS_OWN = declare(Action("drafts.own", "keep drafts of your forms", frozenset(Role)))

# Everyone's own way of signing in (ADR 39): their authenticator app, recovery codes and passkeys (`core.second_factor`).
SIGNIN_OWN = declare(Action("signin.own", "change how you sign in", frozenset(Role)))
