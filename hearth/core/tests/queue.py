"""The task queue's own worker (django-tasks-db's `db_worker`), run in the test until nothing is ready: as `hearth
worker --batch` would, in the test's process, so that it sees the test's database and transaction."""

from __future__ import annotations

from unittest import mock

from django.core.management import call_command
from django_tasks_db.management.commands import db_worker


def run_queued(max_tasks: int | None = None) -> None:
    """Run every task that is ready, then return. The worker closes "old" connections between tasks, as a long-lived
    process should; here the connection is the test's own, holding its transaction, so it is left open."""
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        call_command(
            "db_worker",
            batch=True,
            interval=0,
            reload=False,
            startup_delay=False,
            max_tasks=max_tasks,
            verbosity=0,
        )
