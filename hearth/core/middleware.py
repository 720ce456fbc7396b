"""Security headers and login-required-by-default."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib.auth.middleware import get_user
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import urlencode

from hearth.core.drafts import keep_post_after_timeout, settle_saved_post
from hearth.core.http import AuthenticatedRequest

PUBLIC_PREFIXES = ("/login/", "/static/", "/health/")
DRAFTS_PREFIX = "/drafts/"


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy: scripts, styles and fonts from this site only, no inline code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.HEARTH_CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.HEARTH_PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault(
            "Cache-Control", "no-store" if not request.path.startswith("/static/") else ""
        )
        return response


class LoginRequiredEverywhereMiddleware:
    """Every page needs a signed-in person except the login page and static files.

    The user read here (once, from the session) is given to the rest of the request as itself, not through
    Django's lazy wrapper: every `user.x` in a view, the policy and a template otherwise costs two more calls,
    hundreds on a record's page (issue 21)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = get_user(request)  # Django's own cached read, which the lazy wrapper would make
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            if request.path.startswith(DRAFTS_PREFIX):
                return HttpResponse(
                    "Sign in again", status=401, content_type="text/plain"
                )  # the page's script says so
            # A form sent after the session ended is kept as a draft, put back once its author signs in again.
            if request.method == "POST" and keep_post_after_timeout(request):
                return redirect(
                    f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.path, 'kept': '1'})}"
                )
            return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        if request.method == "POST" and response.status_code in (302, 303) and request.user.is_authenticated:
            settle_saved_post(cast(AuthenticatedRequest, request))  # saved: the form's draft is done with
        return response


class SlidingSessionMiddleware:
    """Keep a signed-in session alive while it is used, writing it at most once a minute.

    The session ends after HEARTH_SESSION_MINUTES without use (SESSION_COOKIE_AGE); refreshing its expiry on
    every request would cost a database write per page for no real gain in precision.
    """

    REFRESH_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated and not session.is_empty():
            now = int(time.time())
            if now - int(session.get("refreshed_at", 0)) >= self.REFRESH_SECONDS:
                session["refreshed_at"] = now  # marks the session modified, so it is saved with a new expiry
        return response
