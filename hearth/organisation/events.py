"""Events about a member of staff (issue 14 item 6): the clocks of their registration, vetting and appraisal."""

from hearth.core.events import PROCESS, STANDARD, EventType, register

register(
    EventType("staff.joined", "Joined", PROCESS, "Joined the council's children's services"),
    EventType(
        "staff.registration_renewal_set",
        "Registration renewal date",
        STANDARD,
        "Social Work England registration next renewed by {due_date}",
    ),
    EventType(
        "staff.vetting_renewal_set", "DBS renewal date", STANDARD, "DBS check next renewed by {due_date}"
    ),
    EventType("staff.appraised", "Appraised", STANDARD, "Annual appraisal held"),
    EventType(
        "staff.registration_renewal_cleared",
        "Registration renewal date removed",
        STANDARD,
        "Registration date removed",
    ),
    EventType(
        "staff.vetting_renewal_cleared", "DBS renewal date removed", STANDARD, "DBS renewal date removed"
    ),
)
