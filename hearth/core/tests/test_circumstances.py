"""Intervals chosen from the subject's circumstances on the day a clock starts (issue 14 item 4), declared as data:
regulation 28's long-term placement variant, an age band, and the facts folded from events in order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hearth.core.calendar import WorkingDayCalendar
from hearth.core.council_settings import SettingsSnapshot
from hearth.core.timescales.circumstances import Circumstances, whole_months, whole_years
from hearth.core.timescales.engine import EngineContext, EventFact, replay
from hearth.core.timescales.rules import Interval, IntervalChoice, Profile, Rule, Unit, When, all_rules

CONTEXT = EngineContext.build(WorkingDayCalendar(), SettingsSnapshot([]))
BORN = {"born_on": date(2015, 5, 10)}


def _visits(events: list[EventFact]) -> list[tuple[date, date]]:
    states = replay(events, CONTEXT, Circumstances(base=dict(BORN)))
    return [(s.start_date, s.due_date) for s in states if s.rule_id == "lac.visit"]


def _placed(day: date, long_term: bool | None, number: int = 1) -> EventFact:
    return EventFact(number, "placement.started", day, {"placement_type": "U1", "long_term": long_term})


def test_after_a_year_in_a_placement_meant_to_last_visits_are_three_monthly() -> None:
    care = EventFact(1, "care.started", date(2024, 1, 8), {"legal_status": "C2"})
    events = [care, _placed(date(2024, 1, 8), True, 2)]
    events += [EventFact(3, "lac_visit.completed", date(2024, 12, 2), {"seen": True})]
    events += [EventFact(4, "lac_visit.completed", date(2025, 1, 13), {"seen": True})]
    # The visit on 2 December 2024 is within the first year: 6 weeks. By 13 January 2025 the placement is a year
    # old (8 January) and meant to last: 3 months.
    assert _visits(events)[-2:] == [
        (date(2024, 12, 2), date(2025, 1, 13)),
        (date(2025, 1, 13), date(2025, 4, 13)),
    ]


def test_a_placement_not_meant_to_last_keeps_six_weekly_visits() -> None:
    events = [
        EventFact(1, "care.started", date(2024, 1, 8), {"legal_status": "V2"}),
        _placed(date(2024, 1, 8), False, 2),
        EventFact(3, "lac_visit.completed", date(2025, 1, 13), {"seen": True}),
    ]
    assert _visits(events)[-1] == (date(2025, 1, 13), date(2025, 2, 24))


def test_a_new_placement_counts_its_own_year() -> None:
    events = [
        EventFact(1, "care.started", date(2023, 1, 9), {"legal_status": "C2"}),
        _placed(date(2023, 1, 9), True, 2),
        _placed(date(2024, 11, 4), True, 3),  # moved: the year starts again
        EventFact(4, "lac_visit.completed", date(2025, 1, 13), {"seen": True}),
    ]
    assert _visits(events)[-1] == (date(2025, 1, 13), date(2025, 2, 24))


def test_an_age_band_chooses_the_interval_on_the_day_the_clock_starts_and_the_fifth_birthday_is_the_edge() -> (
    None
):
    health = Rule(
        id="test.review_health",
        title="Review health assessment",
        source="CPPCR 2010 reg 8 (a test's copy)",
        profile=Profile.REGULATIONS,
        in_force_from=date(2011, 4, 1),
        starts_on=("test.health_assessed",),
        satisfied_by=("test.health_assessed",),
        repeats=True,
        interval=Interval(12, Unit.MONTHS),
        interval_by=(IntervalChoice((When("age", "<", 5),), Interval(6, Unit.MONTHS)),),
    )
    context = EngineContext(WorkingDayCalendar(), SettingsSnapshot([]), (health,))
    born = {"born_on": date(2020, 5, 10)}  # 5 on Sunday 10 May 2025
    events = [
        EventFact(1, "test.health_assessed", date(2025, 5, 9), {}),  # 4 years old: 6 months
        EventFact(2, "test.health_assessed", date(2025, 5, 10), {}),  # the 5th birthday: 12 months
    ]
    states = replay(events, context, Circumstances(base=born))
    assert [(s.start_date, s.due_date) for s in states] == [
        (date(2025, 5, 9), date(2025, 11, 9)),
        (date(2025, 5, 10), date(2026, 5, 10)),
    ]
    # Without the child's facts (no date of birth recorded) the rule's own interval applies.
    assert replay(events[:1], context)[0].due_date == date(2026, 5, 9)


def test_whole_years_reach_a_29_february_anniversary_on_1_march_and_months_count_as_intervals_do() -> None:
    assert whole_years(date(2008, 2, 29), date(2025, 2, 28)) == 16
    assert whole_years(date(2008, 2, 29), date(2025, 3, 1)) == 17
    # A month from 31 January is the end of February, as every monthly interval counts it.
    assert whole_months(date(2024, 1, 31), date(2024, 2, 28)) == 0
    assert whole_months(date(2024, 1, 31), date(2024, 2, 29)) == 1


def test_the_rules_page_lists_conditions_and_interval_choices(client, council) -> None:  # type: ignore[no-untyped-def]
    client.force_login(council.worker)
    page = client.get("/rules/?area=care").content.decode()
    assert "3 months when long term == True and months in placement &gt;= 12" in page
    assert "Only when: looked after == True" in page
    assert "a date that arrives" in page
    staff_page = client.get("/rules/?area=supervision").content.decode()
    assert "A member of staff: The manager who supervises them" in staff_page
    assert any(r.id == "supervision.due" for r in all_rules())


def test_a_repeating_clock_whose_later_version_reads_the_age_is_known_to_read_it_whichever_version_started_it() -> (
    None
):
    first = Rule(
        id="test.notice",
        title="A notice",
        source="a test's rule",
        profile=Profile.REGULATIONS,
        in_force_from=date(2011, 4, 1),
        in_force_to=date(2023, 12, 31),
        starts_on=("test.placed",),
        satisfied_by=("test.sent",),
        repeats=True,
        interval=Interval(12, Unit.MONTHS),
    )
    later = replace(  # no longer repeats, but one started under the first version does
        first,
        in_force_from=date(2024, 1, 1),
        in_force_to=None,
        repeats=False,
        starts_if=(When("age", ">=", 5),),
    )
    context = EngineContext(WorkingDayCalendar(), SettingsSnapshot([]), (first, later))
    assert context.reads_birth("test.sent") and context.reads_birth("test.placed")
    assert not context.reads_birth("test.unrelated")
