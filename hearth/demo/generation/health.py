"""A looked-after child's health as it is told (issue 17): the initial health assessment, mostly within 20 working
days; review assessments every 6 months under 5 and every year from 5, now and then late; a dental check and the
SDQ (ages 4 to 16) each year; immunisations reviewed at each assessment. Recorded by the health partners (the
looked-after children's nurse and the community paediatrician of a health trust), so they carry its agency and the
basis for sharing. Drawn from a stream of their own, so the rest of each history is unchanged."""

from __future__ import annotations

import random
from collections.abc import Callable

from hearth.demo.generation.story import Story, birthday

TRUST = "Northmoor Community Health NHS Trust"
SCHOOL = "Northmoor Virtual School"
SCHOOL_BASIS = (
    "UK GDPR Article 6(1)(e) (public task) and Article 9(2)(g) (substantial public interest: safeguarding of "
    "children, Data Protection Act 2018 Schedule 1 paragraph 18)"
)
TERM = 120  # days between a plan's termly reviews, about a school term
BASIS = "UK GDPR Article 6(1)(e) (public task) and Article 9(2)(h) (health or social care)"
PAEDIATRICIAN = "Dr R Okonjo, community paediatrician"
NURSE = "Sam Hale, looked-after children's nurse"
FINDINGS = (
    "Growing well; immunisations reviewed; registered with a GP and a dentist.",
    "Healthy; some worries about sleep, advice given to the carers.",
    "Asthma well controlled; inhaler technique checked; next review in the health plan.",
    "Emotional wellbeing: referral to CAMHS discussed with the child and carers.",
    "Eczema improving with treatment; dental decay noted, dentist appointment made.",
)


def health(story: Story, cin: int, start: int, end: int | None) -> None:
    """The health history of one care period, from `start` until it ends (or today). The family's children share
    one story (each child's copy of its records): assessments are 6-monthly while the youngest is under 5, and the
    SDQ yearly while any child is 4 to 16, a child under 4 on the day having no score for their age (SDQ1)."""
    side = random.Random(f"{story.g.plan.seed}:health:{cin}:{start}")
    story.health_told = True
    stop = min(end, story.today) if end is not None else story.today
    eldest, youngest = min(story.births), max(story.births)

    def recorded(day: int) -> str:
        return f"{story.g.day(day)[1]} 12:00:00+00:00"

    # The initial assessment: most within 20 working days (about 28 calendar days), some late, a few not yet.
    day = start + (side.randint(30, 60) if side.random() < 0.12 else side.randint(7, 26))
    kind, by = "initial", PAEDIATRICIAN
    while day <= stop:
        finding = FINDINGS[side.randrange(len(FINDINGS))]
        slot = story.record(
            "healthassessment", -1, [kind, day, by, finding, None, recorded(day), TRUST, BASIS]
        )
        story.ev(
            day,
            "health.assessed",
            story.g.payload(
                "health.assessed",
                kind=kind,
                what="Initial health assessment" if kind == "initial" else "Review health assessment",
                assessed_by=by,
                agency=TRUST,
            ),
            slot,
            by=None,
        )
        up_to_date = side.random() < 0.88
        check = story.record(
            "healthcheck", -1, ["immunisations", day, up_to_date, "", None, recorded(day), TRUST, BASIS]
        )
        story.ev(
            day,
            "health.immunisations_reviewed",
            story.g.payload(
                "health.immunisations_reviewed",
                kind="immunisations",
                status="up to date" if up_to_date else "not up to date",
                agency=TRUST,
            ),
            check,
            by=None,
        )
        months = 6 if day < birthday(youngest, 5) else 12
        day += months * 30 - side.randint(0, 25) + (side.randint(20, 60) if side.random() < 0.08 else 0)
        kind, by = "review", NURSE
    _yearly(story, side, "dental", start + side.randint(40, 200), stop, recorded)
    first = start + side.randint(30, 150)
    while first < birthday(eldest, 4):
        first += 90
    _sdq(story, side, first, min(stop, birthday(youngest, 17) - 1), recorded)


