"""Reviewing officers' capacity on the chairs' and reviewing officers' page (issue 16 item 8): caseload against the
setting, reviews overdue and due, reviews without meeting the child first, records late."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse

from hearth.care.reviews import iro_allocate, review_record
from hearth.care.tests.helpers import carer, held_child, start_care
from hearth.care.workload import reviewing_officers
from hearth.core.council_settings import council_setting_set
from hearth.organisation.roles import Role
from hearth.organisation.tests.factories import StaffUserFactory


def test_each_reviewing_officers_children_reviews_and_records(council: Any) -> None:
    iro = council.users[Role.INDEPENDENT_REVIEWING_OFFICER]
    idle = StaffUserFactory(
        username="iro2", full_name="Another Reviewer", role=Role.INDEPENDENT_REVIEWING_OFFICER
    )
    council_setting_set(key="iro_caseload_highest", value=1, effective_from=date(2020, 1, 1))
    first = start_care(council, date(2025, 3, 3))
    other = held_child(council, forename="Ava", date_of_birth=date(2014, 2, 2))
    second = start_care(
        council, date(2025, 4, 7), child=other, provider=carer(name="Second", reference="FC-9")
    )
    for period in (first, second):
        iro_allocate(period=period, iro=iro, on=period.start_date, by=council.manager)
    first.refresh_from_db()
    review_record(
        period=first,
        version=first.version,
        held_on=date(2025, 3, 28),
        participation="PN1",
        iro_met_child_on=None,
        child_views="",
        summary="Settled",
        recommendations=[],
        progress=[],
        by=iro,
    )
    today = date(2025, 6, 2)
    rows = {row.staff_id: row for row in reviewing_officers(today)}
    mine = rows[iro.pk]
    assert (mine.caseload, mine.highest, mine.over) == (2, 1, True)
    # The second child's first review (due 5 May) is overdue; the first child's second (due 28 June) is due soon.
    assert (mine.reviews_overdue, mine.reviews_due_soon) == (1, 1)
    assert (mine.reviews_held, mine.not_met_first) == (1, 1)
    assert mine.records_late == 1  # due 29 April
    assert rows[idle.pk].caseload == 0


def test_the_page_is_for_chairs_reviewing_officers_and_managers(council: Any) -> None:
    url = reverse("protection:chairs")
    client = Client()
    client.force_login(council.users[Role.INDEPENDENT_REVIEWING_OFFICER])
    page = client.get(url).content.decode()
    assert "Chairs and reviewing officers" in page and 'id="reviewers"' in page
    client.force_login(council.worker)
    assert client.get(url).status_code == 403


def test_a_reviewing_officers_work_lists_the_reviews_of_the_children_they_review(council: Any) -> None:
    iro = council.users[Role.INDEPENDENT_REVIEWING_OFFICER]
    period = start_care(council, date(2025, 3, 3))
    client = Client()
    client.force_login(iro)
    assert (
        "Reviews of the children you review" not in client.get(reverse("worklists:my_work")).content.decode()
    )
    iro_allocate(period=period, iro=iro, on=date(2025, 3, 4), by=council.manager)
    page = client.get(reverse("worklists:my_work")).content.decode()
    assert "Reviews of the children you review" in page
    assert "First looked-after review held" in page and "31 Mar 2025" in page and "Jayden" in page
