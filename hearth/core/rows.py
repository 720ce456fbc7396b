"""One model instance read by a fixed statement, without the ORM building the query each time.

Every page reads the session, the signed-in user and (on a child's record) the child: three queries whose building
by the ORM cost more than the database took to answer them (issue 21: the child's page within 2x of its SQL). The
statement names every concrete column, as the ORM would, the fields' database converters are applied as the ORM
applies them, and the row becomes an instance by `Model.from_db`: the instance `.filter(...).first()` would give.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django.db import connections, models, router
from django.db.models.base import ModelState

M = TypeVar("M", bound=models.Model)


@functools.cache
def _statement(
    model: type[models.Model], alias: str, where: str
) -> tuple[str, list[str], list[tuple[int, list[Callable[..., Any]], Any]]]:
    meta = model._meta
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = meta.concrete_fields
    columns = ", ".join(quote(field.column) for field in fields)
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(meta.db_table)
        found = [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]
        if found:
            converters.append((index, found, column))
    sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where} LIMIT 1"  # noqa: S608 - names from the model
    return sql, [field.attname for field in fields], converters


def one(model: type[M], where: str, params: list[Any]) -> M | None:
    """The first row of `model` matching `where` (SQL over its own columns, placeholders %s), or None."""
    alias = router.db_for_read(model)
    sql, names, converters = _statement(model, alias, where)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, convert_all, column in converters:
        for convert in convert_all:
            values[index] = convert(values[index], column, connection)
    return model.from_db(alias, names, values)


def by_pk(model: type[M], pk: Any) -> M | None:
    """The row with this primary key, or None."""
    column = connections[router.db_for_read(model)].ops.quote_name(model._meta.pk.column)
    return one(model, f"{column} = %s", [pk])


def loaded(model: type[M], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[M]:
    """Instances holding only these fields (attribute names), the rest deferred and read on first use as
    `.only()` gives: for a few hundred records read to be asked about and ranked (a search's candidates), where
    building each through `Model.__init__` cost more than the query. No model of Hearth's listens for its
    instances being made (pre_init, post_init), which this does not announce."""
    alias = router.db_for_read(model)
    made = []
    for row in rows:
        instance = model.__new__(model)
        instance.__dict__.update(zip(names, row, strict=True))
        state = ModelState()
        state.adding, state.db = False, alias
        instance._state = state
        made.append(instance)
    return made


@contextlib.contextmanager
def planned_for_their_values() -> Iterator[None]:
    """Statements run meanwhile are not prepared (ADR 43): PostgreSQL plans each for the values it is given. For a
    search, whose names and reach differ so much from one to the next that a plan made once for any values was
    slower than planning each (p95 45 against 140 ms at 300,000 children)."""
    connection = connections["default"]
    raw = getattr(connection, "connection", None)
    threshold = getattr(raw, "prepare_threshold", None)
    if raw is None or threshold is None:
        yield
        return
    raw.prepare_threshold = None
    try:
        yield
    finally:
        raw.prepare_threshold = threshold
