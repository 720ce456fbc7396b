"""Statements a search runs are planned for their own values, not prepared (ADR 43)."""

from __future__ import annotations

import pytest
from django.db import connection

from hearth.core.rows import planned_for_their_values

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_statements_are_not_prepared_while_planned_for_their_values() -> None:
    connection.ensure_connection()
    raw = connection.connection
    assert raw.prepare_threshold == 2  # HEARTH_DB_PREPARE_THRESHOLD's default
    prepared = len(raw._prepared._names)
    with planned_for_their_values():
        assert raw.prepare_threshold is None
        for _ in range(4):
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM people_person WHERE id > %s", [0])
        assert len(raw._prepared._names) == prepared  # nothing prepared
    assert raw.prepare_threshold == 2
    for _ in range(4):
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM people_person WHERE id > %s", [0])
    assert len(raw._prepared._names) == prepared + 1  # prepared again afterwards


def test_nothing_changes_where_nothing_is_prepared() -> None:
    with planned_for_their_values(), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1
