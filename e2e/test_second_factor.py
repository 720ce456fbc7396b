"""A member of staff sets up a second factor and signs in with it (issue 20, ADR 39): an authenticator app whose codes
are computed from the key the page shows, as the app would; a passkey on Chromium's virtual authenticator."""

from __future__ import annotations

import time
from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_journeys import sign_in
from hearth.organisation.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def app_code(key: str, steps_ahead: int = 0) -> str:
    """What an authenticator app holding this key shows now (or that many 30-second steps on)."""
    totp = TOTP(b32decode(key.replace(" ", "")), step=30, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Hearth")).to_be_visible()


def password_step(page: Page, username: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_member_of_staff_sets_up_an_authenticator_app_and_signs_in_with_it(
    page: Page, council: Any
) -> None:
    sign_in(page, council.worker.username)
    page.get_by_role("link", name="How you sign in").click()
    expect(page.locator("#app-status")).to_have_text("Not set up.")
    assert_accessible(page)
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)
    key = page.locator("#app-key").inner_text()

    page.get_by_label("Code from the app").fill("12345")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("the code entered is not right")
    time.sleep(1.1)  # django-otp's wait after a wrong code
    page.get_by_label("Code from the app").fill(app_code(key))
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    recovery = page.locator("#recovery-codes li").first.inner_text()
    page.get_by_role("link", name="I have kept my codes: continue").click()
    expect(page.locator("#codes-left")).to_have_text("10 unused recovery codes.")
    sign_out(page)

    password_step(page, council.worker.username)
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(app_code(key))  # the code used to set it up: already used
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("it has been used already")
    time.sleep(1.1)
    page.get_by_label("Code").fill(app_code(key, steps_ahead=1))  # the app's next code
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in to Hearth")).to_have_count(0)
    sign_out(page)

    # With the phone lost: a recovery code, once.
    password_step(page, council.worker.username)
    page.get_by_label("Code").fill(recovery)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You signed in with a recovery code: 9 left.")).to_be_visible()


def test_a_member_of_staff_adds_a_passkey_and_signs_in_with_it(page: Page, council: Any) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    sign_in(page, council.worker.username)
    page.get_by_role("link", name="How you sign in").click()
    page.get_by_label("Name for the passkey").fill("Office laptop")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text("Passkey ‘Office laptop’ added.")).to_be_visible()
    expect(page.locator("#passkeys")).to_contain_text("Office laptop")
    assert_accessible(page)
    sign_out(page)

    password_step(page, council.worker.username)
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Use your passkey").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_role("link", name="How you sign in").click()
    expect(page.locator("#passkeys")).not_to_contain_text("Not yet")  # last used: today


def test_where_every_role_must_use_one_a_member_of_staff_sets_it_up_straight_after_the_password(
    page: Page, council: Any, settings: Any
) -> None:
    settings.HEARTH_SECOND_FACTOR_ROLES = [
        "all"
    ]  # production's default (the live server reads the same settings)
    page.goto("/")
    password_step(page, council.manager.username)
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    expect(page.get_by_text("You must confirm it is you with a second factor")).to_be_visible()
    assert_accessible(page)
    page.goto("/my-work/")  # the password alone opens nothing
    expect(page.get_by_role("heading", name="Sign in to Hearth")).to_be_visible()
    page.go_back()
    page.reload()
    key = page.locator("#app-key").inner_text()
    page.get_by_label("Code from the app").fill(app_code(key))
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have kept my codes: continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_have_count(0)
