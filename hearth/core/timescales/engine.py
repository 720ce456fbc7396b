"""The timescale engine: the one place where events turn into obligations.

`apply_event` is pure: it takes a child's open obligations and one event and changes them in memory. The store
(store.py) uses it for each event as it is recorded, and `replay` uses it to rebuild a child's obligations from
their events; both give the same result because both run the same function in the same order.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hearth.core.calendar import WorkingDayCalendar, add_days
from hearth.core.council_settings import SettingsSnapshot
from hearth.core.timescales.circumstances import Circumstances, setter_event_types
from hearth.core.timescales.rules import Interval, Rule, Subject, Unit, all_rules, payload_matches

OPEN, MET, ENDED = "open", "met", "ended"
BIRTH_FACTS = frozenset(
    {"born_on", "age"}
)  # the circumstances a subject's date of birth gives (circumstances.py)
# A worker or manager pauses a duty with a reason and a review date, and resumes it (issue 14 item 5). The pause
# names the rule and the obligation (its start and starting event); the resumption names the pause. Resuming moves
# the due date on by the days it was paused.
PAUSED, RESUMED = "timescale.paused", "timescale.resumed"


@dataclass(frozen=True)
class EventFact:
    id: int | None
    type: str
    occurred_on: date
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class ObligationState:
    rule_id: str
    start_date: date
    due_date: date
    started_by: int | None
    status: str = OPEN
    met_by: int | None = None
    closed_on: date | None = None
    pk: int | None = None
    changed: bool = True
    owner_id: int | None = None  # the member of staff the starting event named (rules with Owner.NAMED)
    earliest_date: date | None = None  # the rule's window opens (None: any time after the start)
    paused_on: date | None = None  # paused with a reason since this day (None: running)
    paused_by: int | None = None  # the event that paused it (its reason and review date)
    pause_review_on: date | None = (
        None  # when the pause is to be reviewed: overdue again after it, if not resumed
    )


@dataclass(frozen=True)
class EngineContext:
    calendar: WorkingDayCalendar
    settings: SettingsSnapshot
    rules: tuple[Rule, ...]
    subject: Subject = Subject.CHILD
    _versions: dict[str, tuple[Rule, ...]] = field(init=False, repr=False, compare=False)
    _by_event: dict[str, tuple[Rule, ...]] = field(init=False, repr=False, compare=False)
    relevant_event_types: frozenset[str] = field(init=False, compare=False)
    _touches: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    _reads_birth: frozenset[str] = field(init=False, repr=False, compare=False)
    _answers: dict[tuple[str, date], Rule] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        versions: dict[str, list[Rule]] = {}
        starting: dict[str, list[Rule]] = {}
        for candidate in self.rules:
            versions.setdefault(candidate.id, []).append(candidate)
            for event_type in candidate.starts_on:
                starting.setdefault(event_type, []).append(candidate)
        # Event types any rule listens to (and those that change a subject's circumstances, which a rule's
        # conditions read): other events cannot change an obligation.
        relevant = {
            t for r in self.rules for t in (*r.starts_on, *r.satisfied_by, *r.ends_on, *r.restarts_on)
        }
        relevant |= {PAUSED, RESUMED} | setter_event_types()
        object.__setattr__(self, "_versions", {k: tuple(v) for k, v in versions.items()})
        object.__setattr__(self, "_by_event", {k: tuple(v) for k, v in starting.items()})
        object.__setattr__(self, "relevant_event_types", frozenset(relevant))
        touches: dict[str, set[str]] = {}
        for candidate in self.rules:
            for event_type in (*candidate.restarts_on, *candidate.satisfied_by, *candidate.ends_on):
                touches.setdefault(event_type, set()).add(candidate.id)
        object.__setattr__(self, "_touches", {k: frozenset(v) for k, v in touches.items()})
        # By rule, over every version: a clock started under one version repeats under the version in force on the
        # day it is met, whose conditions may read the age where the first version's did not.
        reading = {
            candidate.id
            for candidate in self.rules
            if any(
                condition.fact in BIRTH_FACTS
                for condition in (
                    *candidate.starts_if,
                    *(c for choice in candidate.interval_by for c in choice.when),
                )
            )
        }
        by_birth: set[str] = set()
        for candidate in self.rules:
            if candidate.id in reading:
                by_birth.update(candidate.starts_on, candidate.restarts_on)
                if candidate.repeats:
                    by_birth.update(candidate.satisfied_by)
        object.__setattr__(self, "_reads_birth", frozenset(by_birth))

    @classmethod
    def build(
        cls, calendar: WorkingDayCalendar, settings: SettingsSnapshot, subject: Subject = Subject.CHILD
    ) -> EngineContext:
        """The rules about one kind of subject (a child's events never start a worker's supervision clock)."""
        return cls(calendar, settings, tuple(r for r in all_rules() if r.subject is subject), subject)

    def reads_circumstances(self, event_type: str) -> bool:
        """Whether a clock this type of event may start (or restart) reads the subject's circumstances."""
        return any(
            (r.starts_if or r.interval_by)
            and (
                event_type in r.starts_on
                or event_type in r.restarts_on
                or (r.repeats and event_type in r.satisfied_by)
            )
            for r in self.rules
        )

    def version(self, rule_id: str, on: date) -> Rule:
        """The version of a rule in force on a date, else the nearest earlier one (a clock already running)."""
        known = self._answers.get((rule_id, on))
        if known is not None:
            return known
        chosen: Rule | None = None
        for candidate in self._versions[rule_id]:
            if candidate.in_force_on(on):
                chosen = candidate
                break
            if chosen is None or candidate.in_force_from <= on:
                chosen = candidate
        assert chosen is not None
        self._answers[(rule_id, on)] = chosen
        return chosen

    def reads_birth(self, event_type: str) -> bool:
        """Whether a clock this type of event may start (or restart) reads the subject's age: replaying two children
        of a family gives the same obligations unless one of their events does (hearth.demo replays once for both).
        """
        return event_type in self._reads_birth

    def touched_by(self, event_type: str) -> frozenset[str]:
        """The rules (any version) an event of this type may restart, meet or end: no other open obligation is
        looked at when it is applied."""
        return self._touches.get(event_type, frozenset())

    def rules_starting(self, event_type: str, on: date) -> list[Rule]:
        """The rules in force on a date whose clock this type of event starts."""
        return [candidate for candidate in self._by_event.get(event_type, ()) if candidate.in_force_on(on)]


