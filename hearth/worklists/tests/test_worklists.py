"""My work and my team: open obligations by due date, overdue first, with the right counts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.core import clock
from hearth.core.events import event_record
from hearth.organisation.roles import Role
from hearth.organisation.services import allocation_change
from hearth.people.tests.factories import make_child

pytestmark = pytest.mark.dates  # reads Hearth's today: run again on each date by `make test-dates`


def start_plan(child_id: int, day: date) -> None:
    with transaction.atomic():
        event_record(
            child_id=child_id,
            type="cp_plan.started",
            occurred_on=day,
            recorded_by=None,
            payload={"category": "Neglect"},
        )


def test_my_work_lists_overdue_first_and_counts(council: Any) -> None:
    today = clock.today()
    start_plan(council.child.pk, today - timedelta(days=60))  # visit long overdue
    other = make_child(forename="Ava", surname="Jones")
    allocation_change(
        child_id=other.pk,
        worker=council.worker,
        team=council.team,
        start_date=today,
        reason="Transfer",
        by=council.users[Role.FRONT_DOOR],
    )
    start_plan(other.pk, today)
    client = Client()
    client.force_login(council.worker)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("worklists:my_work"))
    page = response.content.decode()
    assert page.index("Jayden Smith") < page.index("Ava Jones")
    assert "Overdue by" in page
    assert response.context["counts"]["overdue"] >= 1
    assert len(queries) <= 12, [q["sql"] for q in queries]


def test_my_team_shows_caseloads_and_overdue_work_with_links(council: Any) -> None:
    start_plan(council.child.pk, clock.today() - timedelta(days=60))
    client = Client()
    client.force_login(council.manager)
    response = client.get(reverse("worklists:my_team"))
    page = response.content.decode()
    assert council.worker.full_name in page
    assert reverse("childrecord:child_page", kwargs={"pk": council.child.pk}) in page
    line = next(line for line in response.context["view"].lines if line.worker_id == council.worker.pk)
    assert line.caseload == 1 and line.overdue >= 1


def test_my_team_is_for_managers(council: Any) -> None:
    client = Client()
    client.force_login(council.worker)
    assert client.get(reverse("worklists:my_team")).status_code == 403


def test_reallocation_moves_open_work_to_the_new_worker(council: Any) -> None:
    start_plan(council.child.pk, clock.today())
    allocation_change(
        child_id=council.child.pk,
        worker=council.colleague,
        team=council.other_team,
        start_date=clock.today(),
        reason="Transfer to West",
        by=council.users[Role.FRONT_DOOR],
    )
    colleague = Client()
    colleague.force_login(council.colleague)
    assert "Jayden Smith" in colleague.get(reverse("worklists:my_work")).content.decode()
    worker = Client()
    worker.force_login(council.worker)
    assert "Jayden Smith" not in worker.get(reverse("worklists:my_work")).content.decode()


def test_a_restricted_childs_work_is_listed_only_for_people_named_on_it(council: Any) -> None:
    from hearth.people.services import person_restrict

    start_plan(council.child.pk, clock.today() - timedelta(days=60))
    person_restrict(
        person=council.child, restricted=True, named=[council.users["head_of_service"]], by=council.manager
    )
    worker = Client()
    worker.force_login(council.worker)
    assert "Jayden" not in worker.get(reverse("worklists:my_work")).content.decode()
    manager = Client()
    manager.force_login(council.manager)  # named, as the one who restricted it
    assert "Jayden" in manager.get(reverse("worklists:my_team")).content.decode()
