"""The synthetic demo council: pure data generation, deterministic from a seed (no database access).

`plan_council` decides how many children are in each status today (looked after, on a protection plan, child in
need, early help, care leaver, closed) and groups them into families; `staff_plan` sizes the workforce from the
caseloads. `generate_chunk` then writes out a range of families as plain row tuples, table by table (see
`COLUMNS`): the people around each child, their household and addresses, and the child's history as events
with the domain records they belong to, in 2010 to today. Each family's obligations come from the timescale
engine itself (`replay`) over the same events, so what is seeded is what the engine would have produced.

Families share one story (siblings are referred, planned for and visited together); a child born after an
episode began joins the story at the next episode. Everyone is synthetic: names come from fixed lists, NHS
numbers from the never-issued 999 range, postcodes from the fictional NM (in borough) and ZY (out of area) areas.
"""

from __future__ import annotations

import bisect
import heapq
import json
import math
import random
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hearth.care.models import CareLeaverStatus, CarePeriod, Placement
from hearth.children_in_need.models import Assessment, CinEpisode, CinPlan
from hearth.core.calendar import WorkingDayCalendar
from hearth.core.codesets import (
    CategoryOfAbuse,
    LegalStatus,
    PlacementType,
    ReasonEpisodeCeased,
    ReasonForClosure,
    ReferralSource,
)
from hearth.core.council_settings import SettingsSnapshot
from hearth.core.events import event_type
from hearth.core.identifiers import make_nhs_number, make_upn
from hearth.core.timescales.engine import EngineContext, EventFact, replay
from hearth.core.timescales.rules import Owner, Rule
from hearth.core.timescales.rules import rule as rule_version
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.organisation.models import Allocation
from hearth.organisation.roles import Role
from hearth.people.models import Person
from hearth.people.services import name_tokens_for
from hearth.protection.models import ChildProtectionPlan

# ============================================================================================
# Size of the council
# ============================================================================================

DEFAULT_CHILDREN = 6000
"""Children known to children's services in a council of about 53,800 children (the 2012 inspection)."""
DEFAULT_LOOKED_AFTER = 388
DEFAULT_PROTECTION = 227
DEFAULT_CHILD_IN_NEED = 1000
DEFAULT_EARLY_HELP = 400
DEFAULT_CARE_LEAVERS = 120
CHUNK_CHILDREN = 5000
HISTORY_START = date(2010, 1, 4)
CASELOAD = 18
"""Target children per social worker; teams have about nine workers."""
TEAM_SIZE = 9

# Status of a family today. Children in need are split into those still being assessed and those on a plan.
LAC, CP, CIN_A, CIN_P, EH, CL, CLOSED = range(7)
STATUS_NAMES = (
    "looked_after",
    "protection",
    "cin_assessment",
    "cin_plan",
    "early_help",
    "care_leaver",
    "closed",
)
# Which kind of team holds a family in each open status.
RA, SG, CIC, LC, EHT = "ra", "sg", "cic", "lc", "eh"
KINDS = (RA, SG, CIC, LC, EHT)
KIND_OF_STATUS = {LAC: CIC, CP: SG, CIN_A: RA, CIN_P: SG, EH: EHT, CL: LC}
TEAM_NAMES = {
    RA: ("Referral and Assessment", ("1", "2", "3")),
    SG: ("Safeguarding", ("North", "South", "East", "West", "Central", "Valley")),
    CIC: ("Children in Care", ("1", "2", "3", "4")),
    LC: ("Leaving Care", ("",)),
    EHT: ("Early Help", ("East", "West", "North", "South")),
}
SERVICE_OF_KIND = {
    RA: "Front door",
    SG: "Children in need and protection",
    CIC: "Children looked after",
    LC: "Children looked after",
    EHT: "Early help",
}
QA_SERVICE = "Safeguarding and quality assurance"
FRONT_DOOR_TEAM = "Front Door (MASH)"
REVIEW_TEAM = "Conference and Review Unit"
PERFORMANCE_TEAM = "Performance and Quality"

_FAMILY_SIZES = ((1, 50), (2, 28), (3, 14), (4, 6), (5, 2))


@dataclass
class CouncilPlan:
    """How many children are in each status today, grouped into families, and who holds each open family."""

    children: int
    seed: int
    today: date
    counts: dict[str, int]
    family_first: array[int]
    family_size: array[int]
    family_status: array[int]
    family_worker: array[int]
    workers: dict[str, int]
    teams: dict[str, int]
    chunks: list[tuple[int, int]]
    scale: float

    @property
    def families(self) -> int:
        return len(self.family_size)

    def children_in_status(self, status: int) -> int:
        return sum(
            size for size, st in zip(self.family_size, self.family_status, strict=True) if st == status
        )

    @property
    def looked_after(self) -> int:
        return self.counts["looked_after"]

    @property
    def protection(self) -> int:
        return self.counts["protection"]


def status_counts(children: int) -> dict[str, int]:
    """Children per status today: the inspection's 388 and 227 at the default size, in proportion otherwise."""
    if children < 1:
        raise ValueError("The council needs at least one child")
    if children == DEFAULT_CHILDREN:
        looked_after, protection = DEFAULT_LOOKED_AFTER, DEFAULT_PROTECTION
    else:
        looked_after = round(children * DEFAULT_LOOKED_AFTER / DEFAULT_CHILDREN)
        protection = round(children * DEFAULT_PROTECTION / DEFAULT_CHILDREN)
    in_need = round(children * DEFAULT_CHILD_IN_NEED / DEFAULT_CHILDREN)
    assessing = round(in_need * 0.3)
    counts = {
        "looked_after": looked_after,
        "protection": protection,
        "cin_assessment": assessing,
        "cin_plan": in_need - assessing,
        "early_help": round(children * DEFAULT_EARLY_HELP / DEFAULT_CHILDREN),
        "care_leaver": round(children * DEFAULT_CARE_LEAVERS / DEFAULT_CHILDREN),
    }
    # Very small councils: take from the largest open groups until the open children fit.
    while sum(counts.values()) > children:
        largest = max(counts, key=lambda key: counts[key])
        counts[largest] -= 1
    counts["closed"] = children - sum(counts.values())
    return counts


def plan_council(children: int = DEFAULT_CHILDREN, seed: int = 1, today: date | None = None) -> CouncilPlan:
    """Decide every family's size and status today and balance the open ones across social workers."""
    today = today or date.today()  # noqa: DTZ011 - callers pass timezone.localdate(); this is a fallback
    rng = random.Random(seed)
    counts = status_counts(children)
    sizes = [size for size, _ in _FAMILY_SIZES]
    weights = [weight for _, weight in _FAMILY_SIZES]
    families: list[tuple[int, int]] = []
    for status, name in enumerate(STATUS_NAMES):
        remaining = counts[name]
        while remaining > 0:
            size = 1 if status == CL else min(remaining, rng.choices(sizes, weights)[0])
            families.append((size, status))
            remaining -= size
    rng.shuffle(families)
    family_first, family_size = array("q"), array("b")
    family_status, family_worker = array("b"), array("q")
    first = 0
    for size, status in families:
        family_first.append(first)
        family_size.append(size)
        family_status.append(status)
        family_worker.append(-1)
        first += size

    per_kind = dict.fromkeys(KINDS, 0)
    for status, kind in KIND_OF_STATUS.items():
        per_kind[kind] += counts[STATUS_NAMES[status]]
    workers = {kind: max(1, math.ceil(n / CASELOAD)) for kind, n in per_kind.items()}
    teams = {kind: max(1, round(workers[kind] / TEAM_SIZE)) for kind in KINDS}
    heaps: dict[str, list[tuple[int, int]]] = {kind: [(0, i) for i in range(workers[kind])] for kind in KINDS}
    for index, (size, status) in enumerate(families):
        holder = KIND_OF_STATUS.get(status)
        if holder is None:
            continue
        load, worker = heapq.heappop(heaps[holder])
        family_worker[index] = worker
        heapq.heappush(heaps[holder], (load + size, worker))

    chunks: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(families) + 1):
        if index == len(families) or family_first[index] - family_first[start] >= CHUNK_CHILDREN:
            chunks.append((start, index))
            start = index
    return CouncilPlan(
        children=children,
        seed=seed,
        today=today,
        counts=counts,
        family_first=family_first,
        family_size=family_size,
        family_status=family_status,
        family_worker=family_worker,
        workers=workers,
        teams=teams,
        chunks=chunks,
        scale=children / DEFAULT_CHILDREN,
    )


# ============================================================================================
# Names, places and services (fixed lists; everyone is synthetic)
# ============================================================================================

