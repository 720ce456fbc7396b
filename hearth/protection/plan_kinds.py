"""The child protection plan's outcomes (hearth.plans.kinds): each says what the parents and each professional will
do. Its reviews are core groups and review conferences, whose own services write their events."""

from django.urls import reverse

from hearth.plans.kinds import Plan, PlanKind, plan_kind_register
from hearth.plans.models import ReviewKind


def _page(plan: Plan) -> str:
    return reverse("protection:plan", kwargs={"pk": plan.child_id, "plan_pk": plan.pk})


plan_kind_register(
    PlanKind(
        key="cp_plan",
        title="Child protection plan",
        model="protection.ChildProtectionPlan",
        child_lookup="child",
        page=_page,
        parents_and_professionals=True,
        meetings=(ReviewKind.CORE_GROUP, ReviewKind.REVIEW_CONFERENCE),
    )
)
