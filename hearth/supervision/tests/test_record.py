"""Recording supervision: refusals with nothing saved, and decisions and actions written to the child's record."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from hearth.core.models import ChangeLog, Event, Obligation, ObligationStatus
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import Role
from hearth.organisation.tests.factories import StaffUserFactory
from hearth.supervision.models import Supervision, SupervisionAction
from hearth.supervision.services import (
    ActionInput,
    ChildDiscussed,
    supervision_action_done,
    supervision_record,
)
from hearth.worklists.selectors import my_work

HELD = date(2025, 3, 3)


def _owner(council: Any) -> StaffUser:
    """A colleague in the child's team, who may open the child's record."""
    owner, _ = StaffUser.objects.get_or_create(
        username="owner", defaults={"full_name": "Nadia Owner", "role": "social_worker", "team": council.team}
    )
    return owner


def _record(council: Any, manager: Any = None, children: list[ChildDiscussed] | None = None) -> Supervision:
    return supervision_record(
        manager=manager or council.manager,
        worker=council.worker,
        held_on=HELD,
        reflective_discussion="We talked about how the family's resistance makes the worker feel.",
        wellbeing="Tired but well supported.",
        children=children
        if children is not None
        else [
            ChildDiscussed(
                1,
                council.child,
                "Hold a strategy discussion if school attendance falls again.",
                [ActionInput(1, "Ask the school for weekly attendance", _owner(council), date(2025, 3, 14))],
            )
        ],
    )


def test_recording_for_a_worker_the_manager_does_not_manage_is_refused_and_nothing_saved(
    council: Any,
) -> None:
    other_manager = StaffUserFactory(full_name="Other Manager", role="team_manager", team=council.other_team)
    events, changes = Event.objects.count(), ChangeLog.objects.count()
    with pytest.raises(ValidationError) as refused:
        _record(council, manager=other_manager)
    assert "You do not supervise this worker" in refused.value.message_dict["worker"][0]
    assert not Supervision.objects.exists()
    assert (Event.objects.count(), ChangeLog.objects.count()) == (events, changes)


def test_a_line_manager_outside_the_team_may_record(council: Any) -> None:
    line_manager = StaffUserFactory(full_name="Line Manager", role="team_manager", team=council.other_team)
    council.worker.line_manager = line_manager
    council.worker.save(update_fields=["line_manager"])
    assert _record(council, manager=line_manager).manager == line_manager


def test_an_action_with_no_owner_or_date_is_refused_naming_the_childs_action(council: Any) -> None:
    events = Event.objects.count()
    with pytest.raises(ValidationError) as refused:
        _record(
            council,
            children=[
                ChildDiscussed(
                    2,
                    council.child,
                    "Keep the plan as it is.",
                    [
                        ActionInput(1, "Visit", council.worker, date(2025, 3, 10)),
                        ActionInput(2, "Call the GP", None, None),
                    ],
                )
            ],
        )
    errors = refused.value.message_dict
    assert errors["owner_2_2"] == ["Choose who will do Jayden Smith's action 2: every action needs an owner."]
    assert errors["due_date_2_2"] == ["Enter the date by when Jayden Smith's action 2 must be done."]
    assert set(errors) == {"owner_2_2", "due_date_2_2"}
    assert not Supervision.objects.exists() and not SupervisionAction.objects.exists()
    assert Event.objects.count() == events
    assert not Obligation.objects.filter(rule_id="supervision.action").exists()


def test_a_child_not_on_the_workers_caseload_is_refused(council: Any) -> None:
    from hearth.people.tests.factories import make_child

    elsewhere = make_child(forename="Other", surname="Child")
    with pytest.raises(ValidationError) as refused:
        _record(council, children=[ChildDiscussed(1, elsewhere, "A decision.", [])])
    assert "is not on" in refused.value.message_dict["child_1"][0]


def test_the_decision_and_action_reach_the_childs_record_and_the_owners_work(council: Any) -> None:
    _record(council)
    decision = Event.objects.get(child=council.child, type="supervision.decision")
    assert decision.significance == "key" and decision.occurred_on == HELD
    assert "Hold a strategy discussion" in decision.summary

    obligation = Obligation.objects.get(child=council.child, rule_id="supervision.action")
    assert (obligation.owner, obligation.due_date, obligation.status) == (
        _owner(council),
        date(2025, 3, 14),
        ObligationStatus.OPEN,
    )
    assert obligation.team == council.team  # the child's team sees it too
    assert list(my_work(_owner(council)).filter(rule_id="supervision.action")) == [obligation]

    client = Client()
    client.force_login(council.worker)
    chronology = client.get(
        reverse("chronology:chronology", kwargs={"pk": council.child.pk})
    ).content.decode()
    assert "Hold a strategy discussion" in chronology
    page = client.get(reverse("childrecord:child_page", kwargs={"pk": council.child.pk})).content.decode()
    assert "Hold a strategy discussion" in page
    assert "Action from supervision: Ask the school for weekly attendance" in page

    owner = Client()
    owner.force_login(_owner(council))
    work = owner.get(reverse("worklists:my_work")).content.decode()
    # The action's own words, typed once in supervision, are what the owner's list says (issue 18); the row opens
    # the page where the owner marks it done.
    assert "Action from supervision: Ask the school for weekly attendance" in work and "14 Mar 2025" in work
    action = SupervisionAction.objects.get()
    act = reverse("worklists:act", kwargs={"pk": council.child.pk, "obligation_pk": obligation.pk})
    assert act in work
    assert owner.get(act)["Location"] == reverse(
        "supervision:action_done", kwargs={"pk": council.child.pk, "action_id": action.pk}
    )


def test_marking_the_action_done_meets_its_obligation_only(council: Any) -> None:
    _record(
        council,
        children=[
            ChildDiscussed(
                1,
                council.child,
                "Two things to do.",
                [
                    ActionInput(1, "First", council.worker, date(2025, 3, 10)),
                    ActionInput(2, "Second", council.worker, date(2025, 3, 20)),
                ],
            )
        ],
    )
    first, second = SupervisionAction.objects.order_by("pk")
    supervision_action_done(action=second, by=council.worker, on=date(2025, 3, 12))
    met = Obligation.objects.get(started_by=second.started_by)
    assert met.status == ObligationStatus.MET and met.closed_on == date(2025, 3, 12)
    assert Obligation.objects.get(started_by=first.started_by).status == ObligationStatus.OPEN
    assert Event.objects.filter(child=council.child, type="supervision.action_done").count() == 1
    with pytest.raises(ValidationError):
        supervision_action_done(action=second, by=council.worker, on=date(2025, 3, 12))


def test_only_the_owner_or_the_workers_manager_may_mark_an_action_done(council: Any) -> None:
    _record(council)
    action = SupervisionAction.objects.get()
    stranger = StaffUserFactory(
        full_name="Someone Else", team=council.team
    )  # may open the child, not the action
    with pytest.raises(ValidationError) as refused:
        supervision_action_done(action=action, by=stranger, on=date(2025, 3, 12))
    assert "Only the action's owner" in refused.value.message_dict["action"][0]
    far = StaffUserFactory(full_name="Far Away", team=council.far_team)  # may not even open the child
    with pytest.raises(Http404):
        supervision_action_done(action=action, by=far, on=date(2025, 3, 12))
    action.refresh_from_db()
    assert action.done_on is None
    assert Obligation.objects.get(rule_id="supervision.action").status == ObligationStatus.OPEN


def test_a_supervision_recorded_late_keeps_the_actions_owner_and_date_when_the_history_is_replayed(
    council: Any,
) -> None:
    from django.db import transaction

    from hearth.core.events import event_record

    with transaction.atomic():  # a later event on the child, so the supervision is a late entry
        event_record(
            child_id=council.child.pk,
            type="referral.received",
            occurred_on=date(2025, 4, 1),
            recorded_by=council.worker,
        )
    _record(council)
    obligation = Obligation.objects.get(child=council.child, rule_id="supervision.action")
    assert (obligation.owner, obligation.due_date) == (_owner(council), date(2025, 3, 14))
    supervision_action_done(action=SupervisionAction.objects.get(), by=_owner(council), on=date(2025, 3, 12))
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.MET


def test_an_action_owned_by_someone_who_cannot_open_the_childs_record_is_refused(council: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        _record(
            council,
            children=[
                ChildDiscussed(
                    1,
                    council.child,
                    "A decision.",
                    [ActionInput(1, "Visit", council.colleague, date(2025, 3, 10))],
                )
            ],
        )
    assert "Colleague Worker cannot open Jayden Smith's record" in refused.value.message_dict["owner_1_1"][0]
    assert not Supervision.objects.exists()


def test_the_policy_lists_the_actions_each_person_may_mark_done_as_it_answers_for_one(council: Any) -> None:
    """ADR 16: `supervision_action.done`'s list agrees with its answer for one action, for each kind of person."""
    from hearth.core import policy

    _record(council)
    action = SupervisionAction.objects.get()
    people = {
        "owner": _owner(council),
        "supervised worker": council.worker,
        "manager": council.manager,
        "same team": StaffUserFactory(full_name="Same Team", team=council.team),
        "far": StaffUserFactory(full_name="Far Away", team=council.far_team),
        "head of service": council.users[Role.HEAD_OF_SERVICE],
    }
    answers = {}
    for who, user in people.items():
        listed = policy.records(user, "supervision_action.done").filter(pk=action.pk).exists()
        answers[who] = policy.allowed(user, "supervision_action.done", action)
        assert listed == answers[who], who
    assert answers == {
        "owner": True,
        "supervised worker": False,
        "manager": True,
        "same team": False,
        "far": False,
        "head of service": False,
    }
