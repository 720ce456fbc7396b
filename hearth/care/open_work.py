"""A period of care and a care leaver's status open on a child (hearth.people.open_work, ADR 15)."""

from __future__ import annotations

from hearth.core.codesets import LegalStatus, PlacementType
from hearth.people.open_work import Badge, LivePlan, OpenEpisode, OpenWork, open_work_register


def _care_plan(child_id: int, episode: OpenEpisode) -> LivePlan:
    detail = f"Legal status: {LegalStatus(episode.code).label}"
    if episode.part_code and episode.part_start:
        detail += (
            f"; placement: {PlacementType(episode.part_code).label} since {episode.part_start:%-d %b %Y}"
        )
    return LivePlan("Care plan", episode.start, detail)


open_work_register(
    OpenWork(
        key="care",
        order=30,
        model="care.CarePeriod",
        open_filter={"end_date": None},
        sql="""
SELECT 'care', c.id, c.start_date, c.legal_status, p.placement_type, p.start_date FROM care_careperiod c
  LEFT JOIN care_placement p ON p.period_id = c.id AND p.end_date IS NULL
 WHERE c.child_id = %s AND c.end_date IS NULL""",
        badge=Badge("Looked after", "purple"),
        plan=_care_plan,
    )
)
open_work_register(
    OpenWork(
        key="care_leaver",
        order=50,
        model="care.CareLeaverStatus",
        open_filter={"end_date": None},
        sql="""
SELECT 'care_leaver', c.id, c.start_date, c.eligibility, '', CAST(NULL AS DATE) FROM care_careleaverstatus c
 WHERE c.child_id = %s AND c.end_date IS NULL""",
        badge=Badge("Care leaver", "pink"),
    )
)
