"""Who may record a child's education (ADR 16, ADR 28): the staff who record work on a child, and an education
partner (the designated teacher, the school, the nursery or the virtual school) for the children whose network they
are in. Only the child's social care staff sign off a personal education plan."""

from hearth.core.policy import Action, declare
from hearth.organisation.roles import CASEWORK_ROLES, Role
from hearth.people import partners
from hearth.people.policies import CHILD

RECORD = declare(
    Action(
        "education.record",
        "record a child's education",
        CASEWORK_ROLES | {Role.PARTNER_EDUCATION},
        subject=CHILD,
        rule=lambda user, child: partners.partner_problem(
            user, child, partners.EDUCATION, "a designated teacher, the school or the virtual school"
        ),
        rule_records=lambda user: partners.partner_records(user, partners.EDUCATION),
    )
)
READ = declare(
    Action(
        "education.read",
        "read a child's education record",
        CASEWORK_ROLES | {Role.PARTNER_EDUCATION},
        subject=CHILD,
        rule=lambda user, child: partners.partner_problem(
            user,
            child,
            partners.EDUCATION,
            "a designated teacher, the school or the virtual school",
            "see the child's education record",
        ),
        rule_records=lambda user: partners.partner_records(user, partners.EDUCATION),
    )
)
SIGN_OFF = declare(
    Action(
        "education.pep_sign_off",
        "sign off a personal education plan",
        frozenset({Role.SOCIAL_WORKER, Role.ASSISTANT_TEAM_MANAGER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}),
        subject=CHILD,
        refused="Only the child's social worker, or their manager, signs off a personal education plan.",
    )
)
