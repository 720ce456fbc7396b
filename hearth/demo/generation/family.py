"""Generating a chunk of families: each family's history told, its people written, and its events, records and
obligations written out once per child."""

from __future__ import annotations

import bisect
import random
from datetime import date
from typing import Any

from hearth.core.events import event_type
from hearth.core.timescales.circumstances import Circumstances
from hearth.core.timescales.engine import EventFact, replay
from hearth.core.timescales.store import obligation_owner
from hearth.demo.generation.child import child_rows
from hearth.demo.generation.children_in_need import awaiting_authorisation_families
from hearth.demo.generation.context import GenContext
from hearth.demo.generation.histories import FamilyHistory
from hearth.demo.generation.household import Household
from hearth.demo.generation.notifications import (
    NOTIFICATION_EVENTS,
    police_notifications,
    waiting_families,
)
from hearth.demo.generation.plan import CLOSED, KIND_OF_STATUS
from hearth.demo.generation.protection import failed_visit_families
from hearth.demo.generation.rows import (
    DATE_POSITIONS,
    RECORD_LABELS,
    RECORD_SHAPE,
    RECORDED_ALSO,
    RECORDED_BY,
    REF_POSITIONS,
    SHARED,
    TABLE_ORDER,
    Rows,
)
from hearth.demo.generation.staff import Worker
from hearth.demo.generation.story import Story, birthday

_SIGNIFICANCE: dict[str, str] = {}


def _significance(etype: str) -> str:
    found = _SIGNIFICANCE.get(etype)
    if found is None:
        found = _SIGNIFICANCE[etype] = str(event_type(etype).significance)
    return found


def generate_chunk(g: GenContext, chunk: int) -> Rows:
    """Rows for one chunk of families (`plan.chunks[chunk]`), with ids continuing from `g.next_id`."""
    plan = g.plan
    rng = random.Random(f"{plan.seed}:chunk:{chunk}")
    rows: Rows = {table: [] for table in TABLE_ORDER}
    lo, hi = plan.chunks[chunk]
    waiting = waiting_families(plan)
    failing = failed_visit_families(plan)
    awaiting = awaiting_authorisation_families(plan)
    # Police notifications draw on a stream of their own (the histories draw as they did before them).
    notices = random.Random(f"{plan.seed}:notifications:{chunk}")
    for family in range(lo, hi):
        Family(
            g,
            rng,
            family,
            rows,
            notices=notices,
            waiting=family in waiting,
            failing=family in failing,
            awaiting=family in awaiting,
        ).build()
    return rows


