"""The council's census data quality: failures by rule, and the children behind each, by team and worker."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import render

from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard
from hearth.organisation.models import Allocation, StaffUser, Team
from hearth.people.access import visible_people
from hearth.quality.checks import RULES
from hearth.quality.models import QualityFailure

FIX = {rule.code: rule.fix for rule in RULES}


@guard("quality.council", every_method=True)
def council_quality(request: AuthenticatedRequest) -> HttpResponse:
    failures = QualityFailure.objects.filter(child__in=visible_people(request.user))
    rule, team, worker = (request.GET.get(key, "") for key in ("rule", "team", "worker"))
    if rule:
        failures = failures.filter(rule=rule)
    if team.isdigit():
        failures = failures.filter(
            Exists(Allocation.objects.filter(child=OuterRef("child"), end_date=None, team_id=int(team)))
        )
    if worker.isdigit():
        failures = failures.filter(
            Exists(Allocation.objects.filter(child=OuterRef("child"), end_date=None, worker_id=int(worker)))
        )
    by_rule = list(
        failures.values("rule", "is_query")
        .annotate(children=Count("child", distinct=True), failures=Count("pk"))
        .order_by("is_query", "-children", "rule")
    )
    for line in by_rule:
        line["fix"] = FIX.get(line["rule"], "")
    rows = failures.select_related("child").order_by("rule", "child__surname", "child__forename", "pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    holders = {
        allocation.child_id: allocation
        for allocation in Allocation.objects.filter(
            child_id__in=[row.child_id for row in page], end_date=None
        ).select_related("worker", "team")
    }
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "quality/council.html",
        {
            "by_rule": by_rule,
            "page_obj": page,
            "rows": [(row, holders.get(row.child_id)) for row in page],
            "teams": Team.objects.order_by("name"),
            "workers": StaffUser.objects.filter(
                Q(pk__in=Allocation.objects.filter(end_date=None).values("worker_id"))
            ).order_by("full_name"),
            "chosen": {"rule": rule, "team": team, "worker": worker},
            "querystring": query.urlencode(),
            "total": failures.values("child").distinct().count(),
        },
    )
