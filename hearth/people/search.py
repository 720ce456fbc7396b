"""Finding people: by name (sound-alike and misspelt, in any order), date of birth, partial postcode or any ID.

A query is split into parts: dates (for a date of birth), a full or partial postcode, identifiers (NHS number,
UPN, the council's ID, any linked identifier) and name words. Each name word must match one of a person's name
words exactly or by sound (names.phonetic_keys); candidates are then ranked by spelling similarity.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Q, QuerySet

from hearth.core.identifiers import normalise_nhs_number, postcode_search_prefix
from hearth.core.idlists import id_rows, ids_in
from hearth.core.rows import loaded
from hearth.people.models import Address, Identifier, NameToken, Person

if TYPE_CHECKING:
    from hearth.people.access import Reach
from hearth.people.names import name_words, phonetic_keys, similarity

CANDIDATE_LIMIT = 200
NAMES_LISTED = 5_000  # people a name's words may pick out and still be listed by id
# What a search reads of each person it asks about (access and ranking); the results' whole rows come after. Each is
# also its column's name (_pool_reached names them).
POOL_FIELDS = (
    "id",
    "kind",
    "is_restricted",
    "merged_into_id",
    "created_by_id",
    "forename",
    "middle_names",
    "preferred_name",
    "surname",
)
CANDIDATE_POOL = 500  # people matched before access is asked of them (person_search's `among`)
RESULT_LIMIT = 25
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%d %m %Y")
_DATE = re.compile(r"\b(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2})\b")
_IDENTIFIER = re.compile(r"^(?=.*\d)[A-Za-z0-9/-]{6,20}$")
_POSTCODE_PART = re.compile(r"\b([A-Za-z]{1,2}\d[A-Za-z\d]?)(\s*\d[A-Za-z]{0,2})?\b")


@dataclass(frozen=True)
class SearchQuery:
    words: tuple[str, ...] = ()
    date_of_birth: date | None = None
    postcode_prefix: str | None = None
    identifier: str | None = None
    problem: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.date_of_birth or self.postcode_prefix or self.identifier)


def parse_query(text: str) -> SearchQuery:
    text = text.strip()
    if not text:
        return SearchQuery(problem="Enter a name, date of birth, postcode or ID to search for.")
    dob = None
    match = _DATE.search(text)
    if match:
        for fmt in _DATE_FORMATS:
            try:
                dob = datetime.strptime(match.group(1), fmt).date()  # noqa: DTZ007 (a date, no time zone)
                break
            except ValueError:
                continue
        if dob is None:
            return SearchQuery(problem=f"{match.group(1)} is not a real date: enter a date like 25/12/2015.")
        text = (text[: match.start()] + text[match.end() :]).strip()
    compact = text.replace(" ", "")
    if compact and _IDENTIFIER.match(compact) and sum(c.isdigit() for c in compact) >= 5:
        return SearchQuery(identifier=compact.upper(), date_of_birth=dob)
    postcode = None
    postcode_match = _POSTCODE_PART.search(text)
    if postcode_match:
        postcode = postcode_search_prefix(postcode_match.group(0))
        if postcode:
            text = (text[: postcode_match.start()] + text[postcode_match.end() :]).strip()
    return SearchQuery(words=tuple(name_words(text)), date_of_birth=dob, postcode_prefix=postcode)


def candidates_by_name(
    text: str,
    within: QuerySet[Person],
    *,
    among: Callable[[list[Person]], set[int]] | None = None,
    listed_before: dict[tuple[str, ...], list[int]] | None = None,
    narrowed_to: frozenset[int] | None = None,
) -> QuerySet[Person]:
    """People any of whose names match every word of `text`, exactly or by sound, in any order: each word against
    every name a person has (given, middle, family, preferred, former), so "Mary Jane" finds a Mary whose middle
    name is Jane. (Given-name and family-name pair keys picked a few people out faster once; they also hid such
    matches, and the listing below is as fast: ADR 21.) With `narrowed_to` (the ids a user's work reaches), only
    those people; a name's listing is intersected with them here, rather than both lists sent to the database."""
    words = name_words(text)
    queryset = within if narrowed_to is None else within.filter(pk__in=ids_in(narrowed_to))
    per_word = [
        NameToken.objects.filter(phonetic__in=phonetic_keys(word)).values_list("person_id", flat=True)
        for word in words
    ]
    if among is not None:
        # Over every record: the people all the words name, listed from the name index alone (an intersection of
        # index-only scans), unless a name is so common that the database had better combine it with the rest.
        key = tuple(words)
        if listed_before is not None and key in listed_before:
            # A search narrowed to what the user's work reaches lists its names once.
            listed = listed_before[key]
        else:
            every = per_word[0].intersection(*per_word[1:]) if len(per_word) > 1 else per_word[0].distinct()
            listed = list(every[: NAMES_LISTED + 1])
            if listed_before is not None:
                listed_before[key] = listed
        if len(listed) <= NAMES_LISTED:
            if narrowed_to is not None:
                return within.filter(pk__in=ids_in([pk for pk in listed if pk in narrowed_to]))
            return queryset.filter(pk__in=ids_in(listed))
    if narrowed_to is not None:
        # A common name among the records the user's work reaches: the name's index narrowed to them first, so that
        # the database reads only the people both pick out (reading the person of every reached id, thousands, to
        # then match the name cost it more than the rest of the search: ADR 42).
        queryset = within
        per_word[0] = per_word[0].filter(person_id__in=ids_in(narrowed_to))
    for matching in per_word:  # let the database combine the words
        queryset = queryset.filter(pk__in=matching)
    return queryset


def _by_identifier(identifier: str, within: QuerySet[Person]) -> QuerySet[Person]:
    nhs = normalise_nhs_number(identifier)
    # Listed first, so that every branch of the condition is an index (a subquery in it made PostgreSQL read every
    # record at a national scale).
    linked: list[int] | QuerySet[Identifier, int] = list(
        Identifier.objects.filter(value=identifier).values_list("person_id", flat=True)[:1001]
    )
    if len(linked) > 1000:  # a value shared by very many: the subquery, complete
        linked = Identifier.objects.filter(value=identifier).values_list("person_id", flat=True)
    condition = Q(person_number=identifier) | Q(upn=identifier) | Q(former_upn=identifier) | Q(pk__in=linked)
    if nhs:
        condition |= Q(nhs_number=nhs)
    return within.filter(condition)


@dataclass(frozen=True)
class SearchResult:
    person: Person
    score: float
    postcode: str


def person_search(
    query: SearchQuery,
    within: QuerySet[Person] | Callable[[], QuerySet[Person]],
    *,
    among: Callable[[list[Person]], set[int]] | None = None,
    reachable: Callable[[], Reach | None] | None = None,
    reached: Callable[[], tuple[str, list[Any]] | None] | None = None,
) -> list[SearchResult]:
    """Search the records in `within` (already limited to what the user may open; or a function that gives them).

    With `among` (the same limit asked of a list of records: access.visible_among), people are matched over every
    live record first and only those are asked: up to CANDIDATE_POOL of them, which keeps a search as fast for a
    social worker as for the front door at a national scale (issue 21). When the query matches more people than
    that and too few of the first are theirs, the match is narrowed to `reachable()` (a superset of the records
    the user may open, made of small id sets: access.reachable_ids) and asked again; where there is no such
    superset (a scope over every child, a large service), the database combines the match and the limit.

    With `reached` (access.reachable_statement: the same superset as a statement, for a narrow scope), a search by
    a common name alone is matched among the records the user's work reaches by the database in one statement
    (_pool_reached), rather than those records' ids read into Python and sent back; and once a name is known to be
    common, without listing everyone of that name first. A rarer name is listed and asked as above: cheaper than
    reading what the user's work reaches.
    """
    if query.is_empty or query.problem:
        return []

    # Built only when needed: for a narrow scope, building it costs a few queries.
    def scoped() -> QuerySet[Person]:
        return within() if callable(within) else within

    listed: dict[tuple[str, ...], list[int]] = {}
    if reached is not None:
        reached = functools.cache(reached)  # asked at most once a search, whichever route asks
    if among is None:
        return _ranked(query, list(_matching(query, scoped()).order_by()[:CANDIDATE_LIMIT]))
    among = _remembering(among)
    # A name alone, for a user whose reach is a statement (access.reachable_statement: a narrow scope).
    by_name = reached is not None and bool(query.words) and not _more_than_names(query)
    known_common = by_name and (query.words in _COMMON_NAMES or _many_named(query.words))
    statement = reached() if reached is not None and known_common else None
    if statement is not None:
        # A name known to be common: straight to the people of that name the user's work reaches.
        if query.words not in _COMMON_NAMES:
            _remember_common(query.words)
        pool = _pool_reached(query.words, *statement)
    else:
        # What asking who may open them and ranking them needs; the results' whole rows are read at the end.
        live = Person.objects.filter(merged_into=None)
        matched = _matching(query, live, among, listed)
        # A name so common that it picks out more people than a search asks about, for a user who may open only some
        # records: straight to the records their work reaches, without reading the first of everyone's.
        # (Names alone, or a postcode alone: what the listing found is what the search finds.)
        single = not (query.date_of_birth or query.identifier) and bool(query.words) != bool(
            query.postcode_prefix
        )
        common = single and any(len(ids) > CANDIDATE_POOL for ids in listed.values())
        if reached is not None and by_name and common and query.words not in _COMMON_NAMES:
            statement = reached()
        if statement is not None:
            _remember_common(query.words)
            pool = _pool_reached(query.words, *statement)
        else:
            asked = reachable is not None and common
            reach = reachable() if reachable is not None and asked else None
            pool = [] if reach is not None else _pool(matched)
            if not asked and reachable is not None and len(pool) > CANDIDATE_POOL:
                reach = reachable()
            if reach is not None:
                # Narrowed to the records the user's work reaches (a few thousand ids at most), then asked.
                pool = _pool(_matching(query, live, among, listed, reach))
    allowed = among(pool)
    people = [person for person in pool if person.pk in allowed][:CANDIDATE_LIMIT]
    if len(pool) > CANDIDATE_POOL and len(people) < CANDIDATE_LIMIT:
        people = list(_matching(query, scoped()).order_by()[:CANDIDATE_LIMIT])
    return _ranked(query, people)


# Names found to pick out more than CANDIDATE_POOL people, remembered by the process (at most COMMON_NAMES_KEPT):
# a narrow scope's search for one of them goes straight to _pool_reached, without listing everyone of that name
# first. Only the way is remembered, never who was found: a name grown rarer is still found the same.
COMMON_NAMES_KEPT = 10_000
_COMMON_NAMES: set[tuple[str, ...]] = set()


def _remember_common(words: tuple[str, ...]) -> None:
    if len(_COMMON_NAMES) >= COMMON_NAMES_KEPT:
        _COMMON_NAMES.clear()
    _COMMON_NAMES.add(words)


def _many_named(words: tuple[str, ...]) -> bool:
    """Whether one name word certainly picks out more than CANDIDATE_POOL people: its rows in the name index counted
    up to a bound, from the index alone (a fraction of a millisecond), rather than everyone of that name listed to
    find out (up to NAMES_LISTED of them: 15 ms of the database's time for a family name as common as Smith at
    300,000 children, on most searches under load, where a worker's memory of common names is new: ADR 42).

    A person has a row for each of a word's sound keys and each of their names with that word (rarely more than
    two): `2 * keys * (CANDIDATE_POOL + 1)` rows or more are more than CANDIDATE_POOL people. Fewer are listed as
    before, which decides exactly. Either way only the route is chosen, never who is found."""
    if len(words) != 1:
        return False
    keys = sorted(phonetic_keys(words[0]))
    bound = 2 * len(keys) * (CANDIDATE_POOL + 1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM people_nametoken WHERE phonetic IN ({}) LIMIT %s) AS found".format(  # noqa: S608 - placeholders
                ", ".join(["%s"] * len(keys))
            ),
            [*keys, bound],
        )
        (rows,) = cursor.fetchone()
    return bool(rows >= bound)


