"""Early help open on a child: the episode is the plan (hearth.people.open_work, ADR 15); and the children a
service has been asked to take by a step-up or step-down, whose records its staff may read until they decide."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from hearth.earlyhelp.models import StepChange
from hearth.people.access import asked_of_service_register
from hearth.people.open_work import Badge, LivePlan, OpenEpisode, OpenWork, open_work_register


def _plan(child_id: int, episode: OpenEpisode) -> LivePlan:
    url = reverse("earlyhelp:episode", kwargs={"pk": child_id, "episode_pk": episode.pk})
    return LivePlan("Early help", episode.start, f"Lead professional: {episode.code or 'not recorded'}", url)


open_work_register(
    OpenWork(
        key="early_help",
        order=10,
        model="earlyhelp.EarlyHelpEpisode",
        open_filter={"end_date": None},
        sql="""
SELECT 'early_help', e.id, e.start_date, e.lead_professional, '', CAST(NULL AS DATE), '' FROM earlyhelp_earlyhelpepisode e
 WHERE e.child_id = %s AND e.end_date IS NULL""",
        badge=Badge("Early help", "turquoise"),
        plan=_plan,
    )
)


def _asked_of(service_id: int) -> QuerySet[StepChange]:
    """Step-ups and step-downs asked of a service and not yet handed over or declined."""
    return StepChange.objects.filter(to_service_id=service_id, declined_on=None, handover_on=None)


asked_of_service_register(_asked_of)
