"""The chronology: key events by default, filters, manual entries, and a PDF that reads back."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from hearth.core import clock
from hearth.core.events import event_record
from hearth.core.models import AccessLog, Event


def record(child_id: int, kind: str, day: date, **payload: Any) -> None:
    with transaction.atomic():
        event_record(child_id=child_id, type=kind, occurred_on=day, recorded_by=None, payload=payload)


def test_key_events_by_default_and_everything_on_request(council: Any) -> None:
    child = council.child
    record(child.pk, "cp_plan.started", date(2025, 1, 6), category="Neglect")
    record(child.pk, "cp_visit.completed", date(2025, 1, 13), seen=True, seen_text="seen alone")
    client = Client()
    client.force_login(council.worker)
    key = client.get(reverse("chronology:chronology", kwargs={"pk": child.pk})).content.decode()
    assert "Child protection plan started: Neglect" in key
    assert "seen alone" not in key
    everything = client.get(
        reverse("chronology:chronology", kwargs={"pk": child.pk}), {"view": "all"}
    ).content.decode()
    assert "Visited; seen alone" in everything and "Record created" in everything


def test_filter_by_type_and_period(council: Any) -> None:
    child = council.child
    record(child.pk, "cp_plan.started", date(2023, 1, 6), category="Neglect")
    record(child.pk, "rcpc.held", date(2025, 1, 6))
    client = Client()
    client.force_login(council.worker)
    url = reverse("chronology:chronology", kwargs={"pk": child.pk})
    page = client.get(url, {"view": "all", "date_from": "1/1/2024", "date_to": "31/12/2025"}).content.decode()
    assert "Review conference held" in page and "plan started: Neglect" not in page
    page = client.get(url, {"view": "all", "type": "cp_plan.started"}).content.decode()
    assert "plan started: Neglect" in page and "Review conference held" not in page
    bad = client.get(url, {"date_from": "1/1/2025", "date_to": "1/1/2024"}).content.decode()
    assert "The &#x27;to&#x27; date must be on or after the &#x27;from&#x27; date." in bad


def test_a_manual_historical_entry_is_a_key_event_and_bad_dates_are_refused(council: Any) -> None:
    client = Client()
    client.force_login(council.worker)
    url = reverse("chronology:add", kwargs={"pk": council.child.pk})
    future = (clock.today() + timedelta(days=2)).strftime("%d/%m/%Y")
    page = client.post(url, {"occurred_on": future, "text": "Something"}).content.decode()
    assert "must be today or in the past" in page
    assert not Event.objects.filter(type="history.recorded").exists()
    response = client.post(url, {"occurred_on": "12/5/2017", "text": "Moved from Leeds; known to Leeds CSC"})
    assert response.status_code == 302
    entry = Event.objects.get(type="history.recorded")
    assert (
        entry.significance == "key"
        and entry.occurred_on == date(2017, 5, 12)
        and entry.recorded_by == council.worker
    )


def test_the_printed_chronology_is_a_pdf_with_the_events_and_the_print_is_logged(council: Any) -> None:
    record(council.child.pk, "cp_plan.started", date(2025, 1, 6), category="Neglect")
    client = Client()
    client.force_login(council.worker)
    response = client.get(reverse("chronology:print", kwargs={"pk": council.child.pk}))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert (
        "Jayden Smith" in text
        and "Child protection plan started: Neglect" in text
        and "OFFICIAL-SENSITIVE" in text
    )
    assert AccessLog.objects.filter(user=council.worker, child=council.child, action="print").count() == 1


def test_a_child_born_on_29_february_can_have_history_recorded(council: Any) -> None:
    from hearth.chronology.services import chronology_add_entry
    from hearth.people.tests.factories import make_child

    leap = make_child(by=council.worker, date_of_birth=date(2016, 2, 29))
    event = chronology_add_entry(
        child=leap, occurred_on=date(2016, 3, 1), text="Born early; in special care", by=council.worker
    )
    assert event.type == "history.recorded"
