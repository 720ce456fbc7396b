"""Sign-off: a worker sends a record, a manager over the child's team approves with a rationale or returns it with
what must change; the decision reaches the record, its chronology and the team's work, for every kind of record."""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.children_in_need.assessments import (
    assessment_complete,
)
from hearth.children_in_need.cin_plans import cin_plan_start
from hearth.children_in_need.closure import closure_propose
from hearth.children_in_need.models import Assessment, CinEpisode
from hearth.children_in_need.tests.fixtures import completed_assessment
from hearth.core import clock
from hearth.core.council_settings import council_setting_set
from hearth.core.dates import long_date
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.organisation.roles import Role
from hearth.organisation.tests.factories import StaffUserFactory
from hearth.plans.services import outcome_add
from hearth.protection.plans import cp_plan_finalise
from hearth.protection.tests.plan_fixtures import add_outcome, start_plan
from hearth.signoff.backfill import waiting_requests_backfill
from hearth.signoff.models import SignOff, SignOffStatus
from hearth.signoff.selectors import waiting_for
from hearth.signoff.services import sign_off_decide, sign_off_request

TODAY = clock.today()
CIN_OUTCOME = {
    "what_must_change": "Jayden attends school every day",
    "action": "Mother walks Jayden to school",
    "owner": "Mother, with the school's family worker",
    "measure": "Attendance above 95% each half term",
}


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _obligation(child: Any, rule_id: str) -> Obligation | None:
    return Obligation.objects.filter(child=child, rule_id=rule_id, status=ObligationStatus.OPEN).first()


def test_a_plan_waits_for_a_manager_over_the_team_who_signs_it_off_with_a_rationale(council: Any) -> None:
    worker, manager = council.worker, council.manager
    far_manager = StaffUserFactory(username="far", role=Role.TEAM_MANAGER, team=council.far_team)
    plan = start_plan(council, TODAY - timedelta(days=20))
    add_outcome(council, plan, TODAY + timedelta(days=90))
    with pytest.raises(ValidationError, match="Only a manager can finalise the plan"):
        cp_plan_finalise(plan=plan, finalised_on=TODAY, by=worker, rationale="Done")

    row = sign_off_request(kind="cp_plan", subject=plan, by=worker, note="Ready for you")
    assert (row.status, row.requested_by, row.child_id) == (SignOffStatus.WAITING, worker, council.child.pk)
    waiting = _obligation(council.child, "cp_plan.sign_off")
    assert waiting is not None and waiting.team_id == council.team.pk and waiting.owner_id is None
    assert Event.objects.get(type="sign_off.requested").summary == (
        f"Child protection plan from {long_date(plan.start_date)} sent to the manager for sign-off"
    )
    with pytest.raises(ValidationError, match="already waiting for a manager's decision"):
        sign_off_request(kind="cp_plan", subject=plan, by=worker)

    assert [line.sign_off for line in waiting_for(manager, TODAY)] == [row]
    assert [line.sign_off for line in waiting_for(council.users[Role.HEAD_OF_SERVICE], TODAY)] == [row]
    assert waiting_for(worker, TODAY) == [] and waiting_for(far_manager, TODAY) == []

    for by, rationale, message in (
        (worker, "Fine", "Only a manager can sign this off"),
        (far_manager, "Fine", "No such record"),  # a manager who may not even open the record
        (manager, "  ", "Enter the rationale for the decision."),
    ):
        with pytest.raises(ValidationError, match=message):
            sign_off_decide(sign_off=row, by=by, approve=True, decided_on=TODAY, rationale=rationale)
        plan.refresh_from_db()
        assert plan.finalised_on is None and SignOff.objects.get().status == SignOffStatus.WAITING
    with pytest.raises(ValidationError) as error:
        sign_off_decide(
            sign_off=row, by=manager, approve=True, decided_on=TODAY - timedelta(days=30), rationale="x"
        )
    assert "before the request was made" in error.value.message_dict["decided_on"][0]

    sign_off_decide(
        sign_off=row, by=manager, approve=True, decided_on=TODAY, rationale="Outcomes are measurable"
    )
    plan.refresh_from_db()
    row.refresh_from_db()
    assert plan.finalised_on == TODAY
    assert (row.status, row.decided_by, row.decided_on) == (SignOffStatus.APPROVED, manager, TODAY)
    assert _obligation(council.child, "cp_plan.sign_off") is None
    approved = Event.objects.get(type="sign_off.approved")
    assert approved.significance == "key"
    assert approved.summary == (
        f"Child protection plan from {long_date(plan.start_date)} signed off by Team manager Person: "
        "Outcomes are measurable"
    )
    # A second manager deciding the same request a moment later is told, and nothing changes.
    with pytest.raises(ValidationError, match="already been decided .approved by Team manager Person"):
        sign_off_decide(
            sign_off=row,
            by=council.users[Role.HEAD_OF_SERVICE],
            approve=False,
            decided_on=TODAY,
            rationale="No",
        )
    assert waiting_for(manager, TODAY) == []


