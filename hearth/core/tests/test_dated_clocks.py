"""Clocks that start on a date that arrives (issue 14 items 1 and 2): birthdays, a care leaver's birthday window,
and `hearth daily`, which starts them on the day, catches up missed days and can run twice."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from hearth.core.events import event_record
from hearth.core.models import ChangeLog, DailyRun, Obligation, ObligationStatus
from hearth.core.tests.queue import run_queued
from hearth.core.timescales.daily import daily_run
from hearth.core.timescales.store import obligations_rebuild
from hearth.organisation.services import allocation_change
from hearth.people.services.person import person_update
from hearth.people.tests.factories import make_child

NEEDS = "leaving_care.needs_assessment"
CONTACT = "leaving_care.birthday_contact"


def _event(child: Any, type: str, on: date, **payload: Any) -> None:
    with transaction.atomic():
        event_record(child_id=child.pk, type=type, occurred_on=on, recorded_by=None, payload=payload)


def _in_care(born: date, since: date, **names: Any) -> Any:
    child = make_child(date_of_birth=born, **names)
    _event(child, "care.started", since, legal_status="Full care order", legal_status_code="C2")
    return child


def _allocate(council: Any, child: Any) -> None:
    allocation_change(
        child_id=child.pk,
        worker=council.worker,
        team=council.team,
        start_date=date(2026, 9, 1),
        reason="Looked after",
        by=council.users["front_door"],
    )


def _clocks(child: Any, rule_id: str | None = None) -> list[tuple[str, date, date, str]]:
    rows = Obligation.objects.filter(child=child)
    if rule_id:
        rows = rows.filter(rule_id=rule_id)
    return list(
        rows.order_by("rule_id", "start_date").values_list("rule_id", "start_date", "due_date", "status")
    )


def _pin(settings: Any, day: date) -> None:
    settings.HEARTH_TODAY = day


def test_a_16th_birthday_while_looked_after_starts_the_needs_assessment_on_the_day(council, settings) -> None:
    # 5 June 2027 is a Saturday: a date that arrives starts its clock whether or not it is a working day.
    looked_after = _in_care(date(2011, 6, 5), date(2026, 9, 1), forename="Kai")
    at_home = make_child(date_of_birth=date(2011, 6, 5), forename="Ola")
    _pin(settings, date(2027, 6, 4))
    daily_run(date(2027, 6, 4))
    assert _clocks(looked_after, NEEDS) == []  # not 16 yet
    _pin(settings, date(2027, 6, 5))
    daily_run(date(2027, 6, 5))
    assert _clocks(looked_after, NEEDS) == [(NEEDS, date(2027, 6, 5), date(2027, 9, 5), "open")]
    assert _clocks(at_home, NEEDS) == []  # not looked after: no needs assessment


def test_the_daily_run_catches_up_missed_days_and_running_it_twice_changes_nothing(council, settings) -> None:
    child = _in_care(date(2011, 6, 5), date(2026, 9, 1))
    _pin(settings, date(2027, 6, 1))
    daily_run(date(2027, 6, 1))
    # Missed from 2 to 9 June; the birthday on the 5th is caught up, dated the day it fell.
    _pin(settings, date(2027, 6, 10))
    out = StringIO()
    call_command("daily", stdout=out)  # the rebuilds go on the task queue, for the worker
    assert (
        "Covered 2027-06-02 to 2027-06-10" in out.getvalue() and "by the worker in 1 part" in out.getvalue()
    )
    assert DailyRun.objects.latest("pk").finished_at is None
    run_queued()
    assert DailyRun.objects.latest("pk").finished_at is not None
    once = _clocks(child)
    assert (NEEDS, date(2027, 6, 5), date(2027, 9, 5), "open") in once
    call_command("daily", "--inline", stdout=StringIO())
    assert _clocks(child) == once
    assert Obligation.objects.filter(child=child, rule_id=NEEDS).count() == 1
    assert list(DailyRun.objects.order_by("pk").values_list("first_day", "last_day")) == [
        (date(2027, 6, 1), date(2027, 6, 1)),
        (date(2027, 6, 2), date(2027, 6, 10)),
        (date(2027, 6, 10), date(2027, 6, 10)),
    ]


def test_day_by_day_running_gives_what_a_replay_gives(council, settings) -> None:
    child = _in_care(date(2011, 6, 5), date(2026, 9, 1))
    days = [date(2027, 6, day) for day in range(3, 9)]
    for day in days:
        _pin(settings, day)
        if day == date(2027, 6, 7):
            _event(child, "care_leaver.needs_assessment", day)  # met two days after the birthday
        daily_run(day)
    day_by_day = _clocks(child)
    obligations_rebuild(child.pk)
    assert _clocks(child) == day_by_day
    assert (NEEDS, date(2027, 6, 5), date(2027, 9, 5), "met") in day_by_day


def test_a_late_entry_before_a_birthday_replays_in_order(council, settings) -> None:
    child = _in_care(date(2011, 6, 5), date(2026, 9, 1))
    _pin(settings, date(2027, 6, 8))
    daily_run(date(2027, 6, 8), since=date(2027, 6, 1))
    # Recorded on the 8th, happened on the 4th: before the birthday, so it does not meet the duty it starts.
    _event(child, "care_leaver.needs_assessment", date(2027, 6, 4))
    assert _clocks(child, NEEDS) == [(NEEDS, date(2027, 6, 5), date(2027, 9, 5), "open")]


def test_someone_born_on_29_february_turns_16_on_1_march(council, settings) -> None:
    child = _in_care(date(2012, 2, 29), date(2026, 9, 1))  # 2028 is a leap year, so use 2028 - 16 = 2012
    leap = _in_care(date(2011, 2, 28), date(2026, 9, 1))
    _pin(settings, date(2027, 2, 28))
    daily_run(date(2027, 2, 28))
    assert _clocks(leap, NEEDS)[0][1] == date(2027, 2, 28)
    assert _clocks(child, NEEDS) == []
    # In 2028 (a leap year) the 29th exists.
    _pin(settings, date(2028, 2, 29))
    daily_run(date(2028, 2, 29), since=date(2028, 2, 28))
    assert _clocks(child, NEEDS) == [(NEEDS, date(2028, 2, 29), date(2028, 5, 29), "open")]
    other = _in_care(date(2010, 2, 28), date(2026, 9, 1))
    assert _clocks(other, NEEDS) == []  # turned 16 in 2026, before care (not looked after then)


def test_born_on_29_february_in_a_year_that_is_not_a_leap_year_the_birthday_is_1_march(
    council, settings
) -> None:
    child = _in_care(date(2008, 2, 29), date(2020, 1, 6))
    # 16 in 2024 (a leap year: 29 February); 17 in 2025 (not one: 1 March), the in-touch window's birthday.
    _event(child, "care_leaver.started", date(2024, 3, 1), eligibility="relevant")
    _pin(settings, date(2025, 1, 1))
    daily_run(date(2025, 1, 1), since=date(2024, 1, 1))  # a council that went live on 1 January 2024
    assert _clocks(child, NEEDS) == [(NEEDS, date(2024, 2, 29), date(2024, 5, 29), "open")]
    # The 17th birthday falls on 1 March 2025, so its window opens 3 months before and closes a month after.
    assert _clocks(child, CONTACT) == [(CONTACT, date(2024, 12, 1), date(2025, 4, 1), "open")]


def test_the_care_leavers_birthday_window_counts_only_contacts_inside_it(council, settings) -> None:
    # The 18th birthday is Christmas Day 2027 (a bank holiday): the window opens on 25 September and closes on
    # 25 January (settings: 3 months before, 1 month after).
    child = _in_care(date(2009, 12, 25), date(2020, 1, 6))
    _event(child, "care.ended", date(2027, 1, 10), reason="Moved to independent living")
    _event(child, "care_leaver.started", date(2027, 1, 10), eligibility="former relevant")
    _pin(settings, date(2027, 9, 24))
    daily_run(date(2027, 9, 24), since=date(2027, 1, 11))
    _event(child, "care_leaver.contact", date(2027, 9, 24), how="phone")  # the day before it opens
    assert [row for row in _clocks(child, CONTACT) if row[1].year == 2027] == []
    _pin(settings, date(2027, 9, 25))
    daily_run(date(2027, 9, 25))
    assert (CONTACT, date(2027, 9, 25), date(2028, 1, 25), "open") in _clocks(child, CONTACT)
    _pin(settings, date(2027, 12, 27))
    _event(child, "care_leaver.contact", date(2027, 12, 27), how="visit")  # a bank holiday, inside the window
    assert (CONTACT, date(2027, 9, 25), date(2028, 1, 25), "met") in _clocks(child, CONTACT)


def test_a_corrected_date_of_birth_moves_the_clock_once_and_is_audited(council, settings) -> None:
    child = _in_care(date(2011, 6, 5), date(2026, 9, 1))
    _allocate(council, child)
    _pin(settings, date(2027, 6, 20))
    daily_run(date(2027, 6, 20), since=date(2027, 6, 1))
    [(_, start, due, _)] = _clocks(child, NEEDS)
    assert (start, due) == (date(2027, 6, 5), date(2027, 9, 5))
    child.refresh_from_db()
    person_update(
        person=child, values={"date_of_birth": date(2011, 6, 12)}, version=child.version, by=council.worker
    )
    assert _clocks(child, NEEDS) == [(NEEDS, date(2027, 6, 12), date(2027, 9, 12), "open")]
    logged = ChangeLog.objects.get(model="core.obligation", action="redate")
    assert logged.user == council.worker and logged.child_id == child.pk
    assert (logged.before["due_date"], logged.after["due_date"]) == ("2027-09-05", "2027-09-12")
    # Corrected to a date of birth a year later: not 16 yet, so the duty goes, and that is audited too.
    child.refresh_from_db()
    person_update(
        person=child, values={"date_of_birth": date(2012, 6, 12)}, version=child.version, by=council.worker
    )
    assert _clocks(child, NEEDS) == []
    removed = ChangeLog.objects.get(model="core.obligation", action="delete")
    assert removed.before["rule_id"] == NEEDS and removed.after is None


def test_a_met_birthday_clock_stays_met_when_the_date_of_birth_is_corrected(council, settings) -> None:
    child = _in_care(date(2011, 6, 5), date(2026, 9, 1))
    _pin(settings, date(2027, 7, 1))
    daily_run(date(2027, 7, 1), since=date(2027, 6, 1))
    _event(child, "care_leaver.needs_assessment", date(2027, 6, 30))
    _allocate(council, child)
    child.refresh_from_db()
    person_update(
        person=child, values={"date_of_birth": date(2011, 6, 1)}, version=child.version, by=council.worker
    )
    assert _clocks(child, NEEDS) == [(NEEDS, date(2027, 6, 1), date(2027, 9, 1), "met")]
    assert not ChangeLog.objects.filter(model="core.obligation", action="redate").exists()


def test_the_daily_command_refuses_a_start_after_today(council, settings) -> None:
    _pin(settings, date(2027, 6, 1))
    with pytest.raises(SystemExit):
        call_command("daily", "--since", "2027-06-02", stdout=StringIO(), stderr=StringIO())
    assert not DailyRun.objects.exists()


def test_obligation_status_strings_match_the_model() -> None:
    assert {ObligationStatus.OPEN, ObligationStatus.MET} == {"open", "met"}


def test_the_councils_term_calendar_starts_a_clock_each_term_for_children_looked_after_that_day(
    council, settings
) -> None:
    """Terms are a council setting; a rule of the test's own shows the clock each term starts (the personal
    education plan's own rule is tested with its record, in hearth.education)."""
    from hearth.care.models import CarePeriod
    from hearth.care.timescales import TERM_STARTS, terms_starting
    from hearth.core.council_settings import council_setting_set
    from hearth.core.timescales.circumstances import Circumstances
    from hearth.core.timescales.dated import dated_facts_of, dated_source
    from hearth.core.timescales.engine import EngineContext, EventFact, replay
    from hearth.core.timescales.rules import Interval, Profile, Rule, Subject, Unit, When
    from hearth.core.timescales.store import engine_context

    terms = [
        "2026-09-02",
        "2027-01-05",
        "2027-04-19",
    ]  # 5 January 2027 is a Tuesday after the new year holiday
    council_setting_set(key="school_term_starts", value=terms, effective_from=date(2020, 1, 1))
    looked_after = _in_care(date(2015, 3, 1), date(2026, 11, 2))
    CarePeriod.objects.create(child=looked_after, start_date=date(2026, 11, 2), legal_status="C2")
    left = make_child(date_of_birth=date(2015, 3, 1))
    CarePeriod.objects.create(
        child=left, start_date=date(2025, 1, 6), end_date=date(2026, 12, 18), legal_status="V2"
    )
    assert set(terms_starting(date(2027, 1, 1), date(2027, 1, 31))) == {(looked_after.pk, date(2027, 1, 5))}
    # The personal education plan's termly review listens to terms (issue 17), so a rebuild reads them.
    born = {"born_on": date(2015, 3, 1)}
    assert [
        (fact.type, fact.occurred_on)
        for fact in dated_facts_of(Subject.CHILD, born, date(2026, 12, 1), date(2027, 6, 1))
    ] == [(TERM_STARTS, date(2027, 1, 5)), (TERM_STARTS, date(2027, 4, 19))]
    facts = [
        EventFact(None, TERM_STARTS, day, payload)
        for day, payload in dated_source(TERM_STARTS).of(
            born, date(2026, 12, 1), date(2027, 6, 1), engine_context().settings
        )
    ]
    assert [(f.occurred_on, f.payload) for f in facts] == [
        (date(2027, 1, 5), {"due_date": "2027-04-18"}),
        (date(2027, 4, 19), {}),
    ]
    pep = Rule(
        id="test.pep_review",
        title="PEP reviewed this term",
        source="A test's copy of the PEP guidance",
        profile=Profile.REGULATIONS,
        in_force_from=date(2014, 1, 1),
        starts_on=(TERM_STARTS,),
        starts_if=(When("looked_after", "==", True),),
        satisfied_by=("test.pep_reviewed",),
        due_date_from="due_date",
        interval=Interval(12, Unit.WEEKS),
        one_at_a_time=False,
    )
    context = EngineContext(engine_context().calendar, engine_context().settings, (pep,))
    care = EventFact(1, "care.started", date(2026, 11, 2), {"legal_status": "C2"})
    states = replay([care, *facts], context, Circumstances(base={"born_on": date(2015, 3, 1)}))
    assert [(s.start_date, s.due_date) for s in states] == [
        (date(2027, 1, 5), date(2027, 4, 18)),
        (date(2027, 4, 19), date(2027, 7, 12)),  # the last term known: 12 weeks, the rule's own interval
    ]
    assert replay(facts, context, Circumstances(base={"born_on": date(2015, 3, 1)})) == []  # not looked after


