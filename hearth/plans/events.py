from hearth.core.events import STANDARD, EventType, register

register(
    EventType("plan.outcome_added", "Plan outcome added", STANDARD, "{plan} outcome added: {what}"),
)
