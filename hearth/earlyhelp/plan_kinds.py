"""The early help plan's outcomes and team around the child meetings (hearth.plans.kinds): the episode is the plan."""

from django.urls import reverse

from hearth.plans.kinds import Plan, PlanKind, plan_kind_register
from hearth.plans.models import ReviewKind


def _page(plan: Plan) -> str:
    return reverse("earlyhelp:episode", kwargs={"pk": plan.child_id, "episode_pk": plan.pk})


plan_kind_register(
    PlanKind(
        key="early_help",
        title="Early help plan",
        model="earlyhelp.EarlyHelpEpisode",
        child_lookup="child",
        page=_page,
        reviewed_event="early_help.reviewed",
        review_kind=ReviewKind.TEAM_AROUND_THE_CHILD,
    )
)
