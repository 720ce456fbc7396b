"""Messages for bad input that many forms share, worded once."""

from __future__ import annotations

from datetime import date

from hearth.core import clock


def past_date_problem(value: date | None, what: str) -> str | None:
    """Why a date that must have happened is not acceptable ("Enter {what}." / "{What} must be today or in the
    past."), or None when it is fine."""
    if value is None:
        return f"Enter {what}."
    if value > clock.today():
        return f"{what[0].upper()}{what[1:]} must be today or in the past."
    return None
