"""A bulk load into empty tables builds their secondary indexes after it, exactly as they were (PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from hearth.demo.loading.bulk import indexes_built_after

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="indexes are deferred on PostgreSQL only"
)


def _indexes(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


def test_an_empty_councils_indexes_are_dropped_for_the_load_and_built_again_as_they_were(db: None) -> None:
    before = _indexes("core_event")
    said: list[str] = []
    with indexes_built_after(said.append):
        during = _indexes("core_event")
    assert set(during) == {"core_event_pkey"} and len(before) > 3
    assert _indexes("core_event") == before
    assert said and said[0].startswith("  built ")


def test_a_council_already_holding_people_keeps_its_indexes(council: Any) -> None:
    before = _indexes("people_nametoken")
    with indexes_built_after(lambda line: None):
        assert _indexes("people_nametoken") == before
