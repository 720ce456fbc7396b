"""The pure SSDA903 vocabulary (issue 16 items 2, 4, 6): the legal status the orders give, RNE, what a legal status
cannot go with, regulation 28's regime, the timeline's rules and the stability measures."""

from __future__ import annotations

from datetime import date

import pytest

from hearth.care.episodes import (
    Regime,
    Span,
    legal_status_of,
    legal_status_problem,
    long_term_stability,
    placements_in_year,
    reason_new_episode,
    timeline_problem,
    visit_regime,
)


def test_the_strongest_order_in_force_gives_the_legal_status_else_the_basis() -> None:
    assert legal_status_of([], "s20") == "V2"
    assert legal_status_of([], "short_breaks") == "V3"
    assert legal_status_of(["ico"], "s20") == "C1"
    assert legal_status_of(["ico", "co"], "order") == "C2"
    assert legal_status_of(["co", "po"], "order") == "E1"
    assert legal_status_of(["so", "dolo"], "s20") == "V2"  # neither makes a child looked after


@pytest.mark.parametrize(
    ("legal", "placement", "same", "expected"),
    [
        (False, True, False, "P"),
        (True, True, False, "T"),
        (False, True, True, "B"),
        (True, True, True, "U"),
        (True, False, False, "L"),
    ],
)
def test_the_reason_for_a_new_episode(legal: bool, placement: bool, same: bool, expected: str) -> None:
    assert (
        reason_new_episode(legal_status_changed=legal, placement_changed=placement, same_carer=same)
        == expected
    )


@pytest.mark.parametrize(
    ("legal", "placement", "age", "words"),
    [
        ("V2", "P1", 9, "section 20"),
        ("C2", "A5", 3, "placement order"),
        ("V3", "U4", 9, "short breaks"),
        ("V2", "K3", 15, "16 or 17"),
        ("J1", "K2", 9, "under 10"),
    ],
)
def test_what_a_legal_status_cannot_go_with(legal: str, placement: str, age: int, words: str) -> None:
    problem = legal_status_problem(legal_status=legal, placement_type=placement, age=age)
    assert problem is not None and words in problem


def test_what_a_legal_status_can_go_with() -> None:
    for legal, placement, age in (("C2", "P1", 9), ("E1", "A5", 3), ("V2", "K3", 16), ("J1", "K2", 10)):
        assert legal_status_problem(legal_status=legal, placement_type=placement, age=age) is None


def test_regulation_28s_regime_follows_the_status_placement_and_carer() -> None:
    regime = {"temporary_approval": False, "parent_assessment_pending": False}
    assert visit_regime(legal_status="V2", placement_type="U6", **regime) == Regime.STANDARD
    assert visit_regime(legal_status="C1", placement_type="P1", **regime) == Regime.TEMPORARY_OR_ICO_AT_HOME
    assert visit_regime(legal_status="C2", placement_type="P1", **regime) == Regime.CARE_ORDER_AT_HOME
    assert (
        visit_regime(
            legal_status="C2", placement_type="P1", temporary_approval=False, parent_assessment_pending=True
        )
        == Regime.WITH_PARENT_BEFORE_ASSESSMENT
    )
    assert (
        visit_regime(
            legal_status="V2", placement_type="U3", temporary_approval=True, parent_assessment_pending=False
        )
        == Regime.TEMPORARY_OR_ICO_AT_HOME
    )
    assert visit_regime(legal_status="V3", placement_type="U6", **regime) == Regime.SHORT_BREAKS


def test_a_timeline_is_continuous_with_no_gap_or_overlap() -> None:
    good = [Span(date(2024, 1, 1), date(2024, 3, 1)), Span(date(2024, 3, 1), None)]
    assert timeline_problem(good) is None
    assert "gap" in timeline_problem([Span(date(2024, 1, 1), date(2024, 3, 1)), Span(date(2024, 3, 2), None)])
    assert "overlap" in timeline_problem(
        [Span(date(2024, 1, 1), date(2024, 3, 1)), Span(date(2024, 2, 1), None)]
    )
    assert "still open" in timeline_problem([Span(date(2024, 1, 1), None), Span(date(2024, 2, 1), None)])


def test_placements_in_the_year_count_each_one_open_on_any_day_of_it() -> None:
    spans = [
        Span(date(2024, 1, 1), date(2024, 4, 1)),  # ends on the year's first day: counts
        Span(date(2024, 4, 1), date(2024, 9, 1)),
        Span(date(2024, 9, 1), date(2025, 4, 1)),  # starts in the year, ends after it
        Span(date(2025, 4, 1), None),  # after the year
    ]
    assert placements_in_year(spans, date(2024, 4, 1), date(2025, 3, 31)) == 3
    assert placements_in_year(spans[:1], date(2024, 4, 2), date(2025, 3, 31)) == 0


def test_long_term_stability_is_two_years_in_one_placement_after_two_and_a_half_looked_after() -> None:
    period_start = date(2022, 1, 3)
    moved = [Span(period_start, date(2023, 1, 2)), Span(date(2023, 1, 2), None)]
    assert long_term_stability(moved, period_start, date(2024, 6, 1)) is None  # under 2.5 years looked after
    assert long_term_stability(moved, period_start, date(2024, 7, 10)) is False  # 1.5 years in this placement
    assert long_term_stability(moved, period_start, date(2025, 1, 3)) is True
