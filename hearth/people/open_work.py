"""Open work on a child, declared by the domain that holds it (ADR 15).

The person record sits below the domains, so it does not import them: each domain declares in its `open_work.py`
what counts as its work still open on a child (an early help episode, a child in need episode, a protection plan,
a period of care), with the one SQL statement that reads it and what the child's header shows for it. Access asks
whether a child has any work open (`open_work_exists`); the header and the child's page read every kind in one
query (`open_episodes`) and show each kind's badge and live plan (`badges_and_plans`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.apps import apps
from django.db import connection
from django.db.models import Exists, OuterRef, Q

from hearth.core.dates import as_date, as_optional_date, long_date
from hearth.core.idlists import compiled_over_ids, list_to_come, rows_over_ids


@dataclass(frozen=True)
class OpenEpisode:
    """One row of a kind's statement: the record, its start and code, and its current part (plan or placement)."""

    pk: int
    start: date
    code: str
    part_code: str
    part_start: date | None
    detail: str = ""  # a kind's own words (a looked-after child's carer)


@dataclass(frozen=True)
class Badge:
    label: str
    colour: str


@dataclass(frozen=True)
class LivePlan:
    title: str
    started: date
    detail: str
    url: str = ""

    @property
    def since(self) -> str:
        return long_date(self.started)


@dataclass(frozen=True)
class OpenWork:
    """One kind of open work on a child.

    `sql` selects (key, id, start date, code, part code, part start, detail) for `child_id = %s`, open rows only, portable
    between PostgreSQL and SQLite, every column typed (`CAST(NULL AS DATE)` for a missing part start: PostgreSQL
    types a UNION's columns from its statements in turn); `model` and `open_filter` say the same for the ORM
    (`child` is its foreign key): fixed conditions, never the time or anything read from the database, since
    `with_open_work` compiles them once a process.
    """

    key: str
    order: int
    model: str
    open_filter: Mapping[str, object]
    sql: str
    badge: Badge | None = None
    plan: Callable[[int, OpenEpisode], LivePlan | None] | None = None
    hidden_by: tuple[str, ...] = field(default=())


_KINDS: dict[str, OpenWork] = {}


def open_work_register(work: OpenWork) -> None:
    if work.key in _KINDS and _KINDS[work.key] != work:
        raise ValueError(f"Open work {work.key!r} is declared twice")
    _KINDS[work.key] = work
    _union.cache_clear()
    _with_open_work_statement.cache_clear()


def open_work_kinds() -> list[OpenWork]:
    return sorted(_KINDS.values(), key=lambda work: work.order)


def open_work_exists(child: str = "pk") -> Q:
    """The child (the outer row's `child` column) has work open of any kind."""
    condition = Q(pk__in=[])
    for work in open_work_kinds():
        rows = apps.get_model(work.model).objects.filter(child=OuterRef(child), **work.open_filter)
        condition |= Q(Exists(rows))
    return condition


def with_open_work(ids: Collection[int]) -> set[int]:
    """Of these records, the children with work open of any kind (open_work_exists asked of a list): on PostgreSQL
    one statement compiled once a process, rather than the ORM building its conditions across every domain each time
    (ADR 42)."""
    if not ids or not _KINDS:
        return set()
    if connection.vendor != "postgresql":
        person = apps.get_model("people", "Person")
        return set(person.objects.filter(open_work_exists(), pk__in=list(ids)).values_list("pk", flat=True))
    return {row[0] for row in rows_over_ids(_with_open_work_statement(), ids)}


@cache
def _with_open_work_statement() -> tuple[str, tuple[object, ...], int]:
    person = apps.get_model("people", "Person")
    return compiled_over_ids(
        person.objects.filter(open_work_exists(), pk__in=list_to_come()).values_list("pk").order_by()
    )


@cache
def _union() -> str:
    return "\nUNION ALL\n".join(work.sql.strip() for work in open_work_kinds())


def open_episodes(child_id: int) -> dict[str, OpenEpisode]:
    """The latest open record of each kind, in one query across the domains."""
    if not _KINDS:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_union(), [child_id] * len(_KINDS))
        rows = cursor.fetchall()
    latest: dict[str, OpenEpisode] = {}
    for key, pk, start, code, part_code, part_start, detail in sorted(
        rows, key=lambda row: as_date(row[2]), reverse=True
    ):
        if key not in latest:
            latest[key] = OpenEpisode(
                pk, as_date(start), code or "", part_code or "", as_optional_date(part_start), detail or ""
            )
    return latest


def badges_and_plans(
    child_id: int, latest: Mapping[str, OpenEpisode], *, restricted: bool
) -> tuple[list[Badge], list[LivePlan]]:
    """What the child's header and page show for the work open: each kind's badge and live plan, in order."""
    badges: list[Badge] = []
    plans: list[LivePlan] = []
    for work in open_work_kinds():
        episode = latest.get(work.key)
        if episode is None or any(other in latest for other in work.hidden_by):
            continue
        if work.badge is not None:
            badges.append(work.badge)
        plan = work.plan(child_id, episode) if work.plan is not None else None
        if plan is not None:
            plans.append(plan)
    if restricted:
        badges.append(Badge("Restricted", "grey"))
    return badges, plans
