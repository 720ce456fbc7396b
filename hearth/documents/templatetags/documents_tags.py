"""The documents panel a record's page includes: `{% documents_panel person "frontdoor.contact" contact.pk %}`; and,
for records listed on a section page rather than a page each (a court order, a health assessment), the documents
of every record of a kind at once: `{% documents_by_record person "care.legal_order" as order_documents %}`, each
row then including `documents/_record_list.html` with docs=order_documents record_id=order.pk."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class RecordDocuments:
    """The documents on each record of one kind, for a section page's rows."""

    person_id: int
    attached_to: str
    hidden: bool = False
    may_add: bool = False
    by_record: dict[int, list[Any]] = field(default_factory=dict)


@register.simple_tag(takes_context=True)
def documents_by_record(context: dict[str, Any], person: Any, attached_to: str) -> RecordDocuments:
    """Two queries, however many records the page lists."""
    user = context["request"].user
    if not policy.allowed(user, "child.read_work", person, read=True):
        return RecordDocuments(person.pk, attached_to, hidden=True)
    found = [d for d in documents_on(person, attached_to) if d.is_available]
    mark_openable(user, found)
    result = RecordDocuments(
        person.pk, attached_to, may_add=policy.allowed(user, "document.add", person, read=True)
    )
    for document in found:
        result.by_record.setdefault(int(document.record_id or 0), []).append(document)
    return result


@register.filter
def of_record(documents: RecordDocuments, record_id: int) -> list[Any]:
    return documents.by_record.get(int(record_id), [])
