from hearth.core.events import KEY, STANDARD, EventType, register

# One significance per event type: a note flagged significant is a key event (chronology and child's page).
register(
    EventType("case_note.recorded", "Case note", STANDARD, "{type}: {excerpt}"),
    EventType("case_note.significant", "Significant case note", KEY, "{type}: {excerpt}"),
    EventType(
        "case_note.addendum_added",
        "Addendum to a case note",
        STANDARD,
        "Addendum to the {type} note of {note_date}: {excerpt}",
    ),
)
