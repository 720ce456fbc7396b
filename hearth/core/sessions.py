"""Django's database sessions, read by one fixed statement (hearth.core.rows) rather than a query built per request.

`SESSION_ENGINE = "hearth.core.sessions"`: the same table, the same expiry and the same behaviour as
`django.contrib.sessions.backends.db`; only the read each request makes is cheaper.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import connections, router
from django.utils import timezone

from hearth.core.rows import one


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> AbstractBaseSession | None:
        key = self.session_key
        found = None
        if key:
            ops = connections[router.db_for_read(self.model)].ops
            now = ops.adapt_datetimefield_value(timezone.now())  # noqa: TID251 - sessions expire on the real clock
            found = one(self.model, "session_key = %s AND expire_date > %s", [key, now])
        if found is None:
            self._session_key = None
        return found
