"""Long lists of ids in a query, as one parameter.

A search asks about up to a thousand people, and narrows a common name to a few thousand ids; as an `IN (%s, %s,
...)` list each id costs Django and the driver a parameter (at a national scale, more Python time than the query).
On PostgreSQL the list goes as one array parameter instead; elsewhere (SQLite) as the list itself. The array goes as
its text (`{1,2,3}`, cast to bigint[] by the statement): the driver turns a list of Python ints into an array an
element at a time, six times the CPU of joining their digits (measured under load, ADR 42: an eighth of a search's).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL

ARRAY = "SELECT unnest(%s::bigint[])"


def array_text(ids: Collection[int]) -> str:
    """PostgreSQL's text of an array of these ids (each made an int, so nothing else can get in)."""
    return "{" + ",".join(map(str, map(int, ids))) + "}"


def ids_in(ids: Collection[int]) -> Any:
    """The right-hand side of an `__in` lookup for these ids."""
    if connection.vendor == "postgresql":
        return RawSQL(ARRAY, (array_text(ids),))  # noqa: S611 - a constant statement; the ids are a bound parameter
    return list(ids)


def ids_sql(ids: Collection[int]) -> tuple[str, list[Any]]:
    """SQL to put inside `IN (...)` for these ids in a plain statement, and its parameters."""
    if connection.vendor == "postgresql":
        return ARRAY, [array_text(ids)]
    return ", ".join(["%s"] * len(ids)), list(ids)


def pk_any(model: type[models.Model], ids: Collection[int]) -> Any:
    """A condition for `.filter()`: the record's primary key is one of these ids. On PostgreSQL `pk = ANY(array)`,
    whose length the planner sees, where `ids_in`'s `IN (SELECT unnest(...))` it takes for 200 rows: ordered by an
    index and cut short (the first 200 by name of 40,000 children), it reads the index in order and stops, instead
    of reading every one of the 40,000 records to sort them (ADR 42: 30 against 620 ms). The condition names the
    model's own table, so it is for a query over that table, never one used as a subquery (Django renames a
    subquery's tables, and the condition would not follow)."""
    if connection.vendor == "postgresql":
        column = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
        return RawSQL(f"{column} = ANY(%s::bigint[])", (array_text(ids),), output_field=models.BooleanField())  # noqa: S611 - names from the model; the ids a bound parameter
    return Q(pk__in=list(ids))


def id_rows(statement: str, ids: Collection[int], *after: Any) -> list[tuple[Any, ...]]:
    """The rows of a plain statement over a list of ids: each `{}` in it is the list, and `after` are the parameters
    of the `%s` that follow every `{}` (ADR 42: a fixed statement costs a fraction of the ORM's building of the same
    query, a dozen times a search)."""
    if "%s" in statement[: statement.rfind("{}")]:
        raise ValueError("Every %s of the statement must follow every {} (its list)")
    inside, params = ids_sql(ids)
    places = statement.count("{}")
    with connection.cursor() as cursor:
        cursor.execute(statement.format(*([inside] * places)), [*(params * places), *after])
        return cursor.fetchall()


_LIST_TO_COME = object()


def list_to_come() -> Any:
    """The right-hand side of an `__in` lookup standing for a list of ids given later (PostgreSQL only): a query
    built with it is compiled once (`compiled_over_ids`) and run over each list (`rows_over_ids`), rather than built
    by the ORM on every request (ADR 42: a search's need-to-know questions, a dozen a search)."""
    return RawSQL(ARRAY, (_LIST_TO_COME,))  # noqa: S611 - a constant statement; the ids a bound parameter


def compiled_over_ids(queryset: models.QuerySet[Any]) -> tuple[str, tuple[Any, ...], int]:
    """A queryset holding `list_to_come()` once, as its statement, its parameters and where the list goes in them."""
    sql, params = queryset.query.sql_with_params()
    at = [index for index, param in enumerate(params) if param is _LIST_TO_COME]
    if len(at) != 1:
        raise ValueError("The query must hold list_to_come() exactly once")
    return sql, tuple(params), at[0]


def rows_over_ids(compiled: tuple[str, tuple[Any, ...], int], ids: Collection[int]) -> list[tuple[Any, ...]]:
    """The rows of a compiled statement (compiled_over_ids) over these ids."""
    sql, params, at = compiled
    given = list(params)
    given[at] = array_text(ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, given)
        return cursor.fetchall()
