"""Care as it is told: the care period, its placements and their visits, and looked-after reviews."""

from __future__ import annotations

import random
from datetime import date

from hearth.care.episodes import ORDER_STATUS, visit_regime
from hearth.core.codesets import LegalStatus, PlacementType, ReasonEpisodeCeased
from hearth.core.dates import long_date
from hearth.demo.generation.codes import W_FOSTER, W_LEGAL, Weighted
from hearth.demo.generation.health import education, health
from hearth.demo.generation.places import DISTRICTS, OUT_OF_AREA, random_postcode
from hearth.demo.generation.story import CHILD_SEEN, YEAR, Story, on_weekday

_K3_DAY = date(2024, 4, 1).toordinal()
# The order each legal status rests on (care.episodes.ORDER_STATUS, read backwards).
ORDER_OF = {status: kind for kind, status in ORDER_STATUS}
# The basis of care each legal status comes from (its first letter), and the category of need (903 CIN).
BASIS = {"V": "s20", "C": "order", "E": "order", "D": "order", "L": "police", "J": "remand"}
NEED = Weighted([("N1", 60), ("N2", 5), ("N3", 4), ("N4", 12), ("N5", 12), ("N6", 2), ("N7", 1), ("N8", 4)])
AWAY_DISTRICTS = frozenset(district[0] for district in OUT_OF_AREA)


