"""Subject access (issue 20, ADR 41): a manager exports a person's record with other people's details redacted,
checks the redactions, signs off and releases the bundle; the released PDF is read back. Someone without the role is
refused with a clear message and nothing changes; a bundle is not released before its review."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from config.settings.base import documents_storage
from hearth.casenotes.services import note_draft_save, note_finalise
from hearth.core import clock
from hearth.core.models import AccessAction, AccessLog, Refusal
from hearth.core.policy import Refused
from hearth.governance.models import Redaction, SubjectAccessRequest, SubjectAccessStatus
from hearth.governance.subject_access import (
    subject_access_redactions_set,
    subject_access_release,
    subject_access_request_create,
)
from hearth.organisation.roles import Role
from hearth.people.models import Relationship
from hearth.people.tests.factories import make_adult


@pytest.fixture(autouse=True)
def own_documents_folder(settings: Any, tmp_path: Path) -> None:
    settings.STORAGES = {**settings.STORAGES, "documents": documents_storage(tmp_path)}


@pytest.fixture
def family(council: Any) -> dict[str, Any]:
    """Jayden's mother on the record, and a final case note naming her and an uncle the record does not hold."""
    mother = make_adult(by=council.worker, forename="Amira", surname="Khan", nhs_number="")
    Relationship.objects.create(
        person=mother, other=council.child, type="MOTHER", parental_responsibility=True
    )
    values = {
        "note_type": "visit",
        "occurred_on": clock.today() - timedelta(days=3),
        "text": "Jayden was seen at home with Amira Khan. Uncle Tariq was visiting and said little.",
        "significant": False,
    }
    note = note_draft_save(child=council.child, note=None, values=values, version=None, by=council.worker)
    note_finalise(note=note, version=note.version, by=council.worker)
    return {"mother": mother, "note": note}


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


@pytest.mark.dates
def test_a_manager_exports_reviews_the_redactions_and_releases_the_bundle(
    council: Any, family: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(council.manager)
    child = council.child
    today = clock.today()
    response = client.post(
        reverse("governance:subject_access", kwargs={"pk": child.pk}), {"received_on": f"{today:%d/%m/%Y}"}
    )
    request = SubjectAccessRequest.objects.get(subject=child)
    assert response.status_code == 302 and response.url == reverse(
        "governance:review", kwargs={"pk": child.pk, "request_pk": request.pk}
    )
    proposed = {row.text: row.whose for row in request.redactions.all()}
    assert "Amira Khan" in proposed and "Amira" in proposed and proposed["Amira"].startswith("Mother")
    assert family["mother"].person_number in proposed
    assert "Jayden" not in proposed and "Smith" not in proposed  # the subject's own names are never redacted

    page = client.get(response.url).content.decode()
    assert "<mark>Amira Khan</mark>" in page and "Uncle Tariq" in page  # the reviewer sees what goes

    # Released only once the reviewer confirms: nothing made, nothing released.
    review = reverse("governance:review", kwargs={"pk": child.pk, "request_pk": request.pk})
    refused = client.post(review, {"step": "release", "note": ""})
    assert "Confirm that you have checked every redaction" in refused.content.decode()
    request.refresh_from_db()
    assert request.status == SubjectAccessStatus.IN_REVIEW and request.file == ""
    bundle = reverse("governance:bundle", kwargs={"pk": child.pk, "request_pk": request.pk})
    assert client.get(bundle).status_code == 404

    # The reviewer adds the uncle the record names, keeps every proposed redaction, and releases.
    kept = [str(pk) for pk in request.redactions.values_list("pk", flat=True)]
    saved = client.post(review, {"step": "redactions", "redact": kept, "added": "Tariq", "whose": "Uncle"})
    assert saved.status_code == 302
    assert Redaction.objects.get(request=request, text="Tariq").added_by_reviewer
    assert "<mark>Tariq</mark>" in client.get(review).content.decode()
    released = client.post(review, {"step": "release", "confirm": "on", "note": "Checked against the file"})
    assert released.status_code == 302
    request.refresh_from_db()
    assert request.status == SubjectAccessStatus.RELEASED and request.reviewed_by == council.manager

    before = AccessLog.objects.filter(child=child, action=AccessAction.EXPORT).count()
    download = client.get(bundle)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    text = _pdf_text(download.content)
    assert "Jayden" in text and "Smith" in text and "[redacted]" in text
    assert "Amira" not in text and "Khan" not in text and "Tariq" not in text
    assert council.worker.full_name in text  # staff acting in their role are not third parties
    assert AccessLog.objects.filter(child=child, action=AccessAction.EXPORT).count() == before + 1

    # Released, the redactions are settled.
    again = client.post(review, {"step": "redactions", "redact": [], "added": ""})
    assert "can no longer change" in again.content.decode()
    assert Redaction.objects.filter(request=request, redact=True).count() == len(kept) + 1


def test_a_redaction_the_reviewer_keeps_in_is_shown_in_the_bundle(
    council: Any, family: dict[str, Any]
) -> None:
    request = subject_access_request_create(
        subject=council.child, received_on=date(2026, 1, 5), by=council.manager
    )
    # The reviewer keeps the mother's names in (the person asking is, say, her child old enough to know her)
    # and redacts the uncle alone.
    subject_access_redactions_set(
        request=request, kept=set(), added="Tariq", whose="Uncle", by=council.manager
    )
    subject_access_release(request=request, confirmed=True, note="", by=council.manager)
    from django.core.files.storage import storages

    with storages["documents"].open(request.file) as handle:
        text = _pdf_text(handle.read())
    assert "Amira Khan" in text and "Tariq" not in text and "[redacted]" in text


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.ASSISTANT_TEAM_MANAGER, Role.ADMINISTRATOR])
def test_someone_without_the_role_is_refused_and_nothing_is_exported(
    council: Any, family: dict[str, Any], role: Role
) -> None:
    user = council.users[role]
    client = Client()
    client.force_login(user)
    refusals = Refusal.objects.count()
    response = client.post(
        reverse("governance:subject_access", kwargs={"pk": council.child.pk}), {"received_on": "05/01/2026"}
    )
    if role == Role.ADMINISTRATOR:  # may not open children's records at all: not found
        assert response.status_code == 404
    else:
        assert response.status_code == 403
        assert "Your role may not export a subject access bundle" in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()
    assert Refusal.objects.count() == refusals + 1
    with pytest.raises(Refused if role != Role.ADMINISTRATOR else Exception):
        subject_access_request_create(subject=council.child, received_on=date(2026, 1, 5), by=user)
    assert not SubjectAccessRequest.objects.exists()


