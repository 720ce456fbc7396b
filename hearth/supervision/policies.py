"""Who may record a worker's supervision (ADR 16): their line manager, or the manager of a practitioner's team."""

from __future__ import annotations

from django.db.models import Q

from hearth.core import policy
from hearth.core.policy import Action, Subject, declare, subject_register
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import Role
from hearth.people.access import visible_people
from hearth.supervision.models import SupervisionAction
from hearth.supervision.selectors import SUPERVISED_IN_TEAM, manages

NOT_SUPERVISED = (
    "You do not supervise this worker: only their line manager or the manager of their team can record their "
    "supervision."
)


def _supervises(user: StaffUser, worker: StaffUser) -> str | None:
    return None if manages(user, worker) else NOT_SUPERVISED


RECORD = declare(
    Action(
        "supervision.record",
        "record supervision",
        frozenset(Role),  # anyone may line manage: the rule decides
        subject="staff",
        rule=_supervises,
        # As `manages`: line managed, or a practitioner of a team they manage; never themselves.
        rule_records=lambda user: (
            (Q(line_manager=user) | Q(role__in=SUPERVISED_IN_TEAM, team__manager=user)) & ~Q(pk=user.pk)
        ),
    )
)


def _owner_or_manager(user: StaffUser, action: SupervisionAction) -> str | None:
    supervision = action.decision.supervision
    if user.pk in (action.owner_id, supervision.manager_id) or manages(user, supervision.worker):
        return None
    return "Only the action's owner or the worker's manager can mark this action done."


subject_register(
    Subject(
        name="supervision_action",
        may_read=lambda user, action: policy.allowed(user, "person.open", action.decision.child),
        readable=lambda user: SupervisionAction.objects.filter(decision__child__in=visible_people(user)),
        fetch=lambda kwargs: SupervisionAction.objects.filter(pk=kwargs.get("action_id", 0)).first(),
        child_id=lambda action: action.decision.child_id,
    )
)
ACTION_DONE = declare(
    Action(
        "supervision_action.done",
        "mark an action from supervision done",
        frozenset(Role),
        subject="supervision_action",
        rule=_owner_or_manager,
        rule_records=lambda user: (
            Q(owner=user)
            | Q(decision__supervision__manager=user)
            | (
                ~Q(decision__supervision__worker=user)
                & (
                    Q(decision__supervision__worker__line_manager=user)
                    | Q(
                        decision__supervision__worker__role__in=SUPERVISED_IN_TEAM,
                        decision__supervision__worker__team__manager=user,
                    )
                )
            )
        ),
    )
)
