"""Numbers from the record (issue 19): the director sees a team's assessments in 45 working days fall, drills down to
the children and opens one; the performance officer downloads Ofsted's Annex A, read back here."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_journeys import sign_in
from hearth.core import clock
from hearth.core.tests.queue import run_queued
from hearth.indicators.measures import months_to
from hearth.indicators.tests.test_indicators import (  # noqa: F401 (month_with_two: a fixture)
    _assessed,
    held_by,
    month_with_two,
)
from hearth.organisation.roles import Role, Scope
from hearth.organisation.tests.factories import StaffUserFactory
from hearth.people.tests.factories import make_child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_drills_down_from_a_falling_figure_to_a_child(
    page: Page,
    council: Any,
    month_with_two: Any,  # noqa: F811
) -> None:
    last, late = month_with_two
    before = months_to(clock.today())[-3]
    # The month before, the other team's one assessment was in time: its figure falls from 100% to 0%.
    earlier = make_child(by=council.colleague, forename="Ola", surname="Earlier")
    held_by(council, earlier, council.colleague, council.other_team, before.start - timedelta(days=60))
    _assessed(
        council,
        earlier,
        before.start,
        before.start + timedelta(days=10),
        worker=council.colleague,
        manager=council.users[Role.HEAD_OF_SERVICE],
    )
    director = StaffUserFactory(
        username="director", full_name="Dana Director", role=Role.HEAD_OF_SERVICE, scope=Scope.ALL
    )
    sign_in(page, director.username)
    page.get_by_role("link", name="Performance").click()
    expect(page.get_by_role("heading", name="Performance")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Assessments completed in 45 working days", exact=True).click()
    expect(page.get_by_role("img", name="Assessments completed in 45 working days by month")).to_be_visible()
    expect(page.locator("#by-month")).to_contain_text(last.label)
    assert_accessible(page)
    # By team, for the last month: the other team is at 0%.
    team_row = page.locator("#by-team tr", has_text=council.other_team.name)
    expect(team_row).to_contain_text("0.0%")
    team_row.get_by_role("link", name=council.other_team.name).click()
    expect(
        page.get_by_role(
            "heading", name=f"Assessments completed in 45 working days: {council.other_team.name}"
        )
    ).to_be_visible()
    expect(page.locator("#by-month tr", has_text=before.label)).to_contain_text("100.0%")
    month_row = page.locator("#by-month tr", has_text=last.label)
    expect(month_row).to_contain_text("0.0%")
    # The children behind the month's figure, and one of them opened.
    month_row.get_by_role("link", name="1").click()
    expect(
        page.get_by_role("heading", name=f"Assessments completed in 45 working days, {last.label}")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Mia Late").click()
    expect(page.locator(".hearth-identity-bar")).to_contain_text("Mia Late")


def test_the_performance_officer_downloads_annex_a(page: Page, council: Any, month_with_two: Any) -> None:  # noqa: F811
    today = clock.today()
    sign_in(page, council.users[Role.PERFORMANCE].username)
    page.get_by_role("link", name="Returns").click()
    form = page.locator("#annex-a")
    form.get_by_label("Day").fill(str(today.day))
    form.get_by_label("Month").fill(str(today.month))
    form.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Export Annex A").click()
    run_queued()
    page.reload()
    expect(page.locator("#done")).to_contain_text("Export complete")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download").click()
    download = downloading.value
    assert download.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True)
    assert book.sheetnames[:8] == [f"List {number}" for number in range(1, 9)]
    assessments = list(book["List 4"].iter_rows(values_only=True))
    assert len(assessments) == 3  # the heading, Jayden's and Mia's assessments
    assert assessments[0][0] == "Child Unique ID"
