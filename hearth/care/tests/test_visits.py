"""Regulation 28's visits through the one visits domain (issue 16 item 6), every variant as timescales.md 1.3 gives
it, at weekend and bank-holiday edges: within a week of any placement, then 6-weekly in its first year, 3-monthly
after it when the placement is to last until 18; 28(3) and 28(4) weekly until the first review; 28(5) within a week
of a care order at home; short breaks at the agreed interval; the uncertain long-term foster variant a setting. A
failed visit alerts the manager the day it is recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.care.episodes import Regime
from hearth.care.models import Approval, Placement, ProviderKind
from hearth.care.tests.helpers import carer, open_due, start_care
from hearth.core import clock
from hearth.core.council_settings import council_setting_set
from hearth.core.events import event_record
from hearth.core.models import Obligation, ObligationStatus
from hearth.visits.models import Visit
from hearth.visits.services import visit_record

SEEN: dict[str, Any] = {
    "seen": True,
    "seen_alone": True,
    "bedroom_seen": True,
    "not_seen_reason": "",
    "note": "Jayden showed me his room",
}


def _visit(council: Any, on: date, **changes: Any) -> Visit:
    placement = Placement.objects.get(period__child=council.child, end_date=None)
    return visit_record(kind="lac", plan=placement, visit_date=on, by=council.worker, **(SEEN | changes))


def _review(council: Any, on: date, number: int = 1) -> None:
    """The review's own service comes with the reviewing officer's part of issue 16: its event, as that will write it."""
    period = Placement.objects.get(period__child=council.child, end_date=None).period
    event_record(
        child_id=council.child.pk,
        type="lac_review.held",
        occurred_on=on,
        recorded_by=None,
        record=period,
        payload={"number": number, "subsequent": number >= 2},
    )


def test_standard_visits_a_week_after_the_placement_then_six_weekly(council: Any) -> None:
    start_care(council, date(2025, 3, 3))
    assert open_due(council.child, "lac.placement_visit") == [date(2025, 3, 10)]
    visit = _visit(council, date(2025, 3, 7))
    assert (visit.kind, visit.placement.placement_type) == ("lac", "U6")
    assert open_due(council.child, "lac.placement_visit") == []
    # Six calendar weeks: due on Good Friday 2025 itself ("at intervals of not more than 6 weeks").
    assert open_due(council.child, "lac.visit") == [date(2025, 4, 18)]


def test_a_visit_before_the_placement_is_refused_naming_the_placement(council: Any) -> None:
    start_care(council, date(2025, 3, 3))
    with pytest.raises(ValidationError) as error:
        _visit(council, date(2025, 3, 1))
    assert error.value.message_dict["visit_date"] == [
        "The visit cannot be before the placement started (3 Mar 2025)."
    ]
    assert not Visit.objects.exists()


def test_first_review_is_due_20_working_days_on_across_christmas(council: Any) -> None:
    start_care(council, date(2025, 12, 8))
    # 25 and 26 December 2025 and 1 January 2026 are bank holidays.
    assert open_due(council.child, "lac.first_review") == [date(2026, 1, 8)]


def test_after_a_year_in_a_placement_meant_to_last_until_18_visits_are_three_monthly(council: Any) -> None:
    start_care(council, date(2024, 1, 2), placement_type="U4", long_term=True)
    _visit(council, date(2024, 12, 30))  # 11 months in: still the first year
    assert open_due(council.child, "lac.visit") == [date(2025, 2, 10)]
    _visit(council, date(2025, 1, 13))  # 12 months in
    assert open_due(council.child, "lac.visit") == [date(2025, 4, 13)]


def test_the_long_term_foster_variant_the_reference_doubts_is_a_setting(council: Any) -> None:
    start_care(council, date(2024, 1, 2), placement_type="U4", long_term=True)
    _visit(council, date(2025, 1, 13), answers={"fewer_visits_agreed": True})
    assert open_due(council.child, "lac.visit") == [date(2025, 4, 13)]  # the setting is 3 months, as made
    council_setting_set(
        key="lac_visit_interval_long_term_foster_agreed",
        value={"amount": 6, "unit": "months"},
        effective_from=date(2024, 1, 1),
    )
    _visit(council, date(2025, 1, 20), answers={"fewer_visits_agreed": True})
    assert open_due(council.child, "lac.visit") == [date(2025, 7, 20)]


def test_28_4_a_temporarily_approved_connected_person_weekly_until_the_first_review_then_four_weekly(
    council: Any,
) -> None:
    aunt = carer(
        kind=ProviderKind.CONNECTED, approval=Approval.TEMPORARY, approved_to=date(2025, 6, 20), capacity=1
    )
    start_care(council, date(2025, 3, 1), provider=aunt)  # a Saturday
    assert Placement.objects.get().visit_regime == Regime.TEMPORARY_OR_ICO_AT_HOME
    _visit(council, date(2025, 3, 8))  # Saturday: a week on is Saturday too, not moved to a working day
    assert open_due(council.child, "lac.visit") == [date(2025, 3, 15)]
    _review(council, date(2025, 3, 27))
    _visit(council, date(2025, 3, 28))
    assert open_due(council.child, "lac.visit") == [date(2025, 4, 25)]


def test_28_3_placed_with_a_parent_before_the_assessment_weekly_then_six_weekly(council: Any) -> None:
    start_care(
        council,
        date(2025, 3, 3),
        basis="order",
        order_kind="co",
        placement_type="P1",
        provider=None,
        parent_assessment_pending=True,
    )
    assert Placement.objects.get().visit_regime == Regime.WITH_PARENT_BEFORE_ASSESSMENT
    _visit(council, date(2025, 3, 7))
    assert open_due(council.child, "lac.visit") == [date(2025, 3, 14)]
    _review(council, date(2025, 3, 28))
    _visit(council, date(2025, 4, 4))
    assert open_due(council.child, "lac.visit") == [date(2025, 5, 16)]


def test_28_4_at_home_under_an_interim_care_order_and_28_5_after_the_full_order(council: Any) -> None:
    from hearth.care.services import legal_order_record

    start_care(council, date(2025, 3, 3), basis="order", order_kind="ico", placement_type="P1", provider=None)
    _visit(council, date(2025, 3, 7))
    assert open_due(council.child, "lac.visit") == [date(2025, 3, 14)]
    legal_order_record(
        child=council.child,
        kind="co",
        court="",
        start_date=date(2025, 4, 11),
        proceedings_started=None,
        by=council.worker,
    )
    assert open_due(council.child, "lac.care_order_visit") == [date(2025, 4, 18)]  # Good Friday: still due
    _visit(council, date(2025, 4, 17))
    assert open_due(council.child, "lac.care_order_visit") == []
    assert open_due(council.child, "lac.visit") == [date(2025, 5, 29)]  # then 6-weekly


def test_short_breaks_are_visited_at_the_interval_agreed(council: Any) -> None:
    start_care(council, date(2025, 3, 3), basis="short_breaks")
    assert Placement.objects.get().visit_regime == Regime.SHORT_BREAKS
    _visit(council, date(2025, 3, 7))
    assert open_due(council.child, "lac.visit") == [date(2025, 6, 7)]
    council_setting_set(
        key="lac_short_break_visit_interval",
        value={"amount": 8, "unit": "weeks"},
        effective_from=date(2025, 1, 1),
    )
    _visit(council, date(2025, 3, 14))
    assert open_due(council.child, "lac.visit") == [date(2025, 5, 9)]


def test_a_failed_visit_alerts_the_manager_the_day_it_is_recorded(council: Any) -> None:
    start_care(council, date(2025, 3, 3))
    _visit(
        council,
        date(2025, 3, 7),
        seen=False,
        seen_alone=False,
        bedroom_seen=False,
        not_seen_reason="No answer",
    )
    alert = Obligation.objects.get(
        child=council.child, rule_id="lac.failed_visit_seen_by_manager", status=ObligationStatus.OPEN
    )
    assert alert.due_date == clock.today()
    assert open_due(council.child, "lac.visit_follow_up") == [date(2025, 3, 10)]  # 1 working day after Friday
    assert open_due(council.child, "lac.placement_visit") == [date(2025, 3, 10)]  # not seen: not met


def test_28_3_holds_when_an_interim_order_at_home_becomes_a_care_order_before_the_assessment(
    council: Any,
) -> None:
    from hearth.care.services import legal_order_record

    start_care(
        council,
        date(2025, 3, 3),
        basis="order",
        order_kind="ico",
        placement_type="P1",
        provider=None,
        parent_assessment_pending=True,
    )
    assert Placement.objects.get().visit_regime == Regime.TEMPORARY_OR_ICO_AT_HOME  # 28(4) under the ICO
    legal_order_record(
        child=council.child,
        kind="co",
        court="",
        start_date=date(2025, 4, 11),
        proceedings_started=None,
        by=council.worker,
    )
    assert Placement.objects.get().visit_regime == Regime.WITH_PARENT_BEFORE_ASSESSMENT  # 28(3), not 28(5)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Thursday before Good Friday and Easter Monday 2025, with the early May bank holiday (5 May) inside.
        (
            date(2025, 4, 17),
            {
                "lac.placement_visit": date(2025, 4, 24),  # a week: calendar days
                "lac.placement_plan": date(2025, 4, 28),  # 5 working days
                "lac.notify_doctor": date(2025, 4, 28),
                "lac.iro_allocated": date(2025, 4, 28),
                "lac.care_plan": date(2025, 5, 6),  # 10 working days
                "lac.first_review": date(2025, 5, 20),  # 20 working days
            },
        ),
        # A Saturday before the spring bank holiday (26 May 2025).
        (
            date(2025, 5, 24),
            {
                "lac.placement_visit": date(2025, 5, 31),
                "lac.placement_plan": date(2025, 6, 2),
                "lac.notify_doctor": date(2025, 6, 2),
                "lac.iro_allocated": date(2025, 6, 2),
                "lac.care_plan": date(2025, 6, 9),
                "lac.first_review": date(2025, 6, 23),
            },
        ),
    ],
)
def test_each_care_timescale_at_weekend_and_bank_holiday_edges(
    council: Any, start: date, expected: dict[str, date]
) -> None:
    start_care(council, start)
    assert {rule: open_due(council.child, rule) for rule in expected} == {
        rule: [due] for rule, due in expected.items()
    }
