"""Child protection timescales (timescales.md 1.2)."""

from datetime import date

from hearth.core.timescales.rules import WT2010_TO, WT2013_FROM, Interval, Profile, Rule, Unit, register_rules

PLAN_ENDS = ("cp_plan.ended",)
NO_CONFERENCE = ("icpc.not_required", "cin_episode.closed")

register_rules(
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
)
