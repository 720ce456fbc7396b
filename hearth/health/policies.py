"""Who may record a child's health (ADR 16, ADR 28): the staff who record work on a child, and a health partner
(a GP, health visitor, school nurse, midwife, paediatrician, CAMHS or the looked-after children's nurse) for the
children whose network they are in."""

from hearth.core.policy import Action, declare
from hearth.organisation.roles import CASEWORK_ROLES, Role
from hearth.people import partners
from hearth.people.policies import CHILD

RECORD = declare(
    Action(
        "health.record",
        "record a child's health",
        CASEWORK_ROLES | {Role.PARTNER_HEALTH},
        subject=CHILD,
        rule=lambda user, child: partners.partner_problem(
            user, child, partners.HEALTH, "a health professional"
        ),
        rule_records=lambda user: partners.partner_records(user, partners.HEALTH),
    )
)
READ = declare(
    Action(
        "health.read",
        "read a child's health record",
        CASEWORK_ROLES | {Role.PARTNER_HEALTH},
        subject=CHILD,
        rule=lambda user, child: partners.partner_problem(
            user, child, partners.HEALTH, "a health professional", "see the child's health record"
        ),
        rule_records=lambda user: partners.partner_records(user, partners.HEALTH),
    )
)
