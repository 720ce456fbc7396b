"""The care plan within 10 working days of the first placement and each placement's plan within 5, agreed with the
carer, through the shared plans (issue 16 item 5)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.care.plans import care_plan_prepare, placement_plan_prepare
from hearth.care.services import PlacementInput, placement_change
from hearth.care.tests.helpers import carer, open_due, start_care
from hearth.plans.services import outcome_add

OUTCOME: dict[str, Any] = {
    "what_must_change": "Jayden keeps in touch with his brother",
    "action": "Fortnightly contact at the family centre",
    "owner": "Social worker, with the foster carers",
    "measure": "Contact takes place and Jayden says it goes well",
}


def test_the_care_plan_is_due_10_working_days_after_the_first_placement_and_needs_outcomes(
    council: Any,
) -> None:
    period = start_care(council, date(2025, 3, 3))
    assert open_due(council.child, "lac.care_plan") == [date(2025, 3, 17)]
    with pytest.raises(ValidationError) as error:
        care_plan_prepare(period=period, on=date(2025, 3, 10), by=council.worker)
    assert "Add the care plan's outcomes first" in error.value.message_dict["on"][0]
    outcome_add(plan=period, due_date=date(2025, 6, 30), by=council.worker, on=date(2025, 3, 5), **OUTCOME)
    care_plan_prepare(period=period, on=date(2025, 3, 10), by=council.worker)
    assert open_due(council.child, "lac.care_plan") == []
    # A move does not ask for a new care plan, but does for a placement plan.
    placement_change(
        period=period,
        start_date=date(2025, 5, 6),
        reason_place_change="CARPL",
        placement=PlacementInput(placement_type="U6", carer=carer(name="Second", reference="FC-2")),
        by=council.worker,
    )
    assert open_due(council.child, "lac.care_plan") == []
    assert open_due(council.child, "lac.placement_plan") == [date(2025, 5, 13)]


def test_the_placement_plan_is_agreed_with_the_carer_within_5_working_days(council: Any) -> None:
    period = start_care(council, date(2025, 4, 14))
    placement = period.placements.get()
    # 5 working days over Good Friday and Easter Monday 2025.
    assert open_due(council.child, "lac.placement_plan") == [date(2025, 4, 23)]
    outcome_add(
        plan=placement, due_date=date(2025, 6, 30), by=council.worker, on=date(2025, 4, 14), **OUTCOME
    )
    with pytest.raises(ValidationError) as error:
        placement_plan_prepare(
            placement=placement, on=date(2025, 4, 16), agreed_by_carer=False, by=council.worker
        )
    assert "agreed with the carer" in error.value.message_dict["agreed_by_carer"][0]
    placement_plan_prepare(placement=placement, on=date(2025, 4, 16), agreed_by_carer=True, by=council.worker)
    placement.refresh_from_db()
    assert (placement.plan_prepared_on, placement.plan_agreed_by_carer) == (date(2025, 4, 16), True)
    assert open_due(council.child, "lac.placement_plan") == []


def test_an_ended_placements_plan_can_no_longer_be_agreed(council: Any) -> None:
    period = start_care(council, date(2025, 3, 3))
    first = period.placements.get()
    outcome_add(plan=first, due_date=date(2025, 6, 30), by=council.worker, on=date(2025, 3, 4), **OUTCOME)
    placement_change(
        period=period,
        start_date=date(2025, 3, 20),
        reason_place_change="CARPL",
        placement=PlacementInput(placement_type="U6", carer=carer(name="Second", reference="FC-2")),
        by=council.worker,
    )
    first.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        placement_plan_prepare(placement=first, on=date(2025, 3, 25), agreed_by_carer=True, by=council.worker)
    assert "This placement ended on 20 Mar 2025" in error.value.message_dict["on"][0]
