"""Referral and assessment timescales (timescales.md 1.1)."""

from datetime import date

from django.urls import reverse

from hearth.children_in_need.models import Assessment
from hearth.core.models import Obligation
from hearth.core.timescales.actions import rule_action_register
from hearth.core.timescales.rules import (
    WT2010_TO,
    WT2013_FROM,
    Interval,
    Owner,
    Profile,
    Rule,
    Unit,
    register_rules,
)
from hearth.plans.kinds import live_plan, plan_kind_named
from hearth.visits.rules import failed_visit_rules

# A child in need plan's visits stop with the plan, the episode, or a protection plan (whose visits take over).
CIN_VISIT_ENDS = ("cin_plan.ended", "cin_episode.closed", "cp_plan.started")

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
        id="assessment.core",
        title="Core assessment completed",
        source="Working Together 2010; Framework for the Assessment of Children in Need 2000: 35 working days",
        profile=Profile.WORKING_TOGETHER_2010,
        in_force_from=date(2010, 3, 1),
        in_force_to=WT2010_TO,
        starts_on=("assessment.started",),
        starts_when={"kind": "Core assessment"},
        satisfied_by=("assessment.completed",),
        satisfied_when={"kind": "Core assessment"},
        ends_on=("cin_episode.closed",),
        interval=Interval(35, Unit.WORKING_DAYS),
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
        statutory_visit=True,
        title="Child in need visited",
        source="Local procedure: no national frequency for children in need visits",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("cin_plan.started",),
        satisfied_by=("cin_visit.completed",),
        satisfied_when={"seen": True},
        ends_on=CIN_VISIT_ENDS,
        repeats=True,
        interval_setting="cin_visit_interval",
    ),
    *failed_visit_rules(
        prefix="cin",
        visits="child in need visit",
        failed_event="cin_visit.failed",
        seen_event="cin_visit.completed",
        failed_seen_event="cin_visit.failed_seen",
        ends_on=CIN_VISIT_ENDS,
        follow_up_setting="cin_failed_visit_follow_up_working_days",
    ),
    Rule(
        id="cin_plan.review",
        title="Child in need plan reviewed",
        source="Local procedure: no national frequency for child in need plan reviews",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("cin_plan.started",),
        satisfied_by=("cin_plan.reviewed",),
        ends_on=("cin_plan.ended", "cin_episode.closed", "cp_plan.started"),
        repeats=True,
        interval_setting="cin_plan_review_interval",
    ),
    Rule(
        id="assessment.authorisation",
        title="Assessment waiting for the manager's authorisation",
        source="Local standard: managers authorise assessments (inspection report 2012 paragraphs 17, 34)",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("assessment.submitted",),
        satisfied_by=("assessment.completed", "assessment.returned"),
        ends_on=("cin_episode.closed",),
        interval_setting="manager_decision_working_days",
        owner=Owner.TEAM,
    ),
    Rule(
        id="cin_closure.sign_off",
        title="Closure waiting for the manager's sign-off",
        source="Local standard: managers sign off closures (inspection report 2012 paragraphs 17, 34)",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("cin_episode.closure_proposed",),
        satisfied_by=("cin_episode.closed", "cin_episode.closure_returned"),
        interval_setting="manager_decision_working_days",
        owner=Owner.TEAM,
    ),
)


def _open_assessment_page(duty: Obligation) -> str | None:
    assessment_id = (
        Assessment.objects.filter(episode__child_id=duty.child_id, authorisation_date=None)
        .order_by("-start_date", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if assessment_id is None:
        return None
    return reverse(
        "children_in_need:assessment", kwargs={"pk": duty.child_id, "assessment_pk": assessment_id}
    )


def _cin_plan_review_form(duty: Obligation) -> str | None:
    plan = live_plan(plan_kind_named("cin_plan"), duty.child_id)
    if plan is None:
        return None
    return reverse("plans:review_add", kwargs={"pk": duty.child_id, "kind": "cin_plan", "plan_pk": plan.pk})


# From the worklist, an assessment due (or waiting for authorisation) opens the assessment, and a child in need plan's
# review the form that records it (issue 18).
rule_action_register(
    ("assessment.single", "assessment.initial", "assessment.core", "assessment.authorisation"),
    _open_assessment_page,
)
rule_action_register(("cin_plan.review",), _cin_plan_review_form)
