"""Background work on the task queue (ADR 23): a failed try is tried again until its tries are spent; what failed is
listed for an administrator, who may run it again. The worker here is the queue's own `db_worker`, run in the test."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from hearth.core.tasks import background
from hearth.core.tests.queue import run_queued
from hearth.organisation.roles import Role

TRIES: dict[str, int] = {}


@background("Test work that fails at first", retries=3)
def fails_at_first(key: str, failures: int) -> str:
    """Fails `failures` times for this key, then succeeds."""
    TRIES[key] = TRIES.get(key, 0) + 1
    if TRIES[key] <= failures:
        raise RuntimeError(f"try {TRIES[key]} of {key} failed")
    return f"{key} done on try {TRIES[key]}"


def test_a_failed_try_is_tried_again_until_it_succeeds(db: None) -> None:
    fails_at_first.enqueue("letter-17", 2)
    run_queued()
    rows = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [row.status for row in rows] == ["FAILED", "FAILED", "SUCCESSFUL"]
    assert [row.args_kwargs["kwargs"].get("attempt", 1) for row in rows] == [1, 2, 3]
    assert rows[-1].return_value == "letter-17 done on try 3"
    assert "try 2 of letter-17 failed" in rows[1].traceback


def test_work_that_keeps_failing_gives_up_and_waits_for_an_administrator(council: Any) -> None:
    fails_at_first.enqueue("digest-3", 99)
    run_queued()
    assert TRIES["digest-3"] == 4  # the first try and three more
    assert DBTaskResult.objects.filter(status="FAILED").count() == 4
    assert not DBTaskResult.objects.filter(status="READY").exists()
    administrator = Client()
    administrator.force_login(council.users[Role.ADMINISTRATOR])
    page = administrator.get(reverse("tasks:failed")).content.decode()
    assert page.count("Test work that fails at first") == 4
    assert "RuntimeError: try 4 of digest-3 failed" in page
    assert page.count("Tried again automatically") == 3 and page.count("Run again") == 1
    last = DBTaskResult.objects.filter(args_kwargs__kwargs__attempt=4).get()
    response = administrator.post(reverse("tasks:again", kwargs={"task_id": last.pk}))
    assert response.status_code == 302
    again = DBTaskResult.objects.get(status="READY")
    assert again.args_kwargs == {"args": ["digest-3", 99], "kwargs": {}}
    worker = Client()
    worker.force_login(council.worker)
    assert worker.get(reverse("tasks:failed")).status_code == 403
    assert worker.post(reverse("tasks:again", kwargs={"task_id": last.pk})).status_code == 403
    assert DBTaskResult.objects.filter(status="READY").count() == 1
