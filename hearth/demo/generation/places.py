"""Places in the fictional borough of Northmoor: streets, postcode districts, schools and GP practices."""

from __future__ import annotations

import random

STREETS = (
    "Acacia Avenue",
    "Albion Street",
    "Ashton Road",
    "Beech Grove",
    "Birch Close",
    "Bridge Street",
    "Castle Lane",
    "Chapel Street",
    "Church Road",
    "Clarence Street",
    "Coronation Road",
    "Dale Street",
    "Elm Road",
    "Fairfield Road",
    "Foundry Street",
    "Gorse Way",
    "Granville Road",
    "Hall Lane",
    "Heather Close",
    "High Street",
    "Hill Street",
    "Holly Bank",
    "King Street",
    "Lark Hill",
    "Lime Grove",
    "Market Street",
    "Mill Lane",
    "Moor Lane",
    "Mossley Road",
    "New Street",
    "Oak Avenue",
    "Park Road",
    "Pennine View",
    "Primrose Bank",
    "Queen Street",
    "Railway Terrace",
    "Rowan Way",
    "School Lane",
    "Spring Gardens",
    "Station Road",
    "Stamford Street",
    "Union Street",
    "Victoria Road",
    "Water Street",
    "Wellington Road",
    "Willow Drive",
    "Windmill Lane",
    "York Street",
)
# Northmoor's postcode districts: the fictional NM area, one town each (NM is not a real postcode area).
DISTRICTS = (
    ("NM1", "Northmoor"),
    ("NM2", "Northmoor"),
    ("NM3", "Moorside"),
    ("NM4", "Castlebrook"),
    ("NM5", "Denby Vale"),
    ("NM6", "Hartley Green"),
    ("NM7", "Millford"),
    ("NM8", "Oakridge"),
    ("NM9", "Thornleigh"),
)
OUT_OF_AREA = (("ZY1", "Westbury"), ("ZY2", "Ravensworth"), ("ZY3", "Kingsmead"), ("ZY4", "Hollowfield"))
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

_SCHOOL_STEMS = (
    "Moorside",
    "Castlebrook",
    "Denby Vale",
    "Hartley Green",
    "Millford",
    "Oakridge",
    "Thornleigh",
    "Northmoor",
    "Ashfield",
    "Brookside",
    "Canal Side",
    "Fernhill",
    "Greenacres",
    "Heathfield",
    "Holy Trinity",
    "Lakeside",
    "Linden",
    "Meadowbank",
    "Parkfield",
    "Ridgeway",
    "St Anne's",
    "St Mary's",
    "St Peter's",
    "St Joseph's",
    "Stonehill",
    "Westwood",
    "Willowbank",
    "Woodlands",
)
# The borough's 97 schools (76 primary, 17 secondary, two special, a pupil referral service and an all-through
# academy) and 42 GP practices, as in the inspection report.
SCHOOLS: tuple[str, ...] = (
    *[f"{stem} Primary School" for stem in _SCHOOL_STEMS],
    *[f"{stem} Community Primary School" for stem in _SCHOOL_STEMS],
    *[f"{stem} CE Primary School" for stem in _SCHOOL_STEMS[:20]],
    *[f"{stem} High School" for stem in _SCHOOL_STEMS[:9]],
    *[f"{stem} Academy" for stem in _SCHOOL_STEMS[9:17]],
    "Northmoor Special School",
    "Brookside Special School",
    "Northmoor Pupil Referral Service",
    "Moorside All-Through Academy",
)
PRIMARY = tuple(i for i, name in enumerate(SCHOOLS) if "Primary" in name)
SECONDARY = tuple(i for i, name in enumerate(SCHOOLS) if name.endswith(("High School", "Academy")))
GP_PRACTICES: tuple[str, ...] = (
    *[f"{stem} Medical Practice" for stem in _SCHOOL_STEMS[:14]],
    *[f"{stem} Surgery" for stem in _SCHOOL_STEMS[14:]],
    *[
        f"{street} Health Centre"
        for street in (
            "Albion",
            "Market Street",
            "Station Road",
            "Park Road",
            "Victoria",
            "Pennine",
            "Wellington",
        )
    ],
    *[
        f"{street} Family Practice"
        for street in (
            "Union Street",
            "Church Road",
            "Hall Lane",
            "Queen Street",
            "Bridge",
            "King Street",
            "Spring",
        )
    ],
)
assert len(SCHOOLS) == 97 and len(GP_PRACTICES) == 42


def random_postcode(rng: random.Random, outward: str) -> str:
    letters = INWARD_LETTERS
    return f"{outward} {rng.randrange(10)}{letters[rng.randrange(len(letters))]}{letters[rng.randrange(len(letters))]}"
