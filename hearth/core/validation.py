"""Messages for bad input that many forms share, worded once."""

from __future__ import annotations

from datetime import date

from hearth.core import clock
from hearth.core.dates import long_date


def past_date_problem(value: date | None, what: str) -> str | None:
    """Why a date that must have happened is not acceptable ("Enter {what}." / "{What} must be today or in the
    past."), or None when it is fine."""
    if value is None:
        return f"Enter {what}."
    if value > clock.today():
        return f"{what[0].upper()}{what[1:]} must be today or in the past."
    return None


def lived_date_problem(value: date | None, what: str, born_on: date | None) -> str | None:
    """As `past_date_problem`, and not before the person was born (when their date of birth is known)."""
    if problem := past_date_problem(value, what):
        return problem
    assert value is not None
    if born_on is not None and value < born_on:
        return f"{what[0].upper()}{what[1:]} must be on or after the child's date of birth ({long_date(born_on)})."
    return None
