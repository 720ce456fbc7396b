"""Is this server ready for people's requests? Asked by a load balancer at /health/ready/ (ADR 36).

/health/ answers while the process is up, touching nothing; readiness asks the database: that it answers, and that
every migration this release ships has been applied to it (a server started before `hearth migrate` finished is
not ready, and says which migrations are missing). The page is open to anyone, so a database's address and error
go to the log only."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)

# How many unapplied migrations a reply names before it counts the rest.
NAMED = 10


def readiness_problems() -> list[str]:
    """What stops this server serving, in sentences; none when it is ready."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        # The reason (a host, a port, a user) is for the server's log, not for whoever asks.
        logger.exception("Not ready: the database cannot be reached")
        return ["The database cannot be reached (the server's log says why)."]
    unapplied = [f"{migration.app_label}.{migration.name}" for migration, backwards in plan if not backwards]
    if not unapplied:
        return []
    named = ", ".join(unapplied[:NAMED]) + (
        f" and {len(unapplied) - NAMED} more" if len(unapplied) > NAMED else ""
    )
    count = f"{len(unapplied)} migration{'s' if len(unapplied) != 1 else ''}"
    return [f"{count} not applied to the database: {named}. Run `hearth migrate`."]
