"""DfE code sets with the weights the generator draws them by, and a fast weighted choice."""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from typing import Any

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


class Weighted:
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


W_SOURCE = Weighted(_REFERRAL_SOURCES)
W_NEED = Weighted(_NEEDS)
W_CATEGORY = Weighted(_CATEGORIES)
W_FACTOR = Weighted(_FACTORS)
W_LEGAL = Weighted(_LEGAL)
W_CARE_END = Weighted(_CARE_ENDS)
W_ADOPTED = Weighted(_ADOPTED)
W_AT_18 = Weighted(_LEAVING_AT_18)
W_FOSTER = Weighted(_FOSTER)
W_DISABILITY = Weighted(_DISABILITIES)
