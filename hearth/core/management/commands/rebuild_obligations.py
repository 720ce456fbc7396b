"""`hearth rebuild_obligations`: replay the history of the children whose obligations a changed rule touches.

A rule's declaration is code: after an upgrade that adds or changes rules (the release notes name the event types),
run it so the stored obligations are what a replay gives (`obligations_rebuild`: met obligations stay met, open ones
are re-dated, new ones open). `--event-type` (repeatable) limits it to children with those events; without it, every
child and member of staff with an event any rule listens to.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from hearth.core.models import Event
from hearth.core.timescales.rules import Subject
from hearth.core.timescales.store import SubjectRef, engine_context, obligations_rebuild


class Command(BaseCommand):
    help = "Replay the obligations of the children with events of the given types (after a rule changed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--event-type", action="append", default=[], help="for example cin_visit.failed")

    def handle(self, *args: Any, **options: Any) -> None:
        context, staff_context = engine_context(), engine_context(Subject.STAFF)
        relevant = context.relevant_event_types | staff_context.relevant_event_types
        types = options["event_type"] or sorted(relevant)
        unknown = sorted(set(types) - relevant)
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
        staff = (
            Event.objects.filter(type__in=types, staff__isnull=False)
            .values_list("staff_id", flat=True)
            .distinct()
        )
        members = 0
        for staff_id in staff.iterator():
            with transaction.atomic():
                obligations_rebuild(SubjectRef(Subject.STAFF, staff_id), context=staff_context)
            members += 1
        self.stdout.write(f"Replayed the obligations of {done} children and {members} members of staff.")
