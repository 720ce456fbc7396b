"""Need-to-know: every child-scoped URL, requested as every role, is open exactly where the policy says."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.children_in_need.services import referral_receive
from hearth.core import clock, policy
from hearth.core.models import AccessLog, EmergencyAccess, Refusal
from hearth.core.policy import Refused
from hearth.core.tests.urlwalk import hearth_patterns
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import Role
from hearth.organisation.services import allocation_change, allocation_end
from hearth.organisation.tests.factories import StaffUserFactory
from hearth.people.access import emergency_access_grant, visible_people
from hearth.people.models import ProfessionalInvolvement, RestrictedAccess
from hearth.people.tests.factories import make_child

ALL_SCOPE = {
    Role.CHILD_PROTECTION_CHAIR,
    Role.INDEPENDENT_REVIEWING_OFFICER,
    Role.IRO_MANAGER,
    Role.PLACEMENTS,
    Role.FRONT_DOOR,
    Role.PERFORMANCE,
}
TEAM_SCOPE = {Role.SOCIAL_WORKER, Role.ASSISTANT_TEAM_MANAGER, Role.TEAM_MANAGER}

# Who may open which child: written out by hand, not derived from the code under test.
EXPECTED: dict[str, set[str]] = {
    "own_team": ALL_SCOPE | TEAM_SCOPE | {Role.HEAD_OF_SERVICE},
    "same_service": ALL_SCOPE | {Role.HEAD_OF_SERVICE},
    "other_service": ALL_SCOPE | {Role.PARTNER_HEALTH},
    "restricted": {Role.TEAM_MANAGER},
}


def child_url_patterns() -> list[tuple[str, str]]:
    """(namespace:name, route) for every URL pattern that takes a child's pk."""
    return [(name, route) for name, route, _ in hearth_patterns() if "<int:pk>" in route]


@pytest.fixture
def children(council: Any) -> dict[str, Any]:
    same_service = make_child(forename="Sam", surname="Service")
    allocation_change(
        child_id=same_service.pk,
        worker=council.colleague,
        team=council.other_team,
        start_date=date(2024, 2, 1),
        reason="Referral",
        by=None,
    )
    far_worker = StaffUserFactory(username="far", full_name="Far Worker", team=council.far_team)
    other_service = make_child(forename="Olive", surname="Other")
    allocation_change(
        child_id=other_service.pk,
        worker=far_worker,
        team=council.far_team,
        start_date=date(2024, 2, 1),
        reason="Referral",
        by=None,
    )
    ProfessionalInvolvement.objects.create(
        child=other_service,
        role="GP",
        name="Dr Health",
        staff_user=council.users[Role.PARTNER_HEALTH],
        start_date=date(2024, 1, 1),
    )
    restricted = make_child(forename="Rita", surname="Restricted", is_restricted=True)
    restricted.is_restricted = True
    restricted.save(update_fields=["is_restricted"])
    allocation_change(
        child_id=restricted.pk,
        worker=council.worker,
        team=council.team,
        start_date=date(2024, 2, 1),
        reason="Referral",
        by=None,
    )
    RestrictedAccess.objects.create(child=restricted, user=council.manager)
    return {
        "own_team": council.child,
        "same_service": same_service,
        "other_service": other_service,
        "restricted": restricted,
    }


def test_every_child_scoped_url_is_found_by_the_walk() -> None:
    names = {name for name, _ in child_url_patterns()}
    assert {"childrecord:child_page", "chronology:chronology", "chronology:print", "people:details"} <= names


@pytest.mark.parametrize("role", list(Role))
def test_every_role_is_refused_where_it_should_be(council: Any, children: dict[str, Any], role: Role) -> None:
    client = Client()
    user = council.users[role]
    client.force_login(user)
    for name, route in child_url_patterns():
        # Other parameters (a household membership, say) get an id that exists nowhere: the child's record is
        # still checked first, so an allowed read is logged and then finds nothing.
        others: dict[str, object] = {key: 0 for key in re.findall(r"<int:(\w+)>", route) if key != "pk"}
        others |= dict.fromkeys(re.findall(r"<str:(\w+)>", route), "cin_plan")
        for which, child in children.items():
            before = AccessLog.objects.filter(user=user, child=child).count()
            response = client.get(reverse(name, kwargs={"pk": child.pk, **others}))
            allowed = role in EXPECTED[which]
            if allowed:
                expected = (200, 403, 404) if others else (200, 403)
                assert response.status_code in expected, (name, which, role, response.status_code)
                if response.status_code == 200 or (others and response.status_code == 404):
                    assert AccessLog.objects.filter(user=user, child=child).count() == before + 1, (
                        name,
                        which,
                    )
                if (
                    response.status_code == 403
                ):  # a page for an action this role may not take: the try is logged
                    assert Refusal.objects.filter(user=user, child=child, path=response.request["PATH_INFO"])
            else:
                assert response.status_code == 404, (name, which, role, response.status_code)
                assert AccessLog.objects.filter(user=user, child=child).count() == before