# name group -> (girls' names, boys' names, women's names, men's names, surnames)
_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "british": (
        (
            "Olivia",
            "Amelia",
            "Isla",
            "Ava",
            "Mia",
            "Ivy",
            "Lily",
            "Isabella",
            "Rosie",
            "Sophia",
            "Grace",
            "Freya",
            "Poppy",
            "Evie",
            "Ella",
            "Charlotte",
            "Emily",
            "Jessica",
            "Chloe",
            "Megan",
            "Lauren",
            "Sophie",
            "Holly",
            "Leah",
            "Paige",
            "Courtney",
            "Jade",
            "Amber",
            "Ruby",
            "Millie",
            "Daisy",
            "Phoebe",
            "Erin",
            "Maisie",
            "Scarlett",
            "Harper",
            "Willow",
            "Lola",
            "Summer",
            "Tilly",
            "Niamh",
            "Caitlin",
            "Zoë",
            "Kayla",
            "Skye",
        ),
        (
            "Oliver",
            "George",
            "Harry",
            "Noah",
            "Jack",
            "Leo",
            "Arthur",
            "Charlie",
            "Oscar",
            "Jacob",
            "Thomas",
            "James",
            "William",
            "Alfie",
            "Joshua",
            "Freddie",
            "Archie",
            "Henry",
            "Ethan",
            "Riley",
            "Mason",
            "Tyler",
            "Callum",
            "Kyle",
            "Liam",
            "Connor",
            "Jordan",
            "Bradley",
            "Lewis",
            "Dylan",
            "Jayden",
            "Kai",
            "Reece",
            "Ryan",
            "Luke",
            "Daniel",
            "Samuel",
            "Max",
            "Finley",
            "Harvey",
            "Logan",
            "Jake",
            "Owen",
            "Toby",
            "Lucas",
        ),
        (
            "Sarah",
            "Emma",
            "Lisa",
            "Michelle",
            "Claire",
            "Rachel",
            "Nicola",
            "Kelly",
            "Gemma",
            "Stacey",
            "Donna",
            "Joanne",
            "Amy",
            "Laura",
            "Kirsty",
            "Leanne",
            "Samantha",
            "Victoria",
            "Natalie",
            "Danielle",
            "Hayley",
            "Jodie",
            "Zoe",
            "Vicky",
            "Katie",
            "Jennifer",
            "Karen",
            "Tracey",
            "Louise",
            "Kerry",
            "Chantelle",
        ),
        (
            "David",
            "Paul",
            "Mark",
            "Andrew",
            "Richard",
            "Lee",
            "Craig",
            "Darren",
            "Wayne",
            "Jason",
            "Dean",
            "Carl",
            "Gary",
            "Steven",
            "Matthew",
            "Christopher",
            "Daniel",
            "Michael",
            "Anthony",
            "Scott",
            "Stuart",
            "Gavin",
            "Ryan",
            "Adam",
            "Ashley",
            "Jamie",
            "Shaun",
            "Neil",
            "Kevin",
            "Martin",
            "Liam",
            "Danny",
        ),
        (
            "Smith",
            "Jones",
            "Taylor",
            "Brown",
            "Williams",
            "Wilson",
            "Johnson",
            "Davies",
            "Robinson",
            "Wright",
            "Thompson",
            "Evans",
            "Walker",
            "White",
            "Roberts",
            "Green",
            "Hall",
            "Wood",
            "Jackson",
            "Clarke",
            "Hughes",
            "Edwards",
            "Turner",
            "Hill",
            "Moore",
            "Cooper",
            "Ward",
            "Harris",
            "Lewis",
            "Martin",
            "Baker",
            "Clark",
            "Kelly",
            "Allen",
            "Mitchell",
            "Wilkinson",
            "Bennett",
            "Shaw",
            "Holt",
            "Barlow",
            "Hague",
            "Schofield",
            "Ashworth",
            "Kershaw",
            "Heywood",
            "Ogden",
            "Hollingworth",
            "Bradshaw",
            "Whitehead",
            "Lees",
            "Cheetham",
            "Greenwood",
            "Fletcher",
            "Booth",
            "Howarth",
            "Kenyon",
            "Butterworth",
            "Lord",
            "Pickering",
            "Hampson",
            "O'Brien",
            "O'Neill",
            "McDonald",
            "Murphy",
            "Doyle",
            "Byrne",
            "Gallagher",
            "Quinn",
            "Smith-Jones",
        ),
    ),
    "traveller": (
        ("Mary", "Bridget", "Kathleen", "Margaret", "Ellen", "Josie", "Shelby", "Nora"),
        ("Patrick", "Michael", "John", "Martin", "Thomas", "Johnny", "Francis", "Jimmy"),
        ("Mary", "Bridget", "Kathleen", "Margaret", "Nora", "Ann"),
        ("Patrick", "Michael", "John", "Martin", "Thomas", "Christopher"),
        ("Ward", "McDonagh", "Connors", "Doherty", "Maughan", "Lee", "Price", "Boswell", "Joyce", "Stokes"),
    ),
    "roma": (
        ("Denisa", "Nikola", "Alexandra", "Vanesa", "Bianca", "Andrea"),
        ("Marek", "Denis", "Roman", "Patrik", "Adrian", "Florin"),
        ("Monika", "Renata", "Simona", "Iveta", "Elena"),
        ("Milan", "Jozef", "Ladislav", "Stefan", "Ion"),
        ("Balog", "Horvath", "Lakatos", "Dudas", "Kalanyos", "Rostas", "Stan"),
    ),
    "east_european": (
        ("Zofia", "Julia", "Maja", "Natalia", "Oliwia", "Wiktoria", "Alicja", "Emilia", "Lena", "Ioana"),
        ("Jakub", "Kacper", "Szymon", "Filip", "Mateusz", "Antoni", "Oskar", "Andrei", "Darius", "Tomas"),
        ("Agnieszka", "Katarzyna", "Magdalena", "Anna", "Joanna", "Ewa", "Elena", "Laura"),
        ("Piotr", "Tomasz", "Lukasz", "Michal", "Krzysztof", "Pawel", "Marius", "Andrius"),
        (
            "Kowalski",
            "Nowak",
            "Wiśniewski",
            "Wojcik",
            "Kaminski",
            "Lewandowski",
            "Zielinski",
            "Popescu",
            "Ionescu",
            "Kazlauskas",
            "Petrauskas",
            "Dabrowski",
        ),
    ),
    "bangladeshi": (
        ("Ayesha", "Fatima", "Sumaiya", "Tasnim", "Nusrat", "Sadia", "Jannat", "Ruqayyah", "Amina", "Maisha"),
        ("Mohammed", "Abdul", "Rahim", "Ibrahim", "Yusuf", "Ayaan", "Rayyan", "Zayan", "Hamza", "Imran"),
        ("Shahana", "Rehana", "Salma", "Nazma", "Rokeya", "Shirin", "Ruksana"),
        ("Abdul", "Mohammed", "Shahid", "Anwar", "Kamal", "Jamal", "Rafiq"),
        ("Begum", "Miah", "Uddin", "Ahmed", "Islam", "Rahman", "Hussain", "Ali", "Khatun", "Chowdhury"),
    ),
    "pakistani": (
        ("Zara", "Maryam", "Aisha", "Hafsa", "Iqra", "Noor", "Khadija", "Anaya", "Zainab", "Eman"),
        ("Muhammad", "Ali", "Hassan", "Bilal", "Usman", "Zain", "Adam", "Umar", "Ibrahim", "Musa"),
        ("Saira", "Nazia", "Shazia", "Samina", "Rubina", "Farzana", "Asma"),
        ("Imran", "Tariq", "Faisal", "Kashif", "Asif", "Nadeem", "Zahid"),
        ("Khan", "Hussain", "Akhtar", "Iqbal", "Shah", "Butt", "Mahmood", "Rashid", "Bibi", "Qureshi"),
    ),
    "indian": (
        ("Priya", "Anjali", "Simran", "Harpreet", "Jasleen", "Kavya", "Diya", "Meera", "Pooja", "Anika"),
        ("Arjun", "Rohan", "Aarav", "Harjit", "Gurpreet", "Vikram", "Ravi", "Dev", "Kiran", "Jaskaran"),
        ("Sunita", "Rajinder", "Manjit", "Nisha", "Kamaljit", "Hema", "Bhavna"),
        ("Sanjay", "Rajesh", "Sukhdev", "Amrit", "Paramjit", "Dinesh", "Mukesh"),
        ("Patel", "Singh", "Kaur", "Sharma", "Gill", "Mistry", "Chauhan", "Parmar", "Sandhu", "Dhillon"),
    ),
    "african": (
        (
            "Amara",
            "Chioma",
            "Blessing",
            "Precious",
            "Abena",
            "Ifeoma",
            "Adaeze",
            "Zainab",
            "Fatoumata",
            "Hodan",
        ),
        (
            "Chidi",
            "Emmanuel",
            "Samuel",
            "Kwame",
            "Tobi",
            "Oluwaseun",
            "David",
            "Kofi",
            "Daniel",
            "Abdirahman",
        ),
        ("Ngozi", "Funmilayo", "Akosua", "Comfort", "Grace", "Hawa", "Faith"),
        ("Chukwuemeka", "Olumide", "Kwabena", "Yaw", "Emeka", "Abdi", "Joseph"),
        (
            "Okafor",
            "Adeyemi",
            "Mensah",
            "Osei",
            "Okoye",
            "Adebayo",
            "Nwosu",
            "Bello",
            "Abdi",
            "Mohamed",
            "Diallo",
            "Asante",
            "Owusu",
            "Warsame",
        ),
    ),
    "caribbean": (
        ("Aaliyah", "Jada", "Kiara", "Tianna", "Shanice", "Imani", "Naomi", "Malia"),
        ("Jaden", "Tyrese", "Kymani", "Marcus", "Isaiah", "Elijah", "Dwayne", "Reuben"),
        ("Marcia", "Sharon", "Paulette", "Yvonne", "Beverley", "Janice", "Donna"),
        ("Winston", "Delroy", "Clive", "Leroy", "Trevor", "Errol", "Marlon"),
        ("Campbell", "Francis", "Thomas", "Grant", "Reid", "Gordon", "Henry", "Samuels", "Morgan", "Bailey"),
    ),
    "chinese": (
        ("Mei", "Xin", "Jia", "Yan", "Hui", "Ling"),
        ("Wei", "Jun", "Hao", "Ming", "Chen", "Yu"),
        ("Li", "Fang", "Hong", "Xiu", "Ying"),
        ("Wei", "Jian", "Qiang", "Gang", "Tao"),
        ("Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Lam", "Cheung"),
    ),
    "middle_eastern": (
        ("Leila", "Yasmin", "Hana", "Mariam", "Rania", "Shilan", "Dilan", "Ava"),
        ("Omar", "Ahmad", "Karim", "Mustafa", "Hamid", "Rebin", "Sina", "Yousef"),
        ("Fatemeh", "Nasrin", "Shirin", "Layla", "Huda", "Roza"),
        ("Hassan", "Mahmoud", "Reza", "Kawa", "Samir", "Jamil"),
        ("Rahimi", "Ahmadi", "Karimi", "Hassan", "Mohammadi", "Aziz", "Haidari", "Saleh", "Nguyen", "Santos"),
    ),
}

# Ethnicity (DfE codes) of children in need in England, roughly; the mother's and father's name groups.
_ETHNICITIES: tuple[tuple[str, float, str, str], ...] = (
    ("WBRI", 67.0, "british", "british"),
    ("WIRI", 0.4, "british", "british"),
    ("WIRT", 0.4, "traveller", "traveller"),
    ("WROM", 0.6, "roma", "roma"),
    ("WOTH", 5.5, "east_european", "east_european"),
    ("MWBC", 2.5, "british", "caribbean"),
    ("MWBA", 1.2, "british", "african"),
    ("MWAS", 1.5, "british", "pakistani"),
    ("MOTH", 2.5, "british", "middle_eastern"),
    ("AIND", 1.6, "indian", "indian"),
    ("APKN", 3.4, "pakistani", "pakistani"),
    ("ABAN", 2.2, "bangladeshi", "bangladeshi"),
    ("AOTH", 1.5, "middle_eastern", "middle_eastern"),
    ("BCRB", 1.5, "caribbean", "caribbean"),
    ("BAFR", 4.0, "african", "african"),
    ("BOTH", 1.2, "caribbean", "african"),
    ("CHNE", 0.3, "chinese", "chinese"),
    ("OOTH", 2.0, "middle_eastern", "middle_eastern"),
    ("REFU", 0.3, "british", "british"),
    ("NOBT", 0.9, "british", "british"),
)
# Parents' own ethnicity when the children's is mixed.
_PARENT_ETHNICITY = {
    "MWBC": ("WBRI", "BCRB"),
    "MWBA": ("WBRI", "BAFR"),
    "MWAS": ("WBRI", "APKN"),
    "MOTH": ("WBRI", "OOTH"),
    "BOTH": ("BCRB", "BAFR"),
}
# name group -> (religions with weights, first language of parents when not English, chance it is not English,
# nationality of parents born abroad, chance they were)
_CULTURE: dict[str, tuple[tuple[tuple[str, int], ...], str, float, str, float]] = {
    "british": ((("NONE", 50), ("CHRISTIAN", 38), ("NOT_STATED", 12)), "English", 0.0, "British", 0.0),
    "traveller": ((("CHRISTIAN", 85), ("NOT_STATED", 15)), "English", 0.0, "Irish", 0.3),
    "roma": ((("CHRISTIAN", 70), ("NOT_STATED", 30)), "Romani", 0.6, "Slovak", 0.8),
    "east_european": ((("CHRISTIAN", 80), ("NONE", 12), ("NOT_STATED", 8)), "Polish", 0.55, "Polish", 0.7),
    "bangladeshi": ((("MUSLIM", 95), ("NOT_STATED", 5)), "Bengali", 0.35, "Bangladeshi", 0.35),
    "pakistani": ((("MUSLIM", 96), ("NOT_STATED", 4)), "Urdu", 0.3, "Pakistani", 0.3),
    "indian": (
        (("SIKH", 40), ("HINDU", 40), ("MUSLIM", 12), ("NOT_STATED", 8)),
        "Panjabi",
        0.3,
        "Indian",
        0.35,
    ),
    "african": ((("CHRISTIAN", 60), ("MUSLIM", 35), ("NOT_STATED", 5)), "Yoruba", 0.25, "Nigerian", 0.5),
    "caribbean": ((("CHRISTIAN", 60), ("NONE", 30), ("NOT_STATED", 10)), "English", 0.0, "British", 0.1),
    "chinese": ((("NONE", 60), ("BUDDHIST", 25), ("CHRISTIAN", 15)), "Cantonese", 0.5, "Chinese", 0.6),
    "middle_eastern": ((("MUSLIM", 85), ("NOT_STATED", 15)), "Kurdish", 0.5, "Iraqi", 0.7),
}