def care(
    story: Story, cin: int, start: int, end: int | None, reason: str, age_at_start: float, behind: bool
) -> int:
    rng = story.rng
    legal = "E1" if reason in ("E11", "E12") else W_LEGAL.pick(rng)
    story.iro = rng.choice(story.g.org.iros)
    # What care records beyond its events draws on a stream of its own, so the rest of each history is unchanged.
    side = random.Random(f"{story.g.plan.seed}:care:{cin}:{start}")
    # The reviewing officer allocated within a few days (now and then late); the care plan within 10 working days.
    allocated = start + (side.randint(8, 20) if side.random() < 0.06 else side.randint(0, 6))
    planned = start + (side.randint(15, 30) if side.random() < 0.08 else side.randint(1, 13))
    care_row = [
        start,
        end,
        legal,
        reason if end is not None else "",
        None,
        None,
        None,
        BASIS[legal[0]],
        NEED.pick(side),
    ]
    slot = story.record("care", -1, care_row)
    if legal in ORDER_OF:  # the order the period rests on, one history with the child's other orders
        court = "Northmoor Family Court" if legal[0] in "CE" else ""
        ended = "The child stopped being looked after" if end is not None else ""
        story.record("legalorder", -1, [ORDER_OF[legal], court, start, end, ended, None, None])
    story.care_spells.append((start, end))
    story.ev(
        start,
        "care.started",
        story.g.payload("care.started", legal_status=LegalStatus(legal).label, legal_status_code=legal),
        slot,
    )
    g = story.g
    if allocated <= story.today and (end is None or allocated <= end):
        care_row[4], care_row[5] = story.iro, allocated
        name = g.org.names.get(story.iro, "the reviewing officer")
        story.ev(
            allocated, "care.iro_allocated", g.payload("care.iro_allocated", iro=name, iro_id=story.iro), slot
        )
    if planned <= story.today and (end is None or planned <= end):
        care_row[6] = planned
        story.ev(planned, "care_plan.prepared", g.payload("care_plan.prepared"), slot)
    stop = end if end is not None else story.today + 1
    # Placements: the first on the day care starts, then moves now and then.
    moves = [start]
    day = start
    while True:
        day += 60 + int(rng.expovariate(1 / 500))
        if day >= stop - 14:
            break
        moves.append(on_weekday(day))
    seen, alone, no = CHILD_SEEN
    previous: int | None = None
    placed: list[tuple[int, int | None, str]] = []  # (from, to, where) of each placement
    for index, begin in enumerate(moves):
        finish = moves[index + 1] if index + 1 < len(moves) else end
        age = age_at_start + (begin - start) / YEAR
        last = index == len(moves) - 1
        ptype, provider, postcode = placement_choice(story, age, reason if last else "", legal)
        carer = carer_choice(story, side, ptype, provider, postcode, previous)
        if carer is not None:
            postcode, provider = carer[2], carer[5]
            story.placement_postcode = postcode
        agreed_day = begin + (side.randint(8, 15) if side.random() < 0.08 else side.randint(0, 6))
        late = agreed_day > story.today or (finish is not None and agreed_day > finish)
        agreed = None if late else agreed_day
        away = postcode.split(" ")[0] in AWAY_DISTRICTS
        regime = visit_regime(
            legal_status=legal,
            placement_type=ptype,
            temporary_approval=False,
            parent_assessment_pending=False,
        )
        carer_id, urn = (carer[0], carer[4]) if carer is not None else (None, "")
        previous = carer_id
        moved_for = "" if index == 0 else MOVE_REASONS[side.randrange(len(MOVE_REASONS))]
        pslot = story.record(
            "placement",
            slot,
            [
                begin,
                finish,
                ptype,
                provider,
                postcode,
                agreed,
                agreed is not None,
                not away,
                carer_id,
                urn,
                moved_for,
                regime,
            ],
        )
        # The SSDA903 episode: one per placement here (the legal status holds for the period), each ending the day
        # the next begins (X1), the last with the period's reason.
        ceased = "X1" if not last else (reason if end is not None else "")
        story.record("episode", slot, [pslot, begin, finish, "S" if index == 0 else "P", legal, ceased])
        story.placement_start = begin
        story.ev(
            begin,
            "placement.started",
            g.payload(
                "placement.started",
                placement_type=PlacementType(ptype).label,
                placement_type_code=ptype,
                provider=provider,
                long_term=False,
                visit_regime=regime,
                where=(f" with {carer[1]}" if carer is not None else "")
                + (" (outside the council's area)" if away else ""),
                first=index == 0,
                out_of_area=away,
            ),
            pslot,
        )
        notify(story, side, pslot, begin, finish, away, age)
        placed.append((begin, finish, carer[1] if carer is not None else PlacementType(ptype).label))
        if agreed is not None:
            story.ev(agreed, "placement_plan.prepared", g.payload("placement_plan.prepared"), pslot)
        visit_stop = finish if finish is not None else story.stop_for(None, behind, 44)
        for visit in story.series(begin, visit_stop, (1, 7), (28, 42), 0.05, (43, 60)):
            roll = story.r()
            if roll < 0.03:
                continue  # no one at home: the demo keeps its failed visits to child protection (ADR 18's alerts)
            elif roll < 0.75 and age + (visit - begin) / YEAR >= 4:
                story.ev(
                    visit,
                    "lac_visit.completed",
                    g.payload("lac_visit.completed", **alone),
                    slot,
                    alt=g.payload("lac_visit.completed", **seen),
                )
            else:
                story.ev(visit, "lac_visit.completed", g.payload("lac_visit.completed", **seen), slot)
    missing(story, random.Random(f"{g.plan.seed}:missing:{cin}:{start}"), placed, age_at_start, start)
    health(story, cin, start, end)
    education(story, cin, start, end)
    review_stop = (
        stop if end is not None or not (behind and story.r() < 0.25) else story.today - story.u(190, 240)
    )
    number = 0
    day = on_weekday(start + (story.u(29, 40) if story.r() < 0.07 else story.u(10, 27)))
    while day < review_stop:
        number += 1
        review(story, side, slot, number, day, age_at_start + (day - start) / YEAR)
        if number == 1:
            step = story.u(92, 110) if story.r() < 0.05 else story.u(60, 89)
        else:
            step = story.u(185, 200) if story.r() < 0.05 else story.u(150, 180)
        day = on_weekday(day + step)
    if end is not None:
        story.changes_of_worker(start, end)
    if end is not None:
        story.ev(
            end,
            "care.ended",
            g.payload("care.ended", reason=ReasonEpisodeCeased(reason).label, reason_code=reason),
            slot,
        )
    return slot


RISKS = ("low", "medium", "medium", "high")
FOUND = (
    "Home with their mother",
    "A friend's house",
    "The town centre",
    "A relative's home",
    "A railway station",
)
INTERVIEWERS = (
    "Safe Return (independent)",
    "Children's Rights Service",
    "The council's return interview team",
)


