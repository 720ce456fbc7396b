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
    duplicate = make_child(
        forename="Jaden", surname="Smith", date_of_birth=date(2016, 3, 14), nhs_number="9434765919"
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
        person_merge(keep=council.child, merge=make_adult(), by=council.manager)


def test_adult_records_are_created_with_an_adult_number(council: Any) -> None:
    adult = make_adult(forename="Dean", surname="Walker")
    assert adult.kind == RecordKind.ADULT and adult.person_number.startswith("A")
