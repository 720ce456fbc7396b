"""One review of several brothers' and sisters' plans of the same kind, recorded once (issue 18): each plan its own
progress per outcome, review and clock; a refusal on one child's outcome refuses them all."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hearth.children_in_need.cin_plans import cin_plan_start
from hearth.children_in_need.tests.test_cin_plans import _assessed
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.organisation.roles import Role
from hearth.organisation.services import allocation_change
from hearth.people.services.household import household_add_member
from hearth.people.tests.factories import make_child
from hearth.plans.models import PlanReview
from hearth.plans.services import outcome_add

pytestmark = pytest.mark.django_db

OUTCOME = {
    "what_must_change": "School every day",
    "action": "Morning routine agreed",
    "owner": "Mother",
    "measure": "Attendance over 95%",
}


def test_one_review_of_two_childrens_plans_gives_each_its_own_review_and_clock(council: Any) -> None:
    amber = make_child(by=council.worker, forename="Amber", surname="Smith")
    allocation_change(
        child_id=amber.pk,
        worker=council.worker,
        team=council.team,
        start_date=date(2025, 1, 6),
        reason="Sibling",
        by=council.users[Role.FRONT_DOOR],
    )
    plans = {}
    for child in (council.child, amber):
        for_child = copy.copy(council)
        for_child.child = child
        episode = _assessed(for_child, date(2025, 2, 3))
        plans[child.pk] = cin_plan_start(episode=episode, start_date=date(2025, 2, 17), by=council.worker)
    # They live together (recorded after the assessments, which would otherwise ask about each other).
    household_add_member(child=council.child, member=amber, start_date=date(2025, 1, 6), by=council.worker)
    outcomes = {
        pk: outcome_add(
            plan=plan, due_date=date(2025, 6, 30), by=council.worker, on=date(2025, 2, 17), **OUTCOME
        )
        for pk, plan in plans.items()
    }
    client = Client()
    client.force_login(council.worker)
    url = reverse(
        "plans:review_add",
        kwargs={"pk": council.child.pk, "kind": "cin_plan", "plan_pk": plans[council.child.pk].pk},
    )
    page = client.get(url).content.decode()
    assert "Was Amber Smith&#x27;s plan reviewed at the same meeting?" in page
    posted = {
        "review_date": "12/05/2025",
        "attendees": "Mother, school, social worker",
        "summary": "Both plans continue",
        f"progress_{outcomes[council.child.pk].pk}": "good",
        f"c{amber.pk}_reviewed": "yes",
    }
    refused = client.post(url, posted).content.decode()
    assert f'href="#id_progress_{outcomes[amber.pk].pk}_0"' in refused and not PlanReview.objects.exists()
    done = client.post(url, posted | {f"progress_{outcomes[amber.pk].pk}": "some"})
    assert done.status_code == 302
    assert PlanReview.objects.filter(cin_plan=plans[amber.pk]).count() == 1
    assert PlanReview.objects.filter(cin_plan=plans[council.child.pk]).count() == 1
    assert Event.objects.filter(child=amber, type="cin_plan.reviewed").count() == 1
    review_due = Obligation.objects.get(child=amber, rule_id="cin_plan.review", status=ObligationStatus.OPEN)
    assert review_due.start_date == date(2025, 5, 12)