def missing(
    story: Story,
    side: random.Random,
    placed: list[tuple[int, int | None, str]],
    age_at_start: float,
    start: int,
) -> None:
    """Some children in care go missing from their placements now and then (about one period in five, from the
    age of 11), mostly for a night or two; each return is followed by the offer of a return interview, mostly held
    within 72 hours, sometimes declined or late. A few are missing today. Drawn from a stream of their own."""
    if side.random() >= 0.2:
        return
    g = story.g
    for begin, finish, where in placed:
        stop = finish if finish is not None else story.today + 1
        day = begin + int(side.expovariate(1 / 120))
        while day < stop:
            if age_at_start + (day - start) / YEAR < 11:
                day += int(side.expovariate(1 / 120)) + 1
                continue
            back = day + (0 if side.random() < 0.4 else side.randint(1, 4))
            if finish is not None:
                back = min(back, finish)  # back before the placement ends (903 rules 575, 580)
            risk = RISKS[side.randrange(len(RISKS))]
            police = risk != "low" or side.random() < 0.5
            ongoing = back > story.today
            ended = None if ongoing else back
            found = "" if ongoing else FOUND[side.randrange(len(FOUND))]
            left_at = side.randint(15, 21)
            row = [
                "missing",
                day,
                f"{left_at:02d}:{side.choice((0, 15, 30, 45)):02d}:00",
                where,
                risk,
                police,
                f"NP-{side.randint(10000, 99999)}" if police else "",
                ended,
                None if ongoing else f"{side.randint(left_at + 1 if back == day else 7, 23):02d}:00:00",
                found,
                None,
                "",
                None,
                "",
                "",
                None,
                f"{story.g.day(day)[1]} 12:00:00+00:00",
            ]
            mslot = story.record("missing", -1, row)
            story.ev(
                day,
                "missing.started",
                g.payload("missing.started", what="Missing", missing_from=where, risk=risk, police=police),
                mslot,
            )
            if ongoing:
                return
            nights = back - day
            story.ev(
                back,
                "missing.ended",
                g.payload(
                    "missing.ended",
                    duration=f"{nights} day{'' if nights == 1 else 's'}" if nights else "less than a day",
                    where_found=found,
                    kind="missing",
                ),
                mslot,
            )
            roll = side.random()
            when = back + (side.randint(1, 3) if roll < 0.75 else side.randint(4, 8))
            if when <= story.today and (finish is None or when <= finish):
                if roll < 0.12:
                    row[10], row[11] = when, "declined"
                    story.ev(
                        when,
                        "missing.interview_declined",
                        g.payload("missing.interview_declined", offered=long_date(date.fromordinal(when))),
                        mslot,
                    )
                else:
                    interviewer = INTERVIEWERS[side.randrange(len(INTERVIEWERS))]
                    row[11], row[12], row[13] = "held", when, interviewer
                    story.ev(
                        when,
                        "missing.interview_held",
                        g.payload("missing.interview_held", interviewer=interviewer),
                        mslot,
                    )
            day = max(back, when) + 1 + int(side.expovariate(1 / 90))  # after this return and its interview


# Why children move (903 REASON_PLACE_CHANGE), the plan's own reasons most often.
MOVE_REASONS = ("CARPL",) * 6 + ("CREQB", "CREQO", "CHILD", "LAREQ", "CLOSE", "STAND")
NOTICES = (
    ("placement_doctor", "Notice of a placement, to the doctor", "the child's GP"),
    ("placement_school", "Notice of a placement, to the school", "the child's school"),
    ("placement_host_council", "Notice of a placement in your area", "the host council"),
)


def notify(
    story: Story, side: random.Random, pslot: int, begin: int, finish: int | None, away: bool, age: float
) -> None:
    """The placement's letters: the doctor, the school and, outside the area, the host council, mostly within 5
    working days."""
    for code, title, recipient in NOTICES:
        if code == "placement_host_council" and not away:
            continue  # (the school's notice goes for every child of the family: the rule asks it from age 5)
        day = begin + (side.randint(8, 16) if side.random() < 0.07 else side.randint(0, 6))
        if day <= story.today and (finish is None or day <= finish):
            story.ev(
                day,
                "letter.sent",
                story.g.payload("letter.sent", letter=title, recipient=recipient, code=code),
                pslot,
            )


