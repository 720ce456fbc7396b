"""The indicators counted ahead (ADR 34): every indicator's last 24 months by team and worker, counted from the record
by the database in one statement each and kept (`IndicatorCount`), so that the pages read a few hundred rows rather
than count millions of duties on each request. A count is started by `hearth indicators`, by the queue when a page
finds the last count older than HEARTH_INDICATORS_STALE_MINUTES (60), and replaces the last one whole. Until there is
a count covering the months shown (a new month has begun, a fresh council), the pages count from the record."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hearth.core import clock
from hearth.core.tasks import background
from hearth.indicators.declarations import INDICATORS, Indicator
from hearth.indicators.measures import Month, counted, months_to
from hearth.indicators.models import IndicatorCount, IndicatorCounting


def indicators_count(today: date | None = None) -> IndicatorCounting:
    """Count every indicator for the last 24 months and replace the kept counts."""
    months = months_to(today or clock.today())
    started_at, started = clock.now(), time.perf_counter()
    rows = [
        IndicatorCount(
            indicator=indicator.key, month=month, team_id=team, worker_id=worker, cases=cases, met=met
        )
        for indicator in INDICATORS
        for month, team, worker, cases, met in counted(indicator, months)
    ]
    with transaction.atomic():
        IndicatorCount.objects.all().delete()
        IndicatorCount.objects.bulk_create(rows, batch_size=5000)
        return IndicatorCounting.objects.create(
            first_month=months[0].start,
            last_month=months[-1].start,
            started_at=started_at,
            finished_at=clock.now(),
            seconds=round(time.perf_counter() - started, 2),
        )


@background("Counting the performance indicators", retries=2)
def indicators_count_queued() -> None:
    indicators_count()


def last_counting() -> IndicatorCounting | None:
    return IndicatorCounting.objects.order_by("-finished_at", "-pk").first()


def counted_at(months: list[Month]) -> datetime | None:
    """When the kept counts were made, if they cover these months."""
    latest = last_counting()
    if latest is None or latest.first_month > months[0].start or latest.last_month < months[-1].start:
        return None
    return latest.finished_at


def recount_if_stale() -> None:
    """Enqueue a count when the last is older than the setting (or covers other months), unless one waits."""
    months = months_to(clock.today())
    made = counted_at(months)
    stale_after = timedelta(minutes=int(getattr(settings, "HEARTH_INDICATORS_STALE_MINUTES", 60)))
    if made is not None and clock.now() - made < stale_after:
        return
    waiting = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        task_path=indicators_count_queued.module_path,
    ).exists()
    if not waiting:
        indicators_count_queued.enqueue()


def stored_rows(
    indicator: Indicator, months: list[Month], team: int | None, worker: int | None, split: str
) -> list[tuple[date, int | None, int, int]] | None:
    """The kept counts summed for the council, a team or a worker, or split; None when no count covers the months."""
    if counted_at(months) is None:
        return None
    rows = IndicatorCount.objects.filter(indicator=indicator.key, month__in=[month.start for month in months])
    if team is not None:
        rows = rows.filter(team_id=team)
    if worker is not None:
        rows = rows.filter(worker_id=worker)
    keys = ["month", *([f"{split}_id"] if split else [])]
    grouped = rows.values(*keys).annotate(cases_sum=Sum("cases"), met_sum=Sum("met")).order_by()
    return [
        (row["month"], row.get(f"{split}_id") if split else None, row["cases_sum"], row["met_sum"])
        for row in grouped
        if not split or row.get(f"{split}_id") is not None
    ]
