"""An early help service with its own team and worker beside the council's social care teams."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from hearth.children_in_need.models import Assessment, CinEpisode
from hearth.children_in_need.services import referral_receive
from hearth.organisation.models import Service, StaffUser, Team
from hearth.organisation.roles import Role, Scope
from hearth.organisation.tests.factories import StaffUserFactory


@dataclass
class EarlyHelp:
    service: Service
    team: Team
    worker: StaffUser


@pytest.fixture
def early_help(council: Any) -> EarlyHelp:
    service = Service.objects.create(name="Early Help Service")
    team = Team.objects.create(name="Early Help North", service=service)
    # Early help staff work with children social care still holds, so their scope reaches every record.
    worker = StaffUserFactory(
        username="erin", full_name="Erin Helper", role=Role.SOCIAL_WORKER, team=team, scope=Scope.ALL
    )
    return EarlyHelp(service, team, worker)


@pytest.fixture
def cin_episode(council: Any) -> CinEpisode:
    """A referral whose assessment has been authorised: a step-down from it closes as RC9."""
    episode = referral_receive(
        child=council.child, referral_date=date(2025, 5, 1), source="6", by=council.users[Role.FRONT_DOOR]
    )
    Assessment.objects.create(
        episode=episode,
        start_date=date(2025, 5, 2),
        completed_on=date(2025, 5, 20),
        authorisation_date=date(2025, 5, 21),
    )
    return episode
