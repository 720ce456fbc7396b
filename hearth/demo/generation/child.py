"""A child's own rows: their person row, addresses (at home, in a placement, a flat of their own), disability,
relationships to the adults and older siblings, and the professionals around them."""

from __future__ import annotations

import random
from datetime import date

from hearth.core.identifiers import make_upn
from hearth.demo.generation.codes import W_DISABILITY
from hearth.demo.generation.health import SCHOOL_BASIS
from hearth.demo.generation.household import Household
from hearth.demo.generation.names import NAMES
from hearth.demo.generation.places import GP_PRACTICES, PRIMARY, SCHOOLS, SECONDARY, STREETS, random_postcode
from hearth.demo.generation.plan import CL, CLOSED, CP, LAC
from hearth.demo.generation.story import YEAR, birthday


def child_rows(household: Household, index: int, dob: int, created_on: str, joined_story: int) -> int:
    """The child's person row and everything about them that is not their history."""
    g, rng, rows = household.g, household.rng, household.rows
    today, family, org = household.today, household.family, household.g.org
    day_of = g.day
    sex = "F" if rng.random() < 0.49 else "M"
    names = household.mother_names if rng.random() < 0.7 else household.father_names
    given = names[0] if sex == "F" else names[1]
    forename = rng.choice(given)
    middle = rng.choice(given) if rng.random() < 0.5 else ""
    if middle == forename:
        middle = ""
    surname = household.surname if rng.random() < 0.85 else household.mother_surname
    age_now = (today - dob) / YEAR
    upn, upn_unknown = "", "UN1"
    if age_now >= 4:
        upn_unknown = ""
        while True:
            upn = make_upn(household.identifiers, g.la_number)
            if upn not in g.used_upn and g.mine(upn):
                g.used_upn.add(upn)
                break
    pid = household.person(
        "child",
        forename,
        middle,
        surname,
        dob,
        sex,
        household.ethnicity,
        "English",
        False,
        household.religion,
        "British",
        upn,
        upn_unknown,
        household.nhs_number(g.nhs_child_chance),
        "",
        f"{created_on} 09:00:00",
    )
    household.child_ids.append(pid)
    # At home, except while in care; a care leaver has a flat of their own.
    # (A spell that began before the child was born is a brother's or sister's: the baby lives at home.)
    spells = [(s, e) for s, e in household.story.care_spells if s >= joined_story and s >= dob]
    begin: int | None = dob
    for spell_start, spell_end in spells:
        if begin is not None and spell_start > begin:
            household.live_at_home(pid, begin, spell_start)
        begin = spell_end
    if begin is not None and household.status != CL:
        household.live_at_home(pid, begin, None)
    if household.status == LAC and spells:
        rows["address"].append(
            (
                pid,
                "PLACEMENT",
                "Placement address held by the placements team",
                "",
                "",
                household.story.placement_postcode,
                day_of(household.story.placement_start)[1],
                None,
            )
        )
    if household.status == CL:
        rows["address"].append(
            (
                pid,
                "HOME",
                f"Flat {rng.randint(1, 40)}, {rng.randint(1, 120)} {rng.choice(STREETS)}",
                "",
                household.town,
                random_postcode(rng, household.district),
                day_of(birthday(dob, 18))[1],
                None,
            )
        )
    if rng.random() < 0.08:
        first = W_DISABILITY.pick(rng)
        noticed = day_of(min(dob + rng.randint(300, 2000), today))[1]
        rows["disability"].append((pid, first, noticed, None))
        # About a quarter of disabled children have a second disability recorded (the census queries a
        # return where no child has more than one, 2888Q).
        if rng.random() < 0.25:
            second = W_DISABILITY.pick(rng)
            if second != first:
                rows["disability"].append((pid, second, noticed, None))
    # Relationships: parents, partner and grandparent to the child; older siblings to the younger.
    relationships = rows["relationship"]
    for adult, rtype, responsibility, since in household.adults:
        relationships.append((adult, pid, rtype, responsibility, day_of(max(since or dob, dob))[1], None))
    for older in household.child_ids[:index]:
        relationships.append((older, pid, "SIBLING", False, day_of(dob)[1], None))
    # Professionals: GP, school, health visitor; police for some children on plans or in care.
    professionals = rows["professional"]
    is_open = household.status != CLOSED
    practice = GP_PRACTICES[(household.district_index * 5 + family) % len(GP_PRACTICES)]
    professionals.append(
        (pid, "GP", f"Dr {_doctor(rng)}", practice, _phone(rng), "", None, day_of(dob)[1], None)
    )
    if 4 <= age_now < 16:
        schools = PRIMARY if age_now < 11 else SECONDARY
        school = schools[(household.district_index * 3 + family + index) % len(schools)]
        linked = None
        staff = org.education_by_school.get(school)
        if is_open and staff:
            linked = staff[family % len(staff)]
        professionals.append(
            (
                pid,
                "SCHOOL",
                "Designated safeguarding lead",
                SCHOOLS[school],
                _phone(rng),
                "",
                linked,
                day_of(birthday(dob, 4 if age_now < 11 else 11))[1],
                None,
            )
        )
        if org.school_ids:
            _school_record(household, pid, org.school_ids[school], SCHOOLS[school], dob, age_now, spells)
    if age_now < 5:
        linked = org.health[(household.district_index + family) % len(org.health)] if is_open else None
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
    if household.status in (CP, LAC) and family % 3 == 0:
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


