"""The demo's plans waiting for a manager: some open child in need plans sent for sign-off in the last fortnight,
one in five of them already returned with what must change, so the Decisions page and the worker's worklist have
something real to show. Written through the sign-off services, so events and obligations are the services' own."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, OuterRef

from hearth.children_in_need.models import CinPlan
from hearth.organisation.models import Allocation
from hearth.plans.models import PlanOutcome
from hearth.signoff.models import SignOff
from hearth.signoff.services import sign_off_decide, sign_off_request

RETURN_REASON = "Say who in the family does each action, and by when, before I sign this off."


def demo_sign_offs(today: date, every: int = 7, limit: int = 150) -> int:
    """Send every `every`-th open plan with outcomes (at most `limit`) for sign-off; return how many were sent."""
    plans = (
        CinPlan.objects.filter(end_date=None, episode__closure_date=None)
        .filter(Exists(PlanOutcome.objects.filter(cin_plan=OuterRef("pk"))))
        .exclude(Exists(SignOff.objects.filter(kind="cin_plan", subject_id=OuterRef("pk"))))
        .select_related("episode")
        .order_by("pk")
    )
    sent = 0
    for index, plan in enumerate(plans.iterator()):
        if index % every or sent >= limit:
            continue
        allocation = (
            Allocation.objects.select_related("worker", "team__manager")
            .filter(child_id=plan.episode.child_id, end_date=None)
            .first()
        )
        if allocation is None or allocation.worker is None or allocation.team.manager is None:
            continue
        on = max(plan.start_date, today - timedelta(days=index % 10))
        request = sign_off_request(kind="cin_plan", subject=plan, by=allocation.worker, on=on)
        sent += 1
        if sent % 5 == 0:
            sign_off_decide(
                sign_off=request,
                by=allocation.team.manager,
                approve=False,
                decided_on=today,
                rationale=RETURN_REASON,
            )
    return sent
