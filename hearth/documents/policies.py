"""Who may do what with documents (ADR 16). Opening a document is need-to-know twice over: the child's record first
(a document never widens it), then, for a restricted document, the people it names and who added it."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from hearth.core.policy import Action, Subject, declare, subject_register
from hearth.documents.models import Document, DocumentGrant, DocumentStatus
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import CASEWORK_ROLES, MANAGER_ROLES, Role
from hearth.people.access import may_open, visible_people
from hearth.people.policies import CHILD

DOCUMENT = "document"


def named_in(user: StaffUser, document: Document) -> bool:
    """A restricted document is for those it names and who added it; any other document for all who open the child."""
    return (
        not document.restricted
        or document.added_by_id == user.pk
        or DocumentGrant.objects.filter(document=document, user=user).exists()
    )


def mark_openable(user: StaffUser, documents: list[Document]) -> None:
    """Set `openable` on each of a list's documents: named_in asked of them all in one query."""
    restricted = [d.pk for d in documents if d.restricted and d.added_by_id != user.pk]
    granted = set(
        DocumentGrant.objects.filter(document_id__in=restricted, user=user).values_list(
            "document_id", flat=True
        )
        if restricted
        else ()
    )
    for document in documents:
        document.openable = (  # type: ignore[attr-defined]
            not document.restricted or document.added_by_id == user.pk or document.pk in granted
        )


def may_read_document(user: StaffUser, document: Document | None) -> bool:
    return (
        document is not None
        and document.status == DocumentStatus.AVAILABLE
        and may_open(user, document.child)
        and named_in(user, document)
    )


def readable_documents(user: StaffUser) -> QuerySet[Document]:
    granted = Exists(DocumentGrant.objects.filter(document=OuterRef("pk"), user=user))
    return Document.objects.filter(
        Q(restricted=False) | Q(added_by=user) | Q(granted),
        status=DocumentStatus.AVAILABLE,
        child__in=visible_people(user),
    )


def _document(kwargs: dict[str, Any]) -> Document | None:
    return (
        Document.objects.select_related("child")
        .filter(pk=kwargs.get("document_pk", 0), child_id=kwargs.get("pk", 0))
        .first()
    )


subject_register(
    Subject(
        name=DOCUMENT,
        may_read=may_read_document,
        readable=readable_documents,
        fetch=_document,
        child_id=lambda document: document.child_id,
    )
)

CHANGERS = frozenset(MANAGER_ROLES | {Role.PERFORMANCE})


def _adder_or_manager(user: StaffUser, document: Document) -> str | None:
    if document.added_by_id == user.pk or user.role in CHANGERS:
        return None
    return "Only the person who added a document, or a manager, may change it or remove it."


ADD = declare(Action("document.add", "add documents to a child's record", CASEWORK_ROLES, subject=CHILD))
OPEN = declare(
    Action(
        "document.open",
        "open documents on a child's record",
        CASEWORK_ROLES,
        subject=DOCUMENT,
        refused="Partner agencies do not open the documents on a child's record: ask the allocated worker.",
    )
)
CHANGE = declare(
    Action(
        "document.change",
        "change a document, restrict it or remove it",
        CASEWORK_ROLES,
        subject=DOCUMENT,
        rule=_adder_or_manager,
        rule_records=lambda user: Q() if user.role in CHANGERS else Q(added_by=user),
    )
)
TYPES = declare(
    Action(
        "document.types",
        "change the council's list of document types (administrators and performance officers do)",
        frozenset({Role.ADMINISTRATOR, Role.PERFORMANCE}),
    )
)
