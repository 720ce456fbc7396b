"""A professional named on a plan updates progress on their own action between reviews, and the worker sees it on
their list; a partner may not update someone else's action (issue 17 item 4)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from hearth.core.models import Event, Refusal
from hearth.organisation.roles import Role
from hearth.people.models import PartnerContribution, ProfessionalInvolvement
from hearth.plans.models import ActionUpdate
from hearth.plans.services import action_update_record
from hearth.protection.tests.plan_fixtures import add_outcome, start_plan

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)
UPDATE = {"progress": "some", "note": "Attendance up to 94% this half term.", "updated_on": date(2026, 12, 3)}


@pytest.fixture(autouse=True)
def today(settings: Any) -> None:
    settings.HEARTH_TODAY = TODAY


def _school(council: Any, role: str = Role.PARTNER_EDUCATION) -> tuple[Any, ProfessionalInvolvement]:
    user = council.users[role]
    user.partner_organisation = "Northmoor Primary School"
    user.save(update_fields=["partner_organisation"])
    involvement = ProfessionalInvolvement.objects.create(
        child=council.child, role="SCHOOL", name="Mrs Ahmed", staff_user=user, start_date=date(2025, 9, 1)
    )
    return user, involvement


def test_the_school_updates_its_own_action_and_the_worker_sees_it(council: Any) -> None:
    teacher, involvement = _school(council)
    plan = start_plan(council, date(2026, 10, 1))
    outcome = add_outcome(council, plan, date(2027, 1, 31), owner="School", owner_involvement=involvement.pk)
    update = action_update_record(outcome=outcome, values=UPDATE, by=teacher)
    assert (update.agency, update.recorded_by_id) == ("Northmoor Primary School", teacher.pk)
    assert Event.objects.filter(type="plan.action_updated").get().summary.startswith("Some progress:")
    news = PartnerContribution.objects.get()
    assert news.link == reverse("protection:plan", kwargs={"pk": council.child.pk, "plan_pk": plan.pk})
    worker = Client()
    worker.force_login(council.worker)
    assert "Some progress on" in worker.get(reverse("worklists:my_work")).content.decode()
    page = Client()
    page.force_login(teacher)
    home = page.get(reverse("worklists:partner_home")).content.decode()
    assert outcome.action in home and "Update progress" in home


def test_a_partner_may_not_update_an_action_that_is_not_theirs(council: Any) -> None:
    teacher, _ = _school(council)
    plan = start_plan(council, date(2026, 10, 1))
    outcome = add_outcome(council, plan, date(2027, 1, 31))  # the mother's, with the social worker
    with pytest.raises(ValidationError) as refused:
        action_update_record(outcome=outcome, values=UPDATE, by=teacher)
    assert "only its owner may update its progress" in refused.value.message_dict["progress"][0]
    assert not ActionUpdate.objects.exists() and not PartnerContribution.objects.exists()
    assert Refusal.objects.filter(user=teacher, action="plan.action_update").exists()
    worker_update = action_update_record(outcome=outcome, values=UPDATE, by=council.worker)  # the worker may
    assert worker_update.agency == "Children's social care"


def test_a_partner_outside_the_childs_network_cannot_reach_the_action(council: Any) -> None:
    teacher, involvement = _school(council)
    plan = start_plan(council, date(2026, 10, 1))
    outcome = add_outcome(council, plan, date(2027, 1, 31), owner="School", owner_involvement=involvement.pk)
    involvement.end_date = date(2026, 11, 1)
    involvement.save(update_fields=["end_date"])
    with pytest.raises(Http404):
        action_update_record(outcome=outcome, values=UPDATE, by=teacher)
    police = council.users[Role.PARTNER_POLICE]
    ProfessionalInvolvement.objects.create(
        child=council.child, role="POLICE", name="PC Shah", staff_user=police, start_date=date(2025, 9, 1)
    )
    with pytest.raises(ValidationError):
        action_update_record(outcome=outcome, values=UPDATE, by=police)
    assert not ActionUpdate.objects.exists()


def test_bad_progress_is_refused_naming_the_field(council: Any) -> None:
    teacher, involvement = _school(council)
    plan = start_plan(council, date(2026, 10, 1))
    outcome = add_outcome(council, plan, date(2027, 1, 31), owner="School", owner_involvement=involvement.pk)
    for values, field, message in (
        (UPDATE | {"progress": ""}, "progress", "Choose the progress"),
        (UPDATE | {"note": " "}, "note", "Say what has been done"),
        (UPDATE | {"updated_on": date(2026, 12, 5)}, "updated_on", "today or in the past"),
        (UPDATE | {"updated_on": date(2026, 9, 30)}, "updated_on", "cannot be before it"),
    ):
        with pytest.raises(ValidationError) as refused:
            action_update_record(outcome=outcome, values=values, by=teacher)
        assert message in refused.value.message_dict[field][0]
    assert not ActionUpdate.objects.exists()


def test_only_a_partner_in_the_childs_network_can_own_an_action(council: Any) -> None:
    _, involvement = _school(council)
    plan = start_plan(council, date(2026, 10, 1))
    other = ProfessionalInvolvement.objects.create(
        child=council.child, role="GP", name="Dr No Account", start_date=date(2025, 9, 1)
    )  # no Hearth account: cannot update anything
    with pytest.raises(ValidationError) as refused:
        add_outcome(council, plan, date(2027, 1, 31), owner="GP", owner_involvement=other.pk)
    assert "in the child's network today" in refused.value.message_dict["owner_involvement"][0]
    with pytest.raises(PermissionDenied):  # a partner cannot add outcomes to a plan
        from hearth.plans.services import outcome_add
        from hearth.protection.tests.plan_fixtures import OUTCOME

        outcome_add(
            plan=plan, due_date=date(2027, 1, 31), by=involvement.staff_user, on=plan.start_date, **OUTCOME
        )


def test_the_pages_let_the_school_update_from_its_home_and_the_plan_shows_it(council: Any) -> None:
    teacher, involvement = _school(council)
    plan = start_plan(council, date(2026, 10, 1))
    outcome = add_outcome(council, plan, date(2027, 1, 31), owner="School", owner_involvement=involvement.pk)
    client = Client()
    client.force_login(teacher)
    url = reverse("plans:action_update", args=[council.child.pk, "cp_plan", plan.pk, outcome.pk])
    bad = client.post(url, {"note": "x", "updated_on": "03/12/2026"})
    assert "Choose the progress made" in bad.content.decode()
    assert (
        client.post(
            url, {"progress": "good", "note": "Attending every day", "updated_on": "03/12/2026"}
        ).status_code
        == 302
    )
    worker = Client()
    worker.force_login(council.worker)
    plan_page = worker.get(reverse("protection:plan", kwargs={"pk": council.child.pk, "plan_pk": plan.pk}))
    assert "Good progress. Attending every day (Social worker Person" not in plan_page.content.decode()
    assert (
        "Good progress. Attending every day (Partner agency: education Person, Northmoor Primary School)"
        in (plan_page.content.decode())
    )
    assert ActionUpdate.objects.get().progress == "good"
