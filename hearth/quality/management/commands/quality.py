"""hearth quality [--all]: check the children waiting for the census rules now (as the queue's task does), or every
child in the census of the year in progress and the one before."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.quality.checks import (
    BATCH,
    checked_years,
    pending_count,
    quality_check,
    quality_check_pending_now,
)
from hearth.returns.cin_census import CensusPeriod, census_child_ids
from hearth.returns.validator import CinValidatorUnavailable


class Command(BaseCommand):
    help = "Check children against every rule of the CIN census validator: those waiting, or --all"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="Every child in this year's and last year's census"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            if options["all"]:
                years = checked_years()
                ids = sorted({pk for year in years for pk in census_child_ids(CensusPeriod(year))})
                failures = quality_check(ids, years)
                self.stdout.write(
                    f"Checked {len(ids):,} children for {years[0]} and {years[1]}: {failures:,} failures "
                    f"({time.perf_counter() - started:,.1f} s)."
                )
                return
            waiting = pending_count()
            while pending_count():
                quality_check_pending_now(BATCH)
        except CinValidatorUnavailable as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Checked {waiting:,} children waiting ({time.perf_counter() - started:,.1f} s).")