def test_a_denied_read_looks_exactly_like_a_missing_record(council: Any, children: dict[str, Any]) -> None:
    client = Client()
    client.force_login(council.worker)
    denied_pk = children["other_service"].pk
    denied = client.get(reverse("childrecord:child_page", kwargs={"pk": denied_pk}))
    missing = client.get(reverse("childrecord:child_page", kwargs={"pk": 999_999}))
    assert denied.status_code == missing.status_code == 404

    def comparable(content: bytes, pk: int) -> bytes:
        return re.sub(rb'value="[A-Za-z0-9]{64}"', b"", content).replace(str(pk).encode(), b"N")

    assert comparable(denied.content, denied_pk) == comparable(missing.content, 999_999)
    assert b"Olive" not in denied.content


def test_signed_out_people_are_sent_to_sign_in(council: Any) -> None:
    response = Client().get(reverse("childrecord:child_page", kwargs={"pk": council.child.pk}))
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_emergency_access_needs_a_reason_opens_for_a_day_and_is_reported(
    council: Any, children: dict[str, Any]
) -> None:
    worker, child = council.worker, children["other_service"]
    with pytest.raises(ValidationError) as refused:
        emergency_access_grant(user=worker, person_number=child.person_number, reason="because")
    assert "reason" in refused.value.message_dict
    assert not EmergencyAccess.objects.exists()
    emergency_access_grant(
        user=worker,
        person_number=child.person_number,
        reason="Police call out of hours: child reported missing",
    )
    client = Client()
    client.force_login(worker)
    assert client.get(reverse("childrecord:child_page", kwargs={"pk": child.pk})).status_code == 200
    report = Client()
    report.force_login(council.manager)
    page = report.get(reverse("people:emergency_access_report")).content.decode()
    assert "Police call out of hours" in page and worker.full_name in page
    EmergencyAccess.objects.update(expires_at=clock.now() - timedelta(minutes=1))
    assert client.get(reverse("childrecord:child_page", kwargs={"pk": child.pk})).status_code == 404


