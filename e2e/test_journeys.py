"""Journeys a new user takes, in a real browser, with an accessibility check on every page they see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from hearth.core.events import event_record
from hearth.organisation.tests.factories import TEST_PASSWORD
from hearth.protection.models import ChildProtectionPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, username: str) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in to Hearth")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def put_on_plan(child_id: int, days_ago: int) -> None:
    start = timezone.localdate() - timedelta(days=days_ago)
    with transaction.atomic():
        plan = ChildProtectionPlan.objects.create(
            child_id=child_id, start_date=start, initial_category="NEG", latest_category="NEG"
        )
        event_record(
            child_id=child_id,
            type="cp_plan.started",
            occurred_on=start,
            recorded_by=None,
            record=plan,
            payload={"category": "Neglect"},
        )


def test_a_social_worker_finds_a_child_by_a_misspelt_name_and_reads_their_record(
    page: Page, council: Any
) -> None:
    put_on_plan(council.child.pk, days_ago=30)
    sign_in(page, council.worker.username)

    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    work = page.locator("#my-work")
    expect(work).to_contain_text("Jayden Smith")
    expect(work).to_contain_text("Child on a protection plan visited")
    expect(work).to_contain_text("Overdue")
    assert_accessible(page)

    page.get_by_role("link", name="Search").click()
    page.get_by_label("Name, date of birth, postcode or ID").fill("Jaden Smyth")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 record found")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Jayden Smith").click()
    expect(page.locator(".hearth-identity-bar")).to_contain_text(council.child.person_number)
    expect(page.locator(".hearth-identity-bar")).to_contain_text("Child protection")
    expect(page.locator("#obligations")).to_contain_text("Overdue")
    assert_accessible(page)

    page.get_by_role("link", name="Chronology", exact=True).click()
    expect(page.locator("#chronology")).to_contain_text("Child protection plan started: Neglect")
    assert_accessible(page)


def test_creating_a_record_warns_of_a_duplicate_and_names_each_bad_field(page: Page, council: Any) -> None:
    sign_in(page, council.worker.username)
    page.goto("/people/new/")
    page.get_by_label("First name").fill("Jaden")
    page.get_by_label("Last name").fill("Smith")
    page.get_by_label("Date of birth (optional)", exact=True).fill("14/03/2016")
    page.get_by_label("NHS number (optional)").fill("943 476 5918")
    page.get_by_role("button", name="Create record").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("NHS number must be 10 digits")
    assert_accessible(page)
    page.get_by_label("NHS number (optional)").fill("")
    page.get_by_role("button", name="Create record").click()
    expect(page.locator("#duplicate-warning")).to_contain_text("This may be someone already recorded")
    expect(page.get_by_role("link", name="Jayden Smith")).to_be_visible()
    page.get_by_label("I have checked the possible matches").check()
    page.get_by_role("button", name="Create record").click()
    expect(page.locator(".hearth-identity-bar")).to_contain_text("Jaden Smith")
    assert_accessible(page)


def test_a_team_manager_sees_the_teams_overdue_work(page: Page, council: Any) -> None:
    put_on_plan(council.child.pk, days_ago=30)
    sign_in(page, council.manager.username)
    expect(page.get_by_role("heading", name="My team")).to_be_visible()
    expect(page.locator("#team-workers")).to_contain_text(council.worker.full_name)
    expect(page.locator("#team-overdue")).to_contain_text("Jayden Smith")
    assert_accessible(page)
    page.locator("#team-overdue").get_by_role("link", name="Jayden Smith").first.click()
    expect(page.locator(".hearth-identity-bar")).to_contain_text("Jayden Smith")


def test_the_front_door_screens_a_contact_from_its_queue(page: Page, council: Any) -> None:
    from hearth.frontdoor.services import contact_record
    from hearth.organisation.models import Team
    from hearth.organisation.roles import Role

    Team.objects.create(name="Front Door (MASH)", service=council.service, is_front_door=True)
    front_door = council.users[Role.FRONT_DOOR]
    contact_record(
        child=council.child,
        received_on=timezone.localdate() - timedelta(days=7),
        source="6",
        concern="Police attended a domestic incident",
        by=front_door,
    )
    sign_in(page, front_door.username)
    page.get_by_role("link", name="Front door").click()
    expect(page.locator("#queue")).to_contain_text("Jayden Smith")
    expect(page.locator("#queue")).to_contain_text("Overdue")
    assert_accessible(page)
    page.locator("#queue").get_by_role("link", name="Jayden Smith").click()
    expect(page.get_by_role("heading", name="Screening decision")).to_be_visible()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the screening decision")
    assert_accessible(page)
    page.get_by_label("Strategy discussion").check()
    page.get_by_label("Reason for the decision").fill("Threshold met: domestic abuse with a child present")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decision")).to_contain_text("Strategy discussion")
    page.get_by_role("button", name="Record feedback sent").click()
    expect(page.locator("#feedback")).to_contain_text("Sent")
    assert_accessible(page)


def test_a_high_risk_domestic_abuse_notification_is_screened_and_sent_to_marac(
    page: Page, council: Any
) -> None:
    from hearth.organisation.models import Team
    from hearth.organisation.roles import Role

    Team.objects.create(name="Front Door (MASH)", service=council.service, is_front_door=True)
    front_door = council.users[Role.FRONT_DOOR]
    today = timezone.localdate().strftime("%d/%m/%Y")
    sign_in(page, front_door.username)
    page.goto("/front-door/notifications/")
    expect(page.locator("#notifications")).to_contain_text("No notifications are waiting.")
    page.get_by_role("link", name="Record a notification").click()
    page.get_by_label("Police reference").fill("NP-2026-4411")
    page.get_by_label("Date of the incident").fill(today)
    page.get_by_label("Date received").fill(today)
    page.get_by_label("High").check()
    page.get_by_label("What happened").fill("Father assaulted mother; Jayden present and hid upstairs")
    page.get_by_label("IDs of the children in the household").fill(council.child.person_number)
    page.get_by_role("button", name="Record the notification").click()
    page.goto("/front-door/notifications/")
    expect(page.locator("#notifications")).to_contain_text("NP-2026-4411")
    expect(page.locator("#notifications")).to_contain_text("High")
    assert_accessible(page)
    page.get_by_role("link", name="NP-2026-4411").click()
    page.get_by_label("Strategy discussion").check()
    page.get_by_label("Reason for the decision").fill(
        "High risk with a child present: threshold for section 47"
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("date of its MARAC referral")
    assert_accessible(page)
    page.get_by_label("Strategy discussion").check()
    page.get_by_label("Reason for the decision").fill(
        "High risk with a child present: threshold for section 47"
    )
    page.get_by_label("Date of the MARAC referral (high risk)").fill(today)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decision")).to_contain_text("Strategy discussion")
    expect(page.locator("#decision")).to_contain_text("MARAC referral")
    page.goto(f"/people/{council.child.pk}/chronology/")
    expect(page.locator("main")).to_contain_text("notification")
    assert_accessible(page)
