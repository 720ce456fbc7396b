"""`hearth reindex_names`: rebuild the name search index for everyone (after the index's definition changes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from hearth.people.models import NameToken, Person, PersonName
from hearth.people.services import name_tokens_for

BATCH = 20_000


class Command(BaseCommand):
    help = "Rebuild the name search index (people_nametoken) for every record, in batches."

    def handle(self, *args: Any, **options: Any) -> None:
        last_pk, done = 0, 0
        fields = ("pk", "forename", "middle_names", "surname", "preferred_name")
        while True:
            people = list(Person.objects.filter(pk__gt=last_pk).order_by("pk").only(*fields)[:BATCH])
            if not people:
                break
            others: dict[int, list[PersonName]] = {}
            for name in PersonName.objects.filter(person_id__in=[p.pk for p in people]):
                others.setdefault(name.person_id, []).append(name)
            rows: list[NameToken] = []
            for person in people:
                rows += name_tokens_for(person, other_names=others.get(person.pk, []))
            with transaction.atomic():
                NameToken.objects.filter(person_id__gt=last_pk, person_id__lte=people[-1].pk).delete()
                self._write(rows)
            last_pk, done = people[-1].pk, done + len(people)
            self.stdout.write(f"{done:,} people reindexed", ending="\r")
        self.stdout.write(f"\n{done:,} people reindexed")

    def _write(self, rows: list[NameToken]) -> None:
        if connection.vendor != "postgresql":
            NameToken.objects.bulk_create(rows, batch_size=5000)
            return
        copy_sql = "COPY people_nametoken (person_id, token, phonetic) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row((row.person_id, row.token, row.phonetic))
