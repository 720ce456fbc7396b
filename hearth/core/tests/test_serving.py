"""Hearth served as a council and the demo serve it (issue 20; ADR 36, ADR 37): the real production server, in its
own process, on a real SQLite file seeded with a small council, used by ten people at once."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.conf import settings

from hearth.core.tests.demo_load import run_people, writers

# These tests run their own servers on their own SQLite files (and an unreachable PostgreSQL): the test run's
# database plays no part, so the PostgreSQL pass would only repeat them.
pytestmark = pytest.mark.skipif(
    os.environ.get("HEARTH_TEST_DATABASE") == "postgres", reason="served from SQLite files of its own"
)

PYTHON = sys.executable
SECRET = "s" * 50  # a test's secret key: production settings refuse to start without one


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(var: Path, **extra: str) -> dict[str, str]:
    """The demo's environment with its own folder: whatever database the test run uses is not Hearth's here."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "HEARTH_TEST_DATABASE", "HEARTH_LOG_FORMAT"}
    }
    return {**env, "DJANGO_SETTINGS_MODULE": "config.settings.local", "HEARTH_VAR_DIR": str(var), **extra}


def hearth(var: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "hearth.cli", *args],
        env=environment(var, **extra),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    out: Path
    err: Path

    def get(self, path: str, **kwargs: object) -> requests.Response:
        return requests.get(self.url + path, timeout=30, **kwargs)  # type: ignore[arg-type]

    def stop(self) -> int:
        self.process.terminate()  # gunicorn's graceful stop; `hearth serve` then stops its worker
        return self.process.wait(timeout=60)


def start(var: Path, *args: str, **extra: str) -> Server:
    port = free_port()
    out, err = var / f"server-{port}.out", var / f"server-{port}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "hearth.cli", "serve", *args, "--bind", f"127.0.0.1:{port}", "--workers", "3"],
            env=environment(var, **extra),
            cwd=settings.BASE_DIR,
            stdout=stdout,
            stderr=stderr,
        )
    server = Server(f"http://127.0.0.1:{port}", process, out, err)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {err.read_text()}")
        try:
            server.get("/health/")
            return server
        except requests.ConnectionError:
            time.sleep(0.2)
    server.stop()
    raise AssertionError(f"the server did not answer within 2 minutes: {err.read_text()}")


