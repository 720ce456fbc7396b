"""Who may do what at the front door (ADR 16): screening contacts and referrals, and the police notifications."""

from __future__ import annotations

from typing import Any

from hearth.core.policy import Action, declare
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import MANAGER_ROLES, SCREENING_ROLES, Role

SCREEN_QUEUE = declare(
    Action(
        "front_door.queue", "see the front door's queue (the front door and its managers do)", SCREENING_ROLES
    )
)
SCREEN = declare(
    Action(
        "child.screen",
        "decide on a contact or a referral (the front door and managers do)",
        SCREENING_ROLES,
        subject="child",
    )
)


def _on_the_front_door(user: StaffUser, record: Any) -> str | None:
    if user.role == Role.FRONT_DOOR or (user.team is not None and user.team.is_front_door):
        return None
    return "Only the front door team and its managers screen police notifications."


NOTIFICATIONS = declare(
    Action(
        "notifications.screen",
        "screen police notifications (the front door team and its managers do)",
        frozenset({Role.FRONT_DOOR, *MANAGER_ROLES}),
        rule=_on_the_front_door,
    )
)
