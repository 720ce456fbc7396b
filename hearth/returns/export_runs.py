"""Exports asked for on the web pages, run in the background with their progress saved as they go.

`return_export_request` (the CIN census, for a collection year) and `annex_a_export_request` (Ofsted's Annex A, made
on a day) validate what was asked, save a queued export and put its run on the task queue in the same transaction
(ADR 23): `hearth worker` runs it in its own process. The file is written to a part file and renamed when complete; the read of every child in it is logged against the person who asked, in the same transaction that
marks the export done. An export that fails keeps its error and leaves no file (it is not tried again: the page
says what went wrong, and the person runs it again).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.db.models import Q
from django.urls import reverse

from hearth.core import clock, policy
from hearth.core.audit import audit_reads
from hearth.core.models import AccessAction
from hearth.core.tasks import background
from hearth.organisation.models import StaffUser
from hearth.returns.annex_a_workbook import CONTENT_TYPE as XLSX
from hearth.returns.annex_a_workbook import annex_a_file_name, annex_a_write
from hearth.returns.cin_census import census_file_name, cin_census_write
from hearth.returns.models import ExportStatus, ReturnExport, ReturnName

logger = logging.getLogger(__name__)

FIRST_YEAR = 2011


def exports_dir() -> Path:
    return Path(settings.VAR_DIR) / "exports"


def export_path(export: ReturnExport) -> Path:
    return exports_dir() / export.file_path


def return_export_request(*, year: int, by: StaffUser, today: date) -> ReturnExport:
    """Queue an export of the CIN census for the collection year ending 31 March `year`, and start it."""
    policy.require(by, "returns.export")
    last = clock.latest_complete_collection_year(today) + 1
    if not FIRST_YEAR <= year <= last:
        raise ValidationError(
            {"year": f"Enter a collection year from {FIRST_YEAR} to {last} (the year ends 31 March)"}
        )
    with transaction.atomic():  # the export and its run on the queue, or neither
        export = ReturnExport.objects.create(
            return_name=ReturnName.CIN_CENSUS,
            collection_year=year,
            requested_by=by,
            requested_at=clock.now(),
        )
        return_export_task.enqueue(export_pk=export.pk)
    return export


def annex_a_export_request(*, on: date, by: StaffUser, today: date) -> ReturnExport:
    """Queue an export of Annex A made on `on` (the months before it), and start it."""
    policy.require(by, "returns.export")
    if on > today:
        raise ValidationError(
            {"on": f"The date Annex A is made on must be today or in the past (today is {today:%-d %B %Y})."}
        )
    with transaction.atomic():
        export = ReturnExport.objects.create(
            return_name=ReturnName.ANNEX_A, on_date=on, requested_by=by, requested_at=clock.now()
        )
        return_export_task.enqueue(export_pk=export.pk)
    return export


@dataclass
class Written:
    """What an export's run wrote: the children in it (each read is logged) and its count of episodes, if any."""

    child_ids: list[int]
    episodes: int | None


def _file_suffix(export: ReturnExport) -> str:
    if export.return_name == ReturnName.ANNEX_A:
        assert export.on_date is not None
        return f"{export.on_date:%Y-%m-%d}-{export.pk}.xlsx"
    return f"{export.collection_year}-{export.pk}.xml"


def _write(export: ReturnExport, part: Path, progress: Callable[[int, int], None]) -> Written:
    if export.return_name == ReturnName.ANNEX_A:
        assert export.on_date is not None
        with part.open("wb") as binary:
            annex = annex_a_write(export.on_date, binary, progress=progress)
        return Written(annex.child_ids, None)
    assert export.collection_year is not None
    with part.open("w", encoding="utf-8") as handle:
        census = cin_census_write(export.collection_year, handle, now=clock.now(), progress=progress)
    return Written(census.child_ids, census.episodes)


@background("Statutory return export", retries=0)
def return_export_task(export_pk: int) -> None:
    return_export_run(export_pk=export_pk)


def _retrying(write: Callable[[], object]) -> None:
    """Run a write from the worker, waiting while SQLite (the demo) has the table locked by a request; PostgreSQL
    waits on its own."""
    for attempt in range(200):
        try:
            write()
            return
        except OperationalError as error:
            if "locked" not in str(error) or attempt == 199:
                raise
            time.sleep(0.05)


def return_export_run(*, export_pk: int) -> None:
    """Write the export's file, saving progress after each chunk; mark it done (logging the reads) or failed."""
    export = ReturnExport.objects.select_related("requested_by").get(pk=export_pk)
    _retrying(
        lambda: ReturnExport.objects.filter(pk=export_pk).update(
            status=ExportStatus.RUNNING, progress_at=clock.now()
        )
    )
    relative = f"{export.return_name}-{_file_suffix(export)}"
    final = exports_dir() / relative
    part = final.with_name(final.name + ".part")

    def progress(done: int, total: int) -> None:
        _retrying(
            lambda: ReturnExport.objects.filter(pk=export_pk).update(
                children_done=done, children_total=total, progress_at=clock.now()
            )
        )

    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        summary = _write(export, part, progress)
        part.replace(final)

        def finish() -> None:
            with transaction.atomic():
                _done(export, summary, relative)

        _retrying(finish)
    except Exception as error:  # any failure is the export's, shown on its page
        logger.exception("Return export %s failed", export_pk)
        part.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        message = str(error) or error.__class__.__name__
        _retrying(
            lambda: ReturnExport.objects.filter(pk=export_pk).update(
                status=ExportStatus.FAILED, error=message, finished_at=clock.now()
            )
        )


def _done(export: ReturnExport, summary: Written, relative: str) -> None:
    """The export is done: its file, its figures, and a read of every child in it logged against the requester."""
    export_pk = export.pk
    children = len(summary.child_ids)
    ReturnExport.objects.filter(pk=export_pk).update(
        status=ExportStatus.DONE,
        children_done=children,
        children_total=children,
        episodes=summary.episodes,
        file_path=relative,
        finished_at=clock.now(),
    )
    audit_reads(
        user=export.requested_by,
        child_ids=summary.child_ids,
        action=AccessAction.EXPORT,
        path=f"{reverse('returns:export', kwargs={'export_pk': export_pk})} "
        f"{export.return_name} {export.on_date or export.collection_year}",
    )


STALLED_AFTER = timedelta(minutes=15)
"""A chunk of 2,000 children takes about a second: an export with no progress for this long has stopped."""


def stalled_exports_fail(now: datetime) -> int:
    """Mark exports that stopped moving (the server restarted while they ran) as failed, so their pages stop
    refreshing and say to run them again."""
    cutoff = now - STALLED_AFTER
    stalled = ReturnExport.objects.filter(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]).filter(
        Q(progress_at__lt=cutoff) | Q(progress_at=None, requested_at__lt=cutoff)
    )
    return stalled.update(
        status=ExportStatus.FAILED,
        error="The export stopped before it finished (Hearth restarted while it ran): run it again.",
        finished_at=now,
    )


def download_name(export: ReturnExport) -> str:
    if export.return_name == ReturnName.ANNEX_A:
        assert export.on_date is not None
        return annex_a_file_name(export.on_date)
    assert export.collection_year is not None
    return census_file_name(export.collection_year)


def download_type(export: ReturnExport) -> str:
    return XLSX if export.return_name == ReturnName.ANNEX_A else "application/xml"
