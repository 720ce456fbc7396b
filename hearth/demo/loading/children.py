"""Generating and writing every chunk of families, one transaction per chunk.

On PostgreSQL a forked process generates the next chunk while two writer threads copy the last ones, so the
two cores both work.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, connections, transaction

from hearth.core.timescales.engine import EngineContext
from hearth.demo.generation.context import GenContext
from hearth.demo.generation.family import generate_chunk
from hearth.demo.generation.plan import CouncilPlan
from hearth.demo.generation.rows import TABLE_ORDER
from hearth.demo.generation.staff import Organisation
from hearth.demo.loading.bulk import (
    analyse,
    copy_buffers,
    next_ids,
    next_person_numbers,
    reset_sequences,
    write_copy,
    write_inserts,
)

Progress = Callable[[str], None]


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


def _bulk_session() -> None:
    """For the pipelined load only (a whole demo or bench council, generated consistent and checked at small scale
    with every key enforced): skip the per-row foreign key triggers and the wait for each commit's WAL flush."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _write_chunk(buffers: dict[str, bytes]) -> float:
    """In a writer thread, with its own connection: one chunk, one transaction."""
    started = time.perf_counter()
    try:
        with transaction.atomic():
            _bulk_session()
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
