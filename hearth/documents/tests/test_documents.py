"""Documents on a child's record (issue 15): added through the page as people do, opened through need-to-know,
every download logged, every bad file refused with nothing written."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from hearth.core.council_settings import council_setting_set
from hearth.core.models import AccessLog, Event, Refusal
from hearth.documents import files
from hearth.documents.models import Document, DocumentType, DocumentVersion
from hearth.documents.services import Upload, documents_add
from hearth.frontdoor.models import Contact
from hearth.organisation.roles import Role
from hearth.organisation.services import allocation_change
from hearth.organisation.tests.factories import StaffUserFactory
from hearth.people.tests.factories import make_child


def pdf_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def png_bytes(colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def conference_type() -> DocumentType:
    return DocumentType.objects.get(name="Child protection conference report")


def stored_files() -> list[str]:
    storage = files.storage()
    found: list[str] = []

    def walk(folder: str) -> None:
        folders, names = storage.listdir(folder)
        found.extend(f"{folder}/{name}" if folder else name for name in names)
        for sub in folders:
            walk(f"{folder}/{sub}" if folder else sub)

    if storage.exists(""):
        walk("")
    return found


@pytest.fixture
def signed_in(council: Any) -> Client:
    client = Client()
    client.force_login(council.worker)
    return client


def add_through_page(client: Client, child_pk: int, *uploads: SimpleUploadedFile, **fields: Any) -> Any:
    data = {
        "document_type": conference_type().pk,
        "document_date": "1/12/2026",
        "title": "",
        "upload": list(uploads),
        **fields,
    }
    return client.post(reverse("documents:add", kwargs={"pk": child_pk}), data)


def test_a_worker_adds_a_report_and_a_photo_and_opens_both_byte_for_byte(
    council: Any, signed_in: Client
) -> None:
    report = pdf_bytes("Initial child protection conference report for Jayden")
    photo = png_bytes()
    response = add_through_page(
        signed_in,
        council.child.pk,
        SimpleUploadedFile("ICPC report.pdf", report, content_type="application/pdf"),
        SimpleUploadedFile("../bedroom photo.png", photo, content_type="image/png"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    listing = signed_in.get(reverse("documents:documents", kwargs={"pk": council.child.pk})).content.decode()
    assert "ICPC report" in listing and "bedroom photo" in listing
    documents = {d.title: d for d in Document.objects.filter(child=council.child)}
    assert set(documents) == {"ICPC report", "bedroom photo"}
    for title, content, kind in (
        ("ICPC report", report, "application/pdf"),
        ("bedroom photo", photo, "image/png"),
    ):
        version = documents[title].versions.get()
        assert version.content_type == kind
        assert version.sha256 == hashlib.sha256(content).hexdigest() and version.size == len(content)
        before = AccessLog.objects.filter(user=council.worker, child=council.child, action="download").count()
        download = signed_in.get(
            reverse("documents:download", kwargs={"pk": council.child.pk, "document_pk": documents[title].pk})
        )
        assert download.status_code == 200
        body = b"".join(download.streaming_content)
        assert body == content
        assert download["Content-Type"] == kind
        assert "attachment" in download["Content-Disposition"]
        assert "sandbox" in download["Content-Security-Policy"]
        after = AccessLog.objects.filter(user=council.worker, child=council.child, action="download").count()
        assert after == before + 1
    assert (
        "Initial child protection conference report for Jayden"
        in PdfReader(io.BytesIO(report)).pages[0].extract_text()
    )
    # The photo came back an image of the same size.
    assert Image.open(io.BytesIO(photo)).size == (40, 30)
    # The path the browser might send is no part of the name kept.
    assert documents["bedroom photo"].versions.get().original_name == "bedroom photo.png"
    chronology = [e.summary for e in Event.objects.filter(child=council.child, type="document.added")]
    assert (
        chronology == ["Document added: Child protection conference report"] * 2
    )  # no title: it may be restricted later


def test_a_colleague_without_access_is_told_not_found_and_the_try_is_logged(
    council: Any, far: Any, signed_in: Client
) -> None:
    add_through_page(signed_in, council.child.pk, SimpleUploadedFile("report.pdf", pdf_bytes("x")))
    document = Document.objects.get(child=council.child)
    far_worker, _ = far
    outsider = Client()
    outsider.force_login(far_worker)
    for name, kwargs in (
        ("documents:documents", {}),
        ("documents:document", {"document_pk": document.pk}),
        ("documents:download", {"document_pk": document.pk}),
    ):
        response = outsider.get(reverse(name, kwargs={"pk": council.child.pk, **kwargs}))
        assert response.status_code == 404, name
    assert not AccessLog.objects.filter(user=far_worker, child=council.child).exists()
    assert Refusal.objects.filter(user=far_worker, child=council.child).count() == 3


def test_a_partner_agency_is_told_documents_are_not_theirs_to_open(council: Any) -> None:
    from hearth.people.models import ProfessionalInvolvement

    partner = council.users[Role.PARTNER_HEALTH]
    ProfessionalInvolvement.objects.create(
        child=council.child, role="GP", name="Dr Health", staff_user=partner, start_date=date(2024, 1, 1)
    )
    client = Client()
    client.force_login(partner)
    response = client.get(reverse("documents:documents", kwargs={"pk": council.child.pk}))
    assert response.status_code == 403
    assert "Partner agencies see the child&#x27;s page" in response.content.decode()


def test_a_restricted_document_opens_only_for_those_named_and_never_widens_the_record(
    council: Any, signed_in: Client, far: Any
) -> None:
    teammate = StaffUserFactory(username="teammate", full_name="Tess Teammate", team=council.team)
    far_worker, _ = far
    # Naming someone who cannot open the child is refused, naming them: nothing is written.
    refused = add_through_page(
        signed_in,
        council.child.pk,
        SimpleUploadedFile("police.pdf", pdf_bytes("police check")),
        restricted="on",
        named=[far_worker.pk],
    )
    assert refused.status_code == 200
    assert Document.objects.count() == 0 and stored_files() == []
    with pytest.raises(ValidationError) as error:
        documents_add(
            child=council.child,
            uploads=[Upload("police.pdf", io.BytesIO(pdf_bytes("p")), len(pdf_bytes("p")))],
            values={
                "document_type": conference_type(),
                "document_date": date(2026, 12, 1),
                "restricted": True,
                "named": [far_worker],
            },
            by=council.worker,
        )
    assert "Far Worker cannot open" in error.value.message_dict["named"][0]
    assert stored_files() == []
    response = add_through_page(
        signed_in,
        council.child.pk,
        SimpleUploadedFile("police.pdf", pdf_bytes("police check")),
        title="Police check",
        restricted="on",
        named=[council.manager.pk],
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.restricted
    manager = Client()
    manager.force_login(council.manager)
    url = reverse("documents:download", kwargs={"pk": council.child.pk, "document_pk": document.pk})
    assert manager.get(url).status_code == 200
    other = Client()
    other.force_login(teammate)
    assert other.get(url).status_code == 404
    listing = other.get(reverse("documents:documents", kwargs={"pk": council.child.pk})).content.decode()
    assert "Restricted document" in listing and "Police check" not in listing
    # The chronology says a document was added, not its title.
    summaries = " ".join(Event.objects.filter(type="document.added").values_list("summary", flat=True))
    assert "Police check" not in summaries


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.pdf", b"", "empty.pdf is empty"),
        ("report.pdf", png_bytes(), "its name says PDF, but its content is not (image/png)"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 400, "setup.exe is a program or script"),
        ("report.pdf", b"MZ\x90\x00" + b"\x00" * 400, "report.pdf is a program or script"),
        ("notes.zip", b"PK\x05\x06" + b"\x00" * 18, "files ending .zip cannot be kept"),
        ("run.sh", b"#!/bin/sh\necho hi\n", "run.sh is a program or script"),
    ],
)
def test_a_bad_file_is_refused_naming_it_and_nothing_is_written(
    council: Any, signed_in: Client, name: str, content: bytes, expected: str
) -> None:
    good = SimpleUploadedFile("good.pdf", pdf_bytes("fine"))
    response = add_through_page(signed_in, council.child.pk, good, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    page = response.content.decode()
    assert expected in page, re.findall(r'govuk-error-message">(.*?)</p>', page, re.S)
    assert Document.objects.count() == 0 and DocumentVersion.objects.count() == 0
    assert stored_files() == []


def test_a_file_over_the_councils_limit_and_a_kind_it_does_not_keep_are_refused(
    council: Any, signed_in: Client
) -> None:
    council_setting_set(key="document_max_megabytes", value=1, effective_from=date(2020, 1, 1))
    big = pdf_bytes("x") + b"0" * (1024 * 1024 + 1)
    response = add_through_page(signed_in, council.child.pk, SimpleUploadedFile("big.pdf", big))
    assert "big.pdf is 1.0 MB: files may be at most 1 MB" in response.content.decode()
    council_setting_set(key="document_file_types", value=["pdf"], effective_from=date(2020, 1, 1))
    response = add_through_page(signed_in, council.child.pk, SimpleUploadedFile("photo.png", png_bytes()))
    assert "files ending .png cannot be kept. Allowed: PDF." in response.content.decode()
    with pytest.raises(ValidationError) as error:
        council_setting_set(key="document_file_types", value=["pdf", "zip"], effective_from=date(2020, 1, 1))
    assert "zip is not one of" in error.value.messages[0]
    assert Document.objects.count() == 0 and stored_files() == []


def test_a_name_with_a_folder_path_is_refused_by_the_service(council: Any) -> None:
    content = pdf_bytes("x")
    for name in ("../../etc/report.pdf", "C:\\Users\\sam\\report.pdf"):
        with pytest.raises(ValidationError) as error:
            documents_add(
                child=council.child,
                uploads=[Upload(name, io.BytesIO(content), len(content))],
                values={"document_type": conference_type(), "document_date": date(2026, 12, 1)},
                by=council.worker,
            )
        assert "must not include a folder path" in error.value.message_dict["upload"][0]
    assert stored_files() == []


def test_no_file_is_left_behind_when_the_rows_cannot_be_written(council: Any, monkeypatch: Any) -> None:
    from hearth.documents import services

    real = services._version_write
    calls = {"n": 0}

    def fails_on_second(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("the database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_version_write", fails_on_second)
    content = pdf_bytes("x")
    with pytest.raises(RuntimeError):
        documents_add(
            child=council.child,
            uploads=[Upload(f"{n}.pdf", io.BytesIO(content), len(content)) for n in ("one", "two")],
            values={"document_type": conference_type(), "document_date": date(2026, 12, 1)},
            by=council.worker,
        )
    assert Document.objects.count() == 0 and stored_files() == []


def test_missing_details_are_named_and_nothing_is_written(council: Any, signed_in: Client) -> None:
    response = signed_in.post(
        reverse("documents:add", kwargs={"pk": council.child.pk}),
        {"document_type": "", "document_date": "1/1/2099", "upload": []},
    )
    page = response.content.decode()
    assert "Choose the type of document." in page
    assert "The document&#x27;s date must be today or in the past." in page
    assert "Choose a file to add." in page
    assert Document.objects.count() == 0


def test_a_new_version_keeps_the_old_and_only_the_adder_or_a_manager_may_change_it(
    council: Any, signed_in: Client
) -> None:
    add_through_page(signed_in, council.child.pk, SimpleUploadedFile("report.pdf", pdf_bytes("draft")))
    document = Document.objects.get()
    url = reverse("documents:new_version", kwargs={"pk": council.child.pk, "document_pk": document.pk})
    final = pdf_bytes("final")
    assert signed_in.post(url, {"upload": SimpleUploadedFile("report v2.pdf", final)}).status_code == 302
    assert list(document.versions.order_by("number").values_list("number", "original_name")) == [
        (1, "report.pdf"),
        (2, "report v2.pdf"),
    ]
    latest = signed_in.get(
        reverse("documents:download", kwargs={"pk": council.child.pk, "document_pk": document.pk})
    )
    assert b"".join(latest.streaming_content) == final
    first = signed_in.get(
        reverse(
            "documents:download_version",
            kwargs={"pk": council.child.pk, "document_pk": document.pk, "number": 1},
        )
    )
    assert PdfReader(io.BytesIO(b"".join(first.streaming_content))).pages[0].extract_text().strip() == "draft"
    teammate = StaffUserFactory(username="teammate", full_name="Tess Teammate", team=council.team)
    other = Client()
    other.force_login(teammate)
    refused = other.post(url, {"upload": SimpleUploadedFile("mine.pdf", pdf_bytes("mine"))})
    assert refused.status_code == 403
    assert "Only the person who added a document, or a manager" in refused.content.decode()
    assert document.versions.count() == 2


def test_a_document_uploaded_in_error_is_removed_with_its_reason_never_silently(
    council: Any, signed_in: Client
) -> None:
    add_through_page(signed_in, council.child.pk, SimpleUploadedFile("wrong child.pdf", pdf_bytes("x")))
    document = Document.objects.get()
    url = reverse("documents:remove", kwargs={"pk": council.child.pk, "document_pk": document.pk})
    short = signed_in.post(url, {"reason": "oops"})
    assert "Say why the document was uploaded in error" in short.content.decode()
    assert signed_in.post(url, {"reason": "Uploaded to the wrong child's record"}).status_code == 302
    listing = signed_in.get(reverse("documents:documents", kwargs={"pk": council.child.pk})).content.decode()
    assert "wrong child.pdf" not in listing and "wrong child" not in listing.split("Removed as uploaded")[0]
    assert "Uploaded to the wrong child&#x27;s record" in listing
    download = reverse("documents:download", kwargs={"pk": council.child.pk, "document_pk": document.pk})
    assert signed_in.get(download).status_code == 404
    assert Event.objects.filter(child=council.child, type="document.removed").exists()


def test_a_document_attached_to_a_contact_shows_on_the_contact(council: Any, signed_in: Client) -> None:
    contact = Contact.objects.create(
        child=council.child, received_on=date(2026, 11, 30), source="1A", concern="School worried"
    )
    front_door = Client()
    front_door.force_login(council.users[Role.FRONT_DOOR])
    add_url = reverse("documents:add", kwargs={"pk": council.child.pk})
    query = f"?on=frontdoor.contact&record={contact.pk}"
    assert "Add documents to the contact received" in front_door.get(add_url + query).content.decode()
    response = front_door.post(
        add_url + query,
        {
            "document_type": DocumentType.objects.get(name="School report").pk,
            "document_date": "30/11/2026",
            "title": "School's referral form",
            "upload": [SimpleUploadedFile("referral.pdf", pdf_bytes("referral"))],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "frontdoor:screen", kwargs={"pk": council.child.pk, "contact_pk": contact.pk}
    )
    contact_page = front_door.get(response["Location"]).content.decode()
    assert "School&#x27;s referral form" in contact_page
    # Another child's contact is not this child's record to attach to.
    other = Contact.objects.create(
        child=make_child(forename="Other", surname="Child"),
        received_on=date(2026, 11, 1),
        source="1A",
        concern="x",
    )
    assert front_door.get(add_url + f"?on=frontdoor.contact&record={other.pk}").status_code == 404
    assert front_door.get(add_url + "?on=nothing.kind&record=1").status_code == 404


def test_the_councils_list_of_types_is_its_own(council: Any) -> None:
    performance = Client()
    performance.force_login(council.users[Role.PERFORMANCE])
    response = performance.post(
        reverse("documents:type_new"), {"name": "Direct work", "retention": "child_record", "active": "on"}
    )
    assert response.status_code == 302
    duplicate = performance.post(
        reverse("documents:type_new"), {"name": "direct work", "retention": "child_record", "active": "on"}
    )
    assert "There is already a type called direct work." in duplicate.content.decode()
    worker = Client()
    worker.force_login(council.worker)
    assert worker.get(reverse("documents:types")).status_code == 403
    retired = DocumentType.objects.get(name="Direct work")
    performance.post(
        reverse("documents:type_edit", kwargs={"type_pk": retired.pk}),
        {"name": "Direct work", "retention": "child_record"},
    )
    retired.refresh_from_db()
    assert not retired.active
    form = worker.get(reverse("documents:add", kwargs={"pk": council.child.pk})).content.decode()
    assert "Direct work" not in form and "School report" in form


def test_a_manager_limits_a_document_to_named_people_and_lifts_it_again(
    council: Any, signed_in: Client
) -> None:
    add_through_page(signed_in, council.child.pk, SimpleUploadedFile("health.pdf", pdf_bytes("health")))
    document = Document.objects.get()
    teammate = StaffUserFactory(username="teammate", full_name="Tess Teammate", team=council.team)
    manager = Client()
    manager.force_login(council.manager)
    url = reverse("documents:restrict", kwargs={"pk": council.child.pk, "document_pk": document.pk})
    form = manager.get(url).content.decode()
    assert "Tess Teammate" in form and "Social worker Person" in form
    assert manager.post(url, {"named": [teammate.pk]}).status_code == 302
    document.refresh_from_db()
    assert document.restricted
    # The manager who restricted it is named too, beside the one they chose.
    assert set(document.grants.values_list("user_id", flat=True)) == {teammate.pk, council.manager.pk}
    detail = reverse("documents:document", kwargs={"pk": council.child.pk, "document_pk": document.pk})
    other = Client()
    other.force_login(teammate)
    assert other.get(detail).status_code == 200
    # The worker who added it still may; a colleague in the team not named may not.
    assert signed_in.get(detail).status_code == 200
    third = StaffUserFactory(username="third", full_name="Third Worker", team=council.team)
    outsider = Client()
    outsider.force_login(third)
    assert outsider.get(detail).status_code == 404
    lifted = manager.post(url, {})
    assert lifted.status_code == 302, re.findall(
        r"govuk-error-message\">(.*?)</p>", lifted.content.decode(), re.S
    )
    document.refresh_from_db()
    assert not document.restricted
    assert outsider.get(detail).status_code == 200


def test_a_court_order_and_a_health_assessment_keep_their_papers_on_the_page_that_lists_them(
    council: Any, signed_in: Client, settings: Any
) -> None:
    """Records with no page of their own (issue 15 item 1): the document is attached to the record, listed on its
    row of the child's care or health page, and the page's link goes straight to the row."""
    settings.HEARTH_TODAY = date(2026, 12, 4)
    from hearth.care.services import legal_order_record
    from hearth.health.services import health_assessment_record

    order = legal_order_record(
        child=council.child,
        kind="ico",
        court="Northmoor Family Court",
        start_date=date(2026, 11, 2),
        proceedings_started=date(2026, 11, 2),
        by=council.worker,
    )
    add_url = reverse("documents:add", kwargs={"pk": council.child.pk})
    response = signed_in.post(
        f"{add_url}?on=care.legal_order&record={order.pk}",
        {
            "document_type": conference_type().pk,
            "document_date": "2/11/2026",
            "title": "Sealed interim care order",
            "upload": [SimpleUploadedFile("order.pdf", pdf_bytes("Interim care order"), "application/pdf")],
            "on": "care.legal_order",
            "record": order.pk,
        },
    )
    care_page = reverse("care:care", kwargs={"pk": council.child.pk})
    assert response["Location"] == f"{care_page}#order-{order.pk}"
    row = signed_in.get(care_page).content.decode().split(f'id="order-{order.pk}"')[1].split("</tr>")[0]
    assert "Sealed interim care order" in row and "Add a document" in row

    assessment = health_assessment_record(
        child=council.child,
        values={
            "kind": "initial",
            "assessed_on": date(2026, 11, 20),
            "assessed_by": "Dr A Patel",
            "summary": "Well.",
        },
        by=council.worker,
    )
    content = pdf_bytes("Initial health assessment report")
    [report] = documents_add(
        child=council.child,
        uploads=[Upload("IHA report.pdf", io.BytesIO(content), len(content))],
        values={"document_type": conference_type(), "document_date": date(2026, 11, 20)},
        by=council.worker,
        attached_to="health.assessment",
        record_id=assessment.pk,
    )
    health = signed_in.get(reverse("health:record", kwargs={"pk": council.child.pk})).content.decode()
    item = health.split(f'id="assessment-{assessment.pk}"')[1].split("</li>")[0]
    assert "IHA report" in item
    listing = signed_in.get(reverse("documents:documents", kwargs={"pk": council.child.pk})).content.decode()
    assert f"#assessment-{assessment.pk}" in listing and "Health assessment" in listing
    other = make_child(by=council.worker, forename="Fern", surname="Other")
    allocation_change(  # the worker holds her too: only the record is wrong
        child_id=other.pk,
        worker=council.worker,
        team=council.team,
        start_date=date(2024, 1, 8),
        reason="New referral",
        by=council.users[Role.FRONT_DOOR],
    )
    with pytest.raises(ValidationError) as refused:
        documents_add(
            child=other,
            uploads=[Upload("x.pdf", io.BytesIO(content), len(content))],
            values={"document_type": conference_type(), "document_date": date(2026, 11, 20)},
            by=council.worker,
            attached_to="health.assessment",
            record_id=assessment.pk,
        )
    assert "not one of this child's" in refused.value.message_dict["attached_to"][0]
    assert Document.objects.count() == 2 and report.record_id == assessment.pk