def _open(
    rule: Rule, start: date, event: EventFact, context: EngineContext, facts: Mapping[str, Any] | None = None
) -> ObligationState:
    interval = rule.interval_on(start, context.settings, facts)
    if rule.interval_weeks_from:  # an interval the event itself set (a conference's core group interval)
        weeks = event.payload.get(rule.interval_weeks_from)
        if isinstance(weeks, int) and not isinstance(weeks, bool) and weeks > 0:
            interval = Interval(weeks, Unit.WEEKS)
    due = interval.due_from(start, context.calendar)
    if rule.due_date_from:  # a date the event itself set (a supervision action's "by when")
        given = event.payload.get(rule.due_date_from)
        if isinstance(given, str):
            with contextlib.suppress(ValueError):
                due = max(date.fromisoformat(given), start)  # a date already past is due on the day it is set
    owner_id = None
    if rule.owner_from:
        named = event.payload.get(rule.owner_from)
        if isinstance(named, int) and not isinstance(named, bool):
            owner_id = named
    earliest = rule.window_before.before(due) if rule.window_before is not None else None
    return ObligationState(rule.id, start, due, event.id, owner_id=owner_id, earliest_date=earliest)


def _pause(open_states: list[ObligationState], event: EventFact, context: EngineContext) -> None:
    """Pause the one open obligation the event names (its rule, start and starting event), or resume the one its
    pause paused."""
    named, payload = event.payload.get("rule"), event.payload
    for state in open_states:
        if state.status != OPEN or state.rule_id != named:
            continue
        if event.type == PAUSED and state.paused_on is None:
            if payload.get("start_date") not in (None, state.start_date.isoformat()):
                continue
            if "started_by" in payload and payload["started_by"] != state.started_by:
                continue
            state.paused_on, state.paused_by, state.changed = event.occurred_on, event.id, True
            review = payload.get("review_on")
            state.pause_review_on = date.fromisoformat(review) if isinstance(review, str) else None
        elif event.type == RESUMED and state.paused_on is not None:
            if "pause_event" in payload and payload["pause_event"] != state.paused_by:
                continue
            lost = (event.occurred_on - state.paused_on).days
            state.due_date = add_days(state.due_date, lost)
            if state.earliest_date is not None:
                state.earliest_date = add_days(state.earliest_date, lost)
            state.paused_on, state.paused_by, state.pause_review_on, state.changed = None, None, None, True


