"""Working-day calendar for England and Wales, plus calendar-interval helpers.

Statutory timescales in children's social care ("within 15 working days", "within 3 months")
are counted with the conventions below. The module is pure Python (no Django) so it can be
used from models, services, reports and management commands alike.

Sources (see ``/work/shared/reference/timescales.md`` sections 4 and 5):

* Definition of a working day: any day that is not a Saturday, Sunday, Christmas Day,
  Boxing Day, Good Friday or a bank holiday under the Banking and Financial Dealings Act
  1971 -- Children Act 1989 Representations Procedure (England) Regulations 2006
  (SI 2006/1738) reg 2; the same idea in the Care Planning, Placement and Case Review
  (England) Regulations 2010 (SI 2010/959) reg 2.
* Bank holidays: Banking and Financial Dealings Act 1971 Schedule 1 (Easter Monday, last
  Monday in May, last Monday in August, 26 December if not a Sunday, 27 December when 25 or
  26 December is a Sunday), plus days appointed by Royal Proclamation each year (New Year's
  Day since 1974, first Monday in May since 1978, Christmas/Boxing Day substitute days and
  one-off or moved holidays).
* The historical list for 2010-2026 is the England and Wales table in the reference
  (cross-checked against the gov.uk bank-holidays list and the FOIwiki table). Scotland and
  Northern Ireland holidays are deliberately excluded.

Counting convention (reference section 4): for "within N working days of X", day X is day 0
and the due date is the N-th working day *after* X.

Local council closure days (e.g. 24 and 31 December) are not excluded by statute; pass them
explicitly as ``closures`` to build a separate local calendar.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType

__all__ = [
    "ENGLAND_AND_WALES",
    "ENGLAND_AND_WALES_BANK_HOLIDAYS",
    "FIRST_TABLE_YEAR",
    "LAST_TABLE_YEAR",
    "WorkingDayCalendar",
    "add_calendar_months",
    "add_days",
    "add_weeks",
    "bank_holidays",
    "easter_sunday",
    "regular_bank_holidays",
]

# --------------------------------------------------------------------------------------------
# Holiday names (straight apostrophes; wording follows the gov.uk list)
# --------------------------------------------------------------------------------------------

NEW_YEARS_DAY = "New Year's Day"
GOOD_FRIDAY = "Good Friday"
EASTER_MONDAY = "Easter Monday"
EARLY_MAY = "Early May bank holiday"
SPRING = "Spring bank holiday"
SUMMER = "Summer bank holiday"
CHRISTMAS_DAY = "Christmas Day"
BOXING_DAY = "Boxing Day"
SUBSTITUTE_SUFFIX = " (substitute day)"


def _substitute(name: str) -> str:
    return name + SUBSTITUTE_SUFFIX


# --------------------------------------------------------------------------------------------
# Historical table, 2010-2026 (reference section 5), including one-off and moved days
# --------------------------------------------------------------------------------------------

FIRST_TABLE_YEAR = 2010
LAST_TABLE_YEAR = 2026

_TABLE: dict[date, str] = {
    # 2010
    date(2010, 1, 1): NEW_YEARS_DAY,
    date(2010, 4, 2): GOOD_FRIDAY,
    date(2010, 4, 5): EASTER_MONDAY,
    date(2010, 5, 3): EARLY_MAY,
    date(2010, 5, 31): SPRING,
    date(2010, 8, 30): SUMMER,
    date(2010, 12, 27): _substitute(CHRISTMAS_DAY),
    date(2010, 12, 28): _substitute(BOXING_DAY),
    # 2011
    date(2011, 1, 3): _substitute(NEW_YEARS_DAY),
    date(2011, 4, 22): GOOD_FRIDAY,
    date(2011, 4, 25): EASTER_MONDAY,
    date(2011, 4, 29): "Royal Wedding",  # one-off
    date(2011, 5, 2): EARLY_MAY,
    date(2011, 5, 30): SPRING,
    date(2011, 8, 29): SUMMER,
    date(2011, 12, 26): BOXING_DAY,
    date(2011, 12, 27): _substitute(CHRISTMAS_DAY),
    # 2012
    date(2012, 1, 2): _substitute(NEW_YEARS_DAY),
    date(2012, 4, 6): GOOD_FRIDAY,
    date(2012, 4, 9): EASTER_MONDAY,
    date(2012, 5, 7): EARLY_MAY,
    date(2012, 6, 4): SPRING,  # moved from Mon 28 May
    date(2012, 6, 5): "Queen's Diamond Jubilee",  # one-off
    date(2012, 8, 27): SUMMER,
    date(2012, 12, 25): CHRISTMAS_DAY,
    date(2012, 12, 26): BOXING_DAY,
    # 2013
    date(2013, 1, 1): NEW_YEARS_DAY,
    date(2013, 3, 29): GOOD_FRIDAY,
    date(2013, 4, 1): EASTER_MONDAY,
    date(2013, 5, 6): EARLY_MAY,
    date(2013, 5, 27): SPRING,
    date(2013, 8, 26): SUMMER,
    date(2013, 12, 25): CHRISTMAS_DAY,
    date(2013, 12, 26): BOXING_DAY,
    # 2014
    date(2014, 1, 1): NEW_YEARS_DAY,
    date(2014, 4, 18): GOOD_FRIDAY,
    date(2014, 4, 21): EASTER_MONDAY,
    date(2014, 5, 5): EARLY_MAY,
    date(2014, 5, 26): SPRING,
    date(2014, 8, 25): SUMMER,
    date(2014, 12, 25): CHRISTMAS_DAY,
    date(2014, 12, 26): BOXING_DAY,
    # 2015
    date(2015, 1, 1): NEW_YEARS_DAY,
    date(2015, 4, 3): GOOD_FRIDAY,
    date(2015, 4, 6): EASTER_MONDAY,
    date(2015, 5, 4): EARLY_MAY,
    date(2015, 5, 25): SPRING,
    date(2015, 8, 31): SUMMER,
    date(2015, 12, 25): CHRISTMAS_DAY,
    date(2015, 12, 28): _substitute(BOXING_DAY),
    # 2016
    date(2016, 1, 1): NEW_YEARS_DAY,
    date(2016, 3, 25): GOOD_FRIDAY,
    date(2016, 3, 28): EASTER_MONDAY,
    date(2016, 5, 2): EARLY_MAY,
    date(2016, 5, 30): SPRING,
    date(2016, 8, 29): SUMMER,
    date(2016, 12, 26): BOXING_DAY,
    date(2016, 12, 27): _substitute(CHRISTMAS_DAY),
    # 2017
    date(2017, 1, 2): _substitute(NEW_YEARS_DAY),
    date(2017, 4, 14): GOOD_FRIDAY,
    date(2017, 4, 17): EASTER_MONDAY,
    date(2017, 5, 1): EARLY_MAY,
    date(2017, 5, 29): SPRING,
    date(2017, 8, 28): SUMMER,
    date(2017, 12, 25): CHRISTMAS_DAY,
    date(2017, 12, 26): BOXING_DAY,
    # 2018
    date(2018, 1, 1): NEW_YEARS_DAY,
    date(2018, 3, 30): GOOD_FRIDAY,
    date(2018, 4, 2): EASTER_MONDAY,
    date(2018, 5, 7): EARLY_MAY,
    date(2018, 5, 28): SPRING,
    date(2018, 8, 27): SUMMER,
    date(2018, 12, 25): CHRISTMAS_DAY,
    date(2018, 12, 26): BOXING_DAY,
    # 2019
    date(2019, 1, 1): NEW_YEARS_DAY,
    date(2019, 4, 19): GOOD_FRIDAY,
    date(2019, 4, 22): EASTER_MONDAY,
    date(2019, 5, 6): EARLY_MAY,
    date(2019, 5, 27): SPRING,
    date(2019, 8, 26): SUMMER,
    date(2019, 12, 25): CHRISTMAS_DAY,
    date(2019, 12, 26): BOXING_DAY,
    # 2020
    date(2020, 1, 1): NEW_YEARS_DAY,
    date(2020, 4, 10): GOOD_FRIDAY,
    date(2020, 4, 13): EASTER_MONDAY,
    date(2020, 5, 8): "Early May bank holiday (VE Day)",  # moved from Mon 4 May
    date(2020, 5, 25): SPRING,
    date(2020, 8, 31): SUMMER,
    date(2020, 12, 25): CHRISTMAS_DAY,
    date(2020, 12, 28): _substitute(BOXING_DAY),
    # 2021
    date(2021, 1, 1): NEW_YEARS_DAY,
    date(2021, 4, 2): GOOD_FRIDAY,
    date(2021, 4, 5): EASTER_MONDAY,
    date(2021, 5, 3): EARLY_MAY,
    date(2021, 5, 31): SPRING,
    date(2021, 8, 30): SUMMER,
    date(2021, 12, 27): _substitute(CHRISTMAS_DAY),
    date(2021, 12, 28): _substitute(BOXING_DAY),
    # 2022
    date(2022, 1, 3): _substitute(NEW_YEARS_DAY),
    date(2022, 4, 15): GOOD_FRIDAY,
    date(2022, 4, 18): EASTER_MONDAY,
    date(2022, 5, 2): EARLY_MAY,
    date(2022, 6, 2): SPRING,  # moved from Mon 30 May
    date(2022, 6, 3): "Queen's Platinum Jubilee",  # one-off
    date(2022, 8, 29): SUMMER,
    date(2022, 9, 19): "State Funeral of Queen Elizabeth II",  # one-off
    date(2022, 12, 26): BOXING_DAY,
    date(2022, 12, 27): _substitute(CHRISTMAS_DAY),
    # 2023
    date(2023, 1, 2): _substitute(NEW_YEARS_DAY),
    date(2023, 4, 7): GOOD_FRIDAY,
    date(2023, 4, 10): EASTER_MONDAY,
    date(2023, 5, 1): EARLY_MAY,
    date(2023, 5, 8): "Coronation of King Charles III",  # one-off
    date(2023, 5, 29): SPRING,
    date(2023, 8, 28): SUMMER,
    date(2023, 12, 25): CHRISTMAS_DAY,
    date(2023, 12, 26): BOXING_DAY,
    # 2024
    date(2024, 1, 1): NEW_YEARS_DAY,
    date(2024, 3, 29): GOOD_FRIDAY,
    date(2024, 4, 1): EASTER_MONDAY,
    date(2024, 5, 6): EARLY_MAY,
    date(2024, 5, 27): SPRING,
    date(2024, 8, 26): SUMMER,
    date(2024, 12, 25): CHRISTMAS_DAY,
    date(2024, 12, 26): BOXING_DAY,
    # 2025
    date(2025, 1, 1): NEW_YEARS_DAY,
    date(2025, 4, 18): GOOD_FRIDAY,
    date(2025, 4, 21): EASTER_MONDAY,
    date(2025, 5, 5): EARLY_MAY,
    date(2025, 5, 26): SPRING,
    date(2025, 8, 25): SUMMER,
    date(2025, 12, 25): CHRISTMAS_DAY,
    date(2025, 12, 26): BOXING_DAY,
    # 2026 (announced; reference asks to confirm against gov.uk)
    date(2026, 1, 1): NEW_YEARS_DAY,
    date(2026, 4, 3): GOOD_FRIDAY,
    date(2026, 4, 6): EASTER_MONDAY,
    date(2026, 5, 4): EARLY_MAY,
    date(2026, 5, 25): SPRING,
    date(2026, 8, 31): SUMMER,
    date(2026, 12, 25): CHRISTMAS_DAY,
    date(2026, 12, 28): _substitute(BOXING_DAY),
}

ENGLAND_AND_WALES_BANK_HOLIDAYS: Mapping[date, str] = MappingProxyType(_TABLE)
"""Every England and Wales bank holiday 2010-2026, as recorded (read-only)."""


# --------------------------------------------------------------------------------------------
# Rule-based generator (years outside the table)
# --------------------------------------------------------------------------------------------

NEW_YEARS_DAY_FROM = 1974  # New Year's Day a bank holiday by proclamation since 1974
EARLY_MAY_FROM = 1978  # first Monday in May a bank holiday since 1978

_MONDAY = 0
_SATURDAY = 5


def _is_weekend(d: date) -> bool:
    return d.weekday() >= _SATURDAY


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (anonymous Gregorian / Meeus-Jones-Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(_MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year, month, _stdlib_calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - _MONDAY) % 7)


def _next_weekday_not_in(d: date, taken: Mapping[date, str]) -> date:
    while _is_weekend(d) or d in taken:
        d += timedelta(days=1)
    return d


def _new_year(year: int) -> dict[date, str]:
    new_year = date(year, 1, 1)
    if not _is_weekend(new_year):
        return {new_year: NEW_YEARS_DAY}
    return {_next_weekday_not_in(new_year, {}): _substitute(NEW_YEARS_DAY)}


def _christmas(year: int) -> dict[date, str]:
    """Christmas Day and Boxing Day with weekend substitutes.

    A weekday 26 December is always Boxing Day itself, so when Christmas falls on a Sunday
    the Christmas substitute is 27 December (BFDA 1971 Sch 1; gov.uk naming).
    """
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    days: dict[date, str] = {}
    if not _is_weekend(boxing):
        days[boxing] = BOXING_DAY
    observed = _next_weekday_not_in(christmas, days)
    days[observed] = CHRISTMAS_DAY if observed == christmas else _substitute(CHRISTMAS_DAY)
    if boxing not in days:
        days[_next_weekday_not_in(boxing, days)] = _substitute(BOXING_DAY)
    return days


def regular_bank_holidays(year: int) -> dict[date, str]:
    """England and Wales bank holidays for ``year`` from the standing rules only.

    One-off and moved holidays (royal events, VE Day) are not predictable and are not
    generated; for 2010-2026 use :func:`bank_holidays`, which returns the recorded table.
    New Year's Day is included from 1974 and the early May holiday from 1978; earlier
    one-offs (e.g. 1995, 1999, 2002) are not modelled.
    """
    easter = easter_sunday(year)
    days: dict[date, str] = {}
    if year >= NEW_YEARS_DAY_FROM:
        days.update(_new_year(year))
    days[easter - timedelta(days=2)] = GOOD_FRIDAY
    days[easter + timedelta(days=1)] = EASTER_MONDAY
    if year >= EARLY_MAY_FROM:
        days[_first_monday(year, 5)] = EARLY_MAY
    days[_last_monday(year, 5)] = SPRING
    days[_last_monday(year, 8)] = SUMMER
    days.update(_christmas(year))
    return dict(sorted(days.items()))


@functools.cache
def _holidays_for_year(year: int) -> Mapping[date, str]:
    if FIRST_TABLE_YEAR <= year <= LAST_TABLE_YEAR:
        recorded = {d: name for d, name in _TABLE.items() if d.year == year}
        return MappingProxyType(recorded)
    return MappingProxyType(regular_bank_holidays(year))


def bank_holidays(year: int) -> dict[date, str]:
    """Bank holidays for ``year``: the recorded table for 2010-2026, otherwise the rules."""
    return dict(_holidays_for_year(year))


# --------------------------------------------------------------------------------------------
# Calendar-interval helpers
# --------------------------------------------------------------------------------------------


def _require_date(d: date) -> date:
    """Reject ``datetime``: it compares unequal to every ``date``, so holidays would be missed."""
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError(f"expected a datetime.date, got {type(d).__name__}")
    return d


def add_days(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar days (``n`` may be negative)."""
    return _require_date(d) + timedelta(days=n)


