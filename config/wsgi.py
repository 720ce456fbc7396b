"""The WSGI application, made ready to serve before gunicorn forks its workers (config/gunicorn.py loads it once in
its master: preload_app).

Django imports the URLconf, and with it every view and what the views import (the PDF and spreadsheet libraries
among them), on the first request a process serves, and compiles each template the first time it is rendered: about
0.7 s of CPU in every new worker, on the request that happened to reach it first, and again each time gunicorn
replaces a worker (max_requests). Done here once, every worker starts with them in memory (ADR 42).
"""

import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()


def warm() -> int:
    """Import the URLconf (every view), build its reverse lookups, and compile every template of Hearth's apps into
    the cached template loader; the number of templates compiled. Touches no database."""
    from django.apps import apps
    from django.template import engines
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports the URLconf and every view
    resolver.reverse_dict  # noqa: B018 - the patterns every {% url %} and reverse() looks up
    engine = engines["django"]
    compiled = 0
    for config in apps.get_app_configs():
        if not config.name.startswith("hearth."):
            continue
        folder = Path(config.path) / "templates"
        for path in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
            engine.get_template(path.relative_to(folder).as_posix())
            compiled += 1
    return compiled


if os.environ.get("HEARTH_WARM", "1") != "0":
    warm()
