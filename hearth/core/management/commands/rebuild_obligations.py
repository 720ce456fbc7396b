"""`hearth rebuild_obligations`: replay the history of the children whose obligations a changed rule touches.

A rule's declaration is code: after an upgrade that adds or changes rules (the release notes name the event types),
run it so the stored obligations are what a replay gives (`obligations_rebuild`: met obligations stay met, open ones
are re-dated, new ones open). `--event-type` (repeatable) limits it to children with those events; without it, every
child with an event any rule listens to.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from hearth.core.models import Event
from hearth.core.timescales.store import engine_context, obligations_rebuild


class Command(BaseCommand):
    help = "Replay the obligations of the children with events of the given types (after a rule changed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--event-type", action="append", default=[], help="for example cin_visit.failed")

    def handle(self, *args: Any, **options: Any) -> None:
        context = engine_context()
        types = options["event_type"] or sorted(context.relevant_event_types)
        unknown = sorted(set(types) - context.relevant_event_types)
        if unknown:
            self.stderr.write(f"--event-type: no rule listens to {', '.join(unknown)}; nothing was changed.")
            raise SystemExit(2)
        children = (
            Event.objects.filter(type__in=types, child__isnull=False)
            .values_list("child_id", flat=True)
            .distinct()
        )
        done = 0
        for child_id in children.iterator():
            with transaction.atomic():
                obligations_rebuild(child_id, context=context)
            done += 1
        self.stdout.write(f"Replayed the obligations of {done} children.")
