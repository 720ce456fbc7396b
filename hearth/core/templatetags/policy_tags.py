"""`user|may:"action"` in a template: whether the user's role may take an action on the record the page has already
opened for them (ADR 16), so a link shows only where its page would allow it."""

from __future__ import annotations

from typing import Any

from django import template

from hearth.core import policy

register = template.Library()


@register.filter
def may(user: Any, name: str) -> bool:
    return policy.allowed(user, name, read=True)
