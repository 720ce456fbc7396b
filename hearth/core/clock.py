"""Hearth's one "today" (ADR 14).

Every date-dependent piece of Hearth (what is overdue, the worklists, the forms' default dates, the returns' latest
complete year, the demo council's histories) asks this module, never the machine's clock. In production today is
the real date in the council's time zone. A demo or a test may pin it with the `HEARTH_TODAY` setting (read from
the environment as YYYY-MM-DD; refused in production settings), so the suite and the demo council behave the same
on any date: 31 March, a bank holiday, 29 February.

While today is pinned, `now()` is the real moment moved by whole days to the pinned date (the days between them
fixed when the pinned date is first read), so times run on as they do (a 24-hour emergency access still expires,
timestamps stay in order across midnight) and every timestamp Hearth writes on the pinned day agrees with the date
it writes beside it. `today()` stays the pinned date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

SETTING = "HEARTH_TODAY"
_FORMAT_HELP = "a date written YYYY-MM-DD, such as 2025-03-31"


def parse_today(value: str | None) -> date | None:
    """Read `HEARTH_TODAY` from the environment: unset or empty means the real date; anything else must be a date."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{SETTING} must be {_FORMAT_HELP}; it is {value!r}.") from None


def pinned_today() -> date | None:
    """The date today is pinned to, or None when Hearth runs on the real date."""
    value = getattr(settings, SETTING, None)
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ImproperlyConfigured(f"{SETTING} must be a date ({_FORMAT_HELP}) or None; it is {value!r}.")
    return value


def today() -> date:
    """Today's date for Hearth: the pinned date if there is one, else the real date in the council's time zone."""
    return pinned_today() or timezone.localdate()  # noqa: TID251 - the one place that reads the machine's date


_SHIFTS: dict[date, timedelta] = {}


def now() -> datetime:
    """The current moment for Hearth (aware): on a pinned day, the real moment moved by the days between the real
    date when the pinned date was first read and the pinned date."""
    moment = timezone.localtime()  # noqa: TID251 - the one place that reads the machine's clock
    pinned = pinned_today()
    if pinned is None:
        return moment
    shift = _SHIFTS.setdefault(pinned, pinned - moment.date())
    return moment + shift


def latest_complete_collection_year(on: date) -> int:
    """The last collection year (1 April to 31 March, named by the year it ends) wholly before `on`."""
    return on.year if on >= date(on.year, 4, 1) else on.year - 1


def current_collection_year(on: date) -> int:
    """The collection year `on` falls in, named by the year it ends."""
    return on.year + 1 if on >= date(on.year, 4, 1) else on.year
