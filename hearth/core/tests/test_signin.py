"""Signing in gives nothing away (ADR 38): one answer in one time for a wrong password, an unknown name and a paused
name; throttling per address and per name from an address, with no account ever locked; sessions a person may hold;
the headers production sends."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from hearth.core.auth import GENERIC_FAILURE, client_address
from hearth.core.models import SignedInSession, SignInFailure
from hearth.organisation.tests.factories import TEST_PASSWORD

# Documentation addresses (RFC 5737): the tests' people sign in from outside the loopback range, which the test
# settings exempt from throttling as the demo's do.
PROBE = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def attempt(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("core:login"), {"username": username, "password": password})


def normalised(response: Any, username: str) -> str:
    """The page as a person sees it, less what differs by design: the name they typed (kept in the field) and the
    form's CSRF token (masked afresh on every page)."""
    page = response.content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", page)
    return page.replace(f'value="{username}"', 'value="NAME"')


def pause(client: Client, username: str) -> None:
    for _ in range(settings.HEARTH_SIGNIN_FAILURES_PER_NAME):
        attempt(client, username, "not-the-password")


def test_a_wrong_password_an_unknown_name_and_a_paused_name_get_the_same_answer(council: Any) -> None:
    probe = Client(REMOTE_ADDR=PROBE)
    pause(probe, council.colleague.username)
    wrong = attempt(probe, council.worker.username, "not-the-password")
    unknown = attempt(probe, "no-such-person", "not-the-password")
    paused = attempt(probe, council.colleague.username, TEST_PASSWORD)  # the right password, while paused
    assert wrong.status_code == unknown.status_code == paused.status_code == 200
    assert GENERIC_FAILURE in wrong.content.decode()
    assert (
        normalised(wrong, council.worker.username)
        == normalised(unknown, "no-such-person")
        == normalised(paused, council.colleague.username)
    )
    assert "locked" not in paused.content.decode()
    # Nothing is stored on the accounts: the probe has not shut the colleague out from their own address.
    assert (
        attempt(Client(REMOTE_ADDR=ELSEWHERE), council.colleague.username, TEST_PASSWORD).status_code == 302
    )