def test_emergency_access_cannot_open_a_restricted_record_or_be_used_by_partners(
    council: Any, children: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        emergency_access_grant(
            user=council.worker,
            person_number=children["restricted"].person_number,
            reason="Needed urgently for a strategy discussion",
        )
    with pytest.raises(Refused, match="Your role may not use emergency access"):
        emergency_access_grant(
            user=council.users[Role.PARTNER_POLICE],
            person_number=council.child.person_number,
            reason="Needed urgently for a strategy discussion",
        )
    assert not EmergencyAccess.objects.exists()
    refused = Refusal.objects.get()
    assert (refused.user, refused.action) == (council.users[Role.PARTNER_POLICE], "emergency.open")


def test_managers_see_who_has_viewed_a_record_and_workers_do_not(council: Any) -> None:
    worker = Client()
    worker.force_login(council.worker)
    worker.get(reverse("childrecord:child_page", kwargs={"pk": council.child.pk}))
    assert worker.get(reverse("people:viewers", kwargs={"pk": council.child.pk})).status_code == 403
    manager = Client()
    manager.force_login(council.manager)
    page = manager.get(reverse("people:viewers", kwargs={"pk": council.child.pk})).content.decode()
    assert council.worker.full_name in page and "Viewed" in page


@pytest.mark.parametrize("role", list(Role))
def test_the_single_record_check_agrees_with_the_list_of_visible_records(
    council: Any, children: dict[str, Any], role: Role
) -> None:
    from hearth.people.access import (
        may_open,
        reachable_ids,
        reachable_statement,
        reachable_superset,
        visible_among,
        visible_people,
    )
    from hearth.people.models import Person
    from hearth.people.services import household_add_member, relationship_add
    from hearth.people.tests.factories import make_adult

    user = council.users[role]
    extra = {
        "adult": make_adult(),
        # Partner agencies and administrators may not create records: theirs is the system's.
        "created_by_them": make_child(by=user if policy.allowed(user, "person.create") else None),
        "emergency": make_child(forename="Emma", surname="Gency"),
        "merged": make_child(forename="Mer", surname="Ged"),
        # Adults are reached through a child (ADR 17): a household member, a relative of a child in another
        # service, a relative of a restricted child.
        "adult_in_own_team_household": make_adult(forename="Hal", surname="Household"),
        "adult_related_to_other_service": make_adult(forename="Ray", surname="Related"),
        "adult_related_to_restricted": make_adult(forename="Rita", surname="Restricted"),
    }
    household_add_member(
        child=children["own_team"],
        member=extra["adult_in_own_team_household"],
        start_date=date(2024, 1, 1),
        by=None,
    )
    for which, child in (
        ("adult_related_to_other_service", "other_service"),
        ("adult_related_to_restricted", "restricted"),
    ):
        relationship_add(person=extra[which], other=children[child], type="FATHER", by=None)
    extra["merged"].merged_into = council.child
    extra["merged"].save()
    far_worker = StaffUser.objects.get(username="far")
    for which, worker, team in (
        ("unheld_last_with_the_team", council.worker, council.team),
        ("unheld_last_in_the_service", council.colleague, council.other_team),
        ("unheld_last_in_another_service", far_worker, council.far_team),
    ):
        extra[which] = make_child(forename="Una", surname="Held")
        allocation_change(
            child_id=extra[which].pk,
            worker=worker,
            team=team,
            start_date=date(2024, 3, 1),
            reason="R",
            by=None,
        )
        allocation_end(child_id=extra[which].pk, end_date=date(2024, 9, 2), by=None)
    # Held by the team and handed on the same day to another service: the other service holds the child now.
    extra["handed_on"] = make_child(forename="Hal", surname="Handed")
    for worker, team in ((council.worker, council.team), (far_worker, council.far_team)):
        allocation_change(
            child_id=extra["handed_on"].pk,
            worker=worker,
            team=team,
            start_date=date(2024, 3, 1),
            reason="R",
            by=None,
        )
    EmergencyAccess.objects.create(
        user=user,
        child=extra["emergency"],
        reason="test",
        granted_at=clock.now(),
        expires_at=clock.now() + timedelta(hours=1),
    )
    visible = set(visible_people(user).values_list("pk", flat=True))
    for which, person in {**children, **extra}.items():
        assert may_open(user, person) == (person.pk in visible), (role, which)
    # An adult allocated by mistake is still reached only through a child (ADR 17).
    allocated_adult = make_adult(forename="Al", surname="Located")
    allocation_change(
        child_id=allocated_adult.pk,
        worker=council.worker,
        team=council.team,
        start_date=date(2024, 1, 1),
        reason="R",
        by=None,
    )
    assert may_open(user, allocated_adult) == (
        allocated_adult.pk in set(visible_people(user).values_list("pk", flat=True))
    ), role
    # Asked of every record at once, as a search asks it of everyone whose name matched.
    everyone = list(Person.objects.all())
    assert visible_among(user, everyone) == visible & {person.pk for person in everyone}, role
    reach = reachable_superset(user)  # a search's narrowing for a common name: every record the user may open
    assert reach is None or visible <= set(Person.objects.filter(reach).values_list("pk", flat=True)), role
    # The same narrowing as one statement, for a narrow scope: the same ids as reachable_ids.
    statement = reachable_statement(user)
    if statement is not None:
        found = reachable_ids(user)
        assert found is not None and statement_ids(statement) == set(found.ids), role
        assert visible <= statement_ids(statement), role


def statement_ids(statement: tuple[str, list[Any]]) -> set[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return {row[0] for row in cursor.fetchall()}


def test_the_team_that_last_held_a_child_may_open_the_record_until_someone_takes_the_child_on(
    council: Any,
) -> None:
    """ADR 12: the unallocated queue and the allocation meeting need the managers of the team that last held the
    child to open the record; a team or service that never held the child still cannot."""
    from hearth.caseloads.selectors import unallocated_children
    from hearth.people.access import may_open

    other_manager = StaffUserFactory(username="west", role=Role.TEAM_MANAGER, team=council.other_team)
    far_manager = StaffUserFactory(username="farm", role=Role.TEAM_MANAGER, team=council.far_team)
    referral_receive(
        child=council.child, referral_date=date(2025, 5, 1), source="6", by=council.users[Role.FRONT_DOOR]
    )
    allocation_end(child_id=council.child.pk, end_date=date(2025, 6, 2), by=council.manager)
    assert may_open(council.manager, council.child)
    assert council.child in unallocated_children(council.manager)
    assert may_open(council.users[Role.HEAD_OF_SERVICE], council.child)
    assert not may_open(other_manager, council.child) and not may_open(far_manager, council.child)
    assert council.child not in unallocated_children(far_manager)
    allocation_change(
        child_id=council.child.pk,
        worker=council.colleague,
        team=council.other_team,
        start_date=date(2025, 6, 3),
        reason="Allocation meeting",
        by=council.manager,
    )
    assert not may_open(council.manager, council.child) and may_open(other_manager, council.child)


def test_a_service_asked_to_take_a_child_may_read_the_record_until_it_decides(council: Any) -> None:
    from hearth.children_in_need.services import referral_receive
    from hearth.earlyhelp.services import step_change_decline, step_down_request
    from hearth.organisation.models import Service, Team
    from hearth.organisation.tests.factories import StaffUserFactory
    from hearth.people.access import may_open

    service = Service.objects.create(name="Early Help Service")
    team = Team.objects.create(name="Early Help North", service=service)
    helper = StaffUserFactory(username="eh", full_name="Early Helper", role=Role.SOCIAL_WORKER, team=team)
    episode = referral_receive(
        child=council.child, referral_date=date(2025, 5, 1), source="6", by=council.users[Role.FRONT_DOOR]
    )
    assert not may_open(helper, council.child)
    step = step_down_request(
        episode=episode,
        to_service=service,
        reason="Needs parenting support",
        requested_on=date(2025, 6, 2),
        by=council.worker,
    )
    assert may_open(helper, council.child)
    assert visible_people(helper).filter(pk=council.child.pk).exists()
    step_change_decline(step=step, declined_on=date(2025, 6, 3), reason="Needs social care", by=helper)
    assert not may_open(helper, council.child)
    assert not visible_people(helper).filter(pk=council.child.pk).exists()
