"""What a council's infrastructure team relies on (ADR 36): the readiness check on the test database, the logs'
format chosen by a setting, and the web server's worker count from the machine."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings
from gunicorn.config import Config

import config.gunicorn


@pytest.mark.django_db
def test_ready_when_the_database_answers_and_every_migration_is_applied() -> None:
    response = Client().get("/health/ready/")
    assert (response.status_code, response.content) == (200, b"ready")


@pytest.mark.django_db
@override_settings(MIGRATION_MODULES={})  # the migrations as shipped, whatever the test run switched off
def test_not_ready_names_the_migration_not_applied() -> None:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():  # SQLite's test database is built from the models, without Django's record
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE django_migrations (id integer PRIMARY KEY AUTOINCREMENT, app varchar(255) NOT NULL, "
                "name varchar(255) NOT NULL, applied datetime NOT NULL)"
            )
    applied = recorder.applied_migrations()
    for key in loader.disk_migrations:
        if key not in applied:
            recorder.record_applied(*key)
    latest = max(name for app, name in loader.disk_migrations if app == "core")
    recorder.record_unapplied("core", latest)

    response = Client().get("/health/ready/")

    assert response.status_code == 503
    assert response.content.decode() == (
        f"Not ready.\n1 migration not applied to the database: core.{latest}. Run `hearth migrate`.\n"
    )
    assert Client().get("/health/").status_code == 200  # alive all the same


def log_line(log_format: str) -> subprocess.CompletedProcess[str]:
    """A warning logged by Hearth's code in a process started with HEARTH_LOG_FORMAT set."""
    return subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django, logging; django.setup(); "
            "logging.getLogger('hearth.returns').warning('Return %s failed', 'cin-census')",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "HEARTH_LOG_FORMAT": log_format},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_logs_are_json_lines_when_the_setting_says_so() -> None:
    result = log_line("json")
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert {key: line[key] for key in ("message", "level", "logger")} == {
        "message": "Return cin-census failed",
        "level": "WARNING",
        "logger": "hearth.returns",
    }
    assert line["time"].endswith("+00:00")


def test_logs_are_plain_lines_when_the_setting_says_text() -> None:
    result = log_line("text")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING hearth\.returns \[\d+\] Return cin-census failed",
        result.stderr.strip().splitlines()[-1],
    ), result.stderr


def test_an_unknown_log_format_is_refused_by_name() -> None:
    result = log_line("xml")
    assert result.returncode != 0
    assert "HEARTH_LOG_FORMAT must be one of json, text, not 'xml'." in result.stderr


def served_with(settings: Any) -> Config:
    """Gunicorn's own configuration as `hearth serve` gives it these settings, once it has started."""
    cfg = Config()
    for name in ("workers", "threads", "worker_class", "keepalive"):
        cfg.set(name, getattr(settings, name))
    settings.on_starting(SimpleNamespace(cfg=cfg))
    return cfg


def test_web_workers_follow_the_cpus_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    assert [config.gunicorn.default_workers(cpus) for cpus in (1, 2, 4, 16)] == [2, 4, 8, 12]
    # One request a worker at a time, taken from the socket only when the worker is free (ADR 42).
    default = served_with(config.gunicorn)
    assert (default.threads, default.worker_class_str, default.keepalive) == (1, "sync", 0)
    monkeypatch.setenv("HEARTH_WEB_WORKERS", "7")
    monkeypatch.setenv("HEARTH_WEB_THREADS", "2")
    try:
        reloaded = importlib.reload(config.gunicorn)
        threaded = served_with(reloaded)
        assert (threaded.workers, threaded.threads, threaded.worker_class_str) == (7, 2, "gthread")
        # No more connections a worker than its threads, as set here or by `--threads` on the command line.
        assert (threaded.worker_connections, threaded.keepalive) == (2, 0)
        threaded.set("threads", 4)
        reloaded.on_starting(SimpleNamespace(cfg=threaded))
        assert threaded.worker_connections == 4
        assert reloaded.graceful_timeout == 30 and reloaded.accesslog == "-"
    finally:
        monkeypatch.undo()
        importlib.reload(config.gunicorn)


def test_the_access_log_may_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEARTH_ACCESS_LOG", "0")
    try:
        reloaded = importlib.reload(config.gunicorn)
        assert reloaded.accesslog is None
        assert reloaded.logconfig_dict["loggers"]["gunicorn.access"] == {
            "handlers": [],
            "level": "CRITICAL",
            "propagate": False,
        }
    finally:
        monkeypatch.undo()
        importlib.reload(config.gunicorn)


def test_the_application_is_warmed_before_the_workers_fork() -> None:
    """config.wsgi, which gunicorn's master loads once, imports every view and compiles every template of Hearth's
    apps, touching no database: a new worker's first request no longer pays about 0.7 s of CPU for them."""
    script = (
        "import sys\n"
        "import config.wsgi\n"
        "from django.db import connection\n"
        "from django.template import engines\n"
        "cached = engines['django'].engine.template_loaders[0].get_template_cache\n"
        "views, on_import = 'hearth.chronology.views' in sys.modules, len(cached)\n"
        "print(config.wsgi.warm(), on_import, views, connection.connection is None)\n"
    )
    found = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "HEARTH_WARM": "1"},
        cwd=settings.BASE_DIR,
    )
    compiled, cached, views, no_connection = found.stdout.split()
    assert int(compiled) > 100 and int(cached) >= int(compiled)
    assert views == "True" and no_connection == "True"
