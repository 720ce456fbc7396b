"""Statutory visits on a child protection plan: seen, seen alone, bedroom seen, or not seen and why. A failed
visit alerts the manager the same day (a team-owned obligation, met when a manager with authority sees it) and
starts a follow-up due in 1 working day, met by the next visit where the child is seen."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.protection.tests.plan_fixtures import open_obligation, start_plan
from hearth.visits.models import Visit
from hearth.visits.services import failed_visit_seen, visit_record

VISIT: dict[str, Any] = {
    "seen": True,
    "seen_alone": True,
    "bedroom_seen": True,
    "not_seen_reason": "",
    "note": "Jayden showed me his room",
}


def test_a_visit_seen_alone_but_not_seen_is_refused_and_nothing_saved(council: Any) -> None:
    plan = start_plan(council, date(2025, 3, 3))
    with pytest.raises(ValidationError) as error:
        visit_record(
            kind="cp",
            plan=plan,
            visit_date=date(2025, 3, 10),
            by=council.worker,
            **(VISIT | {"seen": False, "not_seen_reason": "No answer"}),
        )
    assert set(error.value.message_dict) == {"seen_alone", "bedroom_seen"}
    assert "cannot have been seen alone" in error.value.message_dict["seen_alone"][0]
    with pytest.raises(ValidationError) as error:
        visit_record(
            kind="cp",
            plan=plan,
            visit_date=date(2025, 2, 28),
            by=council.worker,
            **(VISIT | {"seen": False, "seen_alone": False, "bedroom_seen": False}),
        )
    assert set(error.value.message_dict) == {"visit_date", "not_seen_reason"}
    assert not Visit.objects.exists()
    assert not Event.objects.filter(type__startswith="cp_visit").exists()


def test_a_seen_visit_meets_the_visiting_clock_at_the_local_interval(council: Any) -> None:
    plan = start_plan(council, date(2025, 3, 3))
    assert open_obligation(council.child, "cp.visit").due_date == date(2025, 3, 17)  # 10 working days
    visit = visit_record(kind="cp", plan=plan, visit_date=date(2025, 3, 12), by=council.worker, **VISIT)
    assert (visit.kind, visit.cp_plan, visit.seen_alone) == ("cp", plan, True)
    event = Event.objects.get(type="cp_visit.completed")
    assert event.payload == {
        "seen": True,
        "seen_alone": True,
        "seen_text": "yes, seen alone",
        "bedroom_seen": True,
    }
    assert open_obligation(council.child, "cp.visit").due_date == date(2025, 3, 26)


def test_a_failed_visit_alerts_the_manager_and_is_followed_up_within_a_working_day(council: Any) -> None:
    plan = start_plan(council, date(2025, 3, 3))
    failed = visit_record(
        kind="cp",
        plan=plan,
        visit_date=date(2025, 3, 14),  # a Friday: the follow-up is due on Monday
        by=council.worker,
        **(
            VISIT
            | {"seen": False, "seen_alone": False, "bedroom_seen": False, "not_seen_reason": "No access"}
        ),
    )
    failed_payload = Event.objects.get(type="cp_visit.failed").payload
    assert (failed_payload["reason"], failed_payload["seen"], failed_payload["seen_text"]) == (
        "No access",
        False,
        "no",
    )
    follow_up = open_obligation(council.child, "cp.visit_follow_up")
    assert follow_up.due_date == date(2025, 3, 17)
    alert = open_obligation(council.child, "cp.failed_visit_seen_by_manager")
    # The manager is told the day the failed visit is recorded, however long after the visit that is.
    assert (alert.due_date, alert.owner_id, alert.team_id) == (clock.today(), None, council.team.pk)
    assert open_obligation(council.child, "cp.visit").due_date == date(
        2025, 3, 17
    )  # not met by a failed visit

    with pytest.raises(ValidationError, match="Only a manager"):
        failed_visit_seen(visit=failed, note="Visit again Monday", by=council.worker)
    with pytest.raises(ValidationError) as error:
        failed_visit_seen(visit=failed, note=" ", by=council.manager)
    assert set(error.value.message_dict) == {"note"}
    failed_visit_seen(
        visit=failed, note="Visit again Monday with the police", by=council.manager, on=date(2025, 3, 14)
    )
    failed.refresh_from_db()
    assert (failed.manager_seen_by, failed.manager_note) == (
        council.manager,
        "Visit again Monday with the police",
    )
    alert.refresh_from_db()
    assert (alert.status, alert.closed_on) == (ObligationStatus.MET, date(2025, 3, 14))
    with pytest.raises(ValidationError, match="already seen"):
        failed_visit_seen(visit=failed, note="Again", by=council.manager)

    visit_record(kind="cp", plan=plan, visit_date=date(2025, 3, 17), by=council.worker, **VISIT)
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.closed_on) == (ObligationStatus.MET, date(2025, 3, 17))
    assert open_obligation(council.child, "cp.visit").due_date == date(2025, 3, 31)


def test_the_visit_page_records_a_failed_visit_and_the_manager_marks_it_seen_on_the_plan_page(
    council: Any,
) -> None:
    plan = start_plan(council, date(2025, 3, 3))
    worker, manager = Client(), Client()
    worker.force_login(council.worker)
    manager.force_login(council.manager)
    url = reverse("visits:new", kwargs={"pk": council.child.pk, "kind": "cp", "plan_pk": plan.pk})
    refused = worker.post(url, {"visit_date": "14/03/2025", "seen": "no", "seen_alone": "on"})
    assert refused.status_code == 200
    assert "cannot have been seen alone" in refused.content.decode()
    response = worker.post(url, {"visit_date": "14/03/2025", "seen": "no", "not_seen_reason": "No access"})
    assert response.status_code == 302
    plan_url = response["Location"]
    worker_page = worker.get(plan_url).content.decode()
    assert "Failed visit" in worker_page and "not yet seen by the manager" in worker_page
    assert 'name="failed_seen"' not in worker_page  # only a manager with authority sees the form
    visit = Visit.objects.get()
    assert worker.post(plan_url, {"failed_seen": visit.pk, "note": "Seen"}).status_code == 200
    assert Visit.objects.get().manager_seen_by is None
    manager_page = manager.get(plan_url).content.decode()
    assert f'name="failed_seen" value="{visit.pk}"' in manager_page
    assert (
        manager.post(plan_url, {"failed_seen": visit.pk, "note": "Police welfare check tonight"}).status_code
        == 302
    )
    assert Visit.objects.get().manager_seen_by == council.manager
    assert not Obligation.objects.filter(
        rule_id="cp.failed_visit_seen_by_manager", status=ObligationStatus.OPEN
    ).exists()
    assert "Police welfare check tonight" in manager.get(plan_url).content.decode()


def test_a_visit_cannot_be_recorded_on_an_ended_plan(council: Any) -> None:
    from hearth.protection.plans import cp_plan_end

    plan = start_plan(council, date(2025, 3, 3))
    cp_plan_end(plan=plan, ended_on=date(2025, 3, 10), by=council.worker)
    with pytest.raises(ValidationError) as error:
        visit_record(
            kind="cp", plan=plan, visit_date=date(2025, 3, 10) + timedelta(days=1), by=council.worker, **VISIT
        )
    assert "ended" in error.value.message_dict["visit_date"][0]


def test_marking_one_failed_visit_seen_clears_its_own_alert_not_another(council: Any) -> None:
    today = clock.today()
    plan = start_plan(council, today - timedelta(days=10))
    values = {"seen": False, "seen_alone": False, "bedroom_seen": False, "note": "", "by": council.worker}
    first = visit_record(
        kind="cp", plan=plan, visit_date=today - timedelta(days=1), not_seen_reason="No answer", **values
    )
    second = visit_record(kind="cp", plan=plan, visit_date=today, not_seen_reason="Family away", **values)
    failed_second = Event.objects.get(type="cp_visit.failed", record_id=second.pk)
    failed_visit_seen(visit=second, note="Visit tomorrow with school", by=council.manager)
    alerts = Obligation.objects.filter(child=council.child, rule_id="cp.failed_visit_seen_by_manager")
    status = {alert.started_by_id: alert.status for alert in alerts}
    assert status[failed_second.pk] == ObligationStatus.MET
    failed_first = Event.objects.get(type="cp_visit.failed", record_id=first.pk)
    assert status[failed_first.pk] == ObligationStatus.OPEN
