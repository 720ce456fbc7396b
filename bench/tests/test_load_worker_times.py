"""The load bench sets the time a request spent inside a worker, from the server's access log, beside the time the
client waited for it (ADR 42)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.load.run import worker_times


def _access(at: str, method: str, path: str, ms: int) -> str:
    return json.dumps(
        {
            "message": f'127.0.0.1 "{method} {path} HTTP/1.0" 200 10 {ms}ms',
            "time": at,
            "logger": "gunicorn.access",
            "method": method,
            "path": path,
            "duration_ms": ms,
        }
    )


def test_each_request_in_the_steady_window_is_counted_under_its_kind(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    lines = [
        json.dumps(
            {"message": "Booting worker", "time": "2026-01-05T10:00:00+00:00", "logger": "gunicorn.error"}
        ),
        _access("2026-01-05T10:00:01+00:00", "GET", "/people/12/", 90),  # before the window: signing in
        _access("2026-01-05T10:00:10+00:00", "GET", "/people/12/", 9),
        _access("2026-01-05T10:00:11+00:00", "GET", "/people/search/", 31),
        _access("2026-01-05T10:00:12+00:00", "GET", "/people/12/case-notes/new/", 12),
        _access("2026-01-05T10:00:12+00:00", "POST", "/people/12/case-notes/new/", 20),
        _access("2026-01-05T10:00:13+00:00", "GET", "/people/7/visits/cp/3/new/", 15),
        _access("2026-01-05T10:00:13+00:00", "POST", "/people/7/visits/cp/3/new/", 25),
        _access("2026-01-05T10:00:14+00:00", "GET", "/my-work/", 8),
        _access(
            "2026-01-05T10:00:14+00:00", "GET", "/people/12/case-notes/", 5
        ),  # the redirect's page: no kind
        _access("2026-01-05T10:00:15+00:00", "GET", "/people/13/", 11),
        _access("2026-01-05T10:00:30+00:00", "GET", "/people/13/", 70),  # after the window
    ]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    since = 1767607210.0  # 2026-01-05T10:00:10Z
    found = worker_times(log, since, since + 10)
    assert found == {
        "child_page": [9.0, 11.0],
        "search": [31.0],
        "note_form": [12.0],
        "note_record": [20.0],
        "visit_form": [15.0],
        "visit_record": [25.0],
        "my_work": [8.0],
    }
