"""The timescale engine: each rule's due dates, the reference's worked examples, and obligations kept current."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.utils.html import escape

from hearth.core.calendar import WorkingDayCalendar
from hearth.core.council_settings import SettingsSnapshot, council_setting_set
from hearth.core.events import event_record
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.core.timescales.engine import EngineContext, EventFact, replay
from hearth.core.timescales.rules import all_rules, rule
from hearth.core.timescales.store import obligations_rebuild

CONTEXT = EngineContext.build(WorkingDayCalendar(), SettingsSnapshot([]))


def due_dates(*events: tuple[str, date, dict[str, Any]]) -> dict[str, list[tuple[date, str]]]:
    facts = [EventFact(i, kind, day, payload) for i, (kind, day, payload) in enumerate(events, start=1)]
    result: dict[str, list[tuple[date, str]]] = {}
    for state in replay(facts, CONTEXT):
        result.setdefault(state.rule_id, []).append((state.due_date, state.status))
    return result


def test_worked_example_icpc_2012_counts_past_the_jubilee_bank_holidays() -> None:
    dates = due_dates(("strategy_discussion.held", date(2012, 5, 31), {"section_47": True}))
    assert dates["cp.icpc"] == [(date(2012, 6, 25), "open")]


def test_worked_example_single_assessment_over_christmas_2024() -> None:
    dates = due_dates(("referral.received", date(2024, 12, 20), {}))
    assert dates["assessment.single"] == [(date(2025, 2, 26), "open")]
    assert dates["referral.decision"] == [(date(2024, 12, 23), "open")]


def test_worked_example_icpc_from_a_strategy_discussion_on_20_december_2024() -> None:
    dates = due_dates(("strategy_discussion.held", date(2024, 12, 20), {"section_47": True}))
    assert dates["cp.icpc"] == [(date(2025, 1, 15), "open")]


def test_a_strategy_discussion_that_does_not_start_section_47_starts_no_conference_clock() -> None:
    assert "cp.icpc" not in due_dates(("strategy_discussion.held", date(2024, 12, 20), {"section_47": False}))


def test_the_2010_profile_counts_from_the_first_discussion_and_today_from_the_last() -> None:
    in_2012 = due_dates(
        ("strategy_discussion.held", date(2012, 5, 1), {"section_47": True}),
        ("strategy_discussion.held", date(2012, 5, 8), {"section_47": True}),
    )
    assert in_2012["cp.icpc"] == [(date(2012, 5, 23), "open")]  # 7 May 2012 was a bank holiday
    in_2024 = due_dates(
        ("strategy_discussion.held", date(2024, 5, 1), {"section_47": True}),
        ("strategy_discussion.held", date(2024, 5, 8), {"section_47": True}),
    )
    assert in_2024["cp.icpc"] == [(date(2024, 5, 30), "open")]


def test_initial_assessment_applies_before_april_2013_and_single_assessment_after() -> None:
    before = due_dates(("referral.received", date(2013, 4, 12), {}))
    assert before["assessment.initial"] == [(date(2013, 4, 26), "open")]
    assert "assessment.single" not in before
    after = due_dates(("referral.received", date(2013, 4, 15), {}))
    assert "assessment.initial" not in after
    assert after["assessment.single"] == [(date(2013, 6, 19), "open")]


@pytest.mark.parametrize(
    ("events", "rule_id", "expected"),
    [
        # Child protection plan: first core group 10 WD, first review 3 months (clamped), visits 10 WD (setting).
        ([("cp_plan.started", date(2024, 12, 20), {})], "cp.first_core_group", [date(2025, 1, 8)]),
        ([("cp_plan.started", date(2024, 11, 30), {})], "cp.first_review", [date(2025, 2, 28)]),
        (
            [("cp_plan.started", date(2024, 8, 31), {}), ("rcpc.held", date(2024, 11, 29), {})],
            "cp.review",
            [date(2025, 5, 29)],
        ),
        (
            [("cp_plan.started", date(2025, 4, 17), {})],
            "cp.visit",
            [date(2025, 5, 6)],
        ),  # Easter and early May
        # Looked after: first review 20 WD (CPPCR) or 4 weeks (1991 regs), second 3 months, then 6 months.
        ([("care.started", date(2025, 3, 31), {})], "lac.first_review", [date(2025, 4, 30)]),
        ([("care.started", date(2011, 3, 1), {})], "lac.first_review", [date(2011, 3, 29)]),
        (
            [("care.started", date(2025, 1, 6), {}), ("lac_review.held", date(2025, 1, 31), {"number": 1})],
            "lac.second_review",
            [date(2025, 4, 30)],
        ),
        (
            [
                ("care.started", date(2024, 1, 8), {}),
                ("lac_review.held", date(2024, 2, 1), {"number": 1}),
                ("lac_review.held", date(2024, 4, 30), {"number": 2, "subsequent": True}),
            ],
            "lac.review",
            [date(2024, 10, 30)],
        ),
        # Placement visits: within a week (calendar days), then every 6 weeks.
        ([("placement.started", date(2025, 12, 22), {})], "lac.placement_visit", [date(2025, 12, 29)]),
        (
            [("placement.started", date(2025, 1, 6), {}), ("lac_visit.completed", date(2025, 1, 10), {})],
            "lac.visit",
            [date(2025, 2, 21)],
        ),
        # Referral decision: 1 working day (Friday to Monday; Maundy Thursday to the Tuesday after Easter).
        ([("referral.received", date(2025, 4, 17), {})], "referral.decision", [date(2025, 4, 22)]),
        ([("cin_plan.started", date(2025, 1, 2), {})], "cin.visit", [date(2025, 1, 30)]),
        # Contacts screened within 1 working day (local setting): Friday to Monday, Christmas Eve to the 27th.
        ([("contact.received", date(2025, 3, 7), {})], "contact.decision", [date(2025, 3, 10)]),
        ([("contact.received", date(2025, 12, 24), {})], "contact.decision", [date(2025, 12, 29)]),
    ],
)
def test_each_rule_gives_its_due_date(events: list[Any], rule_id: str, expected: list[date]) -> None:
    assert [due for due, status in due_dates(*events)[rule_id] if status == "open"] == expected


def test_repeating_visits_restart_from_each_visit_where_the_child_was_seen() -> None:
    dates = due_dates(
        ("cp_plan.started", date(2025, 1, 6), {}),
        ("cp_visit.completed", date(2025, 1, 13), {"seen": True}),
        ("cp_visit.completed", date(2025, 1, 20), {"seen": False}),
    )
    assert dates["cp.visit"] == [(date(2025, 1, 20), "met"), (date(2025, 1, 27), "open")]


def test_ending_the_plan_ends_what_it_started() -> None:
    dates = due_dates(
        ("cp_plan.started", date(2025, 1, 6), {}),
        ("cp_plan.ended", date(2025, 1, 8), {}),
    )
    assert {status for values in dates.values() for _, status in values if values} == {"ended"}


def test_every_rule_cites_a_source_and_a_period() -> None:
    for declared in all_rules():
        assert declared.source and declared.title
        assert declared.in_force_to is None or declared.in_force_to > declared.in_force_from
    assert rule("cp.icpc", date(2012, 1, 1)).in_force_to == date(2013, 4, 14)
    assert rule("cp.icpc", date(2020, 1, 1)).restarts_on == ("strategy_discussion.held",)


# --- stored obligations, kept current as events are recorded ---------------------------------------------------


def record(child_id: int, kind: str, day: date, **payload: Any) -> Event:
    with transaction.atomic():
        return event_record(child_id=child_id, type=kind, occurred_on=day, recorded_by=None, payload=payload)


def stored(child_id: int) -> set[tuple[str, date, date, str, date | None]]:
    return set(
        Obligation.objects.filter(child_id=child_id).values_list(
            "rule_id", "start_date", "due_date", "status", "closed_on"
        )
    )


def test_obligations_update_as_events_are_recorded(council: Any) -> None:
    child = council.child
    record(child.pk, "cp_plan.started", date(2025, 1, 6), category="NEG")
    visit = Obligation.objects.get(child=child, rule_id="cp.visit", status=ObligationStatus.OPEN)
    assert (visit.due_date, visit.owner, visit.team) == (date(2025, 1, 20), council.worker, council.team)

    record(child.pk, "cp_visit.completed", date(2025, 1, 21), seen=True)
    visit.refresh_from_db()
    assert visit.status == ObligationStatus.MET and visit.met_in_time is False
    following = Obligation.objects.get(child=child, rule_id="cp.visit", status=ObligationStatus.OPEN)
    assert following.due_date == date(2025, 2, 4)

    record(child.pk, "core_group.held", date(2025, 1, 15))
    core_group = Obligation.objects.get(child=child, rule_id="cp.first_core_group")
    assert core_group.status == ObligationStatus.MET and core_group.met_in_time is True

    record(child.pk, "cp_plan.ended", date(2025, 2, 3))
    assert not Obligation.objects.filter(child=child, status=ObligationStatus.OPEN).exists()
    ended = Obligation.objects.filter(child=child, status=ObligationStatus.NO_LONGER_REQUIRED)
    assert set(ended.values_list("rule_id", flat=True)) == {"cp.visit", "cp.first_review", "cp.core_group"}


def test_a_late_entry_replays_the_history_and_gives_what_a_rebuild_gives(council: Any) -> None:
    child = council.child
    record(child.pk, "cp_plan.started", date(2025, 1, 6), category="NEG")
    record(child.pk, "cp_visit.completed", date(2025, 1, 27), seen=True)
    record(child.pk, "cp_visit.completed", date(2025, 1, 13), seen=True)  # recorded late
    incremental = stored(child.pk)
    visits = sorted(row for row in incremental if row[0] == "cp.visit")
    assert [(row[2], row[3]) for row in visits] == [
        (date(2025, 1, 20), "met"),
        (date(2025, 1, 27), "met"),
        (date(2025, 2, 10), "open"),
    ]
    obligations_rebuild(child.pk)
    assert stored(child.pk) == incremental


EVENT_CHOICES = [
    ("referral.received", {}),
    ("referral.decided", {}),
    ("assessment.completed", {}),
    ("strategy_discussion.held", {"section_47": True}),
    ("icpc.held", {}),
    ("cp_plan.started", {}),
    ("cp_visit.completed", {"seen": True}),
    ("cp_visit.completed", {"seen": False}),
    ("core_group.held", {}),
    ("rcpc.held", {}),
    ("cp_plan.ended", {}),
    ("care.started", {}),
    ("placement.started", {}),
    ("lac_visit.completed", {}),
    ("lac_review.held", {"number": 1}),
    ("lac_review.held", {"number": 3, "subsequent": True}),
    ("care.ended", {}),
    ("cin_plan.started", {}),
    ("cin_visit.completed", {"seen": True}),
    ("cin_episode.closed", {}),
]


@pytest.mark.parametrize("seed", range(6))
def test_replaying_any_history_gives_the_obligations_recorded_one_event_at_a_time(
    council: Any, seed: int
) -> None:
    rng = random.Random(seed)
    child = council.child
    day = date(2012, 1, 2)
    for _ in range(40):
        kind, payload = rng.choice(EVENT_CHOICES)
        # Mostly in order, sometimes recorded late (up to 20 days before the latest event).
        occurred = day if rng.random() > 0.2 else date.fromordinal(day.toordinal() - rng.randint(1, 20))
        record(child.pk, kind, occurred, **payload)
        day = date.fromordinal(day.toordinal() + rng.randint(0, 30))
    incremental = stored(child.pk)
    assert incremental
    obligations_rebuild(child.pk)
    assert stored(child.pk) == incremental


def test_a_local_setting_applies_from_its_date_and_does_not_rewrite_history(council: Any) -> None:
    child = council.child
    council_setting_set(
        key="cp_visit_interval",
        value={"amount": 5, "unit": "working_days"},
        effective_from=date(2025, 3, 1),
        note="Tighter visiting after audit",
    )
    record(child.pk, "cp_plan.started", date(2025, 2, 3), category="NEG")
    record(child.pk, "cp_visit.completed", date(2025, 3, 3), seen=True)
    visits = sorted(
        Obligation.objects.filter(child=child, rule_id="cp.visit").values_list("start_date", "due_date")
    )
    assert visits == [(date(2025, 2, 3), date(2025, 2, 17)), (date(2025, 3, 3), date(2025, 3, 10))]


def test_a_setting_must_be_declared_and_well_formed(council: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="no setting"):
        council_setting_set(key="nonsense", value=1, effective_from=date(2025, 1, 1))
    with pytest.raises(ValidationError, match="amount"):
        council_setting_set(key="cp_visit_interval", value=10, effective_from=date(2025, 1, 1))


def test_the_rules_page_lists_every_rule_with_its_source_and_the_local_value(council: Any) -> None:
    from django.test import Client

    council_setting_set(
        key="cp_visit_interval", value={"amount": 15, "unit": "working_days"}, effective_from=date(2020, 1, 1)
    )
    client = Client()
    client.force_login(council.worker)
    page = client.get("/rules/").content.decode()
    for declared in all_rules():
        assert escape(declared.title) in page
    assert "15 working days" in page
    assert "{" not in page.split('id="settings"')[1]  # settings read as words, not data
    assert "Working Together 2010: 15 working days from the strategy discussion" in page
    settings = page.split('id="settings"')[1]
    assert "True" not in settings and "False" not in settings  # a yes-or-no setting reads Yes or No
    assert "Yes" in settings
    # Each rule says what starts it, what meets it and whose it is; the page filters by area.
    rows = page.split('id="rules"')[1].split("</table>")[0]
    assert "Starts: Child protection plan started" in rows and "Met by: Child protection visit" in rows
    assert "The child&#x27;s team (a manager&#x27;s decision)" in rows
    protection = client.get("/rules/", {"area": "protection"}).content.decode().split('id="rules"')[1]
    assert "cp.visit" in protection and "cin.visit" not in protection.split("</table>")[0]
    assert (
        '<option value="protection" selected>'
        in client.get("/rules/", {"area": "protection"}).content.decode()
    )


def test_core_groups_repeat_at_the_local_interval_after_the_first() -> None:
    dates = due_dates(
        ("cp_plan.started", date(2025, 1, 6), {}),
        ("core_group.held", date(2025, 1, 15), {}),
    )
    assert dates["cp.first_core_group"] == [(date(2025, 1, 20), "met")]
    assert dates["cp.core_group"] == [(date(2025, 2, 12), "open")]


def test_a_conference_clock_ends_when_the_enquiry_needs_no_conference() -> None:
    dates = due_dates(
        ("strategy_discussion.held", date(2025, 1, 6), {"section_47": True}),
        ("icpc.not_required", date(2025, 1, 20), {}),
    )
    assert dates["cp.icpc"] == [(date(2025, 1, 27), "ended")]


def test_every_contact_has_its_own_screening_clock_met_oldest_first() -> None:
    dates = due_dates(
        ("contact.received", date(2025, 3, 3), {}),
        ("contact.received", date(2025, 3, 4), {}),
        ("contact.decided", date(2025, 3, 5), {}),
    )
    assert sorted(dates["contact.decision"]) == [(date(2025, 3, 4), "met"), (date(2025, 3, 5), "open")]


def test_a_closure_day_stops_counting_and_is_refused_on_a_weekend(council: Any) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="weekend"):
        call_command("council_setting", closure=date(2025, 12, 27), reason="Christmas")
    call_command("council_setting", closure=date(2025, 12, 24), reason="Christmas Eve closure")
    record(council.child.pk, "contact.received", date(2025, 12, 23))
    assert Obligation.objects.get(rule_id="contact.decision").due_date == date(2025, 12, 29)
    call_command(
        "council_setting",
        "cp_visit_interval",
        '{"amount": 15, "unit": "working_days"}',
        effective_from=date(2025, 1, 1),
    )
    with pytest.raises(CommandError, match="value"):
        call_command("council_setting", "cp_visit_interval", "{oops", effective_from=date(2025, 1, 1))


def test_a_strategy_discussion_without_section_47_does_not_restart_the_conference_clock() -> None:
    dates = due_dates(
        ("strategy_discussion.held", date(2024, 5, 1), {"section_47": True}),
        ("strategy_discussion.held", date(2024, 5, 20), {"section_47": False}),
    )
    assert dates["cp.icpc"] == [(date(2024, 5, 23), "open")]  # from 1 May (6 May a bank holiday), not 20 May


def test_an_interval_setting_must_have_a_real_unit_and_a_positive_amount(council: Any) -> None:
    from django.core.exceptions import ValidationError

    for bad in (
        {"amount": 10, "unit": "fortnights"},
        {"amount": 0, "unit": "days"},
        {"amount": True, "unit": "days"},
    ):
        with pytest.raises(ValidationError):
            council_setting_set(key="cp_visit_interval", value=bad, effective_from=date(2025, 1, 1))


def test_a_late_entry_leaves_finished_work_with_the_worker_who_did_it(council: Any) -> None:
    from hearth.organisation.services import allocation_change

    record(council.child.pk, "referral.received", date(2025, 3, 3))
    record(council.child.pk, "referral.decided", date(2025, 3, 4))
    allocation_change(
        child_id=council.child.pk,
        worker=council.colleague,
        team=council.other_team,
        start_date=date(2025, 3, 10),
        reason="Transfer",
        by=council.manager,
    )
    record(council.child.pk, "assessment.completed", date(2025, 3, 5))  # recorded late
    decision = Obligation.objects.get(rule_id="referral.decision")
    assert decision.owner == council.worker and decision.status == ObligationStatus.MET


def test_a_rule_without_a_source_or_with_a_backwards_or_overlapping_period_is_refused_when_rules_load() -> (
    None
):
    """Issue 14, bad input: every rule carries its source and the period it was in force, without overlap."""
    from hearth.core.timescales.rules import Interval, Profile, Rule, Unit, register_rules

    def declared(**changes: Any) -> Rule:
        values: dict[str, Any] = {
            "id": "test.bad_input",
            "title": "A rule under test",
            "source": "A test",
            "profile": Profile.LOCAL,
            "in_force_from": date(2020, 1, 1),
            "starts_on": ("referral.received",),
            "satisfied_by": ("referral.decided",),
            "interval": Interval(1, Unit.WORKING_DAYS),
        }
        return Rule(**(values | changes))

    with pytest.raises(ValueError, match="give its source"):
        declared(source="  ")
    with pytest.raises(ValueError, match="ends before it starts"):
        declared(in_force_to=date(2019, 12, 31))
    from hearth.core.timescales import rules

    try:
        register_rules(declared(in_force_to=date(2020, 12, 31)))
        with pytest.raises(ValueError, match="two versions in force at once"):
            register_rules(declared(id="test.bad_input", in_force_from=date(2020, 6, 1)))
        register_rules(declared(in_force_from=date(2021, 1, 1), title="Its next version"))  # after: accepted
        assert len(rules._RULES["test.bad_input"]) == 2
    finally:
        rules._RULES.pop("test.bad_input", None)  # the registry is the process's: leave it as it was


def _windowed(**changes: Any) -> Any:
    from hearth.core.timescales.rules import Interval, Profile, Rule, Unit

    values: dict[str, Any] = {
        "id": "test.windowed",
        "title": "A contact in the month before the due date",
        "source": "A test",
        "profile": Profile.LOCAL,
        "in_force_from": date(2020, 1, 1),
        "starts_on": ("window.started",),
        "satisfied_by": ("window.done",),
        "interval": Interval(6, Unit.MONTHS),
        "window_before": Interval(1, Unit.MONTHS),
    }
    return Rule(**(values | changes))


def test_a_window_counts_only_what_happens_inside_it_and_reads_not_yet_before_it_opens() -> None:
    """Issue 14 item 3: due 10 July 2026, the window opens on 10 June; a contact in March does not meet it."""
    from hearth.core.timescales.display import obligation_state
    from hearth.core.timescales.engine import apply_event

    context = EngineContext(WorkingDayCalendar(), SettingsSnapshot([]), (_windowed(),))
    events = [
        EventFact(1, "window.started", date(2026, 1, 10)),
        EventFact(2, "window.done", date(2026, 3, 1)),  # before the window: does not count
        EventFact(3, "window.done", date(2026, 6, 10)),  # the day the window opens: counts
    ]
    (state,) = replay(events[:2], context)
    assert (state.status, state.due_date, state.earliest_date) == (
        "open",
        date(2026, 7, 10),
        date(2026, 6, 10),
    )
    (state,) = replay(events, context)
    assert (state.status, state.met_by, state.closed_on) == ("met", 3, date(2026, 6, 10))
    # One event at a time gives what the replay gives.
    opened = apply_event([], events[0], context)
    for event in events[1:]:
        apply_event(opened, event, context)
    assert [(s.status, s.met_by, s.earliest_date) for s in opened] == [("met", 3, date(2026, 6, 10))]
    # On the worklist: "not yet" before the window opens, then due or overdue as any duty.
    row = Obligation(rule_id="test.windowed", start_date=date(2026, 1, 10), due_date=date(2026, 7, 10))
    row.status, row.earliest_date = ObligationStatus.OPEN, date(2026, 6, 10)
    assert obligation_state(row, date(2026, 6, 9), date(2026, 6, 12)) == "not_yet"
    assert obligation_state(row, date(2026, 6, 10), date(2026, 6, 12)) == "upcoming"
    assert obligation_state(row, date(2026, 7, 11), date(2026, 7, 14)) == "overdue"


def test_a_window_in_working_days_or_opening_after_the_due_date_is_refused() -> None:
    from hearth.core.timescales.rules import Interval, Unit

    with pytest.raises(ValueError, match="days, weeks or months"):
        _windowed(window_before=Interval(5, Unit.WORKING_DAYS))
    with pytest.raises(ValueError, match="ends before it starts"):
        _windowed(window_before=Interval(0, Unit.DAYS))


def test_rebuild_obligations_replays_the_children_a_changed_rule_touches(council: Any) -> None:
    """After an upgrade that changes a rule, the command makes the stored obligations what a replay gives."""
    from io import StringIO

    from django.core.management import call_command

    record(council.child.pk, "cp_plan.started", date(2025, 1, 6))
    Obligation.objects.filter(child=council.child, rule_id="cp.visit").update(due_date=date(2030, 1, 1))
    out = StringIO()
    call_command("rebuild_obligations", "--event-type", "cp_plan.started", stdout=out)
    assert "Replayed the obligations of 1 children and 0 members of staff." in out.getvalue()
    assert Obligation.objects.get(child=council.child, rule_id="cp.visit").due_date < date(2030, 1, 1)
    with pytest.raises(SystemExit):
        call_command("rebuild_obligations", "--event-type", "no.such_event", stderr=StringIO())
