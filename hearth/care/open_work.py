"""A period of care and a care leaver's status open on a child (hearth.people.open_work, ADR 15)."""

from __future__ import annotations

from django.urls import reverse

from hearth.core.codesets import LegalStatus, PlacementType
from hearth.core.dates import as_date
from hearth.people.open_work import Badge, LivePlan, OpenEpisode, OpenWork, open_work_register


def _care_plan(child_id: int, episode: OpenEpisode) -> LivePlan:
    """Looked after at a glance (issue 16 item 9): legal status, placement and carer (and whether outside the
    council's area), the reviewing officer and the last visit, all from the one open-work statement."""
    detail = f"Legal status: {LegalStatus(episode.code).label}"
    if episode.part_code and episode.part_start:
        detail += (
            f"; placement: {PlacementType(episode.part_code).label} since {episode.part_start:%-d %b %Y}"
        )
    carer, out, iro, visited = (episode.detail.split("|") + ["", "", "", ""])[:4]
    if carer:
        detail += f", with {carer}"
    if out:
        detail += " (outside the council's area)"
    detail += f"; reviewing officer: {iro or 'not allocated'}"
    if visited:
        detail += f"; last visited {as_date(visited):%-d %b %Y}"
    return LivePlan("Looked after", episode.start, detail, url=reverse("care:care", kwargs={"pk": child_id}))


open_work_register(
    OpenWork(
        key="care",
        order=30,
        model="care.CarePeriod",
        open_filter={"end_date": None},
        sql="""
SELECT 'care', c.id, c.start_date, c.legal_status, p.placement_type, p.start_date,
       REPLACE(COALESCE(cp.name, ''), '|', '/') || '|' || CASE WHEN p.in_area = FALSE THEN 'out' ELSE '' END || '|'
       || REPLACE(COALESCE(s.full_name, ''), '|', '/') || '|' || COALESCE(CAST((
            SELECT MAX(e.occurred_on) FROM core_event e
             WHERE e.child_id = c.child_id AND e.type = 'lac_visit.completed' AND e.occurred_on >= c.start_date
          ) AS TEXT), '') FROM care_careperiod c
  LEFT JOIN care_placement p ON p.period_id = c.id AND p.end_date IS NULL
  LEFT JOIN care_careprovider cp ON cp.id = p.carer_id
  LEFT JOIN organisation_staffuser s ON s.id = c.iro_id
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
SELECT 'care_leaver', c.id, c.start_date, c.eligibility, '', CAST(NULL AS DATE), '' FROM care_careleaverstatus c
 WHERE c.child_id = %s AND c.end_date IS NULL""",
        badge=Badge("Care leaver", "pink"),
    )
)