# Each school year's terms, roughly: (month, day) of the first and last day of autumn, spring and summer.
TERMS = (((9, 4), (12, 19)), ((1, 6), (3, 27)), ((4, 14), (7, 22)))


def _school_record(
    household: Household,
    pid: int,
    school_id: int,
    school: str,
    dob: int,
    age_now: float,
    spells: list[tuple[int, int | None]],
) -> None:
    """The school the child attends (from the start of the school they are at, by age: reception or year 7), recorded
    by the school; and, for a child of compulsory school age looked after today, their attendance each term of the
    last year that they were in care for, as the school reports it to the virtual school. Drawn from a stream of
    the child's own, so the rest of the demo is unchanged."""
    g, today, rows = household.g, household.today, household.rows
    started = g.day(birthday(dob, 4 if age_now < 11 else 11))[1]
    rows["schoolplacement"].append(
        (pid, school_id, started, None, None, f"{started} 12:00:00+00:00", school, SCHOOL_BASIS)
    )
    in_care = next((start for start, end in spells if end is None or end > today), None)
    if in_care is None or age_now < 5:
        return
    side = random.Random(f"{g.plan.seed}:attendance:{pid}")
    usual = side.choice((97.0, 95.0, 93.0, 90.0, 86.0))
    year = date.fromordinal(today).year
    for first_year in (year - 2, year - 1, year):
        for number, ((from_month, from_day), (to_month, to_day)) in enumerate(TERMS):
            term_year = first_year if number == 0 else first_year + 1
            first = date(term_year, from_month, from_day).toordinal()
            last = date(term_year, to_month, to_day).toordinal()
            if first < in_care or last >= today or last < today - 365:
                continue
            percentage = round(max(40.0, min(100.0, side.gauss(usual, 3.0))), 1)
            rows["schoolattendance"].append(
                (
                    pid,
                    g.day(first)[1],
                    g.day(last)[1],
                    percentage,
                    None,
                    f"{g.day(min(last + 3, today))[1]} 12:00:00+00:00",
                    school,
                    SCHOOL_BASIS,
                )
            )


def _doctor(rng: random.Random) -> str:
    group = NAMES["british"] if rng.random() < 0.6 else NAMES[rng.choice(("indian", "pakistani", "african"))]
    return f"{rng.choice(group[2] + group[3])} {rng.choice(group[4])}"


def _phone(rng: random.Random) -> str:
    """A number from Ofcom's range reserved for drama (0161 496 0000 to 0999): never a real line."""
    return f"0161 496 0{rng.randrange(1000):03d}"