_STREETS = (
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
_DISTRICTS = (
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
_OUT_OF_AREA = (("ZY1", "Westbury"), ("ZY2", "Ravensworth"), ("ZY3", "Kingsmead"), ("ZY4", "Hollowfield"))
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

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
_SCHOOLS: tuple[str, ...] = (
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
_PRIMARY = tuple(i for i, name in enumerate(_SCHOOLS) if "Primary" in name)
_SECONDARY = tuple(i for i, name in enumerate(_SCHOOLS) if name.endswith(("High School", "Academy")))
_GP_PRACTICES: tuple[str, ...] = (
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
assert len(_SCHOOLS) == 97 and len(_GP_PRACTICES) == 42


# ============================================================================================
# Code sets with weights
# ============================================================================================

_REFERRAL_SOURCES = (
    ("6", 29),
    ("2A", 18),
    ("2B", 2),
    ("3A", 3),
    ("3B", 3),
    ("3C", 1),
    ("3D", 2),
    ("3E", 3),
    ("3F", 2),
    ("4", 2),
    ("5A", 3),
    ("5B", 3),
    ("5C", 2),
    ("5D", 6),
    ("1A", 5),
    ("1B", 1),
    ("1C", 1),
    ("1D", 1),
    ("7", 3),
    ("8", 5),
    ("9", 1),
    ("10", 1),
)
_NEEDS = (("N1", 57), ("N2", 10), ("N3", 3), ("N4", 9), ("N5", 15), ("N6", 2), ("N7", 1), ("N8", 3))
_CATEGORIES = (("NEG", 48), ("EMO", 38), ("PHY", 7), ("SAB", 4), ("MUL", 3))
_FACTORS = (
    ("3B", 30),
    ("4B", 25),
    ("2B", 14),
    ("1B", 13),
    ("16A", 15),
    ("17A", 12),
    ("18C", 6),
    ("3A", 8),
    ("4A", 9),
    ("14A", 5),
    ("24A", 3),
    ("11A", 2),
    ("10A", 3),
    ("5A", 3),
    ("6A", 3),
    ("5B", 4),
    ("7A", 2),
    ("20", 4),
)
_LEGAL = (("C2", 45), ("C1", 20), ("V2", 27), ("L2", 3), ("J1", 1))
_CARE_ENDS = (
    ("E4A", 30),
    ("E4B", 5),
    ("E41", 8),
    ("E45", 8),
    ("E46", 4),
    ("E47", 3),
    ("E13", 5),
    ("E8", 5),
)
_ADOPTED = (("E11", 2), ("E12", 1))
_LEAVING_AT_18 = (("E17", 25), ("E5", 55), ("E6", 10), ("E8", 10))
_FOSTER = (("U6", 40), ("U4", 25), ("U5", 3), ("U3", 10), ("U1", 6), ("U2", 1))
_FAILED_REASONS = ("No one at home", "Refused entry", "Child not at home", "Family had moved without notice")
_EH_LEADS = (
    ("Family support worker", "Northmoor Early Help"),
    ("School", ""),
    ("Health visitor", "Northmoor Community Health"),
    ("Children's centre worker", "Northmoor Children's Centres"),
    ("Youth worker", "Northmoor Youth Service"),
)
_CARE_REASON_TO_CLOSURE = {"E11": "RC1", "E12": "RC1", "E45": "RC4", "E46": "RC4", "E47": "RC4", "E41": "RC3"}
_DISABILITIES = (
    ("LD", 30),
    ("AUT", 30),
    ("COMM", 15),
    ("BEH", 10),
    ("MOB", 5),
    ("HEAR", 4),
    ("VIS", 3),
    ("PC", 3),
)
_WARNINGS = (
    "Risk to staff: history of aggression towards professionals",
    "Do not share address: domestic abuse",
    "Lone working: visit in pairs",
)


class _Weighted:
    """A weighted choice with a precomputed cumulative table (faster than random.choices in a loop)."""

    def __init__(self, items: Sequence[tuple[Any, float]]) -> None:
        self.values = [value for value, _ in items]
        self.cumulative: list[float] = []
        total = 0.0
        for _, weight in items:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.total)]


W_SOURCE = _Weighted(_REFERRAL_SOURCES)
W_NEED = _Weighted(_NEEDS)
W_CATEGORY = _Weighted(_CATEGORIES)
W_FACTOR = _Weighted(_FACTORS)
W_LEGAL = _Weighted(_LEGAL)
W_CARE_END = _Weighted(_CARE_ENDS)
W_ADOPTED = _Weighted(_ADOPTED)
W_AT_18 = _Weighted(_LEAVING_AT_18)
W_FOSTER = _Weighted(_FOSTER)
W_DISABILITY = _Weighted(_DISABILITIES)
W_ETHNICITY = _Weighted([((code, mother, father), weight) for code, weight, mother, father in _ETHNICITIES])
W_RELIGION = {group: _Weighted(culture[0]) for group, culture in _CULTURE.items()}


# ============================================================================================
# Columns of each table, in the order the generator writes row tuples
# ============================================================================================

COLUMNS: dict[str, tuple[str, ...]] = {
    "person": (
        "id",
        "person_number",
        "kind",
        "forename",
        "middle_names",
        "surname",
        "preferred_name",
        "date_of_birth",
        "expected_date_of_birth",
        "date_of_death",
        "sex",
        "gender_identity",
        "ethnicity",
        "first_language",
        "interpreter_needed",
        "religion",
        "nationality",
        "upn",
        "former_upn",
        "upn_unknown",
        "nhs_number",
        "is_restricted",
        "warnings",
        "merged_into_id",
        "version",
        "created_at",
    ),
    "household": ("id", "family_identifier"),
    "membership": ("household_id", "person_id", "start_date", "end_date"),
    "address": ("person_id", "type", "line_1", "line_2", "town", "postcode", "start_date", "end_date"),
    "disability": ("person_id", "code", "start_date", "end_date"),
    "relationship": ("person_id", "other_id", "type", "parental_responsibility", "start_date", "end_date"),
    "nametoken": ("person_id", "token", "phonetic"),
    "professional": (
        "child_id",
        "role",
        "name",
        "organisation",
        "telephone",
        "email",
        "staff_user_id",
        "start_date",
        "end_date",
    ),
    "cin": (
        "id",
        "child_id",
        "referral_date",
        "referral_source",
        "primary_need",
        "referral_nfa",
        "closure_date",
        "reason_for_closure",
    ),
    "assessment": ("id", "episode_id", "start_date", "authorisation_date", "child_seen_date", "factors"),
    "cinplan": ("id", "episode_id", "start_date", "end_date"),
    "cpp": (
        "id",
        "child_id",
        "cin_episode_id",
        "start_date",
        "end_date",
        "initial_category",
        "latest_category",
    ),
    "care": ("id", "child_id", "start_date", "end_date", "legal_status", "reason_ceased"),
    "placement": ("id", "period_id", "start_date", "end_date", "placement_type", "provider", "postcode"),
    "eh": ("id", "child_id", "start_date", "end_date", "lead_professional", "lead_organisation"),
    "cl": ("id", "child_id", "eligibility", "start_date", "end_date"),
    "allocation": (
        "id",
        "child_id",
        "worker_id",
        "team_id",
        "start_date",
        "end_date",
        "reason",
        "created_by_id",
    ),
    "event": (
        "id",
        "child_id",
        "type",
        "significance",
        "occurred_on",
        "occurred_at",
        "recorded_at",
        "recorded_by_id",
        "record_type",
        "record_id",
        "summary",
        "payload",
    ),
    "obligation": (
        "child_id",
        "rule_id",
        "start_date",
        "due_date",
        "started_by_id",
        "owner_id",
        "team_id",
        "status",
        "met_by_id",
        "closed_on",
    ),
}
# Tables whose ids the generator assigns (others take the database's own ids: nothing refers to their rows).
ID_TABLES = (
    "person",
    "household",
    "cin",
    "assessment",
    "cinplan",
    "cpp",
    "care",
    "placement",
    "eh",
    "cl",
    "allocation",
    "event",
)
# Domain record tables: (has a child_id column, has a parent record column).
_RECORD_SHAPE = {
    "cin": (True, False),
    "assessment": (False, True),
    "cinplan": (False, True),
    "cpp": (True, True),
    "care": (True, False),
    "placement": (False, True),
    "eh": (True, False),
    "cl": (True, False),
    "allocation": (True, False),
}
RECORD_LABELS = {
    "cin": CinEpisode._meta.label_lower,
    "assessment": Assessment._meta.label_lower,
    "cinplan": CinPlan._meta.label_lower,
    "cpp": ChildProtectionPlan._meta.label_lower,
    "care": CarePeriod._meta.label_lower,
    "placement": Placement._meta.label_lower,
    "eh": EarlyHelpEpisode._meta.label_lower,
    "cl": CareLeaverStatus._meta.label_lower,
    "allocation": Allocation._meta.label_lower,
}
# The order rows are written in: parents before children.
TABLE_ORDER = (
    "person",
    "household",
    "membership",
    "address",
    "disability",
    "relationship",
    "nametoken",
    "professional",
    "cin",
    "assessment",
    "cinplan",
    "cpp",
    "care",
    "placement",
    "eh",
    "cl",
    "allocation",
    "event",
    "obligation",
)
Rows = dict[str, list[tuple[Any, ...]]]


# ============================================================================================
# Staff
# ============================================================================================


@dataclass(frozen=True)
class TeamSpec:
    name: str
    service: str
    kind: str  # RA, SG, ... or "" for non-casework teams


@dataclass(frozen=True)
class StaffSpec:
    username: str
    full_name: str
    role: str
    team: str  # team name or ""
    kind: str = ""  # casework kind for social workers
    index: int = -1  # index of the worker within its kind (the plan's family_worker)
    partner_organisation: str = ""
    qualified_years: int = 0
    manager_of: str = ""  # "team" (team manager) or "service" (head of service) or ""


def _person_name(rng: random.Random, female: bool) -> tuple[str, str]:
    _, mother, father = W_ETHNICITY.pick(rng)
    group = _NAMES[mother if female else father]
    forename = rng.choice(group[2] if female else group[3])
    return forename, rng.choice(group[4])


def _username(prefix: str, forename: str, surname: str, taken: set[str]) -> str:
    def slug(text: str) -> str:
        return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalpha())

    base = f"{prefix}.{slug(forename)}.{slug(surname)}"
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}{number}"
    taken.add(name)
    return name


