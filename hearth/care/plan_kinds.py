"""A looked-after child's care plan and each placement's plan: outcomes and reviews through the shared plans
(hearth.plans.kinds; issue 16 item 5)."""

from django.urls import reverse

from hearth.plans.kinds import Plan, PlanKind, plan_kind_register

plan_kind_register(
    PlanKind(
        key="care_plan",
        title="Care plan",
        model="care.CarePeriod",
        child_lookup="child",
        page=lambda plan: reverse("care:care", kwargs={"pk": plan.child_id}) + "#care-plan",
        reviewed_event="care_plan.reviewed",
    )
)


def _placement_page(plan: Plan) -> str:
    return reverse("care:placement", kwargs={"pk": plan.period.child_id, "placement_pk": plan.pk})


plan_kind_register(
    PlanKind(
        key="placement_plan",
        title="Placement plan",
        model="care.Placement",
        child_lookup="period__child",
        page=_placement_page,
        reviewed_event="placement_plan.reviewed",
        meetings=(),  # read at the looked-after review, through the care plan
    )
)
