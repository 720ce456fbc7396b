"""The child in need visit (ADR 18): recorded against the child in need plan; a visit where the child is seen meets
the local visiting rule."""

from __future__ import annotations

from django.urls import reverse

from hearth.children_in_need.models import CinPlan
from hearth.visits.kinds import VisitKind, visit_kind_register

visit_kind_register(
    VisitKind(
        key="cin",
        label="Child in need visit",
        title="Record a visit",
        plan_field="cin_plan",
        plan_model=lambda: CinPlan,
        child_lookup="episode__child",
        plan_page=lambda plan: reverse(
            "children_in_need:episode", kwargs={"pk": plan.episode.child_id, "episode_pk": plan.episode_id}
        ),
        rule_id="cin.visit",
        seen_event="cin_visit.completed",
        failed_event="cin_visit.failed",
        failed_seen_event="cin_visit.failed_seen",
        order=30,
    )
)
