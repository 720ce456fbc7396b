from hearth.core.events import KEY, EventType, register

register(
    EventType("early_help.started", "Early help started", KEY, "Early help started (lead: {lead})"),
    EventType("early_help.ended", "Early help ended", KEY, "Early help ended"),
)