def staff_plan(
    plan: CouncilPlan, taken_usernames: set[str] | None = None
) -> tuple[list[TeamSpec], list[StaffSpec]]:
    """The workforce: casework teams sized to the caseloads, the front door, chairs, IROs, partners, admin."""
    rng = random.Random(f"{plan.seed}:staff")
    taken = set(taken_usernames or ())
    scale = plan.scale
    teams: list[TeamSpec] = []
    staff: list[StaffSpec] = []

    def add(prefix: str, role: str, team: str = "", **extra: Any) -> None:
        female = rng.random() < 0.75 if role != Role.PARTNER_POLICE else rng.random() < 0.4
        forename, surname = _person_name(rng, female)
        staff.append(
            StaffSpec(
                username=_username(prefix, forename, surname, taken),
                full_name=f"{forename} {surname}",
                role=role,
                team=team,
                qualified_years=rng.randint(1, 25),
                **extra,
            )
        )

    services = [SERVICE_OF_KIND[kind] for kind in KINDS]
    for service in dict.fromkeys([*services, QA_SERVICE]):
        add("hos", Role.HEAD_OF_SERVICE, partner_organisation=service, manager_of="service")
    team_names: dict[str, list[str]] = {}
    for kind in KINDS:
        stem, suffixes = TEAM_NAMES[kind]
        names = []
        for number in range(plan.teams[kind]):
            suffix = suffixes[number] if number < len(suffixes) else str(number + 1)
            names.append(f"{stem} {suffix}".strip() if plan.teams[kind] > 1 or suffix else stem)
        team_names[kind] = names
        teams.extend(TeamSpec(name, SERVICE_OF_KIND[kind], kind) for name in names)
    teams.append(TeamSpec(FRONT_DOOR_TEAM, "Front door", ""))
    teams.append(TeamSpec(REVIEW_TEAM, QA_SERVICE, ""))
    teams.append(TeamSpec(PERFORMANCE_TEAM, QA_SERVICE, ""))
    for team in teams:
        add("tm", Role.TEAM_MANAGER, team.name, manager_of="team")
        if team.kind or team.name == FRONT_DOOR_TEAM:
            add("atm", Role.ASSISTANT_TEAM_MANAGER, team.name)
    for kind in KINDS:
        names = team_names[kind]
        for index in range(plan.workers[kind]):
            add(
                "sw",
                Role.SOCIAL_WORKER,
                names[index * len(names) // plan.workers[kind]],
                kind=kind,
                index=index,
            )
    for _ in range(max(2, round(6 * scale))):
        add("fd", Role.FRONT_DOOR, FRONT_DOOR_TEAM)
    for _ in range(max(1, round(6 * scale))):
        add("cpc", Role.CHILD_PROTECTION_CHAIR, REVIEW_TEAM)
    for _ in range(max(1, round(8 * scale))):
        add("iro", Role.INDEPENDENT_REVIEWING_OFFICER, REVIEW_TEAM)
    for _ in range(max(1, round(scale))):
        add("lado", Role.LADO, REVIEW_TEAM)
    for _ in range(max(1, round(3 * scale))):
        add("perf", Role.PERFORMANCE, PERFORMANCE_TEAM)
    for index in range(max(1, round(5 * scale))):
        add("health", Role.PARTNER_HEALTH, index=index, partner_organisation="Northmoor Community Health")
    for index in range(max(1, round(5 * scale))):
        add("edu", Role.PARTNER_EDUCATION, index=index, partner_organisation=_SCHOOLS[index % len(_SCHOOLS)])
    for index in range(max(1, round(3 * scale))):
        add("police", Role.PARTNER_POLICE, index=index, partner_organisation="Northmoor Police")
    add("admin", Role.ADMINISTRATOR)
    return teams, staff


@dataclass(frozen=True)
class Worker:
    id: int
    team_id: int
    name: str
    team_name: str
    manager_id: int
    kind: str


@dataclass
class Organisation:
    """The staff ids the generator needs (read from the database after the staff are created)."""

    workers: dict[str, list[Worker]]
    front_door: list[int]
    chairs: list[int]
    iros: list[int]
    health: list[int]
    education: list[int]
    police: list[int]
    education_by_school: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for index, user_id in enumerate(self.education):
            self.education_by_school.setdefault(index % len(_SCHOOLS), []).append(user_id)


# ============================================================================================
# The engine context, memoised
# ============================================================================================


class _MemoCalendar(WorkingDayCalendar):
    """The council's calendar with add_working_days remembered (the same answers, computed once)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "_memo", {})

    def add_working_days(self, start: date, n: int) -> date:
        memo: dict[tuple[date, int], date] = self._memo  # type: ignore[attr-defined]
        key = (start, n)
        found = memo.get(key)
        if found is None:
            found = memo[key] = super().add_working_days(start, n)
        return found


class _MemoSettings(SettingsSnapshot):
    """A settings snapshot whose answers are remembered."""

    def __init__(self, inner: SettingsSnapshot) -> None:
        self._inner = inner
        self._memo: dict[tuple[str, date], Any] = {}

    def value(self, key: str, on: date) -> Any:
        memo_key = (key, on)
        if memo_key not in self._memo:
            self._memo[memo_key] = self._inner.value(key, on)
        return self._memo[memo_key]


class MemoContext(EngineContext):
    """One engine context for the whole seed: the same rules, calendar and settings, with lookups remembered.

    The engine's `replay` is called unchanged; only `version` and `rules_in_force` (pure functions of their
    arguments) are cached, which makes replaying millions of events affordable.
    """

    _versions: dict[tuple[str, date], Rule]
    _in_force: dict[date, list[Rule]]

    @classmethod
    def wrap(cls, context: EngineContext) -> MemoContext:
        memo = cls(_MemoCalendar(context.calendar.closures), _MemoSettings(context.settings), context.rules)
        object.__setattr__(memo, "_versions", {})
        object.__setattr__(memo, "_in_force", {})
        return memo

    def version(self, rule_id: str, on: date) -> Rule:
        key = (rule_id, on)
        found = self._versions.get(key)
        if found is None:
            found = self._versions[key] = super().version(rule_id, on)
        return found

    def rules_in_force(self, on: date) -> list[Rule]:
        found = self._in_force.get(on)
        if found is None:
            found = self._in_force[on] = super().rules_in_force(on)
        return found


# ============================================================================================
# Generation context
# ============================================================================================


@dataclass(frozen=True)
class PayloadInfo:
    """An event payload with its JSON text and its registry summary, computed once per distinct payload."""

    payload: dict[str, Any]
    json: str
    summary: str


@dataclass
class GenContext:
    """Everything chunk generation needs; the id counters advance as chunks are generated in order."""

    plan: CouncilPlan
    org: Organisation
    engine: EngineContext
    la_number: int
    next_id: dict[str, int]
    child_number: int
    adult_number: int
    nhs_child_chance: float = 1.0
    nhs_adult_chance: float = 1.0
    used_nhs: set[str] = field(default_factory=set)
    used_upn: set[str] = field(default_factory=set)
    _payloads: dict[tuple[Any, ...], PayloadInfo] = field(default_factory=dict)
    _tokens: dict[tuple[str, str, str], list[tuple[str, str]]] = field(default_factory=dict)
    _days: dict[int, tuple[date, str]] = field(default_factory=dict)
    _owner: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        plan: CouncilPlan,
        org: Organisation,
        engine: EngineContext,
        *,
        la_number: int,
        next_id: dict[str, int],
        child_number: int = 0,
        adult_number: int = 0,
    ) -> GenContext:
        context = cls(
            plan=plan,
            org=org,
            engine=engine if isinstance(engine, MemoContext) else MemoContext.wrap(engine),
            la_number=la_number,
            next_id=dict(next_id),
            child_number=child_number,
            adult_number=adult_number,
        )
        # NHS test numbers (999 000 0000 to 999 999 9999) run to about 909,000: keep within 60% of them.
        budget = 545_000
        adults = plan.children * 1.3
        context.nhs_child_chance = min(1.0, budget / plan.children)
        context.nhs_adult_chance = max(0.0, min(1.0, (budget - plan.children) / adults))
        return context

    def payload(self, etype: str, **values: Any) -> PayloadInfo:
        key = (etype, *values.items())
        found = self._payloads.get(key)
        if found is None:
            found = self._payloads[key] = PayloadInfo(
                values, json.dumps(values, ensure_ascii=False), event_type(etype).summarise(values)
            )
        return found

    def day(self, ordinal: int) -> tuple[date, str]:
        found = self._days.get(ordinal)
        if found is None:
            when = date.fromordinal(ordinal)
            found = self._days[ordinal] = (when, when.isoformat())
        return found

    def tokens(self, forename: str, middle: str, surname: str) -> list[tuple[str, str]]:
        """Name search rows for a name, from people.services.name_tokens_for (the one definition).

        Each name's rows are one row per (word, phonetic key) of its words, so a middle name's rows are
        looked up on their own and added to the rest (remembered either way: names repeat a lot).
        """
        found = self._names(forename, surname)
        if middle:
            found = found + [row for row in self._names(middle, "") if row not in found]
        return found

    def _names(self, forename: str, surname: str) -> list[tuple[str, str]]:
        key = (forename, "", surname)
        found = self._tokens.get(key)
        if found is None:
            person = Person(forename=forename, surname=surname)
            found = self._tokens[key] = [(row.token, row.phonetic) for row in name_tokens_for(person)]
        return found

    def owned_by_worker(self, rule_id: str) -> bool:
        found = self._owner.get(rule_id)
        if found is None:
            found = self._owner[rule_id] = rule_version(rule_id).owner == Owner.ALLOCATED_WORKER
        return found

    def take(self, table: str, count: int = 1) -> int:
        first = self.next_id[table]
        self.next_id[table] = first + count
        return first


# ============================================================================================
# A family's story
# ============================================================================================

_YEAR = 365.25
_SIGNIFICANCE: dict[str, str] = {}


def _significance(etype: str) -> str:
    found = _SIGNIFICANCE.get(etype)
    if found is None:
        found = _SIGNIFICANCE[etype] = str(event_type(etype).significance)
    return found


def _weekday(day: int) -> int:
    """Monday is 0 (date(1, 1, 1) is a Monday with ordinal 1)."""
    return (day - 1) % 7


def _on_weekday(day: int) -> int:
    wd = _weekday(day)
    return day + (2 if wd == 5 else 1 if wd == 6 else 0)


_WORKER = -1


class _Story:
    """One family's history: timeline entries (events) and the domain records they belong to."""

    def __init__(self, g: GenContext, rng: random.Random, today: int) -> None:
        self.g = g
        self.rng = rng
        self.r = rng.random
        self.today = today
        # [day, seq, type, PayloadInfo, record slot, recorded by, PayloadInfo for under-4s or None]
        self.entries: list[list[Any]] = []
        # [table, parent slot, values]; values are days (ints) where the column is a date
        self.records: list[list[Any]] = []
        self.episodes: list[tuple[int, int]] = []  # (start day, first record slot)
        self.worker: Worker | None = None
        self.alloc_slot = -1
        self.care_spells: list[tuple[int, int | None]] = []  # (start, end) of each care period
        self.placement_postcode = ""
        self.placement_start = 0
        self.chair = 0
        self.iro = 0

    # -- helpers ------------------------------------------------------------------------------

    def u(self, lo: int, hi: int) -> int:
        return lo + int(self.r() * (hi - lo + 1))

    def ev(
        self,
        day: int,
        etype: str,
        payload: PayloadInfo,
        slot: int = -1,
        by: int | None = _WORKER,
        alt: PayloadInfo | None = None,
    ) -> None:
        """An event in the timeline; recorded by the allocated worker unless someone else is named."""
        if by == _WORKER:
            by = self.worker.id if self.worker is not None else None
        self.entries.append([day, len(self.entries), etype, payload, slot, by, alt])

    def hand_over(self, old: int, new: int, day: int) -> None:
        """After a change of worker, the new worker records what happens from that day."""
        for entry in self.entries:
            if entry[0] >= day and entry[5] == old:
                entry[5] = new

    def record(self, table: str, parent: int, values: list[Any]) -> int:
        self.records.append([table, parent, values])
        return len(self.records) - 1

    def episode(self, start: int) -> None:
        self.episodes.append((start, len(self.records)))

    def front_door(self) -> int:
        return self.rng.choice(self.g.org.front_door)

    def allocate(self, day: int, worker: Worker, reason: str) -> None:
        if self.alloc_slot >= 0:
            current = self.records[self.alloc_slot][2]
            if current[3] is None:
                current[3] = day
        self.alloc_slot = self.record(
            "allocation", -1, [worker.id, worker.team_id, day, None, reason, worker.manager_id]
        )
        self.worker = worker
        payload = self.g.payload(
            "allocation.changed", worker=worker.name, team=worker.team_name, reason=reason
        )
        self.ev(day, "allocation.changed", payload, self.alloc_slot, worker.manager_id)

    def deallocate(self, day: int) -> None:
        if self.alloc_slot >= 0:
            current = self.records[self.alloc_slot][2]
            if current[3] is None:
                current[3] = day
        self.alloc_slot = -1
        self.worker = None

    def any_worker(self, kind: str) -> Worker:
        return self.rng.choice(self.g.org.workers[kind])

    def series(
        self,
        start: int,
        stop: int,
        first: tuple[int, int],
        step: tuple[int, int],
        late: float,
        late_step: tuple[int, int],
    ) -> list[int]:
        """Days of a repeating activity from `start`, before `stop`: mostly on time, sometimes late."""
        r = self.r
        days: list[int] = []
        lo, hi = late_step if r() < late else first
        day = _on_weekday(start + lo + int(r() * (hi - lo + 1)))
        while day < stop:
            days.append(day)
            lo, hi = late_step if r() < late else step
            day = _on_weekday(day + lo + int(r() * (hi - lo + 1)))
        return days

    def stop_for(self, end: int | None, behind: bool, gap: int) -> int:
        """Activities run until the end of the episode, or until today (stopping early when falling behind)."""
        if end is not None:
            return end
        if behind:
            return self.today - gap - self.u(1, 20)
        return self.today + 1

    # -- child in need episode ----------------------------------------------------------------

    def referral(
        self,
        day: int,
        *,
        nfa: bool = False,
        need: str | None = None,
        source: str | None = None,
        decision: str = "Assessment",
        by_day: int | None = None,
    ) -> tuple[int, int]:
        """Referral received and decided; returns (episode slot, decision day)."""
        self.episode(day)
        source = source or W_SOURCE.pick(self.rng)
        need = "" if nfa else (need or W_NEED.pick(self.rng))
        slot = self.record("cin", -1, [day, source, need, nfa, None, ""])
        fd = self.front_door()
        self.ev(
            day,
            "referral.received",
            self.g.payload("referral.received", source=ReferralSource(source).label, source_code=source),
            slot,
            fd,
        )
        roll = self.r()
        decided = day if roll < 0.6 else day + 1 if roll < 0.92 else day + self.u(2, 4)
        decided = min(_on_weekday(decided), self.today if by_day is None else by_day)
        self.ev(
            decided,
            "referral.decided",
            self.g.payload("referral.decided", decision="No further action" if nfa else decision),
            slot,
            fd,
        )
        return slot, decided

    def close(self, cin: int, day: int, reason: str) -> None:
        values = self.records[cin][2]
        values[4], values[5] = day, reason
        self.ev(
            day,
            "cin_episode.closed",
            self.g.payload("cin_episode.closed", reason=ReasonForClosure(reason).label, reason_code=reason),
            cin,
        )
        self.deallocate(day)

    def assessment(self, cin: int, start: int, done: int | None) -> int:
        seen = min(start + self.u(0, 7), done if done is not None else self.today)
        count = 1 if self.r() < 0.5 else 2 if self.r() < 0.7 else 3
        factors = sorted({W_FACTOR.pick(self.rng) for _ in range(count)})
        slot = self.record("assessment", cin, [start, done, seen, json.dumps(factors)])
        self.ev(start, "assessment.started", self.g.payload("assessment.started"), slot)
        if done is not None:
            self.ev(done, "assessment.completed", self.g.payload("assessment.completed"), slot)
        return slot

    def assessment_days(self, start: int) -> int:
        late = self.r() < 0.1
        if start < _WT2013_DAY:  # initial assessment: 10 working days under the 2010 profile
            return self.u(15, 30) if late else self.u(3, 13)
        return self.u(64, 100) if late else self.u(10, 60)

    def cin_plan(self, cin: int, start: int, end: int | None, behind: bool) -> None:
        slot = self.record("cinplan", cin, [start, end])
        self.ev(start, "cin_plan.started", self.g.payload("cin_plan.started"), slot)
        stop = self.stop_for(end, behind, 32)
        yes, alone, no = _CIN_SEEN
        for day in self.series(start, stop, (5, 26), (14, 26), 0.04, (29, 45)):
            roll = self.r()
            if roll < 0.04:
                self.ev(day, "cin_visit.completed", self.g.payload("cin_visit.completed", **no), slot)
            elif roll < 0.55:
                self.ev(
                    day,
                    "cin_visit.completed",
                    self.g.payload("cin_visit.completed", **alone),
                    slot,
                    alt=self.g.payload("cin_visit.completed", **yes),
                )
            else:
                self.ev(day, "cin_visit.completed", self.g.payload("cin_visit.completed", **yes), slot)
        if end is not None:
            self.ev(end, "cin_plan.ended", self.g.payload("cin_plan.ended"), slot)

    def section_47(self, cin: int, strategy: int, conference: int, plan: bool) -> None:
        self.ev(
            strategy,
            "strategy_discussion.held",
            self.g.payload("strategy_discussion.held", section_47=True),
            cin,
        )
        self.ev(strategy, "s47.started", self.g.payload("s47.started"), cin)
        self.chair = self.rng.choice(self.g.org.chairs)
        outcome = "Child protection plan" if plan else "No plan: child in need"
        self.ev(conference, "icpc.held", self.g.payload("icpc.held", outcome=outcome), cin, self.chair)

    def cp_plan(self, cin: int, start: int, end: int | None, behind: bool) -> None:
        category = W_CATEGORY.pick(self.rng)
        latest = category if self.r() < 0.9 else W_CATEGORY.pick(self.rng)
        slot = self.record("cpp", cin, [start, end, category, latest])
        label = CategoryOfAbuse(category).label
        self.ev(
            start,
            "cp_plan.started",
            self.g.payload("cp_plan.started", category=label, category_code=category),
            slot,
        )
        stop = self.stop_for(end, behind, 20)
        g = self.g
        seen, alone, no = _CP_SEEN
        r = self.r
        for day in self.series(start, stop, (3, 12), (5, 13), 0.05, (15, 24)):
            roll = r()
            if roll < 0.04:
                g_reason = _FAILED_REASONS[int(r() * len(_FAILED_REASONS))]
                self.ev(day, "cp_visit.failed", g.payload("cp_visit.failed", reason=g_reason), slot)
                day = _on_weekday(day + self.u(1, 3))
                if day >= stop:
                    break
                roll = 0.5
            if roll < 0.07:
                self.ev(day, "cp_visit.completed", g.payload("cp_visit.completed", **no), slot)
            elif roll < 0.7:
                self.ev(
                    day,
                    "cp_visit.completed",
                    g.payload("cp_visit.completed", **alone),
                    slot,
                    alt=g.payload("cp_visit.completed", **seen),
                )
            else:
                self.ev(day, "cp_visit.completed", g.payload("cp_visit.completed", **seen), slot)
        core_stop = end if end is not None else self.today + 1
        first = True
        for day in self.series(start, core_stop, (4, 13), (25, 45), 0.1, (46, 70)):
            if first and self.r() < 0.1:  # first core group sometimes late
                day = _on_weekday(day + self.u(6, 12))
                if day >= core_stop:
                    break
            first = False
            self.ev(day, "core_group.held", g.payload("core_group.held"), slot)
        review_stop = (
            end
            if end is not None
            else (self.today - self.u(200, 260) if behind and self.r() < 0.25 else self.today + 1)
        )
        reviews = self.series(start, review_stop, (60, 89), (150, 180), 0.05, (185, 200))
        for day in reviews:
            self.ev(day, "rcpc.held", g.payload("rcpc.held", outcome="Plan continues"), slot, self.chair)
        if end is not None:
            self.ev(end, "rcpc.held", g.payload("rcpc.held", outcome="Plan ended"), slot, self.chair)
            self.ev(end, "cp_plan.ended", g.payload("cp_plan.ended"), slot)

    def care(
        self, cin: int, start: int, end: int | None, reason: str, age_at_start: float, behind: bool
    ) -> int:
        rng = self.rng
        legal = "E1" if reason in ("E11", "E12") else W_LEGAL.pick(rng)
        slot = self.record("care", -1, [start, end, legal, reason if end is not None else ""])
        self.care_spells.append((start, end))
        self.ev(
            start,
            "care.started",
            self.g.payload("care.started", legal_status=LegalStatus(legal).label, legal_status_code=legal),
            slot,
        )
        self.iro = rng.choice(self.g.org.iros)
        stop = end if end is not None else self.today + 1
        # Placements: the first on the day care starts, then moves now and then.
        moves = [start]
        day = start
        while True:
            day += 60 + int(rng.expovariate(1 / 500))
            if day >= stop - 14:
                break
            moves.append(_on_weekday(day))
        g = self.g
        seen, alone, no = _LAC_SEEN
        for index, begin in enumerate(moves):
            finish = moves[index + 1] if index + 1 < len(moves) else end
            age = age_at_start + (begin - start) / _YEAR
            last = index == len(moves) - 1
            ptype, provider, postcode = self.placement_choice(age, reason if last else "")
            pslot = self.record("placement", slot, [begin, finish, ptype, provider, postcode])
            self.placement_start = begin
            self.ev(
                begin,
                "placement.started",
                g.payload(
                    "placement.started",
                    placement_type=PlacementType(ptype).label,
                    placement_type_code=ptype,
                    provider=provider,
                ),
                pslot,
            )
            visit_stop = finish if finish is not None else self.stop_for(None, behind, 44)
            for visit in self.series(begin, visit_stop, (1, 7), (28, 42), 0.05, (43, 60)):
                roll = self.r()
                if roll < 0.03:
                    self.ev(visit, "lac_visit.completed", g.payload("lac_visit.completed", **no), slot)
                elif roll < 0.75 and age + (visit - begin) / _YEAR >= 4:
                    self.ev(
                        visit,
                        "lac_visit.completed",
                        g.payload("lac_visit.completed", **alone),
                        slot,
                        alt=g.payload("lac_visit.completed", **seen),
                    )
                else:
                    self.ev(visit, "lac_visit.completed", g.payload("lac_visit.completed", **seen), slot)
        review_stop = (
            stop if end is not None or not (behind and self.r() < 0.25) else self.today - self.u(190, 240)
        )
        number = 0
        day = _on_weekday(start + (self.u(29, 40) if self.r() < 0.07 else self.u(10, 27)))
        while day < review_stop:
            number += 1
            self.ev(
                day,
                "lac_review.held",
                g.payload("lac_review.held", number=number, subsequent=number >= 2),
                slot,
                self.iro,
            )
            if number == 1:
                step = self.u(92, 110) if self.r() < 0.05 else self.u(60, 89)
            else:
                step = self.u(185, 200) if self.r() < 0.05 else self.u(150, 180)
            day = _on_weekday(day + step)
        if end is not None:
            self.ev(
                end,
                "care.ended",
                g.payload("care.ended", reason=ReasonEpisodeCeased(reason).label, reason_code=reason),
                slot,
            )
        return slot

    def placement_choice(self, age: float, reason: str) -> tuple[str, str, str]:
        rng, r = self.rng, self.r()
        if reason in ("E11", "E12"):
            ptype = "A5" if r < 0.6 else "A6"
        elif age < 1 and r < 0.1:
            ptype = "R3"
        elif age >= 16 and r < 0.45:
            ptype = "K3" if self.today >= _K3_DAY else "H5"
        elif age >= 11 and r < 0.2:
            ptype = "K2"
        elif r < 0.05:
            ptype = "P1"
        else:
            ptype = W_FOSTER.pick(rng)
        if ptype == "P1":
            provider = "PR0"
        elif ptype in ("A5", "A6") or (ptype[0] == "U" and rng.random() < 0.7) or (ptype == "K2" and r < 0.4):
            provider = "PR1"
        else:
            provider = "PR4" if rng.random() < 0.8 else "PR5"
        district = rng.choice(_OUT_OF_AREA if provider != "PR1" and rng.random() < 0.35 else _DISTRICTS)
        postcode = _postcode(rng, district[0])
        self.placement_postcode = postcode
        return ptype, provider, postcode

    def early_help(self, start: int, end: int | None, worker: Worker) -> None:
        self.episode(start)
        self.allocate(start, worker, "Early help")
        lead, organisation = self.rng.choice(_EH_LEADS)
        slot = self.record(
            "eh",
            -1,
            [start, end, f"{lead} ({worker.team_name})" if lead.startswith("Family") else lead, organisation],
        )
        self.ev(start, "early_help.started", self.g.payload("early_help.started", lead=lead), slot)
        if end is not None:
            self.ev(end, "early_help.ended", self.g.payload("early_help.ended"), slot)
            self.deallocate(end)

    # -- episodes -----------------------------------------------------------------------------

    def closed_episode(self, kind: str, start: int, youngest_age: float) -> int:
        """A complete episode from `start`; returns the day it closed."""
        rng = self.rng
        if kind == "eh":
            end = start + self.u(60, 365)
            self.early_help(start, end, self.any_worker(EHT))
            return end
        if kind == "nfa":
            cin, decided = self.referral(start, nfa=True)
            self.close(cin, decided, "RC8")
            return decided
        protect = kind == "cp" or (kind == "care" and self.r() < 0.5)
        cin, decided = self.referral(
            start,
            need="N1" if kind in ("cp", "care") else None,
            decision="Strategy discussion and assessment" if protect else "Assessment",
        )
        self.allocate(decided, self.any_worker(RA), "New referral")
        a_start = _on_weekday(decided + self.u(0, 2))
        done = a_start + self.assessment_days(a_start)
        day, on_plan = done, False
        if protect:
            strategy = _on_weekday(a_start + self.u(0, 8))
            conference = _on_weekday(strategy + (self.u(22, 35) if self.r() < 0.1 else self.u(8, 20)))
            done = min(done, conference)
            self.assessment(cin, a_start, done)
            on_plan = kind == "care" or self.r() < 0.85
            self.section_47(cin, strategy, conference, on_plan)
            day = conference
            if on_plan:
                self.allocate(conference, self.any_worker(SG), "Transfer to long-term team")
                end = _on_weekday(conference + self.u(120, 600))
                self.cp_plan(cin, conference, end, False)
                day = end
        else:
            self.assessment(cin, a_start, done)
        if kind == "assess":
            reason = "RC9" if self.r() < 0.3 and day >= _RC9_DAY else "RC8"
            close_day = _on_weekday(day + self.u(0, 10))
            self.close(cin, close_day, reason)
            return close_day
        if kind == "care":
            care_start = day if on_plan else _on_weekday(day + self.u(0, 30))
            adopted = youngest_age < 6 and self.r() < 0.3
            reason = W_ADOPTED.pick(rng) if adopted else W_CARE_END.pick(rng)
            length = self.u(500, 1100) if adopted else 30 + int(rng.expovariate(1 / 420))
            care_end = _on_weekday(care_start + min(length, 1800))
            self.allocate(care_start, self.any_worker(CIC), "Became looked after")
            self.care(cin, care_start, care_end, reason, youngest_age + (care_start - start) / _YEAR, False)
            self.close(cin, care_end, _CARE_REASON_TO_CLOSURE.get(reason, "RC7"))
            return care_end
        # A child in need plan: directly after the assessment, or stepping down from protection.
        if kind == "cin" or self.r() < 0.5:
            plan_start = day if on_plan else _on_weekday(day + self.u(0, 14))
            if self.worker is None or self.worker.kind != SG:
                self.allocate(plan_start, self.any_worker(SG), "Transfer to long-term team")
            plan_end = _on_weekday(plan_start + self.u(90, 450))
            self.cin_plan(cin, plan_start, plan_end, False)
            day = plan_end
        close_day = _on_weekday(day + self.u(0, 5))
        self.close(cin, close_day, "RC7")
        return close_day


