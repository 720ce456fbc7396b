"""Issue 15's journeys in a real browser: documents kept and opened behind need-to-know, and news that reaches a
manager by email (a real SMTP server) whose link leads to where they act."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from reportlab.pdfgen import canvas

from e2e.conftest import assert_accessible
from e2e.test_journeys import on_a_child_in_need_plan, sign_in, sign_out
from hearth.core import clock
from hearth.core.tests.queue import run_queued
from hearth.notifications.tests.smtp import Mailbox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_social_worker_keeps_a_conference_report_and_a_photo_and_a_colleague_without_access_cannot_open_them(
    page: Page, council: Any, far: Any, tmp_path: Path
) -> None:
    from hearth.documents.models import DocumentType

    # The council's list as its migration writes it (another transactional test may have emptied the tables).
    DocumentType.objects.get_or_create(
        name="Child protection conference report", defaults={"retention": "child_record"}
    )
    report = io.BytesIO()
    pdf = canvas.Canvas(report)
    pdf.drawString(72, 720, "Initial child protection conference report")
    pdf.save()
    (tmp_path / "ICPC report.pdf").write_bytes(report.getvalue())
    photo = io.BytesIO()
    Image.new("RGB", (64, 48), "blue").save(photo, format="PNG")
    (tmp_path / "Bedroom.png").write_bytes(photo.getvalue())

    sign_in(page, council.worker.username)
    page.goto(f"/people/{council.child.pk}/")
    page.get_by_role("link", name="Documents", exact=True).click()
    expect(page.get_by_role("heading", name="Documents")).to_be_visible()
    page.get_by_role("link", name="Add documents").click()
    assert_accessible(page)
    page.locator('input[type="file"]').set_input_files(
        [str(tmp_path / "ICPC report.pdf"), str(tmp_path / "Bedroom.png")]
    )
    page.get_by_label("Type of document").select_option(label="Child protection conference report")
    page.get_by_role("button", name="Add documents").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 documents added")
    listing = page.locator("#documents")
    expect(listing).to_contain_text("ICPC report")
    expect(listing).to_contain_text("Bedroom")
    assert_accessible(page)

    listing.get_by_role("link", name="ICPC report").click()
    expect(page.locator("#document-details")).to_contain_text("Child protection conference report")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download ICPC report.pdf").click()
    assert Path(download.value.path()).read_bytes() == report.getvalue()
    document_url = page.url
    sign_out(page)

    far_worker, _ = far
    sign_in(page, far_worker.username)
    page.goto(document_url)
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.goto(f"/people/{council.child.pk}/documents/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


def test_a_manager_is_emailed_when_a_visit_fails_follows_the_link_and_acts(
    page: Page,
    council: Any,
    mailbox: Mailbox,
    live_server: Any,
    settings: Any,
) -> None:
    settings.HEARTH_BASE_URL = live_server.url
    worker, manager = council.worker, council.manager
    manager.email = "manager@northmoor.example"
    manager.save()
    today = clock.today()
    episode_id = on_a_child_in_need_plan(council)
    run_queued()  # what the council's set-up sent, before the visit
    mailbox.messages.clear()

    sign_in(page, worker.username)
    page.goto(f"/people/{council.child.pk}/children-in-need/{episode_id}/")
    page.get_by_role("link", name="Record a visit").click()
    page.get_by_label("Date of the visit").fill((today - timedelta(days=1)).strftime("%d/%m/%Y"))
    page.get_by_role("group", name="Was the child seen?").get_by_label("No").check()
    page.get_by_label("If the child was not seen, why not").fill("No one at home; curtains drawn")
    page.get_by_role("button", name="Record the visit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("the manager has been told")
    sign_out(page)

    run_queued()  # the worker beside the server (`hearth worker`)
    [email] = [m for m in mailbox.messages if m["To"] == "manager@northmoor.example"]
    assert email["Subject"] == "Hearth: a visit failed"
    body = email.get_payload(decode=True).decode()
    assert "Jayden" not in body and "curtains" not in body
    link = re.search(r"Open it in Hearth: (\S+)", body)
    assert link is not None and link.group(1).startswith(live_server.url)

    sign_in(page, manager.username)
    page.goto(link.group(1))
    expect(page.get_by_role("heading", name="Failed child in need visit")).to_be_visible()
    expect(page.locator("main")).to_contain_text("curtains drawn")
    assert_accessible(page)
    page.get_by_label("What you have decided or asked for").fill("Ask the police for a welfare check today")
    page.get_by_role("button", name="Mark as seen by the manager").click()
    expect(page.locator("#failed-visits")).to_contain_text("No failed visit is waiting for a manager.")
    page.get_by_role("link", name="Notifications").click()
    expect(page.locator("#notifications")).to_contain_text("A visit failed")
    assert_accessible(page)


def test_a_front_door_worker_sends_the_referrer_feedback_from_a_template_and_finds_it_on_the_contact(
    page: Page, council: Any
) -> None:
    from pypdf import PdfReader

    from hearth.frontdoor.models import Contact

    contact = Contact.objects.create(
        child=council.child,
        received_on=clock.today() - timedelta(days=3),
        source="1A",
        concern="Bruising seen at school",
        referrer_name="Ms Priya Shah",
        referrer_organisation="Northmoor Primary School",
        outcome="advice",
        decided_on=clock.today() - timedelta(days=2),
        decided_by=council.users["front_door"],
        decision_reason="Explained by a fall at football",
    )
    sign_in(page, council.users["front_door"].username)
    page.goto(f"/people/{council.child.pk}/contacts/{contact.pk}/")
    page.get_by_role("button", name="Send: feedback to the referrer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Feedback to the referrer: being prepared"
    )
    expect(page.locator("#record-letters")).to_contain_text("Being prepared")
    assert_accessible(page)

    run_queued()  # the worker beside the server makes the letter
    page.reload()
    expect(page.locator("#record-letters")).to_contain_text("Sent")
    documents = page.locator("#record-documents")
    documents.get_by_role("link", name="Feedback to the referrer to Ms Priya Shah").click()
    expect(page.locator("#document-details")).to_contain_text("Letter sent")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Feedback to the referrer.pdf").click()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(download.value.path()).pages).split())
    assert "Dear Ms Priya Shah" in text and "we have given advice and information" in text
