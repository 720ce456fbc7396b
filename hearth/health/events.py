from hearth.core.events import KEY, STANDARD, EventType, register

register(
    EventType("health.assessed", "Health assessment", KEY, "{what} by {assessed_by} ({agency})"),
    EventType("health.dental_checked", "Dental check", STANDARD, "Dental check ({agency})"),
    EventType("health.sight_tested", "Sight test", STANDARD, "Sight test ({agency})"),
    EventType(
        "health.immunisations_reviewed",
        "Immunisations reviewed",
        STANDARD,
        "Immunisations {status} ({agency})",
    ),
    EventType("health.sdq_completed", "Strengths and difficulties questionnaire", STANDARD, "SDQ: {result}"),
    EventType(
        "health.substance_misuse",
        "Substance misuse identified",
        KEY,
        "Substance misuse identified ({agency})",
    ),
    EventType("health.action_added", "Health action plan: action added", STANDARD, "Health action: {action}"),
    EventType(
        "health.action_done", "Health action plan: action done", STANDARD, "Health action done: {action}"
    ),
    EventType(
        "health.appointment_missed",
        "Health appointment missed",
        STANDARD,
        "Missed appointment: {appointment}",
    ),
)
