"""hearth import cin-census FILE --year YYYY [--mode strict|migration] [--dry-run] [--report FILE.csv]
[--as USERNAME]: load an earlier CIN census as history.

A file that cannot be read (malformed, not a census, another year or council) is refused with a report by element
and field, and the command exits non-zero, having written nothing. In strict mode (the default) any problem in any
child refuses the whole file; in migration mode each child that can be held loads, its failures listed, and each
that cannot is refused on its own, with the reason. A dry run writes only the report. Importing the same file
again changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core import clock
from hearth.organisation.models import StaffUser
from hearth.returns.census_in import CensusRefused
from hearth.returns.exporter import system_user
from hearth.returns.importer import cin_census_import, import_report_write
from hearth.returns.models import ImportMode

RETURNS = ("cin-census",)


class Command(BaseCommand):
    help = "Import a statutory return as history: cin-census FILE --year YYYY"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("return_name", choices=RETURNS, help="Which return")
        parser.add_argument("file", type=Path, help="The census XML file")
        parser.add_argument(
            "--year", type=int, required=True, help="The collection year: it ends 31 March YYYY"
        )
        parser.add_argument(
            "--mode",
            choices=ImportMode.values,
            default=ImportMode.STRICT,
            help="strict: the whole file or nothing (the default); migration: every child that can be held, "
            "its failures listed",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report only: nothing is written to Hearth"
        )
        parser.add_argument(
            "--report",
            type=Path,
            default=None,
            help="Also write the report, a row per child, to this CSV file",
        )
        parser.add_argument(
            "--as", dest="username", default="", help="The member of staff importing (logged)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        today = clock.today()
        if not 2011 <= year <= today.year + 1:
            raise CommandError(
                f"--year {year} is not a collection year Hearth can import (2011 to {today.year + 1})."
            )
        user = self._user(options["username"])
        out: Path | None = options["report"]
        if out is not None and not out.parent.is_dir():
            raise CommandError(f"--report {out}: the folder {out.parent} does not exist.")
        try:
            report = cin_census_import(
                options["file"], year, by=user, mode=options["mode"], dry_run=options["dry_run"]
            )
        except CensusRefused as refused:
            raise CommandError("\n".join(refused.report.lines())) from None
        self.stdout.write("\n".join(report.lines()))
        if out is not None:
            import_report_write(report, out)
            self.stdout.write(f"Wrote the report to {out}.")

    def _user(self, username: str) -> StaffUser:
        if not username:
            return system_user()
        user = StaffUser.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"--as {username}: no active member of staff has that username.")
        return user
