"""hearth load_postcodes FILE: the ONS postcode directory's centres, from which a placement's distance from home is
computed (issue 16 item 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.care.distance import postcodes_load


class Command(BaseCommand):
    help = "Load postcode centres (easting, northing) from the ONS postcode directory's CSV file"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="ONSPD or NSPL CSV (columns pcds or pcd, oseast1m, osnrth1m)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                loaded = postcodes_load(handle)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Loaded {loaded:,} postcode centres.")
