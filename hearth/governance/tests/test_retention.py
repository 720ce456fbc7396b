"""Retention and disposal (issue 20, ADR 41): each record kept by the highest status it reached for the council's
period, the review of records whose period has ended (page and command), disposal as an audited action that erases
the record and its documents and leaves a tombstone, and a legal hold that blocks it with a clear message."""

from __future__ import annotations

import io
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from config.settings.base import documents_storage
from hearth.care.models import CareEpisode, CareLeaverStatus, CarePeriod, LegalOrder, Placement
from hearth.children_in_need.models import CinEpisode
from hearth.core import clock
from hearth.core.council_settings import council_setting_set
from hearth.core.models import AccessLog, ChangeLog, Event
from hearth.documents.models import DocumentType, DocumentVersion
from hearth.documents.services import Upload, documents_add
from hearth.governance.disposal import legal_hold_place, record_dispose
from hearth.governance.models import Disposal, LegalHold
from hearth.governance.retention import record_retention
from hearth.organisation.roles import Role
from hearth.people.models import Person, Relationship
from hearth.people.tests.factories import make_adult, make_child
from hearth.protection.models import ChildProtectionPlan

pytestmark = pytest.mark.dates


@pytest.fixture(autouse=True)
def own_documents_folder(settings: Any, tmp_path: Path) -> None:
    settings.STORAGES = {**settings.STORAGES, "documents": documents_storage(tmp_path)}


def _born(years_ago: int, days: int = 0) -> date:
    today = clock.today()
    try:
        day = today.replace(year=today.year - years_ago)
    except ValueError:
        day = today.replace(year=today.year - years_ago, day=28)
    return day - timedelta(days=days)


def _in_need(child: Person, referred: date, closed: date | None) -> None:
    CinEpisode.objects.create(child=child, referral_date=referred, referral_source="1A", closure_date=closed)


def _confirm(key: str, years: int, by: Any) -> None:
    council_setting_set(
        key=key, value=years, effective_from=date(2020, 1, 1), note="Confirmed by the IG board", user=by
    )


def test_each_record_is_kept_by_the_highest_status_the_child_reached(council: Any) -> None:
    contact_only = make_child(forename="Cora", surname="Contact", date_of_birth=date(2001, 5, 2))
    in_need = make_child(forename="Nina", surname="Need", date_of_birth=date(2001, 5, 2))
    _in_need(in_need, date(2010, 1, 4), date(2010, 6, 1))
    on_plan = make_child(forename="Pia", surname="Plan", date_of_birth=date(2001, 5, 2))
    _in_need(on_plan, date(2010, 1, 4), date(2011, 6, 1))
    ChildProtectionPlan.objects.create(
        child=on_plan,
        start_date=date(2010, 3, 1),
        end_date=date(2011, 3, 1),
        initial_category="NEG",
        latest_category="NEG",
    )
    looked_after = make_child(forename="Leo", surname="After", date_of_birth=date(2001, 5, 2))
    period = CarePeriod.objects.create(child=looked_after, start_date=date(2012, 1, 9), legal_status="C2")
    placement = Placement.objects.create(
        period=period, start_date=date(2012, 1, 9), placement_type="U1", provider="PR1"
    )
    CareEpisode.objects.create(
        period=period,
        child=looked_after,
        placement=placement,
        start_date=date(2012, 1, 9),
        end_date=date(2013, 1, 9),
        reason_new="S",
        legal_status="C2",
        reason_ceased="E13",
    )
    leaver = make_child(forename="Lee", surname="Leaver", date_of_birth=date(2001, 5, 2))
    CareLeaverStatus.objects.create(
        child=leaver, eligibility="former_relevant", start_date=date(2019, 5, 2), end_date=date(2026, 5, 2)
    )
    adopted = make_child(forename="Ada", surname="Adopted", date_of_birth=date(2014, 2, 28))
    LegalOrder.objects.create(child=adopted, kind="adoption", start_date=date(2016, 2, 29))

    kept = {
        p.forename: record_retention(p)
        for p in (contact_only, in_need, on_plan, looked_after, leaver, adopted)
    }
    assert {name: (r.rule.key, r.ends_on) for name, r in kept.items()} == {
        "Cora": ("other_child", date(2026, 5, 2)),
        "Nina": ("child_in_need", date(2026, 5, 2)),
        "Pia": ("child_protection", date(2026, 5, 2)),
        "Leo": ("looked_after", date(2076, 5, 2)),
        "Lee": ("care_leaver", date(2076, 5, 2)),
        "Ada": ("adopted", date(2116, 2, 29)),  # 100 years from the order
    }
    # The council's own period counts from the day it is set: a council keeping child protection records 40 years.
    _confirm("retention_years_child_protection", 40, council.users[Role.HEAD_OF_SERVICE])
    assert (record_retention(on_plan).ends_on, record_retention(on_plan).confirmed) == (
        date(2041, 5, 2),
        True,
    )
    assert not record_retention(in_need).confirmed


