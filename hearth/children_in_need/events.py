from hearth.core.events import KEY, PROCESS, STANDARD, EventType, register

register(
    EventType("referral.received", "Referral received", KEY, "Referral received from {source}"),
    EventType("referral.decided", "Referral decision", STANDARD, "Referral decision: {decision}"),
    EventType("assessment.started", "Assessment started", PROCESS, "Assessment started"),
    EventType("assessment.completed", "Assessment completed", KEY, "Assessment completed and authorised"),
    EventType("cin_plan.started", "Child in need plan started", KEY, "Child in need plan started"),
    EventType("cin_plan.ended", "Child in need plan ended", KEY, "Child in need plan ended"),
    EventType("cin_visit.completed", "Child in need visit", STANDARD, "Visited; child seen: {seen_text}"),
    EventType("cin_episode.closed", "Case closed", KEY, "Child in need episode closed ({reason})"),
)
