"""A contact about a family, recorded once (issue 18): each child their own contact, event and screening clock; a
correction of what it is about shows on each; a child who does not live with the family is refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.core.models import ChangeLog, Event, Obligation, ObligationStatus
from hearth.frontdoor.models import Contact
from hearth.frontdoor.services import contact_record
from hearth.organisation.roles import Role
from hearth.people.services.household import household_add_member
from hearth.people.tests.factories import make_child

pytestmark = pytest.mark.django_db


def test_one_contact_about_two_children_gives_each_their_own_contact_and_a_correction_shows_on_both(
    council: Any,
) -> None:
    front_door = council.users[Role.FRONT_DOOR]
    amber = make_child(by=council.worker, forename="Amber", surname="Smith")
    household_add_member(
        child=council.child, member=amber, start_date=clock.today() - timedelta(days=30), by=council.worker
    )
    client = Client()
    client.force_login(front_door)
    url = reverse("frontdoor:new_contact", kwargs={"pk": council.child.pk})
    assert "Also about" in client.get(url).content.decode()
    day = (clock.today() - timedelta(days=1)).strftime("%d/%m/%Y")
    done = client.post(
        url,
        {
            "received_on": day,
            "source": "1A",
            "concern": "Both children arrived hungry",
            "also_about": [str(amber.pk)],
        },
    )
    assert done.status_code == 302
    jayden_contact, amber_contact = Contact.objects.get(child=council.child), Contact.objects.get(child=amber)
    assert jayden_contact.family_id == amber_contact.family_id is not None
    assert Event.objects.filter(type="contact.received", child=amber).count() == 1
    assert (
        Obligation.objects.filter(
            child=amber, rule_id="contact.decision", status=ObligationStatus.OPEN
        ).count()
        == 1
    )
    screen = client.get(done["Location"]).content.decode()
    assert "Also about" in screen and "Amber Smith" in screen
    corrected = client.post(
        reverse("frontdoor:contact_correct", kwargs={"pk": amber.pk, "contact_pk": amber_contact.pk}),
        {"concern": "Both children arrived hungry and cold"},
    )
    assert corrected.status_code == 302
    assert set(Contact.objects.values_list("concern", flat=True)) == {"Both children arrived hungry and cold"}
    assert set(Event.objects.filter(type="contact.corrected").values_list("child_id", flat=True)) == {
        council.child.pk,
        amber.pk,
    }
    assert set(
        ChangeLog.objects.filter(model="frontdoor.contact", action="update").values_list(
            "child_id", flat=True
        )
    ) == {
        council.child.pk,
        amber.pk,
    }


def test_a_child_not_living_with_the_family_is_refused_and_nothing_recorded(council: Any) -> None:
    stranger = make_child(by=council.worker, forename="Leo", surname="Jones")
    with pytest.raises(ValidationError) as refused:
        contact_record(
            child=council.child,
            received_on=clock.today(),
            source="1A",
            concern="Hungry",
            also_about=[stranger],
            by=council.users[Role.FRONT_DOOR],
        )
    assert "Leo Jones does not live with Jayden Smith" in str(refused.value)
    assert not Contact.objects.exists()
