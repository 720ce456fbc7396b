"""Production: everything from the environment, secure cookies, DEBUG off, the real date."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES, env_flag, read_secret_key

SECRET_KEY = read_secret_key()

if os.environ.get("HEARTH_TODAY", "").strip():
    raise ImproperlyConfigured(
        "HEARTH_TODAY pins Hearth's date for demos and tests; production must run on the real date. Unset HEARTH_TODAY."
    )
HEARTH_TODAY = None

# Static files (ADR 36): `hearth collectstatic` copies them into STATIC_ROOT (HEARTH_VAR_DIR/staticfiles) with a hash
# of their content in each name, compressed beside them; WhiteNoise serves them from there with a year's caching.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
WHITENOISE_USE_FINDERS = False

# Behind the council's TLS proxy (README, "Running Hearth for a council"): a request is secure when the proxy says
# it came in over https. The proxy must set X-Forwarded-Proto itself, replacing any a client sent.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Headers a security scan expects (ADR 38). HSTS tells browsers to use https only, for HEARTH_HSTS_SECONDS (a year by
# default), subdomains included; Django sends it on https responses (behind a proxy, SECURE_PROXY_SSL_HEADER says
# which requests came in over https). X-Frame-Options, the Content-Security-Policy, nosniff, the Referrer-Policy,
# Cross-Origin-Opener-Policy and the Permissions-Policy come from base.py for every environment.
SECURE_HSTS_SECONDS = int(os.environ.get("HEARTH_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("HEARTH_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("HEARTH_HSTS_PRELOAD", False)
