"""Subject access (issue 20, ADR 41): one person's record exported with other people's details redacted, checked
and signed off by a reviewer before the bundle is made and released.

A third party is anyone other than the subject and the staff and professionals acting in their role: the people
linked to the subject on the record (relatives, household members, the other children a case note is also about)
have their names and identifiers proposed for redaction wherever they appear; the reviewer keeps any in that are
the subject's own information and adds any the record names that Hearth could not know (a neighbour named in a
note). Staff names stay: the subject has a right to know who worked with them."""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction

from hearth.casenotes.models import CaseNote, CaseNoteChild, NoteStatus
from hearth.core import clock, policy
from hearth.core.audit import audit_change, audit_read, locked_fresh, snapshot
from hearth.core.models import AccessAction, Event
from hearth.documents.models import Document, DocumentStatus
from hearth.frontdoor.models import Contact
from hearth.governance.models import Redaction, SubjectAccessRequest, SubjectAccessStatus
from hearth.organisation.models import StaffUser
from hearth.people.models import Address, HouseholdMembership, Identifier, Person, Relationship

REDACTED = "[redacted]"


@dataclass(frozen=True)
class Section:
    heading: str
    rows: list[tuple[str, str]]  # (label or date, text)


def _names_of(person: Person) -> set[str]:
    words = {person.forename, person.surname, person.preferred_name, person.full_name, person.middle_names}
    words |= {f"{person.forename} {person.middle_names} {person.surname}".replace("  ", " ")}
    for other in person.other_names.all():
        words |= {other.forename, other.surname, f"{other.forename} {other.surname}"}
    return {word.strip() for word in words if word and word.strip()}


def _identifiers_of(person: Person) -> set[str]:
    values = {person.person_number, person.nhs_number, person.upn, person.former_upn}
    values |= set(Identifier.objects.filter(person=person).values_list("value", flat=True))
    return {value for value in values if value}


def third_parties(subject: Person) -> list[tuple[str, str]]:
    """(text, whose) for every name and identifier of the people linked to the subject, except words that are the
    subject's own too (a shared surname stays in the subject's name; the relative's full name is still redacted)."""
    linked: dict[int, str] = {}
    for relationship in Relationship.objects.filter(other=subject):
        linked.setdefault(relationship.person_id, relationship.get_type_display())
    for relationship in Relationship.objects.filter(person=subject):
        linked.setdefault(
            relationship.other_id, f"Related (the subject is their {relationship.get_type_display().lower()})"
        )
    households = HouseholdMembership.objects.filter(person=subject).values("household_id")
    for person_id in HouseholdMembership.objects.filter(household_id__in=households).values_list(
        "person_id", flat=True
    ):
        linked.setdefault(person_id, "Household member")
    notes = CaseNote.objects.filter(child=subject).values("pk")
    for person_id in CaseNoteChild.objects.filter(note_id__in=notes).values_list("child_id", flat=True):
        linked.setdefault(person_id, "Another child a case note is about")
    for person_id in CaseNoteChild.objects.filter(child=subject).values_list("note__child_id", flat=True):
        linked.setdefault(person_id, "Another child a case note is about")
    linked.pop(subject.pk, None)
    own = {word.lower() for word in _names_of(subject) | _identifiers_of(subject)}
    found: dict[str, str] = {}
    for person in Person.objects.filter(pk__in=linked).prefetch_related("other_names").order_by("pk"):
        whose = f"{linked[person.pk]} ({person.person_number})"
        for text in sorted(_names_of(person) | _identifiers_of(person), key=len, reverse=True):
            if text.lower() not in own and len(text) > 1:
                found.setdefault(text, whose)
        for address in Address.objects.filter(person=person):
            for text in (address.line_1, address.postcode):
                if text and not Address.objects.filter(person=subject, line_1=address.line_1).exists():
                    found.setdefault(text, f"{whose}: address")
    # Whoever made a referral about the subject: a member of the public's identity is protected, and a
    # professional's the reviewer may keep in.
    for name, organisation, received in (
        Contact.objects.filter(child=subject)
        .exclude(referrer_name="")
        .values_list("referrer_name", "referrer_organisation", "received_on")
    ):
        if name.strip().lower() not in own:
            where = f" from {organisation}" if organisation else ""
            found.setdefault(name.strip(), f"Referrer{where} (contact of {received:%-d %b %Y})")
    return sorted(found.items(), key=lambda item: (item[1], item[0]))


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    ordered = sorted(set(terms), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(term) for term in ordered) + r")(?!\w)", re.IGNORECASE)


