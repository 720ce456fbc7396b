"""Asking for a letter, making it on the task queue, and the council's templates.

`letter_request` checks that the record can make the letter (the record is this child's, the kind is offered on it,
the recipient has an address where one is needed) and queues it: nothing is written when it cannot. The worker
merges the template, makes the PDF, keeps it on the record as a document ("Letter sent"), attached to the record
it came from, and logs the letter as sent on the child's chronology.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import Http404
from jinja2 import TemplateError

from hearth.core import clock, policy
from hearth.core.audit import audit_change
from hearth.core.events import event_record
from hearth.core.tasks import background
from hearth.documents import files
from hearth.documents.kinds import attachable
from hearth.documents.models import DocumentType, DocumentVersion
from hearth.documents.services import Upload, documents_add
from hearth.letters.kinds import (
    LetterKind,
    LetterRefused,
    Recipient,
    common_context,
    letter_kind,
    written_date,
)
from hearth.letters.making import ConverterMissing, current_template, merge, template_problem, to_pdf
from hearth.letters.models import Letter, LetterStatus, LetterTemplate
from hearth.organisation.models import StaffUser
from hearth.people.models import Person

LETTER_TYPE = "Letter sent"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def _record(kind: LetterKind, child: Person, record_id: int) -> Model:
    attach = attachable(kind.attached_to)
    record = attach.record(child.pk, record_id) if attach is not None else None
    if record is None:
        raise ValidationError({"letter": "The record for this letter is not one of this child's."})
    return record


def _answers(kind: LetterKind, given: dict[str, Any]) -> dict[str, str]:
    """What the sender typed for the fields the kind asks for, as the letter writes them; refused naming each field
    left empty, and each date before today."""
    errors: dict[str, str] = {}
    written: dict[str, str] = {}
    for name in kind.asks:
        value = given.get(name)
        what = kind.fields[name]
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[name] = f"Enter {what[0].lower()}{what[1:]}."
        elif name.endswith("_date"):
            if not isinstance(value, date):
                errors[name] = f"Enter {what[0].lower()}{what[1:]} as a date, for example 3/3/2027."
            elif value < clock.today():
                errors[name] = f"{what} must be today or later."
            else:
                written[name] = written_date(value)
        else:
            written[name] = str(value).strip()
    if errors:
        raise ValidationError(errors)
    return written


def letter_sendable(
    *, child: Person, code: str, record_id: int, by: StaffUser
) -> tuple[LetterKind, Model, Recipient]:
    """The letter's kind, its record and to whom it goes, when this letter can be sent from this record now; else
    refused saying what to record first (before the sender types anything for it)."""
    policy.require(by, "child.record_work", child)
    kind = letter_kind(code)
    if kind is None:
        raise ValidationError({"letter": "There is no such letter."})
    record = _record(kind, child, record_id)
    if not kind.available(record):
        raise ValidationError({"letter": f"{kind.title} cannot be sent from this record as it stands."})
    try:
        recipient = kind.recipient(record, child)
        kind.context(record)
    except LetterRefused as refused:
        raise ValidationError({"letter": str(refused)}) from refused
    return kind, record, recipient


def letter_request(
    *, child: Person, code: str, record_id: int, by: StaffUser, answers: dict[str, Any] | None = None
) -> Letter:
    """Queue a letter of this kind from this record of the child's, with what the sender typed for the fields the
    kind asks for."""
    kind, record, recipient = letter_sendable(child=child, code=code, record_id=record_id, by=by)
    typed = _answers(kind, answers or {})
    with transaction.atomic():
        letter = Letter.objects.create(
            child=child,
            kind=code,
            attached_to=kind.attached_to,
            record_id=record_id,
            recipient=recipient.addressed()[:300],
            requested_by=by,
            requested_at=clock.now(),
            answers=typed,
        )
        audit_change(user=by, instance=letter, action="create", before=None, child_id=child.pk)
        letter_make_task.enqueue(letter_pk=letter.pk)
    return letter


PERMANENT = (LetterRefused, ValidationError, Http404, PermissionDenied, ConverterMissing, TemplateError)


@background("Letter", retries=2)
def letter_make_task(letter_pk: int) -> str:
    """Make the letter and keep it: a letter that cannot be made (the record changed, the sender lost sight of the
    child, no converter, a broken template) is marked as such with the reason; anything else is tried again."""
    letter = Letter.objects.select_related("child", "requested_by").get(pk=letter_pk)
    if letter.status != LetterStatus.QUEUED:
        return letter.status
    try:
        kind = letter_kind(letter.kind)
        if kind is None:
            raise LetterRefused(f"There is no longer a letter called {letter.kind}.")
        record = _record(kind, letter.child, letter.record_id)
        recipient = kind.recipient(record, letter.child)
        context = {
            **common_context(letter.child, recipient, letter.requested_by.full_name),
            **kind.context(record),
            **letter.answers,
        }
        template, version = current_template(kind)
        pdf = to_pdf(merge(template, context))
        return _keep(letter, kind, recipient.name, pdf, version)
    except PERMANENT as refused:
        message = " ".join(refused.messages) if isinstance(refused, ValidationError) else str(refused)
        Letter.objects.filter(pk=letter_pk, status=LetterStatus.QUEUED).update(
            status=LetterStatus.FAILED, error=(message or refused.__class__.__name__)[:300]
        )
        return "could not be made"
    except Exception as error:
        Letter.objects.filter(pk=letter_pk, status=LetterStatus.QUEUED).update(
            error=f"Trying again: {error}"[:300]
        )
        raise


def _letter_type() -> DocumentType:
    kind, _ = DocumentType.objects.get_or_create(name=LETTER_TYPE, defaults={"retention": "correspondence"})
    return kind


def _keep(letter: Letter, kind: LetterKind, recipient: str, pdf: bytes, version: int | None) -> str:
    """Keep the PDF on the record and mark the letter sent, once: the letter's row is locked while it is done, and
    the stored file is removed again if the rows are not saved."""
    document = None
    try:
        with transaction.atomic():
            locked = Letter.objects.select_for_update().get(pk=letter.pk)
            if locked.status != LetterStatus.QUEUED:
                return locked.status  # another try made it meanwhile
            [document] = documents_add(
                child=letter.child,
                uploads=[Upload(f"{kind.title}.pdf", io.BytesIO(pdf), len(pdf))],
                values={
                    "document_type": _letter_type(),
                    "document_date": clock.today(),
                    "title": f"{kind.title} to {recipient}",
                },
                by=letter.requested_by,
                attached_to=letter.attached_to,
                record_id=letter.record_id,
            )
            Letter.objects.filter(pk=letter.pk).update(
                status=LetterStatus.SENT, document=document, template_version=version, error=""
            )
            event_record(
                child_id=letter.child_id,
                type="letter.sent",
                occurred_on=clock.today(),
                recorded_by=letter.requested_by,
                record=document,
                # The kind's code lets a rule wait for a letter (a placement's notifications).
                payload={"letter": kind.title, "recipient": recipient, "code": kind.code},
            )
    except BaseException:
        if document is not None:
            for stored in DocumentVersion.objects.filter(document_id=document.pk).values_list(
                "file", flat=True
            ):
                files.discard(stored)
        raise
    return "sent"


def letters_on(attached_to: str, record_id: int) -> list[Letter]:
    return list(
        Letter.objects.filter(attached_to=attached_to, record_id=record_id)
        .select_related("requested_by")
        .order_by("-requested_at")
    )


def template_upload(*, code: str, content: bytes, by: StaffUser) -> LetterTemplate:
    """A council's new template for a kind of letter: checked with sample values for every field first."""
    policy.require(by, "letters.templates")
    kind = letter_kind(code)
    if kind is None:
        raise ValidationError({"template": "There is no such letter."})
    if not content:
        raise ValidationError({"template": "Choose the Word template (.docx) to upload."})
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError({"template": "A template may be at most 5 MB."})
    if problem := template_problem(kind, content):
        raise ValidationError({"template": problem})
    stored, _ = files.store(io.BytesIO(content))
    try:
        with transaction.atomic():
            latest = LetterTemplate.objects.filter(kind=code).order_by("-version").first()
            template = LetterTemplate.objects.create(
                kind=code,
                version=(latest.version if latest else 0) + 1,
                file=stored,
                uploaded_by=by,
                uploaded_at=clock.now(),
            )
            audit_change(user=by, instance=template, action="create", before=None, child_id=None)
            return template
    except BaseException:
        files.discard(stored)
        raise
