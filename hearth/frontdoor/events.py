from hearth.core.events import KEY, PROCESS, STANDARD, EventType, register

register(
    EventType("contact.received", "Contact received", STANDARD, "Contact from {source}: {concern}"),
    EventType("contact.decided", "Contact screened", PROCESS, "Contact screened: {outcome}"),
    EventType(
        "contact.corrected", "Contact corrected", STANDARD, "What the contact is about corrected: {concern}"
    ),
    EventType(
        "da_notification.received",
        "Police domestic abuse notification",
        KEY,
        "Police domestic abuse notification ({risk} risk): {summary}",
    ),
    EventType(
        "da_notification.screened",
        "Domestic abuse notification screened",
        STANDARD,
        "Notification screened: {decision}",
    ),
)
