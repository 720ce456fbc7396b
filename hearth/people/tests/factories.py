from __future__ import annotations

from datetime import date
from typing import Any

from hearth.organisation.models import StaffUser
from hearth.people.models import Person
from hearth.people.services import person_create

_counter = {"n": 0}


def make_child(by: StaffUser | None = None, **values: Any) -> Person:
    """A child's record created through the service people use (so names are indexed and events written)."""
    _counter["n"] += 1
    defaults: dict[str, Any] = {
        "kind": "child",
        "forename": "Test",
        "surname": f"Child{_counter['n']}",
        "date_of_birth": date(2015, 6, 1),
        "sex": "F",
    }
    defaults.update(values)
    return person_create(values=defaults, by=by)


def make_adult(by: StaffUser | None = None, **values: Any) -> Person:
    return make_child(by, **{"kind": "adult", "date_of_birth": date(1985, 1, 1), "sex": "M", **values})
