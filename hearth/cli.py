"""The `hearth` console command: a thin wrapper over Django's management commands.

hearth seed [--children N]      build the synthetic demo council
hearth serve                    do the day's work (`hearth daily`), then serve on http://127.0.0.1:8000, with a
                                background worker beside the server
hearth worker [--batch]         run the background work on the task queue (django-tasks' db_worker, ADR 23)
hearth <any management command> (migrate, export ..., createsuperuser, ...)
"""

from __future__ import annotations

import os
import subprocess
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    if args[:1] == ["worker"]:
        args = ["db_worker", "--interval", "2", *args[1:]]
    if args[:1] == ["serve"]:
        helping = bool({"--help", "-h"} & set(args))
        # The worker first: it runs what the day's work and the pages put on the queue.
        worker = None if helping else subprocess.Popen([sys.executable, "-m", "hearth.cli", "worker"])  # noqa: S603
        if not helping:
            # The demo has no scheduler: the day's work (clocks whose dates arrive, staff duties) runs on start.
            try:
                execute_from_command_line(["hearth", "daily"])
            except SystemExit as stopped:
                if (
                    stopped.code != 3
                ):  # 3: a run is under way (the worker is finishing it): serve all the same
                    if worker is not None:
                        worker.terminate()
                    raise
        args = ["runserver", "127.0.0.1:8000", "--noreload", *args[1:]]
        try:
            execute_from_command_line(["hearth", *args])
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
        return
    execute_from_command_line(["hearth", *args])


if __name__ == "__main__":
    main()
