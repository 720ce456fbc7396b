"""The person record's own duty: a record that a new one may duplicate (its creator could not open it, so was not
told) is checked by the front door (issue 13), who merge the two or record that they are different people."""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from hearth.core.timescales.circumstances import anniversary, set_base_facts
from hearth.core.timescales.dated import DatedSource, register_dated
from hearth.core.timescales.rules import Owner, Profile, Rule, Subject, all_rules, register_rules
from hearth.people.models import Person, RecordKind

register_rules(
    Rule(
        id="person.duplicate_check",
        title="Possible duplicate record checked",
        source="Local data quality standard: one record per child (inspection report 2012, paragraph 42)",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("person.possible_duplicate",),
        satisfied_by=("person.duplicate_checked", "person.merged"),
        interval_setting="duplicate_check_working_days",
        owner=Owner.FRONT_DOOR,
    ),
)


# A child's own facts the rules read (their age), and the birthdays some rule starts on (issue 14 item 1).
BIRTHDAY = "child.birthday"


def child_facts(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """A child's own facts: their date of birth, and the date they died (no birthday after it)."""
    return {
        pk: {"born_on": born, "died_on": died}
        for pk, born, died in Person.objects.filter(pk__in=ids, kind=RecordKind.CHILD).values_list(
            "pk", "date_of_birth", "date_of_death"
        )
        if born is not None
    }


def lived_until(base: Mapping[str, Any], last: date) -> date:
    """The last day a child's dated facts may fall on: `last`, or the day they died if that came first."""
    died = base.get("died_on")
    return min(last, died) if isinstance(died, date) else last


def birthday_ages() -> tuple[int, ...]:
    """The ages whose birthdays start a clock: those a rule starting on a birthday names."""
    return tuple(
        sorted(
            {r.starts_when["age"] for r in all_rules() if BIRTHDAY in r.starts_on and "age" in r.starts_when}
        )
    )


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return date(day.year - years, 2, 28)


def birthdays_between(first: date, last: date, ages: Iterable[int]) -> Iterator[tuple[int, date, int]]:
    """(child, birthday, age) for each birthday of the given ages from `first` to `last`: one query per age on the
    date of birth index. Children who have died or been merged have none."""
    for age in ages:
        # Born on 29 February: the birthday is 1 March in other years, so look a day further back.
        low, high = years_before(first, age) - timedelta(days=1), years_before(last, age)
        people = Person.objects.filter(
            kind=RecordKind.CHILD, date_of_birth__range=(low, high), date_of_death=None, merged_into=None
        )
        for pk, born in people.values_list("pk", "date_of_birth").iterator():
            if born is None:
                continue
            birthday = anniversary(born, age)
            if first <= birthday <= last:
                yield pk, birthday, age


def birthdays_of(born: date, first: date, last: date, ages: Iterable[int]) -> Iterator[tuple[date, int]]:
    """(birthday, age) for one child's birthdays of the given ages from `first` to `last`."""
    for age in ages:
        birthday = anniversary(born, age)
        if first <= birthday <= last:
            yield birthday, age


set_base_facts(Subject.CHILD, child_facts)
register_dated(
    DatedSource(
        BIRTHDAY,
        find=lambda first, last: (
            (pk, day) for pk, day, _ in birthdays_between(first, last, birthday_ages())
        ),
        of=lambda base, first, last, settings: (
            (day, {"age": age})
            for day, age in birthdays_of(base["born_on"], first, lived_until(base, last), birthday_ages())
        ),
        description="A child's birthday (the ages some rule names)",
    )
)
