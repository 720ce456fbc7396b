"""Who may accept or decline a step up or down (ADR 16): a member of the service asked to take the child."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from hearth.core import policy
from hearth.core.policy import Action, Subject, declare, subject_register
from hearth.earlyhelp.models import StepChange
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import CASEWORK_ROLES
from hearth.people.access import visible_people

subject_register(
    Subject(
        name="step_change",
        may_read=lambda user, step: policy.allowed(user, "person.open", step.child),
        readable=lambda user: StepChange.objects.filter(child__in=visible_people(user)),
        fetch=lambda kwargs: StepChange.objects.filter(pk=kwargs.get("step_pk", 0)).first(),
        child_id=lambda step: step.child_id,
    )
)


def _receiving(user: StaffUser, step: Any) -> str | None:
    if user.team is not None and user.team.service_id == step.to_service_id:
        return None
    return f"Only a member of the receiving service ({step.to_service.name}) can accept or decline this."


DECIDE = declare(
    Action(
        "step_change.decide",
        "accept or decline a step up or down",
        CASEWORK_ROLES,
        subject="step_change",
        rule=_receiving,
        rule_records=lambda user: Q(to_service_id=user.team.service_id) if user.team else Q(pk__in=[]),
    )
)
