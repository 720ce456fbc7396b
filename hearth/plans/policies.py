"""Who may update progress on a plan's action between reviews, and contribute to a plan's meetings (ADR 16, ADR 28):
the child's social care staff, and a professional in the child's network; the service lets a partner update only
the actions they own."""

from hearth.core.codesets import ProfessionalRole
from hearth.core.policy import Action, declare
from hearth.organisation.roles import CASEWORK_ROLES, PARTNER_ROLES
from hearth.people import partners
from hearth.people.policies import CHILD

ANY_INVOLVEMENT = frozenset(ProfessionalRole.values)

UPDATE = declare(
    Action(
        "plan.action_update",
        "update progress on an action in a child's plan",
        CASEWORK_ROLES | PARTNER_ROLES,
        subject=CHILD,
        rule=lambda user, child: partners.partner_problem(user, child, ANY_INVOLVEMENT, "a professional"),
        rule_records=lambda user: partners.partner_records(user, ANY_INVOLVEMENT),
    )
)

CONTRIBUTE = declare(
    Action(
        "plan.contribute",
        "add a professional's contribution to a plan's next meeting",
        CASEWORK_ROLES | PARTNER_ROLES,
        subject=CHILD,
        rule=lambda user, child: partners.partner_problem(
            user, child, ANY_INVOLVEMENT, "a professional", "contribute to this child's meetings"
        ),
        rule_records=lambda user: partners.partner_records(user, ANY_INVOLVEMENT),
    )
)
