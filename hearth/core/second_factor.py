"""A second factor for signing in (ADR 39): an authenticator app's codes (django-otp's TOTP device), recovery codes
(django-otp's static device, each code usable once) and optional passkeys (WebAuthn, checked by py_webauthn).

Who must use one: the roles in HEARTH_SECOND_FACTOR_ROLES ("all" for everyone) wherever they are, and anyone signing
in from outside HEARTH_COUNCIL_NETWORKS. Someone who has set one up is asked for it every time. Between the password
and the second step the session holds only who is part-way through (`pending`), never a signed-in user.
"""

from __future__ import annotations

import json
import logging
import time
from base64 import b32encode
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.core.auth import address_within
from hearth.core.models import Passkey

if TYPE_CHECKING:
    from hearth.organisation.models import StaffUser

log = logging.getLogger("hearth.signin")

PENDING = "hearth_second_factor"
ENROLLING = "hearth_totp_enrolling"
CHALLENGE = "hearth_passkey_challenge"

WRONG_CODE = (
    "Enter the 6-digit code your authenticator app shows now, or one of your recovery codes: "
    "the code entered is not right, or it has been used already"
)
NO_CODE = "Enter the 6-digit code your authenticator app shows, or one of your recovery codes"


class SecondFactorProblem(ValueError):
    """A code or passkey that was not accepted: the message says what to do, and nothing was changed."""


def required(user: StaffUser, address: str) -> bool:
    roles = settings.HEARTH_SECOND_FACTOR_ROLES
    if "all" in roles or user.role in roles:
        return True
    return not address_within(address, settings.HEARTH_COUNCIL_NETWORKS)


def app_of(user: StaffUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_of(user: StaffUser) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def passkeys_of(user: StaffUser) -> list[Passkey]:
    return list(Passkey.objects.filter(user=user).order_by("created_at"))


def enrolled(user: StaffUser) -> bool:
    return app_of(user) is not None or Passkey.objects.filter(user=user).exists()


# The step between the password and the second factor.


@dataclass(frozen=True)
class Pending:
    user_id: int
    next: str
    enrol: bool


def pending_begin(request: HttpRequest, user: StaffUser, next_url: str) -> Pending:
    """After the right password: the session (a new key) holds who is part-way through, for a few minutes."""
    request.session.cycle_key()
    must_enrol = not enrolled(user)
    request.session[PENDING] = {"user": user.pk, "at": time.time(), "next": next_url, "enrol": must_enrol}
    return Pending(user.pk, next_url, must_enrol)


def pending_of(request: HttpRequest) -> tuple[Pending, StaffUser] | None:
    from django.contrib.auth import get_user_model

    held = request.session.get(PENDING)
    if not isinstance(held, dict):
        return None
    if time.time() - float(held.get("at", 0)) > settings.HEARTH_SECOND_FACTOR_MINUTES * 60:
        request.session.pop(PENDING, None)
        return None
    user = get_user_model().objects.filter(pk=int(held.get("user") or 0), is_active=True).first()
    if user is None:
        return None
    return Pending(int(held["user"]), str(held.get("next", "/")), bool(held.get("enrol"))), user


def pending_end(request: HttpRequest) -> None:
    for key in (PENDING, ENROLLING, CHALLENGE):
        request.session.pop(key, None)


# Codes.


def _wait_asked(device: TOTPDevice | StaticDevice) -> None:
    """django-otp asks a wait after a wrong code (1, 2, 4 ... seconds): say so, rather than call a right code wrong."""
    allowed, why = device.verify_is_allowed()
    if not allowed and why and why.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        raise SecondFactorProblem(
            "Wait a few seconds after a wrong code, then enter the code your authenticator app shows now"
        )


def code_verify(user: StaffUser, code: str) -> str:
    """Check a code from the app or a recovery code; the kind that was accepted ("app" or "recovery"). A wrong or
    used code raises SecondFactorProblem (django-otp refuses a time step already used and slows repeated tries)."""
    code = "".join(code.split()).lower()
    if not code:
        raise SecondFactorProblem(NO_CODE)
    app = app_of(user)
    if app is not None and code.isdigit() and len(code) == app.digits:
        _wait_asked(app)
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=app.pk)
            if device.verify_token(code):
                return "app"
        raise SecondFactorProblem(WRONG_CODE)
    recovery = recovery_of(user)
    if recovery is not None:
        _wait_asked(recovery)
        with transaction.atomic():
            device = StaticDevice.objects.select_for_update().get(pk=recovery.pk)
            if device.verify_token(code):
                return "recovery"
    raise SecondFactorProblem(WRONG_CODE)


def app_enrolling(request: HttpRequest, user: StaffUser) -> TOTPDevice:
    """The authenticator app being set up in this session: a new key, kept unconfirmed until a code from it is
    entered (an app already set up goes on working until then)."""
    held = request.session.get(ENROLLING)
    device = TOTPDevice.objects.filter(pk=held, user=user, confirmed=False).first() if held else None
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()  # one being set up at a time
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        request.session[ENROLLING] = device.pk
    return device


