"""Bulk writing of the demo council: staff through the ORM, children's rows in chunks without one save per row.

Each chunk of families is generated as row tuples (generator.py) and written in one transaction: with
PostgreSQL's COPY (text format) there, with `executemany` of one INSERT per table on SQLite. On PostgreSQL a
forked process generates the next chunk while this one copies the last, so the two cores both work; ids are
assigned by the generator (from each table's current maximum), and the sequences are moved on afterwards.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection, connections, models, transaction
from django.db.models import Count, Max, Q

from hearth.care.models import CareLeaverStatus, CarePeriod, Placement
from hearth.children_in_need.models import Assessment, CinEpisode, CinPlan
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.core.timescales.engine import EngineContext
from hearth.demo.generator import (
    COLUMNS,
    ID_TABLES,
    KINDS,
    QA_SERVICE,
    TABLE_ORDER,
    CouncilPlan,
    GenContext,
    Organisation,
    Rows,
    StaffSpec,
    Worker,
    generate_chunk,
    staff_plan,
)
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.organisation.models import Allocation, Service, StaffUser, Team
from hearth.organisation.roles import Role
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
from hearth.protection.models import ChildProtectionPlan

MODELS: dict[str, type[models.Model]] = {
    "person": Person,
    "household": Household,
    "membership": HouseholdMembership,
    "address": Address,
    "disability": PersonDisability,
    "relationship": Relationship,
    "nametoken": NameToken,
    "professional": ProfessionalInvolvement,
    "cin": CinEpisode,
    "assessment": Assessment,
    "cinplan": CinPlan,
    "cpp": ChildProtectionPlan,
    "care": CarePeriod,
    "placement": Placement,
    "eh": EarlyHelpEpisode,
    "cl": CareLeaverStatus,
    "allocation": Allocation,
    "event": Event,
    "obligation": Obligation,
}
Progress = Callable[[str], None]


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


# ============================================================================================
# Writing rows
# ============================================================================================


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


# ============================================================================================
# Ids
# ============================================================================================


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


# ============================================================================================
# Staff
# ============================================================================================


@dataclass
class StaffResult:
    organisation: Organisation
    users: dict[str, StaffUser]  # username -> user
    specs: list[StaffSpec]
    teams: dict[str, Team] = field(default_factory=dict)


def create_staff(plan: CouncilPlan, password_hash: str) -> StaffResult:
    """Services, teams and every member of staff, all with the one (hashed) demo password."""
    taken = set(StaffUser.objects.values_list("username", flat=True))
    team_specs, specs = staff_plan(plan, taken)
    services = {
        name: Service.objects.get_or_create(name=name)[0]
        for name in dict.fromkeys([spec.service for spec in team_specs] + [QA_SERVICE])
    }
    teams = {
        spec.name: Team.objects.get_or_create(name=spec.name, defaults={"service": services[spec.service]})[0]
        for spec in team_specs
    }
    today = plan.today
    users = []
    for number, spec in enumerate(specs):
        qualified = spec.role not in (Role.ADMINISTRATOR, Role.PERFORMANCE) and not spec.role.startswith(
            "partner"
        )
        users.append(
            StaffUser(
                username=spec.username,
                full_name=spec.full_name,
                email=f"{spec.username}@northmoor.example",
                role=spec.role,
                team=teams[spec.team] if spec.team else None,
                partner_organisation=spec.partner_organisation if spec.role.startswith("partner") else "",
                qualification_date=today - timedelta(days=365 * spec.qualified_years) if qualified else None,
                social_work_england_number=f"SW{100000 + number}" if qualified else "",
                password=password_hash,
            )
        )
    StaffUser.objects.bulk_create(users, batch_size=500)
    by_username = StaffUser.objects.in_bulk([spec.username for spec in specs], field_name="username")
    # Managers: heads of service, team managers, line management.
    team_manager: dict[str, StaffUser] = {}
    assistant: dict[str, StaffUser] = {}
    heads: dict[str, StaffUser] = {}
    for spec in specs:
        user = by_username[spec.username]
        if spec.role == Role.HEAD_OF_SERVICE:
            heads[spec.partner_organisation] = user
        elif spec.role == Role.TEAM_MANAGER:
            team_manager[spec.team] = user
        elif spec.role == Role.ASSISTANT_TEAM_MANAGER:
            assistant[spec.team] = user
    for name, service in services.items():
        if service.head_id is None and name in heads:
            service.head = heads[name]
            service.save(update_fields=["head"])
    team_service = {spec.name: spec.service for spec in team_specs}
    for name, team in teams.items():
        if team.manager_id is None and name in team_manager:
            team.manager = team_manager[name]
            team.save(update_fields=["manager"])
    changed = []
    for spec in specs:
        user = by_username[spec.username]
        manager: StaffUser | None = None
        if spec.role == Role.TEAM_MANAGER:
            manager = heads.get(team_service.get(spec.team, ""))
        elif spec.role == Role.ASSISTANT_TEAM_MANAGER:
            manager = team_manager.get(spec.team)
        elif spec.team:
            manager = assistant.get(spec.team) or team_manager.get(spec.team)
        if manager is not None:
            user.line_manager = manager
            changed.append(user)
    StaffUser.objects.bulk_update(changed, ["line_manager"], batch_size=500)

    workers: dict[str, list[Worker]] = {kind: [] for kind in KINDS}
    by_role: dict[str, list[int]] = {}
    for spec in specs:
        user = by_username[spec.username]
        by_role.setdefault(spec.role, []).append(user.pk)
        if spec.role == Role.SOCIAL_WORKER:
            team = teams[spec.team]
            manager_id = team.manager_id or team_manager[spec.team].pk
            workers[spec.kind].append(
                Worker(user.pk, team.pk, spec.full_name, team.name, manager_id, spec.kind)
            )
    organisation = Organisation(
        workers=workers,
        front_door=by_role[Role.FRONT_DOOR],
        chairs=by_role[Role.CHILD_PROTECTION_CHAIR],
        iros=by_role[Role.INDEPENDENT_REVIEWING_OFFICER],
        health=by_role[Role.PARTNER_HEALTH],
        education=by_role[Role.PARTNER_EDUCATION],
        police=by_role[Role.PARTNER_POLICE],
    )
    return StaffResult(organisation, by_username, specs, teams)


# ============================================================================================
# Children
# ============================================================================================


@dataclass
class LoadStats:
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLE_ORDER, 0))
    seconds: float = 0.0
    generate_seconds: float = 0.0
    write_seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _add_counts(stats: LoadStats, counts: dict[str, int]) -> None:
    for table, count in counts.items():
        stats.rows[table] += count


def _producer(context: GenContext, chunks: list[int], queue: Any) -> None:
    """In a forked process: generate each chunk and hand over its COPY buffers."""
    try:
        for chunk in chunks:
            started = time.perf_counter()
            rows = generate_chunk(context, chunk)
            buffers = copy_buffers(rows)
            queue.put(
                (
                    chunk,
                    buffers,
                    {table: len(rows[table]) for table in TABLE_ORDER},
                    time.perf_counter() - started,
                )
            )
        queue.put(None)
    except BaseException:  # report anything to the parent, which stops
        queue.put(("error", traceback.format_exc()))


def _pipelined(
    context: GenContext, chunks: list[int]
) -> Iterator[tuple[int, dict[str, bytes], dict[str, int], float]]:
    """Chunks generated in a forked process, one or two ahead of the writer."""
    connections.close_all()  # the child must not share this process's database connection
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue(maxsize=2)
    process = ctx.Process(target=_producer, args=(context, chunks, queue), daemon=True)
    process.start()
    try:
        while True:
            item = queue.get()
            if item is None:
                break
            if item[0] == "error":
                raise RuntimeError(f"Generating the demo council failed:\n{item[1]}")
            yield item
    finally:
        if process.is_alive():
            process.terminate()
        process.join()


WRITERS = 2


def _write_chunk(buffers: dict[str, bytes]) -> float:
    """In a writer thread, with its own connection: one chunk, one transaction."""
    started = time.perf_counter()
    try:
        with transaction.atomic():
            write_copy(buffers)
    finally:
        connection.close()
    return time.perf_counter() - started


def load_children(
    plan: CouncilPlan,
    organisation: Organisation,
    engine: EngineContext,
    *,
    la_number: int,
    progress: Progress,
    pipeline: bool | None = None,
) -> LoadStats:
    """Generate and write every chunk of families, one transaction per chunk."""
    child_number, adult_number = next_person_numbers()
    context = GenContext.build(
        plan,
        organisation,
        engine,
        la_number=la_number,
        next_id=next_ids(),
        child_number=child_number,
        adult_number=adult_number,
    )
    postgres = connection.vendor == "postgresql"
    chunks = list(range(len(plan.chunks)))
    if pipeline is None:
        pipeline = postgres and len(chunks) > 1 and not connection.in_atomic_block
    stats = LoadStats()
    started = time.perf_counter()
    done_children = 0

    def report(chunk: int, counts: dict[str, int]) -> None:
        nonlocal done_children
        lo, hi = plan.chunks[chunk]
        done_children += sum(plan.family_size[lo:hi])
        elapsed = time.perf_counter() - started
        rate = stats.total_rows / elapsed if elapsed else 0.0
        left = elapsed / done_children * (plan.children - done_children) if done_children else 0.0
        progress(
            f"  chunk {chunk + 1}/{len(chunks)}: {done_children:,}/{plan.children:,} children, "
            f"{stats.total_rows:,} rows ({stats.rows['event']:,} events), {rate:,.0f} rows/s, "
            f"{elapsed:,.0f} s so far, about {left:,.0f} s to go"
        )

    if pipeline:
        # Two writer connections (threads) overlap one chunk's key checks and commit with the next COPY,
        # while the forked process generates the chunks after them.
        pending: deque[tuple[int, Future[float], dict[str, int], float]] = deque()

        def finish_oldest() -> None:
            chunk, future, counts, generate_seconds = pending.popleft()
            stats.write_seconds += future.result()
            stats.generate_seconds += generate_seconds
            _add_counts(stats, counts)
            report(chunk, counts)

        with ThreadPoolExecutor(max_workers=WRITERS) as writers:
            for chunk, buffers, counts, generate_seconds in _pipelined(context, chunks):
                while len(pending) >= WRITERS:
                    finish_oldest()
                pending.append((chunk, writers.submit(_write_chunk, buffers), counts, generate_seconds))
            while pending:
                finish_oldest()
    else:
        for chunk in chunks:
            generate_started = time.perf_counter()
            rows = generate_chunk(context, chunk)
            buffers = copy_buffers(rows) if postgres else {}
            stats.generate_seconds += time.perf_counter() - generate_started
            write_started = time.perf_counter()
            with transaction.atomic():
                if postgres:
                    write_copy(buffers)
                else:
                    write_inserts(rows)
            stats.write_seconds += time.perf_counter() - write_started
            counts = {table: len(rows[table]) for table in TABLE_ORDER}
            _add_counts(stats, counts)
            report(chunk, counts)
    reset_sequences()
    analyse()
    stats.seconds = time.perf_counter() - started
    return stats


# ============================================================================================
# Logins to show
# ============================================================================================


def pick_logins(staff: StaffResult, today: date) -> list[tuple[str, str, str]]:
    """One username per role, (role, username, role label): people with real work to show."""
    users = staff.users
    mine = [users[spec.username] for spec in staff.specs]
    picked: dict[str, StaffUser] = {}
    social_workers = [user for user in mine if user.role == Role.SOCIAL_WORKER]
    if social_workers:
        # A safeguarding worker with a handful of overdue items and a full caseload shows the worklist best.
        ids = [user.pk for user in social_workers if user.team and user.team.name.startswith("Safeguarding")]
        ids = ids or [user.pk for user in social_workers]
        work = {
            row["owner_id"]: row
            for row in Obligation.objects.filter(owner_id__in=ids, status=ObligationStatus.OPEN)
            .values("owner_id")
            .annotate(overdue=Count("pk", filter=Q(due_date__lt=today)), total=Count("pk"))
            .order_by()
        }
        caseload = dict(
            Allocation.objects.filter(worker_id__in=ids, end_date=None)
            .values_list("worker_id")
            .annotate(n=Count("pk"))
            .order_by()
        )

        def score(pk: int) -> tuple[int, int]:
            overdue = work.get(pk, {}).get("overdue", 0)
            return (1 if 2 <= overdue <= 6 else 0, caseload.get(pk, 0))

        best = max(ids, key=score)
        picked[Role.SOCIAL_WORKER] = next(user for user in social_workers if user.pk == best)
    worker = picked.get(Role.SOCIAL_WORKER)
    for user in mine:
        if user.role in picked:
            continue
        managers = (Role.TEAM_MANAGER, Role.ASSISTANT_TEAM_MANAGER)
        if worker is not None and user.role in managers and user.team_id != worker.team_id:
            continue
        if (
            user.role == Role.HEAD_OF_SERVICE
            and worker is not None
            and worker.team is not None
            and worker.team.service.head_id != user.pk
        ):
            continue
        picked[user.role] = user
    for user in mine:  # any role still missing (for example a manager of another team)
        picked.setdefault(user.role, user)
    partners = (Role.PARTNER_HEALTH, Role.PARTNER_EDUCATION, Role.PARTNER_POLICE)
    linked = dict(
        ProfessionalInvolvement.objects.filter(
            staff_user_id__in=[user.pk for user in mine if user.role in partners], end_date=None
        )
        .values_list("staff_user_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for role in partners:
        candidates = [user for user in mine if user.role == role]
        if candidates:
            picked[role] = max(candidates, key=lambda user: linked.get(user.pk, 0))
    order = [role for role in Role if role in picked]
    return [(str(role), picked[role].username, Role(role).label) for role in order]


def write_logins_file(
    path: os.PathLike[str] | str, password: str, logins: list[tuple[str, str, str]]
) -> None:
    """var/demo_logins.txt, readable by its owner only: the password and one username per role."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write("# Hearth demo council: one login per role. Every demo user has the same password.\n")
        handle.write("url\thttp://127.0.0.1:8000/\n")
        handle.write(f"password\t{password}\n")
        for role, username, label in logins:
            handle.write(f"login\t{role}\t{username}\t{label}\n")


def read_logins_file(path: os.PathLike[str] | str) -> tuple[str, str, list[tuple[str, str, str]]]:
    url, password, logins = "http://127.0.0.1:8000/", "", []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "url" and len(parts) == 2:
                url = parts[1]
            elif parts[0] == "password" and len(parts) == 2:
                password = parts[1]
            elif parts[0] == "login" and len(parts) == 4:
                logins.append((parts[1], parts[2], parts[3]))
    return url, password, logins
