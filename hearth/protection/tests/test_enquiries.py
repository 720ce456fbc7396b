"""Strategy discussions and section 47 enquiries: the initial conference clock in both profiles, the enquiry's
conclusion, the flag on a discussion not led by a manager, refusals and the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.children_in_need.services import referral_receive
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.organisation.roles import Role
from hearth.protection.enquiries import discussion_flags, section_47_conclude, strategy_discussion_record
from hearth.protection.models import Section47Enquiry, Section47Outcome, StrategyDiscussion


def discuss(council: Any, held_on: date, section_47: bool = True, led_by: Any = None) -> StrategyDiscussion:
    return strategy_discussion_record(
        child=council.child,
        held_on=held_on,
        is_meeting=False,
        led_by=led_by or council.manager,
        agencies=["police", "health", "education"],
        information_shared="Police: previous call-out. School: bruising seen on Monday.",
        section_47=section_47,
        decision_reason="Reasonable cause to suspect significant harm.",
        by=council.worker,
    )


def refer(council: Any, on: date) -> None:
    referral_receive(child=council.child, referral_date=on, source="3E", by=council.users[Role.FRONT_DOOR])


def icpc(council: Any) -> Obligation:
    return Obligation.objects.get(child=council.child, rule_id="cp.icpc")


def test_2010_profile_the_conference_is_due_15_working_days_from_the_discussion_that_started_section_47(
    council: Any,
) -> None:
    refer(council, date(2012, 4, 30))
    first = discuss(council, date(2012, 5, 1))
    enquiry = Section47Enquiry.objects.get(child=council.child)
    assert (enquiry.start_date, enquiry.strategy_discussion) == (date(2012, 5, 1), first)
    assert icpc(council).due_date == date(2012, 5, 23)  # 7 May 2012 was a bank holiday
    discuss(council, date(2012, 5, 8))
    # A later discussion neither opens another enquiry nor moves the 2010 clock.
    assert Section47Enquiry.objects.filter(child=council.child).count() == 1
    assert icpc(council).due_date == date(2012, 5, 23)
    assert Event.objects.filter(child=council.child, type="s47.started").count() == 1


def test_from_2013_each_later_strategy_discussion_restarts_the_conference_clock(council: Any) -> None:
    refer(council, date(2024, 4, 29))
    discuss(council, date(2024, 5, 1))
    assert icpc(council).due_date == date(2024, 5, 23)  # 6 May 2024 was a bank holiday
    discuss(council, date(2024, 5, 8))
    clock = icpc(council)
    assert (clock.start_date, clock.due_date, clock.status) == (
        date(2024, 5, 8),
        date(2024, 5, 30),
        ObligationStatus.OPEN,
    )
    assert Section47Enquiry.objects.filter(child=council.child).count() == 1


def test_a_discussion_that_does_not_start_section_47_opens_no_enquiry_and_no_clock(council: Any) -> None:
    refer(council, date(2025, 3, 3))
    discuss(council, date(2025, 3, 4), section_47=False)
    assert not Section47Enquiry.objects.filter(child=council.child).exists()
    assert not Obligation.objects.filter(child=council.child, rule_id="cp.icpc").exists()


def test_an_enquiry_concluded_without_a_conference_ends_the_clock(council: Any) -> None:
    refer(council, date(2025, 3, 3))
    discuss(council, date(2025, 3, 4))
    enquiry = Section47Enquiry.objects.get(child=council.child)
    section_47_conclude(
        enquiry=enquiry,
        ended_on=date(2025, 3, 14),
        outcome=Section47Outcome.NOT_SUBSTANTIATED,
        by=council.worker,
    )
    enquiry.refresh_from_db()
    assert (enquiry.end_date, enquiry.icpc_not_required) == (date(2025, 3, 14), True)
    types = list(Event.objects.filter(child=council.child).order_by("pk").values_list("type", flat=True))
    assert types[-2:] == ["s47.completed", "icpc.not_required"]
    assert icpc(council).status == ObligationStatus.NO_LONGER_REQUIRED


def test_an_enquiry_that_needs_a_conference_keeps_the_clock_open(council: Any) -> None:
    refer(council, date(2025, 3, 3))
    discuss(council, date(2025, 3, 4))
    enquiry = Section47Enquiry.objects.get(child=council.child)
    section_47_conclude(
        enquiry=enquiry, ended_on=date(2025, 3, 14), outcome=Section47Outcome.CONFERENCE, by=council.worker
    )
    assert not Event.objects.filter(child=council.child, type="icpc.not_required").exists()
    assert icpc(council).status == ObligationStatus.OPEN
    with pytest.raises(ValidationError) as refused:
        section_47_conclude(
            enquiry=enquiry,
            ended_on=date(2025, 3, 15),
            outcome=Section47Outcome.CONFERENCE,
            by=council.worker,
        )
    assert "concluded on 14 Mar 2025" in refused.value.message_dict["outcome"][0]


def test_a_discussion_led_by_a_social_worker_is_flagged_and_one_led_by_a_manager_is_not(council: Any) -> None:
    refer(council, date(2025, 3, 3))
    by_worker = discuss(council, date(2025, 3, 4), led_by=council.worker)
    by_manager = discuss(council, date(2025, 3, 5), led_by=council.manager)
    assert (by_worker.led_by_manager, by_manager.led_by_manager) == (False, True)
    assert discussion_flags(by_worker) == [
        "Not led by a manager: led by Social worker Person (Social worker)"
    ]
    assert discussion_flags(by_manager) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": None}, "held_on"),
        ({"held_on": date(2025, 3, 1)}, "held_on"),  # before the referral
        ({"led_by": None}, "led_by"),
        ({"agencies": []}, "agencies"),
        ({"agencies": ["fire"]}, "agencies"),
        ({"information_shared": " "}, "information_shared"),
        ({"section_47": None}, "section_47"),
        ({"decision_reason": ""}, "decision_reason"),
    ],
)
def test_a_strategy_discussion_is_refused_with_the_field_named_and_nothing_saved(
    council: Any, changes: dict[str, Any], field: str
) -> None:
    refer(council, date(2025, 3, 3))
    values: dict[str, Any] = {
        "child": council.child,
        "held_on": date(2025, 3, 4),
        "is_meeting": True,
        "led_by": council.manager,
        "agencies": ["police"],
        "information_shared": "Shared",
        "section_47": True,
        "decision_reason": "Harm suspected",
        "by": council.worker,
    }
    with pytest.raises(ValidationError) as refused:
        strategy_discussion_record(**(values | changes))
    assert field in refused.value.message_dict
    assert not StrategyDiscussion.objects.exists()
    assert not Event.objects.filter(type="strategy_discussion.held").exists()


def test_section_47_needs_an_open_child_in_need_episode(council: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        discuss(council, date(2025, 3, 4))
    assert "record the referral first" in refused.value.message_dict["section_47"][0]


def test_the_pages_record_a_discussion_and_conclude_the_enquiry(council: Any) -> None:
    refer(council, date(2025, 3, 3))
    client = Client()
    client.force_login(council.worker)
    add = reverse("protection:strategy_discussion_add", kwargs={"pk": council.child.pk})
    assert client.get(add).status_code == 200
    refused = client.post(add, {"held_on": "4/3/2025", "section_47": "yes"})
    assert refused.status_code == 200 and b"Choose who led the strategy discussion." in refused.content
    response = client.post(
        add,
        {
            "held_on": "4/3/2025",
            "led_by": council.worker.pk,
            "agencies": ["police", "health"],
            "information_shared": "Police were called on Saturday.",
            "section_47": "yes",
            "decision_reason": "Injury to a non-mobile baby.",
        },
    )
    discussion = StrategyDiscussion.objects.get(child=council.child)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Not led by a manager: led by Social worker Person" in page
    assert "Police, Health" in page
    enquiry = Section47Enquiry.objects.get(strategy_discussion=discussion)
    url = reverse("protection:section_47", kwargs={"pk": council.child.pk, "enquiry_pk": enquiry.pk})
    page = client.get(url).content.decode()
    assert "25 Mar 2025" in page  # the initial conference is due 15 working days from 4 March 2025
    assert "Conclude the enquiry" in page
    done = client.post(url, {"conclude": "1", "ended_on": "14/3/2025", "outcome": "conference"})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "Concerns substantiated: initial conference needed" in page
    assert "Record the initial conference" in page
    overview = client.get(reverse("protection:conferences", kwargs={"pk": council.child.pk})).content.decode()
    assert "Not led by a manager" in overview and "Record the initial conference" in overview


def test_partners_read_but_cannot_record(council: Any) -> None:
    refer(council, date(2025, 3, 3))
    discussion = discuss(council, date(2025, 3, 4))
    client = Client()
    client.force_login(council.users[Role.CHILD_PROTECTION_CHAIR])
    url = reverse(
        "protection:strategy_discussion", kwargs={"pk": council.child.pk, "discussion_pk": discussion.pk}
    )
    assert client.get(url).status_code == 200
    partner = council.users[Role.PARTNER_POLICE]
    client.force_login(partner)
    add = reverse("protection:strategy_discussion_add", kwargs={"pk": council.child.pk})
    # A partner who cannot see the child is told it does not exist; the change is refused before anything.
    assert client.post(add, {"held_on": "4/3/2025"}).status_code in (403, 404)
    assert StrategyDiscussion.objects.count() == 1