def _more_than_names(query: SearchQuery) -> bool:
    return bool(query.date_of_birth or query.identifier or query.postcode_prefix)


def _pool_reached(words: tuple[str, ...], reach: str, reach_params: list[Any]) -> list[Person]:
    """Up to CANDIDATE_POOL + 1 live people whose names match every word (as candidates_by_name matches them) among
    the ids `reach` selects (access.reachable_statement): one fixed statement, holding POOL_FIELDS. The first word
    is matched inside the reach, so that the database meets the name's index with the reached ids alone."""
    params: list[Any] = []
    names = []
    for word in words:
        keys = sorted(phonetic_keys(word))
        names.append(
            "SELECT t.person_id FROM people_nametoken t WHERE t.phonetic IN ({})".format(  # noqa: S608 - placeholders
                ", ".join(["%s"] * len(keys))
            )
        )
        params.append(keys)
    conditions = [
        f"p.id IN ({names[0]} AND t.person_id IN ({reach}))",
        *(f"p.id IN ({n})" for n in names[1:]),
    ]
    ordered = [*params[0], *reach_params, *(key for keys in params[1:] for key in keys)]
    sql = (
        f"SELECT {', '.join('p.' + column for column in POOL_FIELDS)} FROM people_person p"  # noqa: S608 - fixed
        f" WHERE p.merged_into_id IS NULL AND {' AND '.join(conditions)} LIMIT {CANDIDATE_POOL + 1}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ordered)
        rows = cursor.fetchall()
    restricted = POOL_FIELDS.index("is_restricted")  # SQLite gives 0 or 1, as the ORM would not
    return loaded(
        Person,
        POOL_FIELDS,
        [(*row[:restricted], bool(row[restricted]), *row[restricted + 1 :]) for row in rows],
    )


def _pool(matched: QuerySet[Person]) -> list[Person]:
    """Up to CANDIDATE_POOL + 1 of the people matched, holding only what asking and ranking read (POOL_FIELDS)."""
    rows = matched.order_by().values_list(*POOL_FIELDS)[: CANDIDATE_POOL + 1]
    return loaded(Person, POOL_FIELDS, rows)


def _remembering(among: Callable[[list[Person]], set[int]]) -> Callable[[list[Person]], set[int]]:
    """`among` that asks about each record once in a search (a pair of names and then the pool ask of the same)."""
    answered: dict[int, bool] = {}

    def asked(people: list[Person]) -> set[int]:
        new = [person for person in people if person.pk not in answered]
        if new:
            allowed = among(new)
            answered.update((person.pk, person.pk in allowed) for person in new)
        return {person.pk for person in people if answered[person.pk]}

    return asked


def _matching(
    query: SearchQuery,
    queryset: QuerySet[Person],
    among: Callable[[list[Person]], set[int]] | None = None,
    listed: dict[tuple[str, ...], list[int]] | None = None,
    reach: Reach | None = None,
) -> QuerySet[Person]:
    narrowed_to = None
    if reach is not None and (reach.routes or not (query.words or query.postcode_prefix)):
        queryset = queryset.filter(reach.condition())  # a role's adult routes: the database combines them
    elif reach is not None:
        narrowed_to = reach.ids
    if query.identifier:
        queryset = _by_identifier(query.identifier, queryset)
    if query.date_of_birth:
        queryset = queryset.filter(date_of_birth=query.date_of_birth)
    if query.postcode_prefix:
        prefix = query.postcode_prefix
        at_address = Address.objects.filter(postcode__gte=prefix, postcode__lt=prefix + "~", end_date=None)
        key = (f"postcode {prefix}",)
        living = listed.get(key) if listed is not None else None
        if living is None and among is not None:
            # Over every record, as names are: the people living there listed from the address index.
            living = list(at_address.values_list("person_id", flat=True)[: NAMES_LISTED + 1])
            if listed is not None:
                listed[key] = living
        if living is not None and len(living) <= NAMES_LISTED:
            if narrowed_to is not None:
                living = [pk for pk in living if pk in narrowed_to]
            queryset = queryset.filter(pk__in=ids_in(living))
        else:
            queryset = queryset.filter(pk__in=at_address.values("person_id"))
            if narrowed_to is not None:
                queryset = queryset.filter(pk__in=ids_in(narrowed_to))
        narrowed_to = None  # narrowed here: the names need not narrow again (one id list a statement)
    if query.words:
        queryset = candidates_by_name(
            " ".join(query.words), queryset, among=among, listed_before=listed, narrowed_to=narrowed_to
        )
    return queryset


OTHER_NAMES = "SELECT n.person_id, n.forename, n.surname FROM people_personname n WHERE n.person_id IN ({})"
POSTCODES_NOW = (
    "SELECT a.person_id, a.postcode FROM people_address a WHERE a.person_id IN ({}) AND a.end_date IS NULL"
)


def _ranked(query: SearchQuery, people: list[Person]) -> list[SearchResult]:
    """The best matches first, by spelling similarity to the words of every name each person is known by (the
    words their name index holds: people.services.name_tokens_for), read from their own row and their other names
    rather than from the name index, whose rows for a few hundred people lie all over a national-scale table
    (issue 21); each with its whole row and current postcode."""
    names: dict[int, list[str]] = {}
    if query.words and people:
        others: dict[int, list[str]] = {}
        for person_id, forename, surname in id_rows(OTHER_NAMES, [p.pk for p in people]):
            others.setdefault(person_id, []).extend((forename, surname))
        for person in people:
            words = name_words(
                person.forename,
                person.middle_names,
                person.preferred_name,
                person.surname,
                *others.get(person.pk, ()),
            )
            names[person.pk] = sorted({word[:40] for word in words})
    scored = [
        (
            sum(similarity(word, names.get(person.pk, [])) for word in query.words)
            / max(len(query.words), 1),
            person,
        )
        for person in people
    ]
    scored.sort(key=lambda pair: (-pair[0], pair[1].surname, pair[1].forename))
    best = scored[:RESULT_LIMIT]
    ids = [person.pk for _, person in best]
    whole = Person.objects.in_bulk(ids) if any(person.get_deferred_fields() for _, person in best) else {}
    postcodes = dict(id_rows(POSTCODES_NOW, ids)) if ids else {}
    return [
        SearchResult(whole.get(person.pk, person), score, postcodes.get(person.pk, ""))
        for score, person in best
    ]
