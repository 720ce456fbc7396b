"""People's records: bad input refused with the field named, duplicates warned of, merges audited, changes logged."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.core.models import ChangeLog, Event
from hearth.people.models import Person, PersonName, RecordKind, Relationship
from hearth.people.services import (
    person_create,
    person_merge,
    person_possible_duplicates,
    person_update,
    relationship_add,
)
from hearth.people.tests.factories import make_adult, make_child


def refused(values: dict[str, Any]) -> dict[str, list[str]]:
    count = Person.objects.count()
    with pytest.raises(ValidationError) as error:
        person_create(values={"forename": "Amy", "surname": "Khan", **values}, by=None)
    assert Person.objects.count() == count
    return error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        (
            {"date_of_birth": clock.today() + timedelta(days=1)},
            "date_of_birth",
            "today or in the past",
        ),
        ({"nhs_number": "943 476 5918"}, "nhs_number", "check digit"),
        ({"upn": "A801200100001"}, "upn", "check letter"),
        ({"ethnicity": "XXXX"}, "ethnicity", "not a known code"),
        ({"sex": "Q"}, "sex", "not a known code"),
        ({"forename": ""}, "forename", "first name"),
        (
            {"date_of_birth": date(2015, 1, 1), "date_of_death": date(2014, 1, 1)},
            "date_of_death",
            "on or after",
        ),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(values: dict[str, Any], field: str, words: str) -> None:
    errors = refused(values)
    assert words in " ".join(errors[field])


@pytest.mark.django_db
def test_a_valid_record_normalises_identifiers_and_indexes_names() -> None:
    person = person_create(
        values={
            "forename": "Amy",
            "surname": "Khan",
            "nhs_number": "943 476 5919",
            "date_of_birth": date(2016, 2, 29),
        },
        by=None,
    )
    assert person.nhs_number == "9434765919"
    assert person.person_number.startswith("C")
    assert Event.objects.filter(child=person, type="person.created").exists()
    assert ChangeLog.objects.filter(child_id=person.pk, action="create").exists()


@pytest.mark.django_db
def test_a_relationship_to_oneself_is_refused() -> None:
    child = make_child()
    with pytest.raises(ValidationError) as error:
        relationship_add(person=child, other=child, type="SIBLING", by=None)
    assert "themselves" in error.value.message_dict["other"][0]
    assert not Relationship.objects.exists()


@pytest.mark.django_db
def test_an_unknown_relationship_code_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        relationship_add(person=make_adult(), other=make_child(), type="COUSIN_TWICE_REMOVED", by=None)
    assert "type" in error.value.message_dict


@pytest.mark.django_db
def test_possible_duplicates_by_sound_alike_name_and_date_of_birth_or_nhs_number() -> None:
    existing = make_child(
        forename="Catherine", surname="Smith", date_of_birth=date(2014, 5, 2), nhs_number="9434765919"
    )
    make_child(forename="Catherine", surname="Smith", date_of_birth=date(2013, 5, 2))
    by_name = person_possible_duplicates(
        forename="Katherine", surname="Smyth", date_of_birth=date(2014, 5, 2)
    )
    assert [d.person for d in by_name] == [existing]
    by_nhs = person_possible_duplicates(
        forename="X", surname="Y", date_of_birth=None, nhs_number="9434765919"
    )
    assert [d.person for d in by_nhs] == [existing] and "same NHS number" in by_nhs[0].reasons


def test_creating_a_record_warns_of_a_possible_duplicate_until_confirmed(council: Any) -> None:
    client = Client()
    client.force_login(council.worker)
    form = {
        "kind": "child",
        "forename": "Jaden",
        "surname": "Smith",
        "date_of_birth": "14/03/2016",
        "sex": "M",
    }
    first = client.post(reverse("people:create"), form)
    assert first.status_code == 200
    page = first.content.decode()
    assert "This may be someone already recorded" in page and council.child.person_number in page
    assert Person.objects.filter(forename="Jaden").count() == 0
    confirmed = client.post(reverse("people:create"), {**form, "confirm_not_duplicate": "on"})
    assert confirmed.status_code == 302
    assert Person.objects.filter(forename="Jaden").count() == 1


def test_the_create_form_shows_each_error_against_its_field(council: Any) -> None:
    client = Client()
    client.force_login(council.worker)
    page = client.post(
        reverse("people:create"),
        {
            "kind": "child",
            "forename": "Amy",
            "surname": "Khan",
            "sex": "F",
            "nhs_number": "1234567890",
            "date_of_birth": (clock.today() + timedelta(days=3)).strftime("%d/%m/%Y"),
        },
    ).content.decode()
    assert "There is a problem" in page
    assert "Date of birth must be today or in the past." in page
    assert "NHS number must be 10 digits" in page
    assert not Person.objects.filter(forename="Amy").exists()


def test_concurrent_edits_are_refused_not_lost(council: Any) -> None:
    child = council.child
    person_update(person=child, values={"first_language": "Polish"}, version=child.version, by=council.worker)
    with pytest.raises(ValidationError) as error:
        person_update(
            person=child, values={"first_language": "Urdu"}, version=child.version, by=council.manager
        )
    assert "Someone else changed this record" in error.value.message_dict["version"][0]
    child.refresh_from_db()
    assert child.first_language == "Polish" and child.version == 2
    change = ChangeLog.objects.filter(child_id=child.pk, action="update").get()
    assert (
        change.before == {"first_language": "", "version": 1} and change.after["first_language"] == "Polish"
    )
    assert change.user == council.worker


def test_merging_moves_everything_and_is_audited(council: Any) -> None:
    keep = council.child
    duplicate = make_child(  # recorded by the manager, who may open both records to merge them
        by=council.manager,
        forename="Jaden",
        surname="Smith",
        date_of_birth=date(2016, 3, 14),
        nhs_number="9434765919",
    )
    mother = make_adult(forename="Kim", surname="Smith", sex="F")
    relationship_add(person=mother, other=duplicate, type="MOTHER", parental_responsibility=True, by=None)
    person_merge(keep=keep, merge=duplicate, by=council.manager)
    duplicate.refresh_from_db()
    keep.refresh_from_db()
    assert duplicate.merged_into == keep
    assert keep.nhs_number == "9434765919"
    assert Relationship.objects.get(person=mother).other == keep
    assert PersonName.objects.filter(person=keep, forename="Jaden", kind="alias").exists()
    assert ChangeLog.objects.filter(
        model="people.person", object_id=duplicate.pk, action="merge", user=council.manager
    ).exists()
    assert Event.objects.filter(child=keep, type="person.merged").exists()
    assert not Person.objects.filter(pk=duplicate.pk, merged_into=None).exists()


def test_a_merge_of_a_child_into_an_adult_is_refused(council: Any) -> None:
    with pytest.raises(ValidationError):
        person_merge(keep=council.child, merge=make_adult(by=council.manager), by=council.manager)


def test_adult_records_are_created_with_an_adult_number(council: Any) -> None:
    adult = make_adult(forename="Dean", surname="Walker")
    assert adult.kind == RecordKind.ADULT and adult.person_number.startswith("A")


def test_the_create_form_does_not_say_whether_records_the_user_cannot_open_exist(council: Any) -> None:
    """Issue 13: the form told any member of staff whether a name and date of birth were recorded in records
    they could not open. Now such a match looks exactly like no match to them, and the front door checks the new
    record: it merges the two, or records that it checked and they are different people."""
    from hearth.core.models import Obligation, ObligationStatus
    from hearth.organisation.roles import Role
    from hearth.organisation.services import allocation_change
    from hearth.organisation.tests.factories import StaffUserFactory

    far_worker = StaffUserFactory(username="far", full_name="Far Worker", team=council.far_team)
    hidden = make_child(forename="Olivia", surname="Farrow", date_of_birth=date(2017, 5, 9))
    allocation_change(
        child_id=hidden.pk,
        worker=far_worker,
        team=council.far_team,
        start_date=date(2024, 2, 1),
        reason="R",
        by=None,
    )
    client = Client()
    client.force_login(council.worker)
    assert client.get(reverse("childrecord:child_page", kwargs={"pk": hidden.pk})).status_code == 404

    def create(forename: str, surname: str) -> Any:
        form = {
            "kind": "child",
            "forename": forename,
            "surname": surname,
            "date_of_birth": "09/05/2017",
            "sex": "F",
        }
        return client.post(reverse("people:create"), form)

    unmatched, matched = create("Quinn", "Nomatch"), create("Olivia", "Farrow")
    assert unmatched.status_code == matched.status_code == 302  # created at once, no warning either way
    for response in (unmatched, matched):
        page = client.get(response.url).content.decode()
        assert "cannot open" not in page and "already recorded" not in page
    new = Person.objects.get(forename="Olivia", surname="Farrow", created_by=council.worker)
    # Nothing on the new record, its page or its chronology, says a match was found.
    for url in (
        reverse("childrecord:child_page", kwargs={"pk": new.pk}),
        reverse("chronology:chronology", kwargs={"pk": new.pk}) + "?view=all",
    ):
        page = client.get(url).content.decode()
        assert "may be this person" not in page and "duplicate record checked" not in page, url
        assert hidden.person_number not in page and "Farrow" in page, url
    waiting = Obligation.objects.filter(rule_id="person.duplicate_check", status=ObligationStatus.OPEN)
    assert list(waiting.values_list("child_id", flat=True)) == [hidden.pk]
    # The front door sees the check on the existing record and records it; a blank note is refused by name.
    front_door = Client()
    front_door.force_login(council.users[Role.FRONT_DOOR])
    details = front_door.get(reverse("people:details", kwargs={"pk": hidden.pk})).content.decode()
    assert "Possible duplicate to check" in details
    chronology = front_door.get(reverse("chronology:chronology", kwargs={"pk": hidden.pk}) + "?view=all")
    assert f"A new record ({new.person_number}) may be this person" in chronology.content.decode()
    assert (
        "Possible duplicate to check"
        not in front_door.get(reverse("people:details", kwargs={"pk": new.pk})).content.decode()
    )
    url = reverse("people:duplicate_checked", kwargs={"pk": hidden.pk})
    blank = front_door.post(url, {"note": " "})
    assert "Enter what you checked" in blank.content.decode() and waiting.exists()
    assert (
        front_door.post(url, {"note": "Searched by name and date of birth: a different Olivia"}).status_code
        == 302
    )
    assert not waiting.exists()
    assert (
        Obligation.objects.get(rule_id="person.duplicate_check", child=hidden).status == ObligationStatus.MET
    )
    # A social worker, who may not open that record, is told it does not exist.
    assert client.post(url, {"note": "x"}).status_code == 404