def test_the_review_lists_records_whose_retention_ended_on_the_page_and_from_the_command(
    council: Any,
) -> None:
    due = make_child(forename="Olwen", surname="Old", date_of_birth=_born(25, days=3))
    _in_need(due, _born(12), _born(11))
    young = make_child(forename="Yara", surname="Young", date_of_birth=_born(24))
    _in_need(young, _born(12), _born(11))
    still_open = make_child(forename="Otto", surname="Open", date_of_birth=_born(30))
    _in_need(still_open, _born(5), None)
    client = Client()
    client.force_login(council.users[Role.PERFORMANCE])
    page = client.get(reverse("governance:retention")).content.decode()
    due_table = page.split('id="due"')[1].split("</table>")[0]
    assert "Olwen Old" in due_table and "Otto Open" in due_table and "Yara Young" not in due_table
    assert "The record has open work" in due_table
    assert "has not confirmed the retention period for child in need records" in due_table
    assert "Not confirmed" in page.split('id="rules"')[1]
    assert 'href="/records/retention/"' in page  # in the menu of those who may review
    out = io.StringIO()
    call_command("retention", stdout=out)
    listed = out.getvalue()
    assert due.person_number in listed and young.person_number not in listed
    assert "Child in need: 25 years from the date of birth (NOT CONFIRMED" in listed
    # Need-to-know: a head of service sees the due records they may open, not the council's others.
    head = Client()
    head.force_login(council.users[Role.HEAD_OF_SERVICE])
    head_page = head.get(reverse("governance:retention")).content.decode()
    assert "Olwen Old" not in head_page and "No record's retention has ended" in head_page
    worker = Client()
    worker.force_login(council.worker)
    assert worker.get(reverse("governance:retention")).status_code == 403
    assert 'href="/records/retention/"' not in worker.get(reverse("worklists:my_work")).content.decode()


def _a_document(child: Person, by: Any) -> DocumentVersion:
    content = b"Notes from a visit long ago\n" * 10
    upload = Upload("visit.txt", BytesIO(content), len(content))
    values = {"document_type": DocumentType.objects.first(), "document_date": date(2012, 5, 1)}
    document = documents_add(child=child, uploads=[upload], values=values, by=by)[0]
    return document.versions.get()


def test_disposal_erases_the_record_and_its_documents_and_leaves_a_tombstone(
    council: Any, django_capture_on_commit_callbacks: Any
) -> None:
    officer = council.users[Role.PERFORMANCE]
    child = make_child(by=council.worker, forename="Dora", surname="Done", date_of_birth=_born(26))
    _in_need(child, _born(14), _born(13))
    mother = make_adult(forename="Mona", surname="Done")
    Relationship.objects.create(person=mother, other=child, type="MOTHER")
    version = _a_document(child, officer)
    assert storages["documents"].exists(version.file)
    _confirm("retention_years_child_in_need", 25, council.users[Role.HEAD_OF_SERVICE])
    client = Client()
    client.force_login(officer)
    url = reverse("governance:dispose", kwargs={"pk": child.pk})
    page = client.get(url).content.decode()
    removed = page.split('id="removed"')[1].split("</table>")[0]
    for kind in ("Person</th>", "Cin episode</th>", "Document</th>", "Document version</th>", "Event</th>"):
        assert kind in removed, kind
    assert 'id="problem"' not in page  # nothing stands in the way
    others = Person.objects.exclude(pk__in=[child.pk]).count()

    # No reason: refused, naming the field, nothing changed.
    refused = client.post(url, {"reason": ""})
    assert "Enter the reason for disposal" in refused.content.decode()
    assert Person.objects.filter(pk=child.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):  # the files go once the erasure is committed
        response = client.post(
            url, {"reason": "Retention review: child in need record past the 25th birthday"}
        )
    assert response.status_code == 302 and response.url == reverse("governance:retention")
    assert not Person.objects.filter(pk=child.pk).exists()
    assert not Event.objects.filter(child_id=child.pk).exists()
    assert not AccessLog.objects.filter(child_id=child.pk).exists()
    assert not ChangeLog.objects.filter(child_id=child.pk).exists()
    assert not ChangeLog.objects.filter(model="people.person", object_id=child.pk).exists()
    assert not CinEpisode.objects.filter(child_id=child.pk).exists()
    assert not DocumentVersion.objects.filter(pk=version.pk).exists()
    assert not storages["documents"].exists(version.file)
    assert Person.objects.count() == others  # the mother's record and everyone else's are kept
    assert not Relationship.objects.filter(person=mother).exists()
    tombstone = Disposal.objects.get()
    assert (tombstone.person_number, tombstone.rule, tombstone.disposed_by, tombstone.files_removed) == (
        child.person_number,
        "child_in_need",
        officer,
        1,
    )
    assert tombstone.removed["people.person"] == 1 and tombstone.removed["documents.document"] == 1
    assert ChangeLog.objects.filter(
        model="governance.disposal", object_id=tombstone.pk, user=officer
    ).exists()
    listed = client.get(reverse("governance:retention")).content.decode().split('id="disposed"')[1]
    assert child.person_number in listed and "Dora" not in listed