def review(story: Story, side: random.Random, slot: int, number: int, day: int, age: float) -> None:
    """A review chaired by the child's reviewing officer: met the child first (mostly), the child's part, the
    decisions circulated and the record completed (now and then late, or not yet)."""
    g, iro = story.g, story.iro
    roll = side.random()
    # A child under 4 on the day (each child of the family has their own copy, `alt`) is PN0 (903 rule 440).
    participation = "PN1" if roll < 0.6 else "PN6" if roll < 0.9 else "PN7"
    met = day - side.randint(1, 10) if side.random() < 0.85 else None
    decisions = day + (side.randint(8, 14) if side.random() < 0.1 else side.randint(1, 6))
    record = day + (side.randint(29, 45) if side.random() < 0.15 else side.randint(5, 27))
    decisions_on = decisions if decisions <= story.today else None
    record_on = record if record <= story.today else None
    summary = (
        "Placement meeting the child's needs; plan continues" if side.random() < 0.8 else "Plan to change"
    )
    values = [number, day, iro, participation, met, "", summary, decisions_on, record_on, iro]
    under_four = [number, day, iro, "PN0", met, "", summary, decisions_on, record_on, iro]
    rslot = story.record("lacreview", slot, values, alt=(day, under_four))
    story.ev(
        day,
        "lac_review.held",
        g.payload(
            "lac_review.held",
            number=number,
            subsequent=number >= 2,
            iro_id=iro,
            participation=participation,
            met_child_first=met is not None,
        ),
        rslot,
        iro,
        alt=g.payload(
            "lac_review.held",
            number=number,
            subsequent=number >= 2,
            iro_id=iro,
            participation="PN0",
            met_child_first=met is not None,
        ),
    )
    if decisions_on is not None:
        story.ev(
            decisions_on,
            "lac_review.decisions_circulated",
            g.payload("lac_review.decisions_circulated"),
            rslot,
            iro,
        )
    if record_on is not None:
        story.ev(
            record_on, "lac_review.record_completed", g.payload("lac_review.record_completed"), rslot, iro
        )


def carer_choice(
    story: Story, side: random.Random, ptype: str, provider: str, postcode: str, previous: int | None
) -> tuple[int, str, str, bool, str, str] | None:
    """A carer or home from the council's register for the placement (none for a child placed with parents, for
    adoption or in hospital), inside or outside the area as the placement's postcode chose."""
    register = story.g.org.register
    if ptype in ("U1", "U2", "U3"):
        key = "connected" if side.random() < 0.5 else "foster"
    elif ptype[0] == "U":
        key = "foster" if provider == "PR1" else "agency"
    elif ptype == "K2":
        key = "home"
    elif ptype in ("K3", "H5"):
        key = "supported"
    else:
        return None
    away = postcode.split(" ")[0] in AWAY_DISTRICTS
    found = [entry for entry in register.get(key, ()) if entry[3] != away and entry[0] != previous] or [
        entry for entry in register.get(key, ()) if entry[0] != previous
    ]
    return found[side.randrange(len(found))] if found else None


def placement_choice(story: Story, age: float, reason: str, legal: str) -> tuple[str, str, str]:
    rng, r = story.rng, story.r()
    if reason in ("E11", "E12"):
        ptype = "A5" if r < 0.6 else "A6"
    elif age < 1 and r < 0.1:
        ptype = "R3"
    elif age >= 16 and r < 0.45:
        ptype = "K3" if story.today >= _K3_DAY else "H5"
    elif age >= 11 and r < 0.2:
        ptype = "K2"
    elif r < 0.05 and legal != "V2":  # placed with parents: never under section 20 (903 rule 441)
        ptype = "P1"
    else:
        ptype = W_FOSTER.pick(rng)
    if ptype == "P1":
        provider = "PR0"
    elif ptype in ("A5", "A6") or (ptype[0] == "U" and rng.random() < 0.7) or (ptype == "K2" and r < 0.4):
        provider = "PR1"
    else:
        provider = "PR4" if rng.random() < 0.8 else "PR5"
    district = rng.choice(OUT_OF_AREA if provider != "PR1" and rng.random() < 0.35 else DISTRICTS)
    postcode = random_postcode(rng, district[0])
    story.placement_postcode = postcode
    return ptype, provider, postcode
