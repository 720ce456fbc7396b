"""Issue 20's journey in a real browser: a manager exports a subject access bundle, reviews the redactions and
releases it; the released PDF is read back: the subject's name is in it, a third party's is not."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from e2e.conftest import assert_accessible
from e2e.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_exports_a_subject_access_bundle_reviews_the_redactions_and_releases_it(
    page: Page, council: Any
) -> None:
    from hearth.casenotes.services import note_draft_save, note_finalise
    from hearth.core import clock
    from hearth.people.models import Relationship
    from hearth.people.tests.factories import make_adult

    mother = make_adult(by=council.worker, forename="Amira", surname="Khan")
    Relationship.objects.create(
        person=mother, other=council.child, type="MOTHER", parental_responsibility=True
    )
    values = {
        "note_type": "visit",
        "occurred_on": clock.today() - timedelta(days=2),
        "text": "Jayden was seen at home with Amira Khan. Uncle Tariq was visiting and said little.",
        "significant": False,
    }
    note = note_draft_save(child=council.child, note=None, values=values, version=None, by=council.worker)
    note_finalise(note=note, version=note.version, by=council.worker)

    sign_in(page, council.manager.username)
    page.goto(f"/people/{council.child.pk}/")
    page.get_by_role("link", name="Subject access", exact=True).click()
    expect(page.get_by_role("heading", name="Subject access", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Date the request was received").fill(f"{clock.today():%d/%m/%Y}")
    page.get_by_role("button", name="Export the record").click()

    expect(page.get_by_role("heading", name="Check the redactions")).to_be_visible()
    preview = page.locator("#preview")
    expect(preview.locator("mark", has_text="Amira Khan").first).to_be_visible()
    expect(preview).to_contain_text("Uncle Tariq")  # a name the record does not hold: the reviewer adds it
    expect(page.get_by_label("Redact “Amira Khan”")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Add a redaction (optional)").fill("Tariq")
    page.get_by_label("Whose detail is it? (optional)").fill("Uncle")
    page.get_by_role("button", name="Save redactions").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Redactions saved")
    expect(page.locator("#preview mark", has_text="Tariq").first).to_be_visible()

    # Not released until the reviewer confirms the check.
    page.get_by_role("button", name="Sign off and release").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Confirm that you have checked every redaction"
    )
    page.get_by_label("I have checked every redaction").check()
    page.get_by_label("Note of the review (optional)").fill("Checked against the case file")
    page.get_by_role("button", name="Sign off and release").click()
    expect(page.locator("#released")).to_contain_text(f"Checked and released by {council.manager.full_name}")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the bundle (PDF)").click()
    content = Path(download.value.path()).read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages)
    assert "Jayden" in text and "Smith" in text and "[redacted]" in text
    assert "Amira" not in text and "Khan" not in text and "Tariq" not in text