def redacted_parts(text: str, pattern: re.Pattern[str] | None) -> list[tuple[str, bool]]:
    """The text cut into (piece, redacted) parts: what the reviewer sees highlighted."""
    if pattern is None or not text:
        return [(text, False)]
    parts: list[tuple[str, bool]] = []
    last = 0
    for match in pattern.finditer(text):
        parts.append((text[last : match.start()], False))
        parts.append((match.group(0), True))
        last = match.end()
    parts.append((text[last:], False))
    return [part for part in parts if part[0]]


def redact(text: str, pattern: re.Pattern[str] | None) -> str:
    return text if pattern is None else pattern.sub(REDACTED, text)


def request_pattern(request: SubjectAccessRequest) -> re.Pattern[str] | None:
    return _pattern([row.text for row in request.redactions.all() if row.redact])


def record_sections(subject: Person) -> list[Section]:
    """The subject's record as it is exported: details, people around them, chronology, case notes, documents."""
    born = f"{subject.date_of_birth:%-d %B %Y}" if subject.date_of_birth else "Not known"
    details = [
        ("Name", subject.full_name),
        ("Date of birth", born),
        ("Council's ID", subject.person_number),
        ("NHS number", subject.nhs_number or "Not recorded"),
        ("Sex", subject.get_sex_display()),
        ("Ethnicity", subject.get_ethnicity_display() or "Not recorded"),
        ("First language", subject.first_language or "Not recorded"),
    ]
    for address in Address.objects.filter(person=subject).order_by("start_date"):
        until = f" to {address.end_date:%-d %b %Y}" if address.end_date else ""
        details.append(
            (
                "Address",
                f"{address.line_1}, {address.town} {address.postcode} (from {address.start_date:%-d %b %Y}{until})",
            )
        )
    people = [
        (relationship.get_type_display(), relationship.person.full_name)
        for relationship in Relationship.objects.filter(other=subject).select_related("person").order_by("pk")
    ] + [
        (f"{relationship.get_type_display()} of", relationship.other.full_name)
        for relationship in Relationship.objects.filter(person=subject).select_related("other").order_by("pk")
    ]
    chronology = [
        (
            f"{event.occurred_on:%-d %b %Y}",
            f"{event.summary} (recorded by {event.recorded_by.full_name if event.recorded_by else 'Hearth'})",
        )
        for event in Event.objects.filter(child=subject)
        .select_related("recorded_by")
        .order_by("occurred_on", "pk")
    ]
    notes = []
    for note in (
        CaseNote.objects.filter(child=subject, status=NoteStatus.FINAL)
        .select_related("author")
        .prefetch_related("addenda__author")
        .order_by("occurred_on", "pk")
    ):
        notes.append(
            (
                f"{note.occurred_on:%-d %b %Y}",
                f"{note.get_note_type_display()} by {note.author.full_name}: {note.text}",
            )
        )
        for addendum in note.addenda.all():
            notes.append(
                (
                    f"{addendum.added_at:%-d %b %Y}",
                    f"Addendum by {addendum.author.full_name}: {addendum.text}",
                )
            )
    documents = [
        (f"{document.document_date:%-d %b %Y}", f"{document.title} ({document.document_type.name})")
        for document in Document.objects.filter(child=subject, status=DocumentStatus.AVAILABLE)
        .select_related("document_type")
        .order_by("document_date", "pk")
    ]
    return [
        Section("Details", details),
        Section("People in the record", people),
        Section("Chronology", chronology),
        Section("Case notes", notes),
        Section("Documents held (listed; the files are reviewed and sent separately)", documents),
    ]