def test_a_term_calendar_that_is_not_dates_in_order_is_refused(council) -> None:
    from django.core.exceptions import ValidationError

    from hearth.core.council_settings import council_setting_set
    from hearth.core.models import CouncilSetting

    for value, message in (
        ("2027-01-05", "give a list of dates written YYYY-MM-DD"),
        (["2027-01-05", "5 April"], "write each date as YYYY-MM-DD"),
        (["2027-04-19", "2027-01-05"], "give the dates in order, each once"),
    ):
        with pytest.raises(ValidationError, match=message):
            council_setting_set(key="school_term_starts", value=value, effective_from=date(2026, 9, 1))
    assert not CouncilSetting.objects.filter(key="school_term_starts").exists()


def test_birthdays_before_the_first_daily_run_start_no_clock_even_on_a_rebuild(council, settings) -> None:
    """A council's history from before Hearth ran does not fill with duties no one was asked to do: a rebuild
    (a late entry, a merge) gives what day-by-day running gave."""
    child = _in_care(date(2008, 6, 5), date(2020, 1, 6))  # 16 on 5 June 2024, long before the first run
    _pin(settings, date(2026, 12, 1))
    obligations_rebuild(child.pk)
    assert _clocks(child, NEEDS) == []
    daily_run(date(2026, 12, 1))
    obligations_rebuild(child.pk)
    assert _clocks(child, NEEDS) == []


