"""Keeping documents: add one or several files to a child's record (or one of its records), add a new version,
restrict a document to named people, remove one uploaded in error, and open a version for download.

Every file is checked before anything is written (files.file_problem): one bad file refuses the whole upload, with a
message naming it. Files are written to storage before their rows, and removed again if the rows are not written,
so there is never a row without its file nor a file without its row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import clock, policy
from hearth.core.audit import audit_change, audit_read, locked_fresh, snapshot
from hearth.core.events import event_record
from hearth.core.models import AccessAction
from hearth.core.validation import past_date_problem
from hearth.documents import files, scanning
from hearth.documents.kinds import attachable
from hearth.documents.models import (
    Document,
    DocumentGrant,
    DocumentStatus,
    DocumentType,
    DocumentVersion,
    RetentionClass,
    ScanStatus,
)
from hearth.organisation.models import StaffUser
from hearth.people.models import Person

MAX_FILES = 20  # at once


@dataclass(frozen=True)
class Upload:
    """One file as it came: its name, its content (read from the start) and its size in bytes."""

    name: str
    content: IO[bytes]
    size: int


def _details_problems(values: dict[str, Any], count: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    kind = values.get("document_type")
    if not isinstance(kind, DocumentType):
        errors["document_type"] = "Choose the type of document."
    elif not kind.active:
        errors["document_type"] = f"{kind.name} is no longer used: choose another type."
    if problem := past_date_problem(values.get("document_date"), "the document's date"):
        errors["document_date"] = problem
    if len((values.get("title") or "").strip()) > 200:
        errors["title"] = "The title must be 200 characters or fewer."
    if count == 0:
        errors["upload"] = "Choose a file to add."
    elif count > MAX_FILES:
        errors["upload"] = f"Add at most {MAX_FILES} files at once."
    return errors


def _grantees(values: dict[str, Any], child: Person) -> list[StaffUser]:
    """The people a restricted document names: each must be able to open the child (a restriction never widens)."""
    from hearth.people.access import may_open

    people: Sequence[StaffUser] = values.get("named") or []
    refused = [person.full_name for person in people if not may_open(person, child)]
    if refused:
        raise ValidationError(
            {
                "named": f"{', '.join(refused)} cannot open {child.full_name}'s record, so cannot be named: "
                "a restriction only narrows who may open a document."
            }
        )
    return list(people)


def documents_add(
    *,
    child: Person,
    uploads: Sequence[Upload],
    values: dict[str, Any],
    by: StaffUser,
    attached_to: str = "",
    record_id: int | None = None,
) -> list[Document]:
    """Add each file as a document of the chosen type and date, about this child (and attached to one of their
    records). `values`: document_type (a DocumentType), document_date, title (each file's name when blank),
    description, author, restricted, named (the people a restricted document is for)."""
    policy.require(by, "document.add", child)
    errors = _details_problems(values, len(uploads))
    if attached_to:
        kind = attachable(attached_to)
        if kind is None or record_id is None or kind.record(child.pk, record_id) is None:
            errors["attached_to"] = "The record to attach the document to is not one of this child's."
    elif record_id is not None:
        errors["attached_to"] = "Say which kind of record the document is attached to."
    checked: list[files.Checked] = []
    problems: list[str] = []
    for upload in uploads:
        result = files.file_problem(upload.name, upload.content, upload.size)
        if isinstance(result, str):
            problems.append(result)
        else:
            checked.append(result)
    if problems:
        errors["upload"] = " ".join(problems)
    if errors:
        raise ValidationError(errors)
    restricted = bool(values.get("restricted"))
    named = _grantees(values, child) if restricted else []
    stored: list[tuple[str, str]] = []
    try:
        for upload in uploads:
            stored.append(files.store(upload.content))
        with transaction.atomic():
            return [
                _document_write(
                    child=child,
                    checked=result,
                    stored=where,
                    values=values,
                    by=by,
                    attached_to=attached_to,
                    record_id=record_id,
                    restricted=restricted,
                    named=named,
                    several=len(uploads) > 1,
                )
                for result, where in zip(checked, stored, strict=True)
            ]
    except BaseException:
        for name, _ in stored:
            files.discard(name)
        raise


def _title(values: dict[str, Any], checked: files.Checked, several: bool) -> str:
    title = (values.get("title") or "").strip()
    stem = checked.name.rsplit(".", 1)[0]
    if not title:
        return stem[:200]
    return f"{title}: {stem}"[:200] if several else title


def _document_write(
    *,
    child: Person,
    checked: files.Checked,
    stored: tuple[str, str],
    values: dict[str, Any],
    by: StaffUser,
    attached_to: str,
    record_id: int | None,
    restricted: bool,
    named: list[StaffUser],
    several: bool,
) -> Document:
    now = clock.now()
    document = Document.objects.create(
        child=child,
        attached_to=attached_to,
        record_id=record_id if attached_to else None,
        document_type=values["document_type"],
        title=_title(values, checked, several),
        description=(values.get("description") or "").strip(),
        document_date=values["document_date"],
        author=(values.get("author") or "").strip()[:120],
        added_by=by,
        added_at=now,
        restricted=restricted,
    )
    DocumentGrant.objects.bulk_create([DocumentGrant(document=document, user=user) for user in named])
    version = _version_write(document, checked, stored, by)
    audit_change(user=by, instance=document, action="create", before=None, child_id=child.pk)
    audit_change(user=by, instance=version, action="create", before=None, child_id=child.pk)
    event_record(
        child_id=child.pk,
        type="document.added",
        occurred_on=clock.today(),
        recorded_by=by,
        record=document,
        payload={"type": document.document_type.name},
    )
    return document


def _version_write(
    document: Document, checked: files.Checked, stored: tuple[str, str], by: StaffUser
) -> DocumentVersion:
    latest = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = DocumentVersion.objects.create(
        document=document,
        number=latest + 1,
        file=stored[0],
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=stored[1],
        uploaded_by=by,
        uploaded_at=clock.now(),
        scan=ScanStatus.PENDING if scanning.scanning_on() else ScanStatus.NOT_SCANNED,
    )
    if version.scan == ScanStatus.PENDING:
        scanning.scan_queue(version)
    return version


def version_add(*, document: Document, upload: Upload, by: StaffUser) -> DocumentVersion:
    """A new file for a document (a corrected report): the old versions stay, the new one is current."""
    policy.require(by, "document.change", document)
    if not document.is_available:
        raise ValidationError({"upload": "This document was removed as uploaded in error."})
    result = files.file_problem(upload.name, upload.content, upload.size)
    if isinstance(result, str):
        raise ValidationError({"upload": result})
    stored = files.store(upload.content)
    try:
        with transaction.atomic():
            locked = locked_fresh(document)
            if not locked.is_available:
                raise ValidationError({"upload": "This document was removed as uploaded in error."})
            version = _version_write(locked, result, stored, by)
            audit_change(user=by, instance=version, action="create", before=None, child_id=locked.child_id)
            return version
    except BaseException:
        files.discard(stored[0])
        raise


def document_remove(*, document: Document, reason: str, by: StaffUser) -> Document:
    """Remove a document uploaded in error (the wrong child, the wrong file): gone from view, kept with the reason,
    who and when; never silently."""
    policy.require(by, "document.change", document)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(
            {"reason": "Say why the document was uploaded in error (at least 10 characters)."}
        )
    with transaction.atomic():
        locked = locked_fresh(document)
        if not locked.is_available:
            raise ValidationError({"reason": "This document has already been removed."})
        before = snapshot(locked)
        locked.status = DocumentStatus.IN_ERROR
        locked.removed_reason = reason
        locked.removed_by = by
        locked.removed_at = clock.now()
        locked.save(update_fields=["status", "removed_reason", "removed_by", "removed_at"])
        audit_change(user=by, instance=locked, action="update", before=before, child_id=locked.child_id)
        event_record(
            child_id=locked.child_id,
            type="document.removed",
            occurred_on=clock.today(),
            recorded_by=by,
            record=locked,
            payload={"type": locked.document_type.name, "reason": reason},
        )
    return locked


def document_restrict(*, document: Document, named: Sequence[StaffUser], by: StaffUser) -> Document:
    """Limit a document to the people named (and who added it, and who restricts it, who would otherwise lose sight
    of what they restricted); naming no one lifts the restriction."""
    policy.require(by, "document.change", document)
    people = _grantees({"named": named}, document.child) if named else []
    if people and by.pk != document.added_by_id and by not in people:
        people.append(by)
    with transaction.atomic():
        locked = locked_fresh(document)
        before = snapshot(locked)
        locked.restricted = bool(people)
        locked.save(update_fields=["restricted"])
        DocumentGrant.objects.filter(document=locked).delete()
        DocumentGrant.objects.bulk_create([DocumentGrant(document=locked, user=user) for user in people])
        audit_change(user=by, instance=locked, action="update", before=before, child_id=locked.child_id)
    return locked


def version_open(
    *, document: Document, number: int | None, by: StaffUser, path: str = ""
) -> tuple[DocumentVersion, IO[bytes]]:
    """A version's file for download (the latest when `number` is None), logged as a download of the child's record.
    The caller has asked the policy (`document.open`) of this document."""
    policy.require(by, "document.open", document, path=path)
    versions = document.versions.all()
    version = versions.filter(number=number).first() if number else versions.order_by("-number").first()
    if version is None:
        raise ValidationError({"version": "There is no such version of this document."})
    if not version.may_download:
        raise ValidationError(
            {"version": f"This file cannot be opened: {version.get_scan_display().lower()}."}
        )
    handle = files.storage().open(version.file, "rb")
    audit_read(user=by, child_id=document.child_id, action=AccessAction.DOWNLOAD, path=path)
    return version, handle


def document_type_save(
    *, by: StaffUser, name: str, retention: str, active: bool, existing: DocumentType | None = None
) -> DocumentType:
    """Add a type to the council's list, or rename, reclassify or retire one (a type in use is never deleted)."""
    policy.require(by, "document.types")
    name = " ".join((name or "").split())
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter the type's name."
    elif DocumentType.objects.filter(name__iexact=name).exclude(pk=existing.pk if existing else 0).exists():
        errors["name"] = f"There is already a type called {name}."
    if retention not in RetentionClass.values:
        errors["retention"] = "Choose how long documents of this type are kept."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        kind = existing or DocumentType()
        before = snapshot(kind) if existing else None
        kind.name, kind.retention, kind.active = name, retention, active
        kind.save()
        audit_change(
            user=by, instance=kind, action="update" if existing else "create", before=before, child_id=None
        )
    return kind


def documents_on(child: Person, attached_to: str = "", record_id: int | None = None) -> list[Document]:
    """A child's documents still in view (those removed in error are listed apart), newest first, with their
    latest version; of one kind of record when `attached_to` is given, and of one record when `record_id` is too."""
    found = Document.objects.filter(child=child).select_related("document_type", "added_by", "removed_by")
    if attached_to:
        found = found.filter(attached_to=attached_to)
        if record_id is not None:
            found = found.filter(record_id=record_id)
    documents = list(found.order_by("-document_date", "-pk"))
    latest: dict[int, DocumentVersion] = {}
    for version in DocumentVersion.objects.filter(document__in=[d.pk for d in documents]).order_by("number"):
        latest[version.document_id] = version
    for document in documents:
        document.latest = latest.get(document.pk)  # type: ignore[attr-defined]
    return documents