def test_a_worker_sends_a_plan_from_its_page_and_a_returned_plan_can_be_sent_again(council: Any) -> None:
    episode = completed_assessment(council, TODAY - timedelta(days=40)).episode
    assessment = episode.assessments.get()
    sign_off_decide(
        sign_off=SignOff.objects.get(kind="assessment"),
        by=council.manager,
        approve=True,
        decided_on=TODAY - timedelta(days=30),
        rationale="Needs a plan",
    )
    assessment.refresh_from_db()
    assert assessment.authorisation_date == TODAY - timedelta(days=30)
    plan = cin_plan_start(episode=episode, start_date=TODAY - timedelta(days=20), by=council.worker)
    episode_url = reverse(
        "children_in_need:episode", kwargs={"pk": council.child.pk, "episode_pk": episode.pk}
    )
    worker = Client()
    worker.force_login(council.worker)
    page = _text(worker.get(episode_url))
    assert "Add the plan's outcomes before sending it to the manager for sign-off." in page
    outcome_add(
        plan=plan, due_date=TODAY + timedelta(days=60), by=council.worker, on=plan.start_date, **CIN_OUTCOME
    )
    assert "Send to the manager for sign-off" in _text(worker.get(episode_url))
    ask = reverse("signoff:ask", args=[council.child.pk, "cin_plan", plan.pk])
    assert worker.post(ask, {"note": "Agreed with mother"}).url == episode_url + "#plan"
    page = _text(worker.get(episode_url))
    assert "Waiting for a manager" in page and "Agreed with mother" in page
    assert "already waiting" in _text(worker.post(ask, {}, follow=True))

    manager = Client()
    manager.force_login(council.manager)
    listing = _text(manager.get(reverse("signoff:waiting")))
    assert f"Child in need plan from {long_date(plan.start_date)}" in listing
    row = SignOff.objects.get(kind="cin_plan")
    decide = reverse("signoff:decide", args=[council.child.pk, row.pk])
    assert decide in listing
    refused = manager.post(
        decide, {"decision": "return", "decided_on": TODAY.strftime("%d/%m/%Y"), "rationale": ""}
    )
    assert refused.status_code == 200
    assert "Enter what must change before this can be signed off." in _text(refused)
    assert (
        manager.post(decide, {"decided_on": TODAY.strftime("%d/%m/%Y"), "rationale": "x"}).status_code == 200
    )
    row.refresh_from_db()
    assert row.status == SignOffStatus.WAITING
    done = manager.post(
        decide,
        {"decision": "return", "decided_on": TODAY.strftime("%d/%m/%Y"), "rationale": "Say who does what"},
    )
    assert done.url == reverse("signoff:waiting")
    page = _text(worker.get(episode_url))
    assert "Returned" in page and "Say who does what" in page and "Send to the manager for sign-off" in page
    # The returned plan is the worker's to put right: on their worklist until they send it again.
    put_right = _obligation(council.child, "cin_plan.returned")
    assert put_right is not None and put_right.owner_id == council.worker.pk
    assert "Child in need plan returned by the manager" in _text(worker.get(reverse("worklists:my_work")))
    assert Event.objects.get(type="sign_off.returned").summary.endswith(
        "returned by Team manager Person: Say who does what"
    )
    assert worker.post(ask, {}).status_code == 302
    assert SignOff.objects.filter(kind="cin_plan", status=SignOffStatus.WAITING).count() == 1
    assert _obligation(council.child, "cin_plan.returned") is None
    # The decision page, once decided by someone else, says so instead of offering the form.
    first = SignOff.objects.filter(kind="cin_plan", status=SignOffStatus.RETURNED).get()
    shown = _text(manager.get(reverse("signoff:decide", args=[council.child.pk, first.pk])))
    assert (
        "This has already been decided (returned by Team manager Person" in shown
        and 'name="decision"' not in shown
    )


