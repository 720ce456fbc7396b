"""Settings shared by every environment. Values come from environment variables; nothing secret has a default."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from hearth.core.clock import parse_today
from hearth.core.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("HEARTH_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def read_secret_key() -> str:
    """The secret key comes from HEARTH_SECRET_KEY or the file named by HEARTH_SECRET_KEY_FILE, never a default."""
    key = os.environ.get("HEARTH_SECRET_KEY", "")
    key_file = os.environ.get("HEARTH_SECRET_KEY_FILE", "")
    if not key and key_file and Path(key_file).exists():
        key = Path(key_file).read_text(encoding="utf-8").strip()
    if len(key) < 40:
        raise ImproperlyConfigured(
            "HEARTH_SECRET_KEY (or HEARTH_SECRET_KEY_FILE) must hold a secret of at least 40 characters."
        )
    return key


DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("HEARTH_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "hearth.core",
    "hearth.organisation",
    "hearth.people",
    "hearth.caseloads",
    "hearth.frontdoor",
    "hearth.earlyhelp",
    "hearth.children_in_need",
    "hearth.protection",
    "hearth.care",
    "hearth.plans",
    "hearth.visits",
    "hearth.documents",
    "hearth.notifications",
    "hearth.letters",
    "hearth.returns",
    "hearth.quality",
    "hearth.casenotes",
    "hearth.missing",
    "hearth.health",
    "hearth.education",
    "hearth.childrecord",
    "hearth.chronology",
    "hearth.worklists",
    "hearth.indicators",
    "hearth.supervision",
    "hearth.signoff",
    "hearth.governance",
    "hearth.backups",
    "hearth.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hearth.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hearth.core.middleware.LoginRequiredEverywhereMiddleware",
    "hearth.core.middleware.SlidingSessionMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hearth.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hearth.sqlite3'}"),
        # Each connection keeps its prepared statements (ADR 43): ten minutes before it is opened anew.
        conn_max_age=int(os.environ.get("HEARTH_DB_CONN_MAX_AGE", "600")),
    )
}


def documents_storage(var_dir: Path) -> dict[str, object]:
    """Where documents are kept: a folder (HEARTH_DOCUMENTS_DIR, by default var/documents), or, with
    HEARTH_DOCUMENTS_S3_BUCKET set, an S3-compatible object store through django-storages (installed with
    `pip install 'django-storages[s3]'`; credentials from the usual AWS_* variables or the instance's role).
    Never a public URL: every file is read through Hearth's download page."""
    bucket = os.environ.get("HEARTH_DOCUMENTS_S3_BUCKET", "")
    if bucket:
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": os.environ.get("HEARTH_DOCUMENTS_S3_ENDPOINT") or None,
                "region_name": os.environ.get("HEARTH_DOCUMENTS_S3_REGION") or None,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
                "object_parameters": {"ServerSideEncryption": "AES256"},
            },
        }
    location = Path(os.environ.get("HEARTH_DOCUMENTS_DIR", var_dir / "documents"))
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(location), "base_url": None, "file_permissions_mode": 0o600},
    }


def postgres_options(database: dj_database_url.DBConfig) -> dj_database_url.DBConfig:
    """PostgreSQL's connection options (ADR 43).

    No JIT: it compiles a query the planner thinks costly, adding about a second to a page's list (the unallocated
    queue's estimate is far above its real work); short web queries do better without it.

    Parameters bound by the server and statements prepared: with values bound by the server rather than written into
    the SQL, a page's statements are the same text for every child, so psycopg prepares each one a connection runs
    HEARTH_DB_PREPARE_THRESHOLD times (2; 0 binds on the client and prepares nothing, as a transaction-pooling PgBouncer older than 1.21
    needs) and PostgreSQL plans it once rather than on every request: planning the joins and unions of a child's page
    was three quarters of its PostgreSQL time. Up to psycopg's 100 statements a connection are kept prepared."""
    if database.get("ENGINE") == "django.db.backends.postgresql":
        threshold = int(os.environ.get("HEARTH_DB_PREPARE_THRESHOLD", "2"))
        database["OPTIONS"] = {**database.get("OPTIONS", {}), "options": "-c jit=off"}
        if threshold > 0:
            database["OPTIONS"].update(server_side_binding=True, prepare_threshold=threshold)
    return database


