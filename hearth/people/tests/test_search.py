"""Search: misspelt and transposed names, dates of birth, partial postcodes and identifiers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.organisation.roles import Role
from hearth.organisation.services import allocation_change
from hearth.people.models import Address, Person
from hearth.people.search import parse_query, person_search
from hearth.people.tests.factories import make_adult, make_child


@pytest.fixture
def people(db: None) -> dict[str, Person]:
    found = {
        "jayden": make_child(
            forename="Jayden",
            surname="Smith",
            date_of_birth=date(2016, 3, 14),
            nhs_number="9434765919",
            upn="F801200100001",
        ),
        "catherine": make_child(forename="Catherine", surname="O'Neill", date_of_birth=date(2012, 11, 2)),
        "mohammed": make_child(forename="Mohammed", surname="Rahman", date_of_birth=date(2010, 7, 9)),
        "other": make_child(forename="Olivia", surname="Brown", date_of_birth=date(2016, 3, 14)),
    }
    Address.objects.create(
        person=found["jayden"], line_1="1 Mill Lane", postcode="NE1 4ST", start_date=date(2020, 1, 1)
    )
    Address.objects.create(
        person=found["other"], line_1="2 Mill Lane", postcode="NE14 5XY", start_date=date(2020, 1, 1)
    )
    return found


def search(text: str) -> list[Person]:
    return [result.person for result in person_search(parse_query(text), Person.objects.all())]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Jayden Smith", "jayden"),
        ("jaden smyth", "jayden"),  # misspelt
        ("Smith Jayden", "jayden"),  # transposed
        ("Smiht", "jayden"),  # letters swapped
        ("Katherine ONeill", "catherine"),
        ("Muhammad Rahman", "mohammed"),
        ("9434765919", "jayden"),
        ("943 476 5919", "jayden"),
        ("F801200100001", "jayden"),
    ],
)
def test_finds_the_child_however_the_name_or_id_is_given(
    people: dict[str, Person], text: str, who: str
) -> None:
    assert search(text)[0] == people[who]


def test_date_of_birth_alone_and_with_a_name(people: dict[str, Person]) -> None:
    assert set(search("14/03/2016")) == {people["jayden"], people["other"]}
    assert search("olivia 14/03/2016") == [people["other"]]


def test_partial_postcode_matches_the_district_not_longer_districts(people: dict[str, Person]) -> None:
    assert search("NE1") == [people["jayden"]]
    assert search("NE1 4") == [people["jayden"]]
    assert search("NE14") == [people["other"]]


def test_person_number(people: dict[str, Person]) -> None:
    assert search(people["mohammed"].person_number) == [people["mohammed"]]


def test_an_impossible_date_is_explained() -> None:
    assert "not a real date" in parse_query("31/02/2016").problem


def test_the_search_page_shows_only_records_the_user_may_open(council: Any) -> None:
    make_child(
        forename="Jayden", surname="Smithson", date_of_birth=date(2016, 3, 14)
    )  # not allocated to the team
    client = Client()
    client.force_login(council.worker)
    page = client.get(reverse("people:search"), {"q": "jaden smith"}).content.decode()
    assert council.child.person_number in page
    assert "Smithson" not in page
    assert "1 record found" in page


def test_a_name_pair_on_a_record_the_user_cannot_open_does_not_hide_one_they_can(db: None) -> None:
    visible = make_child(forename="Anna", middle_names="Maria", surname="Jones")
    make_child(forename="Anna", surname="Maria")  # out of the searcher's sight
    within = Person.objects.filter(pk=visible.pk)
    for among in (None, lambda people: {p.pk for p in people if p.pk == visible.pk}):
        # the database combining names and access, or everyone whose names match asked one by one
        found = person_search(parse_query("Anna Maria"), within, among=among)
        assert [result.person for result in found] == [visible]
        found = person_search(parse_query("Maria Anna"), within, among=among)
        assert [result.person for result in found] == [visible]


def test_more_name_pairs_than_a_search_asks_about_never_hide_a_child_the_user_holds(
    council: Any, monkeypatch: Any
) -> None:
    from hearth.organisation.services import allocation_change
    from hearth.people import search as search_module
    from hearth.people.access import visible_among, visible_people

    monkeypatch.setattr(search_module, "CANDIDATE_POOL", 3)
    monkeypatch.setattr(search_module, "CANDIDATE_LIMIT", 2)
    children = [
        make_child(forename="Anna", surname="Maria", middle_names="Jones" if number == 4 else "")
        for number in range(6)
    ]
    for number in (0, 4):
        allocation_change(
            child_id=children[number].pk,
            worker=council.worker,
            team=council.team,
            start_date=date(2024, 1, 1),
            reason="R",
            by=None,
        )
    user = council.worker
    for text, held in (("Anna Maria", {0, 4}), ("Anna Maria Jones", {4})):
        found = person_search(
            parse_query(text), visible_people(user), among=lambda people: visible_among(user, people)
        )
        assert {result.person.pk for result in found} == {children[number].pk for number in held}, text


def test_a_middle_name_is_found_beside_a_given_and_family_name_match(db: None) -> None:
    """Each word is matched against every name a person has: a Mary whose middle name is Jane is found for "Mary
    Jane" even where a Mary Jayne (given name and family name) is found too."""
    child = make_child(forename="Mary", middle_names="Jane", surname="Smith")
    adult = make_adult(forename="Mary", surname="Jayne")
    everyone = Person.objects.filter(pk__in=[child.pk, adult.pk])
    for among in (None, lambda people: {p.pk for p in people}):
        found = {result.person for result in person_search(parse_query("Mary Jane"), everyone, among=among)}
        assert found == {child, adult}, among


