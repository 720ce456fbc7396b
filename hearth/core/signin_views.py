"""Signing in (ADR 38) and its second step (ADR 39): the password, then a code, a recovery code or a passkey; setting
up an authenticator app (at sign-in when one is required, or from the account page), recovery codes and passkeys."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hearth.core import second_factor
from hearth.core.auth import client_address, login_attempt, sessions_limit
from hearth.core.drafts import remember_who_signed_in
from hearth.core.http import AuthenticatedRequest
from hearth.core.models import Passkey
from hearth.core.policy import anyone, guard
from hearth.core.second_factor import SecondFactorProblem

log = logging.getLogger("hearth.signin")

if TYPE_CHECKING:
    from hearth.organisation.models import StaffUser


class LoginForm(forms.Form):
    username = forms.CharField(label="Username", max_length=60)
    password = forms.CharField(label="Password", widget=forms.PasswordInput)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        required=False,
        help_text="The 6-digit code your authenticator app shows for Hearth, or one of your recovery codes",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


class SetUpForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=12,
        required=False,
        help_text="The 6-digit code the app shows for Hearth once it has the key",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


def _signed_in(request: HttpRequest, user: StaffUser, target: str, how: str) -> HttpResponse:
    """The last step of any way in: Django's login (a new session key), the session counted against the person's
    limit, and on to where they were going."""
    log.info("Signed in: staff %s from %s with %s", user.pk, client_address(request), how)
    second_factor.pending_end(request)
    login(request, user, backend="hearth.core.auth.StaffBackend")
    key = request.session.session_key or ""
    sessions_limit(user.pk, key)
    response = redirect(target or "/")
    remember_who_signed_in(response, user.pk, key)
    return response


@anyone
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = login_attempt(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "/"
            if second_factor.enrolled(user) or second_factor.required(user, client_address(request)):
                pending = second_factor.pending_begin(request, user, target or "/")
                return redirect("core:second_factor_set_up" if pending.enrol else "core:second_factor")
            return _signed_in(request, user, target, "a password")
    return render(request, "core/login.html", {"form": form, "kept": request.GET.get("kept") == "1"})


@anyone
def second_factor_view(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app, a recovery code, or a passkey."""
    found = second_factor.pending_of(request)
    if found is None:
        return redirect("core:login")
    pending, user = found
    if pending.enrol:
        return redirect("core:second_factor_set_up")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            used = second_factor.code_verify(user, form.cleaned_data["code"])
        except SecondFactorProblem as problem:
            form.add_error("code", str(problem))
        else:
            response = _signed_in(request, user, pending.next, f"a password and {used} code")
            if used == "recovery":
                messages.info(
                    request,
                    f"You signed in with a recovery code: {second_factor.recovery_codes_left(user)} left. "
                    "Make new ones from 'How you sign in' if you are running out.",
                )
            return response
    return render(
        request,
        "core/second_factor.html",
        {
            "form": form,
            "has_app": second_factor.app_of(user) is not None,
            "has_passkey": bool(second_factor.passkeys_of(user)),
        },
    )


@anyone
def second_factor_set_up(request: HttpRequest) -> HttpResponse:
    """At sign-in, for someone who must use a second factor and has none yet: set up an authenticator app."""
    found = second_factor.pending_of(request)
    if found is None:
        return redirect("core:login")
    pending, user = found
    if not pending.enrol:
        return redirect("core:second_factor")
    form = SetUpForm(request.POST or None)
    device = second_factor.app_enrolling(request, user)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.app_confirm(request, user, form.cleaned_data["code"])
        except SecondFactorProblem as problem:
            form.add_error("code", str(problem))
        else:
            response = _signed_in(request, user, pending.next, "a password and a new authenticator app")
            return render(request, "core/recovery_codes.html", {"codes": codes, "next": response["Location"]})
    return render(
        request,
        "core/app_set_up.html",
        {
            "form": form,
            "at_sign_in": True,
            "secret": second_factor.app_secret(device),
            "qr": second_factor.app_qr(device),
        },
    )