def test_the_three_answers_take_the_same_time(council: Any) -> None:
    """The password hasher runs for an unknown name and a paused one as for a wrong password (before ADR 38 a locked
    account answered in about 50 ms and an unknown name in 450). Medians of a few tries, each case from its own
    address, must be within a factor of 1.5 of one another (the hasher is the cost: about 100 ms with Argon2)."""
    pausing = Client(REMOTE_ADDR="203.0.113.30")
    pause(pausing, council.colleague.username)
    cases = {
        "wrong password": (Client(REMOTE_ADDR="203.0.113.10"), council.worker.username, "not-the-password"),
        "unknown name": (Client(REMOTE_ADDR="203.0.113.20"), "no-such-person", "not-the-password"),
        "paused name": (pausing, council.colleague.username, TEST_PASSWORD),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(7):  # the cases taken in turn, so a busy moment on the machine falls on each alike
        for name, (client, username, password) in cases.items():
            started = time.perf_counter()
            response = attempt(client, username, password)
            times[name].append(time.perf_counter() - started)
            assert GENERIC_FAILURE in response.content.decode()
    medians = {name: statistics.median(taken) for name, taken in times.items()}
    assert max(medians.values()) < 1.5 * min(medians.values()), medians
    assert min(medians.values()) > 0.01, medians  # the hasher ran (a lookup alone takes a millisecond or two)


@override_settings(HEARTH_SIGNIN_FAILURES_PER_ADDRESS=4)
def test_an_address_with_too_many_failures_is_paused_with_a_message_that_names_no_account(
    council: Any,
) -> None:
    probe = Client(REMOTE_ADDR=PROBE)
    for username in ("alice", "bob", council.worker.username, "carol"):
        assert GENERIC_FAILURE in attempt(probe, username, "not-the-password").content.decode()
    refused = attempt(probe, council.colleague.username, TEST_PASSWORD)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "too many failed attempts to sign in from your network" in page
    assert f"Wait {settings.HEARTH_SIGNIN_PAUSE_MINUTES} minutes" in page
    assert normalised(refused, council.colleague.username) == normalised(
        attempt(probe, "no-such-person", TEST_PASSWORD), "no-such-person"
    )
    # Elsewhere, the same person signs in.
    assert (
        attempt(Client(REMOTE_ADDR=ELSEWHERE), council.colleague.username, TEST_PASSWORD).status_code == 302
    )


def test_a_paused_name_signs_in_again_once_its_failures_are_older_than_the_pause(council: Any) -> None:
    probe = Client(REMOTE_ADDR=PROBE)
    pause(probe, council.worker.username)
    assert attempt(probe, council.worker.username, TEST_PASSWORD).status_code == 200
    long_ago = timezone.now() - timedelta(minutes=settings.HEARTH_SIGNIN_PAUSE_MINUTES + 1)  # noqa: TID251
    SignInFailure.objects.update(at=long_ago)
    assert attempt(probe, council.worker.username, TEST_PASSWORD).status_code == 302
    # Signing in forgets that name's failures from that address; the old ones went as new ones came.
    assert not SignInFailure.objects.filter(username=council.worker.username).exists()


def test_signing_in_clears_a_few_mistakes(council: Any) -> None:
    client = Client(REMOTE_ADDR=PROBE)
    for _ in range(settings.HEARTH_SIGNIN_FAILURES_PER_NAME - 1):
        attempt(client, council.worker.username, "a-typing-slip")
    assert attempt(client, council.worker.username, TEST_PASSWORD).status_code == 302
    client.post(reverse("core:logout"))
    attempt(client, council.worker.username, "another-slip")
    assert attempt(client, council.worker.username, TEST_PASSWORD).status_code == 302


def test_the_loopback_address_is_exempt_only_in_the_demo_and_test_settings(council: Any) -> None:
    from config.settings import base

    assert base.HEARTH_SIGNIN_EXEMPT_NETWORKS == []
    assert settings_in_a_process(
        "config.settings.local",
        ["HEARTH_SIGNIN_EXEMPT_NETWORKS", "HEARTH_SECOND_FACTOR_ROLES", "HEARTH_COUNCIL_NETWORKS"],
    ) == ["['127.0.0.0/8', '::1/128']", "[]", "['127.0.0.0/8', '::1/128']"]  # `make demo` signs in simply
    loopback = Client()  # 127.0.0.1: the browser journeys and load tests
    for _ in range(settings.HEARTH_SIGNIN_FAILURES_PER_NAME + 2):
        attempt(loopback, council.worker.username, "not-the-password")
    assert attempt(loopback, council.worker.username, TEST_PASSWORD).status_code == 302
    with override_settings(HEARTH_SIGNIN_EXEMPT_NETWORKS=[]):
        loopback = Client()
        pause(loopback, council.manager.username)
        assert attempt(loopback, council.manager.username, TEST_PASSWORD).status_code == 200


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(rf: Any) -> None:
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    assert client_address(request) == "127.0.0.1"
    with override_settings(HEARTH_PROXY_COUNT=1):
        assert client_address(request) == "203.0.113.7"  # not the forgeable entry before it
    with override_settings(HEARTH_PROXY_COUNT=1):
        assert client_address(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="junk")) == "0.0.0.0"  # noqa: S104


@override_settings(HEARTH_SESSIONS_PER_PERSON=2)
def test_a_person_holds_at_most_the_set_number_of_sessions_and_the_oldest_ends(council: Any) -> None:
    browsers = [Client(), Client(), Client()]
    for browser in browsers:
        assert attempt(browser, council.worker.username, TEST_PASSWORD).status_code == 302
    my_work = reverse("worklists:my_work")
    assert browsers[0].get(my_work).status_code == 302  # the oldest was ended by the third sign-in
    assert browsers[1].get(my_work).status_code == 200
    assert browsers[2].get(my_work).status_code == 200
    assert SignedInSession.objects.filter(user=council.worker).count() == 2
    # Someone else's sessions are not touched.
    other = Client()
    attempt(other, council.manager.username, TEST_PASSWORD)
    assert browsers[2].get(my_work).status_code == 200 and other.get(my_work).status_code == 200
    browsers[2].post(reverse("core:logout"))
    assert SignedInSession.objects.filter(user=council.worker).count() == 1
    assert Session.objects.count() >= 2


