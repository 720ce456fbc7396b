"""`hearth daily` tells the manager an overdue alert now reaches (issue 15): the head of the service for a worker no
assistant team manager line manages, once the alert is overdue for more than the local number of working days."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from hearth.core import clock
from hearth.core.models import DailyRun
from hearth.core.timescales.daily import daily_run
from hearth.notifications.models import Notification
from hearth.organisation.roles import Role
from hearth.protection.tests.plan_fixtures import open_obligation, start_plan

pytestmark = pytest.mark.dates  # reads Hearth's today


def test_an_alert_crossing_the_escalation_threshold_is_news_for_the_head_of_service(council: Any) -> None:
    today = clock.today()
    start_plan(council, today - timedelta(days=40))
    visit = open_obligation(council.child, "cp.visit")
    assert visit.due_date is not None and visit.due_date < today - timedelta(days=10)
    daily_run(today, since=today - timedelta(days=30))
    head = council.users[Role.HEAD_OF_SERVICE]
    notes = Notification.objects.filter(kind="escalation", recipient=head, child=council.child)
    assert any("Child on a protection plan visited" in note.text for note in notes), [n.text for n in notes]
    assert not Notification.objects.filter(kind="escalation", recipient=council.worker).exists()
    assert DailyRun.objects.latest("pk").summary["escalations_notified"] >= 1
    # A run covering the same days again does not tell them twice.
    before = Notification.objects.filter(kind="escalation").count()
    daily_run(today, since=today - timedelta(days=30))
    assert Notification.objects.filter(kind="escalation").count() == before
