"""A second factor (ADR 39): required by role or outside the council's network, set up after the password, real codes
from the device's own key (django-otp's TOTP), recovery codes each good once, a wrong or replayed code refused."""

from __future__ import annotations

import re
import time
from base64 import b32encode
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.core.second_factor import PENDING, WRONG_CODE
from hearth.organisation.tests.factories import TEST_PASSWORD

OUTSIDE = (
    "198.51.100.9"  # not the council's network (the test settings name the loopback range as the council's)
)
MY_WORK = "/my-work/"


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the person's app shows now (or that many 30-second steps on), from the device's key."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code the app shows at none of the steps the device accepts."""
    near = {code_of(device, step) for step in (-1, 0, 1, 2)}
    return next(code for code in ("123456", "654321", "111111", "222222", "333333") if code not in near)


def password(client: Client, user: Any) -> Any:
    return client.post(reverse("core:login"), {"username": user.username, "password": TEST_PASSWORD})


def enrol(client: Client, user: Any) -> list[str]:
    """Set up an app from the account page, as a signed-in person; the recovery codes shown."""
    page = client.get(reverse("core:account_app")).content.decode()
    assert "Set up an authenticator app" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    shown = re.search(r'id="app-key">([A-Z2-7 ]+)<', page)
    assert shown is not None
    assert shown.group(1).replace(" ", "") == b32encode(device.bin_key).decode()
    done = client.post(reverse("core:account_app"), {"code": code_of(device)})
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    return codes


def signed_in(client: Client) -> bool:
    return client.get(MY_WORK).status_code == 200


@override_settings(HEARTH_SECOND_FACTOR_ROLES=["social_worker"])
def test_a_role_that_must_use_a_second_factor_sets_one_up_after_the_password(council: Any) -> None:
    client = Client()
    response = password(client, council.worker)
    assert response.status_code == 302 and response.url == reverse("core:second_factor_set_up")
    assert not signed_in(client)  # the password alone is not enough
    page = client.get(reverse("core:second_factor_set_up")).content.decode()
    assert "You must confirm it is you with a second factor" in page and 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=council.worker)
    wrong = client.post(reverse("core:second_factor_set_up"), {"code": wrong_code(device)})
    assert "the code entered is not right" in wrong.content.decode()
    assert not signed_in(client) and not TOTPDevice.objects.get(user=council.worker).confirmed
    time.sleep(1.1)  # django-otp asks a second's wait after a wrong code
    done = client.post(reverse("core:second_factor_set_up"), {"code": code_of(device)})
    assert done.status_code == 200 and "Your recovery codes" in done.content.decode()
    assert signed_in(client)
    assert TOTPDevice.objects.get(user=council.worker).confirmed
    assert StaticToken.objects.filter(device__user=council.worker).count() == 10
    # Another role, on the council's network, signs in with the password alone.
    assert password(Client(), council.manager).url == "/"


def test_outside_the_councils_network_everyone_needs_a_second_factor(council: Any) -> None:
    outside = Client(REMOTE_ADDR=OUTSIDE)
    assert password(outside, council.manager).url == reverse("core:second_factor_set_up")
    assert not signed_in(outside)
    assert password(Client(), council.manager).url == "/"  # inside (the loopback range, in these settings)


