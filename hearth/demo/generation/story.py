"""A family's story as it is told: timeline entries (events), the records they belong to, who holds the case.

Days are day numbers (`date.toordinal()`) while the story is told; they become dates when it is written out.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from hearth.demo.generation.context import GenContext, PayloadInfo
from hearth.demo.generation.plan import HISTORY_START
from hearth.demo.generation.staff import Worker

YEAR = 365.25
HISTORY_DAY = HISTORY_START.toordinal()
WORKER_CHANGE_DAYS = 150
"""Mean days, beyond the first two months, before a child's worker changes during a plan or period of care."""
# A visit's payload: the child seen, seen alone, or not seen (protection and looked-after visits).
CHILD_SEEN = (
    {"seen": True, "seen_alone": False, "seen_text": "child seen"},
    {"seen": True, "seen_alone": True, "seen_text": "child seen alone"},
    {"seen": False, "seen_alone": False, "seen_text": "child not seen"},
)


def _weekday(day: int) -> int:
    """Monday is 0 (date(1, 1, 1) is a Monday with ordinal 1)."""
    return (day - 1) % 7


def on_weekday(day: int) -> int:
    wd = _weekday(day)
    return day + (2 if wd == 5 else 1 if wd == 6 else 0)


_WORKER = -1


class Story:
    """One family's history: timeline entries (events) and the domain records they belong to."""

    def __init__(self, g: GenContext, rng: random.Random, today: int) -> None:
        self.g = g
        self.rng = rng
        self.r = rng.random
        self.today = today
        # [day, seq, type, PayloadInfo, record slot, recorded by, PayloadInfo for under-4s or None]
        self.entries: list[list[Any]] = []
        self.health_told = False  # any health records (their events' times come from a stream of their own)
        self.pep_versions = 0  # the family's personal education plans, numbered across its periods of care
        # [table, parent slot, values, alt]; values are days (ints) where the column is a date; alt is None or
        # (day, values for a child under four on that day)
        self.records: list[list[Any]] = []
        self.episodes: list[tuple[int, int]] = []  # (start day, first record slot)
        self.worker: Worker | None = None
        self.alloc_slot = -1
        self.care_spells: list[tuple[int, int | None]] = []  # (start, end) of each care period
        self.placement_postcode = ""
        self.placement_start = 0
        self.chair = 0
        self.conference = -1  # an initial conference's record slot, waiting for the plan it decided on
        self.failed_today = False  # the plan's latest visit failed today, not yet seen by the manager
        self.awaiting_authorisation = False  # the assessment in progress was sent to the manager to authorise
        self.iro = 0
        self.births: list[int] = []  # the children's dates of birth (the history's own list)
        self.quiet_from = HISTORY_DAY  # the day after the last episode closed
        self.notifications: list[int] = []  # record slots of the household's police notifications

    def u(self, lo: int, hi: int) -> int:
        return lo + int(self.r() * (hi - lo + 1))

    def ev(
        self,
        day: int,
        etype: str,
        payload: PayloadInfo,
        slot: int = -1,
        by: int | None = _WORKER,
        alt: PayloadInfo | None = None,
    ) -> None:
        """An event in the timeline; recorded by the allocated worker unless someone else is named."""
        if by == _WORKER:
            by = self.worker.id if self.worker is not None else None
        self.entries.append([day, len(self.entries), etype, payload, slot, by, alt])

    def hand_over(self, old: int, new: int, day: int) -> None:
        """After a change of worker, the new worker records what happens from that day."""
        for entry in self.entries:
            if entry[0] >= day and entry[5] == old:
                entry[5] = new

    def record(
        self, table: str, parent: int, values: list[Any], alt: tuple[int, list[Any]] | None = None
    ) -> int:
        """A record of the story; `alt` gives (day, values) for a child under four on that day."""
        self.records.append([table, parent, values, alt])
        return len(self.records) - 1

    def episode(self, start: int) -> None:
        self.episodes.append((start, len(self.records)))

    def front_door(self) -> int:
        return self.rng.choice(self.g.org.front_door)

    def allocate(self, day: int, worker: Worker, reason: str) -> None:
        if self.alloc_slot >= 0:
            current = self.records[self.alloc_slot][2]
            if current[3] is None:
                current[3] = day
        self.alloc_slot = self.record(
            "allocation", -1, [worker.id, worker.team_id, day, None, reason, worker.manager_id]
        )
        self.worker = worker
        payload = self.g.payload(
            "allocation.changed", worker=worker.name, team=worker.team_name, reason=reason
        )
        self.ev(day, "allocation.changed", payload, self.alloc_slot, worker.manager_id)

    def deallocate(self, day: int) -> None:
        if self.alloc_slot >= 0:
            current = self.records[self.alloc_slot][2]
            if current[3] is None:
                current[3] = day
        self.alloc_slot = -1
        self.worker = None

    def changes_of_worker(self, start: int, end: int) -> None:
        """Social workers move on: during a closed plan or period of care the child's worker changes now and
        then (every seven months or so), and the new worker records what happens from then on."""
        day = start + 60 + int(self.rng.expovariate(1 / WORKER_CHANGE_DAYS))
        while day < end - 30 and self.worker is not None:
            old = self.worker
            new = self.any_worker(old.kind)
            if new.id == old.id:
                new = self.any_worker(old.kind)
            change = on_weekday(day)
            self.allocate(change, new, "Change of worker")
            self.hand_over(old.id, new.id, change)
            day = change + 60 + int(self.rng.expovariate(1 / WORKER_CHANGE_DAYS))

    def any_worker(self, kind: str) -> Worker:
        return self.rng.choice(self.g.org.workers[kind])

    def series(
        self,
        start: int,
        stop: int,
        first: tuple[int, int],
        step: tuple[int, int],
        late: float,
        late_step: tuple[int, int],
    ) -> list[int]:
        """Days of a repeating activity from `start`, before `stop`: mostly on time, sometimes late."""
        r = self.r
        days: list[int] = []
        lo, hi = late_step if r() < late else first
        day = on_weekday(start + lo + int(r() * (hi - lo + 1)))
        while day < stop:
            days.append(day)
            lo, hi = late_step if r() < late else step
            day = on_weekday(day + lo + int(r() * (hi - lo + 1)))
        return days

    def stop_for(self, end: int | None, behind: bool, gap: int) -> int:
        """Activities run until the end of the episode, or until today (stopping early when falling behind)."""
        if end is not None:
            return end
        if behind:
            return self.today - gap - self.u(1, 20)
        return self.today + 1


def birthday(dob: int, years: int) -> int:
    born = date.fromordinal(dob)
    try:
        return born.replace(year=born.year + years).toordinal()
    except ValueError:  # born on 29 February
        return date(born.year + years, 3, 1).toordinal()
