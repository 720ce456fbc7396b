"""Recording supervision and marking its actions done. Each child's decision and actions are written to the
child's record in the same transaction: a key event, and an obligation per action owned by the action's owner."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.validation import past_date_problem
from hearth.organisation.models import Allocation, StaffUser
from hearth.people.access import may_open
from hearth.people.models import Person
from hearth.supervision.models import Supervision, SupervisionAction, SupervisionDecision

MAX_CHILDREN = 5
MAX_ACTIONS = 2


@dataclass(frozen=True)
class ActionInput:
    number: int  # 1-based, within the child's row
    action: str
    owner: StaffUser | None
    due_date: date | None


@dataclass(frozen=True)
class ChildDiscussed:
    row: int  # 1-based row on the form
    child: Person | None
    decision: str
    actions: list[ActionInput] = field(default_factory=list)


def _name(child: Person | None, row: int) -> str:
    return f"{child.forename} {child.surname}" if child is not None else f"child {row}"


def _child_problems(
    discussed: ChildDiscussed, worker: StaffUser, caseload: set[int], held_on: date | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    row, child = discussed.row, discussed.child
    name = _name(child, row)
    if child is None:
        errors[f"child_{row}"] = f"Choose the child decision {row} is about, from {worker}'s caseload."
    elif child.pk not in caseload:
        errors[f"child_{row}"] = f"{name} is not on {worker}'s caseload: choose a child allocated to them."
    if not discussed.decision.strip():
        errors[f"decision_{row}"] = f"Enter the decision about {name}."
    for item in discussed.actions:
        key = f"{row}_{item.number}"
        which = f"{name}'s action {item.number}"
        if not item.action.strip():
            errors[f"action_{key}"] = f"Enter {which}: what will be done."
        if item.owner is None:
            errors[f"owner_{key}"] = f"Choose who will do {which}: every action needs an owner."
        elif not item.owner.is_active:
            errors[f"owner_{key}"] = f"{item.owner} is no longer active: choose someone else for {which}."
        elif child is not None and not may_open(item.owner, child):
            errors[f"owner_{key}"] = (
                f"{item.owner} cannot open {name}'s record: for {which} choose someone who works with the child."
            )
        if item.due_date is None:
            errors[f"due_date_{key}"] = f"Enter the date by when {which} must be done."
        elif held_on is not None and item.due_date < held_on:
            errors[f"due_date_{key}"] = f"The date for {which} cannot be before the supervision."
    return errors


def supervision_record(
    *,
    manager: StaffUser,
    worker: StaffUser | None,
    held_on: date | None,
    reflective_discussion: str,
    wellbeing: str,
    children: list[ChildDiscussed],
) -> Supervision:
    """A supervision held by the worker's manager. Refused, with nothing saved, for a worker the manager does not
    manage or an action without an owner or a date; the children discussed are those allocated to the worker."""
    errors: dict[str, str] = {}
    if worker is None:
        errors["worker"] = "Choose the worker who was supervised."
    elif refused := policy.refusal(manager, "supervision.record", worker):
        errors["worker"] = refused
    if problem := past_date_problem(held_on, "the date of the supervision"):
        errors["held_on"] = problem
    if not reflective_discussion.strip():
        errors["reflective_discussion"] = "Enter the reflective discussion."
    if not wellbeing.strip():
        errors["wellbeing"] = "Enter what was discussed about the worker's wellbeing."
    seen: set[int] = set()
    caseload = set(
        Allocation.objects.filter(worker=worker, end_date=None).values_list("child_id", flat=True)
        if worker is not None
        else []
    )
    for discussed in children:
        if worker is not None:
            errors |= _child_problems(discussed, worker, caseload, held_on)
        if discussed.child is not None:
            # The decisions go onto the child's record: the manager must be one who may record on it (ADR 16).
            if problem := policy.refusal(manager, "child.record_work", discussed.child):
                errors.setdefault(
                    f"child_{discussed.row}", f"{_name(discussed.child, discussed.row)}: {problem}"
                )
            if discussed.child.pk in seen:
                errors[f"child_{discussed.row}"] = (
                    f"{_name(discussed.child, discussed.row)} is chosen twice: put the decisions in one row."
                )
            seen.add(discussed.child.pk)
    if errors:
        raise ValidationError(errors)
    assert worker is not None and held_on is not None
    with transaction.atomic():
        supervision = Supervision.objects.create(
            worker=worker,
            manager=manager,
            held_on=held_on,
            reflective_discussion=reflective_discussion.strip(),
            wellbeing=wellbeing.strip(),
        )
        audit_change(user=manager, instance=supervision, action="create", before=None, child_id=None)
        # The worker's supervision clock (a duty about them, on the engine) is met and runs again from this supervision.
        event_record(
            staff_id=worker.pk,
            type="supervision.held",
            occurred_on=held_on,
            recorded_by=manager,
            record=supervision,
            payload={"manager": manager.full_name},
        )
        for discussed in children:
            assert discussed.child is not None
            _decision_write(supervision, discussed.child, discussed)
    return supervision


def _decision_write(supervision: Supervision, child: Person, discussed: ChildDiscussed) -> None:
    """One child's decision and actions, on the child's record: audit rows, events and (through the events) the
    actions' obligations."""
    manager, worker = supervision.manager, supervision.worker
    decision = SupervisionDecision.objects.create(
        supervision=supervision, child=child, decision=discussed.decision.strip()
    )
    audit_change(user=manager, instance=decision, action="create", before=None, child_id=child.pk)
    event_record(
        child_id=child.pk,
        type="supervision.decision",
        occurred_on=supervision.held_on,
        recorded_by=manager,
        record=decision,
        payload={
            "manager": str(manager),
            "worker": str(worker),
            "decision": decision.decision[:200],
            "actions": len(discussed.actions),
        },
    )
    for item in discussed.actions:
        assert item.owner is not None and item.due_date is not None
        action = SupervisionAction.objects.create(
            decision=decision, action=item.action.strip(), owner=item.owner, due_date=item.due_date
        )
        started = event_record(
            child_id=child.pk,
            type="supervision.action",
            occurred_on=supervision.held_on,
            recorded_by=manager,
            record=action,
            payload={
                "action": action.action[:200],
                "owner": str(item.owner),
                "owner_id": item.owner.pk,
                "due_date": item.due_date.isoformat(),
                "due": long_date(item.due_date),
            },
        )
        action.started_by = started
        action.save(update_fields=["started_by"])
        audit_change(user=manager, instance=action, action="create", before=None, child_id=child.pk)


