"""Social workers at work, for locust (issue 20, part 7; ADR 42): each simulated member of staff signs in once with
their own username, then works their own caseload: the worklist, a child's page, a search, a statutory visit and a
case note recorded through the real forms.

Run by `python -m bench.load.run` (`make bench-load`), which picks the staff and their children from the bench
database and passes them here in the JSON file named by HEARTH_LOAD_PLAN, and reads back every request's time from
the JSON-lines file named by HEARTH_LOAD_RAW (locust's own percentiles are rounded to buckets; these are exact).

Each user paces itself to HEARTH_LOAD_PACE tasks a second (an open load: the offered rate does not fall when the
server slows, so a slow server shows as slow pages, not as fewer requests asked of it).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from typing import Any
from urllib.parse import quote_plus

from locust import FastHttpUser, constant_throughput, events, task

PLAN: dict[str, Any] = json.loads(open(os.environ["HEARTH_LOAD_PLAN"], encoding="utf-8").read())  # noqa: PTH123, SIM115
RAW = open(os.environ["HEARTH_LOAD_RAW"], "a", encoding="utf-8")  # noqa: PTH123, SIM115
PACE = float(os.environ.get("HEARTH_LOAD_PACE", "2"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_staff = itertools.cycle(PLAN["staff"])


@events.request.add_listener
def _record(name: str, response_time: float, exception: BaseException | None, **kwargs: Any) -> None:
    """Every request, as it ends: its kind, its time in ms, and whether it failed (and why)."""
    RAW.write(
        json.dumps(
            {
                "kind": name,
                "ms": round(response_time, 2),
                "at": round(time.time(), 3),
                "error": None if exception is None else str(exception)[:200],
            }
        )
        + "\n"
    )


@events.quitting.add_listener
def _close(**kwargs: Any) -> None:
    RAW.flush()


class SocialWorker(FastHttpUser):
    wait_time = constant_throughput(PACE)

    def on_start(self) -> None:
        me = next(_staff)
        self.children: list[int] = me["children"]
        self.visits: list[list[Any]] = me["visits"]
        self.searches: list[str] = me["searches"]
        self.rng = random.Random(me["username"])
        page = self._page("/login/", "sign_in_page")
        self._post(
            "/login/",
            "sign_in",
            page,
            {"username": me["username"], "password": PLAN["password"]},
            expect_to="/",
        )

    def _page(self, path: str, kind: str) -> str:
        with self.client.get(path, name=kind, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{kind}: HTTP {response.status_code}")
                return ""
            return response.text or ""

    def _post(self, path: str, kind: str, page: str, data: dict[str, str], expect_to: str) -> None:
        """Send a form as the browser would (its CSRF token from the page); saved is a redirect to `expect_to`."""
        token = CSRF.search(page)
        if token is None:
            return  # the page failed, and is counted so
        headers = {"Referer": f"{self.host}{path}"}
        with self.client.post(
            path,
            name=kind,
            data={"csrfmiddlewaretoken": token.group(1), **data},
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "") if response.headers else ""
            if response.status_code != 302 or not location.startswith(expect_to):
                response.failure(f"{kind}: HTTP {response.status_code} to {location or 'nowhere'}")

    @task(3)
    def my_work(self) -> None:
        self._page("/my-work/", "my_work")

    @task(5)
    def child_page(self) -> None:
        self._page(f"/people/{self.rng.choice(self.children)}/", "child_page")

    @task(2)
    def search(self) -> None:
        self._page("/people/search/?q=" + quote_plus(self.rng.choice(self.searches)), "search")

    @task(1)
    def record_visit(self) -> None:
        if not self.visits:
            return self.case_note()
        child, kind, plan = self.rng.choice(self.visits)
        path = f"/people/{child}/visits/{kind}/{plan}/new/"
        page = self._page(path, "visit_form")
        self._post(
            path,
            "visit_record",
            page,
            {
                "visit_date": time.strftime("%d/%m/%Y"),
                "seen": "yes",
                "seen_alone": "on",
                "bedroom_seen": "on",
                "views": "Said school is going well and wants to see grandma more often.",
                "note": "Home visit. The house was warm and tidy; the child was relaxed with their mother.",
            },
            expect_to="/",
        )
        return None

    @task(1)
    def case_note(self) -> None:
        child = self.rng.choice(self.children)
        path = f"/people/{child}/case-notes/new/"
        page = self._page(path, "note_form")
        self._post(
            path,
            "note_record",
            page,
            {
                "note_type": "telephone_call",
                "occurred_on": time.strftime("%d/%m/%Y"),
                "text": "Rang the school: attendance is up this term and the child has joined the football club.",
                "finalise": "1",
            },
            expect_to=f"/people/{child}/case-notes/",
        )
