"""The child protection record a manager signs off: the plan, before it is finalised (a council setting)."""

from __future__ import annotations

from django.urls import reverse

from hearth.core.dates import long_date
from hearth.protection.models import ChildProtectionPlan
from hearth.protection.plans import cp_plan_finalise, finalise_problems
from hearth.signoff.kinds import SignOffKind, register_kind
from hearth.signoff.services import decision_only

_, _return_plan = decision_only("cp_plan")

register_kind(
    SignOffKind(
        key="cp_plan",
        label="Child protection plan",
        model=ChildProtectionPlan,
        rule_id="cp_plan.sign_off",
        child_id=lambda plan: plan.child_id,
        url=lambda plan: reverse("protection:plan", kwargs={"pk": plan.child_id, "plan_pk": plan.pk}),
        describe=lambda plan: f"Child protection plan from {long_date(plan.start_date)}",
        approve=lambda plan, by, on, rationale: cp_plan_finalise(
            plan=plan, finalised_on=on, by=by, rationale=rationale
        ),
        direct_on_panel=False,
        send_back=_return_plan,
        request_problem=lambda plan: next(iter(finalise_problems(plan).values()), None),
        required_setting="sign_off_cp_plan",
    )
)
