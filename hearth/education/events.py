from hearth.core.events import KEY, STANDARD, EventType, register

register(
    EventType("school.started", "Started at a school", KEY, "Started at {school} ({agency})"),
    EventType("school.left", "Left a school", STANDARD, "Left {school}"),
    EventType(
        "attendance.recorded", "Attendance", STANDARD, "Attendance {percentage}% from {period} ({agency})"
    ),
    EventType("exclusion.recorded", "Exclusion", KEY, "{what} from {start} ({agency})"),
    EventType("sen.recorded", "Special educational needs", KEY, "{what} ({agency})"),
    EventType("attainment.recorded", "Attainment", STANDARD, "{key_stage}: {result}"),
    EventType("pep.started", "Personal education plan started", STANDARD, "PEP started ({agency})"),
    EventType(
        "pep.signed_off", "Personal education plan signed off", KEY, "PEP version {version} signed off"
    ),
)
