"""The looked-after child visit under regulation 28 (ADR 18): recorded against the placement; seen meets the visiting
rule of the placement's regime, not seen is a failed visit the manager must see the same day."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from hearth.care.models import Placement
from hearth.visits.kinds import VisitKind, visit_kind_register

visit_kind_register(
    VisitKind(
        key="lac",
        label="Looked-after child visit",
        title="Record a looked-after child visit",
        plan_field="placement",
        plan_model=lambda: Placement,
        child_lookup="period__child",
        plan_page=lambda placement: reverse("care:care", kwargs={"pk": placement.period.child_id}),
        rule_id="lac.visit",
        seen_event="lac_visit.completed",
        failed_event="lac_visit.failed",
        failed_seen_event="lac_visit.failed_seen",
        order=20,
        plan_word="placement",
        questions=(
            (
                "fewer_visits_agreed",
                lambda: forms.BooleanField(
                    label="The child, in a long-term foster placement for a year or more, agrees to fewer visits",
                    required=False,
                ),
            ),
        ),
    )
)
