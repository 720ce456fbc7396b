"""Police domestic abuse notifications: every child in the household, screened in time, repeats, MARAC for high risk."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.core.models import AccessLog, Event, Obligation, ObligationStatus
from hearth.frontdoor.models import DomesticAbuseNotification
from hearth.frontdoor.notifications import earlier_notifications, notification_record, notification_screen
from hearth.organisation.models import Team
from hearth.organisation.roles import Role
from hearth.people.tests.factories import make_adult, make_child


def record(
    council: Any, children: list[Any], received: date, risk: str = "medium"
) -> DomesticAbuseNotification:
    return notification_record(
        police_reference=f"PX/{received:%m%d}",
        incident_on=received,
        received_on=received,
        risk_level=risk,
        summary="Verbal argument, child present",
        children=children,
        by=council.users[Role.FRONT_DOOR],
    )


def test_bad_notifications_are_refused_by_field(council: Any) -> None:
    with pytest.raises(ValidationError) as error:
        notification_record(
            police_reference="",
            incident_on=clock.today(),
            received_on=clock.today() - timedelta(days=1),
            risk_level="extreme",
            summary="",
            children=[make_adult()],
            by=council.users[Role.FRONT_DOOR],
        )
    assert set(error.value.message_dict) == {
        "police_reference",
        "received_on",
        "risk_level",
        "summary",
        "children",
    }
    assert not DomesticAbuseNotification.objects.exists()


def test_every_child_gets_the_event_and_a_screening_clock_met_by_the_decision(council: Any) -> None:
    Team.objects.create(name="Front Door (MASH)", service=council.service, is_front_door=True)
    sibling = make_child(forename="Ava", surname="Smith")
    notification = record(council, [council.child, sibling], clock.today())
    assert Event.objects.filter(type="da_notification.received").count() == 2
    clocks = Obligation.objects.filter(rule_id="da_notification.screening")
    assert clocks.count() == 2 and all(c.team.is_front_door for c in clocks)
    notification_screen(
        notification=notification,
        decision="letter",
        reason="Standard response",
        decided_on=clock.today(),
        by=council.users[Role.FRONT_DOOR],
    )
    assert set(clocks.values_list("status", flat=True)) == {ObligationStatus.MET}


def test_high_risk_needs_a_marac_referral_and_repeats_are_flagged(council: Any) -> None:
    record(council, [council.child], date(2025, 2, 1))
    high = record(council, [council.child], date(2025, 9, 1), risk="high")
    assert earlier_notifications(high) == 1
    with pytest.raises(ValidationError, match="MARAC"):
        notification_screen(
            notification=high,
            decision="strategy",
            reason="High risk",
            decided_on=date(2025, 9, 1),
            by=council.users[Role.FRONT_DOOR],
        )
    notification_screen(
        notification=high,
        decision="strategy",
        reason="High risk",
        decided_on=date(2025, 9, 1),
        marac_referred_on=date(2025, 9, 2),
        by=council.users[Role.FRONT_DOOR],
    )
    high.refresh_from_db()
    assert high.marac_referred_on == date(2025, 9, 2) and high.decided_by == council.users[Role.FRONT_DOOR]


def test_the_queue_is_the_front_doors_and_reading_a_notification_is_logged(council: Any) -> None:
    notification = record(council, [council.child], clock.today())
    worker = Client()
    worker.force_login(council.worker)
    assert worker.get(reverse("frontdoor:notifications")).status_code == 403
    fd = Client()
    fd.force_login(council.users[Role.FRONT_DOOR])
    assert notification.police_reference in fd.get(reverse("frontdoor:notifications")).content.decode()
    late = record(council, [council.child], clock.today() - timedelta(days=9))
    queue = fd.get(reverse("frontdoor:notifications")).content.decode()
    assert late.police_reference in queue and "Overdue" in queue
    fd.get(reverse("frontdoor:notification", kwargs={"notification_pk": notification.pk}))
    assert AccessLog.objects.filter(user=council.users[Role.FRONT_DOOR], child=council.child).exists()
    page = fd.post(
        reverse("frontdoor:new_notification"),
        {
            "police_reference": "PX/1",
            "incident_on": "1/1/2025",
            "received_on": "2/1/2025",
            "risk_level": "standard",
            "summary": "x",
            "children": "C9999999",
        },
    )
    assert "No child&#x27;s record has the ID C9999999" in page.content.decode()


def test_a_restricted_childs_name_does_not_show_through_a_notification(council: Any) -> None:
    """The child's page says "not found" to the front door; the notification about them must not name them."""
    hidden = make_child(forename="Rosalind", surname="Hidden", is_restricted=True)
    hidden.is_restricted = True
    hidden.save(update_fields=["is_restricted"])
    notification = record(council, [council.child, hidden], clock.today())
    fd = Client()
    fd.force_login(council.users[Role.FRONT_DOOR])
    assert fd.get(reverse("childrecord:child_page", kwargs={"pk": hidden.pk})).status_code == 404
    page = fd.get(
        reverse("frontdoor:notification", kwargs={"notification_pk": notification.pk})
    ).content.decode()
    assert "Jayden Smith" in page
    assert "Rosalind" not in page and "Hidden" not in page
    assert f"{hidden.person_number}: a record you may not open (restricted)" in page
    assert reverse("childrecord:child_page", kwargs={"pk": hidden.pk}) not in page
