from hearth.core.events import KEY, PROCESS, STANDARD, EventType, register

register(
    EventType("referral.received", "Referral received", KEY, "Referral received from {source}"),
    EventType("referral.decided", "Referral decision", STANDARD, "Referral decision: {decision}"),
    EventType("assessment.started", "Assessment started", PROCESS, "{kind} started"),
    EventType(
        "assessment.submitted",
        "Assessment sent for authorisation",
        STANDARD,
        "{kind} completed by the worker and sent for authorisation",
    ),
    EventType(
        "assessment.returned", "Assessment returned", STANDARD, "{kind} returned by the manager: {reason}"
    ),
    EventType("assessment.completed", "Assessment completed", KEY, "Assessment completed and authorised"),
    EventType(
        "assessment.shared", "Assessment shared with parents", STANDARD, "{kind} shared with the parents"
    ),
    EventType("cin_plan.started", "Child in need plan started", KEY, "Child in need plan started"),
    EventType("cin_plan.reviewed", "Child in need plan reviewed", STANDARD, "Child in need plan reviewed"),
    EventType("cin_plan.ended", "Child in need plan ended", KEY, "Child in need plan ended"),
    EventType("cin_visit.completed", "Child in need visit", STANDARD, "Visited; child seen: {seen_text}"),
    EventType("cin_visit.failed", "Failed child in need visit", KEY, "Visit failed: {reason}"),
    EventType(
        "cin_visit.failed_seen",
        "Failed visit seen by the manager",
        STANDARD,
        "Manager told of the failed visit",
    ),
    EventType(
        "cin_episode.closure_proposed",
        "Closure proposed",
        STANDARD,
        "Closure proposed for sign-off ({reason})",
    ),
    EventType(
        "cin_episode.closure_returned",
        "Closure returned",
        STANDARD,
        "Closure returned by the manager: {reason}",
    ),
    EventType("cin_episode.closed", "Case closed", KEY, "Child in need episode closed ({reason})"),
)
