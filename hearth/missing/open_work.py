"""A child missing now (hearth.people.open_work, ADR 15): a badge on the header and a line among the live plans, read
in the child's page's one query of open work; the team that last held a child no one holds keeps sight of them."""

from __future__ import annotations

from django.urls import reverse

from hearth.missing.models import AbsenceKind
from hearth.people.open_work import Badge, LivePlan, OpenEpisode, OpenWork, open_work_register


def _plan(child_id: int, episode: OpenEpisode) -> LivePlan:
    what = "Missing" if episode.code == AbsenceKind.MISSING else "Away without permission"
    return LivePlan(
        what, episode.start, f"From {episode.detail}", reverse("missing:episodes", args=[child_id])
    )


open_work_register(
    OpenWork(
        key="missing",
        order=5,
        model="missing.MissingEpisode",
        open_filter={"ended_on": None},
        sql="""
SELECT 'missing', m.id, m.started_on, m.kind, m.risk, CAST(NULL AS DATE), m.missing_from FROM missing_missingepisode m
 WHERE m.child_id = %s AND m.ended_on IS NULL""",
        badge=Badge("Missing now", "red"),
        plan=_plan,
    )
)
