"""Notifications (issue 15): made by the events that need someone to act, for people who may open the child; emailed
straight away or in a daily summary through a real SMTP server (aiosmtpd, on a port of its own), or GOV.UK Notify
(a stand-in for its API that checks what the official client sends); no child's name or details in an email."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import jwt
import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from hearth.core.tests.queue import run_queued
from hearth.documents.models import DocumentType
from hearth.documents.services import Upload, documents_add
from hearth.notifications.models import Delivery, Notification
from hearth.notifications.services import digests_queue, notify, preferences_save
from hearth.notifications.tests.smtp import REFUSED, Mailbox
from hearth.organisation.services import allocation_change
from hearth.organisation.tests.factories import StaffUserFactory
from hearth.protection.tests.plan_fixtures import start_plan
from hearth.visits.services import visit_record

NOT_SEEN = {
    "seen": False,
    "seen_alone": False,
    "bedroom_seen": False,
    "not_seen_reason": "No access",
    "note": "No answer at the door",
}


def _fail_a_visit(council: Any) -> Any:
    plan = start_plan(council, date(2025, 3, 3))
    return visit_record(kind="cp", plan=plan, visit_date=date(2025, 3, 14), by=council.worker, **NOT_SEEN)


def test_a_failed_visit_reaches_the_manager_by_email_with_a_link_and_no_details(
    council: Any, mailbox: Mailbox
) -> None:
    council.manager.email = "manager@northmoor.example"
    council.manager.save()
    visit = _fail_a_visit(council)
    notification = Notification.objects.get(kind="failed_visit")
    # The manager over the child's team; not the worker, who recorded it.
    assert notification.recipient == council.manager and notification.delivery == Delivery.IMMEDIATE
    assert notification.url == reverse(
        "visits:failed_seen", kwargs={"pk": council.child.pk, "visit_pk": visit.pk}
    )
    assert mailbox.messages == []  # sent by the worker, not in the request
    run_queued()
    [message] = mailbox.messages
    assert message["To"] == "manager@northmoor.example"
    assert message["Subject"] == "Hearth: a visit failed"
    body = message.get_payload(decode=True).decode()
    assert f"https://hearth.northmoor.example{notification.url}" in body
    for detail in (council.child.forename, council.child.surname, council.child.person_number, "No access"):
        assert detail not in body and detail not in message["Subject"]
    notification.refresh_from_db()
    assert notification.emailed_at is not None and notification.email_error == ""
    # In Hearth, the manager sees it with the child's name, and following it marks it read.
    manager = Client()
    manager.force_login(council.manager)
    page = manager.get(reverse("notifications:notifications")).content.decode()
    assert "A visit failed" in page and council.child.full_name in page and "1 unread" in page
    response = manager.post(reverse("notifications:open", kwargs={"notification_pk": notification.pk}))
    assert response["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_daily_summary_collects_what_waits_and_sends_each_once(council: Any, mailbox: Mailbox) -> None:
    run_queued()  # the council's own allocations' news, before the worker had an email address
    council.worker.email = "worker@northmoor.example"
    council.worker.save()
    front_door = council.users["front_door"]
    content = b"School attendance notes\n"

    def add(title: str) -> None:
        documents_add(
            child=council.child,
            uploads=[Upload(f"{title}.txt", io.BytesIO(content), len(content))],
            values={
                "document_type": DocumentType.objects.get(name="School report"),
                "document_date": date(2026, 1, 5),
            },
            by=front_door,
        )

    add("first")
    add("second")
    notes = Notification.objects.filter(recipient=council.worker, kind="document_added")
    assert notes.count() == 2 and {n.delivery for n in notes} == {Delivery.DIGEST}
    run_queued()
    assert mailbox.messages == []  # a summary waits for the morning's run
    assert digests_queue() == 1
    run_queued()
    [summary] = mailbox.messages
    assert summary["Subject"] == "Hearth: your daily summary (2 new)"
    assert "A document was added to a child you hold: 2" in summary.get_payload(decode=True).decode()
    assert digests_queue() == 0  # nothing is sent twice
    add("third")  # after the summary: it waits for the next one
    assert digests_queue() == 1
    run_queued()
    assert len(mailbox.messages) == 2
    assert mailbox.messages[1]["Subject"] == "Hearth: your daily summary (1 new)"


def test_an_address_the_mail_server_refuses_is_shown_to_the_person_and_not_tried_again(
    council: Any, mailbox: Mailbox
) -> None:
    council.manager.email = REFUSED
    council.manager.save()
    _fail_a_visit(council)
    run_queued()
    assert mailbox.messages == []
    notification = Notification.objects.get(kind="failed_visit")
    assert notification.emailed_at is None
    assert notification.email_error.startswith(f"The mail server refused {REFUSED}: 550")
    tries = DBTaskResult.objects.filter(args_kwargs__kwargs__notification_pk=notification.pk)
    assert [t.status for t in tries] == ["SUCCESSFUL"]  # a refusal is an answer: not tried again
    manager = Client()
    manager.force_login(council.manager)
    page = manager.get(reverse("notifications:notifications")).content.decode()
    assert "We could not email you: The mail server refused" in page


def test_while_the_mail_server_is_down_the_email_is_tried_again(council: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    council.manager.email = "manager@northmoor.example"
    council.manager.save()
    _fail_a_visit(council)
    run_queued()
    notification = Notification.objects.get(kind="failed_visit")
    tries = DBTaskResult.objects.filter(args_kwargs__kwargs__notification_pk=notification.pk)
    assert [t.status for t in tries] == ["FAILED"] * 4  # the first try and three more
    assert "Connection refused" in tries.last().traceback
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_each_person_chooses_how_each_kind_reaches_them(council: Any, mailbox: Mailbox) -> None:
    council.manager.email = "manager@northmoor.example"
    council.manager.save()
    manager = Client()
    manager.force_login(council.manager)
    form = manager.get(reverse("notifications:preferences")).content.decode()
    assert "A visit failed" in form and "By email in a daily summary" in form
    manager.post(reverse("notifications:preferences"), {"failed_visit": Delivery.IN_APP})
    _fail_a_visit(council)
    run_queued()
    assert mailbox.messages == []
    assert Notification.objects.get(kind="failed_visit").delivery == Delivery.IN_APP
    with pytest.raises(Exception, match="Choose how this news reaches you"):
        preferences_save(user=council.manager, choices={"failed_visit": "carrier pigeon"})


def test_a_new_allocation_tells_the_new_worker_and_no_one_hears_of_a_child_they_cannot_open(
    council: Any, far: Any
) -> None:
    newcomer = StaffUserFactory(username="newcomer", full_name="New Comer", team=council.team)
    allocation_change(
        child_id=council.child.pk,
        worker=newcomer,
        team=council.team,
        start_date=date(2026, 11, 2),
        reason="Caseload balancing",
        by=council.manager,
    )
    [note] = Notification.objects.filter(kind="allocation", recipient=newcomer)
    assert note.text == "Allocated to you from 2 November 2026"
    assert not Notification.objects.filter(kind="allocation", recipient=council.manager).exists()
    far_worker, _ = far
    assert (
        notify(kind="failed_visit", recipients=[far_worker], text="x", url="/", child_id=council.child.pk)
        == []
    )


class StandInNotify(BaseHTTPRequestHandler):
    """GOV.UK Notify's send-email endpoint as the official client calls it: a JWT signed with the key's secret,
    issued by the service, and the email's address, template and personalisation."""

    received: list[dict[str, Any]] = []
    service_id = "26785a09-ab16-4eb0-8407-a37497a57506"
    secret = "3d844edf-8d35-48ac-975b-e847b4f122b0"

    def do_POST(self) -> None:
        token = self.headers["Authorization"].removeprefix("Bearer ")
        claims = jwt.decode(token, self.secret, algorithms=["HS256"])
        assert claims["iss"] == self.service_id
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        StandInNotify.received.append({"path": self.path, **body})
        if body["email_address"] == REFUSED:
            self._answer(
                400,
                {
                    "errors": [
                        {"error": "ValidationError", "message": "email_address Not a valid email address"}
                    ],
                    "status_code": 400,
                },
            )
            return
        self._answer(201, {"id": "740e5834-3a29-46b4-9a6f-16142fde533a", "content": {}, "template": {}})

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def notify_api(settings: Any) -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), StandInNotify)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    StandInNotify.received = []
    settings.EMAIL_BACKEND = "hearth.notifications.notify.NotifyEmailBackend"
    settings.HEARTH_NOTIFY_API_KEY = f"hearth_test-{StandInNotify.service_id}-{StandInNotify.secret}"
    settings.HEARTH_NOTIFY_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
    settings.HEARTH_NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    yield settings.HEARTH_NOTIFY_BASE_URL
    server.shutdown()
    server.server_close()


