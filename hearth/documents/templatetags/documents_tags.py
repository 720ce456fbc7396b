"""The documents panel a record's page includes: `{% documents_panel person "frontdoor.contact" contact.pk %}`."""

from __future__ import annotations

from typing import Any

from django import template

from hearth.core import policy
from hearth.documents.policies import mark_openable
from hearth.documents.services import documents_on
from hearth.documents.views import record_documents_url

register = template.Library()


@register.inclusion_tag("documents/_panel.html", takes_context=True)
def documents_panel(context: dict[str, Any], person: Any, attached_to: str, record_id: int) -> dict[str, Any]:
    user = context["request"].user
    if not policy.allowed(user, "child.read_work", person, read=True):
        return {"hidden": True}  # partner agencies open no documents (the record's own page may be theirs)
    found = [d for d in documents_on(person, attached_to, record_id) if d.is_available]
    mark_openable(user, found)
    return {
        "person": person,
        "documents": found,
        "add_url": record_documents_url(person, attached_to, record_id)
        if policy.allowed(user, "document.add", person, read=True)
        else "",
    }
