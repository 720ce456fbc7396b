"""Step-down: requested to a named service, accepted by it, handed over with a plan by the sending manager,
followed for three months; a re-referral in that time is flagged."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from hearth.children_in_need.models import CinEpisode, CinPlan
from hearth.children_in_need.services import referral_receive
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.earlyhelp.models import EarlyHelpEpisode, StepChange
from hearth.earlyhelp.services import (
    step_change_accept,
    step_change_decline,
    step_change_handover,
    step_down_follow_up,
    step_down_request,
)
from hearth.organisation.models import Allocation
from hearth.organisation.roles import Role
from hearth.plans.services import outcome_add


def _request(council: Any, early_help: Any, cin_episode: CinEpisode) -> StepChange:
    return step_down_request(
        episode=cin_episode,
        to_service=early_help.service,
        reason="Assessment found needs early help can meet",
        requested_on=date(2025, 6, 2),
        by=council.worker,
    )


def _plan(episode: EarlyHelpEpisode, by: Any) -> None:
    outcome_add(
        plan=episode,
        what_must_change="Calmer evenings at home",
        action="Parenting programme",
        owner="Early Help North",
        due_date=date(2025, 9, 1),
        measure="Mother reports fewer arguments",
        by=by,
        on=date(2025, 6, 5),
    )


def stepped_down(council: Any, early_help: Any, cin_episode: CinEpisode) -> StepChange:
    step = _request(council, early_help, cin_episode)
    step = step_change_accept(step=step, accepted_on=date(2025, 6, 4), by=early_help.worker)
    assert step.early_help is not None
    _plan(step.early_help, early_help.worker)
    return step_change_handover(
        step=step, handover_on=date(2025, 6, 10), note="Family agreed", by=council.manager
    )


def test_the_full_step_down(council: Any, early_help: Any, cin_episode: CinEpisode) -> None:
    step = stepped_down(council, early_help, cin_episode)
    cin_episode.refresh_from_db()
    assert (cin_episode.closure_date, cin_episode.reason_for_closure) == (date(2025, 6, 10), "RC9")
    assert cin_episode.closure_signed_off_by == council.manager
    episode = EarlyHelpEpisode.objects.get(child=council.child)
    assert episode.is_open and episode.start_date == date(2025, 6, 4)
    assert (episode.lead_professional, episode.lead_organisation) == ("Erin Helper", "Early Help North")
    assert step.early_help == episode and step.follow_up_until == date(2025, 9, 10)
    follow_up = Obligation.objects.get(child=council.child, rule_id="step_down.follow_up")
    assert (follow_up.status, follow_up.start_date, follow_up.due_date) == (
        ObligationStatus.OPEN,
        date(2025, 6, 10),
        date(2025, 9, 10),
    )
    # The child moves to the early help worker who accepted them, and the follow-up is theirs.
    allocation = Allocation.objects.get(child=council.child, end_date=None)
    assert (allocation.worker, allocation.team, allocation.start_date) == (
        early_help.worker,
        early_help.team,
        date(2025, 6, 10),
    )
    assert follow_up.owner == early_help.worker
    types = list(Event.objects.filter(child=council.child).order_by("pk").values_list("type", flat=True))
    for expected in (
        "step_down.requested",
        "step_change.accepted",
        "early_help.started",
        "cin_episode.closed",
        "step_down.completed",
    ):
        assert expected in types
    summary = Event.objects.get(child=council.child, type="step_down.completed").summary
    assert summary == "Stepped down to early help (Early Help Service)"

    step_down_follow_up(
        step=step, followed_up_on=date(2025, 9, 1), note="Settled; attending school", by=council.worker
    )
    follow_up.refresh_from_db()
    assert follow_up.status == ObligationStatus.MET


def test_a_step_down_after_a_plan_closes_as_rc7(
    council: Any, early_help: Any, cin_episode: CinEpisode
) -> None:
    plan = CinPlan.objects.create(episode=cin_episode, start_date=date(2025, 5, 20))
    stepped_down(council, early_help, cin_episode)
    cin_episode.refresh_from_db()
    plan.refresh_from_db()
    assert cin_episode.reason_for_closure == "RC7" and plan.end_date == date(2025, 6, 10)


def test_a_step_down_needs_a_receiving_service_and_an_open_episode_and_only_one_at_a_time(
    council: Any, early_help: Any, cin_episode: CinEpisode
) -> None:
    with pytest.raises(ValidationError) as error:
        step_down_request(
            episode=cin_episode, to_service=None, reason="x", requested_on=date(2025, 6, 2), by=council.worker
        )
    assert error.value.message_dict == {"to_service": ["Choose the service that will receive the child."]}
    _request(council, early_help, cin_episode)
    with pytest.raises(ValidationError, match="still in progress") as error:
        _request(council, early_help, cin_episode)
    assert set(error.value.message_dict) == {"to_service"}
    cin_episode.closure_date, cin_episode.reason_for_closure = date(2025, 6, 3), "RC8"
    cin_episode.save()
    with pytest.raises(ValidationError, match="closed on 3 June 2025"):
        _request(council, early_help, cin_episode)
    assert StepChange.objects.count() == 1


def test_only_the_receiving_service_accepts_or_declines(
    council: Any, early_help: Any, cin_episode: CinEpisode
) -> None:
    step = _request(council, early_help, cin_episode)
    for outsider in (council.worker, council.manager, council.users[Role.FRONT_DOOR]):
        with pytest.raises(
            ValidationError, match=r"Only a member of the receiving service \(Early Help Service\)"
        ):
            step_change_accept(step=step, accepted_on=date(2025, 6, 4), by=outsider)
    with pytest.raises(ValidationError, match="Only a member of the receiving service"):
        step_change_decline(step=step, declined_on=date(2025, 6, 4), reason="No capacity", by=council.worker)
    step.refresh_from_db()
    assert (step.accepted_on, step.declined_on) == (None, None)
    assert not EarlyHelpEpisode.objects.exists()

    step = step_change_decline(
        step=step, declined_on=date(2025, 6, 4), reason="Needs too high", by=early_help.worker
    )
    assert step.declined_reason == "Needs too high"
    assert Event.objects.get(type="step_change.declined").summary == (
        "Step-down to early help declined by Early Help Service: Needs too high"
    )
    with pytest.raises(ValidationError, match="declined on 4 June 2025"):
        step_change_accept(step=step, accepted_on=date(2025, 6, 5), by=early_help.worker)


def test_the_handover_needs_a_plan_and_the_sending_manager(
    council: Any, early_help: Any, cin_episode: CinEpisode
) -> None:
    step = _request(council, early_help, cin_episode)
    with pytest.raises(ValidationError, match="not accepted this request yet"):
        step_change_handover(step=step, handover_on=date(2025, 6, 10), note="", by=council.manager)
    step = step_change_accept(step=step, accepted_on=date(2025, 6, 4), by=early_help.worker)
    with pytest.raises(ValidationError, match="The early help plan has no outcomes yet"):
        step_change_handover(step=step, handover_on=date(2025, 6, 10), note="", by=council.manager)
    assert step.early_help is not None
    _plan(step.early_help, early_help.worker)
    with pytest.raises(ValidationError, match="Only a manager can sign this off"):
        step_change_handover(step=step, handover_on=date(2025, 6, 10), note="", by=council.worker)
    far_manager = council.users[Role.ASSISTANT_TEAM_MANAGER]
    far_manager.team = council.far_team
    far_manager.save()
    with pytest.raises(Http404):  # a manager who may not even open the record
        step_change_handover(step=step, handover_on=date(2025, 6, 10), note="", by=far_manager)
    cin_episode.refresh_from_db()
    step.refresh_from_db()
    assert cin_episode.is_open and step.handover_on is None
    assert not Obligation.objects.filter(rule_id="step_down.follow_up").exists()


def test_a_re_referral_within_the_follow_up_period_is_flagged(
    council: Any, early_help: Any, cin_episode: CinEpisode
) -> None:
    step = stepped_down(council, early_help, cin_episode)
    again = referral_receive(
        child=council.child, referral_date=date(2025, 9, 10), source="3A", by=council.users[Role.FRONT_DOOR]
    )
    step.refresh_from_db()
    assert step.re_referral == again
    received = Event.objects.filter(type="referral.received").order_by("-pk").first()
    assert received is not None and received.payload["after_step_down"] is True


def test_a_referral_after_the_follow_up_period_is_not_flagged(
    council: Any, early_help: Any, cin_episode: CinEpisode
) -> None:
    step = stepped_down(council, early_help, cin_episode)
    referral_receive(
        child=council.child, referral_date=date(2025, 9, 11), source="3A", by=council.users[Role.FRONT_DOOR]
    )
    step.refresh_from_db()
    assert step.re_referral is None
    received = Event.objects.filter(type="referral.received").order_by("-pk").first()
    assert received is not None and "after_step_down" not in received.payload
