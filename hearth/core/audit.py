"""The audit trail: every change (before and after) and every read of a child's record."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connection, models

from hearth.core import clock
from hearth.core.changes import child_changed
from hearth.core.models import AccessLog, ChangeLog

if TYPE_CHECKING:
    from hearth.organisation.models import StaffUser


M = TypeVar("M", bound=models.Model)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The stored values of a record, as JSON-safe data, for the before/after of a change."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, date | datetime | time | Decimal):
            value = str(value)
        values[field.attname] = value
    return values


def audit_change(
    *,
    user: StaffUser | None,
    instance: models.Model,
    action: str,
    before: dict[str, Any] | None,
    child_id: int | None,
) -> ChangeLog:
    after = snapshot(instance) if action != "delete" else None
    if before is not None and after is not None:
        changed = {key for key in after if before.get(key) != after.get(key)}
        before = {key: before[key] for key in changed if key in before}
        after = {key: after[key] for key in changed}
    logged = ChangeLog.objects.create(
        user=user,
        at=clock.now(),
        child_id=child_id,
        model=instance._meta.label_lower,
        object_id=instance.pk,
        action=action,
        before=before,
        after=after,
    )
    if child_id is not None:
        child_changed(child_id)
    return logged


READ_LOG_INSERT = (
    "INSERT INTO core_accesslog (user_id, child_id, action, at, path, reason) VALUES (%s, %s, %s, %s, %s, %s)"
)


def audit_read(*, user: StaffUser, child_id: int, action: str, path: str = "", reason: str = "") -> None:
    """Log one read. Every page view of a child comes through here, so it is one plain INSERT."""
    at = connection.ops.adapt_datetimefield_value(clock.now())
    with connection.cursor() as cursor:
        cursor.execute(READ_LOG_INSERT, [user.pk, child_id, action, at, path[:300], reason[:500]])


def audit_reads(*, user: StaffUser, child_ids: list[int], action: str, path: str = "") -> None:
    """One read row per child, written in bulk (an export or a printed list)."""
    now = clock.now()
    AccessLog.objects.bulk_create(
        [
            AccessLog(user=user, child_id=child_id, action=action, at=now, path=path[:300])
            for child_id in child_ids
        ],
        batch_size=5000,
    )


def audited_update(
    instance: models.Model, *, by: StaffUser | None, child_id: int | None, **values: Any
) -> models.Model:
    """Set fields on a record, save just those, and log the change (inside the caller's transaction)."""
    before = snapshot(instance)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save(update_fields=list(values))
    audit_change(user=by, instance=instance, action="update", before=before, child_id=child_id)
    return instance


def locked_fresh(instance: M) -> M:
    """Lock the record's row for the caller's transaction and re-read it, so a second person deciding at the same
    moment sees the first's decision (the caller's object is refreshed in place and returned)."""
    list(type(instance)._default_manager.select_for_update().filter(pk=instance.pk).values_list("pk"))
    instance.refresh_from_db()
    return instance
