"""The performance pages (issue 19 item 6): every indicator at a glance, one indicator by month for 24 months
against its target and England's figure, by team and by worker, the children behind any figure, downloads of every
table, the benchmarks and the frozen months."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from openpyxl import Workbook

from hearth.core import clock
from hearth.core.audit import audit_reads
from hearth.core.http import AuthenticatedRequest
from hearth.core.idlists import ids_in, pk_any
from hearth.core.models import AccessAction
from hearth.core.policy import allowed, guard
from hearth.core.posting import apply_errors
from hearth.indicators.charts import chart_draw
from hearth.indicators.declarations import BY_KEY, INDICATORS, Indicator
from hearth.indicators.forms import BenchmarkForm, FreezeForm
from hearth.indicators.measures import Figure, Month, children_behind, figures, month_of, months_to
from hearth.indicators.models import BenchmarkKind, IndicatorSnapshot
from hearth.indicators.services import benchmark_set, benchmarks, latest_snapshots, snapshot_freeze
from hearth.indicators.store import counted_at, recount_if_stale
from hearth.organisation.models import StaffUser, Team
from hearth.organisation.roles import Scope
from hearth.organisation.selectors import services_overseen_ids
from hearth.people.access import reachable_ids, visible_among, visible_people
from hearth.people.models import Person

CHILDREN_SHOWN = 200


def _own_teams(user: StaffUser) -> list[int]:
    """The teams whose workers this user may see figures for: every team for a scope over every child, a head of
    service's services' teams, a manager's own and managed teams."""
    scope = user.effective_scope
    if scope == Scope.ALL:
        return list(Team.objects.values_list("pk", flat=True))
    if scope == Scope.SERVICE:
        return list(
            Team.objects.filter(service_id__in=services_overseen_ids(user)).values_list("pk", flat=True)
        )
    teams = set(user.managed_teams.values_list("pk", flat=True))
    if user.team_id is not None:
        teams.add(user.team_id)
    return sorted(teams)


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _shown(value: float | None, indicator: Indicator) -> str:
    if value is None:
        return "–"
    return f"{value:g}%" if indicator.is_percent else f"{value:g}"


def _direction(indicator: Indicator, value: float | None, target: float | None) -> str:
    if value is None or target is None or indicator.good == "neither":
        return ""
    better = value >= target if indicator.good == "higher" else value <= target
    return "on target" if better else "off target"


@guard("indicators.read", every_method=True)
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """Every indicator: the last month reported (frozen where it was), this month so far, a year before."""
    today = clock.today()
    months = months_to(today, 14)
    last, current, year_before = months[-2], months[-1], months[0]  # a year before the last month reported
    own = _own_teams(request.user)
    team = _number(request.GET.get("team"))
    if team is None and request.user.effective_scope == Scope.TEAM and request.user.team_id:
        team = request.user.team_id
    if team is not None and team not in own:
        team = None
    recount_if_stale()
    frozen = latest_snapshots([last.start]).get(last.start)
    marks = benchmarks()
    rows: list[dict[str, Any]] = []
    for indicator in INDICATORS:
        series = {figure.month: figure for figure in figures(indicator, [year_before, last, current])}
        reported = series.get(last.start)
        value = reported.value if reported else None
        if frozen is not None and indicator.key in frozen.figures:
            value = frozen.figures[indicator.key]["council"][2]
        target = marks.get(indicator.key, {}).get(BenchmarkKind.TARGET)
        england = marks.get(indicator.key, {}).get(BenchmarkKind.ENGLAND)
        mine = figures(indicator, [last], team=team) if team is not None else []
        rows.append(
            {
                "indicator": indicator,
                "last": _shown(value, indicator),
                "current": _shown(
                    series[current.start].value if current.start in series else None, indicator
                ),
                "year_before": _shown(
                    series[year_before.start].value if year_before.start in series else None, indicator
                ),
                "team": _shown(mine[0].value if mine else None, indicator) if team is not None else None,
                "target": f"{target.value:g}" if target else "",
                "england": f"{england.value:g}" if england else "",
                "status": _direction(indicator, value, float(target.value) if target else None),
                "part": "met" if indicator.is_percent else "all",
            }
        )
    download = request.GET.get("download", "")
    if download in {"csv", "xlsx"}:
        header = [
            "Indicator",
            last.label,
            *([f"{team_name}, {last.label}"] if (team_name := _team_name(team)) else []),
            f"{current.label} so far",
            year_before.label,
            "Target",
            "England",
        ]
        table = [
            [
                row["indicator"].title,
                row["last"],
                *([row["team"]] if team is not None else []),
                row["current"],
                row["year_before"],
                row["target"],
                row["england"],
            ]
            for row in rows
        ]
        return _table_download(f"performance_{last.key}", "Performance", header, table, download)
    form = FreezeForm(initial={"month": last.key})
    return render(
        request,
        "indicators/dashboard.html",
        {
            "rows": rows,
            "last": last,
            "current": current,
            "year_before": year_before,
            "frozen": frozen,
            "team": Team.objects.filter(pk=team).first() if team else None,
            "teams": Team.objects.filter(pk__in=own).order_by("name"),
            "may_manage": allowed(request.user, "indicators.manage", None),
            "freeze_form": form,
            "complete_months": [month for month in months_to(today) if month.end < today][::-1],
            "snapshots": IndicatorSnapshot.objects.select_related("frozen_by")[:12],
            "counted_at": counted_at(months),
        },
    )