def apply_event(
    open_states: list[ObligationState],
    event: EventFact,
    context: EngineContext,
    circumstances: Circumstances | None = None,
) -> list[ObligationState]:
    """Apply one event to a subject's open obligations (changed in place); return the obligations it opens.

    `circumstances` are the subject's facts before the event; the event's own facts are folded in first (a new
    placement's type sets the interval of the visit it starts)."""
    opened: list[ObligationState] = []
    opened_rules: set[str] = set()
    day = event.occurred_on
    if circumstances is not None:
        circumstances.apply(event.type, day, event.payload)
    known: dict[str, Any] | None = None

    def facts() -> dict[str, Any] | None:
        nonlocal known
        if circumstances is None:
            return None
        if known is None:
            known = circumstances.on(day)
        return known

    if event.type in (PAUSED, RESUMED):
        _pause(open_states, event, context)
        return opened

    touched = context.touched_by(event.type)
    for state in open_states:
        if state.rule_id not in touched:
            continue
        rule = context.version(state.rule_id, state.start_date)
        if (
            state.status == OPEN
            and event.type in rule.restarts_on
            and payload_matches(event.payload, rule.starts_when)
        ):
            fresh = _open(rule, day, event, context, facts())
            state.start_date, state.due_date, state.earliest_date = day, fresh.due_date, fresh.earliest_date
            state.started_by = event.id
            state.paused_on = state.paused_by = state.pause_review_on = None
            state.changed = True

    for rule_id in sorted(
        {state.rule_id for state in open_states if state.status == OPEN and state.rule_id in touched}
    ):
        # An obligation whose window has not opened by the event's day cannot be met by it.
        in_window = context.version(rule_id, day).counts_only_in_window
        candidates = [
            s
            for s in open_states
            if s.rule_id == rule_id
            and s.status == OPEN
            and (s.earliest_date is None or s.earliest_date <= day)
            and (not in_window or s.start_date <= day <= s.due_date)
        ]
        if not candidates:
            continue
        state = min(candidates, key=lambda item: (item.due_date, item.start_date))
        rule = context.version(rule_id, state.start_date)
        if event.type not in rule.satisfied_by or not payload_matches(event.payload, rule.satisfied_when):
            continue
        named = event.payload.get(rule.satisfied_start_from) if rule.satisfied_start_from else None
        if named is not None:  # meets only the obligation the named event started (else the earliest due)
            found = [s for s in candidates if s.started_by == named]
            if not found:
                continue
            state = found[0]
        state.status, state.met_by, state.closed_on, state.changed = MET, event.id, day, True
        if rule.repeats:
            again = context.version(rule_id, day)
            if again.in_force_on(day) and _starts_if(again, facts()):
                opened.append(_open(again, day, event, context, facts()))
                opened_rules.add(rule_id)

    for state in open_states:
        if (
            state.status == OPEN
            and state.rule_id in touched
            and event.type in context.version(state.rule_id, state.start_date).ends_on
        ):
            state.status, state.closed_on, state.changed = ENDED, day, True

    for rule in context.rules_starting(event.type, day):
        if rule.id in opened_rules:
            continue
        if not payload_matches(event.payload, rule.starts_when):
            continue
        if rule.one_at_a_time and any(s.rule_id == rule.id and s.status == OPEN for s in open_states):
            continue
        if not _starts_if(rule, facts()):
            continue
        opened.append(_open(rule, event.occurred_on, event, context, facts()))
    return opened


def _starts_if(rule: Rule, facts: Mapping[str, Any] | None) -> bool:
    """Whether the rule's conditions on the subject hold (a rule with conditions never starts without facts)."""
    if not rule.starts_if:
        return True
    return facts is not None and all(condition.holds(facts) for condition in rule.starts_if)


def event_order(event: EventFact) -> tuple[date, int, int]:
    """Events in the order they happened; on one day, the day's dated facts (a birthday, which has no id) before
    what was recorded that day (by id), so work done on a birthday meets the duty the birthday starts."""
    return (event.occurred_on, 0 if event.id is None else 1, event.id or 0)


def replay(
    events: Iterable[EventFact], context: EngineContext, circumstances: Circumstances | None = None
) -> list[ObligationState]:
    """Every obligation a subject's events give, from scratch; events in the order they happened."""
    every: list[ObligationState] = []
    open_states: list[ObligationState] = []
    for event in sorted(events, key=event_order):
        opened = apply_event(open_states, event, context, circumstances)
        every.extend(opened)
        open_states = [s for s in open_states if s.status == OPEN] + opened
    return every
