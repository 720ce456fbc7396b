"""hearth export cin-census|ssda903 --year YYYY --out DIR: the CIN census XML, or the SSDA903 tables as CSV files
(Header, Episodes, Reviews so far: issue 16; Missing: issue 17; the rest with issue 19), for the year ending 31 March YYYY.

hearth export annex-a --on YYYY-MM-DD --out FILE.xlsx: Ofsted's Annex A lists 1 to 8 for the months before that day
(`HEARTH_ANNEX_A_MONTHS`), written to the file (through a part file, so a failure leaves nothing)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core import clock
from hearth.core.audit import audit_reads
from hearth.core.models import AccessAction
from hearth.organisation.models import StaffUser
from hearth.returns.annex_a_workbook import annex_a_write
from hearth.returns.cin_census import census_file_name, cin_census_write
from hearth.returns.exporter import system_user
from hearth.returns.ssda903 import ssda903_child_ids, ssda903_tables, write_ssda903

RETURNS = ("cin-census", "ssda903", "annex-a")


def on_date(value: str, today: date) -> date:
    """The day Annex A's lists are made on, from --on: a date written YYYY-MM-DD, not after today."""
    try:
        on = date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"--on {value}: write the date Annex A is made on as YYYY-MM-DD, such as {today:%Y-%m-%d}."
        ) from None
    if on > today:
        raise CommandError(
            f"--on {on:%Y-%m-%d} is after today ({today:%Y-%m-%d}): Annex A lists what has happened, "
            "so choose today or a day before it."
        )
    return on


class Command(BaseCommand):
    help = (
        "Export a statutory return: cin-census or ssda903 --year YYYY --out DIR; "
        "annex-a --on YYYY-MM-DD --out FILE.xlsx"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("return_name", choices=RETURNS, help="Which return")
        parser.add_argument(
            "--year", type=int, help="cin-census and ssda903: the collection year, which ends 31 March YYYY"
        )
        parser.add_argument(
            "--on", dest="on", default=None, help="annex-a: the day the lists are made on (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--out",
            type=Path,
            required=True,
            help="The folder to write the file into (annex-a: the .xlsx file to write)",
        )
        parser.add_argument(
            "--as", dest="username", default="", help="The member of staff exporting (logged)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = clock.today()
        if options["return_name"] == "annex-a":
            self._annex_a(options, today)
            return
        if options["on"] is not None:
            raise CommandError(f"--on is for annex-a; {options['return_name']} takes --year.")
        if options["year"] is None:
            raise CommandError(f"{options['return_name']} needs --year YYYY (the year ends 31 March YYYY).")
        year: int = options["year"]
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

    def _annex_a(self, options: dict[str, Any], today: date) -> None:
        if options["year"] is not None:
            raise CommandError("annex-a takes --on YYYY-MM-DD (the day the lists are made on), not --year.")
        if options["on"] is None:
            raise CommandError("annex-a needs --on YYYY-MM-DD: the day the lists are made on.")
        on = on_date(options["on"], today)
        out: Path = options["out"]
        if out.suffix.lower() != ".xlsx":
            raise CommandError(f"--out {out}: Annex A is an Excel workbook; name a file ending .xlsx.")
        if out.is_dir():
            raise CommandError(f"--out {out} is a folder: name the .xlsx file to write.")
        user = self._user(options["username"])
        out.parent.mkdir(parents=True, exist_ok=True)
        part = out.with_name(out.name + ".part")
        try:
            with part.open("wb") as handle:
                summary = annex_a_write(on, handle)
            part.replace(out)
        finally:
            part.unlink(missing_ok=True)
        audit_reads(
            user=user, child_ids=summary.child_ids, action=AccessAction.EXPORT, path=f"export annex-a {on}"
        )
        counts = ", ".join(f"{name} {count}" for name, count in summary.rows.items())
        self.stdout.write(
            f"Wrote {out}: {summary.children} children ({counts}) for "
            f"{summary.period.start:%-d %B %Y} to {summary.period.end:%-d %B %Y}."
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