def test_a_former_name_ranks_its_person_as_high_as_a_current_one(db: None) -> None:
    """Ranking reads every name a person is known by: a child found by a former surname is ranked by it, above
    someone whose name only sounds like it."""
    from hearth.people.services import person_add_name

    adopted = make_child(forename="Leah", middle_names="Rose", surname="Okafor")
    person_add_name(person=adopted, kind="previous", forename="Leah", surname="Brennan", by=None)
    sounds_like = make_child(forename="Leah", surname="Brenen")
    everyone = Person.objects.filter(pk__in=[adopted.pk, sounds_like.pk])
    for among in (None, lambda people: {p.pk for p in people}):
        results = person_search(parse_query("Leah Brennan"), everyone, among=among)
        assert [result.person for result in results] == [adopted, sounds_like], among
        assert results[0].score == 1.0 and results[1].score < 1.0
        results = person_search(parse_query("Rose Okafor"), everyone, among=among)
        assert [result.person for result in results] == [adopted] and results[0].score == 1.0


@pytest.mark.parametrize("role", list(Role))
def test_a_common_name_finds_the_same_people_in_the_same_order_through_the_reach_as_a_statement(
    council: Any, monkeypatch: Any, role: Role
) -> None:
    """For a narrow scope a common name is matched among what the user's work reaches in one statement
    (access.reachable_statement), and once known to be common without listing everyone of that name: the same
    people, in the same order, as reachable_ids' narrowing and as the database combining names and access."""
    from hearth.organisation.services import allocation_change, allocation_end
    from hearth.people import search as search_module
    from hearth.people.access import reachable_ids, reachable_statement, visible_among, visible_people
    from hearth.people.services import household_add_member

    monkeypatch.setattr(search_module, "CANDIDATE_POOL", 3)
    monkeypatch.setattr(search_module, "_COMMON_NAMES", set())
    children = [
        make_child(forename=forename, surname="Booth")
        for forename in ("Amy", "Ben", "Cara", "Dan", "Eve", "Fay", "Gus")
    ]
    for number, (worker, team) in enumerate(
        (
            (council.worker, council.team),
            (council.colleague, council.other_team),
            (council.worker, council.team),
        )
    ):
        allocation_change(
            child_id=children[number].pk,
            worker=worker,
            team=team,
            start_date=date(2024, 1, 1),
            reason="R",
            by=None,
        )
    allocation_end(child_id=children[2].pk, end_date=date(2024, 6, 1), by=None)  # held once by the team
    parent = make_adult(forename="Hal", surname="Booth")
    household_add_member(child=children[0], member=parent, start_date=date(2024, 1, 1), by=None)
    merged = make_child(forename="Amy", surname="Booth")
    merged.merged_into = children[0]
    merged.save()
    user = council.users[role]
    for text in ("Booth", "Amy Booth", "Booth", "Amy Booth"):
        query = parse_query(text)
        expected = person_search(query, visible_people(user))
        narrowed = person_search(
            query,
            lambda: visible_people(user),
            among=lambda people: visible_among(user, people),
            reachable=lambda: reachable_ids(user),
        )
        through = person_search(
            query,
            lambda: visible_people(user),
            among=lambda people: visible_among(user, people),
            reachable=lambda: reachable_ids(user),
            reached=lambda: reachable_statement(user),
        )
        assert [r.person.pk for r in through] == [r.person.pk for r in narrowed], (role, text)
        assert [r.person.pk for r in through] == [r.person.pk for r in expected], (role, text)
    if reachable_statement(user) is not None:
        assert ("booth",) in search_module._COMMON_NAMES


def test_a_name_that_certainly_picks_out_many_goes_straight_to_the_reach_without_listing_everyone(
    council: Any, monkeypatch: Any
) -> None:
    """The name index's rows counted up to a bound say a family name is common before anyone of that name is
    listed; a rarer name is listed, as before. The same people are found either way."""
    from hearth.people import search as search_module
    from hearth.people.access import reachable_ids, reachable_statement, visible_among, visible_people

    monkeypatch.setattr(search_module, "CANDIDATE_POOL", 3)
    monkeypatch.setattr(search_module, "_COMMON_NAMES", set())
    many = [make_child(forename=f"Kid{n}", surname="Pryce") for n in range(8)]
    make_child(forename="Ola", surname="Quist")
    user = council.worker
    for child in many[:2]:
        allocation_change(
            child_id=child.pk,
            worker=user,
            team=council.team,
            start_date=date(2024, 1, 1),
            reason="R",
            by=None,
        )

    def searched(text: str) -> tuple[list[int], list[str]]:
        with CaptureQueriesContext(connection) as queries:
            found = person_search(
                parse_query(text),
                lambda: visible_people(user),
                among=lambda people: visible_among(user, people),
                reachable=lambda: reachable_ids(user),
                reached=lambda: reachable_statement(user),
            )
        return [r.person.pk for r in found], [q["sql"] for q in queries]

    found, statements = searched("Pryce")
    assert sorted(found) == sorted(child.pk for child in many[:2])
    assert not any("DISTINCT" in sql and "nametoken" in sql for sql in statements)
    assert ("pryce",) in search_module._COMMON_NAMES
    found, statements = searched("Quist")  # 2 rows of 16: listed, and not remembered as common
    assert found == []
    assert any("DISTINCT" in sql and "nametoken" in sql for sql in statements)
    assert ("quist",) not in search_module._COMMON_NAMES
