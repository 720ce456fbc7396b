"""Supervision's clocks: a worker's next supervision (a duty about a member of staff, owned by the manager who
supervises them) and the actions agreed in supervision (each due on the date the manager set, its owner's work)."""

from collections.abc import Iterable
from datetime import date

from hearth.core.timescales.actions import rule_action_register, started_record_action
from hearth.core.timescales.rules import (
    Interval,
    IntervalChoice,
    Owner,
    Profile,
    Rule,
    Subject,
    Unit,
    When,
    register_rules,
)
from hearth.core.timescales.store import set_staff_owner_resolver
from hearth.organisation.models import StaffUser
from hearth.supervision.selectors import SUPERVISED_IN_TEAM

register_rules(
    Rule(
        id="supervision.action",
        title="Action from supervision",
        source="Local supervision policy: each action has an owner and a date (inspection report 2012 paragraphs "
        "55, 56); the date set in supervision, 20 working days if none",
        profile=Profile.LOCAL,
        in_force_from=date(2000, 1, 1),
        starts_on=("supervision.action",),
        satisfied_by=("supervision.action_done",),
        interval=Interval(20, Unit.WORKING_DAYS),
        one_at_a_time=False,
        owner=Owner.NAMED,
        owner_from="owner_id",
        due_date_from="due_date",
        satisfied_start_from="action_event",
        title_from="action",
    ),
)
# From the worklist, an action opens the page where its owner marks it done.
rule_action_register(
    ("supervision.action",),
    started_record_action("supervision.supervisionaction", "supervision:action_done", "action_id"),
)


def supervisors_of(ids: Iterable[int]) -> dict[int, tuple[int | None, int | None]]:
    """(the manager who supervises them, their team) for each member of staff: their line manager, or for a
    practitioner with none the manager of their team (`manages`); no one for someone who has left. One query."""
    found: dict[int, tuple[int | None, int | None]] = {}
    for pk, active, role, line_manager, team, team_manager in StaffUser.objects.filter(
        pk__in=list(ids)
    ).values_list("pk", "is_active", "role", "line_manager_id", "team_id", "team__manager_id"):
        if not active:
            found[pk] = (None, None)
        elif line_manager is not None and line_manager != pk:
            found[pk] = (line_manager, team)
        elif role in SUPERVISED_IN_TEAM and team_manager != pk:
            found[pk] = (team_manager, team)
        else:
            found[pk] = (None, team)
    return found


def supervisor_of(staff_id: int) -> tuple[int | None, int | None]:
    return supervisors_of([staff_id]).get(staff_id, (None, None))


set_staff_owner_resolver(supervisor_of, supervisors_of)

register_rules(
    Rule(
        id="supervision.due",
        title="Supervision held",
        source="Local supervision policy (inspection report 2012 paragraphs 55, 56: regular, recorded "
        "supervision); more often in the first year after qualifying (the ASYE)",
        profile=Profile.LOCAL,
        in_force_from=date(2000, 1, 1),
        subject=Subject.STAFF,
        owner=Owner.SUPERVISOR,
        starts_on=("staff.joined", "supervision.held"),
        starts_if=(When("supervised", "==", True),),
        satisfied_by=("supervision.held",),
        repeats=True,
        interval_setting="supervision_interval",
        interval_by=(
            IntervalChoice(
                (When("newly_qualified", "==", True),), setting="supervision_interval_newly_qualified"
            ),
        ),
        may_pause=False,
    ),
)
