"""Who may read the child protection chairs' workload (ADR 16); recording child protection work is the child's
record's `child.record_work`."""

from __future__ import annotations

from hearth.core.policy import Action, declare
from hearth.organisation.roles import MANAGER_ROLES, Role

CHAIRS = declare(
    Action(
        "conference.chairs",
        "see the chairs' and reviewing officers' workload (chairs, reviewing officers, managers and performance "
        "officers do)",
        frozenset(
            {
                Role.CHILD_PROTECTION_CHAIR,
                Role.INDEPENDENT_REVIEWING_OFFICER,
                Role.IRO_MANAGER,
                Role.PERFORMANCE,
                *MANAGER_ROLES,
            }
        ),
    )
)
