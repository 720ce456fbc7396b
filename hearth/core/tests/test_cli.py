"""The `hearth` console command wraps Django's management commands."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings


def hearth(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "hearth.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
        timeout=120,
    )


def test_hearth_lists_its_own_commands_beside_djangos() -> None:
    result = hearth("help")
    assert result.returncode == 0, result.stderr
    for command in ("seed", "demo_logins", "reindex_names", "migrate"):
        assert command in result.stdout


def test_hearth_serve_is_the_production_server() -> None:
    """`hearth serve` is gunicorn with Hearth's settings file (ADR 36), never Django's development server."""
    result = hearth("serve", "--help")
    assert result.returncode == 0, result.stderr
    assert "hearth serve [--production]" in result.stdout and "--workers" in result.stdout
    assert "runserver" not in result.stdout
