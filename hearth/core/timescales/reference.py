"""Every timescale in the reference (`../shared/reference/timescales.md` section 1, excerpted in
`docs/reference/timescales-section-1.md`) and what Hearth does with it (issue 14 item 8): the rule that declares it,
the issue that will, or why it is not a clock. A test reads the reference and fails on a row this does not answer."""

from __future__ import annotations

from typing import Literal

Disposition = tuple[Literal["rule", "issue", "not a clock"], str]

LOOKED_AFTER = "issue 16 (children looked after)"
LEAVING_CARE = "issue 16 (children looked after: leaving care)"
COMPLAINTS = "complaints work (no issue filed yet: the reference's 1.5)"
ALLEGATIONS = "allegations work (no issue filed yet: the reference's 1.5)"
NUMBERS = "issue 19 (numbers from the record): a measure over children, not a clock on one"

REFERENCE: dict[str, Disposition] = {
    # 1.1 Contact, referral and assessment
    "Decision on a referral": ("rule", "referral.decision"),
    "Initial assessment (2010 model only)": ("rule", "assessment.initial"),
    "Core assessment (2010 model only)": ("rule", "assessment.core"),
    "Single (child and family) assessment": ("rule", "assessment.single"),
    "Re-referral (definition used by DfE)": (
        "not a clock",
        "A definition the census and indicators count (children_in_need.services.referrals_in_year_before)",
    ),
    # 1.2 Child protection
    "Strategy discussion": ("rule", "cp.strategy_discussion"),
    "Section 47 enquiry": (
        "not a clock",
        "No national completion timescale: bounded by the assessment (assessment.single) and the conference "
        "(cp.icpc)",
    ),
    "Initial child protection conference": ("rule", "cp.icpc"),
    "First core group": ("rule", "cp.first_core_group"),
    "Core group frequency": ("rule", "cp.core_group"),
    "First review conference (RCPC)": ("rule", "cp.first_review"),
    "Subsequent review conferences": ("rule", "cp.review"),
    "Statutory visits to a child on a CP plan": ("rule", "cp.visit"),
    "Lead worker": ("not a clock", "Who leads the plan (a qualified social worker), not a date"),
    # 1.3 Children looked after
    "Care plan": ("rule", "lac.care_plan"),
    "Placement plan": ("rule", "lac.placement_plan"),
    "Notification of placement": ("issue", LOOKED_AFTER),
    "Social worker visit — standard": ("rule", "lac.visit"),
    # Regulation 28's variants are intervals of the one visiting rule, chosen by the placement's regime.
    "Visit — placed with parent before assessment completed (reg 19)": ("rule", "lac.visit"),
    "Visit — temporary connected-person approval (reg 24) or child at home under an interim care order": (
        "rule",
        "lac.visit",
    ),
    "Visit — full care order, child living with parent": ("rule", "lac.care_order_visit"),
    "Visit — short-break children (reg 48)": ("rule", "lac.visit"),
    "Extra visits": ("not a clock", "On request of the child or carer: recorded as visits, not due"),
    "First LAC review": ("rule", "lac.first_review"),
    "Second LAC review": ("rule", "lac.second_review"),
    "Subsequent LAC reviews": ("rule", "lac.review"),
    "IRO appointment": ("rule", "lac.iro_allocated"),
    "Initial health assessment (IHA)": ("rule", "health.initial_assessment"),
    "Review health assessment (RHA)": ("rule", "health.review_assessment"),
    "Personal education plan (PEP)": ("rule", "education.pep_started"),
    "Review record": ("rule", "lac.review_record"),
    "Missing episode — return home interview": ("rule", "missing.return_interview"),
    # 1.4 Care leavers
    "Eligibility (eligible child)": (
        "not a clock",
        "A condition (13 weeks looked after since 14) that starts the leaving-care clocks: issue 16",
    ),
    "Needs assessment (eligible child)": ("rule", "leaving_care.needs_assessment"),
    "Pathway plan": ("issue", LEAVING_CARE),
    "Pathway plan review": ("issue", LEAVING_CARE),
    "PA visits where LA provides accommodation (s.23B / 24B)": ("issue", LEAVING_CARE),
    "PA contact otherwise": (
        "not a clock",
        "No national frequency: a local setting when leaving care arrives",
    ),
    'SSDA903 "in touch" data (17–21)': ("rule", "leaving_care.birthday_contact"),
    # 1.5 Allegations and complaints
    "Allegation against a person who works with children": ("issue", ALLEGATIONS),
    "Complaint time limit": ("not a clock", "A limit on when a complaint may be made, checked when it is"),
    "Stage 1 (local resolution)": ("issue", COMPLAINTS),
    "Stage 2 (investigation)": ("issue", COMPLAINTS),
    "Request for stage 3": ("not a clock", "The complainant's time limit, not the council's duty"),
    "Stage 3 review panel": ("issue", COMPLAINTS),
    "Panel report": ("issue", COMPLAINTS),
    "LA response to panel": ("issue", COMPLAINTS),
    # 1.6 Adoption scorecard timeliness
    "A1": ("not a clock", NUMBERS),
    "A2": ("not a clock", NUMBERS),
    "A3": ("not a clock", NUMBERS),
    "A10": ("not a clock", NUMBERS),
}
