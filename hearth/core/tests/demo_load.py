"""Several people using one Hearth server at once, through its real pages (issue 20; ADR 37).

Each person signs in (CSRF and all), then, round after round, opens the home page and a child's record, writes a
case note through the real form and finalises it, and reads the child's case notes back. Everyone starts at the
same moment. Used by test_serving.py, and runnable by hand against any server to measure it:

    python -m hearth.core.tests.demo_load --url http://127.0.0.1:8000 --db var/hearth.sqlite3 --users 10
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import requests

DATE_INPUT = re.compile(r'name="occurred_on"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="occurred_on"')


@dataclass
class Hit:
    who: str
    method: str
    path: str
    status: int
    seconds: float


@dataclass
class Outcome:
    hits: list[Hit] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # a request that raised (refused, timed out)
    notes: list[str] = field(default_factory=list)  # the text of each note written

    def server_errors(self) -> list[Hit]:
        return [hit for hit in self.hits if hit.status >= 500]

    def summary(self) -> str:
        seconds = sorted(hit.seconds for hit in self.hits)
        if not seconds:
            return "no requests"
        p95 = seconds[min(len(seconds) - 1, int(len(seconds) * 0.95))]
        sign_ins = [hit.seconds for hit in self.hits if hit.path == "/login/" and hit.method == "POST"]
        line = (
            f"{len(self.hits)} responses, {len(self.server_errors())} 5xx, {len(self.failures)} requests failed; "
            f"median {statistics.median(seconds) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"slowest {seconds[-1] * 1000:.0f} ms"
        )
        pages = sorted(hit.seconds for hit in self.hits if hit.path != "/login/")
        if pages:
            line += (
                f"; pages after signing in: median {statistics.median(pages) * 1000:.0f} ms, "
                f"p95 {pages[min(len(pages) - 1, int(len(pages) * 0.95))] * 1000:.0f} ms"
            )
        if sign_ins:
            line += f"; sign-in median {statistics.median(sign_ins) * 1000:.0f} ms, slowest {max(sign_ins) * 1000:.0f} ms"
        return line


def writers(database: Path, count: int) -> list[tuple[str, int]]:
    """`count` members of staff, each with a child whose record they may write to: social workers with a child
    allocated to them, then the managers of those children's teams (read from the SQLite file)."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            """
            SELECT s.username, MIN(a.child_id)
              FROM organisation_allocation a
              JOIN organisation_staffuser s
                ON (s.id = a.worker_id)
                OR (s.team_id = a.team_id AND s.role IN ('team_manager', 'assistant_team_manager'))
             WHERE a.end_date IS NULL AND s.is_active
             GROUP BY s.username
             ORDER BY s.role = 'social_worker' DESC, s.username
            """
        ).fetchall()
    if len(rows) < count:
        raise ValueError(
            f"Only {len(rows)} members of staff have a child to write about; {count} are wanted."
        )
    return [(username, child_id) for username, child_id in rows[:count]]


class Person:
    def __init__(self, base: str, username: str, outcome: Outcome, lock: threading.Lock) -> None:
        self.base = base.rstrip("/")
        self.username = username
        self.session = requests.Session()
        self.outcome = outcome
        self.lock = lock

    def request(self, method: str, path: str, **kwargs: object) -> requests.Response | None:
        started = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, timeout=60, **kwargs)  # type: ignore[arg-type]
        except requests.RequestException as error:
            with self.lock:
                self.outcome.failures.append(f"{self.username} {method} {path}: {error}")
            return None
        elapsed = time.perf_counter() - started
        with self.lock:
            for step in [*response.history, response]:
                self.outcome.hits.append(Hit(self.username, method, path, step.status_code, elapsed))
        return response

    def csrf(self) -> str:
        return self.session.cookies.get("csrftoken", "")

    def sign_in(self, password: str) -> bool:
        self.request("GET", "/login/")
        response = self.request(
            "POST",
            "/login/",
            data={"username": self.username, "password": password, "csrfmiddlewaretoken": self.csrf()},
        )
        return response is not None and "sessionid" in self.session.cookies

    def round(self, child_id: int, text: str) -> None:
        self.request("GET", "/")
        self.request("GET", f"/people/{child_id}/")
        form = self.request("GET", f"/people/{child_id}/case-notes/new/")
        found = DATE_INPUT.search(form.text) if form is not None else None
        day = (found.group(1) or found.group(2)) if found else ""
        response = self.request(
            "POST",
            f"/people/{child_id}/case-notes/new/",
            data={
                "csrfmiddlewaretoken": self.csrf(),
                "note_type": "visit",
                "occurred_on": day,
                "text": text,
                "finalise": "1",
            },
        )
        if response is not None and response.status_code < 500:
            with self.lock:
                self.outcome.notes.append(text)
        self.request("GET", f"/people/{child_id}/case-notes/")


def run_people(
    base: str, staff: Sequence[tuple[str, int]], password: str, rounds: int, marker: str
) -> Outcome:
    """Everyone signs in at the same moment, then does `rounds` rounds at once; each note's text has `marker`."""
    outcome = Outcome()
    lock = threading.Lock()
    start = threading.Barrier(len(staff))

    def one(username: str, child_id: int) -> None:
        person = Person(base, username, outcome, lock)
        start.wait()
        if not person.sign_in(password):
            with lock:
                outcome.failures.append(f"{username} could not sign in")
            return
        for number in range(rounds):
            person.round(child_id, f"{marker} by {username}, round {number + 1}: visited at home, all well.")

    threads = [threading.Thread(target=one, args=pair) for pair in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--db", type=Path, required=True, help="the server's SQLite file (to find staff)")
    parser.add_argument("--logins", type=Path, help="demo_logins.txt (default: beside the database)")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    logins = options.logins or options.db.parent / "demo_logins.txt"
    password = next(
        line.split("\t")[1].strip()
        for line in logins.read_text(encoding="utf-8").splitlines()
        if line.startswith("password\t")
    )
    marker = f"Load {time.time():.0f}"
    outcome = run_people(options.url, writers(options.db, options.users), password, options.rounds, marker)
    print(outcome.summary())
    for hit in outcome.server_errors()[:10]:
        print(f"  {hit.status} {hit.method} {hit.path} ({hit.who})")
    for failure in outcome.failures[:10]:
        print(f"  {failure}")
    with sqlite3.connect(f"file:{options.db}?mode=ro", uri=True) as connection:
        kept = connection.execute(
            "SELECT COUNT(*) FROM casenotes_casenote WHERE text LIKE ?", (f"{marker} %",)
        ).fetchone()[0]
    print(f"Notes written: {len(outcome.notes)} sent, {kept} kept.")


if __name__ == "__main__":
    main()
