from hearth.core.events import KEY, STANDARD, EventType, register

register(
    EventType("care.started", "Became looked after", KEY, "Became looked after ({legal_status})"),
    EventType("care.ended", "Ceased to be looked after", KEY, "Ceased to be looked after ({reason})"),
    EventType("placement.started", "Placement started", KEY, "Placed: {placement_type}"),
    EventType(
        "lac_visit.completed", "Looked-after child visit", STANDARD, "Visited in placement; {seen_text}"
    ),
    EventType("lac_review.held", "Looked-after review", KEY, "Looked-after review held"),
    EventType("care_leaver.started", "Care leaver", KEY, "Entitled to leaving-care support ({eligibility})"),
)

register(
    EventType(
        "care_leaver.needs_assessment", "Needs assessment (eligible child)", KEY, "Needs assessment completed"
    ),
    EventType("care_leaver.contact", "In touch with a care leaver", STANDARD, "In touch: {how}"),
)
