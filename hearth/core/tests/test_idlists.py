"""Lists of ids in a query: the same records whichever form the list takes (idlists)."""

from __future__ import annotations

import pytest

from hearth.core.idlists import ids_in, pk_any
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
