"""Manual chronology entries: history from before the system, recorded as key events."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import policy
from hearth.core.audit import audit_change
from hearth.core.events import event_record
from hearth.core.models import Event
from hearth.core.validation import past_date_problem
from hearth.organisation.models import StaffUser
from hearth.people.models import Person


def chronology_add_entry(*, child: Person, occurred_on: date | None, text: str, by: StaffUser) -> Event:
    policy.require(by, "child.record_work", child)
    errors: dict[str, str] = {}
    if problem := past_date_problem(occurred_on, "the date it happened"):
        errors["occurred_on"] = problem
    elif occurred_on and child.date_of_birth and occurred_on < child.date_of_birth - timedelta(days=366):
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