def test_a_legal_hold_blocks_disposal_with_a_clear_message_and_changes_nothing(council: Any) -> None:
    head = council.users[Role.HEAD_OF_SERVICE]
    officer = council.users[Role.PERFORMANCE]
    child = make_child(forename="Hal", surname="Held", date_of_birth=_born(27))
    _in_need(child, _born(14), _born(13))
    _confirm("retention_years_child_in_need", 25, head)
    client = Client()
    client.force_login(officer)
    placed = client.post(
        reverse("governance:record", kwargs={"pk": child.pk}),
        {"reason": "Civil claim about care in 2012 (solicitor's letter of 3 March)", "until": ""},
    )
    assert placed.status_code == 302
    hold = LegalHold.objects.get(person=child)
    assert ChangeLog.objects.filter(model="governance.legalhold", object_id=hold.pk).exists()
    changes = ChangeLog.objects.count()

    response = client.post(reverse("governance:dispose", kwargs={"pk": child.pk}), {"reason": "Due"})
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert "The record is under a legal hold placed by Quality assurance and performance Person" in page
    assert "cannot be disposed of while the hold is in force" in page
    assert Person.objects.filter(pk=child.pk).exists() and not Disposal.objects.exists()
    assert ChangeLog.objects.count() == changes
    with pytest.raises(Exception, match="legal hold"):
        record_dispose(person=child, reason="Due", by=officer)

    # Lifted with a reason, the record may go.
    lift = reverse("governance:hold_lift", kwargs={"pk": child.pk, "hold_pk": hold.pk})
    assert "Enter why the hold is lifted" in client.post(lift, {"lifted_reason": ""}).content.decode()
    assert client.post(lift, {"lifted_reason": "Claim settled"}).status_code == 302
    record_dispose(person=child, reason="Due after the claim settled", by=officer)
    assert not Person.objects.filter(pk=child.pk).exists()


def test_a_hold_that_has_ended_no_longer_blocks_and_a_past_end_is_refused(council: Any) -> None:
    head = council.users[Role.PERFORMANCE]
    child = make_child(forename="Ena", surname="Ended", date_of_birth=_born(27))
    with pytest.raises(Exception, match="which has passed"):
        legal_hold_place(person=child, reason="Inquiry", until=clock.today() - timedelta(days=1), by=head)
    hold = legal_hold_place(person=child, reason="Inquiry", until=clock.today(), by=head)
    assert record_retention(child).held == hold
    LegalHold.objects.filter(pk=hold.pk).update(until=clock.today() - timedelta(days=1))
    assert record_retention(child).held is None


def test_disposal_before_the_period_ends_or_under_an_unconfirmed_period_or_by_a_worker_is_refused(
    council: Any,
) -> None:
    officer = council.users[Role.PERFORMANCE]
    young = make_child(forename="Yan", surname="Young", date_of_birth=_born(24))
    old = make_child(forename="Ola", surname="Older", date_of_birth=_born(26))
    with pytest.raises(Exception, match="kept until"):
        record_dispose(person=young, reason="Due", by=officer)
    with pytest.raises(Exception, match="has not confirmed the retention period"):
        record_dispose(person=old, reason="Due", by=officer)
    client = Client()
    client.force_login(council.worker)
    response = client.post(reverse("governance:dispose", kwargs={"pk": council.child.pk}), {"reason": "Due"})
    assert response.status_code == 403
    assert "Your role may not dispose of a record" in response.content.decode()
    assert Person.objects.filter(pk__in=[young.pk, old.pk, council.child.pk]).count() == 3


