"""Contacts: recorded, screened within the local timescale from the front door's queue, feedback recorded."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.frontdoor.models import Contact
from hearth.frontdoor.services import contact_decide, contact_record, contacts_in_year_before
from hearth.organisation.models import Team
from hearth.organisation.roles import Role
from hearth.people.tests.factories import make_child


@pytest.fixture
def front_door(council: Any) -> Team:
    return Team.objects.create(name="Front Door (MASH)", service=council.service, is_front_door=True)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_bad_contacts_are_refused_by_field_and_nothing_is_saved(council: Any) -> None:
    with pytest.raises(ValidationError) as error:
        contact_record(
            child=council.child,
            received_on=clock.today() + timedelta(days=1),
            source="ZZ",
            concern=" ",
            by=council.worker,
        )
    assert set(error.value.message_dict) == {"received_on", "source", "concern"}
    assert not Contact.objects.exists() and not Event.objects.filter(type="contact.received").exists()


def test_a_contact_is_the_front_doors_work_until_screened_whoever_holds_the_case(
    council: Any, front_door: Team
) -> None:
    today = clock.today()
    contact = contact_record(
        child=council.child,
        received_on=today,
        source="2A",
        concern="Bruising seen at school",
        by=council.users[Role.FRONT_DOOR],
    )
    screening = Obligation.objects.get(rule_id="contact.decision")
    assert (screening.team, screening.owner, screening.status) == (front_door, None, ObligationStatus.OPEN)
    with pytest.raises(ValidationError) as error:
        contact_decide(
            contact=contact,
            outcome="referral",
            reason="",
            decided_on=today - timedelta(days=3),
            by=council.users[Role.FRONT_DOOR],
        )
    assert {"reason", "decided_on"} <= set(error.value.message_dict)
    contact_decide(
        contact=contact,
        outcome="referral",
        reason="Threshold met: physical injury",
        decided_on=today,
        by=council.users[Role.FRONT_DOOR],
    )
    screening.refresh_from_db()
    assert screening.status == ObligationStatus.MET and screening.met_in_time


def test_repeat_contacts_are_flagged(council: Any) -> None:
    fd = council.users[Role.FRONT_DOOR]
    contact_record(
        child=council.child, received_on=date(2025, 1, 10), source="6", concern="Police call-out", by=fd
    )
    contact_record(
        child=council.child, received_on=date(2025, 6, 2), source="2A", concern="Missed school", by=fd
    )
    third = contact_record(
        child=council.child, received_on=date(2025, 9, 1), source="3A", concern="Injury", by=fd
    )
    assert contacts_in_year_before(third) == 2
    page = signed_in(fd).get(
        reverse("frontdoor:screen", kwargs={"pk": council.child.pk, "contact_pk": third.pk})
    )
    assert "Repeat contact: 2 more about this child" in page.content.decode()


def test_the_front_door_screens_from_its_queue_and_records_feedback(council: Any, front_door: Team) -> None:
    fd = signed_in(council.users[Role.FRONT_DOOR])
    other = make_child(forename="Ava", surname="Jones")
    old = clock.today() - timedelta(days=10)
    fd.post(
        reverse("frontdoor:new_contact", kwargs={"pk": other.pk}),
        {"received_on": old.strftime("%d/%m/%Y"), "source": "6", "concern": "Domestic incident"},
    )
    queue = fd.get(reverse("frontdoor:queue")).content.decode()
    assert "Ava Jones" in queue and "Overdue" in queue
    contact = Contact.objects.get(child=other)
    url = reverse("frontdoor:screen", kwargs={"pk": other.pk, "contact_pk": contact.pk})
    assert "Enter the reason" in fd.post(url, {"decide": "1", "outcome": "advice"}).content.decode()
    fd.post(
        url,
        {
            "decide": "1",
            "outcome": "advice",
            "reason": "Advice to parent; no threshold met",
            "decided_on": clock.today().strftime("%d/%m/%Y"),
        },
    )
    fd.post(url, {"feedback": "1", "sent_on": clock.today().strftime("%d/%m/%Y")})
    contact.refresh_from_db()
    assert contact.outcome == "advice" and contact.feedback_sent_on == clock.today()
    assert "Ava Jones" not in fd.get(reverse("frontdoor:queue")).content.decode()
    assert Event.objects.filter(child=other, type="contact.decided").exists()


def test_only_screening_roles_see_the_queue_or_decide(council: Any, front_door: Team) -> None:
    assert signed_in(council.worker).get(reverse("frontdoor:queue")).status_code == 403
    contact = contact_record(
        child=council.child, received_on=clock.today(), source="2A", concern="x", by=council.worker
    )
    url = reverse("frontdoor:screen", kwargs={"pk": council.child.pk, "contact_pk": contact.pk})
    response = signed_in(council.worker).post(
        url,
        {
            "decide": "1",
            "outcome": "nfa",
            "reason": "r",
            "decided_on": clock.today().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.outcome == ""
