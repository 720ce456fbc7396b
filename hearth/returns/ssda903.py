"""The SSDA903 (children looked after) return as a read of the care records (returns.md section 2; issue 16 item 2,
issue 19 for the rest): the Header, Episodes and Reviews tables of a collection year, as CSV files whose headers the
validator recognises, dates DD/MM/YYYY. Episodes are the rows the care services wrote (ADR 25), so the export
copies them: an episode open at 31 March has no DEC or REC.

OC2 (health) is a read of the health records (`ssda903_oc2`). Not yet exported (issue 19): UASC, OC3 (care leavers), AD1 and placed for adoption, previous
permanence, social worker episodes and DoLo; MOTHER and MC_DOB are blank (Hearth does not yet record a
looked-after young person's own children)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db.models import Q

from hearth.care.models import CareEpisode, LacReview
from hearth.core.codesets import URN_NOT_APPLICABLE, AddressType
from hearth.missing.models import AbsenceKind, MissingEpisode
from hearth.people.models import Address, Person
from hearth.returns.ssda903_oc2 import OC2, oc2_rows

HEADER = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODES = (
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
)
REVIEWS = ("CHILD", "DOB", "REVIEW", "REVIEW_CODE")
MISSING = ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END")
# Hearth's kinds of absence as the 903 codes them (returns.md: M missing, A away without authorisation).
MISSING_CODES = {AbsenceKind.MISSING: "M", AbsenceKind.AWAY: "A"}
# Placement types that need no Ofsted URN (903 rule 218).
TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
URN_NOT_NEEDED = frozenset(
    {"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"}
)

Table = list[dict[str, str]]


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def year_bounds(collection_year: int) -> tuple[date, date]:
    """The collection year named by the year it ends: 1 April to 31 March."""
    return date(collection_year - 1, 4, 1), date(collection_year, 3, 31)


def _home_postcodes(child_ids: Iterable[int]) -> dict[int, list[tuple[date | None, str]]]:
    found: dict[int, list[tuple[date | None, str]]] = {}
    for person_id, start, postcode in (
        Address.objects.filter(person_id__in=list(child_ids))
        .exclude(type=AddressType.PLACEMENT)
        .exclude(postcode="")
        .order_by("start_date")
        .values_list("person_id", "start_date", "postcode")
    ):
        found.setdefault(person_id, []).append((start, postcode))
    return found


def _home_on(addresses: list[tuple[date | None, str]], day: date) -> str:
    """The child's home postcode when the episode began: the last home address that had started by then."""
    chosen = addresses[0][1] if addresses else ""
    for start, postcode in addresses:
        if start is None or start <= day:
            chosen = postcode
    return chosen


def _reason_place_change(episode: CareEpisode, after: CareEpisode | None) -> str:
    """The 903 records why a placement changed on the episode that ends with the move (rule 225), not on the next:
    Hearth keeps it on the placement the child moved to. None for a temporary placement either side (rule 226)."""
    if (
        after is None
        or episode.reason_ceased != "X1"
        or after.reason_new not in ("P", "B", "T", "U")
        or episode.placement.placement_type in TEMPORARY
        or after.placement.placement_type in TEMPORARY
    ):
        return ""
    return after.placement.reason_place_change


@dataclass(frozen=True)
class EpisodeCodes:
    """An episode's SSDA903 codes as the return writes them on a day: `ended` and `reason_ceased` only when the
    episode had ended by then (an episode still open has no DEC or REC). Annex A's list 8 reads them too."""

    legal_status: str
    category_of_need: str
    placement_type: str
    provider: str
    ended: date | None
    reason_ceased: str


def episode_codes(episode: CareEpisode, on: date) -> EpisodeCodes:
    """The 903 codes of an episode (read with its placement and period) as they stood on `on`."""
    ended = episode.end_date if episode.end_date is not None and episode.end_date <= on else None
    return EpisodeCodes(
        legal_status=episode.legal_status,
        category_of_need=episode.period.category_of_need,  # blank if never recorded: the validator says so
        placement_type=episode.placement.placement_type,
        provider=episode.placement.provider,
        ended=ended,
        reason_ceased=episode.reason_ceased if ended is not None else "",
    )


def _episodes_in(collection_year: int) -> Any:
    first, last = year_bounds(collection_year)
    return CareEpisode.objects.filter(start_date__lte=last).filter(Q(end_date=None) | Q(end_date__gte=first))


def ssda903_child_ids(collection_year: int) -> list[int]:
    """The children the return is about (each export of them is logged as a read)."""
    return sorted(set(_episodes_in(collection_year).values_list("child_id", flat=True)))


