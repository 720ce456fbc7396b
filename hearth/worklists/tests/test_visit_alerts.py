"""The manager's team page: failed child protection visits waiting for a manager, the same day, and children not
seen within their visiting interval."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.protection.plans import cp_plan_start
from hearth.visits.models import Visit
from hearth.visits.services import failed_visit_seen, visit_record

pytestmark = pytest.mark.dates  # reads Hearth's today: run again on each date by `make test-dates`


def test_a_failed_visit_shows_on_the_managers_team_page_the_same_day_until_seen(council: Any) -> None:
    today = clock.today()
    plan = cp_plan_start(
        child=council.child,
        cin_episode=None,
        start_date=today - timedelta(days=7),
        category="NEG",
        risks="Left alone",
        by=council.worker,
    )
    visit_record(
        kind="cp",
        plan=plan,
        visit_date=today,
        seen=False,
        seen_alone=False,
        bedroom_seen=False,
        not_seen_reason="No access: curtains drawn",
        note="",
        by=council.worker,
    )
    client = Client()
    client.force_login(council.manager)
    response = client.get(reverse("worklists:my_team"))
    page = response.content.decode()
    failed = page[page.index('id="failed-visits"') : page.index('id="not-seen"')]
    assert "Jayden Smith" in failed and "No access: curtains drawn" in failed
    visit = Visit.objects.get()
    assert reverse("visits:failed_seen", kwargs={"pk": council.child.pk, "visit_pk": visit.pk}) in failed
    decisions = page[page.index('id="team-decisions"') :]
    assert "Failed visit" not in decisions.split("</table>")[0]  # listed once, in its own table
    failed_visit_seen(visit=Visit.objects.get(), note="Police welfare check", by=council.manager)
    page = client.get(reverse("worklists:my_team")).content.decode()
    failed = page[page.index('id="failed-visits"') : page.index('id="not-seen"')]
    assert "Jayden Smith" not in failed and "No failed visit is waiting" in failed


def test_an_overdue_visit_shows_under_children_not_seen_within_their_interval(council: Any) -> None:
    today = clock.today()
    cp_plan_start(
        child=council.child,
        cin_episode=None,
        start_date=today - timedelta(days=40),
        category="NEG",
        risks="Left alone",
        by=council.worker,
    )
    client = Client()
    client.force_login(council.manager)
    page = client.get(reverse("worklists:my_team")).content.decode()
    not_seen = page[page.index('id="not-seen"') :].split("</table>")[0]
    assert "Jayden Smith" in not_seen and "Child on a protection plan visited" in not_seen
    assert "Overdue by" in not_seen
