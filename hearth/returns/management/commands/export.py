"""hearth export cin-census|ssda903 --year YYYY --out DIR: the CIN census XML, or the SSDA903 tables as CSV files
(Header, Episodes, Reviews so far: issue 16; Missing: issue 17; the rest with issue 19), for the year ending 31 March YYYY."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core import clock
from hearth.core.audit import audit_reads
from hearth.core.models import AccessAction
from hearth.organisation.models import StaffUser
from hearth.returns.cin_census import census_file_name, cin_census_write
from hearth.returns.exporter import system_user
from hearth.returns.ssda903 import ssda903_child_ids, ssda903_tables, write_ssda903

RETURNS = ("cin-census", "ssda903")


class Command(BaseCommand):
    help = "Export a statutory return: cin-census or ssda903 --year YYYY --out DIR"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("return_name", choices=RETURNS, help="Which return")
        parser.add_argument(
            "--year", type=int, required=True, help="The collection year: it ends 31 March YYYY"
        )
        parser.add_argument("--out", type=Path, required=True, help="The folder to write the file into")
        parser.add_argument(
            "--as", dest="username", default="", help="The member of staff exporting (logged)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        today = clock.today()
        if not 2011 <= year <= today.year + 1:
            raise CommandError(
                f"--year {year} is not a collection year Hearth can export (2011 to {today.year + 1})."
            )
        out: Path = options["out"]
        out.mkdir(parents=True, exist_ok=True)
        user = self._user(options["username"])
        if options["return_name"] == "ssda903":
            self._ssda903(year, out, user)
            return
        path = out / census_file_name(year)
        with path.open("w", encoding="utf-8") as handle:
            summary = cin_census_write(year, handle, now=clock.now())
        audit_reads(
            user=user,
            child_ids=summary.child_ids,
            action=AccessAction.EXPORT,
            path=f"export cin-census {year}",
        )
        self.stdout.write(
            f"Wrote {path}: {summary.children} children, {summary.episodes} child in need episodes "
            f"(collection year {year - 1}/{str(year)[2:]})."
        )

    def _ssda903(self, year: int, out: Path, user: StaffUser) -> None:
        tables = ssda903_tables(year)
        written = write_ssda903(tables, out)
        audit_reads(
            user=user,
            child_ids=ssda903_child_ids(year),
            action=AccessAction.EXPORT,
            path=f"export ssda903 {year}",
        )
        self.stdout.write(
            f"Wrote {', '.join(str(path) for path in written)}: {len(tables['Header'])} children, "
            f"{len(tables['Episodes'])} episodes, {len(tables['Reviews'])} reviews, "
            f"{len(tables['Missing'])} missing or away "
            f"(collection year {year - 1}/{str(year)[2:]})."
        )

    def _user(self, username: str) -> StaffUser:
        if not username:
            return system_user()
        user = StaffUser.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"--as {username}: no active member of staff has that username.")
        return user