def test_a_contact_counts_for_the_birthday_whose_window_it_falls_in(council, settings) -> None:
    child = _in_care(date(2005, 6, 1), date(2015, 1, 5))
    _event(child, "care.ended", date(2022, 1, 10), reason="Left care at 16")
    _event(child, "care_leaver.started", date(2022, 1, 10), eligibility="relevant")
    _pin(settings, date(2024, 7, 15))
    daily_run(date(2024, 7, 15), since=date(2022, 1, 1))
    # The windows around the 17th, 18th and 19th birthdays (1 March to 1 July each year) are open, none met.
    _event(child, "care_leaver.contact", date(2024, 7, 15), how="text")  # after the 19th's window closed
    assert [(row[1], row[3]) for row in _clocks(child, CONTACT)] == [
        (date(2022, 3, 1), "open"),
        (date(2023, 3, 1), "open"),
        (date(2024, 3, 1), "open"),
    ]
    _event(child, "care_leaver.contact", date(2024, 6, 20), how="visit")  # inside the 19th birthday's window
    assert [(row[1], row[3]) for row in _clocks(child, CONTACT)] == [
        (date(2022, 3, 1), "open"),
        (date(2023, 3, 1), "open"),
        (date(2024, 3, 1), "met"),
    ]


def test_a_daily_run_that_failed_part_way_is_covered_again_and_two_cannot_run_at_once(
    council, settings
) -> None:
    from hearth.core import clock
    from hearth.core.timescales.daily import AlreadyRunning

    child = _in_care(date(2011, 6, 5), date(2026, 9, 1))
    _pin(settings, date(2027, 6, 4))
    daily_run(date(2027, 6, 4))
    _pin(settings, date(2027, 6, 6))
    crashed = DailyRun.objects.create(
        first_day=date(2027, 6, 5), last_day=date(2027, 6, 5), started_at=clock.now()
    )
    with pytest.raises(AlreadyRunning):
        daily_run(date(2027, 6, 6))
    DailyRun.objects.filter(pk=crashed.pk).update(started_at=clock.now() - timedelta(hours=7))  # it died
    run = daily_run(date(2027, 6, 6))
    assert (run.first_day, run.last_day) == (date(2027, 6, 5), date(2027, 6, 6))
    assert _clocks(child, NEEDS) == [(NEEDS, date(2027, 6, 5), date(2027, 9, 5), "open")]