def test_assessments_and_closures_are_decided_through_the_same_sign_off(council: Any) -> None:
    assessment = completed_assessment(council, TODAY - timedelta(days=40))
    row = SignOff.objects.get(kind="assessment")
    assert row.requested_on == assessment.completed_on and _obligation(
        council.child, "assessment.authorisation"
    )
    returned_on = TODAY - timedelta(days=30)  # recorded the next week: the decision keeps its own date
    sign_off_decide(
        sign_off=row, by=council.manager, approve=False, decided_on=returned_on, rationale="Add the father"
    )
    assessment.refresh_from_db()
    assert assessment.completed_on is None and assessment.returned_reason == "Add the father"
    assert Event.objects.get(type="assessment.returned").occurred_on == returned_on
    assert SignOff.objects.get(kind="assessment", status="returned").decided_on == returned_on
    assert _obligation(council.child, "assessment.authorisation") is None
    assessment_complete(assessment=assessment, completed_on=TODAY - timedelta(days=25), by=council.worker)
    again = SignOff.objects.get(kind="assessment", status=SignOffStatus.WAITING)
    sign_off_decide(
        sign_off=again,
        by=council.manager,
        approve=True,
        decided_on=TODAY - timedelta(days=24),
        rationale="Plan",
    )
    assessment.refresh_from_db()
    assert assessment.authorised_by == council.manager and assessment.authorisation_rationale == "Plan"

    episode: CinEpisode = assessment.episode
    closure_propose(
        episode=episode, reason="RC8", closed_on=TODAY, summary="No further work", by=council.worker
    )
    closing = SignOff.objects.get(kind="cin_closure", status=SignOffStatus.WAITING)
    with pytest.raises(ValidationError, match="Enter the rationale for the decision"):
        sign_off_decide(sign_off=closing, by=council.manager, approve=True, decided_on=TODAY, rationale="")
    sign_off_decide(
        sign_off=closing, by=council.manager, approve=True, decided_on=TODAY, rationale="Needs met"
    )
    episode.refresh_from_db()
    assert episode.closure_date == TODAY and episode.closure_signed_off_by == council.manager
    closed = Event.objects.get(type="cin_episode.closed")
    assert closed.summary.endswith("signed off by Team manager Person: Needs met")
    assert list(SignOff.objects.order_by("pk").values_list("kind", "status")) == [
        ("assessment", "returned"),
        ("assessment", "approved"),
        ("cin_closure", "approved"),
    ]


def test_waiting_requests_are_withdrawn_when_the_episode_closes_another_way(council: Any) -> None:
    assessment = completed_assessment(council, TODAY - timedelta(days=40))
    episode = assessment.episode
    from django.db import transaction

    from hearth.children_in_need.closure import episode_close

    with transaction.atomic():
        episode_close(
            episode=episode,
            reason="RC8",
            closed_on=TODAY,
            summary="Moved away",
            signed_off_by=council.manager,
        )
    row = SignOff.objects.get(kind="assessment")
    assert row.status == SignOffStatus.WITHDRAWN and row.rationale == "The child in need episode closed."
    assert waiting_for(council.manager, TODAY) == []


def test_a_council_may_switch_plan_sign_off_off_and_the_setting_takes_only_true_or_false(
    council: Any,
) -> None:
    with pytest.raises(ValidationError, match="give true or false"):
        council_setting_set(key="sign_off_cp_plan", value="no", effective_from=date(2020, 1, 1))
    council_setting_set(key="sign_off_cp_plan", value=False, effective_from=date(2020, 1, 1))
    plan = start_plan(council, TODAY - timedelta(days=20))
    add_outcome(council, plan, TODAY + timedelta(days=90))
    client = Client()
    client.force_login(council.worker)
    url = reverse("protection:plan", kwargs={"pk": council.child.pk, "plan_pk": plan.pk})
    page = _text(client.get(url))
    assert "Send to the manager for sign-off" not in page and "Manager's sign-off" not in page
    cp_plan_finalise(plan=plan, finalised_on=TODAY, by=council.worker)
    plan.refresh_from_db()
    assert plan.finalised_on == TODAY and not SignOff.objects.exists()


