"""The request type of every signed-in page (LoginRequiredEverywhereMiddleware guarantees the user)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from hearth.organisation.models import StaffUser


class AuthenticatedRequest(HttpRequest):
    user: StaffUser
