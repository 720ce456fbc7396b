"""Adults are need-to-know (issue 13, ADR 17): staff open an adult's record through a child they may open, their
role's own work, a record they created, or a grant; search finds only what may be opened."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from hearth.core.models import Refusal
from hearth.organisation.roles import Role
from hearth.people import access
from hearth.people.access import adult_route_register, emergency_access_grant, may_open, visible_people
from hearth.people.models import RestrictedAccess
from hearth.people.services import household_add_member, relationship_add
from hearth.people.tests.factories import make_adult


@pytest.fixture
def adults(council: Any, far: tuple[Any, Any]) -> dict[str, Any]:
    far_worker, far_child = far
    mother = make_adult(forename="Maya", surname="Smith")
    household_add_member(child=council.child, member=mother, start_date=date(2020, 1, 1), by=None)
    uncle = make_adult(forename="Uri", surname="Smith")
    relationship_add(person=uncle, other=council.child, type="GRANDPARENT", by=None)
    far_father = make_adult(forename="Felix", surname="Far")
    relationship_add(person=far_father, other=far_child, type="FATHER", by=None)
    carer = make_adult(
        forename="Cara", surname="Unlinked"
    )  # a foster carer, say: no child's record names her
    return {
        "mother": mother,
        "uncle": uncle,
        "far_father": far_father,
        "carer": carer,
        "far_worker": far_worker,
    }


def _page(user: Any, person: Any) -> int:
    client = Client()
    client.force_login(user)
    return client.get(reverse("childrecord:child_page", kwargs={"pk": person.pk})).status_code


def test_a_worker_opens_the_adults_of_their_childs_household_and_family_only(
    council: Any, adults: dict[str, Any]
) -> None:
    worker = council.worker
    assert _page(worker, adults["mother"]) == 200 and _page(worker, adults["uncle"]) == 200
    for unseen in ("far_father", "carer"):
        assert _page(worker, adults[unseen]) == 404
        refused = Refusal.objects.filter(user=worker, action="person.open", child=adults[unseen])
        assert refused.count() == 1 and refused.get().reason == "No such record"
    assert set(visible_people(worker).filter(kind="adult")) == {adults["mother"], adults["uncle"]}
    # The far service's worker reaches the father of their own child, not this family.
    far = adults["far_worker"]
    assert may_open(far, adults["far_father"]) and not may_open(far, adults["mother"])


def test_search_finds_only_the_adults_the_user_may_open(council: Any, adults: dict[str, Any]) -> None:
    client = Client()
    client.force_login(council.worker)
    found = client.get(reverse("people:search"), {"q": "Smith"}).content.decode()
    assert "Maya Smith" in found and "Uri Smith" in found
    for name, full in (("Felix", "Felix Far"), ("Cara", "Cara Unlinked")):
        page = client.get(reverse("people:search"), {"q": name}).content.decode()
        assert (
            full not in page
            and adults["far_father" if name == "Felix" else "carer"].person_number not in page
        )


def test_the_front_door_sees_adults_linked_to_any_child_but_not_adults_no_child_names(
    council: Any, adults: dict[str, Any]
) -> None:
    """ADR 17: screening a contact needs the family of any child, not carers, staff's relatives or allegations."""
    front_door = council.users[Role.FRONT_DOOR]
    for linked in ("mother", "uncle", "far_father"):
        assert may_open(front_door, adults[linked]), linked
    assert not may_open(front_door, adults["carer"])
    own = make_adult(by=front_door, forename="Nia", surname="New")  # one the front door records itself
    assert may_open(front_door, own) and own in visible_people(front_door)
    for role in (Role.PARTNER_HEALTH, Role.ADMINISTRATOR):
        assert not visible_people(council.users[role]).filter(kind="adult").exists()


def test_a_role_reaches_adults_through_its_own_work_once_registered(
    council: Any, adults: dict[str, Any]
) -> None:
    """The care and complaints work will register their routes; the mechanism is tried here with the designated
    officer's subjects of allegations (a filter over Person for the roles that do the work)."""
    lado = council.users[Role.LADO]
    assert not may_open(lado, adults["carer"])

    def allegations(user: Any) -> Q | None:
        return Q(pk=adults["carer"].pk) if user.role == Role.LADO else None

    adult_route_register(allegations)
    try:
        assert may_open(lado, adults["carer"]) and adults["carer"] in visible_people(lado)
        assert not may_open(council.worker, adults["carer"])
    finally:
        access._ADULT_ROUTES.remove(allegations)


def test_a_restricted_adult_opens_only_for_those_named_and_a_grant_opens_an_adult(
    council: Any, adults: dict[str, Any]
) -> None:
    mother = adults["mother"]
    mother.is_restricted = True
    mother.save(update_fields=["is_restricted"])
    RestrictedAccess.objects.create(child=mother, user=council.manager)
    assert not may_open(council.worker, mother) and may_open(council.manager, mother)
    assert mother not in visible_people(council.worker) and mother in visible_people(council.manager)
    # Emergency access, with its reason, is the grant for an adult no route reaches.
    emergency_access_grant(
        user=council.worker,
        person_number=adults["carer"].person_number,
        reason="Carer named in a police call",
    )
    assert may_open(council.worker, adults["carer"])


def test_an_adult_recorded_on_the_other_side_of_a_relationship_opens_as_one_recorded_first(
    council: Any, adults: dict[str, Any]
) -> None:
    """ "The child is the grandchild of this adult" reaches the adult as "this adult is the child's grandparent"
    does: the relationship is stored once, either way round (ADR 17)."""
    grandmother = make_adult(forename="Gwen", surname="Other-Side")
    relationship_add(person=council.child, other=grandmother, type="GRANDCHILD", by=None)
    assert may_open(council.worker, grandmother)
    assert access.visible_among(council.worker, [grandmother, adults["carer"]]) == {grandmother.pk}
    assert not may_open(adults["far_worker"], grandmother)


def test_an_emergency_grant_on_a_child_opens_their_adults_for_that_user_alone(
    council: Any, adults: dict[str, Any], far: tuple[Any, Any]
) -> None:
    _, far_child = far
    father = adults["far_father"]
    assert not may_open(council.worker, father)
    emergency_access_grant(
        user=council.worker, person_number=far_child.person_number, reason="Police call about the far child"
    )
    assert may_open(council.worker, father) and father in visible_people(council.worker)
    assert not may_open(council.colleague, father) and father not in visible_people(council.colleague)


def test_a_stale_grant_on_an_unrestricted_child_opens_neither_the_child_nor_their_adults(
    council: Any, adults: dict[str, Any], far: tuple[Any, Any]
) -> None:
    """A grant names a user for a restricted record only: one left on a child who is no longer restricted (from an
    import or the admin; person_restrict deletes grants when it lifts a restriction) opens nothing, in the set form
    that lists and reports use as in the per-record form that search and the child's page use."""
    _, far_child = far
    father = adults["far_father"]
    RestrictedAccess.objects.create(child=far_child, user=council.worker)
    assert not far_child.is_restricted
    for person in (far_child, father):
        assert not may_open(council.worker, person)
        assert person not in visible_people(council.worker)
    assert access.visible_among(council.worker, [far_child, father]) == set()
