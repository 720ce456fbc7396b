"""`hearth council_setting`: list the local settings, change one from a date, or add a closure day."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core import clock
from hearth.core.council_settings import DECLARED, closure_day_add, council_setting_set, current_snapshot


class Command(BaseCommand):
    help = (
        "List local settings (no arguments); set one: KEY VALUE --from YYYY-MM-DD (VALUE is JSON, e.g. 5 or "
        '\'{"amount": 5, "unit": "working_days"}\'); or add a closure day: --closure YYYY-MM-DD --reason TEXT.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key", nargs="?")
        parser.add_argument("value", nargs="?")
        parser.add_argument("--from", dest="effective_from", type=date.fromisoformat)
        parser.add_argument("--note", default="")
        parser.add_argument("--closure", type=date.fromisoformat)
        parser.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["closure"]:
                closure_day_add(day=options["closure"], reason=options["reason"])
                self.stdout.write(f"{options['closure']:%-d %B %Y} added as a closure day.")
            elif options["key"]:
                if options["value"] is None or options["effective_from"] is None:
                    raise CommandError("Give the value and --from YYYY-MM-DD.")
                council_setting_set(
                    key=options["key"],
                    value=json.loads(options["value"]),
                    effective_from=options["effective_from"],
                    note=options["note"],
                )
                self.stdout.write(f"{options['key']} set from {options['effective_from']:%-d %B %Y}.")
            else:
                today, snapshot = clock.today(), current_snapshot()
                for key, declared in sorted(DECLARED.items()):
                    self.stdout.write(f"{key} = {json.dumps(snapshot.value(key, today))}  ({declared.title})")
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from error
        except json.JSONDecodeError as error:
            raise CommandError(f"value: not valid JSON ({error.msg})") from error
