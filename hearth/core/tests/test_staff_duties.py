"""Duties about a member of staff (issue 14 item 6): supervision, registration and vetting renewals and the
appraisal are rules on the engine, owned by the supervisor or the member of staff, on their lists."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from hearth.core.events import event_record
from hearth.core.models import Event, Obligation
from hearth.core.timescales.daily import daily_run
from hearth.core.timescales.rules import Interval, IntervalChoice, Owner, Profile, Rule, Subject, Unit, When
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import Role
from hearth.organisation.services import staff_workforce_update
from hearth.organisation.tests.factories import StaffUserFactory
from hearth.supervision.selectors import supervision_due
from hearth.supervision.services import supervision_record


def _duties(staff: StaffUser, rule_id: str) -> list[tuple[date, date, str, int | None]]:
    return list(
        Obligation.objects.filter(staff=staff, rule_id=rule_id)
        .order_by("start_date", "pk")
        .values_list("start_date", "due_date", "status", "owner_id")
    )


def _page(user: StaffUser, name: str) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse(name)).content.decode()


def test_a_new_worker_is_due_supervision_by_their_manager_from_the_engine(
    council: Any, settings: Any
) -> None:
    settings.HEARTH_TODAY = date(2026, 12, 24)  # Christmas Eve: the interval is in weeks, not working days
    worker = StaffUser.objects.create_user(
        "newstarter", "pw", full_name="New Starter", role=Role.SOCIAL_WORKER, team=council.team
    )
    assert _duties(worker, "supervision.due") == [
        (date(2026, 12, 24), date(2027, 1, 21), "open", council.manager.pk)
    ]
    # Newly qualified: every 2 weeks (the setting), chosen from their circumstances when the clock starts.
    graduate = StaffUser.objects.create_user(
        "graduate",
        "pw",
        full_name="Newly Qualified",
        role=Role.SOCIAL_WORKER,
        team=council.team,
        qualification_date=date(2026, 7, 1),
    )
    assert _duties(graduate, "supervision.due")[0][:2] == (date(2026, 12, 24), date(2027, 1, 7))
    # It is the manager's work: on their own list, with the worker's name and a link to their supervision.
    work = _page(council.manager, "worklists:my_work")
    assert "New Starter" in work and "Newly Qualified" in work and "Supervision held" in work
    assert reverse("supervision:history", args=[worker.pk]) in work
    assert "New Starter" not in _page(council.worker, "worklists:my_work")


def test_supervision_meets_the_clock_and_starts_the_next(council: Any, settings: Any) -> None:
    settings.HEARTH_TODAY = date(2026, 12, 1)
    worker = StaffUser.objects.create_user(
        "w1", "pw", full_name="Worker One", role=Role.SOCIAL_WORKER, team=council.team
    )
    supervision_record(
        manager=council.manager,
        worker=worker,
        held_on=date(2026, 12, 1),
        reflective_discussion="Reflective",
        wellbeing="Fine",
        children=[],
    )
    assert _duties(worker, "supervision.due") == [
        (date(2026, 12, 1), date(2026, 12, 29), "met", council.manager.pk),
        (date(2026, 12, 1), date(2026, 12, 29), "open", council.manager.pk),
    ]
    due = supervision_due(worker, date(2026, 12, 30))
    assert due.overdue and due.due_on == date(2026, 12, 29) and due.last_held_on == date(2026, 12, 1)


def test_a_partner_agencys_user_has_no_supervision_clock(council: Any) -> None:
    partner = StaffUser.objects.create_user("hv", "pw", full_name="Health Visitor", role=Role.PARTNER_HEALTH)
    assert _duties(partner, "supervision.due") == [] and _duties(partner, "staff.appraisal") == []


def test_registration_and_vetting_renewals_are_the_workers_own_duties(council: Any, settings: Any) -> None:
    settings.HEARTH_TODAY = date(2026, 12, 5)
    head = council.users[Role.HEAD_OF_SERVICE]
    worker = council.worker
    worker.refresh_from_db()
    values = {
        "registration_renewal_date": date(2026, 12, 25),  # a bank holiday: due that day all the same
        "vetting_renewal_date": date(2027, 3, 1),
        "last_appraisal_date": date(2026, 11, 30),
        "full_time_equivalent": Decimal("1.0"),
    }
    staff_workforce_update(
        staff=worker, values=values, version=worker.version, today=date(2026, 12, 5), by=head
    )
    assert _duties(worker, "staff.registration_renewal") == [
        (date(2026, 12, 5), date(2026, 12, 25), "open", worker.pk)
    ]
    assert _duties(worker, "staff.vetting_renewal")[0][1:3] == (date(2027, 3, 1), "open")
    # The appraisal on 30 November: the next is due a year on, the supervisor's to hold.
    assert _duties(worker, "staff.appraisal")[-1] == (
        date(2026, 11, 30),
        date(2027, 11, 30),
        "open",
        council.manager.pk,
    )
    assert "Social Work England registration renewed" in _page(worker, "worklists:my_work")
    # Renewed: the new date meets the old clock and starts the next; saving again with no change adds nothing.
    worker.refresh_from_db()
    later = {**values, "registration_renewal_date": date(2027, 12, 25)}
    staff_workforce_update(
        staff=worker, values=later, version=worker.version, today=date(2026, 12, 20), by=head
    )
    worker.refresh_from_db()
    staff_workforce_update(
        staff=worker, values=later, version=worker.version, today=date(2026, 12, 21), by=head
    )
    assert _duties(worker, "staff.registration_renewal") == [
        (date(2026, 12, 5), date(2026, 12, 25), "met", worker.pk),
        (date(2026, 12, 20), date(2027, 12, 25), "open", worker.pk),
    ]


def test_the_daily_run_joins_staff_created_in_bulk_and_follows_a_new_line_manager(
    council: Any, settings: Any
) -> None:
    settings.HEARTH_TODAY = date(2026, 12, 7)
    bulk = StaffUserFactory(full_name="Bulk Created", team=council.team)  # no event names them yet
    assert _duties(bulk, "supervision.due") == []
    daily_run(date(2026, 12, 7))
    assert _duties(bulk, "supervision.due") == [
        (date(2026, 12, 7), date(2027, 1, 4), "open", council.manager.pk)
    ]
    atm = council.users[Role.ASSISTANT_TEAM_MANAGER]
    bulk.line_manager = atm
    bulk.save(update_fields=["line_manager"])
    daily_run(date(2026, 12, 8))
    assert _duties(bulk, "supervision.due")[0][3] == atm.pk
    assert (
        Event.objects.filter(staff=bulk, type="staff.joined").count() == 1
    )  # joined once, however often run


def test_an_event_must_be_about_someone_or_something(council: Any) -> None:
    with (
        transaction.atomic(),
        pytest.raises(ValueError, match="about a child, a member of staff or a record"),
    ):
        event_record(type="staff.joined", occurred_on=date(2026, 1, 5), recorded_by=None)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Event.objects.create(
            type="staff.joined",
            significance="process",
            occurred_on=date(2026, 1, 5),
            recorded_at="2026-01-05T09:00Z",
        )


def _rule(**changes: Any) -> Rule:
    values: dict[str, Any] = {
        "id": "test.staff",
        "title": "Test",
        "source": "Test source",
        "profile": Profile.LOCAL,
        "in_force_from": date(2020, 1, 1),
        "starts_on": ("staff.joined",),
        "satisfied_by": ("staff.appraised",),
        "interval": Interval(1, Unit.MONTHS),
        "subject": Subject.STAFF,
        "owner": Owner.SUPERVISOR,
    }
    return Rule(**{**values, **changes})


def test_rule_declarations_that_make_no_sense_are_refused_when_rules_load() -> None:
    with pytest.raises(ValueError, match="no allocated worker"):
        _rule(owner=Owner.ALLOCATED_WORKER)
    with pytest.raises(ValueError, match="only a duty about a member of staff"):
        _rule(subject=Subject.CHILD)
    with pytest.raises(ValueError, match="unknown setting"):
        IntervalChoice((When("age", "<", 5),), setting="no_such_setting")
    with pytest.raises(ValueError, match="exactly one of interval and setting"):
        IntervalChoice((When("age", "<", 5),))
    with pytest.raises(ValueError, match="operator"):
        When("age", "~", 5)
    with pytest.raises(ValueError, match="give its source"):
        _rule(source=" ")


def test_supervisions_from_before_this_release_start_the_clock_when_the_daily_run_joins_the_worker(
    council: Any, settings: Any
) -> None:
    """The migration turns each supervision into an event; the daily run joins the worker and replays it."""
    from hearth.supervision.models import Supervision

    settings.HEARTH_TODAY = date(2026, 12, 7)
    worker = StaffUserFactory(full_name="Long Serving", team=council.team)
    held = Supervision.objects.create(
        worker=worker,
        manager=council.manager,
        held_on=date(2026, 11, 23),
        reflective_discussion="r",
        wellbeing="w",
    )
    Event.objects.create(  # what the migration writes for a supervision recorded before this release
        staff=worker,
        type="supervision.held",
        significance="standard",
        occurred_on=held.held_on,
        recorded_at=held.recorded_at,
        record_type="supervision.supervision",
        record_id=held.pk,
        summary="Supervision held",
    )
    daily_run(date(2026, 12, 7))
    assert _duties(worker, "supervision.due") == [
        (date(2026, 11, 23), date(2026, 12, 21), "open", council.manager.pk)
    ]


def test_a_duty_about_a_record_with_no_child_is_kept_and_listed_for_its_owner(
    council: Any, settings: Any, monkeypatch: Any
) -> None:
    """Complaints and allegations (issues to come) have duties about the record itself: the engine holds them."""
    from hearth.core.timescales import rules as registry
    from hearth.core.timescales.store import SubjectRef, obligations_rebuild

    stage_one = Rule(
        id="test.complaint_stage_1",
        title="Complaint answered (stage 1)",
        source="Children Act 1989 Representations Procedure (England) Regulations 2006 reg 14 (a test's copy)",
        profile=Profile.REGULATIONS,
        in_force_from=date(2006, 9, 1),
        subject=Subject.RECORD,
        starts_on=("staff.appraised",),  # any registered event type stands in for "complaint received"
        satisfied_by=("staff.joined",),
        interval=Interval(10, Unit.WORKING_DAYS),
        owner=Owner.NAMED,
        owner_from="owner_id",
    )
    monkeypatch.setitem(registry._RULES, stage_one.id, [stage_one])
    settings.HEARTH_TODAY = date(2026, 12, 18)
    record = council.team  # a record with no child
    with transaction.atomic():
        event_record(
            type="staff.appraised",
            occurred_on=date(
                2026, 12, 18
            ),  # a Friday before Christmas: 10 working days skip the bank holidays
            recorded_by=council.manager,
            record=record,
            payload={"owner_id": council.manager.pk},
        )
    duty = Obligation.objects.get(rule_id=stage_one.id)
    assert (duty.child_id, duty.staff_id, duty.record_type, duty.record_id) == (
        None,
        None,
        "organisation.team",
        record.pk,
    )
    assert (duty.due_date, duty.owner_id) == (date(2027, 1, 6), council.manager.pk)
    assert "Complaint answered (stage 1)" in _page(council.manager, "worklists:my_work")
    obligations_rebuild(SubjectRef(Subject.RECORD, record.pk, "organisation.team"))
    assert Obligation.objects.get(rule_id=stage_one.id).pk == duty.pk


def test_a_renewal_date_already_passed_is_overdue_from_that_date_and_clearing_it_ends_the_duty(
    council: Any, settings: Any
) -> None:
    settings.HEARTH_TODAY = date(2026, 12, 5)
    head, worker = council.users[Role.HEAD_OF_SERVICE], council.worker
    worker.refresh_from_db()
    values = {"registration_renewal_date": date(2026, 11, 30), "full_time_equivalent": Decimal("1.0")}
    staff_workforce_update(
        staff=worker, values=values, version=worker.version, today=date(2026, 12, 5), by=head
    )
    assert _duties(worker, "staff.registration_renewal") == [
        (date(2026, 11, 30), date(2026, 11, 30), "open", worker.pk)
    ]
    assert "Overdue by 5 days" in _page(worker, "worklists:my_work")
    worker.refresh_from_db()
    cleared = {**values, "registration_renewal_date": None}
    staff_workforce_update(
        staff=worker, values=cleared, version=worker.version, today=date(2026, 12, 5), by=head
    )
    assert [row[2] for row in _duties(worker, "staff.registration_renewal")] == ["ended"]
