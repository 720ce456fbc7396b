"""A placement's notifications (issue 16 item 3): the host council of a placement outside the area, and the school
and doctor of any placement, by letters from the council's templates, kept on the placement and logged as sent, each
an obligation until the letter is sent (5 working days, a setting)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.care.models import Approval, ProviderKind
from hearth.care.services import PlacementInput, placement_change
from hearth.care.tests.helpers import carer, open_due, start_care
from hearth.core.tests.queue import run_queued
from hearth.letters.models import Letter, LetterStatus
from hearth.letters.services import letter_request
from hearth.letters.tests.test_letters import pdf_text
from hearth.people.models import ProfessionalInvolvement

AWAY: dict[str, Any] = {
    "name": "Hillside House",
    "reference": "CH-1",
    "kind": ProviderKind.CHILDRENS_HOME,
    "approval": Approval.NOT_APPLICABLE,
    "urn": "SC123456",
    "provider_code": "PR4",
    "postcode": "LS1 4AP",
    "in_area": False,
    "capacity": 4,
    "host_council": "Leeds City Council",
    "host_council_address": "Merrion House\n110 Merrion Centre\nLeeds\nLS2 8BB",
}


def test_the_host_council_school_and_doctor_are_each_due_a_letter_and_met_when_it_is_sent(
    council: Any,
) -> None:
    period = start_care(council, date(2025, 3, 3))
    assert open_due(council.child, "lac.notify_school") == [date(2025, 3, 10)]
    assert open_due(council.child, "lac.notify_doctor") == [date(2025, 3, 10)]
    assert open_due(council.child, "lac.notify_host_council") == []  # placed in the council's own area
    moved = placement_change(
        period=period,
        start_date=date(2025, 6, 2),
        reason_place_change="CARPL",
        placement=PlacementInput(placement_type="K2", carer=carer(**AWAY)),
        by=council.worker,
    )
    assert open_due(council.child, "lac.notify_host_council") == [date(2025, 6, 9)]
    letter_request(child=council.child, code="placement_host_council", record_id=moved.pk, by=council.worker)
    run_queued()
    letter = Letter.objects.get(kind="placement_host_council")
    assert letter.status == LetterStatus.SENT, letter.error
    assert (
        letter.recipient
        == "Director of Children's Services, Leeds City Council, Merrion House, 110 Merrion Centre, Leeds, LS2 8BB"
    )
    assert (letter.document.attached_to, letter.document.record_id) == ("care.placement", moved.pk)
    text = pdf_text(letter.document)
    assert "Jayden Smith" in text and "Hillside House" in text and "2 June 2025" in text
    assert open_due(council.child, "lac.notify_host_council") == []
    assert open_due(council.child, "lac.notify_school") == [date(2025, 6, 9)]  # not met by another letter


def test_a_letter_to_a_school_the_record_does_not_name_says_what_to_add(council: Any) -> None:
    period = start_care(council, date(2025, 3, 3))
    placement = period.placements.get()
    with pytest.raises(ValidationError) as error:
        letter_request(
            child=council.child, code="placement_school", record_id=placement.pk, by=council.worker
        )
    assert "has no school in their network" in str(error.value)
    ProfessionalInvolvement.objects.create(
        child=council.child,
        role="SCHOOL",
        name="Mrs Ada Lowe",
        organisation="Northmoor Primary School",
        start_date=date(2024, 9, 1),
    )
    letter_request(child=council.child, code="placement_school", record_id=placement.pk, by=council.worker)
    assert Letter.objects.get().recipient == "Mrs Ada Lowe, Northmoor Primary School"


def test_the_reviews_record_goes_to_the_family_with_each_recommendation(council: Any) -> None:
    from hearth.care.reviews import NewRecommendation, iro_allocate, review_record
    from hearth.organisation.roles import Role
    from hearth.people.models import Address

    Address.objects.create(
        person=council.child,
        line_1="4 Mill Lane",
        town="Northmoor",
        postcode="NM1 2AB",
        start_date=date(2020, 1, 1),
    )
    iro = council.users[Role.INDEPENDENT_REVIEWING_OFFICER]
    period = start_care(council, date(2025, 3, 3))
    iro_allocate(period=period, iro=iro, on=date(2025, 3, 4), by=council.manager)
    period.refresh_from_db()
    review = review_record(
        period=period,
        version=period.version,
        held_on=date(2025, 3, 28),
        participation="PN1",
        iro_met_child_on=date(2025, 3, 26),
        child_views="",
        summary="Jayden is settled and doing well at school",
        recommendations=[
            NewRecommendation("arrange weekly contact with his brother", council.worker, date(2025, 4, 30))
        ],
        progress=[],
        by=iro,
    )
    letter_request(child=council.child, code="lac_review_record", record_id=review.pk, by=iro)
    run_queued()
    letter = Letter.objects.get(kind="lac_review_record")
    assert letter.status == LetterStatus.SENT, letter.error
    text = pdf_text(letter.document)
    assert "review 1 of Jayden" in text and "settled and doing well" in text
    assert "arrange weekly contact with his brother by 30 April 2025" in " ".join(text.split()), text