def add_weeks(d: date, n: int) -> date:
    """``d`` plus ``n`` weeks of 7 calendar days (``n`` may be negative)."""
    return _require_date(d) + timedelta(weeks=n)


def add_calendar_months(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar months, clamped to the end of a shorter month.

    31 Aug + 6 months = 28 Feb (29 Feb in a leap year); 31 Jan + 1 month = 28/29 Feb.
    """
    _require_date(d)
    year, month_index = divmod(d.year * 12 + (d.month - 1) + n, 12)
    month = month_index + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


# --------------------------------------------------------------------------------------------
# Working-day calendar
# --------------------------------------------------------------------------------------------


def _weekdays_through(d: date) -> int:
    """Number of Monday-Friday dates from 1 Jan 0001 (a Monday) up to and including ``d``."""
    weeks, extra = divmod(d.toordinal(), 7)
    return weeks * 5 + min(extra, 5)


def _step(n: int) -> timedelta:
    return timedelta(days=1 if n > 0 else -1)


@dataclass(frozen=True)
class WorkingDayCalendar:
    """England and Wales working days, optionally also skipping local ``closures``.

    A working day is a Monday-Friday that is not a bank holiday (including Good Friday and
    Christmas Day) and not one of the configured closure days.
    """

    closures: frozenset[date] = field(default_factory=frozenset)
    # Answers already worked out: the same question recurs millions of times when histories are replayed.
    _added: dict[tuple[date, int], date] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for closure in self.closures:
            _require_date(closure)
        object.__setattr__(self, "closures", frozenset(self.closures))  # accept any set of dates

    def is_bank_holiday(self, d: date) -> bool:
        """True if ``d`` is an England and Wales bank holiday (closures not included)."""
        return _require_date(d) in _holidays_for_year(d.year)

    def holiday_name(self, d: date) -> str | None:
        """Name of the bank holiday on ``d``, or ``None`` (closure days have no name)."""
        return _holidays_for_year(_require_date(d).year).get(d)

    def is_working_day(self, d: date) -> bool:
        """True unless ``d`` is a Saturday, Sunday, bank holiday or configured closure day."""
        return not (_is_weekend(d) or self.is_bank_holiday(d) or d in self.closures)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is day 0).

        ``n == 0`` returns ``start`` unchanged, even if it is not a working day; a negative
        ``n`` gives the ``|n|``-th working day before ``start``. Runs in O(|n|) days.
        """
        _require_date(start)
        known = self._added.get((start, n))
        if known is not None:
            return known
        step, remaining, current = _step(n), abs(n), start
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        self._added[(start, n)] = current
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days ``d`` with ``start < d <= end``; negative if ``end < start``.

        Antisymmetric: ``working_days_between(a, b) == -working_days_between(b, a)``. So
        ``add_working_days(s, k) == e`` implies ``working_days_between(s, e) == k`` when ``k > 0``
        (``e`` is then a working day) and when ``k < 0`` if ``s`` is a working day.
        """
        _require_date(start)
        _require_date(end)
        if end < start:
            return -self.working_days_between(end, start)
        weekdays = _weekdays_through(end) - _weekdays_through(start)
        return weekdays - sum(1 for _ in self._non_working_weekdays(start, end))

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.add_working_days(d, 1)

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        return self.add_working_days(d, -1)

    def _non_working_weekdays(self, start: date, end: date) -> Iterator[date]:
        """Weekday bank holidays and closure days ``d`` with ``start < d <= end`` (no repeats)."""
        non_working: set[date] = set(self.closures)
        for year in range(start.year, end.year + 1):
            non_working.update(_holidays_for_year(year))
        return (d for d in non_working if start < d <= end and not _is_weekend(d))


ENGLAND_AND_WALES = WorkingDayCalendar()
"""Statutory England and Wales working days (no local closures)."""
