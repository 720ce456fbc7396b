"""The children in need records a manager signs off: assessments, closures and child in need plans."""

from __future__ import annotations

from django.urls import reverse

from hearth.children_in_need.assessments import assessment_authorise, assessment_return
from hearth.children_in_need.closure import closure_return, closure_sign_off
from hearth.children_in_need.models import Assessment, CinEpisode, CinPlan
from hearth.core.dates import long_date
from hearth.plans.models import PlanOutcome
from hearth.signoff.kinds import SignOffKind, register_kind
from hearth.signoff.services import decision_only


def _episode_url(episode: CinEpisode) -> str:
    return reverse("children_in_need:episode", kwargs={"pk": episode.child_id, "episode_pk": episode.pk})


register_kind(
    SignOffKind(
        key="assessment",
        label="Assessment",
        model=Assessment,
        rule_id="assessment.authorisation",
        child_id=lambda item: item.episode.child_id,
        url=lambda item: reverse(
            "children_in_need:assessment", kwargs={"pk": item.episode.child_id, "assessment_pk": item.pk}
        ),
        describe=lambda item: f"{item.get_kind_display()} started {long_date(item.start_date)}",
        approve=lambda item, by, on, rationale: assessment_authorise(
            assessment=item, authorised_on=on, rationale=rationale, by=by
        ),
        send_back=lambda item, by, on, reason: assessment_return(
            assessment=item, reason=reason, by=by, returned_on=on
        ),
        generic_events=False,
        related=("episode",),
    )
)

register_kind(
    SignOffKind(
        key="cin_closure",
        label="Closure",
        model=CinEpisode,
        rule_id="cin_closure.sign_off",
        child_id=lambda episode: episode.child_id,
        url=_episode_url,
        describe=lambda episode: (
            f"Closure of the child in need episode from {long_date(episode.referral_date)}"
        ),
        approve=lambda episode, by, on, rationale: closure_sign_off(
            episode=episode, by=by, rationale=rationale, signed_off_on=on
        ),
        send_back=lambda episode, by, on, reason: closure_return(
            episode=episode, reason=reason, by=by, returned_on=on
        ),
        generic_events=False,
    )
)


def _cin_plan_not_ready(plan: CinPlan) -> str | None:
    if plan.end_date is not None:
        return "The plan has ended."
    if not PlanOutcome.objects.filter(cin_plan=plan).exists():
        return "Add the plan's outcomes before sending it to the manager for sign-off."
    return None


_approve_cin_plan, _return_cin_plan = decision_only("cin_plan")

register_kind(
    SignOffKind(
        key="cin_plan",
        label="Child in need plan",
        model=CinPlan,
        rule_id="cin_plan.sign_off",
        child_id=lambda plan: plan.episode.child_id,
        url=lambda plan: _episode_url(plan.episode) + "#plan",
        describe=lambda plan: f"Child in need plan from {long_date(plan.start_date)}",
        approve=_approve_cin_plan,
        send_back=_return_cin_plan,
        request_problem=_cin_plan_not_ready,
        required_setting="sign_off_cin_plan",
        related=("episode",),
    )
)
