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


def test_hearth_serve_is_runserver_on_the_loopback_address() -> None:
    result = hearth("serve", "--help")
    assert result.returncode == 0 and "runserver" in result.stdout