_WT2013_DAY = date(2013, 4, 15).toordinal()
_RC9_DAY = date(2022, 4, 1).toordinal()
_K3_DAY = date(2024, 4, 1).toordinal()
_CIN_SEEN = (
    {"seen": True, "seen_alone": False, "seen_text": "yes"},
    {"seen": True, "seen_alone": True, "seen_text": "yes, seen alone"},
    {"seen": False, "seen_alone": False, "seen_text": "no"},
)
_CP_SEEN = (
    {"seen": True, "seen_alone": False, "seen_text": "child seen"},
    {"seen": True, "seen_alone": True, "seen_text": "child seen alone"},
    {"seen": False, "seen_alone": False, "seen_text": "child not seen"},
)
_LAC_SEEN = _CP_SEEN
# Durations (days) of each kind of closed episode, roughly, to place it before a later one.
_CLOSED_KINDS = _Weighted((("nfa", 18), ("assess", 22), ("eh", 15), ("cin", 22), ("cp", 13), ("care", 10)))
_CLOSED_LENGTH = {"nfa": 10, "assess": 130, "eh": 370, "cin": 620, "cp": 1250, "care": 2650}


def _postcode(rng: random.Random, outward: str) -> str:
    letters = _INWARD_LETTERS
    return f"{outward} {rng.randrange(10)}{letters[rng.randrange(len(letters))]}{letters[rng.randrange(len(letters))]}"


