"""hearth import cin-census FILE --year YYYY [--as USERNAME]: load an earlier CIN census as history.

Loads everything in one transaction or nothing: a file that cannot be read (malformed, another year, a child
twice, a bad date or code, a plan ending before it starts) is refused with a report by element and field, and the
command exits non-zero. Importing the same file again changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core import clock
from hearth.organisation.models import StaffUser
from hearth.returns.census_in import CensusRefused
from hearth.returns.exporter import system_user
from hearth.returns.importer import cin_census_import

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
        try:
            report = cin_census_import(options["file"], year, by=user)
        except CensusRefused as refused:
            raise CommandError("\n".join(refused.report.lines())) from None
        self.stdout.write("\n".join(report.lines()))

    def _user(self, username: str) -> StaffUser:
        if not username:
            return system_user()
        user = StaffUser.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"--as {username}: no active member of staff has that username.")
        return user
