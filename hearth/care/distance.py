"""A placement's distance from the child's home (issue 16 item 3; the 903's PL_DISTANCE): computed from postcode
centroids when the council has loaded the ONS postcode directory (`hearth load_postcodes`), otherwise entered."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from decimal import Decimal

from hearth.care.models import PostcodeCentroid
from hearth.core.codesets import AddressType
from hearth.core.identifiers import normalise_postcode, postcode_is_valid
from hearth.people.models import Address, Person

METRES_PER_MILE = 1609.344
# The ONS postcode directory's columns (ONSPD and NSPL both carry them): the postcode, and its grid reference.
POSTCODE_COLUMNS = ("pcds", "pcd")
EAST, NORTH = "oseast1m", "osnrth1m"


def home_postcode(child: Person) -> str:
    address = (
        Address.objects.filter(person=child, end_date=None)
        .exclude(type=AddressType.PLACEMENT)
        .order_by("-start_date")
        .values_list("postcode", flat=True)
        .first()
    )
    return address or ""


def miles_between(first: str, second: str) -> Decimal | None:
    """Straight-line miles between two postcodes' centres, to one decimal place; None when either is unknown."""
    found = {
        row.postcode: row
        for row in PostcodeCentroid.objects.filter(
            postcode__in={normalise_postcode(first), normalise_postcode(second)}
        )
    }
    a, b = found.get(normalise_postcode(first)), found.get(normalise_postcode(second))
    if a is None or b is None:
        return None
    metres = math.hypot(a.easting - b.easting, a.northing - b.northing)
    return Decimal(str(round(metres / METRES_PER_MILE, 1)))


def postcodes_load(lines: Iterable[str], *, batch: int = 5000) -> int:
    """Load (or refresh) postcode centres from the ONS postcode directory's CSV, read a row at a time (the full
    directory is over a gigabyte): rows without a grid reference (terminated or non-geographic postcodes) are
    skipped. Returns how many were loaded. Northern Ireland's references are on the Irish grid: not comparable."""
    reader = csv.DictReader(lines)
    fields = reader.fieldnames or []
    column = next((name for name in POSTCODE_COLUMNS if name in fields), None)
    if column is None or EAST not in fields or NORTH not in fields:
        raise ValueError(
            f"The file needs a postcode column ({' or '.join(POSTCODE_COLUMNS)}) and {EAST} and {NORTH}: "
            "the ONS postcode directory (ONSPD) or the national statistics postcode lookup (NSPL)."
        )
    loaded = 0
    rows: list[PostcodeCentroid] = []
    for row in reader:
        postcode = normalise_postcode(row[column])
        east, north = (row.get(EAST) or "").strip(), (row.get(NORTH) or "").strip()
        if (
            not postcode_is_valid(postcode)
            or not east.isdigit()
            or not north.isdigit()
            or postcode.startswith("BT")
        ):
            continue
        rows.append(PostcodeCentroid(postcode=postcode, easting=int(east), northing=int(north)))
        if len(rows) >= batch:
            loaded += _save(rows)
            rows = []
    return loaded + _save(rows)


def _save(rows: list[PostcodeCentroid]) -> int:
    PostcodeCentroid.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["postcode"], update_fields=["easting", "northing"]
    )
    return len(rows)
