from hearth.core.events import KEY, STANDARD, EventType, register

register(
    EventType(
        "supervision.decision",
        "Decision in supervision",
        KEY,
        "Decision in supervision ({manager} with {worker}): {decision}",
    ),
    EventType(
        "supervision.action",
        "Action from supervision",
        STANDARD,
        "Action from supervision for {owner}, by {due}: {action}",
    ),
    EventType(
        "supervision.action_done", "Supervision action done", STANDARD, "Supervision action done: {action}"
    ),
)

register(
    EventType("supervision.held", "Supervised", STANDARD, "Supervision held with {manager}"),
)
