"""Writing generated rows without one save per row: PostgreSQL's COPY (text format), or `executemany` of one
INSERT per table on SQLite; ids are assigned by the generator from each table's current maximum, and the
sequences are moved on afterwards."""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection, models
from django.db.models import Max

from hearth.care.models import CareEpisode, CareLeaverStatus, CarePeriod, LacReview, LegalOrder, Placement
from hearth.children_in_need.models import Assessment, CinEpisode, CinPlan
from hearth.core.models import Event, Obligation
from hearth.demo.generation.rows import COLUMNS, ID_TABLES, TABLE_ORDER, Rows
from hearth.earlyhelp.models import EarlyHelpEpisode, StepChange
from hearth.education.models import Pep, SchoolAttendance, SchoolPlacement
from hearth.frontdoor.models import Contact, DomesticAbuseNotification
from hearth.health.models import HealthAssessment, HealthCheck, SdqScore
from hearth.missing.models import MissingEpisode
from hearth.organisation.models import Allocation
from hearth.people.models import (
    Address,
    Household,
    HouseholdMembership,
    NameToken,
    Person,
    PersonDisability,
    ProfessionalInvolvement,
    Relationship,
)
from hearth.plans.models import OutcomeProgress, PlanOutcome, PlanReview
from hearth.protection.models import (
    Attendance,
    ChildProtectionPlan,
    Conference,
    ConferenceReport,
    CoreGroup,
    Section47Enquiry,
    StrategyDiscussion,
)
from hearth.visits.models import Visit

MODELS: dict[str, type[models.Model]] = {
    "person": Person,
    "household": Household,
    "membership": HouseholdMembership,
    "address": Address,
    "disability": PersonDisability,
    "relationship": Relationship,
    "nametoken": NameToken,
    "professional": ProfessionalInvolvement,
    "schoolplacement": SchoolPlacement,
    "schoolattendance": SchoolAttendance,
    "contact": Contact,
    "dan": DomesticAbuseNotification,
    "danchild": DomesticAbuseNotification.children.through,
    "cin": CinEpisode,
    "assessment": Assessment,
    "cinplan": CinPlan,
    "visit": Visit,
    "strategy": StrategyDiscussion,
    "s47": Section47Enquiry,
    "cpp": ChildProtectionPlan,
    "conference": Conference,
    "report": ConferenceReport,
    "care": CarePeriod,
    "placement": Placement,
    "episode": CareEpisode,
    "lacreview": LacReview,
    "missing": MissingEpisode,
    "healthassessment": HealthAssessment,
    "healthcheck": HealthCheck,
    "sdq": SdqScore,
    "pep": Pep,
    "legalorder": LegalOrder,
    "eh": EarlyHelpEpisode,
    "outcome": PlanOutcome,
    "review": PlanReview,
    "progress": OutcomeProgress,
    "cgroup": CoreGroup,
    "attendance": Attendance,
    "stepchange": StepChange,
    "cl": CareLeaverStatus,
    "allocation": Allocation,
    "event": Event,
    "obligation": Obligation,
}


@functools.cache
def _columns(table: str) -> list[str]:
    """Database column names for the generator's columns, checked against the model once."""
    meta = MODELS[table]._meta
    fields = {model_field.attname: model_field for model_field in meta.concrete_fields}
    columns = [str(fields[name].column) for name in COLUMNS[table]]
    given = set(columns)
    for model_field in meta.concrete_fields:
        if model_field.column in given or model_field.null or model_field.primary_key:
            continue
        if model_field.db_default is models.NOT_PROVIDED:
            raise RuntimeError(f"The demo generator gives no value for {meta.label}.{model_field.name}")
    return columns


def _pg_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if type(value) is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    return str(value)


