"""The council's census data quality: failures by rule, and the children behind each, by team and worker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
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
    listed = _Listed(failures)
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
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
            "by_rule": listed.by_rule,
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
            "total": listed.children,
        },
    )


class _Listed(Sequence[QualityFailure]):
    """The failures listed, by rule and child, as the paginator pages them. Counted once, in one grouped statement,
    by rule and child (the rules' counts, the children to fix and the pages come from it), each rule's wording read
    from one of its failures; a page's failures are read for that page's rules and children alone."""

    def __init__(self, failures: QuerySet[QualityFailure]) -> None:
        self.failures = failures
        by_pair: dict[tuple[str, int], int] = {}
        first: dict[str, int] = {}  # a failure of each rule, to read the rule's wording from
        counted: dict[str, list[int]] = {}  # children, failures
        for rule, child, count, pk in failures.values_list("rule", "child_id").annotate(
            count=Count("pk"), first=Min("pk")
        ):
            by_pair[(rule, child)] = count
            first[rule] = min(first.get(rule, pk), pk)
            line = counted.setdefault(rule, [0, 0])
            line[0] += 1
            line[1] += count
        wording = {
            rule: (is_query, message)
            for rule, is_query, message in QualityFailure.objects.filter(pk__in=first.values()).values_list(
                "rule", "is_query", "message"
            )
        }
        self.pairs = sorted(by_pair.items())  # the listing's order: by rule, then child
        ordered = sorted(counted.items(), key=lambda item: (wording[item[0]][0], -item[1][0], item[0]))
        self.by_rule = [
            {
                "rule": rule,
                "is_query": wording[rule][0],
                "message": wording[rule][1],
                "children": children,
                "failures": count,
            }
            for rule, (children, count) in ordered
        ]
        self.children = len({child for _, child in by_pair})
        self.failing = sum(by_pair.values())

    def __len__(self) -> int:
        return self.failing

    @overload
    def __getitem__(self, index: int) -> QualityFailure: ...

    @overload
    def __getitem__(self, index: slice) -> list[QualityFailure]: ...

    def __getitem__(self, index: int | slice) -> QualityFailure | list[QualityFailure]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(self.failing)
        first, seen, wanted = 0, 0, set[tuple[str, int]]()
        for pair, count in self.pairs:
            if seen + count > start and seen < stop:
                if not wanted:
                    first = seen
                wanted.add(pair)
            seen += count
        if not wanted:
            return []
        rows = [
            row
            for row in self.failures.filter(
                rule__in={rule for rule, _ in wanted}, child_id__in={child for _, child in wanted}
            )
            .select_related("child")
            .order_by("rule", "child_id", "-collection_year", "pk")
            if (row.rule, row.child_id) in wanted
        ]
        return rows[start - first : stop - first]


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
            Person.objects.filter(
                Q(is_restricted=True) & ~Q(pk__in=named) | Q(merged_into__isnull=False)
            ).values_list("pk", flat=True)
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
