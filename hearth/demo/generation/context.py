"""What chunk generation shares across families: the plan, the staff, the engine, id counters, caches."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hearth.core.events import event_type
from hearth.core.timescales.engine import EngineContext
from hearth.demo.generation.plan import CouncilPlan
from hearth.demo.generation.staff import Organisation
from hearth.people.models import Person
from hearth.people.services import name_tokens_for


@dataclass(frozen=True)
class PayloadInfo:
    """An event payload with its JSON text and its registry summary, computed once per distinct payload."""

    payload: dict[str, Any]
    json: str
    summary: str


@dataclass
class GenContext:
    """Everything chunk generation needs; the id counters advance as chunks are generated in order."""

    plan: CouncilPlan
    org: Organisation
    engine: EngineContext
    la_number: int
    next_id: dict[str, int]
    child_number: int
    adult_number: int
    nhs_child_chance: float = 1.0
    nhs_adult_chance: float = 1.0
    used_nhs: set[str] = field(default_factory=set)
    used_upn: set[str] = field(default_factory=set)
    # Generating in several processes, each holds one share of the NHS numbers and UPNs (`mine`).
    part: int = 0
    parts: int = 1
    _payloads: dict[tuple[Any, ...], PayloadInfo] = field(default_factory=dict)
    _tokens: dict[tuple[str, str, str], list[tuple[str, str]]] = field(default_factory=dict)
    _days: dict[int, tuple[date, str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        plan: CouncilPlan,
        org: Organisation,
        engine: EngineContext,
        *,
        la_number: int,
        next_id: dict[str, int],
        child_number: int = 0,
        adult_number: int = 0,
    ) -> GenContext:
        context = cls(
            plan=plan,
            org=org,
            engine=engine,
            la_number=la_number,
            next_id=dict(next_id),
            child_number=child_number,
            adult_number=adult_number,
        )
        # NHS test numbers (999 000 0000 to 999 999 9999) run to about 909,000: keep within 60% of them.
        budget = 545_000
        adults = plan.children * 1.3
        context.nhs_child_chance = min(1.0, budget / plan.children)
        context.nhs_adult_chance = max(0.0, min(1.0, (budget - plan.children) / adults))
        return context

    def payload(self, etype: str, **values: Any) -> PayloadInfo:
        key = (etype, *values.items())
        found = self._payloads.get(key)
        if found is None:
            found = self._payloads[key] = PayloadInfo(
                values, json.dumps(values, ensure_ascii=False), event_type(etype).summarise(values)
            )
        return found

    def day(self, ordinal: int) -> tuple[date, str]:
        found = self._days.get(ordinal)
        if found is None:
            when = date.fromordinal(ordinal)
            found = self._days[ordinal] = (when, when.isoformat())
        return found

    def tokens(self, forename: str, middle: str, surname: str) -> list[tuple[str, str]]:
        """Name search rows for a name, from people.services.name_tokens_for (the one definition).

        Each name's rows are one row per (word, phonetic key) of its words, so a middle name's rows are
        looked up on their own and added to the rest (remembered either way: names repeat a lot).
        """
        found = self._names(forename, surname)
        if middle:
            found = found + [row for row in self._names(middle, "") if row not in found]
        return found

    def _names(self, forename: str, surname: str) -> list[tuple[str, str]]:
        key = (forename, "", surname)
        found = self._tokens.get(key)
        if found is None:
            person = Person(forename=forename, surname=surname)
            found = self._tokens[key] = [(row.token, row.phonetic) for row in name_tokens_for(person)]
        return found

    def mine(self, identifier: str) -> bool:
        """Whether this process may use `identifier`: processes generating at once draw from disjoint shares."""
        return self.parts == 1 or zlib.crc32(identifier.encode()) % self.parts == self.part

    def take(self, table: str, count: int = 1) -> int:
        first = self.next_id[table]
        self.next_id[table] = first + count
        return first
