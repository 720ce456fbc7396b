"""Security headers and login-required-by-default."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

PUBLIC_PREFIXES = ("/login/", "/static/", "/health/")


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy: scripts, styles and fonts from this site only, no inline code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.HEARTH_CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Cache-Control", "no-store" if not request.path.startswith("/static/") else ""
        )
        return response


class LoginRequiredEverywhereMiddleware:
    """Every page needs a signed-in person except the login page and static files."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
