"""The manager's team page at a glance (issue 18): the summary first, each figure opening the list behind it, for the
team or one worker; a failed visit and a decision waiting read against the worker who holds the child."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.organisation.services import allocation_change
from hearth.people.tests.factories import make_child
from hearth.protection.plans import cp_plan_start
from hearth.visits.services import visit_record

pytestmark = pytest.mark.django_db


def _failed_visit(council: Any, child: Any, worker: Any) -> None:
    plan = cp_plan_start(
        child=child,
        cin_episode=None,
        start_date=clock.today() - timedelta(days=30),
        category="NEG",
        risks="Left alone",
        by=worker,
    )
    visit_record(
        kind="cp",
        plan=plan,
        visit_date=clock.today() - timedelta(days=1),
        seen=False,
        seen_alone=False,
        bedroom_seen=False,
        not_seen_reason="No answer at the door",
        note="",
        by=worker,
    )


def test_the_summary_comes_first_and_each_figure_opens_its_list_for_the_team_or_one_worker(
    council: Any,
) -> None:
    # A second worker in the team holds Leo, whose visit failed too.
    from hearth.organisation.tests.factories import StaffUserFactory

    second = StaffUserFactory(username="second", full_name="Priya Second", team=council.team)
    leo = make_child(by=council.worker, forename="Leo", surname="Jones")
    allocation_change(
        child_id=leo.pk,
        worker=second,
        team=council.team,
        start_date=clock.today() - timedelta(days=40),
        reason="New",
        by=council.users["front_door"],
    )
    _failed_visit(council, council.child, council.worker)
    _failed_visit(council, leo, second)
    manager = Client()
    manager.force_login(council.manager)
    page = manager.get(reverse("worklists:my_team")).content.decode()
    # The summary, before any list; every list closed until its figure is chosen.
    summary = page[page.index('id="team-summary"') : page.index('id="team-workers"')]
    assert "2</span> failed visits waiting for you" in summary
    assert page.index('id="team-summary"') < page.index('id="failed-section"')
    assert 'id="failed-section" open' not in page
    # Each worker's line counts the failed visits of the children they hold, though the alert is the manager's.
    workers = page[page.index('id="team-workers"') : page.index("</table>", page.index('id="team-workers"'))]
    assert '1<span class="govuk-visually-hidden"> failed visits of Priya Second\'s children' in workers
    # The figure opens the list; the failed visit is against the worker who holds the child, not "the team".
    opened = manager.get(reverse("worklists:my_team"), {"show": "failed"}).content.decode()
    assert 'id="failed-section" open' in opened
    failed = opened[
        opened.index('id="failed-visits"') : opened.index("</table>", opened.index('id="failed-visits"'))
    ]
    assert "Priya Second" in failed and council.worker.full_name in failed and "The team" not in failed
    # One worker's drill-down: only Leo's failed visit.
    narrowed = manager.get(
        reverse("worklists:my_team"), {"show": "failed", "worker": second.pk}
    ).content.decode()
    failed = narrowed[
        narrowed.index('id="failed-visits"') : narrowed.index(
            "</table>", narrowed.index('id="failed-visits"')
        )
    ]
    assert "Leo Jones" in failed and "Jayden Smith" not in failed
    assert "Showing Priya Second's children" in narrowed
