"""A crash mid-write loses nothing acknowledged and leaves nothing half-written (issue 20, part 7; ADR 42).

A PostgreSQL cluster of the test's own (initdb in a scratch folder, a free port on 127.0.0.1: never the shared
server), Hearth migrated into it and a small council seeded, served by the real production server
(`hearth serve --production`). Several members of staff record case notes and statutory visits through the real
forms as fast as they can; mid-burst the server and every PostgreSQL process are killed (SIGKILL: no shutdown, no
flush). PostgreSQL is started again (crash recovery from its write-ahead log), then every write the server
acknowledged (its redirect after saving) must be there, final, with its change log rows and its event, and no record
may be half-written: every note and visit of the burst has its audit row and its event, or is not there at all (the
services' one-transaction rule, docs/ARCHITECTURE.md). Hearth then serves again and is ready.

    make bench-crash      (this test alone; it also runs in `make test`'s SQLite pass)
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings

PG_BIN = Path(os.environ.get("HEARTH_PG_BIN", "/usr/lib/postgresql/15/bin"))
# The cluster is the test's own: it runs as the test's user, or as postgres when the test runs as root (PostgreSQL
# refuses to run as root).
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("HEARTH_TEST_DATABASE") == "postgres",
        reason="runs a PostgreSQL cluster of its own: the PostgreSQL pass would only repeat it",
    ),
    pytest.mark.skipif(
        not (PG_BIN / "initdb").exists(), reason=f"PostgreSQL's initdb is not in {PG_BIN} (HEARTH_PG_BIN)"
    ),
]

WRITERS = 8  # members of staff writing at once
ACKNOWLEDGED_BEFORE_KILL = (
    30  # the kill comes once this many writes are acknowledged (and a few more are in flight)
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NOTE_SAVED = re.compile(r"^/people/(\d+)/case-notes/(\d+)/$")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def gone(pid: int) -> bool:
    """The process has ended (and is not a zombie waiting for its parent)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text(encoding="ascii").split()] if path.exists() else []