def settings_in_a_process(module: str, names: list[str], **env: str) -> list[str]:
    """Each setting's repr as the settings module sets it, loaded in a fresh process with this environment."""
    with tempfile.TemporaryDirectory(prefix="hearth-settings-") as var:
        result = subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-c",
                "import django; django.setup(); from django.conf import settings; "
                f"print('\\n'.join(repr(getattr(settings, n)) for n in {names!r}))",
            ],
            env={
                "PATH": "/usr/bin:/bin",
                "PYTHONPATH": str(settings.BASE_DIR),
                "DJANGO_SETTINGS_MODULE": module,
                "HEARTH_SECRET_KEY": "s" * 50,
                "HEARTH_VAR_DIR": var,
                **env,
            },
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
            check=True,
        )
    return result.stdout.splitlines()


def test_the_session_timeout_and_the_sessions_a_person_may_hold_are_settings() -> None:
    assert settings_in_a_process(
        "config.settings.production",
        ["SESSION_COOKIE_AGE", "HEARTH_SESSIONS_PER_PERSON"],
        HEARTH_SESSION_MINUTES="20",
        HEARTH_SESSIONS_PER_PERSON="1",
    ) == ["1200", "1"]


def test_production_sets_hsts_and_the_headers_a_security_scan_expects(council: Any) -> None:
    values = settings_in_a_process(
        "config.settings.production",
        [
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "X_FRAME_OPTIONS",
            "SECURE_CROSS_ORIGIN_OPENER_POLICY",
            "SECURE_CONTENT_TYPE_NOSNIFF",
            "HEARTH_SIGNIN_EXEMPT_NETWORKS",
            "HEARTH_SECOND_FACTOR_ROLES",
        ],
    )
    assert values == ["31536000", "True", "'DENY'", "'same-origin'", "True", "[]", "['all']"]
    assert settings_in_a_process(
        "config.settings.production", ["SECURE_HSTS_SECONDS"], HEARTH_HSTS_SECONDS="600"
    ) == ["600"]
    # The responses, with production's HSTS, on https.
    with override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True):
        response = Client().get(reverse("core:login"), secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_a_network_that_is_not_one_is_refused_at_start_up() -> None:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(settings.BASE_DIR),
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "HEARTH_SECRET_KEY": "s" * 50,
            "HEARTH_COUNCIL_NETWORKS": "10.0.0.0/8,town-hall",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert (
        "HEARTH_COUNCIL_NETWORKS must list networks such as 10.0.0.0/8,192.168.1.0/24: 'town-hall' is not one."
        in result.stderr
    )


@override_settings(
    HEARTH_SIGNIN_FAILURES_PER_NAME_EVERYWHERE=6,
    HEARTH_COUNCIL_NETWORKS=["192.0.2.0/24"],
    HEARTH_SECOND_FACTOR_ROLES=[],
)
def test_a_name_guessed_from_many_addresses_is_paused_outside_the_councils_networks_only(
    council: Any,
) -> None:
    for n in range(
        6
    ):  # one guess from each of six addresses: no address or name-from-address limit is reached
        assert (
            GENERIC_FAILURE
            in attempt(
                Client(REMOTE_ADDR=f"203.0.113.{n + 50}"), council.worker.username, "guess"
            ).content.decode()
        )
    from_outside = attempt(Client(REMOTE_ADDR=ELSEWHERE), council.worker.username, TEST_PASSWORD)
    assert from_outside.status_code == 200 and GENERIC_FAILURE in from_outside.content.decode()
    # At the office, the person signs in.
    assert (
        attempt(Client(REMOTE_ADDR="192.0.2.15"), council.worker.username, TEST_PASSWORD).status_code == 302
    )
