"""The `hearth` console command: a thin wrapper over Django's management commands.

hearth seed [--children N]      build the synthetic demo council
hearth serve                    the demo: do the day's work (`hearth daily`), then serve on http://127.0.0.1:8000
                                with the production server (gunicorn, config/gunicorn.py), a background worker
                                beside it; gunicorn's options may follow (--bind 127.0.0.1:8001, --workers 3, ...)
hearth serve --production       gunicorn alone, as a council runs it (production settings unless
                                DJANGO_SETTINGS_MODULE says otherwise): the worker and the daily run are services
                                of their own (README, "Running Hearth for a council"; ADR 36)
hearth worker [--batch]         run the background work on the task queue (django-tasks' db_worker, ADR 23)
hearth <any management command> (migrate, export ..., createsuperuser, ...)
"""

from __future__ import annotations

import os
import subprocess
import sys

GUNICORN_CONFIG = "python:config.gunicorn"
WSGI_APP = "config.wsgi:application"
# The demo, with no proxy in front: browsers open connections ahead of their requests, and each would hold one of
# the sync workers a council's server runs behind its proxy (config/gunicorn.py) until it timed out (60 s). A
# gthread thread waits up to 5 s for a request on a new connection before handing it back to its worker's poller,
# so each worker has four threads, and keeps the browser's connection alive.
DIRECT = ["--worker-class", "gthread", "--threads", "4", "--worker-connections", "1000", "--keep-alive", "5"]


def gunicorn_run(options: list[str]) -> None:
    """Gunicorn in this process, with Hearth's settings file and then `options` (its own command line's)."""
    from gunicorn.app.wsgiapp import WSGIApplication

    sys.argv = ["hearth serve", "--config", GUNICORN_CONFIG, *options, WSGI_APP]
    WSGIApplication("hearth serve [--production] [gunicorn's OPTIONS]", prog="hearth serve").run()


def serve(options: list[str]) -> None:
    """The demo: the worker, the day's work, then the production server on the loopback address."""
    from django.core.management import execute_from_command_line

    if {"--help", "-h"} & set(options):
        gunicorn_run(options)
        return
    # The worker first: it runs what the day's work and the pages put on the queue.
    worker = subprocess.Popen([sys.executable, "-m", "hearth.cli", "worker"])  # noqa: S603
    try:
        # The demo has no scheduler: the day's work (clocks whose dates arrive, staff duties) runs on start.
        try:
            execute_from_command_line(["hearth", "daily"])
        except SystemExit as stopped:
            if stopped.code != 3:  # 3: a run is under way (the worker is finishing it): serve all the same
                raise
        from django.db import connections

        connections.close_all()  # the server's workers are forked from this process: no connection goes with them
        address = os.environ.get("HEARTH_BIND", "127.0.0.1:8000")
        for option, value in zip(options, [*options[1:], ""], strict=True):
            if option in ("--bind", "-b"):
                address = value
            elif option.startswith("--bind="):
                address = option.removeprefix("--bind=")
        print(f"Hearth is served at http://{address}/ (Ctrl-C stops it).", flush=True)
        gunicorn_run([*DIRECT, *options])
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["serve"] and "--production" in args:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
        gunicorn_run([option for option in args[1:] if option != "--production"])
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if args[:1] == ["serve"]:
        # The demo's lines are plain text unless said otherwise; production's are JSON (hearth.core.logs).
        os.environ.setdefault("HEARTH_LOG_FORMAT", "text")
        serve(args[1:])
        return
    from django.core.management import execute_from_command_line

    if args[:1] == ["worker"]:
        args = ["db_worker", "--interval", "2", *args[1:]]
    execute_from_command_line(["hearth", *args])


if __name__ == "__main__":
    main()
