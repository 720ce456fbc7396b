from hearth.core.events import STANDARD, EventType, register

# A restricted document's title stays off the chronology (the payload's title is blank for one).
register(
    EventType("document.added", "Document added", STANDARD, "Document added: {type}{title}"),
    EventType(
        "document.removed", "Document removed", STANDARD, "{type} removed as uploaded in error: {reason}"
    ),
    EventType(
        "document.quarantined",
        "Document quarantined",
        STANDARD,
        "A document's file was quarantined: the virus scanner found {signature}",
    ),
)
