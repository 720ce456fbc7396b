from hearth.core.events import STANDARD, EventType, register

# A document's title and the reason it was removed stay off the chronology: a document may be restricted after it
# was added, and one removed in error may be about another child.
register(
    EventType("document.added", "Document added", STANDARD, "Document added: {type}"),
    EventType("document.removed", "Document removed", STANDARD, "{type} removed as uploaded in error"),
    EventType(
        "document.quarantined",
        "Document quarantined",
        STANDARD,
        "A document's file was quarantined: the virus scanner found {signature}",
    ),
)
