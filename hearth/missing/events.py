from hearth.core.events import KEY, STANDARD, EventType, register

register(
    EventType("missing.started", "Missing episode started", KEY, "{what} from {missing_from} (risk: {risk})"),
    EventType("missing.ended", "Missing episode ended", KEY, "Back after {duration}: found at {where_found}"),
    EventType(
        "missing.interview_held", "Return interview held", STANDARD, "Return interview held by {interviewer}"
    ),
    EventType(
        "missing.interview_declined",
        "Return interview declined",
        STANDARD,
        "Return interview offered on {offered} and declined",
    ),
    EventType(
        "exploitation.screened",
        "Exploitation screening",
        KEY,
        "Screened for {concern} with {tool}: {outcome}",
    ),
)
