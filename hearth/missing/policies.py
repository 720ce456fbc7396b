"""Who may record a child's missing episodes, return interviews and exploitation screenings (ADR 16): the staff
who record work on a child, on the children they may open."""

from hearth.core.policy import Action, declare
from hearth.organisation.roles import CASEWORK_ROLES
from hearth.people.policies import CHILD

RECORD = declare(
    Action(
        "missing.record",
        "record a missing episode, a return interview or an exploitation screening",
        CASEWORK_ROLES,
        subject=CHILD,
    )
)
