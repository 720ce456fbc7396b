"""Signing in with a password that gives nothing away (ADR 38), throttled per address and per name.

A wrong password, a name no one has and a name paused after repeated failures get the same answer, and the same work:
the password hasher runs in every case (for an unknown name, on a dummy hash, as Django's ModelBackend does), and the
failure is recorded in every case. No account is locked: repeated failures pause that name *from that address* for
HEARTH_SIGNIN_PAUSE_MINUTES, so a probe from elsewhere cannot shut the real person out, and an address with
HEARTH_SIGNIN_FAILURES_PER_ADDRESS failures is paused whatever names it tries (its answer names no account). A name
with HEARTH_SIGNIN_FAILURES_PER_NAME_EVERYWHERE failures from all addresses together is paused from outside the
council's networks only, which bounds a distributed guess without letting it stop anyone at the office.
"""

from __future__ import annotations

import ipaddress
import logging
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from hearth.core.models import SignedInSession, SignInFailure
from hearth.core.rows import by_pk

log = logging.getLogger("hearth.signin")

GENERIC_FAILURE = (
    "Enter a correct username and password. After several wrong tries, signing in with that username is paused "
    "for a while: wait, or ask an administrator."
)


def address_paused_message() -> str:
    return (
        "There have been too many failed attempts to sign in from your network. "
        f"Wait {settings.HEARTH_SIGNIN_PAUSE_MINUTES} minutes, then try again."
    )


class StaffBackend(ModelBackend):
    """Django's model backend, reading the signed-in user on each request by one fixed statement
    (hearth.core.rows) rather than a query built per request."""

    def get_user(self, user_id: object):  # type: ignore[no-untyped-def]
        user = by_pk(get_user_model(), user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def client_address(request: HttpRequest) -> str:
    """The address a request came from: REMOTE_ADDR, or behind HEARTH_PROXY_COUNT reverse proxies the entry of
    X-Forwarded-For that the outermost proxy added (entries further left are the client's to forge)."""
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - an address, not a bind
    proxies = settings.HEARTH_PROXY_COUNT
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return "0.0.0.0"  # noqa: S104


@cache
def _networks(cidrs: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)


def address_within(address: str, cidrs: list[str]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in _networks(tuple(cidrs)))


def _paused(address: str, username: str) -> tuple[bool, bool]:
    """(the address is paused, the name is paused from this address)."""
    if address_within(address, settings.HEARTH_SIGNIN_EXEMPT_NETWORKS):
        return False, False
    since = timezone.now() - timedelta(minutes=settings.HEARTH_SIGNIN_PAUSE_MINUTES)  # noqa: TID251 - real clock
    recent = SignInFailure.objects.filter(at__gt=since)
    address_paused = recent.filter(address=address).count() >= settings.HEARTH_SIGNIN_FAILURES_PER_ADDRESS
    by_name = recent.filter(username=username)
    name_paused = by_name.filter(address=address).count() >= settings.HEARTH_SIGNIN_FAILURES_PER_NAME
    # Asked whether or not it can apply, so every attempt does the same work.
    everywhere = by_name.count() >= settings.HEARTH_SIGNIN_FAILURES_PER_NAME_EVERYWHERE
    if everywhere and not address_within(address, settings.HEARTH_COUNCIL_NETWORKS):
        name_paused = True
    return address_paused, name_paused


def _failure_record(address: str, username: str) -> None:
    now = timezone.now()  # noqa: TID251 - throttling runs on the real clock, like Django's sessions
    SignInFailure.objects.filter(
        at__lt=now - timedelta(minutes=settings.HEARTH_SIGNIN_PAUSE_MINUTES)
    ).delete()
    SignInFailure.objects.create(at=now, address=address, username=username[:60])


def login_attempt(*, request: HttpRequest, username: str, password: str):  # type: ignore[no-untyped-def]
    """The user if the password is right and neither the address nor the name from it is paused; otherwise a
    ValidationError: the address's own message when the address is paused, else one generic answer."""
    address = client_address(request)
    address_paused, name_paused = _paused(address, username)
    if address_paused:
        log.warning("Sign-in refused: address %s paused after repeated failures", address)
        # Said of the address alone, whatever the name: it tells nothing about accounts, and the hasher is spared.
        raise ValidationError(address_paused_message())
    # The hasher runs whether the name exists or not (ModelBackend hashes a dummy for an unknown name) and whether or
    # not the name is paused, so each answer takes the same time.
    user = authenticate(request, username=username, password=password)
    if user is None or name_paused:
        _failure_record(address, username)
        log.info(
            "Sign-in failed from %s%s", address, " (name paused from this address)" if name_paused else ""
        )
        raise ValidationError(GENERIC_FAILURE)
    SignInFailure.objects.filter(address=address, username=username).delete()
    return user


def sessions_limit(user_id: int, session_key: str) -> None:
    """Record the session just begun as this person's, and end their oldest beyond HEARTH_SESSIONS_PER_PERSON (and
    forget those that have ended on their own)."""
    now = timezone.now()  # noqa: TID251 - sessions run on the real clock
    SignedInSession.objects.update_or_create(
        session_key=session_key, defaults={"user_id": user_id, "signed_in_at": now}
    )
    held = list(
        SignedInSession.objects.filter(user_id=user_id)
        .order_by("-signed_in_at")
        .values_list("session_key", flat=True)
    )
    live = set(
        Session.objects.filter(session_key__in=held, expire_date__gt=now).values_list(
            "session_key", flat=True
        )
    )
    live.add(session_key)
    keep = [key for key in held if key in live][: max(1, settings.HEARTH_SESSIONS_PER_PERSON)]
    ended = [key for key in held if key not in keep]
    if ended:
        Session.objects.filter(session_key__in=ended).delete()
        SignedInSession.objects.filter(session_key__in=ended).delete()


def session_forget(session_key: str | None) -> None:
    if session_key:
        SignedInSession.objects.filter(session_key=session_key).delete()
