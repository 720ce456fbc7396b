"""A page guarded by a policy on a child opens the child's record (`access_child`) and its service asks the policy
again: the child is read and their access asked once a request, for that signed-in person and that child alone, and
asked afresh once a change about the child is written. The children a form offers are those living with the child."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from hearth.core import clock, policy
from hearth.core.changes import child_changed
from hearth.organisation.services import allocation_change
from hearth.people.access import access_child
from hearth.people.families import children_living_with, siblings_to_write
from hearth.people.models import HouseholdMembership
from hearth.people.services.household import household_add_member, household_leave
from hearth.people.tests.factories import make_adult, make_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(council: Any) -> Any:
    """A child the worker holds and did not create: their access is asked of who holds them now."""
    child = make_child(by=council.users["front_door"], forename="Amber", surname="Smith")
    allocation_change(
        child_id=child.pk,
        worker=council.worker,
        team=council.team,
        start_date=clock.today() - timedelta(days=30),
        reason="Allocated",
        by=council.users["front_door"],
    )
    return child


def _request(user: Any) -> HttpRequest:
    request = RequestFactory().get("/people/x/")
    request.user = user
    return request


def test_a_guarded_page_reads_the_child_and_asks_their_access_once(
    council: Any, held: Any, django_assert_num_queries: Any
) -> None:
    opened = []

    @policy.guard("child.record_work", every_method=True)
    def page(request: Any, pk: int) -> HttpResponse:
        person = access_child(request.user, pk, path=request.path)
        policy.require(request.user, "child.record_work", person)  # as the page's service asks
        opened.append(person)
        return HttpResponse()

    # The child, who holds them now (the worker does), the read logged.
    with django_assert_num_queries(3):
        page(_request(council.worker), pk=held.pk)
    assert opened[0].pk == held.pk
    assert policy.read_by_guard(council.worker, "child", held.pk) is None  # only during the page


def test_another_person_or_child_or_a_change_is_asked_afresh(
    council: Any, held: Any, django_assert_num_queries: Any
) -> None:
    stranger = make_child(by=council.users["front_door"], forename="Leo", surname="Jones")
    answers: dict[str, Any] = {}

    @policy.guard("child.record_work", every_method=True)
    def page(request: Any, pk: int) -> HttpResponse:
        answers["colleague"] = policy.allowed(council.colleague, "child.record_work", held)
        answers["stranger"] = policy.allowed(request.user, "child.record_work", stranger)
        child_changed(held.pk)
        with django_assert_num_queries(1):  # who holds the child now, asked again
            answers["after"] = policy.allowed(request.user, "child.record_work", held)
        return HttpResponse()

    page(_request(council.worker), pk=held.pk)
    assert answers == {
        "colleague": policy.allowed(council.colleague, "child.record_work", held),
        "stranger": False,
        "after": True,
    }


def test_the_children_offered_on_a_form_are_those_living_with_the_child_now(council: Any, held: Any) -> None:
    start = clock.today() - timedelta(days=30)
    household_add_member(child=council.child, member=held, start_date=start, by=council.worker)
    adult = make_adult(by=council.worker, forename="Kim", surname="Smith")
    household_add_member(child=council.child, member=adult, start_date=start, by=council.worker)
    gone = make_child(by=council.worker, forename="Ria", surname="Smith")
    household_add_member(child=council.child, member=gone, start_date=start, by=council.worker)
    household_leave(
        membership=HouseholdMembership.objects.get(person=gone, end_date=None),
        end_date=clock.today() - timedelta(days=1),
        by=council.worker,
    )
    offered = siblings_to_write(council.worker, council.child.pk)
    assert [child.pk for child in offered] == [held.pk]
    assert offered == list(children_living_with(council.child.pk))
    assert offered[0].full_name == held.full_name and offered[0].date_of_birth == held.date_of_birth
    assert siblings_to_write(council.worker, held.pk) == [council.child]
