"""`hearth retention`: the records whose retention has ended, due for review (the page is /records/retention/)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hearth.core import clock
from hearth.governance.retention import RULES, retention_review, rule_confirmation


class Command(BaseCommand):
    help = "List the retention periods in force and every record whose retention has ended, due for review."

    def handle(self, *args: Any, **options: Any) -> None:
        on = clock.today()
        for rule in RULES:
            confirmation = rule_confirmation(rule, on)
            state = "confirmed" if confirmation.confirmed else "NOT CONFIRMED"
            self.stdout.write(
                f"{rule.title}: {confirmation.years} years from the {rule.counted_from} ({state}; {rule.setting})"
            )
        due = retention_review(on=on)
        self.stdout.write(
            f"{len(due)} record{'s' if len(due) != 1 else ''} due for review on {on:%-d %B %Y}:"
        )
        for item in due:
            ended = f"{item.ends_on:%-d %B %Y}" if item.ends_on else "no date to count from"
            problem = item.problem()
            self.stdout.write(
                f"{item.person.person_number}\t{item.rule.title}\tended {ended}\t"
                + (problem if problem else "may be disposed of")
            )