def _age_days(rng: random.Random, bands: Sequence[tuple[float, int, int]]) -> int:
    """Age in days from (weight, lowest year, highest year) bands."""
    roll, total = rng.random() * sum(band[0] for band in bands), 0.0
    for weight, lo, hi in bands:
        total += weight
        if roll <= total:
            return int((lo + rng.random() * (hi - lo + 1)) * _YEAR)
    return int(bands[-1][1] * _YEAR)


_AGE_BANDS: dict[int, tuple[tuple[float, int, int], ...]] = {
    # Looked after: 111 under five, 227 of school age, 50 aged 16-17 (the inspection).
    LAC: ((111, 0, 4), (227, 5, 15), (50, 16, 17)),
    CP: ((35, 0, 4), (30, 5, 9), (30, 10, 15), (5, 16, 17)),
    CIN_A: ((25, 0, 4), (25, 5, 9), (35, 10, 15), (15, 16, 17)),
    CIN_P: ((25, 0, 4), (25, 5, 9), (35, 10, 15), (15, 16, 17)),
    EH: ((35, 0, 4), (30, 5, 9), (30, 10, 15), (5, 16, 17)),
}


# ============================================================================================
# Generating a chunk of families
# ============================================================================================


def generate_chunk(g: GenContext, chunk: int) -> Rows:
    """Rows for one chunk of families (`plan.chunks[chunk]`), with ids continuing from `g.next_id`."""
    plan = g.plan
    rng = random.Random(f"{plan.seed}:chunk:{chunk}")
    rows: Rows = {table: [] for table in TABLE_ORDER}
    lo, hi = plan.chunks[chunk]
    for family in range(lo, hi):
        _Family(g, rng, family, rows).build()
    return rows


# Which values of each record are dates (kept as day numbers while the story is told, written as text).
_DATE_POSITIONS = {
    "cin": (0, 4),
    "assessment": (0, 1, 2),
    "cinplan": (0, 1),
    "cpp": (0, 1),
    "care": (0, 1),
    "placement": (0, 1),
    "eh": (0, 1),
    "cl": (1, 2),
    "allocation": (2, 3),
}


