"""Referral and assessment timescales (timescales.md 1.1)."""

from datetime import date

from hearth.core.timescales.rules import WT2010_TO, WT2013_FROM, Interval, Profile, Rule, Unit, register_rules

register_rules(
    Rule(
        id="referral.decision",
        title="Decision on a referral",
        source="Working Together 2010 ch.5; Working Together 2013-2023 (assessment chapter)",
        profile=Profile.WORKING_TOGETHER_2013_ON,
        in_force_from=date(2010, 3, 1),
        starts_on=("referral.received",),
        satisfied_by=("referral.decided",),
        ends_on=("cin_episode.closed",),
        interval=Interval(1, Unit.WORKING_DAYS),
    ),
    Rule(
        id="assessment.initial",
        title="Initial assessment completed",
        source="Working Together 2010; Framework for the Assessment of Children in Need 2000 (7 days, NI 59)",
        profile=Profile.WORKING_TOGETHER_2010,
        in_force_from=date(2010, 3, 1),
        in_force_to=WT2010_TO,
        starts_on=("referral.received",),
        satisfied_by=("assessment.completed",),
        ends_on=("cin_episode.closed",),
        interval_setting="initial_assessment_working_days",
    ),
    Rule(
        id="assessment.single",
        title="Single assessment completed",
        source="Working Together 2013 to 2023: within 45 working days of the point of referral",
        profile=Profile.WORKING_TOGETHER_2013_ON,
        in_force_from=WT2013_FROM,
        starts_on=("referral.received",),
        satisfied_by=("assessment.completed",),
        ends_on=("cin_episode.closed",),
        interval=Interval(45, Unit.WORKING_DAYS),
    ),
    Rule(
        id="cin.visit",
        title="Child in need visited",
        source="Local procedure: no national frequency for children in need visits",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("cin_plan.started",),
        satisfied_by=("cin_visit.completed",),
        satisfied_when={"seen": True},
        ends_on=("cin_plan.ended", "cin_episode.closed", "cp_plan.started"),
        repeats=True,
        interval_setting="cin_visit_interval",
    ),
)