def sqlite_for_several(database: dj_database_url.DBConfig) -> dj_database_url.DBConfig:
    """An SQLite file (the demo) shared by several people at once (ADR 37): write-ahead logging, so that reading
    never waits for writing nor writing for reading; each transaction takes the write lock as it begins
    (IMMEDIATE), so that two never both read and then deadlock on writing, which SQLite answers at once with
    "database is locked"; and a writer waits up to HEARTH_SQLITE_TIMEOUT seconds (20) for the lock in turn."""
    if database.get("ENGINE") == "django.db.backends.sqlite3":
        database["OPTIONS"] = {
            **database.get("OPTIONS", {}),
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("HEARTH_SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    return database


DATABASES["default"] = sqlite_for_several(postgres_options(DATABASES["default"]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.StaffUser"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "worklists:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Signing in gives nothing away (ADR 38): a wrong password, an unknown name and a paused name get the same answer in
# the same time. Failures are throttled per address and per name, for HEARTH_SIGNIN_PAUSE_MINUTES;
# no account is ever locked, so a probe cannot shut its owner out. HEARTH_SIGNIN_EXEMPT_NETWORKS (CIDRs) are never
# throttled: empty here and in production; the demo and the tests exempt the loopback address.
HEARTH_SIGNIN_FAILURES_PER_ADDRESS = int(os.environ.get("HEARTH_SIGNIN_FAILURES_PER_ADDRESS", "20"))
HEARTH_SIGNIN_FAILURES_PER_NAME = int(os.environ.get("HEARTH_SIGNIN_FAILURES_PER_NAME", "5"))
# Across every address, a name with this many failures is paused too, but only for attempts from outside the
# council's networks (HEARTH_COUNCIL_NETWORKS): a distributed probe can never stop a person signing in at the office.
HEARTH_SIGNIN_FAILURES_PER_NAME_EVERYWHERE = int(
    os.environ.get("HEARTH_SIGNIN_FAILURES_PER_NAME_EVERYWHERE", "50")
)
HEARTH_SIGNIN_PAUSE_MINUTES = int(os.environ.get("HEARTH_SIGNIN_PAUSE_MINUTES", "15"))
HEARTH_SIGNIN_EXEMPT_NETWORKS: list[str] = []
# Behind a reverse proxy, the number of proxies in front of Hearth: the person's address is then read from the
# X-Forwarded-For entry that many from its end (the proxy's own address otherwise stands for everyone).
HEARTH_PROXY_COUNT = int(os.environ.get("HEARTH_PROXY_COUNT", "0"))

# A second factor (ADR 39): an authenticator app's codes (django-otp's TOTP), recovery codes, optional passkeys.
# Required for the roles named in HEARTH_SECOND_FACTOR_ROLES ("all" for every role; comma-separated role values)
# wherever they are, and for everyone signing in from outside HEARTH_COUNCIL_NETWORKS (CIDRs; empty: no address is
# the council's, so everyone). Someone who has set one up is always asked for it.
HEARTH_SECOND_FACTOR_ROLES = [
    r.strip() for r in os.environ.get("HEARTH_SECOND_FACTOR_ROLES", "all").split(",") if r.strip()
]


def networks(name: str, default: str = "") -> list[str]:
    """A comma-separated list of networks (CIDRs) from the environment, each checked at start-up."""
    found = [n.strip() for n in os.environ.get(name, default).split(",") if n.strip()]
    for network in found:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list networks such as 10.0.0.0/8,192.168.1.0/24: {network!r} is not one."
            ) from None
    return found


HEARTH_COUNCIL_NETWORKS = networks("HEARTH_COUNCIL_NETWORKS")
HEARTH_SECOND_FACTOR_MINUTES = 10  # how long after the password the second step may be taken
HEARTH_RECOVERY_CODES = 10
# Passkeys' relying party: by default the host the page was asked for (without its port).
HEARTH_PASSKEY_RP_ID = os.environ.get("HEARTH_PASSKEY_RP_ID", "")
OTP_TOTP_ISSUER = os.environ.get("HEARTH_COUNCIL_NAME", "Northmoor Borough Council") + " Hearth"

# Sessions end after HEARTH_SESSION_MINUTES without use; a person holds at most HEARTH_SESSIONS_PER_PERSON at once
# (signing in again ends the oldest).
HEARTH_SESSIONS_PER_PERSON = int(os.environ.get("HEARTH_SESSIONS_PER_PERSON", "3"))
# Issue 21: the session and the signed-in user are read on every request by one fixed statement each.
SESSION_ENGINE = "hearth.core.sessions"
AUTHENTICATION_BACKENDS = ["hearth.core.auth.StaffBackend"]
SESSION_COOKIE_AGE = int(os.environ.get("HEARTH_SESSION_MINUTES", "30")) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_flag("HEARTH_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent on every response with the Content-Security-Policy (hearth.core.middleware): no powerful feature but passkeys.
HEARTH_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), "
    "usb=(), publickey-credentials-create=(self), publickey-credentials-get=(self)"
)
HEARTH_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT: Path | None = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Documents on children's records (issue 15, ADR 22): a folder outside the web root, served only through the
    # download page (need-to-know, logged), or a council's object store (README, "Documents").
    "documents": documents_storage(VAR_DIR),
}
WHITENOISE_USE_FINDERS = True

# Background work (ADR 23): django-tasks' database backend; `hearth worker` runs it. A failed try is tried again
# after HEARTH_TASK_RETRY_SECONDS, then four times as long each time (hearth.core.tasks).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
HEARTH_TASK_RETRY_SECONDS = int(os.environ.get("HEARTH_TASK_RETRY_SECONDS", "60"))

# The council's virus scanner for documents (issue 15): a ClamAV daemon, tcp://host:3310 or unix:///run/clamav/clamd.ctl.
# Unset, files are kept without a check (each says so); set, each new file is quarantined until clamd finds it clean.
HEARTH_CLAMD = os.environ.get("HEARTH_CLAMD", "")

# Email (notifications, issue 15): SMTP by default (HEARTH_EMAIL_HOST and friends), or GOV.UK Notify with
# HEARTH_NOTIFY_API_KEY and HEARTH_NOTIFY_TEMPLATE_ID (a template whose subject is ((subject)) and body ((body))).
# Links in emails start with HEARTH_BASE_URL. An email says only the kind of news and links to Hearth.
HEARTH_BASE_URL = os.environ.get("HEARTH_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("HEARTH_EMAIL_FROM", "Hearth <hearth@localhost>")
HEARTH_NOTIFY_API_KEY = os.environ.get("HEARTH_NOTIFY_API_KEY", "")
HEARTH_NOTIFY_TEMPLATE_ID = os.environ.get("HEARTH_NOTIFY_TEMPLATE_ID", "")
HEARTH_NOTIFY_BASE_URL = os.environ.get("HEARTH_NOTIFY_BASE_URL", "")
if HEARTH_NOTIFY_API_KEY:
    EMAIL_BACKEND = "hearth.notifications.notify.NotifyEmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("HEARTH_EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("HEARTH_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("HEARTH_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("HEARTH_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("HEARTH_EMAIL_TLS", False)
    EMAIL_TIMEOUT = 30

# Letters are made into PDFs by LibreOffice, headless (ADR 24): its program, if not `soffice` on the PATH.
HEARTH_SOFFICE = os.environ.get("HEARTH_SOFFICE", "soffice")

# Hearth's today (ADR 14): unset, the real date; a demo or a test may pin it (YYYY-MM-DD). Production refuses it.
HEARTH_TODAY = parse_today(os.environ.get("HEARTH_TODAY"))

# The council running Hearth (the demo council's values; a real council sets its own).
HEARTH_COUNCIL_NAME = os.environ.get("HEARTH_COUNCIL_NAME", "Northmoor Borough Council")
HEARTH_LA_NUMBER = int(os.environ.get("HEARTH_LA_NUMBER", "931"))
# Ofsted's Annex A covers the months before the day it is made on, as the inspection's guidance sets (ADR 32).
HEARTH_ANNEX_A_MONTHS = int(os.environ.get("HEARTH_ANNEX_A_MONTHS", "12"))
# The performance pages read the indicators as last counted; a page finding the count older than this recounts (ADR 34).
HEARTH_INDICATORS_STALE_MINUTES = int(os.environ.get("HEARTH_INDICATORS_STALE_MINUTES", "60"))

# Logs (ADR 36): one JSON object a line by default, for the council's log collector; HEARTH_LOG_FORMAT=text for
# plain lines (the demo's default). The web server's access log uses the same format (config/gunicorn.py).
HEARTH_LOG_FORMAT = os.environ.get("HEARTH_LOG_FORMAT", "json").strip().lower()
HEARTH_LOG_LEVEL = os.environ.get("HEARTH_LOG_LEVEL", "INFO").strip().upper()
LOGGING = logging_config(HEARTH_LOG_FORMAT, HEARTH_LOG_LEVEL)