def subject_access_request_create(
    *, subject: Person, received_on: date | None, by: StaffUser
) -> SubjectAccessRequest:
    """Draft the export of a person's record, with other people's details proposed for redaction."""
    policy.require(by, "governance.subject_access", subject)
    if received_on is None:
        raise ValidationError({"received_on": "Enter the day the council received the request."})
    if received_on > clock.today():
        raise ValidationError({"received_on": "The day the request was received cannot be in the future."})
    with transaction.atomic():
        request = SubjectAccessRequest.objects.create(
            subject=subject, received_on=received_on, requested_by=by, requested_at=clock.now()
        )
        Redaction.objects.bulk_create(
            [
                Redaction(request=request, text=text[:200], whose=whose[:200])
                for text, whose in third_parties(subject)
            ]
        )
        audit_change(user=by, instance=request, action="create", before=None, child_id=subject.pk)
    return request


def _in_review(request: SubjectAccessRequest) -> None:
    if request.status != SubjectAccessStatus.IN_REVIEW:
        raise ValidationError(
            {"confirm": "The bundle has been released: its redactions can no longer change."}
        )


def subject_access_redactions_set(
    *, request: SubjectAccessRequest, kept: set[int], added: str, whose: str, by: StaffUser
) -> SubjectAccessRequest:
    """The reviewer's check: which proposed redactions stay (the others are kept in) and any word to add."""
    policy.require(by, "governance.subject_access", request.subject)
    added = added.strip()
    with transaction.atomic():
        locked_fresh(request)
        _in_review(request)
        if added:
            if len(added) < 2 or len(added) > 200:
                raise ValidationError({"added": "A redaction is a word or phrase of 2 to 200 characters."})
            if request.redactions.filter(text__iexact=added).exists():
                raise ValidationError({"added": f"{added!r} is already on the list."})
        for row in request.redactions.all():
            redact = row.pk in kept
            if row.redact != redact:
                before = snapshot(row)
                row.redact = redact
                row.save(update_fields=["redact"])
                audit_change(
                    user=by, instance=row, action="update", before=before, child_id=request.subject_id
                )
        if added:
            row = Redaction.objects.create(
                request=request,
                text=added,
                whose=whose.strip()[:200] or "Added by the reviewer",
                added_by_reviewer=True,
            )
            audit_change(user=by, instance=row, action="create", before=None, child_id=request.subject_id)
    return request


def subject_access_release(
    *, request: SubjectAccessRequest, confirmed: bool, note: str, by: StaffUser
) -> SubjectAccessRequest:
    """The reviewer signs off the redactions: the bundle is made as they stand and may be downloaded."""
    from hearth.governance.bundle import bundle_pdf

    policy.require(by, "governance.subject_access", request.subject)
    if not confirmed:
        raise ValidationError(
            {"confirm": "Confirm that you have checked every redaction before releasing the bundle."}
        )
    with transaction.atomic():
        locked_fresh(request)
        _in_review(request)
        before = snapshot(request)
        released_at = clock.now()
        content = bundle_pdf(request, reviewer=by, released_at=released_at)
        name = storages["documents"].save(f"subject-access/{uuid.uuid4().hex}.pdf", ContentFile(content))
        request.status, request.reviewed_by, request.released_at = (
            SubjectAccessStatus.RELEASED,
            by,
            released_at,
        )
        request.review_note, request.file = note.strip(), name
        request.sha256 = hashlib.sha256(content).hexdigest()
        request.save(update_fields=["status", "reviewed_by", "released_at", "review_note", "file", "sha256"])
        audit_change(user=by, instance=request, action="update", before=before, child_id=request.subject_id)
    return request


def subject_access_bundle(*, request: SubjectAccessRequest, by: StaffUser, path: str = "") -> bytes:
    """The released bundle, read back and checked against its checksum; the export is logged."""
    policy.require(by, "governance.subject_access", request.subject)
    if request.status != SubjectAccessStatus.RELEASED:
        raise ValidationError("The bundle is released once a reviewer has checked the redactions.")
    with storages["documents"].open(request.file) as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != request.sha256:
        raise ValidationError("The bundle's file does not match its checksum: make the export again.")
    audit_read(
        user=by,
        child_id=request.subject_id,
        action=AccessAction.EXPORT,
        path=path,
        reason=f"Subject access request {request.pk}",
    )
    return content