class Family:
    """One family: its history told, then written out (adults, household, children, records, events, obligations)."""

    def __init__(
        self,
        g: GenContext,
        rng: random.Random,
        family: int,
        rows: Rows,
        *,
        notices: random.Random | None = None,
        waiting: bool = False,
        failing: bool = False,
        awaiting: bool = False,
    ) -> None:
        self.g = g
        self.rng = rng
        self.notices = notices or random.Random(f"{g.plan.seed}:notifications:family:{family}")
        self.family = family
        self.rows = rows
        self.waiting = waiting  # has a police notification waiting to be screened today
        plan = g.plan
        self.today = plan.today.toordinal()
        self.status = plan.family_status[family]
        self.story = Story(g, rng, self.today)
        self.story.failed_today = failing  # its latest visit failed today and waits for the manager
        self.story.awaiting_authorisation = awaiting  # its assessment waits for the manager to authorise it
        worker: Worker | None = None
        rng.random()  # the draw that chose `behind` before it was planned: the rest of each history is unchanged
        behind = bool(plan.family_behind[family])  # this family's visits and reviews have fallen behind
        if self.status in KIND_OF_STATUS:
            worker = g.org.workers[KIND_OF_STATUS[self.status]][plan.family_worker[family]]
        self.history = FamilyHistory(self.story, self.status, plan.family_size[family], worker, behind)

    def build(self) -> None:
        self.history.tell()
        g, rng, story, rows, today = self.g, self.rng, self.story, self.rows, self.today
        police_notifications(story, self.history.dobs, self.notices, waiting=self.waiting)
        status = self.status
        day_of = g.day
        household = Household(g, rng, rows, story, self.family, status, self.history.dobs)
        household.people()  # adds household joined/left events to the story
        for table, _, values, alt in story.records:
            if table == "assessment":  # the household it considered, now the household is known
                values[12] = household.considered(values[1])
                if alt is not None:
                    alt[1][12] = values[12]

        entries = story.entries
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        days = [entry[0] for entry in entries]
        finished: list[tuple[Any, ...]] = []
        # Only the events some rule listens to reach the engine (no other event can change an obligation).
        facts: list[EventFact] = []
        fact_ordinals: list[int] = []
        relevant = g.engine.relevant_event_types
        records = story.records
        r = rng.random
        # A notification's events draw their recording times from the notifications' stream too.
        noticed, notice = bool(story.notifications), self.notices.random
        # So do a child's health records' and education plans' (issue 17), so every other history is as it was.
        health = random.Random(f"{g.plan.seed}:health-times:{self.family}").random if story.health_told else r
        for ordinal, (day, _, etype, info, slot, by, alt) in enumerate(entries):
            position = RECORDED_BY.get(etype)
            if position is not None:
                record = records[slot]
                record[2][position] = by
                if record[3] is not None:
                    record[3][1][position] = by
                also = RECORDED_ALSO.get(etype)
                if also is not None:
                    records[record[2][also[0]]][2][also[1]] = by
            when, iso = day_of(day)
            draw = (
                notice
                if noticed and etype in NOTIFICATION_EVENTS
                else health
                if etype.startswith(("health.", "pep."))
                else r
            )
            late = draw()
            recorded_on = iso if late < 0.9 else day_of(min(day + 1 + int(late * 50) % 5, today))[1]
            recorded = f"{recorded_on} {8 + int(draw() * 10):02d}:{int(draw() * 60):02d}:00"
            rtype = RECORD_LABELS[records[slot][0]] if slot >= 0 else ""
            finished.append(
                (
                    etype,
                    _significance(etype),
                    iso,
                    recorded,
                    by,
                    rtype,
                    slot,
                    info.summary,
                    info.json,
                    alt.summary if alt else None,
                    alt.json if alt else None,
                    day,
                )
            )
            if etype in relevant:
                facts.append(EventFact(ordinal, etype, when, info.payload))
                fact_ordinals.append(ordinal)

        def converted(table: str, values: list[Any]) -> tuple[Any, ...]:
            out = list(values)
            for position in DATE_POSITIONS[table]:
                if out[position] is not None:
                    out[position] = day_of(out[position])[1]
            return tuple(out)

        # (table, parent slot, values, (day, values for a child under four on that day) or None)
        record_rows: list[tuple[str, int, tuple[Any, ...], tuple[int, tuple[Any, ...]] | None]] = []
        for table, parent, values, alt in records:
            record_rows.append(
                (
                    table,
                    parent,
                    converted(table, values),
                    None if alt is None else (alt[0], converted(table, alt[1])),
                )
            )

        owner = team = None
        if status != CLOSED and story.alloc_slot >= 0:
            owner, team = records[story.alloc_slot][2][0], records[story.alloc_slot][2][1]

        # Obligations: the engine itself, once per distinct start of a child's history.
        replays: dict[tuple[int, int | None], list[tuple[Any, ...]]] = {}
        by_birth: dict[int, bool] = {}

        def obligations_from(first: int, dob: int) -> list[tuple[Any, ...]]:
            # Each child's own circumstances (their age: a school's notice from 5) as the engine rebuilds them;
            # children whose histories start alike share one replay unless a clock in it reads their age.
            if first not in by_birth:
                start = bisect.bisect_left(fact_ordinals, first)
                by_birth[first] = any(g.engine.reads_birth(fact.type) for fact in facts[start:])
            key = (first, dob if by_birth[first] else None)
            found = replays.get(key)
            if found is None:
                found = []
                born = Circumstances(base={"born_on": date.fromordinal(dob)})
                for state in replay(facts[bisect.bisect_left(fact_ordinals, first) :], g.engine, born):
                    found.append(
                        (
                            state.rule_id,
                            state.start_date.isoformat(),
                            state.due_date.isoformat(),
                            state.started_by,
                            *obligation_owner(
                                state.rule_id, owner, team, g.org.front_door_team, state.owner_id
                            ),
                            state.status,
                            state.met_by,
                            state.closed_on.isoformat() if state.closed_on else None,
                        )
                    )
                replays[key] = found
            return found

        # A police notification is one row for the household, linked to each child whose history includes it.
        shared: dict[int, int] = {}
        for slot in story.notifications:
            shared[slot] = g.take("dan")
            rows["dan"].append((shared[slot], *record_rows[slot][2]))
        links = rows["danchild"]

        event_rows, obligation_rows = rows["event"], rows["obligation"]
        for index, dob in enumerate(self.history.dobs):
            # A child's history starts with the first episode that began once they were born.
            first_episode = next((e for e in story.episodes if e[0] >= dob), story.episodes[-1])
            first = bisect.bisect_left(days, first_episode[0])
            first_slot = first_episode[1]
            pid = child_rows(household, index, dob, day_of(days[first])[1], first_episode[0])
            four = birthday(dob, 4)
            # The child's own copy of each of the family's records from that episode on (ids first: a record
            # may refer to a later one).
            if shared:
                ids = [
                    shared[slot] if slot in shared else g.take(record[0])
                    for slot, record in enumerate(record_rows[first_slot:], first_slot)
                ]
                for slot, shared_id in shared.items():
                    if records[slot][2][2] >= first_episode[0]:  # received once their history began
                        links.append((shared_id, pid))
            else:
                ids = [g.take(record[0]) for record in record_rows[first_slot:]]
            for rid, (table, parent, values, alt) in zip(ids, record_rows[first_slot:], strict=True):
                if table in SHARED:
                    continue
                if alt is not None and alt[0] < four:
                    values = alt[1]
                refs = REF_POSITIONS.get(table)
                if refs is not None:
                    linked = list(values)
                    for position in refs:
                        ref = linked[position]
                        if ref is not None:
                            linked[position] = ids[ref - first_slot] if ref >= first_slot else None
                    values = tuple(linked)
                has_child, has_parent = RECORD_SHAPE[table]
                if has_parent:
                    parent_id = ids[parent - first_slot]
                    rows[table].append(
                        (rid, pid, parent_id, *values) if has_child else (rid, parent_id, *values)
                    )
                elif has_child:
                    rows[table].append((rid, pid, *values))
                else:
                    rows[table].append((rid, *values))
            base = g.take("event", len(finished) - first) - first
            for ordinal in range(first, len(finished)):
                etype, sig, iso, recorded, by, rtype, slot, summary, pjson, alt_summary, alt_json, day = (
                    finished[ordinal]
                )
                if alt_summary is not None and day < four:
                    summary, pjson = alt_summary, alt_json
                if slot >= first_slot:
                    record_id = ids[slot - first_slot]
                else:  # a record of an episode before this child's history starts
                    rtype, record_id = "", None
                event_rows.append(
                    (
                        base + ordinal,
                        pid,
                        etype,
                        sig,
                        iso,
                        None,
                        recorded,
                        by,
                        rtype,
                        record_id,
                        summary,
                        pjson,
                    )
                )
            for rule_id, start, due, started, o_owner, o_team, o_status, met, closed in obligations_from(
                first, dob
            ):
                obligation_rows.append(
                    (
                        pid,
                        rule_id,
                        start,
                        due,
                        None if started is None else base + started,
                        o_owner,
                        o_team,
                        o_status,
                        None if met is None else base + met,
                        closed,
                    )
                )
