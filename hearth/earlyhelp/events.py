from hearth.core.events import KEY, STANDARD, EventType, register

register(
    EventType("early_help.started", "Early help started", KEY, "Early help started (lead: {lead})"),
    EventType("early_help.assessed", "Early help assessment", STANDARD, "Early help assessment completed"),
    EventType("early_help.reviewed", "Early help review", STANDARD, "{kind} held"),
    EventType("early_help.ended", "Early help ended", KEY, "Early help ended"),
    EventType(
        "step_down.requested",
        "Step-down requested",
        STANDARD,
        "Step-down to early help requested ({service})",
    ),
    EventType(
        "step_up.requested", "Step-up requested", STANDARD, "Step-up to social care requested ({service})"
    ),
    EventType("step_change.accepted", "Step accepted", STANDARD, "{direction} accepted by {service}"),
    EventType(
        "step_change.declined", "Step declined", STANDARD, "{direction} declined by {service}: {reason}"
    ),
    EventType(
        "step_down.completed", "Stepped down to early help", KEY, "Stepped down to early help ({service})"
    ),
    EventType("step_up.completed", "Stepped up to social care", KEY, "Stepped up to children's social care"),
    EventType("step_down.followed_up", "Step-down follow-up", STANDARD, "Step-down followed up: {outcome}"),
)
