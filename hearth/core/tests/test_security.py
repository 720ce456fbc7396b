"""Security basics: Argon2, session timeout, CSRF, CSP, secure cookies, no secret defaults."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hearth.organisation.tests.factories import TEST_PASSWORD


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_passwords_are_hashed_with_argon2(council: Any) -> None:
    assert council.worker.password.startswith("argon2")


def test_signing_in_and_out(council: Any) -> None:
    client = Client()
    response = sign_in(client, council.worker.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("worklists:my_work")).status_code == 200
    client.post(reverse("core:logout"))
    assert client.get(reverse("worklists:my_work")).status_code == 302


def test_an_unknown_username_gets_the_same_message(db: None) -> None:
    page = sign_in(Client(), "nobody", "whatever-it-is").content.decode()
    assert "Enter a correct username and password." in page


def test_csrf_is_enforced(council: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, council.worker.username, TEST_PASSWORD).status_code == 403


def test_strict_content_security_policy_and_headers(council: Any) -> None:
    response = Client().get(reverse("core:login"))
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    )
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_sessions_time_out_and_cookies_are_secure_by_default() -> None:
    from config.settings import base

    assert base.SESSION_COOKIE_AGE <= 60 * 60
    assert "hearth.core.middleware.SlidingSessionMiddleware" in base.MIDDLEWARE
    assert base.SESSION_COOKIE_SECURE and base.CSRF_COOKIE_SECURE and base.SESSION_COOKIE_HTTPONLY
    assert base.DEBUG is False


def test_production_settings_refuse_to_start_without_a_secret(tmp_path: Any) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0 and "HEARTH_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("path", ["/my-work/", "/people/search/", "/my-team/"])
def test_every_page_needs_sign_in(db: None, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_a_session_in_use_slides_and_an_idle_one_ends(council: Any) -> None:
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = Client()
    sign_in(client, council.worker.username, TEST_PASSWORD)
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=5))  # noqa: TID251 - Django's sessions run on the real clock
    data = session.get_decoded()
    data["refreshed_at"] = 0  # last refreshed long ago
    Session.objects.filter(pk=session.pk).update(session_data=Session.objects.encode(data))
    assert client.get(reverse("worklists:my_work")).status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=25)  # slid forward  # noqa: TID251
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # idle past the timeout  # noqa: TID251
    assert client.get(reverse("worklists:my_work")).status_code == 302


def test_a_member_of_staff_made_inactive_is_signed_out_at_their_next_page(council: Any) -> None:
    client = Client()
    sign_in(client, council.worker.username, TEST_PASSWORD)
    assert client.get(reverse("worklists:my_work")).status_code == 200
    type(council.worker).objects.filter(pk=council.worker.pk).update(is_active=False)
    assert client.get(reverse("worklists:my_work")).status_code == 302
