"""Signing in, with lockout after repeated failures."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from hearth.core.rows import by_pk

GENERIC_FAILURE = "Enter a correct username and password."


class StaffBackend(ModelBackend):
    """Django's model backend, reading the signed-in user on each request by one fixed statement
    (hearth.core.rows) rather than a query built per request."""

    def get_user(self, user_id: object):  # type: ignore[no-untyped-def]
        user = by_pk(get_user_model(), user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def login_attempt(*, request: HttpRequest, username: str, password: str):  # type: ignore[no-untyped-def]
    """The user if the password is right and the account is not locked; otherwise a ValidationError."""
    user_model = get_user_model()
    account = user_model.objects.filter(username=username).first()
    now = timezone.now()  # noqa: TID251 - lockout runs on the real clock, like Django's sessions
    if account is not None and account.locked_until and account.locked_until > now:
        raise ValidationError(
            "This account is locked after too many failed sign-in attempts. "
            f"Try again after {timezone.localtime(account.locked_until):%H:%M}, or ask an administrator."
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        if account is not None:
            user_model.objects.filter(pk=account.pk).update(failed_login_count=F("failed_login_count") + 1)
            account.refresh_from_db(fields=["failed_login_count"])
            if account.failed_login_count >= settings.HEARTH_LOGIN_ATTEMPTS_BEFORE_LOCKOUT:
                user_model.objects.filter(pk=account.pk).update(
                    locked_until=now + timedelta(minutes=settings.HEARTH_LOCKOUT_MINUTES),
                    failed_login_count=0,
                )
        raise ValidationError(GENERIC_FAILURE)
    user_model.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    return user
