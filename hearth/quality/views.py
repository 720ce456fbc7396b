"""The council's census data quality: failures by rule, and the children behind each, by team and worker."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render

from hearth.core.http import AuthenticatedRequest
from hearth.core.idlists import ids_in
from hearth.core.policy import guard
from hearth.organisation.models import Allocation, StaffUser, Team
from hearth.organisation.roles import PARTNER_ROLES, Scope
from hearth.people.access import reachable_ids, visible_among, visible_children
from hearth.people.models import Person, RestrictedAccess
from hearth.quality.checks import checked_years, pending_count
from hearth.quality.models import QualityFailure


@guard("quality.council", every_method=True)
def council_quality(request: AuthenticatedRequest) -> HttpResponse:
    failures = _visible_failures(request.user)
    rule, team, worker, year = (request.GET.get(key, "") for key in ("rule", "team", "worker", "year"))
    years = checked_years()
    if rule:
        failures = failures.filter(rule=rule)
    if year.isdigit() and int(year) in years:
        failures = failures.filter(collection_year=int(year))
    else:  # the two years checked (a year no longer checked keeps no failures on show)
        failures = failures.filter(collection_year__in=years)
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
        .annotate(children=Count("child", distinct=True), failures=Count("pk"), message=Max("message"))
        .order_by("is_query", "-children", "rule")
    )
    rows = failures.select_related("child").order_by("rule", "child_id", "-collection_year", "pk")
    paginator = Paginator(rows, 50)
    paginator.__dict__["count"] = sum(line["failures"] for line in by_rule)  # counted by rule already
    page = paginator.get_page(request.GET.get("page"))
    holders = {
        allocation.child_id: allocation
        for allocation in Allocation.objects.filter(
            child_id__in=[row.child_id for row in page], end_date=None
        ).select_related("worker", "team")
    }
    # The workers of the team chosen, or of the reader's own team: a list to choose from, not the council's staff.
    listed_team = int(team) if team.isdigit() else request.user.team_id
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
            "workers": StaffUser.objects.filter(is_active=True, team_id=listed_team)
            .exclude(role__in=PARTNER_ROLES)
            .order_by("full_name")
            if listed_team is not None
            else StaffUser.objects.none(),
            "chosen": {"rule": rule, "team": team, "worker": worker, "year": year},
            "years": years,
            "waiting": pending_count(),
            "querystring": query.urlencode(),
            "total": failures.values("child").distinct().count(),
        },
    )


def _visible_failures(user: StaffUser) -> QuerySet[QualityFailure]:
    """The failures of the children this user may open. For a scope over every child, every record but a
    restricted one not named to them. Otherwise need-to-know is asked of the children with failures alone, first
    narrowed to the few children a team's or a worker's reach holds (ADR 21); for a service's reach of thousands,
    the database asks it of them in one statement (`visible_children`)."""
    failures = QualityFailure.objects.all()
    scope = user.effective_scope
    if scope == Scope.ALL:
        # The few records held back (restricted and not named to them, or merged into another), not a join.
        named = RestrictedAccess.objects.filter(user=user).values("child_id")
        held_back = list(
            Person.objects.filter(Q(is_restricted=True) | Q(merged_into__isnull=False))
            .exclude(pk__in=named)
            .values_list("pk", flat=True)
        )
        return failures.exclude(child_id__in=ids_in(held_back)) if held_back else failures
    if scope == Scope.SERVICE:
        # A service's reach runs to thousands: the database asks need-to-know of the children with failures alone.
        failing_children = failures.values("child_id")
        visible = visible_children(user).filter(pk__in=failing_children).values_list("pk", flat=True)
        return failures.filter(child_id__in=ids_in(list(visible)))
    reach = reachable_ids(user)
    if reach is None:
        failing = list(failures.values_list("child_id", flat=True).distinct())
    else:
        failing = list(
            failures.filter(child_id__in=ids_in(reach.ids)).values_list("child_id", flat=True).distinct()
        )
    people = list(
        Person.objects.filter(pk__in=ids_in(failing)).only(
            "pk", "kind", "is_restricted", "merged_into_id", "created_by_id"
        )
    )
    return failures.filter(child_id__in=ids_in(visible_among(user, people)))