def test_gov_uk_notify_sends_the_same_email_through_its_template(council: Any, notify_api: str) -> None:
    council.manager.email = "manager@northmoor.example"
    council.manager.save()
    _fail_a_visit(council)
    run_queued()
    [sent] = StandInNotify.received
    assert sent["path"] == "/v2/notifications/email"
    assert sent["email_address"] == "manager@northmoor.example"
    assert sent["template_id"] == "f33517ff-2a88-4f6e-b855-c550268ce08a"
    assert sent["personalisation"]["subject"] == "Hearth: a visit failed"
    assert council.child.surname not in sent["personalisation"]["body"]
    assert Notification.objects.get(kind="failed_visit").emailed_at is not None
    council.manager.email = REFUSED
    council.manager.save()
    Notification.objects.all().delete()
    _fail_a_visit_again(council)
    run_queued()
    assert Notification.objects.get(kind="failed_visit").email_error.startswith(
        f"The mail server refused {REFUSED}"
    )


def _fail_a_visit_again(council: Any) -> None:
    from hearth.protection.models import ChildProtectionPlan

    plan = ChildProtectionPlan.objects.get(child=council.child)
    visit_record(kind="cp", plan=plan, visit_date=date(2025, 3, 21), by=council.worker, **NOT_SEEN)
