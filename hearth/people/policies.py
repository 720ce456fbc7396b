"""Who may do what to a person's record (ADR 16): the child subject every domain's actions are taken on, and the
actions on the record itself."""

from __future__ import annotations

from typing import Any

from hearth.core.policy import Action, Subject, declare, subject_register
from hearth.core.rows import by_pk
from hearth.organisation.roles import (
    AUDIT_VIEWER_ROLES,
    CASEWORK_ROLES,
    EMERGENCY_ACCESS_ROLES,
    PARTNER_ROLES,
    Role,
)
from hearth.people.access import CHILD as CHILD
from hearth.people.access import PARTNERS_SEE, may_open, visible_people
from hearth.people.models import Person


def _person(kwargs: dict[str, Any]) -> Person | None:
    return by_pk(Person, kwargs.get("pk", 0))


subject_register(
    Subject(
        name=CHILD,
        may_read=may_open,
        readable=visible_people,
        fetch=_person,
        child_id=lambda person: person.pk,
    )
)

# Opening a record is need-to-know (`people.access`); declared so that a refused read is logged as other refusals.
OPEN = declare(Action("person.open", "open this record", frozenset(Role), subject=CHILD))
RECORD_WORK = declare(
    Action("child.record_work", "record work on a child's record", CASEWORK_ROLES, subject=CHILD)
)
READ_WORK = declare(
    Action(
        "child.read_work",
        "read referrals, contacts, assessments, strategy discussions, enquiries or case notes",
        CASEWORK_ROLES,
        subject=CHILD,
        refused=PARTNERS_SEE,
    )
)
PRINT = declare(
    Action("child.print", "print a child's record", CASEWORK_ROLES | PARTNER_ROLES, subject=CHILD)
)
CREATE = declare(Action("person.create", "add a new person's record", CASEWORK_ROLES))
MERGE = declare(
    Action(
        "person.merge",
        "merge records or settle a possible duplicate (the front door, team managers, heads of service and "
        "performance officers do)",
        frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.PERFORMANCE, Role.FRONT_DOOR}),
        subject=CHILD,
    )
)
RESTRICT = declare(
    Action(
        "person.restrict",
        "restrict a record (team managers and heads of service do)",
        frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}),
        subject=CHILD,
    )
)
VIEWERS = declare(
    Action(
        "person.viewers",
        "see who has opened a record (team managers, heads of service and performance officers do)",
        AUDIT_VIEWER_ROLES,
        subject=CHILD,
    )
)
EMERGENCY_REPORT = declare(Action("emergency.report", "see the emergency access report", AUDIT_VIEWER_ROLES))
EMERGENCY = declare(Action("emergency.open", "use emergency access", EMERGENCY_ACCESS_ROLES))