def demo_password(var: Path) -> str:
    for line in (var / "demo_logins.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("password\t"):
            return line.split("\t")[1].strip()
    raise AssertionError("no password in demo_logins.txt")


def test_the_demo_serves_ten_people_at_once(tmp_path: Path) -> None:
    """The demo as `make demo` makes it, on a small council: migrated, seeded, served by `hearth serve` (the day's
    work first, the task queue's worker beside it), with its logs in JSON lines. One test, one server: setting it up
    is most of the cost (the test run's workers would each build their own for separate tests)."""
    hearth(tmp_path, "migrate", "--no-input", "-v", "0")
    hearth(tmp_path, "seed", "--children", "30")
    server = start(tmp_path, HEARTH_LOG_FORMAT="json")
    try:
        ten_people_at_once_meet_no_error(tmp_path, server)
        connections_opened_ahead_hold_no_worker(server)
        the_database_writes_ahead_and_waits_for_its_turn(tmp_path)
        readiness_names_a_migration_not_applied(tmp_path, server)
        the_access_log_is_json_lines(server)
    finally:
        stopped = server.stop()
    assert stopped == 0, server.err.read_text()[-3000:]


def ten_people_at_once_meet_no_error(var: Path, server: Server) -> None:
    """Ten members of staff sign in at the same moment, then each opens pages and writes and finalises case notes
    through the real form, all at once: no error, and every note is kept."""
    staff = writers(var / "hearth.sqlite3", 10)
    outcome = run_people(server.url, staff, demo_password(var), rounds=2, marker="Ten at once")
    assert not outcome.failures, outcome.failures
    assert not outcome.server_errors(), outcome.server_errors()
    final = {hit.status for hit in outcome.hits if hit.status not in (301, 302, 303)}
    assert final == {200}, outcome.summary()
    assert len(outcome.notes) == 20
    with sqlite3.connect(var / "hearth.sqlite3") as connection:
        kept = {
            text
            for (text,) in connection.execute(
                "SELECT text FROM casenotes_casenote WHERE text LIKE 'Ten at once %' AND status = 'final'"
            )
        }
    assert kept == set(outcome.notes)
    assert "database is locked" not in server.err.read_text()


def connections_opened_ahead_hold_no_worker(server: Server) -> None:
    """A browser opens connections before it has a request to send on them. The demo has no proxy in front: with
    more such connections open than it has workers (3), a request on a new one is still answered well before a
    worker would time out (60 s), and the server keeps the browser's connection alive."""
    address = ("127.0.0.1", int(server.url.rsplit(":", 1)[1]))
    idle = [socket.create_connection(address) for _ in range(4)]
    try:
        with requests.Session() as browser:
            first = browser.get(server.url + "/health/", timeout=20)
            assert (first.status_code, first.headers.get("Connection", "keep-alive")) == (200, "keep-alive")
            assert browser.get(server.url + "/login/", timeout=20).status_code == 200
    finally:
        for connection in idle:
            connection.close()
    logged = [json.loads(line) for line in server.err.read_text().splitlines() if line.startswith("{")]
    assert any(line["message"] == "Using worker: gthread" for line in logged)


def the_database_writes_ahead_and_waits_for_its_turn(var: Path) -> None:
    """The pragmas are in force on the connection Hearth itself opens, read back from SQLite."""
    result = hearth(
        var,
        "shell",
        "-c",
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "print([cursor.execute(f'PRAGMA {name}').fetchone()[0] for name in "
        "('journal_mode', 'busy_timeout', 'synchronous')], connection.transaction_mode)",
    )
    assert result.stdout.strip().splitlines()[-1] == "['wal', 20000, 1] IMMEDIATE"


def readiness_names_a_migration_not_applied(var: Path, server: Server) -> None:
    """/health/ready/ is 200 on a migrated database; with a migration's record gone, 503 naming it and what to
    do, while /health/ (the process is up) still answers; ready again once it is back."""
    assert (server.get("/health/ready/").status_code, server.get("/health/ready/").text) == (200, "ready")
    with sqlite3.connect(var / "hearth.sqlite3") as connection:
        app, name, applied = connection.execute(
            "SELECT app, name, applied FROM django_migrations WHERE app = 'core' ORDER BY name DESC LIMIT 1"
        ).fetchone()
        connection.execute("DELETE FROM django_migrations WHERE app = ? AND name = ?", (app, name))
    try:
        response = server.get("/health/ready/")
        assert response.status_code == 503
        assert response.text == (
            f"Not ready.\n1 migration not applied to the database: core.{name}. Run `hearth migrate`.\n"
        )
        assert server.get("/health/").status_code == 200
    finally:
        with sqlite3.connect(var / "hearth.sqlite3") as connection:
            connection.execute(
                "INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, ?)", (app, name, applied)
            )
    assert server.get("/health/ready/").status_code == 200


def the_access_log_is_json_lines(server: Server) -> None:
    """Each request is one JSON object a line on standard output, its parts in fields of their own."""
    server.get("/health/?probe=1", headers={"User-Agent": "load-balancer", "X-Forwarded-For": "203.0.113.9"})
    time.sleep(0.5)
    lines = [json.loads(line) for line in server.out.read_text().splitlines() if line.startswith("{")]
    probe = [line for line in lines if line.get("query") == "probe=1"]
    assert probe, server.out.read_text()[-2000:]
    assert isinstance(probe[0]["duration_ms"], int) and probe[0]["time"].endswith("+00:00")
    assert {
        key: probe[0][key]
        for key in ("logger", "method", "path", "status", "user_agent", "remote_addr", "forwarded_for")
    } == {
        "logger": "gunicorn.access",
        "method": "GET",
        "path": "/health/",
        "status": 200,
        "user_agent": "load-balancer",
        "remote_addr": "127.0.0.1",
        "forwarded_for": "203.0.113.9",
    }
    assert "referer" not in probe[0]  # a part the request did not have is left out, not written as "-"
    errors = [json.loads(line) for line in server.err.read_text().splitlines() if line.startswith("{")]
    assert any(line["message"].startswith("Listening at: ") for line in errors)


def production(database_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "HEARTH_SECRET_KEY": SECRET,
        "HEARTH_ALLOWED_HOSTS": "127.0.0.1",
        "HEARTH_TODAY": "",  # production runs on the real date (`make test-dates` pins the tests' today)
        "DATABASE_URL": database_url,
    }


def test_production_serves_hashed_static_files_and_is_live_but_not_ready_without_its_database(
    tmp_path: Path,
) -> None:
    """`hearth serve --production` after `hearth collectstatic`, its database down: the sign-in page links static
    files by names holding a hash of their content, served compressed and cached for a year; /health/ touches
    nothing and answers; /health/ready/ says 503 and why, for the load balancer."""
    settings_for = production(f"postgres://hearth@127.0.0.1:{free_port()}/hearth")  # nothing listens there
    hearth(tmp_path, "collectstatic", "--no-input", "-v", "0", **settings_for)
    server = start(tmp_path, "--production", **settings_for)
    try:
        manifest = json.loads((tmp_path / "staticfiles" / "staticfiles.json").read_text())["paths"]
        hashed = manifest["vendor/govuk-frontend/govuk-frontend.min.css"]
        assert hashed != "vendor/govuk-frontend/govuk-frontend.min.css"
        page = server.get("/login/")
        assert page.status_code == 200 and f'href="/static/{hashed}"' in page.text
        css = server.get(f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
        assert css.status_code == 200 and css.headers["Content-Encoding"] == "gzip"
        assert css.headers["Cache-Control"] == "max-age=315360000, public, immutable"
        assert "--govuk-frontend-version:" in css.text  # GOV.UK Frontend's stylesheet itself
        live = server.get("/health/")
        assert (live.status_code, live.text) == (200, "ok")
        # Behind the council's proxy, one request a connection: a worker takes the next only when free (ADR 42).
        assert live.headers["Connection"] == "close"
        ready = server.get("/health/ready/")
        assert ready.status_code == 503
        assert ready.text == "Not ready.\nThe database cannot be reached (the server's log says why).\n"
        time.sleep(0.5)
        logged = [json.loads(line) for line in server.err.read_text().splitlines() if line.startswith("{")]
        reasons = [line for line in logged if line["message"] == "Not ready: the database cannot be reached"]
        assert reasons and "Connection refused" in reasons[0]["exc_info"], server.err.read_text()[-2000:]
        assert any(line["message"] == "Using worker: sync" for line in logged)
    finally:
        stopped = server.stop()
    assert stopped == 0, server.err.read_text()[-3000:]
