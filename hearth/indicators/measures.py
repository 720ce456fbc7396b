"""Every indicator computed the same way, by the database (issue 19 item 5): one grouped query for any number of
months, the council's figure or one team's or worker's, or split by team or worker; and the children behind a figure.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, DateField, Q
from django.db.models.functions import TruncMonth

from hearth.core.council_settings import setting_value
from hearth.indicators.declarations import PER_10000, Indicator

MONTHS_SHOWN = 24
MONTH_COLUMNS = (
    "month_start",
    "month_end",
    "year_before",
    "two_years_before",
    "two_half_years_before",
    "sixteen_years_before",
)


@dataclass(frozen=True)
class Month:
    start: date
    end: date  # the month's last day, or today for the month in progress

    @property
    def label(self) -> str:
        return f"{self.start:%b %Y}"

    @property
    def key(self) -> str:
        return f"{self.start:%Y-%m}"


@dataclass(frozen=True)
class Figure:
    month: date
    cases: int  # the denominator (children counted, for a rate)
    met: int  # the numerator
    value: float | None
    group: int | None = None  # the team or worker, when split


def _years_before(day: date, years: int, months: int = 0) -> date:
    total = day.year * 12 + day.month - 1 - years * 12 - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_to(today: date, count: int = MONTHS_SHOWN) -> list[Month]:
    """The last `count` months, oldest first, ending with the month in progress (to today)."""
    months = []
    for back in range(count - 1, -1, -1):
        total = today.year * 12 + today.month - 1 - back
        year, month = divmod(total, 12)
        start = date(year, month + 1, 1)
        last = date(year, month + 1, calendar.monthrange(year, month + 1)[1])
        months.append(Month(start, min(last, today)))
    return months


def month_of(key: str, today: date) -> Month | None:
    """A month from its key (YYYY-MM), if it is one of those shown."""
    return next((month for month in months_to(today) if month.key == key), None)


def _value(indicator: Indicator, cases: int, met: int, month: Month) -> float | None:
    if indicator.unit == PER_10000:
        population = int(setting_value("child_population", month.end) or 0)
        if not population:
            return None
        # Cases in a month are a year's rate at the month's pace (England's rates are per year); children on a day
        # are counted on the day.
        pace = 365 / ((month.end - month.start).days + 1) if indicator.cases is not None else 1.0
        return round(cases * pace * 10000 / population, 1)
    return round(met * 100 / cases, 1) if cases else None


def figures(
    indicator: Indicator,
    months: list[Month],
    *,
    team: int | None = None,
    worker: int | None = None,
    split: str = "",
) -> list[Figure]:
    """The indicator for each month (the council's, or a team's or worker's), or split by "team" or "worker": as last
    counted (`store.py`) when the count covers these months, else from the record now."""
    from hearth.indicators.store import stored_rows

    rows = stored_rows(indicator, months, team, worker, split)
    if rows is None:
        rows = _live_rows(indicator, months, team, worker, split)
    by_start = {month.start: month for month in months}
    found = [
        Figure(start, cases, met or 0, _value(indicator, cases, met or 0, by_start[start]), group)
        for start, group, cases, met in rows
        if start in by_start
    ]
    return sorted(found, key=lambda figure: (figure.month, figure.group or 0))


def _live_rows(
    indicator: Indicator, months: list[Month], team: int | None, worker: int | None, split: str
) -> list[tuple[date, int | None, int, int]]:
    if indicator.cases is not None:
        return _case_rows(indicator, months, team, worker, split)
    return _stock_rows(indicator, months, team, worker, split)


def counted(indicator: Indicator, months: list[Month]) -> list[tuple[date, int | None, int | None, int, int]]:
    """Every month's cases and those meeting the measure by team and worker together, in one statement: what the
    store keeps (sums of these are the council's, a team's or a worker's figures)."""
    if indicator.cases is not None:
        grouped = (
            _cases(indicator, months[0].start, months[-1].end, None, None)
            .annotate(month=TruncMonth("on", output_field=DateField()))
            .values("month", "by_team", "by_worker")
            .annotate(counted=Count("pk"), met_count=Count("pk", filter=Q(met=True)))
            .order_by()
        )
        return [
            (_as_date(row["month"]), row["by_team"], row["by_worker"], row["counted"], row["met_count"])
            for row in grouped
        ]
    table, params = _months_table(months)
    statement = (
        f"WITH {table} SELECT month, by_team, by_worker, COUNT(*), SUM(met)"  # noqa: S608
        f" FROM ({_each_child(indicator)}) stock GROUP BY month, by_team, by_worker"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return [
            (_as_date(month), team, worker, cases, met or 0) for month, team, worker, cases, met in cursor
        ]


def _case_rows(
    indicator: Indicator, months: list[Month], team: int | None, worker: int | None, split: str
) -> list[tuple[date, int | None, int, int]]:
    cases = _cases(indicator, months[0].start, months[-1].end, team, worker)
    keys = ["month", *([f"by_{split}"] if split else [])]
    grouped = (
        cases.annotate(month=TruncMonth("on", output_field=DateField()))
        .values(*keys)
        .annotate(counted=Count("pk"), met_count=Count("pk", filter=Q(met=True)))
        .order_by()
    )
    return [
        (_as_date(row["month"]), row.get(f"by_{split}") if split else None, row["counted"], row["met_count"])
        for row in grouped
    ]


def _cases(indicator: Indicator, first: date, last: date, team: int | None, worker: int | None) -> Any:
    """The indicator's cases between two days, those counted against a team or a worker when given."""
    assert indicator.cases is not None
    cases = indicator.cases(first, last)
    if team is not None:
        cases = cases.filter(by_team=team)
    if worker is not None:
        cases = cases.filter(by_worker=worker)
    return cases


def _held_by(team: int | None, worker: int | None) -> tuple[list[str], list[int]]:
    """The conditions and parameters choosing the children on a day counted against a team or a worker."""
    where, params = [], []
    for column, value in (("by_team", team), ("by_worker", worker)):
        if value is not None:
            where.append(f"{column} = %s")
            params.append(value)
    return where, params


def _months_table(months: list[Month]) -> tuple[str, list[date]]:
    cast = "%s::date" if connection.vendor == "postgresql" else "%s"
    row = "(" + ", ".join([cast] * len(MONTH_COLUMNS)) + ")"
    params: list[date] = []
    for month in months:
        params += [
            month.start,
            month.end,
            _years_before(month.end, 1),
            _years_before(month.end, 2),
            _years_before(month.end, 2, 6),
            _years_before(month.end, 16),
        ]
    return f"months({', '.join(MONTH_COLUMNS)}) AS (VALUES {', '.join([row] * len(months))})", params


def _stock_rows(
    indicator: Indicator, months: list[Month], team: int | None, worker: int | None, split: str
) -> list[tuple[date, int | None, int, int]]:
    table, params = _months_table(months)
    where, extra = _held_by(team, worker)
    group = f", by_{split}" if split else ", NULL"
    statement = (
        f"WITH {table} SELECT month{group}, COUNT(*), SUM(met) FROM ({_each_child(indicator)}) stock"  # noqa: S608
        f"{' WHERE ' + ' AND '.join(where) if where else ''} GROUP BY month{group if split else ''}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *extra])
        return [
            (_as_date(month), group_id, counted, met) for month, group_id, counted, met in cursor.fetchall()
        ]


def _each_child(indicator: Indicator) -> str:
    """A child once a month however many of their records the measure joined (two plans on the day one ends and
    the next starts), meeting the measure if any does."""
    columns = "month, child_id, MAX(met) AS met, MAX(by_team) AS by_team, MAX(by_worker) AS by_worker"
    return f"SELECT {columns} FROM ({indicator.stock}) joined GROUP BY month, child_id"  # noqa: S608


def _as_date(value: object) -> date:
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    return date.fromisoformat(str(value)[:10])


def children_behind(
    indicator: Indicator, month: Month, *, team: int | None, worker: int | None, met_only: bool
) -> list[int]:
    """The children counted in one month's figure (those meeting the measure, with met_only)."""
    if indicator.cases is not None:
        cases = _cases(indicator, month.start, month.end, team, worker)
        if met_only:
            cases = cases.filter(met=True)
        return sorted({pk for pk in cases.values_list("child_id", flat=True) if pk is not None})
    table, params = _months_table([month])
    where, extra = _held_by(team, worker)
    if met_only:
        where.append("met = 1")
    statement = (
        f"WITH {table} SELECT child_id FROM ({_each_child(indicator)}) stock"  # noqa: S608
        f"{' WHERE ' + ' AND '.join(where) if where else ''}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *extra])
        return sorted(row[0] for row in cursor.fetchall())
