"""Early help and step-down timescales: all local (early help has no national timescale)."""

from datetime import date

from hearth.core.timescales.rules import Profile, Rule, register_rules

register_rules(
    Rule(
        id="early_help.assessment",
        title="Early help assessment completed",
        source="Local procedure: early help has no national timescale",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("early_help.started",),
        satisfied_by=("early_help.assessed",),
        ends_on=("early_help.ended",),
        interval_setting="early_help_assessment_working_days",
    ),
    Rule(
        id="early_help.review",
        title="Team around the child meeting",
        source="Local procedure: early help plans reviewed at team around the child meetings",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("early_help.started",),
        satisfied_by=("early_help.reviewed",),
        ends_on=("early_help.ended",),
        repeats=True,
        interval_setting="early_help_review_interval",
    ),
    Rule(
        id="step_down.follow_up",
        title="Step-down followed up",
        source="Local step-down protocol: the child is followed for three months (inspection report 2012 para 29)",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("step_down.completed",),
        satisfied_by=("step_down.followed_up",),
        interval_setting="step_down_follow_up",
    ),
)
