"""Gunicorn's settings for Hearth (ADR 36): `hearth serve` (the demo) and `hearth serve --production` read them,
as does `gunicorn -c python:config.gunicorn config.wsgi` run any other way. Each can be set from the environment.

HEARTH_BIND               where to listen (127.0.0.1:8000; a unix socket as unix:/run/hearth/hearth.sock)
HEARTH_WEB_WORKERS        worker processes (2 per CPU this process may use, at most 12)
HEARTH_WEB_THREADS        threads in each worker (1, gunicorn's sync worker): each serves one request at a time
HEARTH_WEB_TIMEOUT        seconds a request may take before its worker is restarted (60)
HEARTH_FORWARDED_ALLOW_IPS  the proxy's addresses, whose X-Forwarded-Proto is believed (127.0.0.1,::1)
HEARTH_LOG_FORMAT         json (production) or text: the access log's and the error log's lines (hearth.core.logs)
HEARTH_ACCESS_LOG         0 to turn the access log off
"""

from __future__ import annotations

import os
from typing import Any

from hearth.core.logs import logging_config


def _cpus() -> int:
    """The CPUs this process may run on (a container's or a systemd unit's limit, not the whole machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_workers(cpus: int) -> int:
    """2 workers a CPU, of one thread each, kept to 12 so a large machine does not open more database connections
    than PostgreSQL allows by default (each worker's threads hold one each). Measured with 50 staff on 2 cores
    (ADR 42): 4 workers of 1 thread answered more requests a second for less CPU each, and sooner, than 6 of 1 or
    gunicorn's rule of thumb, 5 of 4 (fewer threads contending for each process's interpreter, fewer connections
    to keep prepared statements on). Slow work (exports, letters) runs on the task queue, not in a request."""
    return min(2 * cpus, 12)


bind = [os.environ.get("HEARTH_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("HEARTH_WEB_WORKERS", "0")) or default_workers(_cpus())
threads = int(os.environ.get("HEARTH_WEB_THREADS", "1"))
# A worker takes a connection from the shared socket only when it is free to answer it, so the next request goes to
# whichever worker is free first. Behind the council's proxy every request comes on a connection of its own (nginx
# speaks HTTP/1.0 to gunicorn unless told otherwise, and buffers each request and answer): the proxy keeps the
# browser's connection alive. Gunicorn's `sync` worker does this for one thread a worker; with more threads,
# `gthread`, taking no more connections than it has threads (on_starting) and keeping none alive. Kept-alive
# connections stay with the worker that accepted them, and a `gthread` worker accepts up to 1,000 while busy: under
# load a request waited behind its worker's current one while another worker stood idle (ADR 42). The demo, which
# browsers reach with no proxy, keeps connections alive (hearth.cli, DIRECT).
worker_class = "sync"
keepalive = 0
timeout = int(os.environ.get("HEARTH_WEB_TIMEOUT", "60"))
# On a restart or `systemctl stop`, requests under way have this long to finish.
graceful_timeout = 30
# A worker is replaced after this many requests (with some spread), so that no slow leak grows for ever: hours of a
# council's day, about eleven minutes under the load bench's 117 requests a second. Each new worker starts
# with a new database connection, its statements unprepared and PostgreSQL's caches for it cold: at 2,000, under
# load, one worker in four was new every 17 seconds (ADR 42).
max_requests = 20_000
max_requests_jitter = 2_000
# Behind the council's TLS proxy: its X-Forwarded-Proto is believed from these addresses only.
forwarded_allow_ips = os.environ.get("HEARTH_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Gunicorn's control socket (one shared path in the home folder by default) is not used.
control_socket_disable = True
proc_name = "hearth"
# The application is loaded once, before the workers are forked: they start at once and share its memory.
preload_app = True

# Logs: on the standard streams (journald keeps them under systemd), in Hearth's one format.
accesslog = "-" if os.environ.get("HEARTH_ACCESS_LOG", "1") != "0" else None
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms'
logger_class = "hearth.core.logs.AccessLogger"  # the access line's parts alone, not every header's (ADR 42)
logconfig_dict = logging_config(
    os.environ.get("HEARTH_LOG_FORMAT", "json").strip().lower(),
    os.environ.get("HEARTH_LOG_LEVEL", "INFO").strip().upper(),
)
if accesslog is None:
    logconfig_dict["loggers"]["gunicorn.access"]["handlers"] = []
    logconfig_dict["loggers"]["gunicorn.access"]["level"] = "CRITICAL"


def on_starting(server: Any) -> None:
    """With no connection kept alive, a gthread worker takes no more connections than it has threads, however the
    threads were set (HEARTH_WEB_THREADS or `--threads`): otherwise it takes up to 1,000 while busy."""
    if server.cfg.keepalive == 0:
        server.cfg.set("worker_connections", server.cfg.threads)


def pre_fork(server: object, worker: object) -> None:
    """No database connection crosses a fork: the demo's day's work ran in this process before it served."""
    from django.db import connections

    connections.close_all()
