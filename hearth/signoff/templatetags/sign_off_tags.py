"""The sign-off panel a record's page includes: its state, the worker's request, the manager's link to decide."""

from __future__ import annotations

from typing import Any

from django import template

from hearth.core import clock
from hearth.signoff.kinds import kind_of
from hearth.signoff.selectors import panel
from hearth.signoff.services import sign_off_required

register = template.Library()


@register.inclusion_tag("signoff/_panel.html", takes_context=True)
def sign_off_panel(context: dict[str, Any], kind_key: str, subject: Any, heading: str = "") -> dict[str, Any]:
    user = context["request"].user
    required = sign_off_required(kind_of(kind_key), clock.today())
    return {
        "panel": panel(kind_key, subject, user, required),
        "subject": subject,
        "heading": heading,
        "csrf_token": context.get("csrf_token"),
    }
