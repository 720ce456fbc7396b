"""Who may allocate a child (ADR 16); transferring a caseload and the allocation meeting are the staff record's
actions (`organisation.policies`)."""

from __future__ import annotations

from hearth.core.policy import Action, declare
from hearth.organisation.roles import Role

ALLOCATE = declare(
    Action(
        "child.allocate",
        "allocate a child (managers and the front door do)",
        frozenset({Role.ASSISTANT_TEAM_MANAGER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.FRONT_DOOR}),
        subject="child",
    )
)