def test_an_adults_record_is_kept_while_it_is_linked_to_a_childs(council: Any) -> None:
    linked = make_adult(forename="Pat", surname="Parent")
    Relationship.objects.create(person=linked, other=council.child, type="FATHER")
    alone = make_adult(forename="Al", surname="Alone")
    for adult in (linked, alone):
        Person.objects.filter(pk=adult.pk).update(created_at=clock.now() - timedelta(days=365 * 7))
        ChangeLog.objects.filter(model="people.person", object_id=adult.pk).update(
            at=clock.now() - timedelta(days=365 * 7)
        )
    assert record_retention(linked).linked_children == 1
    assert "kept with the 1 child's record" in (record_retention(linked).problem() or "")
    assert record_retention(alone).ended and record_retention(alone).rule.key == "adult"


def test_an_adult_in_a_household_with_a_child_is_kept_and_the_review_reads_in_a_fixed_number_of_queries(
    council: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hearth.governance.retention import retention_review
    from hearth.people.models import Household, HouseholdMembership

    household = Household.objects.create(family_identifier="F-RET-1")
    lodger = make_adult(forename="Lou", surname="Lodger")
    HouseholdMembership.objects.create(household=household, person=lodger, start_date=date(2010, 1, 1))
    HouseholdMembership.objects.create(
        household=household, person=council.child, start_date=date(2016, 3, 14)
    )
    assert record_retention(lodger).linked_children == 1

    def old_children(count: int) -> None:
        for number in range(count):
            child = make_child(forename="Old", surname=f"Record{number}", date_of_birth=_born(30 + number))
            _in_need(child, _born(20), _born(19))

    old_children(2)
    with CaptureQueriesContext(connection) as few:
        assert len(retention_review()) == 2
    old_children(4)
    with CaptureQueriesContext(connection) as more:
        assert len(retention_review()) == 6
    assert len(more) == len(few)


def test_a_working_copy_is_kept_from_the_case_closing_and_disposed_of_alone(
    council: Any, django_capture_on_commit_callbacks: Any
) -> None:
    officer = council.users[Role.PERFORMANCE]
    child = make_child(forename="Wren", surname="Working", date_of_birth=_born(15))
    _in_need(child, _born(9), _born(7))  # closed seven years ago
    working = DocumentType.objects.create(name="Working notes", retention="short")
    content = b"Jotted notes\n" * 5
    copy = documents_add(
        child=child,
        uploads=[Upload("jottings.txt", BytesIO(content), len(content))],
        values={"document_type": working, "document_date": _born(8)},
        by=officer,
    )[0]
    kept = _a_document(child, officer)  # a document kept with the record
    client = Client()
    client.force_login(officer)
    due = client.get(reverse("governance:retention")).content.decode().split('id="documents-due"')[1]
    assert "jottings" in due and "has not confirmed the retention period for working copies" in due
    assert "Notes from a visit" not in due
    _confirm("retention_years_working_copy", 6, officer)
    url = reverse("governance:document_dispose", kwargs={"pk": child.pk, "document_pk": copy.pk})
    file = copy.versions.get().file
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Working copy past six years from the case closing"})
    assert response.status_code == 302
    assert not DocumentVersion.objects.filter(document_id=copy.pk).exists()
    assert not storages["documents"].exists(file)
    assert Person.objects.filter(pk=child.pk).exists() and DocumentVersion.objects.filter(pk=kept.pk).exists()
    tombstone = Disposal.objects.get(kind="document")
    assert (tombstone.person_number, tombstone.rule, tombstone.files_removed) == (
        child.person_number,
        "working_copy",
        1,
    )

    # A document kept with the record is not disposed of alone; a hold on the child blocks its working copies.
    refused = client.post(
        reverse("governance:document_dispose", kwargs={"pk": child.pk, "document_pk": kept.document_id}),
        {"reason": "Due"},
    )
    assert "kept with the child's record" in refused.content.decode().replace("&#x27;", "'")
    another = documents_add(
        child=child,
        uploads=[Upload("more.txt", BytesIO(content), len(content))],
        values={"document_type": working, "document_date": _born(8)},
        by=officer,
    )[0]
    legal_hold_place(person=child, reason="Subject access dispute", until=None, by=officer)
    held = client.post(
        reverse("governance:document_dispose", kwargs={"pk": child.pk, "document_pk": another.pk}),
        {"reason": "Due"},
    )
    assert "under a legal hold" in held.content.decode()
    assert DocumentVersion.objects.filter(document_id=another.pk).exists()
    assert Disposal.objects.count() == 1
