from typing import Any

from django.core.management.base import BaseCommand

from hearth.notifications.services import digests_queue


class Command(BaseCommand):
    help = "Queue today's summary email for everyone with news waiting for it (schedule it each morning)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = digests_queue()
        self.stdout.write(f"Queued {count} daily summar{'y' if count == 1 else 'ies'}.")