class _Family:
    """Tells one family's story and writes it out: adults, household, children, records, events, obligations."""

    def __init__(self, g: GenContext, rng: random.Random, family: int, rows: Rows) -> None:
        self.g = g
        self.rng = rng
        self.family = family
        self.rows = rows
        plan = g.plan
        self.today = plan.today.toordinal()
        self.status = plan.family_status[family]
        self.size = plan.family_size[family]
        self.story = _Story(g, rng, self.today)
        self.dobs: list[int] = []
        self.worker: Worker | None = None
        self.child_ids: list[int] = []
        self.behind = rng.random() < 0.12  # this family's visits have fallen behind
        if self.status in KIND_OF_STATUS:
            self.worker = g.org.workers[KIND_OF_STATUS[self.status]][plan.family_worker[family]]

    # -- the story ----------------------------------------------------------------------------

    def siblings(self, first_dob: int, latest: int) -> None:
        rng = self.rng
        self.dobs.append(min(first_dob, latest))
        for _ in range(self.size - 1):
            gap = rng.randint(300, 1900) if rng.random() > 0.03 else 0  # twins now and then
            self.dobs.append(min(self.dobs[-1] + gap, latest - rng.randint(0, 30)))

    def prior_episodes(self, before: int) -> None:
        """Earlier, closed episodes before `before`, each including the children born by then."""
        rng = self.rng
        count = (rng.random() < 0.45) + (rng.random() < 0.2) + (rng.random() < 0.08)
        placed: list[tuple[int, str]] = []
        limit = before - rng.randint(30, 400)
        lowest = max(_HISTORY_DAY, self.dobs[0] + 1)
        for _ in range(count):
            kind = _CLOSED_KINDS.pick(rng)
            length = _CLOSED_LENGTH[kind]
            if limit - length <= lowest:
                break
            begin = rng.randint(max(lowest, limit - length - 900), limit - length)
            placed.append((begin, kind))
            limit = begin - rng.randint(30, 300)
        for begin, kind in reversed(placed):
            start = _on_weekday(begin)
            self.story.closed_episode(kind, start, (start - self.dobs[-1]) / _YEAR)

    def tell(self) -> None:
        rng, story, today, status = self.rng, self.story, self.today, self.status
        if status == CLOSED:
            kind = _CLOSED_KINDS.pick(rng)
            length = _CLOSED_LENGTH[kind]
            if today - length - 1 <= _HISTORY_DAY + 30:
                kind, length = "nfa", 5
            anchor = _on_weekday(rng.randint(_HISTORY_DAY + 30, today - length - 1))
            oldest_at_anchor = int(rng.random() * max(1.0, 17.5 - length / _YEAR) * _YEAR)
            self.siblings(anchor - oldest_at_anchor, anchor - 1)
            self.prior_episodes(anchor)
            story.closed_episode(kind, anchor, (anchor - self.dobs[-1]) / _YEAR)
            return
        if status == CL:
            self.siblings(today - int((18 + rng.random() * 3.9) * _YEAR), today)
            _care_leaver(self, self.dobs[0])
            return
        self.siblings(today - _age_days(rng, _AGE_BANDS[status]), today - 10)
        assert self.worker is not None
        if status == EH:
            earliest = max(_HISTORY_DAY, self.dobs[-1] + 1)
            begin = min(_on_weekday(max(earliest, today - rng.randint(0, 365))), today)
            self.prior_episodes(begin)
            story.early_help(begin, None, self.worker)
            return
        _open_child_in_need(self)

    # -- writing it out ------------------------------------------------------------------------

    def build(self) -> None:
        self.tell()
        g, rng, story, rows, today = self.g, self.rng, self.story, self.rows, self.today
        status = self.status
        day_of = g.day
        self.people()  # adds household joined/left events to the story

        entries = story.entries
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        days = [entry[0] for entry in entries]
        finished: list[tuple[Any, ...]] = []
        facts: list[EventFact] = []
        records = story.records
        r = rng.random
        for ordinal, (day, _, etype, info, slot, by, alt) in enumerate(entries):
            when, iso = day_of(day)
            late = r()
            recorded_on = iso if late < 0.9 else day_of(min(day + 1 + int(late * 50) % 5, today))[1]
            recorded = f"{recorded_on} {8 + int(r() * 10):02d}:{int(r() * 60):02d}:00"
            rtype = RECORD_LABELS[records[slot][0]] if slot >= 0 else ""
            finished.append(
                (
                    etype,
                    _significance(etype),
                    iso,
                    recorded,
                    by,
                    rtype,
                    slot,
                    info.summary,
                    info.json,
                    alt.summary if alt else None,
                    alt.json if alt else None,
                    day,
                )
            )
            facts.append(EventFact(ordinal, etype, when, info.payload))

        record_rows: list[tuple[str, int, tuple[Any, ...]]] = []
        for table, parent, values in records:
            converted = list(values)
            for position in _DATE_POSITIONS[table]:
                if converted[position] is not None:
                    converted[position] = day_of(converted[position])[1]
            record_rows.append((table, parent, tuple(converted)))

        owner = team = None
        if status != CLOSED and story.alloc_slot >= 0:
            owner, team = records[story.alloc_slot][2][0], records[story.alloc_slot][2][1]

        # Obligations: the engine itself, once per distinct start of a child's history.
        replays: dict[int, list[tuple[Any, ...]]] = {}

        def obligations_from(first: int) -> list[tuple[Any, ...]]:
            found = replays.get(first)
            if found is None:
                found = []
                for state in replay(facts[first:], g.engine):
                    found.append(
                        (
                            state.rule_id,
                            state.start_date.isoformat(),
                            state.due_date.isoformat(),
                            state.started_by,
                            owner if g.owned_by_worker(state.rule_id) else None,
                            team,
                            state.status,
                            state.met_by,
                            state.closed_on.isoformat() if state.closed_on else None,
                        )
                    )
                replays[first] = found
            return found

        event_rows, obligation_rows = rows["event"], rows["obligation"]
        for index, dob in enumerate(self.dobs):
            # A child's history starts with the first episode that began once they were born.
            first_episode = next((e for e in story.episodes if e[0] >= dob), story.episodes[-1])
            first = bisect.bisect_left(days, first_episode[0])
            first_slot = first_episode[1]
            pid = self.child(index, dob, day_of(days[first])[1], first_episode[0])
            # The child's own copy of each of the family's records from that episode on.
            ids: list[int] = []
            for slot in range(first_slot, len(record_rows)):
                table, parent, values = record_rows[slot]
                rid = g.take(table)
                ids.append(rid)
                has_child, has_parent = _RECORD_SHAPE[table]
                if has_parent:
                    parent_id = ids[parent - first_slot]
                    rows[table].append(
                        (rid, pid, parent_id, *values) if has_child else (rid, parent_id, *values)
                    )
                else:
                    rows[table].append((rid, pid, *values))
            base = g.take("event", len(finished) - first) - first
            four = _birthday(dob, 4)
            for ordinal in range(first, len(finished)):
                etype, sig, iso, recorded, by, rtype, slot, summary, pjson, alt_summary, alt_json, day = (
                    finished[ordinal]
                )
                if alt_summary is not None and day < four:
                    summary, pjson = alt_summary, alt_json
                event_rows.append(
                    (
                        base + ordinal,
                        pid,
                        etype,
                        sig,
                        iso,
                        None,
                        recorded,
                        by,
                        rtype,
                        ids[slot - first_slot] if slot >= 0 else None,
                        summary,
                        pjson,
                    )
                )
            for rule_id, start, due, started, o_owner, o_team, o_status, met, closed in obligations_from(
                first
            ):
                obligation_rows.append(
                    (
                        pid,
                        rule_id,
                        start,
                        due,
                        None if started is None else base + started,
                        o_owner,
                        o_team,
                        o_status,
                        None if met is None else base + met,
                        closed,
                    )
                )

    def person(
        self,
        kind: str,
        forename: str,
        middle: str,
        surname: str,
        dob: int | None,
        sex: str,
        ethnicity: str,
        language: str,
        interpreter: bool,
        religion: str,
        nationality: str,
        upn: str,
        upn_unknown: str,
        nhs: str,
        warnings: str,
        created: str,
    ) -> int:
        g = self.g
        pid = g.take("person")
        if kind == "child":
            g.child_number += 1
            number = f"C{g.child_number:07d}"
        else:
            g.adult_number += 1
            number = f"A{g.adult_number:07d}"
        self.rows["person"].append(
            (
                pid,
                number,
                kind,
                forename,
                middle,
                surname,
                "",
                g.day(dob)[1] if dob else None,
                None,
                None,
                sex,
                "",
                ethnicity,
                language,
                interpreter,
                religion,
                nationality,
                upn,
                "",
                upn_unknown,
                nhs,
                False,
                warnings,
                None,
                1,
                created,
            )
        )
        tokens = self.rows["nametoken"]
        for token, phonetic in g.tokens(forename, middle, surname):
            tokens.append((pid, token, phonetic))
        return pid

    def nhs_number(self, chance: float) -> str:
        rng, used = self.rng, self.g.used_nhs
        if rng.random() >= chance:
            return ""
        while True:
            number = make_nhs_number(rng)
            if number not in used:
                used.add(number)
                return number

    def live_at_home(self, pid: int, start: int, end: int | None) -> None:
        """Household membership from `start` to `end`, with the household's address(es) in that time."""
        day_of = self.g.day
        for line, town, postcode, begin, finish in self.addresses:
            a_start = max(begin, start)
            a_end = finish if end is None else (end if finish is None else min(end, finish))
            if a_end is not None and a_end < a_start:
                continue
            self.rows["address"].append(
                (
                    pid,
                    "HOME" if a_end is None else "PREVIOUS",
                    line,
                    "",
                    town,
                    postcode,
                    day_of(a_start)[1],
                    None if a_end is None else day_of(a_end)[1],
                )
            )
        self.rows["membership"].append(
            (self.household_id, pid, day_of(start)[1], None if end is None else day_of(end)[1])
        )

    def elsewhere(self, pid: int, since: int) -> None:
        rng = self.rng
        district, town = rng.choice(_DISTRICTS)
        self.rows["address"].append(
            (
                pid,
                "HOME",
                f"{rng.randint(1, 180)} {rng.choice(_STREETS)}",
                "",
                town,
                _postcode(rng, district),
                self.g.day(since)[1],
                None,
            )
        )

    def people(self) -> None:
        """The household and the adults around the children (their joining and leaving become events)."""
        g, rng, story, today, dobs = self.g, self.rng, self.story, self.today, self.dobs
        ethnicity, mother_group, father_group = W_ETHNICITY.pick(rng)
        self.ethnicity = ethnicity
        mother_ethnicity, father_ethnicity = _PARENT_ETHNICITY.get(ethnicity, (ethnicity, ethnicity))
        self.mother_names, self.father_names = _NAMES[mother_group], _NAMES[father_group]
        self.surname = rng.choice(self.father_names[4] if rng.random() < 0.5 else self.mother_names[4])
        culture = _CULTURE[mother_group]
        self.religion = W_RELIGION[mother_group].pick(rng)
        district, self.town = rng.choice(_DISTRICTS)
        self.district = district
        self.district_index = int(district[2:]) - 1
        household_start = dobs[0] - rng.randint(0, 1500)
        moved: int | None = None
        if rng.random() < 0.3:
            moved = household_start + rng.randint(365, max(366, today - household_start))
            if moved >= today:
                moved = None
        self.addresses = [
            (
                f"{rng.randint(1, 180)} {rng.choice(_STREETS)}",
                self.town,
                _postcode(rng, district),
                household_start,
                moved,
            )
        ]
        if moved is not None:
            district2, town2 = rng.choice(_DISTRICTS)
            self.addresses.append(
                (
                    f"{rng.randint(1, 180)} {rng.choice(_STREETS)}",
                    town2,
                    _postcode(rng, district2),
                    moved,
                    None,
                )
            )
        self.household_id = g.take("household")
        self.rows["household"].append((self.household_id, f"F{self.household_id:07d}"))
        first_contact = min(entry[0] for entry in story.entries)
        created = f"{g.day(first_contact)[1]} 09:00:00"
        abroad = rng.random() < culture[4]
        language = culture[1] if rng.random() < culture[2] else "English"
        nationality = culture[3] if abroad else "British"
        adult_nhs = g.nhs_adult_chance
        # (adult id, relationship to each child, parental responsibility, from)
        self.adults: list[tuple[int, str, bool, int | None]] = []

        mother_dob = dobs[0] - rng.randint(17 * 365, 38 * 365)
        self.mother_surname = self.surname if rng.random() < 0.8 else rng.choice(self.mother_names[4])
        mother = self.person(
            "adult",
            rng.choice(self.mother_names[2]),
            "",
            self.mother_surname,
            mother_dob,
            "F",
            mother_ethnicity,
            language,
            language != "English" and rng.random() < 0.5,
            self.religion,
            nationality,
            "",
            "",
            self.nhs_number(adult_nhs),
            _maybe_warning(rng),
            created,
        )
        self.live_at_home(mother, household_start, None)
        self.adults.append((mother, "MOTHER", True, None))
        if rng.random() < 0.92:  # the father is known for most children; some live with them, some leave
            father_first = rng.choice(self.father_names[3])
            father_last = self.surname if rng.random() < 0.7 else rng.choice(self.father_names[4])
            father = self.person(
                "adult",
                father_first,
                "",
                father_last,
                mother_dob - rng.randint(-3 * 365, 8 * 365),
                "M",
                father_ethnicity,
                language,
                False,
                self.religion,
                nationality,
                "",
                "",
                self.nhs_number(adult_nhs),
                _maybe_warning(rng),
                created,
            )
            if rng.random() < 0.55:
                left: int | None = None
                if rng.random() < 0.25:
                    left = max(household_start, dobs[-1]) + rng.randint(30, 2500)
                    if left >= today:
                        left = None
                self.live_at_home(father, household_start, left)
                if left is not None:
                    story.ev(
                        left,
                        "household.left",
                        g.payload("household.left", name=f"{father_first} {father_last}"),
                        -1,
                        None,
                    )
            else:
                self.elsewhere(father, household_start)
            self.adults.append((father, "FATHER", rng.random() < 0.75, None))
        if rng.random() < 0.22:  # the mother's new partner joins the household
            joined = max(dobs[0], _HISTORY_DAY) + rng.randint(30, 3000)
            if joined < today:
                male = rng.random() < 0.9
                group = _NAMES["british"] if rng.random() < 0.7 else self.father_names
                first, last = rng.choice(group[3] if male else group[2]), rng.choice(group[4])
                partner = self.person(
                    "adult",
                    first,
                    "",
                    last,
                    mother_dob + rng.randint(-8 * 365, 6 * 365),
                    "M" if male else "F",
                    "WBRI" if group is _NAMES["british"] else father_ethnicity,
                    "English",
                    False,
                    "NOT_STATED",
                    "British",
                    "",
                    "",
                    self.nhs_number(adult_nhs),
                    _maybe_warning(rng),
                    created,
                )
                self.live_at_home(partner, joined, None)
                story.ev(
                    joined,
                    "household.joined",
                    g.payload("household.joined", name=f"{first} {last}"),
                    -1,
                    None,
                )
                self.adults.append((partner, "PARTNER_OF_PARENT", False, joined))
        if rng.random() < 0.15:  # a grandparent in the network
            grandmother = self.person(
                "adult",
                rng.choice(self.mother_names[2]),
                "",
                self.mother_surname,
                mother_dob - rng.randint(18 * 365, 30 * 365),
                "F",
                mother_ethnicity,
                language,
                False,
                self.religion,
                nationality,
                "",
                "",
                self.nhs_number(adult_nhs),
                "",
                created,
            )
            self.elsewhere(grandmother, household_start)
            self.adults.append((grandmother, "GRANDPARENT", False, None))

    def child(self, index: int, dob: int, created_on: str, joined_story: int) -> int:
        """The child's person row and everything about them that is not their history."""
        g, rng, rows, today, org, family = self.g, self.rng, self.rows, self.today, self.g.org, self.family
        day_of = g.day
        sex = "F" if rng.random() < 0.49 else "M"
        names = self.mother_names if rng.random() < 0.7 else self.father_names
        given = names[0] if sex == "F" else names[1]
        forename = rng.choice(given)
        middle = rng.choice(given) if rng.random() < 0.5 else ""
        if middle == forename:
            middle = ""
        surname = self.surname if rng.random() < 0.85 else self.mother_surname
        age_now = (today - dob) / _YEAR
        upn, upn_unknown = "", "UN1"
        if age_now >= 4:
            upn_unknown = ""
            while True:
                upn = make_upn(rng, g.la_number)
                if upn not in g.used_upn:
                    g.used_upn.add(upn)
                    break
        pid = self.person(
            "child",
            forename,
            middle,
            surname,
            dob,
            sex,
            self.ethnicity,
            "English",
            False,
            self.religion,
            "British",
            upn,
            upn_unknown,
            self.nhs_number(g.nhs_child_chance),
            "",
            f"{created_on} 09:00:00",
        )
        self.child_ids.append(pid)
        # At home, except while in care; a care leaver has a flat of their own.
        spells = [(s, e) for s, e in self.story.care_spells if s >= joined_story]
        begin: int | None = dob
        for spell_start, spell_end in spells:
            if begin is not None and spell_start > begin:
                self.live_at_home(pid, begin, spell_start)
            begin = spell_end
        if begin is not None and self.status != CL:
            self.live_at_home(pid, begin, None)
        if self.status == LAC and spells:
            rows["address"].append(
                (
                    pid,
                    "PLACEMENT",
                    "Placement address held by the placements team",
                    "",
                    "",
                    self.story.placement_postcode,
                    day_of(self.story.placement_start)[1],
                    None,
                )
            )
        if self.status == CL:
            rows["address"].append(
                (
                    pid,
                    "HOME",
                    f"Flat {rng.randint(1, 40)}, {rng.randint(1, 120)} {rng.choice(_STREETS)}",
                    "",
                    self.town,
                    _postcode(rng, self.district),
                    day_of(_birthday(dob, 18))[1],
                    None,
                )
            )
        if rng.random() < 0.08:
            rows["disability"].append(
                (pid, W_DISABILITY.pick(rng), day_of(min(dob + rng.randint(300, 2000), today))[1], None)
            )
        # Relationships: parents, partner and grandparent to the child; older siblings to the younger.
        relationships = rows["relationship"]
        for adult, rtype, responsibility, since in self.adults:
            relationships.append((adult, pid, rtype, responsibility, day_of(max(since or dob, dob))[1], None))
        for older in self.child_ids[:index]:
            relationships.append((older, pid, "SIBLING", False, day_of(dob)[1], None))
        # Professionals: GP, school, health visitor; police for some children on plans or in care.
        professionals = rows["professional"]
        is_open = self.status != CLOSED
        practice = _GP_PRACTICES[(self.district_index * 5 + family) % len(_GP_PRACTICES)]
        professionals.append(
            (pid, "GP", f"Dr {_doctor(rng)}", practice, _phone(rng), "", None, day_of(dob)[1], None)
        )
        if 4 <= age_now < 16:
            schools = _PRIMARY if age_now < 11 else _SECONDARY
            school = schools[(self.district_index * 3 + family + index) % len(schools)]
            linked = None
            staff = org.education_by_school.get(school)
            if is_open and staff:
                linked = staff[family % len(staff)]
            professionals.append(
                (
                    pid,
                    "SCHOOL",
                    "Designated safeguarding lead",
                    _SCHOOLS[school],
                    _phone(rng),
                    "",
                    linked,
                    day_of(_birthday(dob, 4 if age_now < 11 else 11))[1],
                    None,
                )
            )
        if age_now < 5:
            linked = org.health[(self.district_index + family) % len(org.health)] if is_open else None
            professionals.append(
                (
                    pid,
                    "HEALTH_VISITOR",
                    f"{_doctor(rng)} (health visitor)",
                    "Northmoor Community Health",
                    _phone(rng),
                    "",
                    linked,
                    day_of(min(dob + 10, today))[1],
                    None,
                )
            )
        if self.status in (CP, LAC) and family % 3 == 0:
            professionals.append(
                (
                    pid,
                    "POLICE",
                    f"DC {_doctor(rng)}",
                    "Northmoor Police Public Protection Unit",
                    "",
                    "",
                    org.police[family % len(org.police)],
                    day_of(max(dob, joined_story))[1],
                    None,
                )
            )
        return pid