def app_secret(device: TOTPDevice) -> str:
    """The key as the app's manual entry asks for it: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def app_qr(device: TOTPDevice) -> str:
    """The otpauth URL as a QR code, an SVG data URL (the Content-Security-Policy allows data: images)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2))


def app_confirm(request: HttpRequest, user: StaffUser, code: str) -> list[str]:
    """The code from the app being set up is right: it becomes the person's app (replacing any other), and a new set
    of recovery codes is made, returned once to be shown. A wrong code raises SecondFactorProblem, nothing changed."""
    device = app_enrolling(request, user)
    code = "".join(code.split())
    if not code:
        raise SecondFactorProblem("Enter the 6-digit code your authenticator app shows for Hearth")
    _wait_asked(device)
    if not code.isdigit() or not device.verify_token(code):
        raise SecondFactorProblem(
            "Enter the 6-digit code your authenticator app shows now for Hearth: the code entered is not right"
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_renew(user)
    request.session.pop(ENROLLING, None)
    log.info("Authenticator app set up: staff %s", user.pk)
    return codes


def recovery_codes_renew(user: StaffUser) -> list[str]:
    """A new set of recovery codes, replacing the old: each works once. Returned to be shown once; kept as they are
    by django-otp's static device (a code is deleted when used)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.HEARTH_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user: StaffUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_reset(user: StaffUser) -> None:
    """Everything a person set up goes (a lost phone and lost recovery codes): they set up again at next sign-in."""
    log.warning("Second factor reset: staff %s", user.pk)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    Passkey.objects.filter(user=user).delete()


# Passkeys (WebAuthn).


def _relying_party(request: HttpRequest) -> tuple[str, str]:
    """(the relying party's id, the origin a browser will report): the host the page was asked for, unless set."""
    host = request.get_host()
    rp_id = settings.HEARTH_PASSKEY_RP_ID or host.rsplit(":", 1)[0]
    scheme = "https" if request.is_secure() else "http"
    return rp_id, f"{scheme}://{host}"


def passkey_register_options(request: HttpRequest, user: StaffUser) -> str:
    from webauthn import generate_registration_options, options_to_json
    from webauthn.helpers.structs import (
        AuthenticatorSelectionCriteria,
        PublicKeyCredentialDescriptor,
        ResidentKeyRequirement,
        UserVerificationRequirement,
    )

    rp_id, _ = _relying_party(request)
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=f"{settings.HEARTH_COUNCIL_NAME} Hearth",
        user_name=user.get_username(),
        user_id=str(user.pk).encode(),
        user_display_name=user.full_name or user.get_username(),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=bytes(p.credential_id)) for p in passkeys_of(user)
        ],
    )
    request.session[CHALLENGE] = b32encode(options.challenge).decode()
    return options_to_json(options)


def _challenge(request: HttpRequest) -> bytes:
    from base64 import b32decode

    held = request.session.pop(CHALLENGE, None)
    if not held:
        raise SecondFactorProblem("The passkey request has expired: try again")
    return b32decode(held)


def passkey_register(request: HttpRequest, user: StaffUser, credential: str, name: str) -> Passkey:
    from webauthn import verify_registration_response

    name = name.strip()[:60] or "Passkey"
    rp_id, origin = _relying_party(request)
    try:
        verified = verify_registration_response(
            credential=json.loads(credential),
            expected_challenge=_challenge(request),
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except SecondFactorProblem:
        raise
    except Exception as error:
        raise SecondFactorProblem(f"The passkey could not be added: {error}") from error
    log.info("Passkey added: staff %s", user.pk)
    return Passkey.objects.create(
        user=user,
        name=name,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        created_at=timezone.now(),  # noqa: TID251 - when it was added, on the real clock
    )


def passkey_sign_in_options(request: HttpRequest, user: StaffUser) -> str:
    from webauthn import generate_authentication_options, options_to_json
    from webauthn.helpers.structs import PublicKeyCredentialDescriptor, UserVerificationRequirement

    rp_id, _ = _relying_party(request)
    options = generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=[
            PublicKeyCredentialDescriptor(id=bytes(p.credential_id)) for p in passkeys_of(user)
        ],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    request.session[CHALLENGE] = b32encode(options.challenge).decode()
    return options_to_json(options)


def passkey_verify(request: HttpRequest, user: StaffUser, credential: str) -> Passkey:
    from webauthn import base64url_to_bytes, verify_authentication_response

    problem = SecondFactorProblem("That passkey was not accepted: try again, or enter a code instead")
    try:
        data: dict[str, Any] = json.loads(credential)
        raw_id = base64url_to_bytes(str(data.get("rawId", "")))
    except (ValueError, TypeError) as error:
        raise problem from error
    passkey = next((p for p in passkeys_of(user) if bytes(p.credential_id) == raw_id), None)
    challenge = _challenge(request)
    if passkey is None:
        raise problem
    rp_id, origin = _relying_party(request)
    try:
        verified = verify_authentication_response(
            credential=data,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except Exception as error:
        raise problem from error
    Passkey.objects.filter(pk=passkey.pk).update(
        sign_count=verified.new_sign_count,
        last_used_at=timezone.now(),  # noqa: TID251 - real clock
    )
    return passkey
