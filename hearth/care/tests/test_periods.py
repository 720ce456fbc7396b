"""Becoming looked after, placements, orders and leaving care through the services (issue 16 items 1 to 4): the
period, its placement and its SSDA903 episodes written together, one continuous timeline, and every refusal naming
its field with nothing saved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.care.episodes import Regime, Span, timeline_problem
from hearth.care.models import Approval, CareEpisode, CarePeriod, LegalOrder, Placement, ProviderKind
from hearth.care.services import (
    PlacementInput,
    care_end,
    care_start,
    legal_order_end,
    legal_order_record,
    placement_change,
)
from hearth.care.tests.helpers import carer, held_child, open_due, start_care
from hearth.core.models import Event
from hearth.signoff.models import SignOff, SignOffStatus


def _timeline(child: Any) -> list[tuple[str, str, str, date, date | None, str]]:
    episodes = (
        CareEpisode.objects.filter(child=child).select_related("placement").order_by("start_date", "pk")
    )
    rows = [
        (e.reason_new, e.legal_status, e.placement.placement_type, e.start_date, e.end_date, e.reason_ceased)
        for e in episodes
    ]
    assert timeline_problem([Span(row[3], row[4]) for row in rows]) is None
    return rows


def test_becoming_looked_after_with_a_foster_carer_from_the_register(council: Any) -> None:
    home = carer(urn="", postcode="ne6 2xa")
    period = start_care(
        council, date(2025, 3, 3), provider=home, siblings="apart", siblings_reason="No carer for three"
    )
    placement = Placement.objects.get(period=period)
    assert (period.legal_status, period.basis, period.category_of_need) == ("V2", "s20", "N1")
    # The register gives the placement its provider, postcode and area: nothing typed twice.
    assert (placement.provider, placement.postcode, placement.in_area, placement.carer) == (
        "PR1",
        "NE6 2XA",
        True,
        home,
    )
    assert placement.visit_regime == Regime.STANDARD
    assert _timeline(council.child) == [("S", "V2", "U6", date(2025, 3, 3), None, "")]
    events = list(
        Event.objects.filter(child=council.child, type__in=("care.started", "placement.started"))
        .order_by("pk")
        .values_list("type", "summary")
    )
    assert events == [
        ("care.started", "Became looked after (Single period of accommodation under section 20)"),
        (
            "placement.started",
            "Placed: Foster placement with other foster carer: other with The Okafor household",
        ),
    ]
    # The decision waits for a manager; the visit within a week and the first review within 20 working days are due.
    assert SignOff.objects.get(kind="care_decision", subject_id=period.pk).status == SignOffStatus.WAITING
    assert open_due(council.child, "lac.placement_visit") == [date(2025, 3, 10)]
    assert open_due(council.child, "lac.first_review") == [date(2025, 3, 31)]


@pytest.mark.parametrize(
    ("changes", "placement", "field", "words"),
    [
        ({"start_date": date(2099, 1, 1)}, {}, "start_date", "must be today or in the past"),
        ({"decision_reason": " "}, {}, "decision_reason", "reason for the decision"),
        ({"category_of_need": "N9"}, {}, "category_of_need", "N1 to N8"),
        ({"basis": "order"}, {}, "order_kind", "interim care order"),
        (
            {},
            {"placement_type": "P1", "carer": None, "provider": "PR0", "postcode": "NE1 4ST"},
            "placement_type",
            "section 20",
        ),
        ({}, {"placement_type": "K3"}, "placement_type", "16 or 17"),
        ({}, {"placement_type": "U6", "carer": "too-young"}, "carer", "aged 0 to 5"),
        ({}, {"placement_type": "U6", "carer": None}, "provider", "register"),
        ({}, {"siblings": "apart"}, "siblings_reason", "why the brothers and sisters"),
    ],
)
def test_each_bad_start_is_refused_naming_its_field_and_nothing_is_saved(
    council: Any, changes: dict[str, Any], placement: dict[str, Any], field: str, words: str
) -> None:
    home = carer(age_to=5) if placement.get("carer") == "too-young" else carer()
    values = PlacementInput(
        **(
            {"placement_type": "U6", "carer": home}
            | placement
            | ({"carer": home} if placement.get("carer") == "too-young" else {})
        )
    )
    arguments: dict[str, Any] = {
        "child": council.child,
        "start_date": date(2025, 3, 3),
        "basis": "s20",
        "route": "assessment",
        "decision_reason": "Mother in hospital",
        "category_of_need": "N1",
        "uasc": False,
        "placement": values,
        "by": council.worker,
    } | changes
    with pytest.raises(ValidationError) as error:
        care_start(**arguments)
    assert words in " ".join(error.value.message_dict[field])
    assert (
        not CarePeriod.objects.exists()
        and not Placement.objects.exists()
        and not CareEpisode.objects.exists()
    )
    assert not Event.objects.filter(type__in=("care.started", "placement.started")).exists()


def test_a_carer_full_to_their_approval_is_refused(council: Any) -> None:
    home = carer(capacity=1)
    start_care(
        council,
        date(2025, 3, 3),
        provider=home,
        child=held_child(council, forename="Ava", date_of_birth=date(2017, 1, 2)),
    )
    with pytest.raises(ValidationError) as error:
        start_care(council, date(2025, 3, 4), provider=home)
    assert "already has 1 child placed" in error.value.message_dict["carer"][0]
    assert not CarePeriod.objects.filter(child=council.child).exists()


def test_a_child_already_looked_after_cannot_start_again(council: Any) -> None:
    start_care(council, date(2025, 3, 3))
    with pytest.raises(ValidationError) as error:
        start_care(council, date(2025, 4, 3), provider=carer(name="Another"))
    assert "already looked after, since 3 Mar 2025" in error.value.message_dict["start_date"][0]


def test_a_move_out_of_area_closes_the_episode_and_opens_the_next(council: Any) -> None:
    period = start_care(council, date(2025, 3, 3))
    away = carer(
        name="Hillside",
        kind=ProviderKind.CHILDRENS_HOME,
        approval=Approval.NOT_APPLICABLE,
        urn="SC123456",
        provider_code="PR4",
        postcode="LS1 4AP",
        in_area=False,
        capacity=4,
    )
    moved = placement_change(
        period=period,
        start_date=date(2025, 6, 2),
        reason_place_change="CREQB",
        placement=PlacementInput(placement_type="K2", carer=away, distance_miles=Decimal("84.5")),
        by=council.worker,
    )
    assert (moved.urn, moved.in_area, moved.provider, moved.distance_miles) == (
        "SC123456",
        False,
        "PR4",
        Decimal("84.5"),
    )
    assert _timeline(council.child) == [
        ("S", "V2", "U6", date(2025, 3, 3), date(2025, 6, 2), "X1"),
        ("P", "V2", "K2", date(2025, 6, 2), None, ""),
    ]
    assert Placement.objects.get(period=period, placement_type="U6").end_date == date(2025, 6, 2)
    event = Event.objects.get(type="placement.started", occurred_on=date(2025, 6, 2))
    assert event.summary == "Placed: Children's home with Hillside (outside the council's area)"
    assert event.payload["out_of_area"] is True
    # A new placement restarts the visit within a week.
    assert open_due(council.child, "lac.placement_visit") == [date(2025, 6, 9)]


def test_a_move_that_would_overlap_or_has_no_reason_is_refused(council: Any) -> None:
    period = start_care(council, date(2025, 3, 3))
    other = carer(name="Second household", reference="FC-002")
    for start, reason, field in (
        (date(2025, 3, 3), "CARPL", "start_date"),
        (date(2025, 5, 1), "", "reason_place_change"),
    ):
        with pytest.raises(ValidationError) as error:
            placement_change(
                period=period,
                start_date=start,
                reason_place_change=reason,
                placement=PlacementInput(placement_type="U6", carer=other),
                by=council.worker,
            )
        assert set(error.value.message_dict) == {field}
        if field == "start_date":
            assert "cannot overlap" in error.value.message_dict[field][0]
    assert Placement.objects.filter(period=period).count() == 1
    assert CareEpisode.objects.filter(period=period).count() == 1


def test_the_same_carer_changing_the_type_of_placement_is_a_b_episode(council: Any) -> None:
    home = carer()
    period = start_care(council, date(2025, 3, 3), provider=home)
    placement_change(
        period=period,
        start_date=date(2025, 9, 1),
        reason_place_change="PLACE",
        placement=PlacementInput(placement_type="U4", carer=home, long_term=True),
        by=council.worker,
    )
    assert [row[0] for row in _timeline(council.child)] == ["S", "B"]


def test_an_interim_care_order_changes_the_legal_status_in_a_new_episode(council: Any) -> None:
    period = start_care(council, date(2025, 3, 3))
    legal_order_record(
        child=council.child,
        kind="ico",
        court="Newcastle Family Court",
        start_date=date(2025, 4, 14),
        proceedings_started=date(2025, 4, 10),
        by=council.worker,
    )
    period.refresh_from_db()
    assert period.legal_status == "C1"
    assert _timeline(council.child) == [
        ("S", "V2", "U6", date(2025, 3, 3), date(2025, 4, 14), "X1"),
        ("L", "C1", "U6", date(2025, 4, 14), None, ""),
    ]
    # The full order replaces the interim one: the care order's status holds while both are recorded.
    legal_order_record(
        child=council.child,
        kind="co",
        court="Newcastle Family Court",
        start_date=date(2025, 9, 22),
        proceedings_started=None,
        by=council.worker,
    )
    legal_order_end(
        order=LegalOrder.objects.get(kind="ico"),
        end_date=date(2025, 9, 22),
        end_reason="Care order made",
        by=council.worker,
    )
    assert [row[:2] for row in _timeline(council.child)] == [("S", "V2"), ("L", "C1"), ("L", "C2")]
    summaries = set(
        Event.objects.filter(child=council.child, type__startswith="legal_order").values_list(
            "summary", flat=True
        )
    )
    assert "Interim care order made (Newcastle Family Court)" in summaries
    assert "Interim care order ended: Care order made" in summaries


def test_an_order_on_the_day_care_starts_sets_the_first_episodes_status(council: Any) -> None:
    start_care(council, date(2025, 3, 3), basis="order", order_kind="ico")
    assert _timeline(council.child) == [("S", "C1", "U6", date(2025, 3, 3), None, "")]
    assert LegalOrder.objects.get(child=council.child).kind == "ico"


def test_a_care_order_at_home_with_a_parent_is_visited_within_a_week(council: Any) -> None:
    # Placed with mother under the interim care order.
    start_care(council, date(2025, 3, 3), basis="order", order_kind="ico", placement_type="P1", provider=None)
    placement = Placement.objects.get(period__child=council.child)
    assert placement.visit_regime == Regime.TEMPORARY_OR_ICO_AT_HOME
    legal_order_record(
        child=council.child,
        kind="co",
        court="",
        start_date=date(2025, 8, 4),
        proceedings_started=None,
        by=council.worker,
    )
    placement.refresh_from_db()
    assert placement.visit_regime == Regime.CARE_ORDER_AT_HOME
    assert open_due(council.child, "lac.care_order_visit") == [date(2025, 8, 11)]


def test_an_order_that_ends_care_must_come_with_leaving_care(council: Any) -> None:
    start_care(council, date(2025, 3, 3))
    with pytest.raises(ValidationError) as error:
        legal_order_record(
            child=council.child,
            kind="sgo",
            court="",
            start_date=date(2025, 8, 4),
            proceedings_started=None,
            by=council.worker,
        )
    assert "end the period of care" in error.value.message_dict["kind"][0]
    assert not LegalOrder.objects.exists()


def test_leaving_care_ends_the_placement_episode_and_period(council: Any) -> None:
    period = start_care(council, date(2025, 3, 3))
    with pytest.raises(ValidationError) as error:
        care_end(period=period, end_date=date(2025, 7, 1), reason_ceased="E11", by=council.worker)
    assert "placed for adoption" in error.value.message_dict["reason_ceased"][0]
    with pytest.raises(ValidationError) as error:
        care_end(period=period, end_date=date(2025, 2, 1), reason_ceased="E4A", by=council.worker)
    assert "before the current episode" in error.value.message_dict["end_date"][0]
    care_end(period=period, end_date=date(2025, 7, 1), reason_ceased="E4A", by=council.worker)
    period.refresh_from_db()
    assert (period.end_date, period.reason_ceased) == (date(2025, 7, 1), "E4A")
    assert _timeline(council.child) == [("S", "V2", "U6", date(2025, 3, 3), date(2025, 7, 1), "E4A")]
    assert open_due(council.child, "lac.first_review") == []


def test_care_proceedings_are_decided_within_26_weeks_of_being_issued(council: Any) -> None:
    start_care(council, date(2025, 3, 3))
    legal_order_record(
        child=council.child,
        kind="ico",
        court="",
        start_date=date(2025, 4, 14),
        proceedings_started=date(2025, 4, 10),
        by=council.worker,
    )
    assert open_due(council.child, "care.proceedings") == [date(2025, 10, 9)]
    # A second interim order in the same proceedings does not restart the 26 weeks; the full order ends them.
    legal_order_record(
        child=council.child,
        kind="ico",
        court="",
        start_date=date(2025, 5, 12),
        proceedings_started=date(2025, 4, 10),
        by=council.worker,
    )
    assert open_due(council.child, "care.proceedings") == [date(2025, 10, 9)]
    legal_order_record(
        child=council.child,
        kind="co",
        court="",
        start_date=date(2025, 9, 22),
        proceedings_started=date(2025, 4, 10),
        by=council.worker,
    )
    assert open_due(council.child, "care.proceedings") == []


def test_distance_from_home_is_worked_out_from_the_postcode_directory_when_loaded(
    council: Any, tmp_path: Any
) -> None:
    from io import StringIO

    from django.core.management import call_command

    from hearth.people.models import Address

    Address.objects.create(
        person=council.child, line_1="4 Mill Lane", postcode="NE1 4ST", start_date=date(2020, 1, 1)
    )
    start_care(council, date(2025, 3, 3))
    assert Placement.objects.get().distance_miles is None  # no directory loaded: entered, or not known
    directory = tmp_path / "ONSPD.csv"
    directory.write_text(
        "pcds,oseast1m,osnrth1m,laua\nNE1 4ST,424500,564500,E08000021\nNE6 2XA,427719,564500,E08000021\nZZ99 3WZ,,,\n"
    )
    out = StringIO()
    call_command("load_postcodes", str(directory), stdout=out)
    assert "Loaded 2 postcode centres" in out.getvalue()
    period = CarePeriod.objects.get()
    moved = placement_change(
        period=period,
        start_date=date(2025, 6, 2),
        reason_place_change="CARPL",
        placement=PlacementInput(placement_type="U4", carer=carer(name="Second", reference="FC-2")),
        by=council.worker,
    )
    assert moved.distance_miles == Decimal("2.0")  # 3,219 metres east


def test_a_move_and_an_order_on_the_same_day_are_one_episode_of_both(council: Any) -> None:
    period = start_care(council, date(2025, 3, 3))
    legal_order_record(
        child=council.child,
        kind="ico",
        court="",
        start_date=date(2025, 5, 6),
        proceedings_started=None,
        by=council.worker,
    )
    placement_change(
        period=period,
        start_date=date(2025, 5, 6),
        reason_place_change="CARPL",
        placement=PlacementInput(placement_type="U6", carer=carer(name="Second", reference="FC-2")),
        by=council.worker,
    )
    assert [row[:3] for row in _timeline(council.child)] == [("S", "V2", "U6"), ("T", "C1", "U6")]
    # The other way round: a move, then an order the same day.
    placement_change(
        period=period,
        start_date=date(2025, 8, 4),
        reason_place_change="CARPL",
        placement=PlacementInput(placement_type="U6", carer=carer(name="Third", reference="FC-3")),
        by=council.worker,
    )
    legal_order_record(
        child=council.child,
        kind="co",
        court="",
        start_date=date(2025, 8, 4),
        proceedings_started=None,
        by=council.worker,
    )
    assert [row[:2] for row in _timeline(council.child)] == [("S", "V2"), ("T", "C1"), ("T", "C2")]


def test_an_order_ending_does_not_make_a_child_accommodated_under_section_20(council: Any) -> None:
    start_care(council, date(2025, 3, 3), basis="order", order_kind="ico")
    legal_order_record(
        child=council.child,
        kind="so",
        court="",
        start_date=date(2025, 4, 1),
        proceedings_started=None,
        by=council.worker,
    )  # gives no looked-after status
    legal_order_end(
        order=LegalOrder.objects.get(kind="ico"),
        end_date=date(2025, 5, 1),
        end_reason="Discharged",
        by=council.worker,
    )
    assert [row[:2] for row in _timeline(council.child)] == [("S", "C1")]


def test_a_new_period_of_care_starts_after_the_last_one_ended_and_not_at_18(council: Any) -> None:
    period = start_care(council, date(2025, 3, 3))
    care_end(period=period, end_date=date(2025, 6, 2), reason_ceased="E4A", by=council.worker)
    with pytest.raises(ValidationError) as error:
        start_care(council, date(2025, 6, 2), provider=carer(name="Again", reference="FC-4"))
    assert "a new one starts after it" in error.value.message_dict["start_date"][0]
    with pytest.raises(ValidationError) as error:
        start_care(
            council, date(2025, 7, 1), provider=carer(name="Again", reference="FC-5"), placement_type="T4"
        )
    assert "not a temporary one" in error.value.message_dict["placement_type"][0]
    old = held_child(council, forename="Olu", date_of_birth=date(2007, 1, 2))
    with pytest.raises(ValidationError) as error:
        start_care(council, date(2025, 7, 1), child=old, provider=carer(name="Again", reference="FC-6"))
    assert "18 or over" in error.value.message_dict["start_date"][0]


def test_when_police_protection_ends_the_child_may_stay_accommodated_under_section_20(council: Any) -> None:
    start_care(council, date(2025, 3, 3), basis="police", order_kind="pp")
    legal_order_end(
        order=LegalOrder.objects.get(kind="pp"),
        end_date=date(2025, 3, 5),
        end_reason="72 hours ended",
        by=council.worker,
        now_section_20=True,
    )
    assert [row[:2] for row in _timeline(council.child)] == [("S", "L1"), ("L", "V2")]
    assert CarePeriod.objects.get().basis == "s20"