@dataclass
class Cluster:
    """A throwaway PostgreSQL cluster in a scratch folder, on a free port of 127.0.0.1."""

    folder: Path
    port: int = field(default_factory=free_port)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, name: str = "hearth") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def run(self, *command: str) -> None:
        result = subprocess.run(  # noqa: S603
            [*AS_POSTGRES, *command], capture_output=True, text=True, timeout=120, check=False
        )
        log = self.folder / "log"
        assert result.returncode == 0, (
            result.stdout + result.stderr + (log.read_text(encoding="utf-8")[-3000:] if log.exists() else "")
        )

    def create(self) -> None:
        self.run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync")

    def start(self, durable: bool = True) -> None:
        """Started; `durable=False` (fsync off) while Hearth is migrated and seeded, which no crash tests."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-t", "60",
                 "-o", options, "start")  # fmt: skip

    def stop(self) -> None:
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "stop")

    def postmaster(self) -> int:
        return int((self.data / "postmaster.pid").read_text(encoding="ascii").splitlines()[0])

    def processes(self) -> list[int]:
        """The postmaster and every process it started (backends, the WAL writer, the checkpointer...)."""
        master = self.postmaster()
        return [master, *children_of(master)]


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    folder = Path(tempfile.mkdtemp(prefix="hearth-crash-"))  # short: the socket's path must fit in 107 bytes
    if AS_POSTGRES:
        shutil.chown(folder, "postgres")
    made = Cluster(folder)
    made.create()
    try:
        yield made
    finally:
        if (made.data / "postmaster.pid").exists():
            subprocess.run(  # noqa: S603
                [*AS_POSTGRES, str(PG_BIN / "pg_ctl"), "-D", str(made.data), "-m", "immediate", "stop"],
                capture_output=True,
                check=False,
            )
        shutil.rmtree(folder, ignore_errors=True)


def environment(var: Path, url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "HEARTH_TEST_DATABASE", "HEARTH_TODAY"}
    }
    return {
        **env,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "HEARTH_VAR_DIR": str(var),
        "HEARTH_SECRET_KEY": "s" * 50,
        "HEARTH_ALLOWED_HOSTS": "127.0.0.1",
        "HEARTH_SECURE_COOKIES": "0",
        "HEARTH_ACCESS_LOG": "0",
        # Staff at the office sign in with a password (ADR 39): the writers have no authenticator app.
        "HEARTH_SECOND_FACTOR_ROLES": "",
        "HEARTH_COUNCIL_NETWORKS": "127.0.0.0/8,::1/128",
        # A member of staff with several children writes as several people would, each signed in (ADR 38).
        "HEARTH_SESSIONS_PER_PERSON": "20",
    }


def hearth(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "hearth.cli", *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "hearth.cli", "serve", "--production", "--bind", f"127.0.0.1:{port}",
             "--workers", "3"],
            env=env, cwd=settings.BASE_DIR, stdout=out, stderr=out,
        )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()[-3000:]
        try:
            if requests.get(f"http://127.0.0.1:{port}/health/ready/", timeout=5).status_code == 200:
                return server
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    server.kill()
    raise AssertionError(f"the server was not ready within 2 minutes: {log.read_text()[-3000:]}")


@dataclass
class Burst:
    """What the writers asked and what the server acknowledged, by the unique words in each record."""

    notes: dict[str, int] = field(default_factory=dict)  # acknowledged notes: their words, their id
    visits: set[str] = field(default_factory=set)  # acknowledged visits: their words
    unacknowledged: int = 0  # writes under way when the server died (or refused)
    refused: list[str] = field(
        default_factory=list
    )  # an answer that was neither saved nor a broken connection
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    # Everyone signed in (Argon2 takes a third of a second of CPU each) before anyone writes: the burst is of writes.
    ready: threading.Barrier = field(default_factory=lambda: threading.Barrier(WRITERS + 1))

    @property
    def acknowledged(self) -> int:
        return len(self.notes) + len(self.visits)


def write_until_killed(
    base: str, username: str, password: str, child: int, visit: str | None, who: int, burst: Burst
) -> None:
    """One member of staff: sign in, then record a case note and (where a child has a plan that takes them) a
    statutory visit, again and again, until the server stops answering."""
    session = requests.Session()
    try:
        page = session.get(f"{base}/login/", timeout=30).text
        session.post(
            f"{base}/login/",
            data={"csrfmiddlewaretoken": CSRF.findall(page)[0], "username": username, "password": password},
            timeout=30,
        ).raise_for_status()
    except requests.RequestException as error:
        with burst.lock:
            burst.refused.append(f"{username} could not sign in: {error}")
        burst.ready.abort()
        return
    try:
        burst.ready.wait(timeout=120)
    except threading.BrokenBarrierError:
        return
    today = time.strftime("%d/%m/%Y")
    for number in range(10_000):
        if burst.stop.is_set():
            return
        words = f"Crash test {who}-{number}: rang the school about attendance."
        if visit and number % 2:
            path, data = visit, {"visit_date": today, "seen": "yes", "note": words}
        else:
            path = f"/people/{child}/case-notes/new/"
            data = {"note_type": "telephone_call", "occurred_on": today, "text": words, "finalise": "1"}
        try:
            form = session.get(base + path, timeout=30)
            token = CSRF.findall(form.text)
            answer = session.post(
                base + path,
                data={"csrfmiddlewaretoken": token[0] if token else "", **data},
                allow_redirects=False,
                timeout=30,
            )
        except requests.RequestException:
            with burst.lock:
                burst.unacknowledged += 1
            return
        location = answer.headers.get("Location", "")
        with burst.lock:
            if answer.status_code == 302 and path == visit:
                burst.visits.add(words)
            elif answer.status_code == 302 and (saved := NOTE_SAVED.match(location)):
                burst.notes[words] = int(saved[2])
            elif answer.status_code >= 500:
                burst.unacknowledged += 1
                return
            else:
                burst.refused.append(f"{answer.status_code} {location} {answer.text[:300]}")
                return


def staff_to_write(url: str, var: Path) -> tuple[str, list[tuple[str, int, str | None]]]:
    """The demo council's password, and social workers with a child each (and a plan of that child's that takes a
    statutory visit, where there is one)."""
    password = next(
        line.split("\t")[1]
        for line in (var / "demo_logins.txt").read_text(encoding="utf-8").splitlines()
        if line.startswith("password\t")
    )
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT u.username, a.child_id,"
            " (SELECT 'cp/' || p.id FROM protection_childprotectionplan p"
            "   WHERE p.child_id = a.child_id AND p.end_date IS NULL LIMIT 1),"
            " (SELECT 'cin/' || p.id FROM children_in_need_cinplan p JOIN children_in_need_cinepisode e"
            "   ON e.id = p.episode_id WHERE e.child_id = a.child_id AND p.end_date IS NULL LIMIT 1)"
            " FROM organisation_staffuser u JOIN organisation_allocation a ON a.worker_id = u.id"
            " WHERE u.role = 'social_worker' AND u.is_active AND a.end_date IS NULL ORDER BY a.child_id"
        ).fetchall()
    cases = [
        (
            username,
            child,
            f"/people/{child}/visits/{plan_cp or plan_cin}/new/" if plan_cp or plan_cin else None,
        )
        for username, child, plan_cp, plan_cin in rows
    ]
    # Those with a visit to record first; a member of staff with several children writes as several people would.
    cases.sort(key=lambda case: case[2] is None)
    staff = [cases[number % len(cases)] for number in range(WRITERS)]
    assert any(visit for _, _, visit in staff), cases
    return password, staff


def test_a_crash_mid_write_loses_nothing_acknowledged_and_leaves_nothing_half_written(
    cluster: Cluster,
) -> None:
    var = cluster.folder / "var"
    var.mkdir()
    cluster.start(durable=False)
    cluster.run(
        str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "hearth"
    )
    env = environment(var, cluster.url())
    hearth(env, "migrate", "--no-input", "-v", "0")
    hearth({**env, "DJANGO_SETTINGS_MODULE": "config.settings.local"}, "seed", "--children", "40")
    hearth(env, "collectstatic", "--no-input", "-v", "0")
    cluster.stop()
    cluster.start(
        durable=True
    )  # PostgreSQL's defaults from here: fsync, synchronous commit, full page writes
    password, staff = staff_to_write(cluster.url(), var)

    port = free_port()
    log = cluster.folder / "server.log"
    server = serve(env, port, log)
    burst = Burst()
    writers = [
        threading.Thread(
            target=write_until_killed,
            args=(f"http://127.0.0.1:{port}", username, password, child, visit, who, burst),
        )
        for who, (username, child, visit) in enumerate(staff)
    ]
    for writer in writers:
        writer.start()
    with contextlib.suppress(threading.BrokenBarrierError):  # a writer could not sign in: said below
        burst.ready.wait(timeout=120)
    deadline = time.monotonic() + 90
    while burst.acknowledged < ACKNOWLEDGED_BEFORE_KILL and time.monotonic() < deadline and not burst.refused:
        time.sleep(0.02)
    # Mid-burst: every process of the server and of PostgreSQL killed at once, without warning.
    victims = [server.pid, *children_of(server.pid), *cluster.processes()]
    for pid in victims:
        os.kill(pid, signal.SIGKILL)
    burst.stop.set()
    deadline = time.monotonic() + 30
    while not all(gone(pid) for pid in victims) and time.monotonic() < deadline:
        time.sleep(0.05)
    for writer in writers:
        writer.join(timeout=60)
    server.wait(timeout=30)
    assert not burst.refused, (burst.refused[:3], log.read_text()[-3000:])
    assert burst.acknowledged >= ACKNOWLEDGED_BEFORE_KILL, (burst.acknowledged, log.read_text()[-3000:])
    assert burst.visits and burst.notes
    assert burst.unacknowledged >= 1, "no write was under way when the server was killed"
    print(
        f"Killed mid-burst: {len(burst.notes)} notes and {len(burst.visits)} visits acknowledged, "
        f"{burst.unacknowledged} writes under way"
    )

    # A killed postmaster whose parent is gone may be left a zombie that no one reaps (in a container without an
    # init that does): its pid still answers, so PostgreSQL would refuse to start. It is dead, as after a power cut.
    assert all(gone(pid) for pid in victims)
    (cluster.data / "postmaster.pid").unlink()
    (cluster.folder / f".s.PGSQL.{cluster.port}.lock").unlink(missing_ok=True)
    recovering = time.monotonic()
    cluster.start(durable=True)  # crash recovery: the write-ahead log replayed
    recovered_in = time.monotonic() - recovering
    assert "database system was interrupted" in (cluster.folder / "log").read_text(encoding="utf-8")
    with psycopg.connect(cluster.url()) as connection:
        notes = {
            text: (pk, status)
            for pk, text, status in connection.execute(
                "SELECT id, text, status FROM casenotes_casenote WHERE text LIKE 'Crash test %%'"
            )
        }
        visits: dict[str, int] = dict(
            connection.execute(
                "SELECT note, id FROM children_in_need_visit WHERE note LIKE 'Crash test %%'"
            ).fetchall()
        )
        changes = {
            (model, object_id, action)
            for model, object_id, action in connection.execute(
                "SELECT model, object_id, action FROM core_changelog"
                " WHERE model IN ('casenotes.casenote', 'visits.visit')"
            )
        }
        events = {
            (record_type, record_id)
            for record_type, record_id in connection.execute(
                "SELECT record_type, record_id FROM core_event"
                " WHERE record_type IN ('casenotes.casenote', 'visits.visit')"
            )
        }
        notes_count = connection.execute(
            "SELECT count(*) FROM casenotes_casenote WHERE text LIKE 'Crash test %%'"
        ).fetchone()
        visits_count = connection.execute(
            "SELECT count(*) FROM children_in_need_visit WHERE note LIKE 'Crash test %%'"
        ).fetchone()

    # Every acknowledged write is there, final, once.
    assert {words: notes.get(words) for words in burst.notes} == {
        words: (pk, "final") for words, pk in burst.notes.items()
    }
    assert burst.visits <= set(visits)
    assert notes_count == (len(notes),) and visits_count == (len(visits),)

    # Nothing half-written: every note of the burst has its creation's change log row, and a final one its
    # finalising row and its event; every visit its change log row and its event.
    def note_whole(pk: int, status: str) -> bool:
        created = ("casenotes.casenote", pk, "create") in changes
        finalised = ("casenotes.casenote", pk, "update") in changes and ("casenotes.casenote", pk) in events
        return created and (status != "final" or finalised)

    half_written = [("note", pk) for pk, status in notes.values() if not note_whole(pk, status)]
    half_written += [
        ("visit", pk)
        for pk in visits.values()
        if ("visits.visit", pk, "create") not in changes or ("visits.visit", pk) not in events
    ]
    assert not half_written, half_written
    lost = sum(1 for words, pk in burst.notes.items() if notes.get(words) != (pk, "final"))
    lost += len(burst.visits - set(visits))
    print(f"After recovery: {len(notes)} notes and {len(visits)} visits of the burst kept, none half-written")
    # And Hearth serves again, ready, on the recovered database.
    again = serve(env, free_port(), log)
    again.send_signal(signal.SIGTERM)
    assert again.wait(timeout=60) == 0
    # `make bench-crash` keeps the figures (bench/results/crash.json); `make test` keeps none.
    if os.environ.get("HEARTH_CRASH_RESULTS"):
        from bench.run import _commit  # the bench's own "commit measured", read only when figures are kept

        Path(os.environ["HEARTH_CRASH_RESULTS"]).write_text(
            json.dumps(
                {
                    "kind": "crash",
                    "commit": _commit(),
                    "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),  # noqa: TID251 - when measured
                    "writers": WRITERS,
                    "killed": "the production server's master and workers, the postmaster and its processes (SIGKILL)",
                    "acknowledged": {"notes": len(burst.notes), "visits": len(burst.visits)},
                    "under_way_at_the_kill": burst.unacknowledged,
                    "kept_after_recovery": {"notes": len(notes), "visits": len(visits)},
                    "acknowledged_but_lost": lost,
                    "half_written": len(half_written),
                    "recovery_seconds": round(recovered_in, 1),
                    "served_again": True,
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
