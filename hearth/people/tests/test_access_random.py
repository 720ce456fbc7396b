"""Need-to-know, asked of random councils: the list of records a user may open (visible_people), the same question
asked of all records at once (visible_among) and of each record (may_open) always agree (ADR 5, 13, 17, 21)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.db.models import Q

from hearth.core import clock
from hearth.core.models import EmergencyAccess
from hearth.earlyhelp.models import EarlyHelpEpisode, StepChange
from hearth.organisation.models import Allocation, Service, StaffUser, Team
from hearth.organisation.roles import Role, Scope
from hearth.organisation.tests.factories import StaffUserFactory
from hearth.people import access
from hearth.people.access import may_open, reachable_superset, visible_among, visible_people
from hearth.people.models import (
    Household,
    HouseholdMembership,
    Person,
    ProfessionalInvolvement,
    Relationship,
    RestrictedAccess,
)
from hearth.people.tests.factories import make_adult, make_child
from hearth.people.tests.test_access import statement_ids


def _route(user: StaffUser) -> Q | None:
    """An adult route (ADR 17) for some users: adults whose surname starts "Route"."""
    if user.role == Role.LADO or user.username.endswith("3"):
        return Q(surname__startswith="Route")
    return None


@pytest.mark.parametrize("seed", range(2))
def test_every_form_of_need_to_know_agrees_on_a_random_council(db: None, seed: int) -> None:
    rng = random.Random(seed)
    access.adult_route_register(_route)
    try:
        services = [Service.objects.create(name=f"S{i}") for i in range(3)]
        teams = [Team.objects.create(name=f"T{i}", service=services[i % 3]) for i in range(5)]
        users: list[StaffUser] = []
        scopes = [Scope.ALL, Scope.TEAM, Scope.SERVICE, Scope.OWN_CASELOAD, Scope.PARTNER, Scope.NONE, ""]
        roles = list(Role)
        for i in range(24):
            made: StaffUser = StaffUserFactory(  # type: ignore[no-untyped-call,assignment]
                username=f"u{seed}_{i}",
                role=rng.choice(roles),
                scope=rng.choice(scopes),
                team=rng.choice(teams + [None]),
            )
            users.append(made)
        for u in users:
            if rng.random() < 0.4:
                u.line_manager = rng.choice(users)
                u.save()
        for t in teams:
            if rng.random() < 0.6:
                t.manager = rng.choice(users)
                t.save()
        for s in services:
            if rng.random() < 0.6:
                s.head = rng.choice(users)
                s.save()
        people: list[Person] = []
        for i in range(40):
            by = rng.choice(users) if rng.random() < 0.15 else None
            if rng.random() < 0.6:
                p = make_child(forename="C", surname=f"Kid{i}")
            else:
                p = make_adult(forename="A", surname=("Route" if rng.random() < 0.2 else "Adult") + str(i))
            if by is not None:
                Person.objects.filter(pk=p.pk).update(created_by=by)
            people.append(p)
        children = [p for p in people if p.kind == "child"]
        for c in children:
            d = date(2023, 1, 1)
            for _ in range(rng.randint(0, 3)):
                d = d + timedelta(days=rng.choice([0, 0, 10, 30]))
                Allocation.objects.create(
                    child=c,
                    worker=rng.choice(users),
                    team=rng.choice(teams),
                    start_date=d,
                    end_date=d + timedelta(days=5),
                )
            if rng.random() < 0.5:
                Allocation.objects.create(
                    child=c,
                    worker=rng.choice(users),
                    team=rng.choice(teams),
                    start_date=d + timedelta(days=rng.choice([0, 6])),
                )
            if rng.random() < 0.5:
                EarlyHelpEpisode.objects.create(
                    child=c, start_date=date(2023, 1, 1), end_date=rng.choice([None, date(2023, 2, 1)])
                )
            if rng.random() < 0.2:
                StepChange.objects.create(
                    child=c,
                    direction="up",
                    to_service=rng.choice(services),
                    reason="r",
                    requested_on=date(2024, 1, 1),
                    requested_by=users[0],
                    declined_on=rng.choice([None, None, date(2024, 2, 1)]),
                )
        for i in range(8):
            h = Household.objects.create(family_identifier=f"H{seed}_{i}")
            for p in rng.sample(people, rng.randint(1, 4)):
                HouseholdMembership.objects.create(
                    household=h,
                    person=p,
                    start_date=date(2020, 1, 1),
                    end_date=rng.choice([None, date(2021, 1, 1)]),
                )
        for _ in range(20):
            a, b = rng.sample(people, 2)
            Relationship.objects.create(person=a, other=b, type="FATHER")
        for p in people:
            if rng.random() < 0.15:
                Person.objects.filter(pk=p.pk).update(is_restricted=True)
                for u in rng.sample(users, 3):
                    RestrictedAccess.objects.get_or_create(child=p, user=u)
            elif rng.random() < 0.25:
                # A grant left on a record that is not restricted (from an import or the admin) opens nothing.
                RestrictedAccess.objects.get_or_create(child=p, user=rng.choice(users))
            if rng.random() < 0.07:
                Person.objects.filter(pk=p.pk).update(merged_into=rng.choice(people))
        for _ in range(15):
            EmergencyAccess.objects.create(
                user=rng.choice(users),
                child=rng.choice(people),
                reason="x",
                granted_at=clock.now(),
                expires_at=clock.now() + timedelta(hours=rng.choice([-1, 1])),
            )
        for _ in range(10):
            ProfessionalInvolvement.objects.create(
                child=rng.choice(people),
                role="GP",
                name="x",
                staff_user=rng.choice(users),
                start_date=date(2020, 1, 1),
                end_date=rng.choice([None, date(2021, 1, 1)]),
            )
        everyone = list(Person.objects.all())
        for member in users:
            # A fresh user each time: nothing remembered on the user for one check helps another.
            vis = set(visible_people(StaffUser.objects.get(pk=member.pk)).values_list("pk", flat=True))
            user = StaffUser.objects.get(pk=member.pk)
            assert visible_among(user, everyone) == vis, (user.role, user.scope, user.team_id)
            # The search's narrowing for a common name holds every record the user may open.
            reach = reachable_superset(StaffUser.objects.get(pk=member.pk))
            if reach is not None:
                assert vis <= set(Person.objects.filter(reach).values_list("pk", flat=True)), user.role
            # As one statement, for a narrow scope with no adult routes: the same ids as reachable_ids.
            statement = access.reachable_statement(StaffUser.objects.get(pk=member.pk))
            if statement is not None:
                found = access.reachable_ids(StaffUser.objects.get(pk=member.pk))
                assert found is not None and statement_ids(statement) == set(found.ids), user.role
            for p in everyone:
                user = StaffUser.objects.get(pk=member.pk)
                assert may_open(user, p) == (p.pk in vis), (user.role, user.scope, user.team_id, p.kind, p.pk)
    finally:
        access._ADULT_ROUTES.remove(_route)
