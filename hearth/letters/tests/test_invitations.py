"""Conference invitations (issue 15): the worker types the conference's date, time and place, and the family's letter
is made from the council's template with them, kept on the enquiry or the plan. Bad answers are refused naming the
field, with nothing queued."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.core.tests.queue import run_queued
from hearth.letters.models import Letter, LetterStatus
from hearth.letters.services import letter_request
from hearth.letters.tests.test_letters import pdf_text
from hearth.people.models import Address
from hearth.protection.tests.plan_fixtures import start_plan
from hearth.protection.tests.test_conferences import enquiry_needing_conference

pytestmark = pytest.mark.django_db
ANSWERS = {
    "conference_date": "12/01/2027",
    "conference_time": "10am",
    "venue": "Northmoor Civic Centre, Room 3",
}


@pytest.fixture(autouse=True)
def today(settings: Any, council: Any) -> None:
    settings.HEARTH_TODAY = date(2026, 12, 4)
    Address.objects.create(
        person=council.child,
        line_1="4 Mill Lane",
        town="Northmoor",
        postcode="NM4 2QT",
        start_date=date(2020, 1, 1),
    )


def test_the_worker_invites_the_family_to_the_initial_conference_from_the_enquiry(council: Any) -> None:
    enquiry = enquiry_needing_conference(council)
    worker = Client()
    worker.force_login(council.worker)
    page_url = reverse("protection:section_47", kwargs={"pk": council.child.pk, "enquiry_pk": enquiry.pk})
    page = worker.get(page_url).content.decode()
    assert "Send: invitation to the initial child protection conference" in page
    send = reverse(
        "letters:send",
        kwargs={"pk": council.child.pk, "code": "conference_invitation", "record_id": enquiry.pk},
    )
    form = worker.get(send).content.decode()
    assert "The date of the conference" in form and "Where it is held" in form
    refused = worker.post(send, ANSWERS | {"venue": ""}).content.decode()
    assert "Enter where it is held (or how to join it)." in refused
    past = worker.post(send, ANSWERS | {"conference_date": "01/12/2026"}).content.decode()
    assert "The date of the conference must be today or later." in past
    assert not Letter.objects.exists()
    assert worker.post(send, ANSWERS)["Location"] == page_url
    run_queued()
    letter = Letter.objects.get()
    assert letter.status == LetterStatus.SENT, letter.error
    assert letter.answers["conference_date"] == "12 January 2027"
    assert (letter.document.attached_to, letter.document.record_id) == ("protection.section_47", enquiry.pk)
    text = " ".join(pdf_text(letter.document).split())
    assert (
        "You are invited to an initial child protection conference about Jayden on 12 January 2027 at 10am"
        in text
    )
    assert "Northmoor Civic Centre, Room 3" in text and "4 Mill Lane" in text


def test_the_review_conference_invitation_comes_from_the_open_plan(council: Any) -> None:
    plan = start_plan(council, date(2026, 10, 1))
    letter_request(
        child=council.child,
        code="review_conference_invitation",
        record_id=plan.pk,
        by=council.worker,
        answers={"conference_date": date(2026, 12, 30), "conference_time": "2pm", "venue": "By video call"},
    )
    run_queued()
    text = " ".join(pdf_text(Letter.objects.get().document).split())
    assert (
        "a review child protection conference about Jayden on 30 December 2026 at 2pm, at By video call"
        in text
    )
    assert "how the child protection plan for Jayden is working" in text


def test_an_invitation_without_its_answers_is_refused_naming_each_field(council: Any) -> None:
    plan = start_plan(council, date(2026, 10, 1))
    with pytest.raises(ValidationError) as refused:
        letter_request(
            child=council.child, code="review_conference_invitation", record_id=plan.pk, by=council.worker
        )
    assert set(refused.value.message_dict) == {"conference_date", "conference_time", "venue"}
    plan.end_date = date(2026, 12, 1)
    plan.save(update_fields=["end_date"])
    with pytest.raises(ValidationError) as ended:
        letter_request(
            child=council.child,
            code="review_conference_invitation",
            record_id=plan.pk,
            by=council.worker,
            answers={"conference_date": date(2026, 12, 30), "conference_time": "2pm", "venue": "Here"},
        )
    assert "cannot be sent from this record as it stands" in ended.value.messages[0]
    assert not Letter.objects.exists()
