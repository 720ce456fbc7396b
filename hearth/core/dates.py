"""Dates as people read them on Hearth's pages: "7 Mar 2025" (GOV.UK style, no leading zero)."""

from __future__ import annotations

from datetime import date
from typing import Any

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def long_date(day: date) -> str:
    """The same text as the template filter date:"j M Y", without its cost on pages with many dates."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def as_date(value: Any) -> date:
    """A date read by plain SQL: SQLite hands back dates as ISO text, PostgreSQL as dates."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def as_optional_date(value: Any) -> date | None:
    return None if value is None else as_date(value)