def test_the_records_already_waiting_are_carried_into_sign_off(council: Any) -> None:
    completed_assessment(council, TODAY - timedelta(days=40))
    SignOff.objects.all().delete()
    assert waiting_requests_backfill(Assessment, CinEpisode, SignOff, None) == 1
    assert waiting_requests_backfill(Assessment, CinEpisode, SignOff, None) == 0
    row = SignOff.objects.get()
    assert (row.kind, row.status, row.requested_by) == ("assessment", "waiting", council.worker)


def test_the_decisions_page_reads_a_fixed_number_of_queries_however_many_wait(
    council: Any, django_assert_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hearth.organisation.services import allocation_change
    from hearth.people.tests.factories import make_child
    from hearth.protection.plans import cp_plan_start

    def waiting_plan(forename: str) -> None:
        child = make_child(by=council.worker, forename=forename, surname="Waiting")
        allocation_change(
            child_id=child.pk,
            worker=council.worker,
            team=council.team,
            start_date=date(2025, 1, 6),
            reason="R",
            by=council.users[Role.FRONT_DOOR],
        )
        plan = cp_plan_start(
            child=child,
            cin_episode=None,
            start_date=TODAY - timedelta(days=10),
            category="NEG",
            risks="Risk",
            by=council.worker,
        )
        outcome_add(
            plan=plan,
            due_date=TODAY + timedelta(days=60),
            by=council.worker,
            on=plan.start_date,
            parents_will_do="Attend",
            professionals_will_do="Visit",
            **CIN_OUTCOME,
        )
        sign_off_request(kind="cp_plan", subject=plan, by=council.worker)

    completed_assessment(council, TODAY - timedelta(days=40))
    waiting_plan("Ada")
    client = Client()
    client.force_login(council.manager)
    url = reverse("signoff:waiting")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for forename in ("Bea", "Cal", "Dee"):
        waiting_plan(forename)
    with django_assert_num_queries(len(first.captured_queries)):
        page = _text(client.get(url))
    assert (
        page.count("Child protection plan from") == 8 and "Single assessment" in page
    )  # link and button each


def test_a_manager_signs_a_plan_off_there_and_then_with_a_rationale(council: Any) -> None:
    episode = completed_assessment(council, TODAY - timedelta(days=40)).episode
    sign_off_decide(
        sign_off=SignOff.objects.get(kind="assessment"),
        by=council.manager,
        approve=True,
        decided_on=TODAY - timedelta(days=30),
        rationale="Needs a plan",
    )
    plan = cin_plan_start(episode=episode, start_date=TODAY - timedelta(days=20), by=council.worker)
    outcome_add(
        plan=plan, due_date=TODAY + timedelta(days=60), by=council.worker, on=plan.start_date, **CIN_OUTCOME
    )
    episode_url = reverse(
        "children_in_need:episode", kwargs={"pk": council.child.pk, "episode_pk": episode.pk}
    )
    manager = Client()
    manager.force_login(council.manager)
    page = _text(manager.get(episode_url))
    assert "Your rationale for signing it off" in page and "Send to the manager for sign-off" not in page
    ask = reverse("signoff:ask", args=[council.child.pk, "cin_plan", plan.pk])
    refused = _text(manager.post(ask, {"sign_off_now": "1", "rationale": " "}, follow=True))
    assert "Enter the rationale for the decision." in refused
    assert not SignOff.objects.filter(kind="cin_plan").exists()  # nothing saved, not even the request
    manager.post(ask, {"sign_off_now": "1", "rationale": "Outcomes are what the family agreed"})
    row = SignOff.objects.get(kind="cin_plan")
    assert (row.status, row.requested_by, row.decided_by) == ("approved", council.manager, council.manager)
    page = _text(manager.get(episode_url))
    assert "Signed off" in page and "Outcomes are what the family agreed" in page
    assert _obligation(council.child, "cin_plan.sign_off") is None