_HISTORY_DAY = HISTORY_START.toordinal()


def _open_child_in_need(f: _Family) -> None:
    """A child in need episode open today: being assessed, on a CIN plan, on a protection plan or in care."""
    story, today, status, worker = f.story, f.today, f.status, f.worker
    assert worker is not None
    u, r = story.u, story.r
    earliest = max(_HISTORY_DAY, f.dobs[-1] + 1)
    room = today - earliest  # days since the youngest child was born (or since 2010)
    youngest_age = (today - f.dobs[-1]) / _YEAR
    if status == CIN_A:
        referral = min(_on_weekday(today - u(0, min(room, 75))), today)
        f.prior_episodes(referral)
        cin, decided = story.referral(referral, by_day=today)
        story.allocate(decided, worker, "New referral")
        story.assessment(cin, min(_on_weekday(decided + u(0, 2)), today), None)
        return
    if status == CIN_P:
        via_cp = r() < 0.25 and room > 500
        pre = min(u(150, 400) if via_cp else u(20, 60), max(0, room - 5))
        length = min(int(story.rng.expovariate(1 / 250)), 730, max(0, room - pre - 5))
        plan_start = min(_on_weekday(today - length), today)
        referral = min(_on_weekday(max(earliest, plan_start - pre)), plan_start)
        f.prior_episodes(referral)
        if via_cp:
            strategy = _on_weekday(referral + u(2, 10))
            conference = _on_weekday(strategy + u(8, 20))
            cin, decided = story.referral(
                referral, need="N1", decision="Strategy discussion and assessment", by_day=strategy
            )
            story.allocate(decided, story.any_worker(RA), "New referral")
            a_start = min(_on_weekday(decided + u(0, 2)), strategy)
            story.assessment(cin, a_start, min(conference, a_start + story.assessment_days(a_start)))
            story.section_47(cin, strategy, conference, True)
            story.allocate(conference, worker, "Transfer to long-term team")
            story.cp_plan(cin, conference, plan_start, False)
        else:
            cin, decided = story.referral(referral, by_day=plan_start)
            story.allocate(decided, story.any_worker(RA), "New referral")
            a_start = min(_on_weekday(decided + u(0, 2)), plan_start)
            story.assessment(cin, a_start, min(a_start + story.assessment_days(a_start), plan_start))
            story.allocate(plan_start, worker, "Transfer to long-term team")
        story.cin_plan(cin, plan_start, None, f.behind)
        return
    if status == CP:
        pre = min(u(20, 50), max(0, room - 3))
        length = min(int(story.rng.expovariate(1 / 260)), 900, max(0, room - pre - 3))
        conference = min(_on_weekday(today - length), today)
        referral = min(_on_weekday(max(earliest, conference - pre)), conference)
        strategy = min(_on_weekday(max(referral, conference - u(8, 20))), conference)
        f.prior_episodes(referral)
        cin, decided = story.referral(
            referral, need="N1", decision="Strategy discussion and assessment", by_day=strategy
        )
        story.allocate(decided, story.any_worker(RA), "New referral")
        a_start = min(_on_weekday(decided + u(0, 2)), strategy)
        story.assessment(cin, a_start, conference)
        story.section_47(cin, strategy, conference, True)
        story.allocate(conference, worker, "Transfer to long-term team")
        story.cp_plan(cin, conference, None, f.behind)
        return
    # Looked after today: through a protection plan, after an assessment, or in an emergency.
    route = r()
    if route < 0.5 and room > 200:
        pre = u(150, 500)
    elif route < 0.85 and room > 60:
        pre = u(20, 60)
    else:
        pre = u(0, 3)
    pre = min(pre, max(0, room - 3))
    length = min(int(story.rng.expovariate(1 / 700)), max(0, room - pre - 3), 16 * 365)
    care_start = min(_on_weekday(today - length), today)
    referral = min(_on_weekday(max(earliest, care_start - pre)), care_start)
    f.prior_episodes(referral)
    if pre >= 150:
        strategy = _on_weekday(referral + u(2, 10))
        conference = _on_weekday(strategy + u(8, 20))
        cin, decided = story.referral(
            referral, need="N1", decision="Strategy discussion and assessment", by_day=strategy
        )
        story.allocate(decided, story.any_worker(RA), "New referral")
        a_start = min(_on_weekday(decided + u(0, 2)), strategy)
        story.assessment(cin, a_start, conference)
        story.section_47(cin, strategy, conference, True)
        story.allocate(conference, story.any_worker(SG), "Transfer to long-term team")
        story.cp_plan(cin, conference, care_start, False)
    else:
        cin, decided = story.referral(referral, need="N1", by_day=care_start)
        story.allocate(decided, story.any_worker(RA), "New referral")
        a_start = min(_on_weekday(decided + u(0, 2)), care_start)
        done = a_start + story.assessment_days(a_start)
        story.assessment(cin, a_start, done if done <= today else None)
    age_at_start = youngest_age - (today - care_start) / _YEAR
    if today - care_start > 540 and r() < 0.6:
        # A long spell in care sees a change of worker; the worker today is the one the plan chose.
        first_worker = story.any_worker(CIC)
        story.allocate(care_start, first_worker, "Became looked after")
        story.care(cin, care_start, None, "", age_at_start, f.behind)
        change = min(_on_weekday(care_start + u(300, today - care_start - 30)), today)
        story.allocate(change, worker, "Change of worker")
        story.hand_over(first_worker.id, worker.id, change)
    else:
        story.allocate(care_start, worker, "Became looked after")
        story.care(cin, care_start, None, "", age_at_start, f.behind)


def _care_leaver(f: _Family, dob: int) -> None:
    """Came into care at 8 to 16 and left at 18; a care leaver today, with a personal adviser."""
    story, worker = f.story, f.worker
    assert worker is not None
    u, r = story.u, story.r
    eighteen = _birthday(dob, 18)
    care_start = max(_on_weekday(dob + int((8 + r() * 8) * _YEAR)), _HISTORY_DAY + 200)
    referral = _on_weekday(care_start - u(20, 120))
    f.prior_episodes(referral)
    cin, decided = story.referral(referral, need="N1", by_day=care_start)
    story.allocate(decided, story.any_worker(RA), "New referral")
    a_start = min(_on_weekday(decided + u(0, 2)), care_start)
    story.assessment(cin, a_start, min(a_start + story.assessment_days(a_start), care_start))
    story.allocate(care_start, story.any_worker(CIC), "Became looked after")
    reason = W_AT_18.pick(story.rng)
    story.care(cin, care_start, eighteen, reason, (care_start - dob) / _YEAR, False)
    story.close(cin, eighteen, "RC7")
    story.allocate(eighteen, worker, "Transfer to leaving care")
    slot = story.record("cl", -1, [CareLeaverStatus.Eligibility.FORMER_RELEVANT.value, eighteen, None])
    story.ev(
        eighteen,
        "care_leaver.started",
        story.g.payload("care_leaver.started", eligibility="former relevant"),
        slot,
    )


def _birthday(dob: int, years: int) -> int:
    born = date.fromordinal(dob)
    try:
        return born.replace(year=born.year + years).toordinal()
    except ValueError:  # born on 29 February
        return date(born.year + years, 3, 1).toordinal()


def _maybe_warning(rng: random.Random) -> str:
    return rng.choice(_WARNINGS) if rng.random() < 0.03 else ""


def _doctor(rng: random.Random) -> str:
    group = (
        _NAMES["british"] if rng.random() < 0.6 else _NAMES[rng.choice(("indian", "pakistani", "african"))]
    )
    return f"{rng.choice(group[2] + group[3])} {rng.choice(group[4])}"


def _phone(rng: random.Random) -> str:
    """A number from Ofcom's range reserved for drama (0161 496 0000 to 0999): never a real line."""
    return f"0161 496 0{rng.randrange(1000):03d}"
