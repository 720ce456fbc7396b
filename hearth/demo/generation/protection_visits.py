"""The visits of a child protection plan, as the demo tells them (the proportions are in
`protection.py`'s docstring): the records `hearth.visits` writes."""

from __future__ import annotations

from typing import Any

from hearth.demo.generation.protection_text import (
    MANAGER_NOTES,
)
from hearth.demo.generation.story import Story, on_weekday

_FAILED_REASONS = ("No one at home", "Refused entry", "Child not at home", "Family had moved without notice")
_SEEN = {"seen": True, "seen_alone": False, "seen_text": "yes"}  # as hearth.visits writes them
_SEEN_ALONE = {"seen": True, "seen_alone": True, "seen_text": "yes, seen alone"}


def visits(
    story: Story, plan: int, start: int, stop: int, end: int | None
) -> list[tuple[list[Any], list[Any]]]:
    """Statutory visits as Visit rows; returns (visit's entry, manager's entry) for each failed visit seen."""
    g, r, u, today = story.g, story.r, story.u, story.today
    days = story.series(start, stop, (3, 12), (5, 13), 0.05, (15, 24))
    waiting = False
    if story.failed_today and end is None:
        target = today
        while (target - 1) % 7 >= 5:
            target -= 1
        target = max(target, start)  # a plan that started today (a weekend): its first visit failed today
        if target <= today:
            days = [day for day in days if day < target] + [target]
            waiting = True
    last = len(days) - 1
    seen_by: list[tuple[list[Any], list[Any]]] = []
    for index, day in enumerate(days):
        roll = r()
        forced = waiting and index == last
        if roll < 0.06 or forced:
            reason = _FAILED_REASONS[int(r() * len(_FAILED_REASONS))]
            visit = story.record(
                "visit", -1, [None, plan, "cp", day, False, False, False, reason, "", None, None, ""]
            )
            story.ev(day, "cp_visit.failed", g.payload("cp_visit.failed", reason=reason), visit)
            entry = story.entries[-1]
            if not forced and not (day >= today - 2 and r() < 0.5):
                seen = day if r() < 0.9 else on_weekday(day + u(1, 2))
                if seen > today and day < today - 2:  # a failed visit older than two days has been seen
                    seen = on_weekday(day + 1)
                if seen <= today:
                    story.records[visit][2][11] = MANAGER_NOTES[int(r() * len(MANAGER_NOTES))]
                    story.ev(seen, "cp_visit.failed_seen", g.payload("cp_visit.failed_seen"), visit, None)
                    seen_by.append((entry, story.entries[-1]))
            day = on_weekday(day + 1) if r() < 0.8 else on_weekday(day + u(2, 3))
            if day >= stop:
                break
            roll = 0.5
        bedroom = r() < 0.6
        if roll < 0.65:
            values = [None, plan, "cp", day, True, True, bedroom, "", "", None, None, ""]
            young = list(values)
            young[5] = False
            visit = story.record("visit", -1, values, (day, young))
            story.ev(
                day,
                "cp_visit.completed",
                g.payload("cp_visit.completed", **_SEEN_ALONE, bedroom_seen=bedroom),
                visit,
                alt=g.payload("cp_visit.completed", **_SEEN, bedroom_seen=bedroom),
            )
        else:
            visit = story.record(
                "visit", -1, [None, plan, "cp", day, True, False, bedroom, "", "", None, None, ""]
            )
            story.ev(
                day,
                "cp_visit.completed",
                g.payload("cp_visit.completed", **_SEEN, bedroom_seen=bedroom),
                visit,
            )
    return seen_by
