"""Tests for hearth.core.calendar (England and Wales working days, interval helpers)."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, timedelta

import pytest

from hearth.core.calendar import (
    ENGLAND_AND_WALES,
    ENGLAND_AND_WALES_BANK_HOLIDAYS,
    FIRST_TABLE_YEAR,
    LAST_TABLE_YEAR,
    WorkingDayCalendar,
    add_calendar_months,
    add_days,
    add_weeks,
    bank_holidays,
    easter_sunday,
    regular_bank_holidays,
)

CAL = ENGLAND_AND_WALES
TABLE_YEARS = range(FIRST_TABLE_YEAR, LAST_TABLE_YEAR + 1)
XMAS_SUB = "Christmas Day (substitute day)"
BOXING_SUB = "Boxing Day (substitute day)"

# --------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------

# Counted by hand from reference section 5.
EXPECTED_COUNTS = {
    2010: 8,
    2011: 9,  # + Royal Wedding
    2012: 9,  # Spring BH moved + Diamond Jubilee
    2013: 8,
    2014: 8,
    2015: 8,
    2016: 8,
    2017: 8,
    2018: 8,
    2019: 8,
    2020: 8,  # Early May moved, count unchanged
    2021: 8,
    2022: 10,  # Spring BH moved + Platinum Jubilee + State Funeral
    2023: 9,  # + Coronation
    2024: 8,
    2025: 8,
    2026: 8,
}


@pytest.mark.parametrize(("year", "count"), sorted(EXPECTED_COUNTS.items()))
def test_holiday_count_per_table_year(year: int, count: int) -> None:
    assert len(bank_holidays(year)) == count


def test_table_covers_exactly_2010_to_2026() -> None:
    assert {d.year for d in ENGLAND_AND_WALES_BANK_HOLIDAYS} == set(TABLE_YEARS)
    assert len(ENGLAND_AND_WALES_BANK_HOLIDAYS) == sum(EXPECTED_COUNTS.values()) == 141


def test_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        ENGLAND_AND_WALES_BANK_HOLIDAYS[date(2030, 1, 1)] = "x"  # type: ignore[index]


@pytest.mark.parametrize("holiday", sorted(ENGLAND_AND_WALES_BANK_HOLIDAYS))
def test_no_table_date_falls_on_a_weekend(holiday: date) -> None:
    assert holiday.weekday() < 5


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2010, 1, 1), "New Year's Day"),
        (date(2011, 1, 3), "New Year's Day (substitute day)"),
        (date(2012, 4, 6), "Good Friday"),
        (date(2012, 4, 9), "Easter Monday"),
        (date(2013, 5, 6), "Early May bank holiday"),
        (date(2013, 5, 27), "Spring bank holiday"),
        (date(2013, 8, 26), "Summer bank holiday"),
        (date(2024, 12, 25), "Christmas Day"),
        (date(2024, 12, 26), "Boxing Day"),
        (date(2010, 12, 27), XMAS_SUB),
        (date(2010, 12, 28), BOXING_SUB),
        (date(2011, 4, 29), "Royal Wedding"),
        (date(2012, 6, 4), "Spring bank holiday"),
        (date(2012, 6, 5), "Queen's Diamond Jubilee"),
        (date(2020, 5, 8), "Early May bank holiday (VE Day)"),
        (date(2022, 6, 2), "Spring bank holiday"),
        (date(2022, 6, 3), "Queen's Platinum Jubilee"),
        (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (date(2023, 5, 8), "Coronation of King Charles III"),
    ],
)
def test_holiday_names(day: date, name: str) -> None:
    assert ENGLAND_AND_WALES_BANK_HOLIDAYS[day] == name
    assert CAL.holiday_name(day) == name
    assert CAL.is_bank_holiday(day)


@pytest.mark.parametrize("day", [date(2024, 12, 24), date(2024, 12, 28), date(2027, 6, 1)])
def test_holiday_name_none_on_ordinary_days(day: date) -> None:
    assert CAL.holiday_name(day) is None
    assert not CAL.is_bank_holiday(day)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # Christmas Sat / Boxing Sun -> Mon 27 (Christmas sub), Tue 28 (Boxing sub)
        (2010, {date(2010, 12, 27): XMAS_SUB, date(2010, 12, 28): BOXING_SUB}),
        (2021, {date(2021, 12, 27): XMAS_SUB, date(2021, 12, 28): BOXING_SUB}),
        # Christmas Fri / Boxing Sat -> Mon 28 (Boxing sub)
        (2015, {date(2015, 12, 25): "Christmas Day", date(2015, 12, 28): BOXING_SUB}),
        (2020, {date(2020, 12, 25): "Christmas Day", date(2020, 12, 28): BOXING_SUB}),
        (2026, {date(2026, 12, 25): "Christmas Day", date(2026, 12, 28): BOXING_SUB}),
        # Christmas Sun / Boxing Mon -> Mon 26 Boxing, Tue 27 (Christmas sub)
        (2016, {date(2016, 12, 26): "Boxing Day", date(2016, 12, 27): XMAS_SUB}),
        (2022, {date(2022, 12, 26): "Boxing Day", date(2022, 12, 27): XMAS_SUB}),
    ],
)
def test_christmas_substitute_days(year: int, expected: dict[date, str]) -> None:
    december = {d: n for d, n in bank_holidays(year).items() if d.month == 12}
    assert december == expected
    generated = {d: n for d, n in regular_bank_holidays(year).items() if d.month == 12}
    assert generated == expected
    for day in expected:
        assert not CAL.is_working_day(day)


@pytest.mark.parametrize(
    "year",
    [y for y in range(2005, 2040) if date(y, 12, 25).weekday() >= 5 or date(y, 12, 26).weekday() >= 5],
)
def test_christmas_weekend_gives_two_weekday_holidays_in_27_28(year: int) -> None:
    december = [d for d in regular_bank_holidays(year) if d.month == 12]
    assert len(december) == 2
    assert all(d.weekday() < 5 for d in december)
    assert all(25 <= d.day <= 28 for d in december)


# --------------------------------------------------------------------------------------------
# Generator versus table
# --------------------------------------------------------------------------------------------

# Table dates the standing rules cannot produce (one-offs and moved-to dates).
ONE_OFF_OR_MOVED_TO: dict[int, set[date]] = {
    2011: {date(2011, 4, 29)},  # Royal Wedding
    2012: {date(2012, 6, 4), date(2012, 6, 5)},  # Spring BH moved; Diamond Jubilee
    2020: {date(2020, 5, 8)},  # Early May BH moved to VE Day
    2022: {date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)},  # Spring moved; Jubilee; funeral
    2023: {date(2023, 5, 8)},  # Coronation
}

# Rule dates that were not holidays because the holiday was moved.
MOVED_FROM: dict[int, set[date]] = {
    2012: {date(2012, 5, 28)},  # Spring BH -> 4 Jun
    2020: {date(2020, 5, 4)},  # Early May BH -> 8 May
    2022: {date(2022, 5, 30)},  # Spring BH -> 2 Jun
}


@pytest.mark.parametrize("year", TABLE_YEARS)
def test_generator_agrees_with_table_except_known_one_offs(year: int) -> None:
    table = bank_holidays(year)
    generated = regular_bank_holidays(year)
    assert set(table) - set(generated) == ONE_OFF_OR_MOVED_TO.get(year, set())
    assert set(generated) - set(table) == MOVED_FROM.get(year, set())
    for day in set(table) & set(generated):
        assert table[day] == generated[day], day


def test_generated_2027() -> None:
    assert date(2027, 12, 25).weekday() == 5  # Saturday
    assert bank_holidays(2027) == {
        date(2027, 1, 1): "New Year's Day",
        date(2027, 3, 26): "Good Friday",
        date(2027, 3, 29): "Easter Monday",
        date(2027, 5, 3): "Early May bank holiday",
        date(2027, 5, 31): "Spring bank holiday",
        date(2027, 8, 30): "Summer bank holiday",
        date(2027, 12, 27): XMAS_SUB,
        date(2027, 12, 28): BOXING_SUB,
    }
    assert date(2027, 1, 1).weekday() == 4  # Friday


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2028, date(2028, 1, 3)),  # 1 Jan 2028 is a Saturday
        (2034, date(2034, 1, 2)),  # 1 Jan 2034 is a Sunday
    ],
)
def test_generated_new_year_substitute(year: int, expected: date) -> None:
    assert bank_holidays(year)[expected] == "New Year's Day (substitute day)"
    assert date(year, 1, 1) not in bank_holidays(year)


@pytest.mark.parametrize("year", range(2027, 2100))
def test_generated_years_have_eight_weekday_holidays(year: int) -> None:
    holidays = bank_holidays(year)
    assert len(holidays) == 8
    assert all(d.weekday() < 5 and d.year == year for d in holidays)


def test_generator_before_table_and_historic_rule_start_years() -> None:
    assert bank_holidays(2009) == regular_bank_holidays(2009)
    assert date(2009, 12, 28) in bank_holidays(2009)  # Boxing Day Sat -> Mon 28
    assert not any(d.month == 1 for d in regular_bank_holidays(1973))  # New Year's Day from 1974
    assert date(1974, 1, 1) in regular_bank_holidays(1974)
    assert len([d for d in regular_bank_holidays(1977) if d.month == 5]) == 1  # only Spring BH
    assert date(1978, 5, 1) in regular_bank_holidays(1978)  # first early May holiday


def test_bank_holidays_returns_a_copy() -> None:
    holidays = bank_holidays(2024)
    holidays.clear()
    assert len(bank_holidays(2024)) == 8


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1961, date(1961, 4, 2)),
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),  # early
        (2011, date(2011, 4, 24)),  # late
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),  # latest possible
        (2285, date(2285, 3, 22)),  # earliest possible
    ],
)
def test_easter_sunday(year: int, expected: date) -> None:
    assert easter_sunday(year) == expected
    assert expected.weekday() == 6


@pytest.mark.parametrize("year", TABLE_YEARS)
def test_easter_matches_table(year: int) -> None:
    easter = easter_sunday(year)
    assert bank_holidays(year)[easter - timedelta(days=2)] == "Good Friday"
    assert bank_holidays(year)[easter + timedelta(days=1)] == "Easter Monday"


# --------------------------------------------------------------------------------------------
# is_working_day
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 6, 3), True),  # Monday
        (date(2024, 6, 7), True),  # Friday
        (date(2024, 6, 8), False),  # Saturday
        (date(2024, 6, 9), False),  # Sunday
        (date(2024, 3, 29), False),  # Good Friday
        (date(2024, 12, 24), True),  # Christmas Eve is not a statutory holiday
        (date(2024, 12, 31), True),  # nor New Year's Eve
        (date(2010, 12, 25), False),  # Saturday Christmas
        (date(2010, 12, 27), False),  # its substitute
        (date(2011, 4, 29), False),  # Royal Wedding
        (date(2012, 5, 28), True),  # the Spring BH that was moved away
        (date(2020, 5, 4), True),  # the Early May BH that was moved away
        (date(2022, 5, 30), True),  # the Spring BH that was moved away
        (date(2022, 9, 19), False),  # State Funeral
        (date(2023, 5, 8), False),  # Coronation
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


# --------------------------------------------------------------------------------------------
# add_working_days: worked examples and edges
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Reference section 4 worked examples
        (date(2012, 5, 31), 15, date(2012, 6, 25)),  # strategy discussion -> ICPC
        (date(2024, 12, 20), 45, date(2025, 2, 26)),  # referral -> single assessment
        (date(2024, 12, 20), 15, date(2025, 1, 15)),  # strategy discussion -> ICPC
        # Simple weekday arithmetic
        (date(2024, 6, 3), 1, date(2024, 6, 4)),  # Mon + 1 -> Tue
        (date(2024, 6, 7), 1, date(2024, 6, 10)),  # Fri + 1 -> Mon
        (date(2024, 6, 3), 5, date(2024, 6, 10)),  # Mon + 5 -> next Mon
        (date(2024, 6, 3), 10, date(2024, 6, 17)),
        # Start on a non-working day: the first working day after it is day 1
        (date(2024, 6, 8), 1, date(2024, 6, 10)),  # Sat + 1 -> Mon
        (date(2024, 6, 9), 1, date(2024, 6, 10)),  # Sun + 1 -> Mon
        (date(2024, 6, 8), 5, date(2024, 6, 14)),  # Sat + 5 -> Fri
        (date(2024, 5, 27), 1, date(2024, 5, 28)),  # Spring BH Mon + 1 -> Tue
        (date(2024, 3, 29), 1, date(2024, 4, 2)),  # Good Friday + 1 -> Tue after Easter
        # Easter
        (date(2024, 3, 28), 1, date(2024, 4, 2)),  # Maundy Thursday + 1 -> Tue after Easter Monday
        (date(2025, 4, 17), 1, date(2025, 4, 22)),
        (date(2012, 4, 5), 1, date(2012, 4, 10)),
        # Christmas and New Year
        (date(2024, 12, 24), 1, date(2024, 12, 27)),
        (date(2010, 12, 24), 1, date(2010, 12, 29)),  # Fri before Sat/Sun Christmas, subs Mon/Tue
        (date(2015, 12, 24), 1, date(2015, 12, 29)),  # Thu; Fri 25 and Mon 28 (Boxing sub)
        (date(2016, 12, 23), 1, date(2016, 12, 28)),  # Fri; Mon 26 and Tue 27 (Christmas sub)
        (date(2020, 12, 24), 1, date(2020, 12, 29)),
        (date(2021, 12, 24), 1, date(2021, 12, 29)),
        (date(2022, 12, 23), 1, date(2022, 12, 28)),
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2027, 12, 24), 1, date(2027, 12, 29)),  # generated year
        # Year boundaries
        (date(2024, 12, 31), 1, date(2025, 1, 2)),
        (date(2021, 12, 31), 1, date(2022, 1, 4)),  # 3 Jan 2022 New Year sub
        (date(2010, 12, 31), 1, date(2011, 1, 4)),  # 3 Jan 2011 New Year sub
        (date(2016, 12, 30), 1, date(2017, 1, 3)),  # 2 Jan 2017 New Year sub
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # table year -> generated year (1 Jan Fri)
        (date(2026, 12, 24), 3, date(2026, 12, 31)),
        (date(2026, 12, 24), 4, date(2027, 1, 4)),
        # One-off and moved days
        (date(2011, 4, 21), 1, date(2011, 4, 26)),  # Thu before Easter 2011
        (date(2011, 4, 28), 1, date(2011, 5, 3)),  # Royal Wedding Fri, Early May Mon
        (date(2012, 6, 1), 1, date(2012, 6, 6)),  # Jubilee Mon/Tue
        (date(2012, 5, 25), 1, date(2012, 5, 28)),  # 28 May 2012 was a working day
        (date(2020, 5, 7), 1, date(2020, 5, 11)),  # VE Day Fri 8 May
        (date(2020, 5, 1), 1, date(2020, 5, 4)),  # 4 May 2020 was a working day
        (date(2022, 6, 1), 1, date(2022, 6, 6)),  # Platinum Jubilee Thu/Fri
        (date(2022, 9, 16), 1, date(2022, 9, 20)),  # State Funeral Mon
        (date(2023, 5, 5), 1, date(2023, 5, 9)),  # Coronation Mon
        # n == 0 returns start unchanged, even on a non-working day
        (date(2024, 6, 5), 0, date(2024, 6, 5)),
        (date(2024, 6, 8), 0, date(2024, 6, 8)),
        (date(2024, 12, 25), 0, date(2024, 12, 25)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 6, 10), -1, date(2024, 6, 7)),  # Mon - 1 -> Fri
        (date(2024, 6, 8), -1, date(2024, 6, 7)),  # Sat - 1 -> Fri
        (date(2024, 6, 9), -1, date(2024, 6, 7)),  # Sun - 1 -> Fri
        (date(2024, 4, 2), -1, date(2024, 3, 28)),  # Tue after Easter - 1 -> Maundy Thursday
        (date(2025, 1, 2), -1, date(2024, 12, 31)),
        (date(2025, 1, 2), -3, date(2024, 12, 27)),
        (date(2025, 1, 2), -5, date(2024, 12, 23)),
        (date(2012, 6, 25), -15, date(2012, 5, 31)),  # reverse of worked example
        (date(2025, 2, 26), -45, date(2024, 12, 20)),
        (date(2025, 1, 15), -15, date(2024, 12, 20)),
        (date(2027, 1, 4), -4, date(2026, 12, 24)),
    ],
)
def test_add_working_days_negative(start: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(start, n) == expected


def test_add_working_days_results_are_working_days() -> None:
    start = date(2010, 1, 1)
    for n in [*range(1, 40), 100, 250, 500]:
        assert CAL.is_working_day(CAL.add_working_days(start, n))
        assert CAL.is_working_day(CAL.add_working_days(start, -n))


def test_add_working_days_large_n_spans_many_years() -> None:
    # 2010-2026 inclusive: 17 years of weekdays minus weekday holidays (all table days are weekdays)
    start, end = date(2009, 12, 31), date(2026, 12, 31)
    weekdays = sum(1 for i in range(1, (end - start).days + 1) if (start + timedelta(i)).weekday() < 5)
    total = weekdays - len(ENGLAND_AND_WALES_BANK_HOLIDAYS)
    assert CAL.working_days_between(start, end) == total
    assert CAL.add_working_days(start, total) == end


# --------------------------------------------------------------------------------------------
# next / previous working day
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 6, 5), date(2024, 6, 6)),  # strictly after, even from a working day
        (date(2024, 6, 7), date(2024, 6, 10)),
        (date(2024, 6, 8), date(2024, 6, 10)),
        (date(2024, 12, 24), date(2024, 12, 27)),
        (date(2024, 3, 28), date(2024, 4, 2)),
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert CAL.next_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 6, 10), date(2024, 6, 7)),
        (date(2024, 12, 27), date(2024, 12, 24)),
        (date(2024, 4, 2), date(2024, 3, 28)),
    ],
)
def test_previous_working_day(day: date, expected: date) -> None:
    assert CAL.previous_working_day(day) == expected


# --------------------------------------------------------------------------------------------
# working_days_between
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 6, 5), date(2024, 6, 5), 0),  # same day
        (date(2024, 6, 8), date(2024, 6, 8), 0),  # same non-working day
        (date(2024, 6, 7), date(2024, 6, 10), 1),  # Fri -> Mon
        (date(2024, 6, 7), date(2024, 6, 9), 0),  # Fri -> Sun
        (date(2024, 6, 8), date(2024, 6, 9), 0),  # weekend only
        (date(2024, 6, 3), date(2024, 6, 10), 5),  # Mon -> Mon
        (date(2024, 3, 28), date(2024, 4, 2), 1),  # over Easter
        (date(2024, 12, 24), date(2024, 12, 27), 1),  # over Christmas
        (date(2012, 5, 31), date(2012, 6, 25), 15),  # worked examples
        (date(2024, 12, 20), date(2025, 2, 26), 45),
        (date(2024, 12, 20), date(2025, 1, 15), 15),
        (date(2024, 1, 1), date(2024, 12, 31), 254),  # 262 weekdays - 8 holidays (start is 1 Jan)
        (date(2024, 6, 10), date(2024, 6, 7), -1),  # reversed: Mon -> Fri
        (date(2024, 6, 10), date(2024, 6, 3), -5),
        (date(2012, 6, 25), date(2012, 5, 31), -15),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert CAL.working_days_between(start, end) == expected


def _brute_force_between(cal: WorkingDayCalendar, start: date, end: date) -> int:
    if end < start:
        return -_brute_force_between(cal, end, start)
    days = (start + timedelta(days=i) for i in range(1, (end - start).days + 1))
    return sum(1 for d in days if cal.is_working_day(d))


def _sample_dates() -> list[date]:
    """Every 3rd day from Nov 2009 to Feb 2028: every weekday, weekends, and the holiday seasons."""
    first = date(2009, 11, 2)
    return [first + timedelta(days=i) for i in range(0, (date(2028, 2, 1) - first).days, 3)]


def test_working_days_between_matches_brute_force() -> None:
    closures = WorkingDayCalendar(closures=frozenset({date(2024, 12, 24), date(2024, 12, 28)}))
    dates = _sample_dates()
    for cal in (CAL, closures):
        for i, start in enumerate(dates[::7]):
            for offset in (0, 1, 2, 5, 13, 40, 130, 400):
                end = dates[min(i * 7 + offset, len(dates) - 1)]
                assert cal.working_days_between(start, end) == _brute_force_between(cal, start, end)
                assert cal.working_days_between(end, start) == _brute_force_between(cal, end, start)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 10, 15, 20, 45, 65, 130, 300])
def test_round_trip_add_then_count(n: int) -> None:
    for start in _sample_dates():
        end = CAL.add_working_days(start, n)
        assert end > start
        assert CAL.is_working_day(end)
        assert CAL.working_days_between(start, end) == n
        # No working day was skipped: the day before `end` still counts n - 1.
        assert CAL.working_days_between(start, end - timedelta(days=1)) == n - 1


@pytest.mark.parametrize("n", [1, 2, 3, 5, 10, 15, 20, 45, 65, 130, 300])
def test_round_trip_negative_offsets(n: int) -> None:
    for start in _sample_dates():
        earlier = CAL.add_working_days(start, -n)
        assert earlier < start
        assert CAL.is_working_day(earlier)
        # Counting forward again lands on start, or on the first working day after it.
        back = CAL.add_working_days(earlier, n)
        assert back == (start if CAL.is_working_day(start) else CAL.next_working_day(start))
        if CAL.is_working_day(start):
            assert CAL.working_days_between(start, earlier) == -n


def test_working_days_between_is_antisymmetric() -> None:
    dates = _sample_dates()[::11]
    for a in dates[::5]:
        for b in dates:
            assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)


# --------------------------------------------------------------------------------------------
# Closure days
# --------------------------------------------------------------------------------------------

LOCAL = WorkingDayCalendar(closures=frozenset({date(2024, 12, 24), date(2024, 12, 31), date(2024, 12, 28)}))


def test_closures_only_skipped_when_configured() -> None:
    assert CAL.is_working_day(date(2024, 12, 24))
    assert not LOCAL.is_working_day(date(2024, 12, 24))
    assert CAL.add_working_days(date(2024, 12, 23), 1) == date(2024, 12, 24)
    assert LOCAL.add_working_days(date(2024, 12, 23), 1) == date(2024, 12, 27)
    assert LOCAL.add_working_days(date(2024, 12, 27), 1) == date(2024, 12, 30)
    assert LOCAL.add_working_days(date(2024, 12, 30), 1) == date(2025, 1, 2)
    assert CAL.working_days_between(date(2024, 12, 20), date(2025, 1, 2)) == 6
    assert LOCAL.working_days_between(date(2024, 12, 20), date(2025, 1, 2)) == 4  # Sat closure ignored


def test_closures_are_not_bank_holidays() -> None:
    assert not LOCAL.is_bank_holiday(date(2024, 12, 24))
    assert LOCAL.holiday_name(date(2024, 12, 24)) is None
    assert LOCAL.is_bank_holiday(date(2024, 12, 25))


def test_closure_on_a_bank_holiday_is_not_double_counted() -> None:
    cal = WorkingDayCalendar(closures=frozenset({date(2024, 12, 25)}))
    assert cal.working_days_between(date(2024, 12, 20), date(2025, 1, 2)) == 6


def test_closures_accept_plain_set_and_default_is_empty() -> None:
    cal = WorkingDayCalendar(closures={date(2024, 12, 24)})  # type: ignore[arg-type]
    assert isinstance(cal.closures, frozenset)
    assert WorkingDayCalendar().closures == frozenset()
    assert WorkingDayCalendar() == ENGLAND_AND_WALES


def test_calendar_is_frozen() -> None:
    with pytest.raises(AttributeError):
        CAL.closures = frozenset()  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# datetime is rejected (it would silently miss holidays)
# --------------------------------------------------------------------------------------------


def test_datetime_rejected() -> None:
    moment = datetime(2024, 12, 24, 9, 0)
    with pytest.raises(TypeError):
        CAL.add_working_days(moment, 1)
    with pytest.raises(TypeError):
        CAL.is_working_day(moment)
    with pytest.raises(TypeError):
        CAL.working_days_between(date(2024, 12, 1), moment)
    with pytest.raises(TypeError):
        add_calendar_months(moment, 1)
    with pytest.raises(TypeError):
        WorkingDayCalendar(closures=frozenset({moment}))


# --------------------------------------------------------------------------------------------
# Calendar-interval helpers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 6, 5), 7, date(2024, 6, 12)),  # "within one week" = 7 calendar days
        (date(2024, 12, 28), 7, date(2025, 1, 4)),
        (date(2024, 2, 28), 1, date(2024, 2, 29)),
        (date(2023, 2, 28), 1, date(2023, 3, 1)),
        (date(2024, 6, 5), 0, date(2024, 6, 5)),
        (date(2024, 3, 1), -1, date(2024, 2, 29)),
    ],
)
def test_add_days(start: date, n: int, expected: date) -> None:
    assert add_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 6, 5), 4, date(2024, 7, 3)),  # 28 days
        (date(2024, 6, 5), 6, date(2024, 7, 17)),  # 42 days
        (date(2024, 12, 20), 2, date(2025, 1, 3)),
        (date(2024, 6, 5), -1, date(2024, 5, 29)),
        (date(2024, 6, 5), 0, date(2024, 6, 5)),
    ],
)
def test_add_weeks(start: date, n: int, expected: date) -> None:
    assert add_weeks(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # leap year
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2100, 1, 31), 1, date(2100, 2, 28)),  # century, not a leap year
        (date(2000, 1, 31), 1, date(2000, 2, 29)),  # 400-year leap year
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 5, 31), 3, date(2024, 8, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 6, 15), 3, date(2024, 9, 15)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),  # over a year end
        (date(2024, 12, 31), 1, date(2025, 1, 31)),
        (date(2024, 10, 15), 15, date(2026, 1, 15)),
        (date(2024, 6, 15), 0, date(2024, 6, 15)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),  # backwards
        (date(2024, 1, 15), -1, date(2023, 12, 15)),
        (date(2024, 8, 31), -6, date(2024, 2, 29)),
        (date(2025, 1, 31), -13, date(2023, 12, 31)),
    ],
)
def test_add_calendar_months(start: date, n: int, expected: date) -> None:
    assert add_calendar_months(start, n) == expected


def test_add_calendar_months_never_overshoots_the_target_month() -> None:
    for start in _sample_dates()[:200]:
        for n in range(-25, 26):
            result = add_calendar_months(start, n)
            assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == n
            assert result.day == min(start.day, monthrange(result.year, result.month)[1])
