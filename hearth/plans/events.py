from hearth.core.events import STANDARD, EventType, register

register(
    EventType("plan.outcome_added", "Plan outcome added", STANDARD, "{plan} outcome added: {what}"),
    EventType(
        "plan.action_updated", "Progress on a plan's action", STANDARD, "{progress}: {action} ({agency})"
    ),
)
