from hearth.core.events import KEY, STANDARD, EventType, register

register(
    EventType("strategy_discussion.held", "Strategy discussion", KEY, "Strategy discussion held"),
    EventType("s47.started", "Section 47 enquiry started", KEY, "Section 47 enquiry started"),
    EventType(
        "icpc.not_required",
        "Initial conference not required",
        STANDARD,
        "Enquiry concluded: no conference needed",
    ),
    EventType("icpc.held", "Initial child protection conference", KEY, "Initial child protection conference"),
    EventType(
        "cp_plan.started", "Child protection plan started", KEY, "Child protection plan started: {category}"
    ),
    EventType("cp_plan.ended", "Child protection plan ended", KEY, "Child protection plan ended"),
    EventType("core_group.held", "Core group", STANDARD, "Core group meeting held"),
    EventType("rcpc.held", "Review child protection conference", KEY, "Review conference held"),
    EventType("cp_visit.completed", "Child protection visit", STANDARD, "Visited; {seen_text}"),
    EventType("cp_visit.failed", "Failed child protection visit", KEY, "Visit failed: {reason}"),
    EventType(
        "s47.completed", "Section 47 enquiry concluded", STANDARD, "Section 47 enquiry concluded: {outcome}"
    ),
    EventType(
        "cp_plan.finalised", "Child protection plan finalised", STANDARD, "Child protection plan finalised"
    ),
    EventType(
        "cp_plan.category_changed",
        "Category of abuse changed",
        KEY,
        "Child protection category changed: {category}",
    ),
    EventType(
        "cp_visit.failed_seen",
        "Failed visit seen by the manager",
        STANDARD,
        "Manager told of the failed visit",
    ),
)
