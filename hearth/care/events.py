from hearth.core.events import KEY, PROCESS, STANDARD, EventType, register

register(
    EventType("care.started", "Became looked after", KEY, "Became looked after ({legal_status})"),
    EventType("care.ended", "Ceased to be looked after", KEY, "Ceased to be looked after ({reason})"),
    EventType("placement.started", "Placement started", KEY, "Placed: {placement_type}{where}"),
    EventType("care.legal_status_changed", "Legal status changed", KEY, "Legal status now {legal_status}"),
    EventType("legal_order.made", "Order made", KEY, "{order} made{court_text}"),
    EventType("legal_order.ended", "Order ended", KEY, "{order} ended: {reason}"),
    EventType("care_proceedings.issued", "Care proceedings issued", KEY, "Care proceedings issued"),
    EventType(
        "lac_visit.completed", "Looked-after child visit", STANDARD, "Visited in placement; {seen_text}"
    ),
    EventType("lac_visit.failed", "Failed looked-after child visit", KEY, "Visit failed: {reason}"),
    EventType(
        "lac_visit.failed_seen",
        "Failed visit seen by the manager",
        STANDARD,
        "Manager told of the failed visit",
    ),
    EventType("lac_review.held", "Looked-after review", KEY, "Looked-after review {number} held"),
    EventType("care_plan.prepared", "Care plan prepared", KEY, "Care plan prepared"),
    EventType("care_plan.reviewed", "Care plan reviewed", STANDARD, "Care plan reviewed"),
    EventType(
        "placement_plan.prepared", "Placement plan prepared", STANDARD, "Placement plan agreed with the carer"
    ),
    EventType("placement_plan.reviewed", "Placement plan reviewed", STANDARD, "Placement plan reviewed"),
    EventType("care.iro_allocated", "Reviewing officer allocated", STANDARD, "Reviewing officer: {iro}"),
    EventType("lac_review.recommendation", "Review recommendation", STANDARD, "Recommended: {text}"),
    EventType("lac_review.recommendation_done", "Recommendation done", STANDARD, "Done: {text}"),
    EventType(
        "lac_review.decisions_circulated",
        "Review decisions circulated",
        PROCESS,
        "Review decisions circulated",
    ),
    EventType("lac_review.record_completed", "Review record completed", PROCESS, "Review record completed"),
    EventType(
        "iro_dispute.raised",
        "Reviewing officer's dispute",
        KEY,
        "Reviewing officer raised a dispute: {issue}",
    ),
    EventType("iro_dispute.escalated", "Dispute escalated", STANDARD, "Dispute now at {stage}"),
    EventType("iro_dispute.resolved", "Dispute resolved", KEY, "Dispute resolved: {outcome}"),
    EventType("care_leaver.started", "Care leaver", KEY, "Entitled to leaving-care support ({eligibility})"),
)

register(
    EventType(
        "care_leaver.needs_assessment", "Needs assessment (eligible child)", KEY, "Needs assessment completed"
    ),
    EventType("care_leaver.contact", "In touch with a care leaver", STANDARD, "In touch: {how}"),
)