@anyone
@require_POST
def passkey_sign_in_options(request: HttpRequest) -> HttpResponse:
    found = second_factor.pending_of(request)
    if found is None:
        return HttpResponse('{"error": "Sign in again"}', status=401, content_type="application/json")
    return HttpResponse(
        second_factor.passkey_sign_in_options(request, found[1]), content_type="application/json"
    )


@anyone
@require_POST
def passkey_sign_in(request: HttpRequest) -> HttpResponse:
    found = second_factor.pending_of(request)
    if found is None:
        return redirect("core:login")
    pending, user = found
    try:
        second_factor.passkey_verify(request, user, request.POST.get("credential", ""))
    except SecondFactorProblem as problem:
        form = CodeForm()
        form.add_error(None, str(problem))
        return render(
            request,
            "core/second_factor.html",
            {"form": form, "has_app": second_factor.app_of(user) is not None, "has_passkey": True},
        )
    return _signed_in(request, user, pending.next, "a password and a passkey")


# How a signed-in person signs in: their own page.


def _account(request: AuthenticatedRequest, **extra: object) -> HttpResponse:
    user = request.user
    app = second_factor.app_of(user)
    return render(
        request,
        "core/account_sign_in.html",
        {
            "app": app,
            "codes_left": second_factor.recovery_codes_left(user),
            "passkeys": second_factor.passkeys_of(user),
            "required": second_factor.required(user, client_address(request)),
            **extra,
        },
    )


@guard("signin.own")
def account_sign_in(request: AuthenticatedRequest) -> HttpResponse:
    return _account(request)


@guard("signin.own")
def account_app(request: AuthenticatedRequest) -> HttpResponse:
    """Set up an authenticator app (or a new one, replacing the old once a code from the new one is entered)."""
    form = SetUpForm(request.POST or None)
    device = second_factor.app_enrolling(request, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.app_confirm(request, request.user, form.cleaned_data["code"])
        except SecondFactorProblem as problem:
            form.add_error("code", str(problem))
        else:
            return render(request, "core/recovery_codes.html", {"codes": codes, "next": "/account/sign-in/"})
    return render(
        request,
        "core/app_set_up.html",
        {
            "form": form,
            "at_sign_in": False,
            "secret": second_factor.app_secret(device),
            "qr": second_factor.app_qr(device),
        },
    )


@guard("signin.own")
@require_POST
def account_recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    if second_factor.app_of(request.user) is None and not second_factor.passkeys_of(request.user):
        return _account(
            request, problem="Set up an authenticator app or a passkey before making recovery codes."
        )
    codes = second_factor.recovery_codes_renew(request.user)
    return render(request, "core/recovery_codes.html", {"codes": codes, "next": "/account/sign-in/"})


@guard("signin.own")
@require_POST
def account_passkey_options(request: AuthenticatedRequest) -> HttpResponse:
    return HttpResponse(
        second_factor.passkey_register_options(request, request.user), content_type="application/json"
    )


@guard("signin.own")
@require_POST
def account_passkey_add(request: AuthenticatedRequest) -> HttpResponse:
    try:
        passkey = second_factor.passkey_register(
            request, request.user, request.POST.get("credential", ""), request.POST.get("name", "")
        )
    except SecondFactorProblem as problem:
        return _account(request, problem=str(problem))
    messages.success(request, f"Passkey ‘{passkey.name}’ added. Hearth will offer it when you sign in.")
    return redirect("core:account_sign_in")


@guard("signin.own")
@require_POST
def account_passkey_remove(request: AuthenticatedRequest) -> HttpResponse:
    raw = request.POST.get("passkey", "")
    passkey = Passkey.objects.filter(user=request.user, pk=int(raw) if raw.isdigit() else 0).first()
    if passkey is None:
        return _account(request, problem="Choose a passkey of yours to remove.")
    only = second_factor.app_of(request.user) is None and len(second_factor.passkeys_of(request.user)) == 1
    if only and second_factor.required(request.user, client_address(request)):
        return _account(
            request,
            problem="You must sign in with a second factor: set up an authenticator app before removing your only passkey.",
        )
    passkey.delete()
    messages.success(request, f"Passkey ‘{passkey.name}’ removed.")
    return redirect("core:account_sign_in")
