"""hearth indicators: count every performance indicator for the last 24 months now (the pages read the count; the
queue recounts when a page finds it older than HEARTH_INDICATORS_STALE_MINUTES)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hearth.indicators.store import indicators_count


class Command(BaseCommand):
    help = "Count every performance indicator for the last 24 months"

    def handle(self, *args: Any, **options: Any) -> None:
        done = indicators_count()
        self.stdout.write(
            f"Counted the indicators from {done.first_month:%B %Y} to {done.last_month:%B %Y} in {done.seconds:.1f} s."
        )