def ssda903_tables(collection_year: int) -> dict[str, Table]:
    """Header, Episodes and Reviews for every child looked after at any time in the collection year."""
    first, last = year_bounds(collection_year)
    episodes = list(
        _episodes_in(collection_year)
        .select_related("placement", "period")
        .order_by("child_id", "start_date", "pk")
    )
    child_ids = sorted({episode.child_id for episode in episodes})
    people = {person.pk: person for person in Person.objects.filter(pk__in=child_ids)}
    homes = _home_postcodes(child_ids)
    following = {
        earlier.pk: later
        for earlier, later in zip(episodes, episodes[1:], strict=False)
        if earlier.child_id == later.child_id
    }
    rows: Table = []
    for episode in episodes:
        placement, child = episode.placement, people[episode.child_id]
        after = following.get(episode.pk)
        codes = episode_codes(episode, last)
        urn = placement.urn or URN_NOT_APPLICABLE
        rows.append(
            {
                "CHILD": child.person_number,
                "DECOM": _day(episode.start_date),
                "RNE": episode.reason_new,
                "LS": codes.legal_status,
                "CIN": codes.category_of_need,
                "PLACE": codes.placement_type,
                "PLACE_PROVIDER": codes.provider,
                "DEC": _day(codes.ended),
                "REC": codes.reason_ceased,
                "REASON_PLACE_CHANGE": _reason_place_change(episode, after)
                if codes.ended is not None
                else "",
                "HOME_POST": _home_on(homes.get(child.pk, []), episode.start_date),
                "PL_POST": placement.postcode,
                "URN": URN_NOT_APPLICABLE if placement.placement_type in URN_NOT_NEEDED else urn,
            }
        )
    header = [
        {
            "CHILD": people[pk].person_number,
            "SEX": people[pk].sex or "U",
            "DOB": _day(people[pk].date_of_birth),
            "ETHNIC": people[pk].ethnicity or "NOBT",
            "UPN": people[pk].upn or people[pk].upn_unknown or "UN1",
            "MOTHER": "",
            "MC_DOB": "",
        }
        for pk in child_ids
    ]
    reviews = [
        {
            "CHILD": people[child_id].person_number,
            "DOB": _day(people[child_id].date_of_birth),
            "REVIEW": _day(held_on),
            "REVIEW_CODE": participation,
        }
        for child_id, held_on, participation in LacReview.objects.filter(
            child_id__in=child_ids, held_on__gte=first, held_on__lte=last
        )
        .order_by("child_id", "held_on")
        .values_list("child_id", "held_on", "participation")
    ]
    return {
        "Header": header,
        "Episodes": rows,
        "Reviews": reviews,
        "Missing": _missing(episodes, people, first, last),
        "OC2": oc2_rows(episodes, people, first, last),
    }


def _missing(episodes: list[CareEpisode], people: dict[int, Person], first: date, last: date) -> Table:
    """Each missing or away episode of the year (begun in it, or begun before and not ended by 1 April) that began
    while the child was looked after (issue 17), its end blank while it had not ended by 31 March."""
    spells: dict[int, list[tuple[date, date | None]]] = {}
    for episode in episodes:
        spells.setdefault(episode.child_id, []).append((episode.start_date, episode.end_date))
    rows: Table = []
    for child_id, kind, started, ended in (
        MissingEpisode.objects.filter(child_id__in=list(people), started_on__lte=last)
        .filter(Q(ended_on=None) | Q(ended_on__gte=first))
        .order_by("child_id", "started_on", "pk")
        .values_list("child_id", "kind", "started_on", "ended_on")
    ):
        if not any(start <= started and (end is None or started <= end) for start, end in spells[child_id]):
            continue
        child = people[child_id]
        rows.append(
            {
                "CHILD": child.person_number,
                "DOB": _day(child.date_of_birth),
                "MISSING": MISSING_CODES[AbsenceKind(kind)],
                "MIS_START": _day(started),
                "MIS_END": _day(ended if ended is not None and ended <= last else None),
            }
        )
    return rows


def write_ssda903(tables: dict[str, Table], folder: Path) -> list[Path]:
    """Each table as a CSV file (UTF-8, its exact column names, which is how the validator recognises it)."""
    columns = {"Header": HEADER, "Episodes": EPISODES, "Reviews": REVIEWS, "Missing": MISSING, "OC2": OC2}
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns[name], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path = folder / f"SSDA903_{name.lower()}.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        written.append(path)
    return written
