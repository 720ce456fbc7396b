"""A child goes missing, comes back and is offered a return interview: as a social worker would record it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_journeys import sign_in
from hearth.core import clock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_child_goes_missing_comes_back_and_has_a_return_interview(page: Page, council: Any) -> None:
    today = clock.today()
    left, back = today - timedelta(days=3), today - timedelta(days=2)
    sign_in(page, council.worker.username)
    page.goto(f"/people/{council.child.pk}/")
    page.get_by_role("navigation", name="Child's record").get_by_role("link", name="Missing").click()
    expect(page.get_by_role("heading", name="Missing and exploitation")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record a missing episode").click()
    page.get_by_label("Missing: whereabouts not known").check()
    page.get_by_label("Date the child went missing").fill(f"{left:%d/%m/%Y}")
    page.get_by_label("Time the child went missing").fill("21:30")
    page.get_by_label("High").check()
    page.get_by_role("button", name="Save").click()
    # Refused, naming the field, and nothing saved.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter where the child went missing from")
    assert_accessible(page)
    page.get_by_label("Where the child went missing from").fill("Oak House children's home")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Missing episode recorded")
    page.goto(f"/people/{council.child.pk}/")
    expect(page.locator(".hearth-identity-bar")).to_contain_text("Missing now")

    page.get_by_role("navigation", name="Child's record").get_by_role("link", name="Missing").click()
    page.get_by_role("link", name="Record their return").click()
    page.get_by_label("Date the child came back or was found").fill(f"{back:%d/%m/%Y}")
    page.get_by_label("Where the child was found or came back to").fill("Leeds bus station")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "return interview is due within 72 hours"
    )
    page.goto(f"/people/{council.child.pk}/")
    expect(page.locator("#obligations")).to_contain_text("Return interview after a missing episode")

    page.get_by_role("navigation", name="Child's record").get_by_role("link", name="Missing").click()
    page.get_by_role("link", name="Record the return interview").click()
    page.get_by_role("radio", name="Held").check()
    page.get_by_label("Date of the interview").fill(f"{today:%d/%m/%Y}")
    page.get_by_label("Who held it").fill("Sam Kaur, Safe Return")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#episodes")).to_contain_text("by Sam Kaur, Safe Return")
    page.goto(f"/people/{council.child.pk}/")
    expect(page.locator("#main-content")).not_to_contain_text("Return interview after a missing episode")
    expect(page.get_by_role("heading", name="Key events")).to_be_visible()
    expect(page.locator(".moj-timeline")).to_contain_text("found at Leeds bus station")
