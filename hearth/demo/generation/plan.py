"""The size of the council: how many children are in each status today, in families, and who holds them."""

from __future__ import annotations

import heapq
import math
import random
from array import array
from dataclasses import dataclass
from datetime import date

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
BEHIND_SHARE = 0.12
"""Of the children in each open status, at most this share are in families whose visits and reviews have fallen
behind: the demo's overdue work. Planned, not drawn family by family, so it holds at every size and on any date."""


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
    family_behind: array[int]
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


def plan_council(children: int, seed: int, today: date) -> CouncilPlan:
    """Decide every family's size and status today and balance the open ones across social workers."""
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

    family_behind = _behind(family_size, family_status, seed)
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
        family_behind=family_behind,
        workers=workers,
        teams=teams,
        chunks=chunks,
        scale=children / DEFAULT_CHILDREN,
    )


def _behind(family_size: array[int], family_status: array[int], seed: int) -> array[int]:
    """1 for each family whose work has fallen behind: in each open status, families chosen in a seeded order
    while their children fit in `BEHIND_SHARE` of that status's children (a large family is skipped for a smaller
    one that fits), so a small council's overdue work is not one large family's."""
    behind = array("b", bytes(len(family_size)))
    order = list(range(len(family_size)))
    random.Random(f"{seed}:behind").shuffle(order)
    for status in KIND_OF_STATUS:
        members = [family for family in order if family_status[family] == status]
        room = int(BEHIND_SHARE * sum(family_size[family] for family in members))
        for family in members:
            if family_size[family] <= room:
                behind[family] = 1
                room -= family_size[family]
    return behind


def planned_families(
    plan: CouncilPlan, statuses: tuple[int, ...], per_children: int, stream: str
) -> frozenset[int]:
    """Families in `statuses` chosen (seeded by `stream`) to show something on any date: about one for every
    `per_children` children, at least one where the council has such a family."""
    candidates = [family for family, status in enumerate(plan.family_status) if status in statuses]
    count = min(len(candidates), max(1, int(plan.children / per_children + 0.5)))
    return frozenset(random.Random(f"{plan.seed}:{stream}").sample(candidates, count))