def test_someone_with_a_second_factor_signs_in_with_a_code_and_a_wrong_or_used_one_is_refused(
    council: Any,
) -> None:
    client = Client()
    password(client, council.worker)
    enrol(client, council.worker)
    client.post(reverse("core:logout"))
    device = TOTPDevice.objects.get(user=council.worker, confirmed=True)
    # Asked for a code even on the council's network, once set up.
    assert password(client, council.worker).url == reverse("core:second_factor")
    page = client.get(reverse("core:second_factor")).content.decode()
    assert "Confirm it is you" in page and "Use your passkey" not in page

    # The code used to set up the app, entered again: refused, clearly, and nothing changed.
    used = code_of(device)
    before = TOTPDevice.objects.values("last_t", "confirmed").get(pk=device.pk)
    refused = client.post(reverse("core:second_factor"), {"code": used})
    assert refused.status_code == 200 and WRONG_CODE in refused.content.decode()
    assert not signed_in(client)
    assert TOTPDevice.objects.values("last_t", "confirmed").get(pk=device.pk) == before

    # Straight after a wrong code, even the right one waits: django-otp slows guessing (1, 2, 4 ... seconds).
    hurried = client.post(reverse("core:second_factor"), {"code": code_of(device, steps_ahead=1)})
    assert "Wait a few seconds after a wrong code" in hurried.content.decode() and not signed_in(client)
    time.sleep(1.1)
    empty = client.post(reverse("core:second_factor"), {"code": ""})
    assert "Enter the 6-digit code" in empty.content.decode() and not signed_in(client)

    # The app's next code (what it shows within 30 seconds) signs in.
    fresh = code_of(device, steps_ahead=1)
    assert client.post(reverse("core:second_factor"), {"code": fresh}).url == "/"
    assert signed_in(client)

    # Replayed in another browser after the password: refused.
    other = Client()
    password(other, council.worker)
    replayed = other.post(reverse("core:second_factor"), {"code": fresh})
    assert WRONG_CODE in replayed.content.decode() and not signed_in(other)


def test_a_recovery_code_signs_in_once(council: Any) -> None:
    client = Client()
    password(client, council.worker)
    codes = enrol(client, council.worker)
    client.post(reverse("core:logout"))
    password(client, council.worker)
    assert client.post(reverse("core:second_factor"), {"code": codes[0].upper()}).url == "/"
    assert "9 left" in client.get(MY_WORK).content.decode()
    client.post(reverse("core:logout"))
    password(client, council.worker)
    again = client.post(reverse("core:second_factor"), {"code": codes[0]})
    assert WRONG_CODE in again.content.decode() and not signed_in(client)
    assert StaticToken.objects.filter(device__user=council.worker).count() == 9


def test_the_second_step_expires_and_cannot_be_skipped(council: Any) -> None:
    client = Client(REMOTE_ADDR=OUTSIDE)
    assert client.get(reverse("core:second_factor")).url == reverse("core:login")  # no password yet
    password(client, council.worker)
    session = client.session
    session[PENDING] = {**session[PENDING], "at": time.time() - 3600}
    session.save()
    assert client.get(reverse("core:second_factor_set_up")).url == reverse("core:login")


def test_an_administrator_resets_a_lost_second_factor(council: Any) -> None:
    client = Client()
    password(client, council.worker)
    enrol(client, council.worker)
    out = StringIO()
    call_command("second_factor_reset", council.worker.username, stdout=out)
    assert "reset" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=council.worker).exists()
    assert not StaticToken.objects.filter(device__user=council.worker).exists()
    assert password(Client(), council.worker).url == "/"  # not required here: the password alone again


def test_the_account_page_says_what_is_set_up(council: Any) -> None:
    client = Client()
    password(client, council.worker)
    page = client.get(reverse("core:account_sign_in")).content.decode()
    assert "Not set up." in page and "0 unused recovery codes" in page
    enrol(client, council.worker)
    page = client.get(reverse("core:account_sign_in")).content.decode()
    assert "Move to a new phone or app" in page and "10 unused recovery codes" in page
    renewed = client.post(reverse("core:account_recovery_codes"))
    assert len(re.findall(r"<li><code>", renewed.content.decode())) == 10
    options = client.post(reverse("core:account_passkey_options"))
    assert options.headers["Content-Type"] == "application/json"
    assert '"rp": {"name": ' in options.content.decode() and '"id": "testserver"' in options.content.decode()
    bad = client.post(reverse("core:account_passkey_add"), {"credential": "{}", "name": "Laptop"})
    assert "The passkey could not be added" in bad.content.decode()
