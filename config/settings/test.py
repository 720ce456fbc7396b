"""Tests: SQLite by default, PostgreSQL when HEARTH_TEST_DATABASE=postgres (DATABASE_URL or 127.0.0.1:5432)."""

import atexit
import os
import secrets
import shutil
import tempfile
from pathlib import Path

import dj_database_url

from .base import *  # noqa: F403

SECRET_KEY = secrets.token_urlsafe(50)
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STATIC_ROOT = None  # static files come from the apps (WhiteNoise finders); nothing is collected in tests
SESSION_COOKIE_SECURE = False
# Each test process keeps documents in a folder of its own, removed when it ends.
_DOCUMENTS = tempfile.mkdtemp(prefix="hearth-documents-")
atexit.register(shutil.rmtree, _DOCUMENTS, True)
STORAGES["documents"] = documents_storage(Path(_DOCUMENTS))  # noqa: F405
CSRF_COOKIE_SECURE = False
# As the demo (ADR 38, ADR 39): the loopback address is never throttled and needs no second factor; the tests of
# throttling and of the second factor sign in from other addresses or change these settings.
HEARTH_SIGNIN_EXEMPT_NETWORKS = ["127.0.0.0/8", "::1/128"]
HEARTH_SECOND_FACTOR_ROLES = []
HEARTH_COUNCIL_NETWORKS = ["127.0.0.0/8", "::1/128"]
HEARTH_TASK_RETRY_SECONDS = 0  # a failed task's next try is ready at once, for the worker run in the test

if os.environ.get("HEARTH_TEST_DATABASE") == "postgres":
    DATABASES = {
        "default": postgres_options(  # noqa: F405
            dj_database_url.parse(
                os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
            )
        )
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("HEARTH_TEST_DATABASE_NAME", "hearth_test")}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
