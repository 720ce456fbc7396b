"""Everyone signed in reads and manages their own notifications (ADR 16)."""

from hearth.core.policy import Action, declare
from hearth.organisation.roles import Role

OWN = declare(Action("notifications.own", "manage your notifications", frozenset(Role)))
