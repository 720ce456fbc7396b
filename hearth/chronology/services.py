"""Manual chronology entries: history from before the system, recorded as key events."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core.audit import audit_change
from hearth.core.events import event_record
from hearth.core.models import Event
from hearth.organisation.models import StaffUser
from hearth.people.models import Person


def chronology_add_entry(*, child: Person, occurred_on: date | None, text: str, by: StaffUser) -> Event:
    errors: dict[str, str] = {}
    if occurred_on is None:
        errors["occurred_on"] = "Enter the date it happened."
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = "The date it happened must be today or in the past."
    elif child.date_of_birth and occurred_on < child.date_of_birth - timedelta(days=366):
        errors["occurred_on"] = "The date is more than a year before the child was born: check it."
    if not text.strip():
        errors["text"] = "Enter what happened."
    elif len(text) > 280:
        errors["text"] = "Keep the entry to 280 characters; put detail in a case note."
    if errors:
        raise ValidationError(errors)
    assert occurred_on is not None
    with transaction.atomic():
        event = event_record(
            child_id=child.pk,
            type="history.recorded",
            occurred_on=occurred_on,
            recorded_by=by,
            payload={"text": text.strip()},
        )
        audit_change(user=by, instance=event, action="create", before=None, child_id=child.pk)
    return event
