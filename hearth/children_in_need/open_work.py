"""A child in need episode open on a child, and its plan (hearth.people.open_work, ADR 15). Shown only while the
child is not on a protection plan or looked after, whose own badge and plan say more."""

from __future__ import annotations

from django.urls import reverse

from hearth.core.codesets import PrimaryNeed
from hearth.people.open_work import Badge, LivePlan, OpenEpisode, OpenWork, open_work_register


def _plan(child_id: int, episode: OpenEpisode) -> LivePlan:
    url = reverse("children_in_need:episode", kwargs={"pk": child_id, "episode_pk": episode.pk})
    if episode.part_start:
        need = PrimaryNeed(episode.code).label if episode.code else "not recorded"
        return LivePlan("Child in need plan", episode.part_start, f"Primary need: {need}", url)
    return LivePlan("Child in need episode", episode.start, "Referral open; no plan yet", url)


open_work_register(
    OpenWork(
        key="cin",
        order=40,
        model="children_in_need.CinEpisode",
        open_filter={"closure_date": None},
        sql="""
SELECT 'cin', c.id, c.referral_date, c.primary_need, '', p.start_date, '' FROM children_in_need_cinepisode c
  LEFT JOIN children_in_need_cinplan p ON p.episode_id = c.id AND p.end_date IS NULL
 WHERE c.child_id = %s AND c.closure_date IS NULL""",
        badge=Badge("Child in need", "blue"),
        plan=_plan,
        hidden_by=("protection", "care"),
    )
)
