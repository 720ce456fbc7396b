"""Hearth's logs: one JSON object a line (HEARTH_LOG_FORMAT=json, production's default) or plain text lines.

The same configuration serves Django (settings.LOGGING) and gunicorn (config/gunicorn.py's logconfig_dict), so the
web server's access log, its errors, Django's and the task queue's worker's lines all come out in one format on
the standard streams, for journald or the council's log collector to keep (ADR 36)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from gunicorn.glogging import Logger
from pythonjsonlogger.json import JsonFormatter

LOG_FORMATS = ("json", "text")

# Gunicorn's access log names each part of a request by a letter (its "atoms"); a JSON line names them in words.
ACCESS_FIELDS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "f": "referer",
    "a": "user_agent",
    "{x-forwarded-for}i": "forwarded_for",
}


class AccessLogger(Logger):
    """Gunicorn's logger, whose access line is made of the parts Hearth's lines write (ACCESS_FIELDS, and the text
    format's `access_log_format` in config/gunicorn.py) rather than of every request header, response header and
    environment variable of the request as well: that dictionary, built for each request and then thrown away, was
    about 2% of the server's CPU under load (ADR 42). A part not made here is written as "-", as gunicorn writes
    one it does not know."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> dict[str, Any]:
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        method = environ.get("REQUEST_METHOD")
        return {
            "h": environ.get("REMOTE_ADDR", "-"),
            "r": f"{method} {environ.get('RAW_URI', '')} {environ.get('SERVER_PROTOCOL', '')}",
            "s": status,
            "m": method,
            "U": environ.get("PATH_INFO"),
            "q": environ.get("QUERY_STRING"),
            "B": getattr(resp, "sent", None),
            "M": request_time.seconds * 1000 + request_time.microseconds // 1000,
            "f": environ.get("HTTP_REFERER", "-"),
            "a": environ.get("HTTP_USER_AGENT", "-"),
            "{x-forwarded-for}i": environ.get("HTTP_X_FORWARDED_FOR", "-"),
        }


class JsonLinesFormatter(JsonFormatter):
    """python-json-logger's formatter, with a request's parts as fields of their own: gunicorn's access log passes
    them as the record's arguments, and Django's request logger as the record's `request`."""

    def add_fields(self, log_data: dict[str, Any], record: Any, message_dict: dict[str, Any]) -> None:
        super().add_fields(log_data, record, message_dict)
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        log_data["pid"] = record.process
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            for atom, field in ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value is not None and value not in ("", "-"):
                    log_data[field] = int(str(value)) if field == "status" else value
        request = log_data.pop("request", None)
        if request is not None and hasattr(request, "path"):
            log_data["method"] = request.method
            log_data["path"] = request.path
        if "status_code" in log_data:
            log_data["status"] = log_data.pop("status_code")
        log_data.pop("server_time", None)


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """A dictConfig for every process of Hearth: the root logger at `level` writing to standard error, gunicorn's
    access log at INFO to standard output; each line JSON or text as `log_format` says."""
    if log_format not in LOG_FORMATS:
        raise ImproperlyConfigured(
            f"HEARTH_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}."
        )
    formatter: dict[str, Any] = (
        {
            "()": "hearth.core.logs.JsonLinesFormatter",
            "fmt": "%(message)s",
            "timestamp": "time",  # ISO 8601, in UTC
        }
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"hearth": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "hearth",
                "stream": "ext://sys.stderr",
            },
            "access": {"class": "logging.StreamHandler", "formatter": "hearth", "stream": "ext://sys.stdout"},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }
