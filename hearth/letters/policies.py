"""Who may change the council's letter templates (ADR 16); sending a letter is recording work on the child."""

from hearth.core.policy import Action, declare
from hearth.organisation.roles import Role

TEMPLATES = declare(
    Action(
        "letters.templates",
        "change the council's letter templates (administrators and performance officers do)",
        frozenset({Role.ADMINISTRATOR, Role.PERFORMANCE}),
    )
)
