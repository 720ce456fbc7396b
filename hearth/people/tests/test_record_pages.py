"""The pages that change a record: each refuses bad input by field and saves nothing, and each change is logged."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.core.models import ChangeLog, Event
from hearth.organisation.models import Allocation
from hearth.people.models import Address, HouseholdMembership, ProfessionalInvolvement, Relationship
from hearth.people.tests.factories import make_adult


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_address_needs_a_real_postcode_and_a_past_date(council: Any) -> None:
    client = signed_in(council.worker)
    url = reverse("people:add_address", kwargs={"pk": council.child.pk})
    future = (clock.today() + timedelta(days=1)).strftime("%d/%m/%Y")
    page = client.post(
        url, {"type": "HOME", "line_1": "1 Mill Lane", "postcode": "NOT A CODE", "start_date": future}
    )
    text = page.content.decode()
    assert "Enter a real postcode" in text and "must be today or in the past" in text
    assert not Address.objects.exists()
    assert (
        client.post(
            url, {"type": "HOME", "line_1": "1 Mill Lane", "postcode": "ne14st", "start_date": "1/9/2024"}
        ).status_code
        == 302
    )
    client.post(
        url, {"type": "HOME", "line_1": "9 New Road", "postcode": "NE2 1AA", "start_date": "1/3/2025"}
    )
    old, new = Address.objects.order_by("start_date")
    assert (old.postcode, old.end_date, new.end_date) == ("NE1 4ST", date(2025, 3, 1), None)


def test_a_relationship_to_oneself_is_refused_on_the_page(council: Any) -> None:
    client = signed_in(council.worker)
    url = reverse("people:add_relationship", kwargs={"pk": council.child.pk})
    page = client.post(url, {"other_number": council.child.person_number, "type": "SIBLING"}).content.decode()
    assert "cannot have a relationship to themselves" in page
    unknown = client.post(url, {"other_number": "A9999999", "type": "FATHER"}).content.decode()
    assert "No record you can open has that ID" in unknown
    assert not Relationship.objects.exists()
    father = make_adult(by=council.worker, forename="Dean", surname="Walker")
    client.post(
        url, {"other_number": father.person_number, "type": "FATHER", "parental_responsibility": "on"}
    )
    relationship = Relationship.objects.get()
    assert (relationship.person, relationship.other, relationship.parental_responsibility) == (
        father,
        council.child,
        True,
    )


def test_a_man_joining_and_leaving_the_household_goes_on_the_childs_chronology(council: Any) -> None:
    client = signed_in(council.worker)
    partner = make_adult(by=council.worker, forename="Dean", surname="Walker")
    client.post(
        reverse("people:join_household", kwargs={"pk": council.child.pk}),
        {"member_number": partner.person_number, "start_date": "1/6/2025"},
    )
    membership = HouseholdMembership.objects.get(person=partner)
    assert Event.objects.filter(
        child=council.child, type="household.joined", occurred_on=date(2025, 6, 1)
    ).exists()
    url = reverse("people:leave_household", kwargs={"pk": council.child.pk, "membership_pk": membership.pk})
    bad = client.post(url, {"end_date": "1/1/2025"}).content.decode()
    assert "must be on or after 1 June 2025" in bad
    client.post(url, {"end_date": "1/8/2025"})
    assert Event.objects.filter(
        child=council.child, type="household.left", summary="Dean Walker left the household"
    ).exists()


def test_a_professional_needs_a_name(council: Any) -> None:
    client = signed_in(council.worker)
    url = reverse("people:add_professional", kwargs={"pk": council.child.pk})
    assert (
        "Enter the professional"
        in client.post(url, {"role": "GP", "start_date": "1/1/2024"}).content.decode()
    )
    client.post(
        url, {"role": "GP", "name": "Dr Patel", "organisation": "Mill Surgery", "start_date": "1/1/2024"}
    )
    assert ProfessionalInvolvement.objects.get().name == "Dr Patel"
    assert ChangeLog.objects.filter(model="people.professionalinvolvement", user=council.worker).exists()


def test_two_people_editing_the_same_record_the_second_is_told_and_nothing_is_lost(council: Any) -> None:
    url = reverse("people:edit_details", kwargs={"pk": council.child.pk})
    first, second = signed_in(council.worker), signed_in(council.manager)
    form_first = first.get(url).context["form"].initial
    form_second = second.get(url).context["form"].initial

    def post(client: Client, initial: dict[str, Any], **changes: Any) -> Any:
        data = {k: ("" if v is None else v) for k, v in initial.items()}
        data["date_of_birth"] = initial["date_of_birth"].strftime("%d/%m/%Y")
        data.update(changes)
        data = {k: v for k, v in data.items() if v is not False}
        return client.post(url, data)

    assert post(first, form_first, first_language="Polish").status_code == 302
    page = post(second, form_second, first_language="Urdu").content.decode()
    assert "Someone else changed this record" in page
    council.child.refresh_from_db()
    assert council.child.first_language == "Polish"


def test_allocation_refuses_an_inactive_worker_and_keeps_history(council: Any) -> None:
    client = signed_in(council.manager)
    url = reverse("caseloads:allocate", kwargs={"pk": council.child.pk})
    council.colleague.is_active = False
    council.colleague.save()
    page = client.post(
        url,
        {
            "worker": council.colleague.pk,
            "team": council.other_team.pk,
            "start_date": "2/12/2026",
            "reason": "Transfer",
        },
    ).content.decode()
    assert "no longer active" in page
    assert Allocation.objects.filter(child=council.child).count() == 1
    council.colleague.is_active = True
    council.colleague.save()
    client.post(
        url,
        {
            "worker": council.colleague.pk,
            "team": council.other_team.pk,
            "start_date": clock.today().strftime("%d/%m/%Y"),
            "reason": "Transfer to West",
        },
    )
    history = list(
        Allocation.objects.filter(child=council.child)
        .order_by("start_date")
        .values_list("worker", "end_date")
    )
    assert history == [(council.worker.pk, clock.today()), (council.colleague.pk, None)]


def test_social_workers_cannot_allocate_or_merge(council: Any) -> None:
    client = signed_in(council.worker)
    assert client.get(reverse("caseloads:allocate", kwargs={"pk": council.child.pk})).status_code == 403
    assert client.get(reverse("people:merge", kwargs={"pk": council.child.pk})).status_code == 403


def test_a_manager_merges_a_duplicate_from_the_page(council: Any) -> None:
    from hearth.people.tests.factories import make_child

    duplicate = make_child(
        by=council.manager, forename="Jaden", surname="Smith", date_of_birth=date(2016, 3, 14)
    )
    client = signed_in(council.manager)
    url = reverse("people:merge", kwargs={"pk": council.child.pk})
    assert (
        "Confirm that you have checked"
        in client.post(url, {"duplicate_number": duplicate.person_number}).content.decode()
    )
    assert client.post(url, {"duplicate_number": duplicate.person_number, "confirm": "on"}).status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == council.child


def test_an_alias_and_an_identifier_are_found_by_search(council: Any) -> None:
    from hearth.people.models import Person
    from hearth.people.search import parse_query, person_search

    client = signed_in(council.worker)
    pk = council.child.pk
    assert (
        "Enter both"
        in client.post(
            reverse("people:add_name", kwargs={"pk": pk}), {"kind": "alias", "forename": "JJ"}
        ).content.decode()
    )
    client.post(
        reverse("people:add_name", kwargs={"pk": pk}),
        {"kind": "previous", "forename": "Jayden", "surname": "Okafor"},
    )
    bad = client.post(
        reverse("people:add_identifier", kwargs={"pk": pk}), {"type": "NHS_NUMBER", "value": "9434765918"}
    )
    assert "check digit" in bad.content.decode()
    client.post(
        reverse("people:add_identifier", kwargs={"pk": pk}), {"type": "CASE_NUMBER", "value": "lds-448812"}
    )
    everyone = Person.objects.all()
    assert [r.person for r in person_search(parse_query("jaden okafor"), everyone)] == [council.child]
    assert [r.person for r in person_search(parse_query("LDS-448812"), everyone)] == [council.child]


def test_a_disability_once_and_immigration_status_over_time(council: Any) -> None:
    from hearth.people.models import PersonImmigrationStatus

    client = signed_in(council.worker)
    pk = council.child.pk
    url = reverse("people:add_disability", kwargs={"pk": pk})
    client.post(url, {"code": "AUT"})
    assert "already recorded" in client.post(url, {"code": "AUT"}).content.decode()
    url = reverse("people:add_immigration_status", kwargs={"pk": pk})
    future = (clock.today() + timedelta(days=5)).strftime("%d/%m/%Y")
    assert (
        "today or in the past" in client.post(url, {"status": "UASC", "start_date": future}).content.decode()
    )
    client.post(url, {"status": "UASC", "start_date": "1/2/2024"})
    client.post(url, {"status": "REFUGEE", "start_date": "1/9/2025"})
    statuses = list(PersonImmigrationStatus.objects.order_by("start_date").values_list("status", "end_date"))
    assert statuses == [("UASC", date(2025, 9, 1)), ("REFUGEE", None)]


def test_a_manager_restricts_a_record_to_named_people(council: Any) -> None:
    from hearth.organisation.roles import Role

    manager = signed_in(council.manager)
    url = reverse("people:restrict", kwargs={"pk": council.child.pk})
    page = manager.post(url, {"restricted": "on", "named": "nobody.here"}).content.decode()
    assert "No active member of staff has the username nobody.here" in page
    council.child.refresh_from_db()
    assert not council.child.is_restricted
    chair = council.users[Role.CHILD_PROTECTION_CHAIR]
    manager.post(url, {"restricted": "on", "named": chair.username})
    assert (
        signed_in(chair).get(reverse("childrecord:child_page", kwargs={"pk": council.child.pk})).status_code
        == 200
    )
    assert (
        signed_in(council.worker)
        .get(reverse("childrecord:child_page", kwargs={"pk": council.child.pk}))
        .status_code
        == 404
    )
    assert ChangeLog.objects.filter(
        action="restrict", child_id=council.child.pk, user=council.manager
    ).exists()
    assert signed_in(council.worker).get(url).status_code == 404


def test_a_household_the_child_has_left_gives_no_way_into_another_childs_record(council: Any) -> None:
    from hearth.people.models import Household
    from hearth.people.services import household_join, household_leave
    from hearth.people.tests.factories import make_child

    hidden = make_child(forename="Hidden", surname="Kid")
    household = Household.objects.create(family_identifier="F9")
    mine = household_join(household=household, person=council.child, start_date=date(2020, 1, 1), by=None)
    theirs = household_join(household=household, person=hidden, start_date=date(2020, 1, 1), by=None)
    household_leave(membership=mine, end_date=date(2021, 1, 1), by=None)
    url = reverse("people:leave_household", kwargs={"pk": council.child.pk, "membership_pk": theirs.pk})
    assert signed_in(council.worker).get(url).status_code == 404


def test_a_restricted_duplicate_cannot_be_merged_into_an_open_record(council: Any) -> None:
    from django.core.exceptions import ValidationError

    from hearth.people.services import person_merge, person_restrict
    from hearth.people.tests.factories import make_child

    duplicate = make_child(by=council.manager, forename="Jaden", surname="Smith")
    person_restrict(person=duplicate, restricted=True, named=[council.manager], by=council.manager)
    duplicate.refresh_from_db()
    import pytest

    with pytest.raises(ValidationError, match="restricted"):
        person_merge(keep=council.child, merge=duplicate, by=council.manager)


def test_adding_to_the_household_twice_is_refused(council: Any) -> None:
    client = signed_in(council.worker)
    partner = make_adult(by=council.worker, forename="Dean", surname="Walker")
    url = reverse("people:join_household", kwargs={"pk": council.child.pk})
    client.post(url, {"member_number": partner.person_number, "start_date": "1/6/2025"})
    assert (
        "already lives with the child"
        in client.post(
            url, {"member_number": partner.person_number, "start_date": "1/7/2025"}
        ).content.decode()
    )
    assert HouseholdMembership.objects.filter(person=partner).count() == 1
