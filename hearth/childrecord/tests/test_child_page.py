"""The child's page shows the whole child at once, in a fixed handful of queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.core import clock
from hearth.core.events import event_record
from hearth.organisation.services import allocation_change
from hearth.people.models import Household, ProfessionalInvolvement
from hearth.people.services import household_join, relationship_add
from hearth.people.tests.factories import make_adult, make_child
from hearth.protection.models import ChildProtectionPlan


def test_the_page_shows_identity_status_allocation_plans_work_household_and_key_events(council: Any) -> None:
    child = council.child
    today = clock.today()
    with transaction.atomic():
        plan = ChildProtectionPlan.objects.create(
            child=child, start_date=today - timedelta(days=40), initial_category="NEG", latest_category="NEG"
        )
        event_record(
            child_id=child.pk,
            type="cp_plan.started",
            occurred_on=plan.start_date,
            recorded_by=None,
            record=plan,
            payload={"category": "Neglect"},
        )
    household = Household.objects.create(family_identifier="F1")
    mother = make_adult(forename="Kim", surname="Smith", sex="F")
    partner = make_adult(forename="Dean", surname="Walker", sex="M")
    household_join(household=household, person=child, start_date=date(2016, 3, 14), by=None)
    household_join(household=household, person=mother, start_date=date(2016, 3, 14), by=None)
    household_join(household=household, person=partner, start_date=date(2024, 6, 1), by=None)
    relationship_add(person=mother, other=child, type="MOTHER", parental_responsibility=True, by=None)
    relationship_add(person=partner, other=child, type="PARTNER_OF_PARENT", by=None)
    ProfessionalInvolvement.objects.create(
        child=child, role="GP", name="Dr Patel", organisation="Mill Surgery", start_date=date(2020, 1, 1)
    )
    for _ in range(5):
        make_child()
    client = Client()
    client.force_login(council.worker)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("childrecord:child_page", kwargs={"pk": child.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Jayden Smith",
        child.person_number,
        "Child protection",
        council.worker.full_name,
        "Child protection plan",
        "Category: Neglect",
        "Child on a protection plan visited",
        "Overdue",
        "Dean Walker",
        "Kim Smith",
        "partner of parent",
        "Dr Patel",
        "Dean Walker joined the household",
    ):
        assert text in page, text
    assert len(queries) <= 22, len(queries)


def _due_table(page: str) -> list[str]:
    """The "Due and overdue" table's rows as a reader sees them: each cell's text, tags removed."""
    import re

    body = page.split('id="obligations"')[1].split("</tbody>")[0]
    return [
        " | ".join(
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)
        )
        for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body, re.S)
    ]


def test_the_due_table_says_how_late_each_duty_is_and_offers_the_worker_a_pause_and_a_partner_none(
    council: Any,
) -> None:
    child = council.child
    today = clock.today()
    with transaction.atomic():
        event_record(
            child_id=child.pk,
            type="cp_plan.started",
            occurred_on=today - timedelta(days=40),
            recorded_by=None,
            payload={"category": "Neglect"},
        )
    visit = child.obligations.get(rule_id="cp.visit", status="open")
    late = (today - visit.due_date).days
    assert late > 1
    client = Client()
    client.force_login(council.worker)
    page = client.get(reverse("childrecord:child_page", kwargs={"pk": child.pk})).content.decode()
    rows = _due_table(page)
    assert (
        f"Child on a protection plan visited | {visit.due_date:%-d %b %Y} | Overdue by {late} days Pause "
        "Child on a protection plan visited"
    ) in rows, rows
    pause = reverse("worklists:pause", kwargs={"pk": child.pk, "obligation_pk": visit.pk})
    assert f'href="{pause}"' in page
    from hearth.organisation.roles import Role

    partner = council.users[Role.PARTNER_HEALTH]
    ProfessionalInvolvement.objects.create(
        child=child, role="GP", name="Dr Patel", staff_user=partner, start_date=date(2020, 1, 1)
    )
    client.force_login(partner)
    page = client.get(reverse("childrecord:child_page", kwargs={"pk": child.pk})).content.decode()
    assert "Nothing is due" in page and pause not in page and "Pause" not in page


def test_a_partner_agency_sees_a_limited_view(council: Any) -> None:
    from hearth.organisation.roles import Role

    partner = council.users[Role.PARTNER_HEALTH]
    ProfessionalInvolvement.objects.create(
        child=council.child, role="GP", name="Dr Patel", staff_user=partner, start_date=date(2020, 1, 1)
    )
    mother = make_adult(forename="Kim", surname="Smith", sex="F")
    relationship_add(person=mother, other=council.child, type="MOTHER", by=None)
    with transaction.atomic():
        event_record(
            child_id=council.child.pk,
            type="history.recorded",
            occurred_on=date(2019, 5, 1),
            recorded_by=None,
            payload={"text": "Moved from Leeds"},
        )
    client = Client()
    client.force_login(partner)
    page = client.get(reverse("childrecord:child_page", kwargs={"pk": council.child.pk})).content.decode()
    assert "partner agency view" in page and council.worker.full_name in page and "Dr Patel" in page
    assert "Kim Smith" not in page and "Moved from Leeds" not in page
    client.force_login(council.worker)
    page = client.get(reverse("childrecord:child_page", kwargs={"pk": council.child.pk})).content.decode()
    assert "Kim Smith" in page and "Moved from Leeds" in page


# The page's statements for the worker who holds the child (issue 21: held however much the record holds):
# the session, the user, the record, who holds the child (need-to-know), the read's audit row, the open work of
# every kind, the people around the child, the open duties, the key events and the census checks to fix.
CHILD_PAGE_QUERIES = 10


def test_the_page_reads_the_whole_child_in_the_same_few_statements_however_full_the_record(
    council: Any,
) -> None:
    from hearth.organisation.roles import Role

    worker, child = (
        council.colleague,
        make_child(forename="Ama", surname="Owusu", date_of_birth=date(2015, 2, 1)),
    )
    allocation_change(
        child_id=child.pk,
        worker=worker,
        team=council.team,
        start_date=date(2024, 1, 1),
        reason="R",
        by=council.users[Role.FRONT_DOOR],
    )
    client = Client()
    client.force_login(worker)
    url = reverse("childrecord:child_page", kwargs={"pk": child.pk})
    client.get(url)  # the council's settings and calendar, read once a process
    with CaptureQueriesContext(connection) as empty:
        assert client.get(url).status_code == 200
    household = Household.objects.create(family_identifier="F9")
    household_join(household=household, person=child, start_date=date(2015, 2, 1), by=None)
    today = clock.today()
    for number in range(4):
        adult = make_adult(forename=f"Adult{number}", surname="Owusu")
        household_join(household=household, person=adult, start_date=date(2015, 2, 1), by=None)
        relationship_add(person=adult, other=child, type="MOTHER" if number == 0 else "AUNT_UNCLE", by=None)
        ProfessionalInvolvement.objects.create(
            child=child,
            role="GP",
            name=f"Dr {number}",
            organisation="Mill Surgery",
            start_date=date(2020, 1, 1),
        )
        with transaction.atomic():
            event_record(
                child_id=child.pk,
                type="cp_plan.started",
                occurred_on=today - timedelta(days=40 + number),
                recorded_by=None,
                payload={"category": "Neglect"},
            )
    with CaptureQueriesContext(connection) as full:
        page = client.get(url).content.decode()
    assert "Adult3 Owusu" in page and "Dr 3" in page and "Child on a protection plan visited" in page
    assert len(empty.captured_queries) == len(full.captured_queries) == CHILD_PAGE_QUERIES, "\n".join(
        [" ".join(q["sql"].split())[:70] for q in empty.captured_queries]
    )
