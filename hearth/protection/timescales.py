"""Child protection timescales (timescales.md 1.2), with the pre-birth variants (a local standard)."""

from datetime import date

from django.urls import reverse

from hearth.core.council_settings import declare
from hearth.core.models import Obligation
from hearth.core.timescales.actions import rule_action_register
from hearth.core.timescales.circumstances import Setter, register_circumstances
from hearth.core.timescales.rules import (
    WT2010_TO,
    WT2013_FROM,
    Interval,
    Profile,
    Rule,
    Unit,
    When,
    register_rules,
)
from hearth.plans.kinds import live_plan, plan_kind_named
from hearth.visits.rules import failed_visit_rules

PLAN_ENDS = ("cp_plan.ended",)

register_circumstances(
    Setter("cp_plan.started", {"on_protection_plan": True}),
    Setter("cp_plan.ended", {"on_protection_plan": False}),
)
declare(
    "pre_birth_review_working_days",
    "Working days after the birth of a baby on a pre-birth child protection plan by which the core group meets "
    "and the review conference is held",
    10,
    "Local standard (timescales.md 1.2: pre-birth variants are local, e.g. London child protection procedures "
    "2017: within 10 working days of the birth)",
)
BORN_ON_A_PLAN: dict[str, object] = {
    "starts_on": ("person.born",),
    "starts_if": (When("on_protection_plan", "==", True),),
    "ends_on": PLAN_ENDS,
    "interval_setting": "pre_birth_review_working_days",
    "profile": Profile.LOCAL,
    "in_force_from": date(2010, 3, 1),
}
NO_CONFERENCE = ("icpc.not_required", "cin_episode.closed")

register_rules(
    Rule(
        id="cp.pre_birth_review",
        title="Review conference after the birth (pre-birth plan)",
        source="Local child protection procedures (e.g. London 2017): a baby on a pre-birth plan has a review "
        "conference within 10 working days of the birth (a setting)",
        satisfied_by=("rcpc.held",),
        **BORN_ON_A_PLAN,  # type: ignore[arg-type]
    ),
    Rule(
        id="cp.pre_birth_core_group",
        title="Core group after the birth (pre-birth plan)",
        source="Local child protection procedures (e.g. London 2017): the core group meets within 10 working days "
        "of the birth of a baby on a pre-birth plan (a setting)",
        satisfied_by=("core_group.held",),
        **BORN_ON_A_PLAN,  # type: ignore[arg-type]
    ),
    Rule(
        id="cp.icpc",
        title="Initial child protection conference held",
        source="Working Together 2010: 15 working days from the strategy discussion at which s47 enquiries began",
        profile=Profile.WORKING_TOGETHER_2010,
        in_force_from=date(2010, 3, 1),
        in_force_to=WT2010_TO,
        starts_on=("strategy_discussion.held",),
        starts_when={"section_47": True},
        satisfied_by=("icpc.held",),
        ends_on=NO_CONFERENCE,
        interval=Interval(15, Unit.WORKING_DAYS),
    ),
    Rule(
        id="cp.icpc",
        title="Initial child protection conference held",
        source="Working Together 2013 to 2023: 15 working days from the last strategy discussion",
        profile=Profile.WORKING_TOGETHER_2013_ON,
        in_force_from=WT2013_FROM,
        starts_on=("strategy_discussion.held",),
        starts_when={"section_47": True},
        restarts_on=("strategy_discussion.held",),
        satisfied_by=("icpc.held",),
        ends_on=NO_CONFERENCE,
        interval=Interval(15, Unit.WORKING_DAYS),
    ),
    Rule(
        id="cp.strategy_discussion",
        title="Strategy discussion held",
        source="Working Together 2010 and 2023: promptly when there is reasonable cause to suspect significant harm; "
        "the number of working days is a local standard",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 3, 1),
        starts_on=("referral.decided",),
        starts_when={"decision": "Strategy discussion"},
        satisfied_by=("strategy_discussion.held",),
        ends_on=("cin_episode.closed",),
        interval_setting="strategy_discussion_working_days",
    ),
    Rule(
        id="cp.first_core_group",
        title="First core group held",
        source="Working Together 2010 and 2018/2023: within 10 working days of the initial conference",
        profile=Profile.WORKING_TOGETHER_2013_ON,
        in_force_from=date(2010, 3, 1),
        starts_on=("cp_plan.started",),
        satisfied_by=("core_group.held",),
        ends_on=PLAN_ENDS,
        interval=Interval(10, Unit.WORKING_DAYS),
    ),
    Rule(
        id="cp.core_group",
        title="Core group held",
        source="Working Together: core groups meet regularly at the interval the conference sets; local default",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("core_group.held",),
        satisfied_by=("core_group.held",),
        ends_on=PLAN_ENDS,
        interval_setting="core_group_interval",
        interval_weeks_from="interval_weeks",
    ),
    Rule(
        id="cp.first_review",
        title="First review conference held",
        source="Working Together 2010 and 2023: within 3 months of the initial conference",
        profile=Profile.WORKING_TOGETHER_2013_ON,
        in_force_from=date(2010, 3, 1),
        starts_on=("cp_plan.started",),
        satisfied_by=("rcpc.held",),
        ends_on=PLAN_ENDS,
        interval=Interval(3, Unit.MONTHS),
    ),
    Rule(
        id="cp.review",
        title="Review conference held",
        source="Working Together 2010 and 2023: at intervals of not more than 6 months",
        profile=Profile.WORKING_TOGETHER_2013_ON,
        in_force_from=date(2010, 3, 1),
        starts_on=("rcpc.held",),
        satisfied_by=("rcpc.held",),
        ends_on=PLAN_ENDS,
        interval=Interval(6, Unit.MONTHS),
    ),
    Rule(
        id="cp.visit",
        statutory_visit=True,
        title="Child on a protection plan visited",
        source="Local procedure: Working Together leaves the visiting interval to councils",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("cp_plan.started",),
        satisfied_by=("cp_visit.completed",),
        satisfied_when={"seen": True},
        ends_on=PLAN_ENDS,
        repeats=True,
        interval_setting="cp_visit_interval",
    ),
    *failed_visit_rules(
        prefix="cp",
        visits="child protection visit",
        failed_event="cp_visit.failed",
        seen_event="cp_visit.completed",
        failed_seen_event="cp_visit.failed_seen",
        ends_on=PLAN_ENDS,
        follow_up_setting="cp_failed_visit_follow_up_working_days",
    ),
)


def _live_plan_id(child_id: int | None) -> int | None:
    plan = live_plan(plan_kind_named("cp_plan"), child_id)
    return plan.pk if plan is not None else None


def _core_group_form(duty: Obligation) -> str | None:
    plan_id = _live_plan_id(duty.child_id)
    if plan_id is None:
        return None
    return reverse("protection:core_group_add", kwargs={"pk": duty.child_id, "plan_pk": plan_id})


def _review_conference_form(duty: Obligation) -> str | None:
    if _live_plan_id(duty.child_id) is None:
        return None
    return reverse("protection:conference_add", kwargs={"pk": duty.child_id}) + "?kind=review"


# From the worklist, a core group or review conference that is due opens the form that records it (issue 18).
rule_action_register(("cp.first_core_group", "cp.core_group", "cp.pre_birth_core_group"), _core_group_form)
rule_action_register(("cp.first_review", "cp.review", "cp.pre_birth_review"), _review_conference_form)
