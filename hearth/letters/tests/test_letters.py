"""Letters from templates (issue 15): asked for on the record's page, made on the task queue from the council's Word
template with the record's fields, turned into a PDF by LibreOffice, kept on the record as a document and logged
as sent. Read back by parsing the PDF; a bad template or a record that cannot make the letter changes nothing."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from hearth.core.models import Event
from hearth.core.tests.queue import run_queued
from hearth.documents import files
from hearth.documents.models import Document
from hearth.frontdoor.models import Contact
from hearth.letters.kinds import letter_kind
from hearth.letters.making import default_template
from hearth.letters.models import Letter, LetterStatus, LetterTemplate
from hearth.letters.services import letter_request, template_upload
from hearth.organisation.roles import Role
from hearth.people.models import Address


def pdf_text(document: Document) -> str:
    version = document.versions.get()
    with files.storage().open(version.file, "rb") as handle:
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def decided_contact(council: Any, outcome: str = "nfa") -> Contact:
    return Contact.objects.create(
        child=council.child,
        received_on=date(2026, 11, 23),
        source="1A",
        concern="Bruising seen at school",
        referrer_name="Ms Priya Shah",
        referrer_organisation="Northmoor Primary School",
        outcome=outcome,
        decided_on=date(2026, 11, 24),
        decided_by=council.users[Role.FRONT_DOOR],
        decision_reason="Explained by a fall at football, seen by the GP",
    )


def test_a_front_door_worker_sends_feedback_to_the_referrer_and_finds_it_on_the_contact(council: Any) -> None:
    contact = decided_contact(council)
    front_door = Client()
    front_door.force_login(council.users[Role.FRONT_DOOR])
    screen = reverse("frontdoor:screen", kwargs={"pk": council.child.pk, "contact_pk": contact.pk})
    page = front_door.get(screen).content.decode()
    assert "Send: feedback to the referrer" in page and "Send: no further action letter to the family" in page
    send = reverse(
        "letters:send", kwargs={"pk": council.child.pk, "code": "referrer_feedback", "record_id": contact.pk}
    )
    response = front_door.post(send)
    assert response["Location"] == screen
    letter = Letter.objects.get()
    assert letter.status == LetterStatus.QUEUED
    assert letter.recipient == "Ms Priya Shah, Northmoor Primary School"
    run_queued()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT, letter.error
    document = letter.document
    assert document is not None
    assert (document.attached_to, document.record_id) == ("frontdoor.contact", contact.pk)
    assert document.document_type.name == "Letter sent"
    text = pdf_text(document)
    for merged in (
        "Northmoor Borough Council",
        "Dear Ms Priya Shah",
        "Jayden Smith",
        "14 March 2016",
        "23 November 2026",
        "we will not be taking any further action at this time",
        council.worker.full_name,
    ):
        assert merged in " ".join(text.split()), (merged, text)
    assert "{{" not in text
    page = front_door.get(screen).content.decode()
    assert "Feedback to the referrer to Ms Priya Shah" in page and "Sent" in page
    sent = Event.objects.get(type="letter.sent")
    assert sent.summary == "Feedback to the referrer sent to Ms Priya Shah"


def test_a_letter_to_the_family_needs_their_address_and_nothing_is_queued_without_it(council: Any) -> None:
    contact = decided_contact(council)
    with pytest.raises(ValidationError) as error:
        letter_request(child=council.child, code="nfa_letter", record_id=contact.pk, by=council.worker)
    assert "Jayden Smith has no current address: add it on their Details page" in error.value.messages[0]
    assert not Letter.objects.exists()
    Address.objects.create(
        person=council.child,
        line_1="4 Mill Lane",
        town="Northmoor",
        postcode="NM4 2QT",
        start_date=date(2020, 1, 1),
    )
    letter_request(child=council.child, code="nfa_letter", record_id=contact.pk, by=council.worker)
    run_queued()
    letter = Letter.objects.get()
    assert letter.status == LetterStatus.SENT
    text = " ".join(pdf_text(letter.document).split())
    assert "4 Mill Lane" in text and "NM4 2QT" in text and "we will not be taking any further action" in text


def test_a_letter_the_record_cannot_make_is_refused_naming_what_to_record(council: Any) -> None:
    undecided = Contact.objects.create(
        child=council.child, received_on=date(2026, 11, 23), source="1A", concern="x", referrer_name="Ms Shah"
    )
    with pytest.raises(ValidationError) as error:
        letter_request(
            child=council.child, code="referrer_feedback", record_id=undecided.pk, by=council.worker
        )
    assert "cannot be sent from this record as it stands" in error.value.messages[0]
    other = decided_contact(council, outcome="referral")
    with pytest.raises(ValidationError) as error:
        letter_request(child=council.child, code="nfa_letter", record_id=other.pk, by=council.worker)
    assert "No further action letter to the family cannot be sent" in error.value.messages[0]
    with pytest.raises(ValidationError):
        letter_request(child=council.child, code="no_such_letter", record_id=other.pk, by=council.worker)
    assert not Letter.objects.exists()


def _template(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_council_uploads_its_own_template_checked_before_it_is_used(council: Any) -> None:
    performance = Client()
    performance.force_login(council.users[Role.PERFORMANCE])
    listing = performance.get(reverse("letters:templates")).content.decode()
    assert "Feedback to the referrer" in listing and "decision_reason" in listing
    hearths_own = performance.get(reverse("letters:template_download", kwargs={"code": "referrer_feedback"}))
    assert hearths_own.content == default_template(letter_kind("referrer_feedback"))  # type: ignore[arg-type]
    # The same bytes whenever it is made: no part carries the moment it was made.
    parts = zipfile.ZipFile(io.BytesIO(hearths_own.content)).infolist()
    assert parts and {part.date_time for part in parts} == {(1980, 1, 1, 0, 0, 0)}
    assert "{{ recipient_name }}" in "\n".join(
        p.text for p in docx.Document(io.BytesIO(hearths_own.content)).paragraphs
    )
    url = reverse("letters:template_new", kwargs={"code": "referrer_feedback"})

    def upload(content: bytes, name: str = "feedback.docx") -> str:
        response = performance.post(url, {"referrer_feedback-template": SimpleUploadedFile(name, content)})
        return response.content.decode() if response.status_code == 200 else response["Location"]

    assert "fields this letter does not have: favourite_colour" in upload(_template("{{ favourite_colour }}"))
    assert "written wrongly" in upload(_template("Dear {{ recipient_name }"))
    assert "not a Word document" in upload(b"%PDF-1.4 not a docx", name="feedback.pdf")
    assert not LetterTemplate.objects.exists()
    assert upload(
        _template("To {{ recipient_name }}: about {{ child_first_name }}, {{ decision }}.")
    ) == reverse("letters:templates")
    assert LetterTemplate.objects.get().version == 1
    contact = decided_contact(council)
    letter_request(child=council.child, code="referrer_feedback", record_id=contact.pk, by=council.worker)
    run_queued()
    letter = Letter.objects.get()
    assert letter.template_version == 1
    assert (
        "To Ms Priya Shah: about Jayden, we will not be taking any further action at this time."
        in " ".join(pdf_text(letter.document).split())
    )
    worker = Client()
    worker.force_login(council.worker)
    assert worker.get(reverse("letters:templates")).status_code == 403
    with pytest.raises(Exception, match="letter templates"):
        template_upload(code="referrer_feedback", content=_template("x"), by=council.worker)


def test_the_assessment_and_the_early_help_plan_print_for_the_family_in_plain_english(council: Any) -> None:
    from hearth.children_in_need.tests.fixtures import completed_assessment
    from hearth.earlyhelp.episodes import early_help_start
    from hearth.plans.services import outcome_add

    Address.objects.create(
        person=council.child,
        line_1="4 Mill Lane",
        town="Northmoor",
        postcode="NM4 2QT",
        start_date=date(2020, 1, 1),
    )
    assessment = completed_assessment(council, date(2026, 10, 1))
    assessment.child_views = "Jayden said he likes football and misses his dad"
    assessment.analysis = "Home is warm and Jayden is cared for; his mother needs help with evenings"
    assessment.save()
    episode = early_help_start(
        child=council.child,
        start_date=date(2026, 11, 2),
        lead_professional="Sam Lead",
        lead_organisation="Northmoor Family Hub",
        reason="Evenings at home are hard",
        by=council.worker,
    )
    outcome_add(
        plan=episode,
        what_must_change="Calmer evenings at home",
        action="A parenting programme",
        owner="Family Hub",
        due_date=date(2027, 2, 1),
        measure="Mother reports fewer arguments",
        by=council.worker,
        on=date(2026, 11, 2),
    )
    letter_request(
        child=council.child, code="assessment_for_family", record_id=assessment.pk, by=council.worker
    )
    letter_request(
        child=council.child, code="early_help_plan_for_family", record_id=episode.pk, by=council.worker
    )
    run_queued()
    letters = {letter.kind: letter for letter in Letter.objects.all()}
    assert {letter.status for letter in letters.values()} == {LetterStatus.SENT}
    assessment_text = " ".join(pdf_text(letters["assessment_for_family"].document).split())
    assert "Jayden said he likes football and misses his dad" in assessment_text
    assert "his mother needs help with evenings" in assessment_text
    plan_text = " ".join(pdf_text(letters["early_help_plan_for_family"].document).split())
    assert "Your lead professional is Sam Lead" in plan_text
    assert "Calmer evenings at home" in plan_text and "by 1 February 2027" in plan_text
    assert letters["early_help_plan_for_family"].document.attached_to == "earlyhelp.episode"
