"""Child protection records a document may be attached to (documents.kinds): a conference's reports and minutes,
the plan's signed copies, a section 47 enquiry's papers (and the initial conference's invitations)."""

from hearth.core.dates import long_date
from hearth.documents.kinds import Attachable, attachable_register

attachable_register(
    Attachable(
        key="protection.conference",
        title="Child protection conference",
        model="protection.Conference",
        url_name="protection:conference",
        url_kwarg="conference_pk",
        describe=lambda conference: f"{conference.get_kind_display()} of {long_date(conference.held_on)}",
    )
)
attachable_register(
    Attachable(
        key="protection.plan",
        title="Child protection plan",
        model="protection.ChildProtectionPlan",
        url_name="protection:plan",
        url_kwarg="plan_pk",
        describe=lambda plan: f"Child protection plan from {long_date(plan.start_date)}",
    )
)
attachable_register(
    Attachable(
        key="protection.section_47",
        title="Section 47 enquiry",
        model="protection.Section47Enquiry",
        url_name="protection:section_47",
        url_kwarg="enquiry_pk",
        describe=lambda enquiry: f"Section 47 enquiry from {long_date(enquiry.start_date)}",
    )
)
