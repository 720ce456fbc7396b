"""Who may read the managers' lists (ADR 16)."""

from __future__ import annotations

from hearth.core.policy import Action, declare
from hearth.organisation.roles import MANAGER_ROLES

OVERSIGHT = declare(
    Action("oversight.view", "see a team's work and oversight figures (managers do)", MANAGER_ROLES)
)
