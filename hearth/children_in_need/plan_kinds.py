"""The child in need plan's outcomes and reviews (hearth.plans.kinds)."""

from django.urls import reverse

from hearth.plans.kinds import Plan, PlanKind, plan_kind_register


def _page(plan: Plan) -> str:
    return reverse(
        "children_in_need:episode", kwargs={"pk": plan.episode.child_id, "episode_pk": plan.episode_id}
    )


plan_kind_register(
    PlanKind(
        key="cin_plan",
        title="Child in need plan",
        model="children_in_need.CinPlan",
        child_lookup="episode__child",
        page=_page,
        reviewed_event="cin_plan.reviewed",
    )
)
