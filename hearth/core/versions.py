"""No lost update: one mechanism for every record two people can edit (issue 13, part 7).

A versioned record carries `version`, which goes up with every save. A form carries the version it was opened at;
the service locks the row, re-reads it and refuses the save if the version has moved on, saying so on the field
`version` (a page shows what is saved now beside the person's own text). Drafts that save as a person types are
rows of their own and never change the record's version; only submitting checks it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F

from hearth.core.audit import locked_fresh

STALE = (
    "Someone else changed this {what} while you were editing it. Nothing of yours was saved: see what they "
    "saved, then make your change again."
)


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, db_default=1)  # bulk writes (the demo) start at 1 too

    class Meta:
        abstract = True


V = TypeVar("V", bound=models.Model)


def version_check(
    instance: models.Model, version: int | None, *, what: str, field: str = "version", message: str = ""
) -> None:
    """Refuse (on `field`) if the record, locked and re-read, is no longer at `version`: the version the person's
    form was opened at."""
    if getattr(instance, "version", None) != version:
        raise ValidationError({field: message or STALE.format(what=what)})


def locked_at_version(instance: V, version: int | None, *, what: str) -> V:
    """Lock the record's row for the caller's transaction, re-read it and check it is still at `version`."""
    locked_fresh(instance)
    version_check(instance, version, what=what)
    return instance


def save_new_version(instance: models.Model, fields: list[str]) -> None:
    """Save the changed fields and the next version (inside the caller's transaction, after locked_at_version)."""
    instance.version = F("version") + 1  # type: ignore[attr-defined]
    instance.save(update_fields=[*fields, "version"])
    instance.refresh_from_db(fields=["version"])


def is_stale(error: ValidationError) -> bool:
    """Whether a service refused a save because the record moved on (the page then shows what is saved now)."""
    return hasattr(error, "error_dict") and "version" in error.error_dict


def offer_saved_version(form: Any, instance: models.Model) -> None:
    """After a stale refusal the person sees their own text again with what is saved now: the form now carries the
    saved version, so saving again, having read the other person's change, goes through."""
    data = form.data.copy()
    data["version"] = str(getattr(instance, "version", ""))
    form.data = data
