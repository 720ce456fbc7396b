"""The supervision section other pages include (the manager's team page)."""

from __future__ import annotations

from typing import Any

from django import template

from hearth.core import clock
from hearth.supervision.selectors import supervision_due_lines

register = template.Library()


@register.inclusion_tag("supervision/_due_section.html", takes_context=True)
def supervision_due_section(context: dict[str, Any]) -> dict[str, Any]:
    """Supervision due and overdue for the workers the signed-in manager supervises."""
    user = context["request"].user
    return {"lines": supervision_due_lines(user, clock.today())}
