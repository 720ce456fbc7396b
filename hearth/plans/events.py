from hearth.core.events import STANDARD, EventType, register

register(
    EventType("plan.outcome_added", "Plan outcome added", STANDARD, "{plan} outcome added: {what}"),
    EventType(
        "plan.action_updated", "Progress on a plan's action", STANDARD, "{progress}: {action} ({agency})"
    ),
    EventType(
        "plan.contribution",
        "A professional's contribution to a meeting",
        STANDARD,
        "{agency}: contribution to the {meeting} ({plan})",
    ),
)
