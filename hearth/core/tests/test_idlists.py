"""Lists of ids in a query: the same records whichever form the list takes (idlists)."""

from __future__ import annotations

import pytest
from django.db import connection

from hearth.core.idlists import compiled_over_ids, id_rows, ids_in, list_to_come, pk_any, rows_over_ids
from hearth.people.models import Person
from hearth.people.tests.factories import make_child

pytestmark = pytest.mark.django_db


def test_pk_any_finds_exactly_the_records_listed_and_keeps_an_order_by_name() -> None:
    children = [
        make_child(forename=f, surname=s) for f, s in (("Zara", "Ames"), ("Ali", "Ames"), ("Bo", "Cole"))
    ]
    make_child(forename="Not", surname="Listed")
    listed = [child.pk for child in children]
    found = list(Person.objects.filter(pk_any(Person, listed)).order_by("surname", "forename", "pk")[:2])
    assert [p.full_name for p in found] == ["Ali Ames", "Zara Ames"]
    assert set(Person.objects.filter(pk_any(Person, listed)).values_list("pk", flat=True)) == set(listed)
    assert set(Person.objects.filter(pk__in=ids_in(listed)).values_list("pk", flat=True)) == set(listed)
    assert not Person.objects.filter(pk_any(Person, [])).exists()


def test_id_rows_reads_a_fixed_statement_over_a_list_with_its_other_parameters() -> None:
    ames = make_child(forename="Zara", surname="Ames")
    cole = make_child(forename="Bo", surname="Cole")
    make_child(forename="Not", surname="Listed")
    statement = "SELECT p.id, p.surname FROM people_person p WHERE p.id IN ({}) AND p.surname <> %s"
    assert id_rows(statement, [ames.pk, cole.pk], "Cole") == [(ames.pk, "Ames")]
    both = "SELECT p.id FROM people_person p WHERE p.id IN ({}) UNION ALL SELECT p.id FROM people_person p WHERE p.id IN ({})"
    assert sorted(row[0] for row in id_rows(both, [cole.pk])) == [cole.pk, cole.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a compiled statement over ids is PostgreSQL's")
def test_a_query_compiled_once_reads_each_list_it_is_given() -> None:
    children = [make_child(forename=f, surname="Ames") for f in ("Zara", "Ali", "Bo")]
    query = Person.objects.filter(surname="Ames", pk__in=list_to_come()).values_list("pk").order_by()
    compiled = compiled_over_ids(query)
    assert {row[0] for row in rows_over_ids(compiled, [children[0].pk, children[2].pk])} == {
        children[0].pk,
        children[2].pk,
    }
    assert {row[0] for row in rows_over_ids(compiled, [children[1].pk])} == {children[1].pk}
    with pytest.raises(ValueError, match="list_to_come"):
        compiled_over_ids(Person.objects.filter(surname="Ames"))


def test_id_rows_refuses_a_parameter_before_the_list() -> None:
    with pytest.raises(ValueError, match="must follow"):
        id_rows("SELECT p.id FROM people_person p WHERE p.surname = %s AND p.id IN ({})", [1], "Ames")