def copy_text(rows: list[tuple[Any, ...]]) -> bytes:
    """Rows in PostgreSQL's COPY text format (booleans as True/False, which PostgreSQL reads case-blind).

    The fast path writes values as they are; it is checked by counting separators and backslashes, and a
    table whose values hold a tab, a newline or a backslash is written again with escaping.
    """
    if not rows:
        return b""
    text = (
        "\n".join(["\t".join(["\\N" if value is None else str(value) for value in row]) for row in rows])
        + "\n"
    )
    nulls = text.count("\\N")
    if (
        text.count("\n") == len(rows)
        and text.count("\t") == len(rows) * (len(rows[0]) - 1)
        and text.count("\\") == nulls
        and "\r" not in text
    ):
        return text.encode()
    escaped = _pg_text
    lines = ["\t".join([escaped(value) for value in row]) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def copy_buffers(rows: Rows) -> dict[str, bytes]:
    return {table: copy_text(rows[table]) for table in TABLE_ORDER if rows[table]}


def write_copy(buffers: dict[str, bytes]) -> None:
    """COPY each table's buffer, parents first, in the caller's transaction."""
    with connection.cursor() as cursor:
        for table in TABLE_ORDER:
            data = buffers.get(table)
            if not data:
                continue
            model = MODELS[table]
            columns = ", ".join(connection.ops.quote_name(column) for column in _columns(table))
            sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
            with cursor.copy(sql) as copy:
                view = memoryview(data)
                for offset in range(0, len(view), 1 << 20):
                    copy.write(view[offset : offset + (1 << 20)])


def write_inserts(rows: Rows) -> None:
    """One executemany INSERT per table (SQLite, or any database without COPY)."""
    with connection.cursor() as cursor:
        for table in TABLE_ORDER:
            data = rows[table]
            if not data:
                continue
            model = MODELS[table]
            columns = _columns(table)
            quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            table_name = connection.ops.quote_name(model._meta.db_table)
            sql = f"INSERT INTO {table_name} ({quoted}) VALUES ({marks})"  # noqa: S608 - names from the models
            cursor.executemany(sql, data)


def next_ids() -> dict[str, int]:
    """The first free id of each table whose ids the generator assigns."""
    return {
        table: (MODELS[table]._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        for table in ID_TABLES
    }


def next_person_numbers() -> tuple[int, int]:
    """The last child and adult numbers in use ("C0000001", "A0000001"), as people.services numbers them."""
    numbers = []
    for prefix in ("C", "A"):
        last = (
            Person.objects.filter(person_number__regex=rf"^{prefix}[0-9]{{7}}$")
            .order_by("-person_number")
            .values_list("person_number", flat=True)
            .first()
        )
        numbers.append(int(last[1:]) if last else 0)
    return numbers[0], numbers[1]


def reset_sequences() -> None:
    """After inserting explicit ids on PostgreSQL, move each id sequence past the largest id."""
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows explicit ids by itself
    with connection.cursor() as cursor:
        for table in ID_TABLES:
            name = MODELS[table]._meta.db_table
            top = f"SELECT MAX(id) FROM {connection.ops.quote_name(name)}"  # noqa: S608 - a model's table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), ({top}))", [name])


def analyse() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in TABLE_ORDER:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(MODELS[table]._meta.db_table)}")


# The secondary indexes of the tables a bulk load writes (not primary keys or constraints): name, definition.
_SECONDARY_INDEXES = """
SELECT i.relname, pg_get_indexdef(x.indexrelid)
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
WHERE t.relname = ANY(%s) AND NOT x.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
ORDER BY t.relname, i.relname
"""


@contextlib.contextmanager
def indexes_built_after(progress: Callable[[str], None]) -> Iterator[None]:
    """On PostgreSQL, drop the loaded tables' secondary indexes for a bulk load into empty tables and build them
    again after it (sorted builds, in parallel where PostgreSQL may: a fraction of maintaining each index row by
    row). They are built again however the load ends, and a load that adds to tables already holding rows keeps
    them. Uniqueness the dropped indexes enforce is checked when they are built again."""
    tables = [MODELS[table]._meta.db_table for table in TABLE_ORDER]
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM people_person)")
        empty = not cursor.fetchone()[0]
        cursor.execute(_SECONDARY_INDEXES, [tables])
        indexes = cursor.fetchall() if empty else []
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        if indexes:
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '1GB'")
                for _, definition in indexes:
                    cursor.execute(definition)
                cursor.execute("RESET maintenance_work_mem")
            progress(f"  built {len(indexes)} indexes again in {time.perf_counter() - started:,.0f} s")
