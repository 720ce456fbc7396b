"""The people around a family's children: the household and its addresses, parents and partners.

`Household.person` writes any person's row (and their name search rows); the children's own rows are written
by child.py once the household is known."""

from __future__ import annotations

import json
import random

from hearth.core.identifiers import make_nhs_number
from hearth.demo.generation.assessment_text import FINDINGS
from hearth.demo.generation.context import GenContext
from hearth.demo.generation.names import CULTURE, NAMES, PARENT_ETHNICITY, W_ETHNICITY, W_RELIGION
from hearth.demo.generation.places import DISTRICTS, STREETS, random_postcode
from hearth.demo.generation.rows import Rows
from hearth.demo.generation.story import HISTORY_DAY, Story

_WARNINGS = (
    "Risk to staff: history of aggression towards professionals",
    "Do not share address: domestic abuse",
    "Lone working: visit in pairs",
)


class Household:
    """Writes one family's household, its addresses and the adults around the children (and any person's row)."""

    def __init__(
        self,
        g: GenContext,
        rng: random.Random,
        rows: Rows,
        story: Story,
        family: int,
        status: int,
        dobs: list[int],
    ) -> None:
        self.g = g
        self.rng = rng
        # NHS numbers and UPNs are drawn from a stream of their own: how many draws a unique one takes depends on
        # those used before it, which must not change the rest of the family's history (nor differ between
        # processes generating at once).
        self.identifiers = random.Random(f"{g.plan.seed}:identifiers:{family}")
        self.rows = rows
        self.story = story
        self.family = family
        self.status = status
        self.dobs = dobs
        self.today = story.today
        self.child_ids: list[int] = []
        # The adults living in the household: (person id, name, who they are, from, to)
        self.members: list[tuple[int, str, str, int, int | None]] = []
        self._considered: dict[tuple[int, ...], str] = {}

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
                False,  # has_send
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

    def considered(self, day: int) -> str:
        """The household an assessment on `day` considered (the adults living there then), as JSON text."""
        present = tuple(
            index
            for index, (_, _, _, start, end) in enumerate(self.members)
            if start <= day and (end is None or end > day)
        )
        found = self._considered.get(present)
        if found is None:
            found = self._considered[present] = json.dumps(
                [
                    {"person_id": pid, "name": name, "finding": FINDINGS[who]}
                    for pid, name, who, _, _ in (self.members[index] for index in present)
                ]
            )
        return found

    def nhs_number(self, chance: float) -> str:
        used = self.g.used_nhs
        if self.rng.random() >= chance:
            return ""
        while True:
            number = make_nhs_number(self.identifiers)
            if number not in used and self.g.mine(number):
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
        district, town = rng.choice(DISTRICTS)
        self.rows["address"].append(
            (
                pid,
                "HOME",
                f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
                "",
                town,
                random_postcode(rng, district),
                self.g.day(since)[1],
                None,
            )
        )

    def people(self) -> None:
        """The household and the adults around the children (their joining and leaving become events)."""
        g, rng, story, today, dobs = self.g, self.rng, self.story, self.today, self.dobs
        ethnicity, mother_group, father_group = W_ETHNICITY.pick(rng)
        self.ethnicity = ethnicity
        mother_ethnicity, father_ethnicity = PARENT_ETHNICITY.get(ethnicity, (ethnicity, ethnicity))
        self.mother_names, self.father_names = NAMES[mother_group], NAMES[father_group]
        self.surname = rng.choice(self.father_names[4] if rng.random() < 0.5 else self.mother_names[4])
        culture = CULTURE[mother_group]
        self.religion = W_RELIGION[mother_group].pick(rng)
        district, self.town = rng.choice(DISTRICTS)
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
                f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
                self.town,
                random_postcode(rng, district),
                household_start,
                moved,
            )
        ]
        if moved is not None:
            district2, town2 = rng.choice(DISTRICTS)
            self.addresses.append(
                (
                    f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
                    town2,
                    random_postcode(rng, district2),
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
        mother_forename = rng.choice(self.mother_names[2])
        mother = self.person(
            "adult",
            mother_forename,
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
        self.members.append(
            (mother, f"{mother_forename} {self.mother_surname}", "Mother", household_start, None)
        )
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
                self.members.append(
                    (father, f"{father_first} {father_last}", "Father", household_start, left)
                )
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
            joined = max(dobs[0], HISTORY_DAY) + rng.randint(30, 3000)
            if joined < today:
                male = rng.random() < 0.9
                group = NAMES["british"] if rng.random() < 0.7 else self.father_names
                first, last = rng.choice(group[3] if male else group[2]), rng.choice(group[4])
                partner = self.person(
                    "adult",
                    first,
                    "",
                    last,
                    mother_dob + rng.randint(-8 * 365, 6 * 365),
                    "M" if male else "F",
                    "WBRI" if group is NAMES["british"] else father_ethnicity,
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
                self.members.append((partner, f"{first} {last}", "Partner", joined, None))
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


def _maybe_warning(rng: random.Random) -> str:
    return rng.choice(_WARNINGS) if rng.random() < 0.03 else ""
