"""The shortest path (issue 18): a duty on a worklist opens the form that meets it, pre-filled; no form registered, or
the record it needs gone, opens the child's page; a child the user may not open is not found."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.core.dates import long_date
from hearth.core.models import Obligation, ObligationStatus
from hearth.core.timescales.actions import rules_with_actions
from hearth.core.timescales.rules import statutory_visit_rule_ids
from hearth.protection.plans import cp_plan_start
from hearth.visits.models import Visit
from hearth.visits.services import visit_record

pytestmark = pytest.mark.django_db


def _duty(child: Any, rule_id: str) -> Obligation:
    return Obligation.objects.get(child=child, rule_id=rule_id, status=ObligationStatus.OPEN)


def test_every_statutory_visit_and_its_failed_visit_duties_open_a_form() -> None:
    assert set(statutory_visit_rule_ids()) <= rules_with_actions()
    assert {
        "cp.visit_follow_up",
        "cp.failed_visit_seen_by_manager",
        "supervision.action",
        "cp.core_group",
    } <= (rules_with_actions())


def test_a_visit_due_on_my_work_opens_the_visit_form_pre_filled_and_a_failed_visit_the_managers_page(
    council: Any,
) -> None:
    start = clock.today() - timedelta(days=12)
    plan = cp_plan_start(
        child=council.child,
        cin_episode=None,
        start_date=start,
        category="NEG",
        risks="Left alone",
        by=council.worker,
    )
    client = Client()
    client.force_login(council.worker)
    work = client.get(reverse("worklists:my_work")).content.decode()
    duty = _duty(council.child, "cp.visit")
    act = reverse("worklists:act", kwargs={"pk": council.child.pk, "obligation_pk": duty.pk})
    assert f'href="{act}"' in work
    form_url = reverse("visits:new", kwargs={"pk": council.child.pk, "kind": "cp", "plan_pk": plan.pk})
    assert client.get(act)["Location"] == form_url
    form = client.get(form_url).content.decode()
    assert f'value="{clock.today():%d/%m/%Y}"' in form  # the date of the visit: today
    assert f"Due by {long_date(duty.due_date)}." in form  # and when it is due, from the record
    # A failed visit: the manager's alert opens the page where they say they have seen it.
    visit = visit_record(
        kind="cp",
        plan=plan,
        visit_date=clock.today() - timedelta(days=1),
        seen=False,
        seen_alone=False,
        bedroom_seen=False,
        not_seen_reason="No one home",
        note="",
        by=council.worker,
    )
    last = client.get(form_url).content.decode()
    assert "Last visit:" in last and "seen: no" in last
    alert = _duty(council.child, "cp.failed_visit_seen_by_manager")
    manager = Client()
    manager.force_login(council.manager)
    team = manager.get(reverse("worklists:my_team")).content.decode()
    assert "No one home" in team
    assert manager.get(reverse("worklists:act", kwargs={"pk": council.child.pk, "obligation_pk": alert.pk}))[
        "Location"
    ] == reverse("visits:failed_seen", kwargs={"pk": council.child.pk, "visit_pk": visit.pk})
    assert Visit.objects.count() == 1


def test_a_duty_with_no_form_opens_the_childs_page_and_another_childs_duty_is_not_found(council: Any) -> None:
    start = clock.today() - timedelta(days=12)
    cp_plan_start(
        child=council.child,
        cin_episode=None,
        start_date=start,
        category="NEG",
        risks="Left alone",
        by=council.worker,
    )
    client = Client()
    client.force_login(council.worker)
    duty = _duty(council.child, "cp.visit")
    # The plan ends: the visit form has no plan to record against, so the row opens the child's page.
    from hearth.protection.models import ChildProtectionPlan

    ChildProtectionPlan.objects.filter(child=council.child).update(end_date=clock.today())
    assert client.get(reverse("worklists:act", kwargs={"pk": council.child.pk, "obligation_pk": duty.pk}))[
        "Location"
    ] == reverse("childrecord:child_page", kwargs={"pk": council.child.pk})
    # Under another child's number, the duty is not found; a colleague in another team cannot reach it at all.
    other = Client()
    other.force_login(council.colleague)
    assert (
        other.get(
            reverse("worklists:act", kwargs={"pk": council.child.pk, "obligation_pk": duty.pk})
        ).status_code
        == 404
    )
