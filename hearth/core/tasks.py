"""Background work on a maintained task queue: django-tasks with its database backend (django-tasks-db), the API
Django 6 adopts (ADR 23). A page or a service enqueues; `hearth worker` (the database backend's `db_worker`) runs
the work in its own process, so a production deployment with several web workers, or a restart, loses nothing.

`background` declares a function as a task that is tried again when it fails: after 1 minute, then 4, then 16
(HEARTH_TASK_RETRY_SECONDS sets the first wait), `retries` times, each try recorded by the queue. The failed tasks
page lists the tries that failed and whether another will follow; an administrator may run a task again.
The queue does not schedule: `hearth daily` stays with cron or a timer (README).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django_tasks import task
from django_tasks.base import Task

P = ParamSpec("P")
T = TypeVar("T")

ATTEMPT = "attempt"  # the keyword each try carries: 1 for the first


@dataclass(frozen=True)
class Declared:
    label: str  # "CIN census export", what the failed tasks page calls it
    retries: int


DECLARED: dict[str, Declared] = {}


def wall_clock_now() -> datetime:
    """The real time, not Hearth's today (which a demo may pin): the worker runs a task when real time reaches
    its `run_after`."""
    return datetime.fromtimestamp(time.time(), tz=UTC)


def retry_wait(attempt: int) -> timedelta:
    """How long after a failed try the next one starts: 1, 4, 16 minutes by default."""
    first = float(getattr(settings, "HEARTH_TASK_RETRY_SECONDS", 60))
    return timedelta(seconds=first * 4 ** (attempt - 1))


def background(
    label: str, *, retries: int = 3, priority: int = 0
) -> Callable[[Callable[P, T]], Task[P, T | None]]:
    """Declare a module-level function as background work, tried again up to `retries` times when it fails."""

    def decorate(function: Callable[P, T]) -> Task[P, T | None]:
        @wraps(function)
        def run(*args: Any, **kwargs: Any) -> T | None:
            attempt = int(kwargs.pop(ATTEMPT, 1))
            try:
                return function(*args, **kwargs)
            except BaseException:  # the worker stopping mid-task too: the next try picks it up
                if attempt <= retries:
                    again: Any = queued.using(run_after=wall_clock_now() + retry_wait(attempt))
                    again.enqueue(*args, **kwargs, **{ATTEMPT: attempt + 1})
                raise  # this try is recorded as failed, with its traceback

        queued: Task[P, T | None] = task(priority=priority)(run)
        DECLARED[f"{function.__module__}.{function.__qualname__}"] = Declared(label, retries)
        return queued

    return decorate
