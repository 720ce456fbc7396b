"""Who may record a worker's supervision (ADR 16): their line manager, or the manager of a practitioner's team."""

from __future__ import annotations

from django.db.models import Q

from hearth.core.policy import Action, declare
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import Role
from hearth.supervision.selectors import managed_workers, manages

NOT_SUPERVISED = (
    "You do not supervise this worker: only their line manager or the manager of their team can record their "
    "supervision."
)


def _supervises(user: StaffUser, worker: StaffUser) -> str | None:
    return None if manages(user, worker) else NOT_SUPERVISED


RECORD = declare(
    Action(
        "supervision.record",
        "record supervision",
        frozenset(Role),  # anyone may line manage: the rule decides
        subject="staff",
        rule=_supervises,
        rule_records=lambda user: Q(pk__in=managed_workers(user).values("pk")),
    )
)
