"""Duties about a member of staff (issue 14 item 6): registration and vetting renewals and the annual appraisal.

Each is a rule like any other, so it is on the rules page, on its owner's list and in the team's counts. The
workforce record's dates start them: setting a renewal date starts (or, when it moves on, meets and restarts) the
renewal's clock, due on that date.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from hearth.core.timescales.circumstances import set_base_facts
from hearth.core.timescales.rules import Interval, Owner, Profile, Rule, Subject, Unit, When, register_rules

register_rules(
    Rule(
        id="staff.registration_renewal",
        title="Social Work England registration renewed",
        source="Children and Social Work Act 2017 s.39 and the Social Workers Regulations 2018: a social worker "
        "must be registered to practise; registration is renewed each year by the date Social Work England sets",
        profile=Profile.REGULATIONS,
        in_force_from=date(2019, 12, 2),
        subject=Subject.STAFF,
        owner=Owner.STAFF_MEMBER,
        starts_on=("staff.registration_renewal_set",),
        satisfied_by=("staff.registration_renewal_set",),
        ends_on=("staff.registration_renewal_cleared",),
        repeats=True,
        interval=Interval(12, Unit.MONTHS),
        due_date_from="due_date",
        may_pause=False,
    ),
    Rule(
        id="staff.vetting_renewal",
        title="DBS check renewed",
        source="Local safer recruitment policy (Working Together: enhanced DBS checks for staff working with "
        "children); the renewal date the council sets",
        profile=Profile.LOCAL,
        in_force_from=date(2012, 12, 1),
        subject=Subject.STAFF,
        owner=Owner.STAFF_MEMBER,
        starts_on=("staff.vetting_renewal_set",),
        satisfied_by=("staff.vetting_renewal_set",),
        ends_on=("staff.vetting_renewal_cleared",),
        repeats=True,
        interval=Interval(36, Unit.MONTHS),
        due_date_from="due_date",
        may_pause=False,
    ),
    Rule(
        id="staff.appraisal",
        title="Annual appraisal held",
        source="Local workforce policy (inspection report 2012 paragraph 55: appraisal and supervision); "
        "twelve months after the last, or after joining",
        profile=Profile.LOCAL,
        in_force_from=date(2000, 1, 1),
        subject=Subject.STAFF,
        owner=Owner.SUPERVISOR,
        starts_on=("staff.joined", "staff.appraised"),
        starts_if=(When("supervised", "==", True),),
        satisfied_by=("staff.appraised",),
        repeats=True,
        interval=Interval(12, Unit.MONTHS),
        may_pause=False,
    ),
)


def staff_facts(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """A member of staff's own facts the rules read: their qualification date (newly qualified workers are
    supervised more often) and whether they are supervised at all (active staff of the council, not partners)."""
    from hearth.organisation.models import StaffUser
    from hearth.organisation.roles import PARTNER_ROLES

    return {
        pk: {
            "qualified_on": qualified,
            "supervised": active and role not in PARTNER_ROLES,
        }
        for pk, qualified, active, role in StaffUser.objects.filter(pk__in=ids).values_list(
            "pk", "qualification_date", "is_active", "role"
        )
    }


set_base_facts(Subject.STAFF, staff_facts)