def test_a_child_who_has_died_keeps_the_history_of_their_birthday_clocks(council, settings) -> None:
    child = _in_care(date(2011, 6, 5), date(2026, 9, 1))
    _allocate(council, child)
    _pin(settings, date(2027, 7, 1))
    daily_run(date(2027, 7, 1), since=date(2027, 6, 1))
    _event(child, "care_leaver.needs_assessment", date(2027, 6, 20))
    child.refresh_from_db()
    person_update(
        person=child, values={"date_of_death": date(2027, 6, 30)}, version=child.version, by=council.worker
    )
    obligations_rebuild(child.pk)
    assert _clocks(child, NEEDS) == [(NEEDS, date(2027, 6, 5), date(2027, 9, 5), "met")]


def test_a_queued_run_rebuilds_in_parts_and_finishes_with_the_last(council, settings, monkeypatch) -> None:
    from hearth.core.timescales import daily

    monkeypatch.setattr(daily, "PART", 1)  # a part a child
    children = [_in_care(date(2011, 6, 5), date(2026, 9, 1), forename=name) for name in ("Ada", "Ben", "Cal")]
    _pin(settings, date(2027, 6, 4))
    daily_run(date(2027, 6, 4))
    run_queued()  # what else the council's set-up queued (its allocations' news)
    _pin(settings, date(2027, 6, 6))
    run = daily_run(date(2027, 6, 6), queue=True)
    assert (run.parts, run.parts_done, run.finished_at) == (3, 0, None)
    assert all(_clocks(child, NEEDS) == [] for child in children)  # not until the worker has run
    run_queued(max_tasks=2)
    run.refresh_from_db()
    assert (run.parts_done, run.finished_at) == (2, None)
    run_queued()
    run.refresh_from_db()
    assert run.parts_done == 3 and run.finished_at is not None
    assert run.summary["dated"] == 3 and "escalations_notified" in run.summary
    for child in children:
        assert _clocks(child, NEEDS) == [(NEEDS, date(2027, 6, 5), date(2027, 9, 5), "open")]


def test_a_queued_run_whose_finish_failed_is_finished_by_the_parts_next_try(
    council, settings, monkeypatch
) -> None:
    from hearth.core.timescales import daily

    _in_care(date(2011, 6, 5), date(2026, 9, 1))
    _pin(settings, date(2027, 6, 6))
    run_queued()  # the council's own news first
    real, failures = daily._finish, []

    def fails_once(*args, **kwargs):
        if not failures:
            failures.append(1)
            raise RuntimeError("the database went away while finishing")
        return real(*args, **kwargs)

    monkeypatch.setattr(daily, "_finish", fails_once)
    run = daily_run(date(2027, 6, 6), since=date(2027, 6, 1), queue=True)
    run_queued()
    run.refresh_from_db()
    assert (run.parts, run.parts_done) == (1, 1)  # the retried part is counted once
    assert run.finished_at is not None and run.summary["dated"] == 1