def action_done_problem(action: SupervisionAction, user: StaffUser) -> str | None:
    """Why this user may not mark the action done, or None: its owner, or whoever manages the supervised worker."""
    if action.done_on is not None:
        return f"This action was marked done on {long_date(action.done_on)}."
    return policy.problem(user, "supervision_action.done", action)


def supervision_action_done(*, action: SupervisionAction, by: StaffUser, on: date) -> SupervisionAction:
    """The action is done: recorded on the child's record, meeting the obligation it opened."""
    policy.refusal(
        by, "supervision_action.done", action
    )  # a refusal is logged here, outside the transaction that a refusal rolls back
    policy.require(by, "child.record_work", action.decision.child)
    with transaction.atomic():
        action = SupervisionAction.objects.select_for_update().get(pk=action.pk)
        if problem := action_done_problem(action, by):
            raise ValidationError({"action": problem})
        supervision = action.decision.supervision
        if on < supervision.held_on:
            raise ValidationError({"action": "An action cannot be done before the supervision that set it."})
        before = snapshot(action)
        action.done_on, action.done_by = on, by
        action.save(update_fields=["done_on", "done_by"])
        child_id = action.decision.child_id
        audit_change(user=by, instance=action, action="update", before=before, child_id=child_id)
        event_record(
            child_id=child_id,
            type="supervision.action_done",
            occurred_on=on,
            recorded_by=by,
            record=action,
            payload={"action": action.action[:200], "action_event": action.started_by_id},
        )
    return action