def test_a_request_received_in_the_future_is_refused_naming_the_field(council: Any) -> None:
    client = Client()
    client.force_login(council.manager)
    tomorrow = clock.today() + timedelta(days=1)
    response = client.post(
        reverse("governance:subject_access", kwargs={"pk": council.child.pk}),
        {"received_on": f"{tomorrow:%d/%m/%Y}"},
    )
    assert response.status_code == 200
    assert "The day the request was received cannot be in the future" in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()


def test_an_adults_request_redacts_the_children_linked_to_them(council: Any, family: dict[str, Any]) -> None:
    mother = family["mother"]
    request = subject_access_request_create(subject=mother, received_on=date(2026, 1, 5), by=council.manager)
    proposed = {row.text: row.whose for row in request.redactions.all()}
    assert "Jayden Smith" in proposed and "Amira" not in proposed
    subject_access_release(request=request, confirmed=True, note="", by=council.manager)
    from django.core.files.storage import storages

    with storages["documents"].open(request.file) as handle:
        text = _pdf_text(handle.read())
    assert "Amira Khan" in text and "Jayden" not in text and "Mother of" in text


def test_the_review_page_reads_the_record_in_a_fixed_number_of_queries(
    council: Any, family: dict[str, Any]
) -> None:
    """However long the record, the page's reads do not grow with it (no query per event, note or redaction)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request = subject_access_request_create(
        subject=council.child, received_on=date(2026, 1, 5), by=council.manager
    )
    client = Client()
    client.force_login(council.manager)
    url = reverse("governance:review", kwargs={"pk": council.child.pk, "request_pk": request.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for day in range(1, 6):
        values = {
            "note_type": "visit",
            "occurred_on": date(2025, 1, day),
            "text": f"Visit {day}",
            "significant": False,
        }
        note = note_draft_save(child=council.child, note=None, values=values, version=None, by=council.worker)
        note_finalise(note=note, version=note.version, by=council.worker)
    with CaptureQueriesContext(connection) as longer:
        client.get(url)
    assert len(longer) == len(first) <= 40, (len(first), len(longer))


def test_a_referrers_name_is_proposed_for_redaction(council: Any) -> None:
    from hearth.frontdoor.services import contact_record

    contact_record(
        child=council.child,
        received_on=date(2025, 3, 3),
        source="1A",
        concern="Heard shouting late at night",
        referrer_name="Pam Neighbour",
        by=council.users[Role.FRONT_DOOR],
    )
    request = subject_access_request_create(
        subject=council.child, received_on=date(2026, 1, 5), by=council.manager
    )
    row = Redaction.objects.get(request=request, text="Pam Neighbour")
    assert row.redact and row.whose == "Referrer (contact of 3 Mar 2025)"
