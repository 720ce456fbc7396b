"""Who may read the council's census data quality (ADR 16)."""

from __future__ import annotations

from hearth.core.policy import Action, declare
from hearth.organisation.roles import MANAGER_ROLES, Role

COUNCIL_QUALITY = declare(
    Action(
        "quality.council",
        "see the data quality lists (managers and performance officers do)",
        frozenset({Role.PERFORMANCE, *MANAGER_ROLES}),
    )
)