def _yearly(
    story: Story, side: random.Random, kind: str, day: int, stop: int, recorded: Callable[[int], str]
) -> None:
    while day <= stop:
        slot = story.record("healthcheck", -1, [kind, day, None, "", None, recorded(day), TRUST, BASIS])
        story.ev(
            day,
            "health.dental_checked",
            story.g.payload("health.dental_checked", kind=kind, agency=TRUST),
            slot,
            by=None,
        )
        day += side.randint(300, 360) + (side.randint(30, 90) if side.random() < 0.1 else 0)


def _sdq(story: Story, side: random.Random, day: int, stop: int, recorded: Callable[[int], str]) -> None:
    score = side.randint(4, 26)
    while day <= stop:
        score = max(0, min(40, score + side.randint(-5, 4)))
        slot = story.record(
            "sdq",
            -1,
            [day, score, "", "The foster carer", None, recorded(day), TRUST, BASIS],
            alt=(day, [day, None, "SDQ1", "", None, recorded(day), TRUST, BASIS]),
        )
        story.ev(
            day,
            "health.sdq_completed",
            story.g.payload("health.sdq_completed", result=str(score), score=score, agency=TRUST),
            slot,
            by=None,
            alt=story.g.payload(
                "health.sdq_completed",
                result="no score (under 4 or over 17 on the date)",
                score=None,
                agency=TRUST,
            ),
        )
        day += side.randint(300, 360)


def education(story: Story, cin: int, start: int, end: int | None) -> None:
    """The personal education plan of one care period, once the eldest child is 3: started within about 10 working
    days (now and then late) by the virtual school, signed off at the PEP meeting within about 20, then a new version
    reviewed and signed off each term. Versions are numbered across the family's periods of care."""
    side = random.Random(f"{story.g.plan.seed}:pep:{cin}:{start}")
    story.health_told = True
    stop = min(end, story.today) if end is not None else story.today
    begin = max(start, birthday(min(story.births), 3))
    day = begin + (side.randint(15, 30) if side.random() < 0.1 else side.randint(2, 13))
    meeting = day + side.randint(3, 14)
    while meeting <= stop:
        story.pep_versions += 1
        version = story.pep_versions
        text = PEP_TEXT[side.randrange(len(PEP_TEXT))]
        slot = story.record(
            "pep",
            -1,
            [
                version,
                day,
                *text,
                "signed_off",
                meeting,
                meeting,
                None,
                None,
                f"{story.g.day(day)[1]} 12:00:00+00:00",
                SCHOOL,
                SCHOOL_BASIS,
            ],
        )
        story.ev(
            day, "pep.started", story.g.payload("pep.started", version=version, agency=SCHOOL), slot, by=None
        )
        story.ev(meeting, "pep.signed_off", story.g.payload("pep.signed_off", version=version), slot)
        day = meeting + TERM - side.randint(0, 20) + (side.randint(30, 60) if side.random() < 0.08 else 0)
        meeting = day + side.randint(0, 7)


PEP_TEXT = (
    (
        "Reading at the expected standard; maths working towards it.",
        "Attendance 95% this term; settled in class.",
        "Times tables to 12 by the end of term, with a weekly catch-up session.",
        "A maths tutor, one hour a week.",
        "Likes school and their teacher; wants to join the football club.",
        "The care plan's education outcome: attendance above 95%.",
    ),
    (
        "Behind in writing; good progress in science.",
        "Attendance 88%: two absences after contact weekends.",
        "A piece of extended writing each week, checked by the designated teacher.",
        "Laptop and a reading scheme.",
        "Finds writing hard; would like help with homework at the carers'.",
        "Contact arrangements reviewed so they do not fall on school days.",
    ),
    (
        "On track for expected GCSE grades in English and science.",
        "Attendance 91%; one suspension last term, none this term.",
        "Revision timetable agreed; mentor meetings fortnightly.",
        "Mentoring and a revision guide for each subject.",
        "Wants to go to college to study mechanics.",
        "Pathway to college in the care plan; taster day booked.",
    ),
)
