"""The letters a record's page offers and those sent from it: `{% letters_panel person "frontdoor.contact" contact %}`."""

from __future__ import annotations

from typing import Any

from django import template

from hearth.core import policy
from hearth.letters.kinds import letter_kinds
from hearth.letters.services import letters_on

register = template.Library()


@register.inclusion_tag("letters/_panel.html", takes_context=True)
def letters_panel(context: dict[str, Any], person: Any, attached_to: str, record: Any) -> dict[str, Any]:
    user = context["request"].user
    if not policy.allowed(user, "child.read_work", person, read=True):
        return {}  # partner agencies see no letters (the record's own page may be theirs)
    may_send = policy.allowed(user, "child.record_work", person, read=True)
    return {
        "person": person,
        "record": record,
        "offered": [kind for kind in letter_kinds(attached_to) if kind.available(record)] if may_send else [],
        "letters": letters_on(attached_to, record.pk),
        "csrf_token": context.get("csrf_token"),
    }
