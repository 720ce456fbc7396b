"""hearth.core.rows: the fixed-statement reads give the instance the ORM would, converters and all."""

from __future__ import annotations

from typing import Any

from django.db import models

from hearth.core.models import Event
from hearth.core.rows import by_pk, loaded, one
from hearth.people.models import Person


def _values(instance: models.Model) -> dict[str, Any]:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def test_a_child_read_by_its_key_is_the_orms_child_field_for_field(council: Any) -> None:
    child = Person.objects.get(pk=council.child.pk)
    read = by_pk(Person, council.child.pk)
    assert read is not None and not read._state.adding
    assert _values(read) == _values(child)
    assert read.date_of_birth == child.date_of_birth and read.full_name == "Jayden Smith"


def test_a_json_payload_and_a_timestamp_come_back_as_python_values(council: Any) -> None:
    event = Event.objects.filter(child=council.child).exclude(payload={}).order_by("pk").first()
    assert event is not None
    read = by_pk(Event, event.pk)
    assert read is not None and _values(read) == _values(event)
    assert isinstance(read.payload, dict) and read.recorded_at == event.recorded_at


def test_no_row_is_none_and_a_condition_picks_the_row(council: Any) -> None:
    assert by_pk(Person, 10**9) is None
    found = one(Person, "person_number = %s", [council.child.person_number])
    assert found is not None and found.pk == council.child.pk


def test_records_loaded_with_some_fields_read_the_rest_when_asked(council: Any) -> None:
    fields = ("id", "kind", "surname")
    rows = Person.objects.filter(pk=council.child.pk).values_list(*fields)
    (child,) = loaded(Person, fields, rows)
    assert child.pk == council.child.pk and child.surname == "Smith"
    assert "forename" in child.get_deferred_fields() and not child._state.adding
    assert child.forename == "Jayden"  # read from the database on first use, as .only() gives
