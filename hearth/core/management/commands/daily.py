"""`hearth daily`: the day's work, run once a day by the council's scheduler (cron or a systemd timer; the README's
production section) and by the demo when it starts (issue 14 item 2).

For each day since the last run (so a missed day is caught up), through today:
- clocks whose start date arrives (dated facts: birthdays, a care leaver's birthday window) start: the subjects
  whose facts fall on those days are found with one query per source and their obligations rebuilt;
- members of staff that no event names yet (created in bulk, or before this release) are joined, which starts
  their clocks (supervision, appraisal), and open duties about staff move to whoever supervises them now.
Escalation and "overdue" are read on the day (queries on the due date), so they need no run. Running it twice is
harmless: a rebuild gives the same obligations again.

The rebuilds go on the task queue in parts, for `hearth worker` (ADR 23); `--inline` does everything here and now.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hearth.core import clock
from hearth.core.timescales.daily import AlreadyRunning, daily_run


class Command(BaseCommand):
    help = "Do the day's work: start the clocks whose dates arrive, refresh staff duties; catches up missed days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since",
            type=date.fromisoformat,
            help="cover from this day (YYYY-MM-DD), not from the day after the last run",
        )
        parser.add_argument(
            "--inline",
            action="store_true",
            help="rebuild the clocks here and now rather than on the task queue (no worker needed)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = clock.today()
        since: date | None = options["since"]
        if since is not None and since > today:
            self.stderr.write(f"--since: {since} is after today ({today}); nothing was changed.")
            raise SystemExit(2)
        started = time.monotonic()
        try:
            run = daily_run(today, since=since, queue=not options["inline"])
        except AlreadyRunning as error:
            self.stderr.write(str(error))
            raise SystemExit(3) from error
        seconds = time.monotonic() - started
        if run.finished_at is None:
            self.stdout.write(
                f"Covered {run.first_day} to {run.last_day}: {run.summary.get('joined', 0)} members of staff joined; "
                f"the clocks of the records with a date arriving are rebuilt by the worker in {run.parts} "
                f"part{'s' if run.parts != 1 else ''} ({seconds:.1f} s here)."
            )
            return
        self.stdout.write(
            f"Covered {run.first_day} to {run.last_day}: {run.summary.get('dated', 0)} records with a clock "
            f"starting on a date, {run.summary.get('joined', 0)} members of staff joined, "
            f"{run.summary.get('staff_duties_moved', 0)} staff duties moved to a new supervisor; {seconds:.1f} s."
        )
