"""Step-up: early help asks children's social care to take over; the front door's acceptance is the referral."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.children_in_need.models import CinEpisode
from hearth.core.models import Event
from hearth.earlyhelp.models import EarlyHelpEndReason, EarlyHelpEpisode
from hearth.earlyhelp.services import (
    early_help_start,
    step_change_accept,
    step_change_handover,
    step_up_request,
)
from hearth.organisation.roles import Role
from hearth.plans.services import outcome_add


@pytest.fixture
def episode(council: Any, early_help: Any) -> EarlyHelpEpisode:
    return early_help_start(
        child=council.child,
        start_date=date(2025, 3, 3),
        lead_professional="Erin Helper",
        lead_organisation="Early Help North",
        reason="Support after a house move",
        by=early_help.worker,
    )


def test_the_full_step_up_opens_a_referral_from_early_help(
    council: Any, early_help: Any, episode: EarlyHelpEpisode
) -> None:
    council.team.is_front_door = True
    council.team.save()
    front_door = council.users[Role.FRONT_DOOR]
    with pytest.raises(ValidationError) as error:
        step_up_request(
            episode=episode, to_service=None, reason="x", requested_on=date(2025, 5, 1), by=early_help.worker
        )
    assert error.value.message_dict == {"to_service": ["Choose the service that will receive the child."]}
    step = step_up_request(
        episode=episode,
        to_service=council.service,
        reason="Disclosure of harm at school",
        requested_on=date(2025, 5, 1),
        by=early_help.worker,
    )
    with pytest.raises(ValidationError, match="Only a member of the receiving service"):
        step_change_accept(step=step, accepted_on=date(2025, 5, 1), by=early_help.worker)
    assert not CinEpisode.objects.exists()

    step = step_change_accept(step=step, accepted_on=date(2025, 5, 2), by=front_door)
    referral = CinEpisode.objects.get(child=council.child)
    assert step.cin_episode == referral
    assert (referral.referral_date, referral.referral_source) == (date(2025, 5, 2), "5D")

    with pytest.raises(ValidationError, match="record what early help has tried"):
        step_change_handover(step=step, handover_on=date(2025, 5, 6), note="", by=council.manager)
    outcome_add(
        plan=episode,
        what_must_change="Child feels safe at home",
        action="Family support sessions",
        owner="Early Help North",
        due_date=date(2025, 6, 1),
        measure="Child says so at school",
        by=early_help.worker,
        on=date(2025, 3, 20),
    )
    step_change_handover(
        step=step, handover_on=date(2025, 5, 6), note="Worker introduced", by=council.manager
    )
    episode.refresh_from_db()
    assert (episode.end_date, episode.end_reason) == (date(2025, 5, 6), EarlyHelpEndReason.STEPPED_UP)
    assert Event.objects.filter(child=council.child, type="step_up.completed").count() == 1
    assert Event.objects.get(type="step_change.accepted").summary == (
        "Step-up to children's social care accepted by Children in need and protection"
    )
