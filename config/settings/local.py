"""The demo on a laptop: SQLite in var/, served over plain http on 127.0.0.1, a secret generated on first run."""

import os
import secrets

from hearth.core.logs import logging_config

from .base import *  # noqa: F403
from .base import HEARTH_LOG_LEVEL, VAR_DIR, read_secret_key

(VAR_DIR / "staticfiles").mkdir(parents=True, exist_ok=True)
_key_file = VAR_DIR / "secret_key"
if not os.environ.get("HEARTH_SECRET_KEY") and not _key_file.exists():
    _key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    _key_file.chmod(0o600)
os.environ.setdefault("HEARTH_SECRET_KEY_FILE", str(_key_file))
SECRET_KEY = read_secret_key()

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# The demo is served over http on the loopback address only, so cookies cannot be marked secure there.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The demo sends no email: each one is written to a file in var/mail instead, unless an SMTP server is configured.
if not os.environ.get("HEARTH_EMAIL_HOST") and not os.environ.get("HEARTH_NOTIFY_API_KEY"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
# The demo's logs are plain lines in the terminal unless HEARTH_LOG_FORMAT says otherwise (production's are JSON).
HEARTH_LOG_FORMAT = os.environ.get("HEARTH_LOG_FORMAT", "text").strip().lower()
LOGGING = logging_config(HEARTH_LOG_FORMAT, HEARTH_LOG_LEVEL)

# The demo signs in simply: the loopback address is never throttled (browser journeys, load tests) and is the
# council's network, so no second factor is asked unless someone has set one up (ADR 38, ADR 39).
HEARTH_SIGNIN_EXEMPT_NETWORKS = ["127.0.0.0/8", "::1/128"]
HEARTH_SECOND_FACTOR_ROLES = [
    r.strip() for r in os.environ.get("HEARTH_SECOND_FACTOR_ROLES", "").split(",") if r.strip()
]
HEARTH_COUNCIL_NETWORKS = ["127.0.0.0/8", "::1/128"]
