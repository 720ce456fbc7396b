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


def test_my_work_page_lists_the_duties_of_my_work_page_by_page_with_its_figures(council: Any) -> None:
    """The worklist's fixed statements (ADR 42) agree with `my_work` and the figures' definitions: every kind of
    duty (a child's, a restricted child's the worker is named on, one about a member of staff, a paused one), in
    order, across pages."""
    from hearth.core.models import Obligation, ObligationStatus
    from hearth.core.timescales.display import due_between, overdue_on
    from hearth.people.services import person_restrict
    from hearth.worklists.selectors import my_work, my_work_page

    today = clock.today()
    start_plan(council.child.pk, today - timedelta(days=60))
    for number, days in enumerate((3, 0, 20)):
        other = make_child(forename=f"Child{number}", surname="Jones")
        allocation_change(
            child_id=other.pk,
            worker=council.worker,
            team=council.team,
            start_date=today - timedelta(days=days),
            reason="Transfer",
            by=council.users[Role.FRONT_DOOR],
        )
        start_plan(other.pk, today - timedelta(days=days))
    person_restrict(person=other, restricted=True, named=[council.worker], by=council.manager)
    Obligation.objects.create(
        staff=council.colleague,
        owner=council.worker,
        rule_id="supervision.due",
        start_date=today - timedelta(days=10),
        due_date=today + timedelta(days=1),
    )
    paused = (
        Obligation.objects.filter(owner=council.worker, status=ObligationStatus.OPEN).order_by("pk").first()
    )
    assert paused is not None
    Obligation.objects.filter(pk=paused.pk).update(
        paused_on=today - timedelta(days=1), pause_review_on=today + timedelta(days=5)
    )
    soon = today + timedelta(days=7)
    expected = list(my_work(council.worker))
    assert len(expected) >= 6
    listed = []
    for number in range(1, len(expected) // 2 + 2):
        page, counts = my_work_page(council.worker, number, today, soon, per_page=2)
        listed += [
            (duty.pk, duty.rule_id, duty.child_id, duty.due_date, duty.paused_on, duty.staff_id)
            for duty in page
        ]
        for duty in page:
            if duty.child_id:
                same = next(item for item in expected if item.pk == duty.pk).child
                assert (duty.child.forename, duty.child.surname, duty.child.person_number) == (
                    same.forename,
                    same.surname,
                    same.person_number,
                )
            if duty.staff_id:
                assert duty.staff.full_name == council.colleague.full_name
    assert listed[: len(expected)] == [
        (duty.pk, duty.rule_id, duty.child_id, duty.due_date, duty.paused_on, duty.staff_id)
        for duty in expected
    ]
    work = my_work(council.worker)
    assert counts == {
        "overdue": work.filter(overdue_on(today)).count(),
        "due": work.filter(due_between(today, soon)).count(),
        "total": len(expected),
    }
    assert counts["overdue"] >= 1 and counts["due"] >= 1
    past_the_end, _ = my_work_page(council.worker, 999, today, soon, per_page=2)
    assert past_the_end.number == past_the_end.paginator.num_pages and len(past_the_end) >= 1
    colleague_page, colleague_counts = my_work_page(council.colleague, 1, today, soon)
    assert all(duty.child_id != other.pk for duty in colleague_page)


def test_new_from_partners_lists_unread_news_on_my_children_today_newest_first(council: Any) -> None:
    from hearth.people.models import PartnerContribution
    from hearth.worklists.selectors import PARTNER_NEWS_ON_LIST, partner_news

    partner = council.users[Role.FRONT_DOOR]  # who wrote it does not change whose list it is on
    mine, theirs = council.child, make_child(forename="Ava", surname="Jones")

    def to_colleague(child: Any) -> None:
        allocation_change(
            child_id=child.pk,
            worker=council.colleague,
            team=council.team,
            start_date=clock.today(),
            reason="Transfer",
            by=partner,
        )

    to_colleague(theirs)
    now = clock.now()

    def news(child: Any, what: str, minutes_ago: int, seen: bool = False) -> PartnerContribution:
        return PartnerContribution.objects.create(
            child=child,
            by=partner,
            agency="Northgate Primary School",
            what=what,
            link="/",
            record_type="education.pep",
            record_id=1,
            recorded_at=now - timedelta(minutes=minutes_ago),
            seen_at=now if seen else None,
            seen_by=council.worker if seen else None,
        )

    assert partner_news(council.worker) == []
    older, newer = news(mine, "PEP started", 30), news(mine, "PEP written", 5)
    news(mine, "Already read", 1, seen=True)
    news(theirs, "Another worker's child", 2)
    assert [n.what for n in partner_news(council.worker)] == [newer.what, older.what]
    assert partner_news(council.worker)[0].child.full_name == mine.full_name
    for minutes in range(PARTNER_NEWS_ON_LIST):
        news(mine, f"More {minutes}", 100 + minutes)
    listed = partner_news(council.worker)
    assert len(listed) == PARTNER_NEWS_ON_LIST and listed[:2] == [newer, older]
    client = Client()
    client.force_login(council.worker)
    page = client.get(reverse("worklists:my_work")).content.decode()
    assert "PEP written" in page and "Another worker" not in page and "Already read" not in page
    to_colleague(mine)  # a child no longer allocated to the worker takes their news off the list
    assert partner_news(council.worker) == []
