"""Shared fixtures: a small council with one member of staff in every role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import import_module
from typing import Any

import pytest

from hearth.organisation.models import Service, StaffUser, Team
from hearth.organisation.roles import Role
from hearth.organisation.services import allocation_change
from hearth.organisation.tests.factories import StaffUserFactory
from hearth.people.models import Person
from hearth.people.tests.factories import make_child


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any, request: pytest.FixtureRequest) -> None:
    """The SQLite passes build the test database from the models (`--no-migrations`: a second or two, where
    replaying every migration took about 13 seconds a worker a pass); the one data migration the tests rely on,
    the council's default document types, is then run as it is. PostgreSQL passes replay the migrations."""
    if request.config.getoption("nomigrations", False):
        from django.apps import apps

        with django_db_blocker.unblock():
            import_module("hearth.documents.migrations.0002_default_types").add_types(apps, None)


@dataclass
class Council:
    service: Service
    other_service: Service
    team: Team
    other_team: Team
    far_team: Team
    users: dict[str, StaffUser]
    worker: StaffUser
    colleague: StaffUser
    manager: StaffUser
    child: Person


@pytest.fixture
def council(db: None) -> Council:
    service = Service.objects.create(name="Children in need and protection")
    other_service = Service.objects.create(name="Children looked after")
    team = Team.objects.create(name="Safeguarding East", service=service)
    other_team = Team.objects.create(name="Safeguarding West", service=service)
    far_team = Team.objects.create(name="Looked After North", service=other_service)
    users: dict[str, StaffUser] = {}
    for role in Role:
        users[role.value] = StaffUserFactory(
            username=role.value, full_name=f"{role.label} Person", role=role, team=team
        )
    manager = users[Role.TEAM_MANAGER]
    team.manager = manager
    team.save()
    service.head = users[Role.HEAD_OF_SERVICE]
    service.save()
    worker = users[Role.SOCIAL_WORKER]
    colleague = StaffUserFactory(username="colleague", full_name="Colleague Worker", team=other_team)
    child = make_child(by=worker, forename="Jayden", surname="Smith", date_of_birth=date(2016, 3, 14))
    allocation_change(
        child_id=child.pk,
        worker=worker,
        team=team,
        start_date=date(2024, 1, 8),
        reason="New referral",
        by=users[Role.FRONT_DOOR],  # the front door allocates a child new to the council (scope: every child)
    )
    return Council(
        service, other_service, team, other_team, far_team, users, worker, colleague, manager, child
    )


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    """Settings and the council calendar are cached per process; each test starts from what its database holds."""
    from hearth.core.council_settings import clear_cache
    from hearth.core.timescales.store import clear_calendar_cache

    clear_cache()
    clear_calendar_cache()


@pytest.fixture
def far(council: Council) -> tuple[StaffUser, Person]:
    """A worker in another service and the child they hold: out of reach of the council's team and service."""
    worker = StaffUserFactory(username="far", full_name="Far Worker", team=council.far_team)
    child = make_child(forename="Fern", surname="Far")
    allocation_change(
        child_id=child.pk,
        worker=worker,
        team=council.far_team,
        start_date=date(2024, 2, 1),
        reason="R",
        by=None,
    )
    return worker, child
