"""A child protection plan open on a child (hearth.people.open_work, ADR 15)."""

from __future__ import annotations

from django.urls import reverse

from hearth.core.codesets import CategoryOfAbuse
from hearth.people.open_work import Badge, LivePlan, OpenEpisode, OpenWork, open_work_register


def _plan(child_id: int, episode: OpenEpisode) -> LivePlan:
    url = reverse("protection:plan", kwargs={"pk": child_id, "plan_pk": episode.pk})
    return LivePlan(
        "Child protection plan", episode.start, f"Category: {CategoryOfAbuse(episode.code).label}", url
    )


open_work_register(
    OpenWork(
        key="protection",
        order=20,
        model="protection.ChildProtectionPlan",
        open_filter={"end_date": None},
        sql="""
SELECT 'protection', c.id, c.start_date, c.latest_category, '', CAST(NULL AS DATE), '' FROM protection_childprotectionplan c
 WHERE c.child_id = %s AND c.end_date IS NULL""",
        badge=Badge("Child protection", "red"),
        plan=_plan,
    )
)
