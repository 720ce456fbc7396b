"""The child protection visit (ADR 18): recorded against the protection plan; seen meets the visiting rule, not seen
is a failed visit the manager must see the same day (inspection report 2012 paragraph 19)."""

from __future__ import annotations

from django.urls import reverse

from hearth.protection.models import ChildProtectionPlan
from hearth.visits.kinds import VisitKind, visit_kind_register

visit_kind_register(
    VisitKind(
        key="cp",
        label="Child protection visit",
        title="Record a child protection visit",
        plan_field="cp_plan",
        plan_model=lambda: ChildProtectionPlan,
        child_lookup="child",
        plan_page=lambda plan: reverse("protection:plan", kwargs={"pk": plan.child_id, "plan_pk": plan.pk}),
        rule_id="cp.visit",
        seen_event="cp_visit.completed",
        failed_event="cp_visit.failed",
        failed_seen_event="cp_visit.failed_seen",
        order=10,
    )
)
