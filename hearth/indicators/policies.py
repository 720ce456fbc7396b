"""Who may read the council's indicators, set their targets and England figures, and freeze a month (ADR 16)."""

from __future__ import annotations

from hearth.core.policy import Action, declare
from hearth.organisation.roles import MANAGER_ROLES, Role

INDICATORS_READ = declare(
    Action(
        "indicators.read",
        "see the performance indicators (managers and performance officers do)",
        frozenset({Role.PERFORMANCE, *MANAGER_ROLES}),
    )
)
INDICATORS_MANAGE = declare(
    Action(
        "indicators.manage",
        "set targets and England figures, and freeze a month's figures (performance officers do)",
        frozenset({Role.PERFORMANCE}),
    )
)