@guard("indicators.manage", every_method=True)
def freeze(request: AuthenticatedRequest) -> HttpResponse:
    form = FreezeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            snapshot_freeze(
                month_key=form.cleaned_data["month"], reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("indicators:dashboard")
    return render(request, "indicators/freeze.html", {"form": form, "months": months_to(clock.today())})


@guard("indicators.manage", every_method=True)
def benchmark(request: AuthenticatedRequest) -> HttpResponse:
    form = BenchmarkForm(request.POST or None, initial={"indicator": request.GET.get("indicator", "")})
    if request.method == "POST" and form.is_valid():
        try:
            benchmark_set(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("indicators:indicator", key=form.cleaned_data["indicator"])
    marks = benchmarks()
    listed = [(indicator, marks.get(indicator.key, {})) for indicator in INDICATORS]
    return render(request, "indicators/benchmarks.html", {"form": form, "listed": listed})


def _indicator(key: str) -> Indicator:
    found = BY_KEY.get(key)
    if found is None:
        raise Http404("No such indicator.")
    return found


@guard("indicators.read", every_method=True)
def indicator(request: AuthenticatedRequest, key: str) -> HttpResponse:
    """One indicator by month for 24 months (the council's, a team's or a worker's), by team for a month, and by
    worker for a team."""
    chosen = _indicator(key)
    today = clock.today()
    months = months_to(today)
    own = _own_teams(request.user)
    team = _number(request.GET.get("team"))
    worker = _number(request.GET.get("worker"))
    if team is not None and team not in own:
        team = None
    if worker is not None and (
        team is None or not StaffUser.objects.filter(pk=worker, team_id=team).exists()
    ):
        worker = None
    month = month_of(request.GET.get("month", ""), today) or months[-2]
    recount_if_stale()
    frozen = latest_snapshots([m.start for m in months])
    series = _as_reported(chosen, figures(chosen, months, team=team, worker=worker), frozen, team, worker)
    by_month = {figure.month: figure for figure in series}
    by_team = figures(chosen, [month], split="team")
    by_worker = figures(chosen, [month], team=team, split="worker") if team is not None else []
    marks = benchmarks().get(chosen.key, {})
    target = marks.get(BenchmarkKind.TARGET)
    england = marks.get(BenchmarkKind.ENGLAND)
    tables: dict[str, list[Any]] = {
        "months": [(m, by_month.get(m.start)) for m in months],
        "teams": _named(by_team, Team, own),
        "workers": _named(by_worker, StaffUser, None),
    }
    download = request.GET.get("download", "")
    if download in {"csv", "xlsx"}:
        return _download(chosen, request.GET.get("table", "months"), tables, download, month)
    return render(
        request,
        "indicators/indicator.html",
        {
            "indicator": chosen,
            "chart": chart_draw(
                months,
                series,
                percent=chosen.is_percent,
                target=float(target.value) if target else None,
                england=float(england.value) if england else None,
            ),
            "months": tables["months"][::-1],
            "teams": tables["teams"],
            "workers": tables["workers"],
            "month": month,
            "month_choices": list(months)[::-1],
            "team": Team.objects.filter(pk=team).first() if team else None,
            "worker": StaffUser.objects.filter(pk=worker).first() if worker else None,
            "target": target,
            "england": england,
            "frozen": frozen,
            "counted_at": counted_at(months),
            "query": request.GET.urlencode(),
            "may_manage": allowed(request.user, "indicators.manage", None),
        },
    )


def _as_reported(
    chosen: Indicator,
    series: list[Figure],
    frozen: dict[date, IndicatorSnapshot],
    team: int | None,
    worker: int | None,
) -> list[Figure]:
    """The months frozen as reported show their frozen figures (the council's, or a team's); a worker's figures
    were never reported, so they follow the record."""
    if worker is not None or not frozen:
        return series
    kept = {figure.month: figure for figure in series}
    for start, snapshot in frozen.items():
        held = snapshot.figures.get(chosen.key)
        if held is None:
            continue
        cases, met, value = held["council"] if team is None else held["teams"].get(str(team), [0, 0, None])
        kept[start] = Figure(start, cases, met, value)
    return sorted(kept.values(), key=lambda figure: figure.month)


def _named(found: list[Figure], model: Any, allowed_ids: list[int] | None) -> list[tuple[Any, Figure]]:
    ids = [figure.group for figure in found if figure.group is not None]
    names = model.objects.in_bulk(ids)
    return sorted(
        (
            (names.get(figure.group), figure)
            for figure in found
            if figure.group is not None and (allowed_ids is None or figure.group in allowed_ids)
        ),
        key=lambda pair: str(pair[0]),
    )


def _team_name(team: int | None) -> str:
    return Team.objects.filter(pk=team).values_list("name", flat=True).first() or "" if team else ""


def _table_download(
    name: str, title: str, header: list[str], rows: list[list[Any]], kind: str
) -> HttpResponse:
    """A table as CSV or as an Excel workbook (dates as Excel dates)."""
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            writer.writerow(
                [
                    cell.isoformat() if isinstance(cell, date) else ("" if cell is None else cell)
                    for cell in row
                ]
            )
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = title[:31]
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        for cell in sheet["A"][1:]:
            if isinstance(cell.value, date):
                cell.number_format = "mmm yyyy"
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def _download(
    chosen: Indicator, table: str, tables: dict[str, list[Any]], kind: str, month: Month
) -> HttpResponse:
    unit = "%" if chosen.is_percent else "per 10,000"
    if table == "months":
        header = ["Month", "Cases", "Meeting the measure", f"Figure ({unit})"]
        rows: list[list[Any]] = [
            [m.start, f.cases if f else 0, f.met if f else 0, f.value if f else None]
            for m, f in tables["months"]
        ]
    elif table in {"teams", "workers"}:
        header = [
            "Team" if table == "teams" else "Worker",
            "Cases",
            "Meeting the measure",
            f"Figure ({unit})",
        ]
        rows = [[str(name), f.cases, f.met, f.value] for name, f in tables[table]]
    else:
        raise Http404("No such table.")
    name = f"{chosen.key}_{table}" + ("" if table == "months" else f"_{month.key}")
    return _table_download(name, chosen.title, header, rows, kind)


@guard("indicators.read", every_method=True)
def children(request: AuthenticatedRequest, key: str) -> HttpResponse:
    """The children behind one figure; only those the reader may open are named, and their listing is logged."""
    chosen = _indicator(key)
    today = clock.today()
    month = month_of(request.GET.get("month", ""), today)
    if month is None:
        raise Http404("Choose one of the last 24 months.")
    own = _own_teams(request.user)
    team = _number(request.GET.get("team"))
    worker = _number(request.GET.get("worker"))
    if team is not None and team not in own:
        team = None
    if worker is not None and not StaffUser.objects.filter(pk=worker, team_id__in=own).exists():
        raise Http404("No such worker in the teams you see.")
    if worker is not None and team is None:
        team = StaffUser.objects.get(pk=worker).team_id
    met_only = request.GET.get("part") == "met"
    ids = children_behind(chosen, month, team=team, worker=worker, met_only=met_only)
    shown, may_open = _named_children(request.user, ids)
    audit_reads(
        user=request.user,
        child_ids=[p.pk for p in shown],
        action=AccessAction.SEARCH,
        path=request.get_full_path(),
    )
    return render(
        request,
        "indicators/children.html",
        {
            "indicator": chosen,
            "month": month,
            "team": Team.objects.filter(pk=team).first() if team else None,
            "worker": StaffUser.objects.filter(pk=worker).first() if worker else None,
            "met_only": met_only,
            "shown": shown,
            "total": len(ids),
            "hidden": len(ids) - may_open,
            "more": max(0, may_open - len(shown)),
            "back": reverse("indicators:indicator", kwargs={"key": chosen.key}),
        },
    )


def _named_children(user: StaffUser, ids: list[int]) -> tuple[list[Person], int]:
    """The first children by name the user may open among these, and how many they may open. Asked of the user's
    reach first where it is small (ADR 21); for a scope over every child, only restricted records are held back,
    and need-to-know is asked of the page shown."""
    reach = reachable_ids(user)
    if reach is not None:
        candidates = [pk for pk in ids if pk in reach.ids]
        people = list(Person.objects.filter(pk__in=ids_in(candidates)))
        may = visible_among(user, people)
        named = sorted((p for p in people if p.pk in may), key=lambda p: (p.surname, p.forename, p.pk))
        return named[:CHILDREN_SHOWN], len(named)
    # By name, from the name index (person_name_idx), stopping at the page's end.
    chosen = Person.objects.filter(pk_any(Person, ids))
    page = list(chosen.order_by("surname", "forename", "pk")[: CHILDREN_SHOWN * 2])
    may = visible_among(user, page)
    named = [p for p in page if p.pk in may][:CHILDREN_SHOWN]
    if user.effective_scope != Scope.ALL:  # a reach of thousands: the database counts what they may open
        return named, visible_people(user).filter(pk__in=ids_in(ids)).count()
    held_back = chosen.filter(is_restricted=True).exclude(pk__in=[p.pk for p in page if p.pk in may]).count()
    return named, len(ids) - held_back
