"""Who may read and keep the council's register of carers and homes (ADR 16); recording a child's care is the
child's record's `child.record_work`."""

from __future__ import annotations

from hearth.core.policy import Action, declare
from hearth.organisation.roles import CASEWORK_ROLES, MANAGER_ROLES, Role

REGISTER = declare(
    Action(
        "care.register",
        "see the register of carers and homes (those who place children do)",
        frozenset({*CASEWORK_ROLES, Role.ADMINISTRATOR}),
    )
)
REGISTER_CHANGE = declare(
    Action(
        "care.register_change",
        "change the register of carers and homes (the fostering and placements team, managers, performance "
        "officers and administrators do)",
        frozenset({Role.PLACEMENTS, *MANAGER_ROLES, Role.PERFORMANCE, Role.ADMINISTRATOR}),
    )
)
