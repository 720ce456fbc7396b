"""The background work that failed (ADR 23): each failed try of a task on the queue, what it was, its error, and
whether another try follows; an administrator may run a task again once its tries are spent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard
from hearth.core.tasks import ATTEMPT, DECLARED

SHOWN = 100


@dataclass(frozen=True)
class FailedTry:
    id: str
    label: str
    attempt: int
    retries: int
    finished_at: datetime | None
    error: str
    arguments: str

    @property
    def gave_up(self) -> bool:
        return self.attempt > self.retries


def _error(result: DBTaskResult[Any, Any]) -> str:
    lines = [line for line in (result.traceback or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else result.exception_class_path


def _failed_try(result: DBTaskResult[Any, Any]) -> FailedTry:
    declared = DECLARED.get(result.task_path)
    kwargs = dict(result.args_kwargs.get("kwargs", {}))
    attempt = int(kwargs.pop(ATTEMPT, 1))
    shown = [
        *(str(arg) for arg in result.args_kwargs.get("args", [])),
        *(f"{k}={v}" for k, v in kwargs.items()),
    ]
    return FailedTry(
        id=str(result.id),
        label=declared.label if declared else result.task_path,
        attempt=attempt,
        retries=declared.retries if declared else 0,
        finished_at=result.finished_at,
        error=_error(result),
        arguments=", ".join(shown),
    )


@guard("tasks.failed", every_method=True)
def failed_tasks(request: AuthenticatedRequest) -> HttpResponse:
    failed = DBTaskResult.objects.filter(status="FAILED").order_by("-finished_at")[:SHOWN]
    return render(request, "organisation/failed_tasks.html", {"tries": [_failed_try(row) for row in failed]})


@guard("tasks.failed", every_method=True)
def task_again(request: AuthenticatedRequest, task_id: UUID) -> HttpResponse:
    """Run a task again from its first try, with the arguments it had."""
    result = DBTaskResult.objects.filter(pk=task_id, status="FAILED").first()
    if result is None or request.method != "POST":
        raise Http404("No such failed task")
    failed = _failed_try(result)
    kwargs = dict(result.args_kwargs.get("kwargs", {}))
    kwargs.pop(ATTEMPT, None)
    args = result.args_kwargs.get("args", [])
    if not failed.gave_up or _another_try(result, args, kwargs):
        messages.error(request, f"{failed.label} is already being tried again: nothing more to do.")
        return redirect("tasks:failed")
    import_string(result.task_path).enqueue(*args, **kwargs)
    messages.success(request, f"{failed.label} will run again shortly.")
    return redirect("tasks:failed")


def _another_try(result: DBTaskResult[Any, Any], args: list[Any], kwargs: dict[str, Any]) -> bool:
    """A try of the same work with the same arguments waiting, running, or done since this one failed."""
    later = DBTaskResult.objects.filter(
        task_path=result.task_path, enqueued_at__gt=result.enqueued_at
    ).filter(status__in=["READY", "RUNNING", "SUCCESSFUL"])
    for other in later:
        other_kwargs = dict(other.args_kwargs.get("kwargs", {}))
        other_kwargs.pop(ATTEMPT, None)
        if other.args_kwargs.get("args", []) == args and other_kwargs == kwargs:
            return True
    return False
