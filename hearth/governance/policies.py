"""Who may review retention, hold and dispose of records, and answer subject access requests (ADR 16, ADR 41).

Hearth has no information governance role of its own: the quality assurance and performance officers (who may open
every child's record) act for it, with heads of service over the records they may open."""

from __future__ import annotations

from hearth.core.policy import Action, declare
from hearth.organisation.roles import Role
from hearth.people.policies import CHILD

RETENTION = declare(
    Action(
        "governance.retention",
        "see the records due for retention review (performance officers and heads of service do)",
        frozenset({Role.PERFORMANCE, Role.HEAD_OF_SERVICE}),
    )
)
HOLD = declare(
    Action(
        "governance.hold",
        "see a record's retention or place or lift a legal hold on it (performance officers, heads of service "
        "and team managers do)",
        frozenset({Role.PERFORMANCE, Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER}),
        subject=CHILD,
    )
)
DISPOSE = declare(
    Action(
        "governance.dispose",
        "dispose of a record (performance officers and heads of service do)",
        frozenset({Role.PERFORMANCE, Role.HEAD_OF_SERVICE}),
        subject=CHILD,
    )
)
SUBJECT_ACCESS = declare(
    Action(
        "governance.subject_access",
        "export a subject access bundle (team managers, heads of service and performance officers do)",
        frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.PERFORMANCE}),
        subject=CHILD,
    )
)
