"""Production: everything from the environment, secure cookies, DEBUG off, the real date."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import read_secret_key

SECRET_KEY = read_secret_key()

if os.environ.get("HEARTH_TODAY", "").strip():
    raise ImproperlyConfigured(
        "HEARTH_TODAY pins Hearth's date for demos and tests; production must run on the real date. Unset HEARTH_TODAY."
    )
HEARTH_TODAY = None
