"""Contacts to the front door as they are told: the contacts that lead up to a referral or to early help (many
ending in no further action or advice), and the contacts about a child after their case has closed.

Councils in England record about four contacts for each referral (ADCS Safeguarding Pressures); here a referral or an early
help episode is preceded by a few earlier contacts about the same child, and the last contact leads to it.
"""

from __future__ import annotations

from hearth.core.codesets import ReferralSource
from hearth.demo.generation.codes import Weighted
from hearth.demo.generation.story import HISTORY_DAY, Story, on_weekday
from hearth.frontdoor.models import ContactOutcome

EARLIER_CONTACTS = 2.0
"""Mean number of earlier contacts before each referral or early help episode (with the one that leads to it,
about four contacts for each)."""
_LEAD_UP_DAYS = 1000
_AFTER_CLOSURE_PER_YEAR = 0.5
# Who makes contacts (CIN census referral source codes): police notifications of domestic abuse lead.
W_CONTACT_SOURCE = Weighted(
    (
        ("6", 34),
        ("2A", 17),
        ("3A", 3),
        ("3B", 4),
        ("3C", 2),
        ("3D", 2),
        ("3E", 4),
        ("3F", 2),
        ("4", 2),
        ("5A", 2),
        ("5B", 2),
        ("5C", 2),
        ("5D", 5),
        ("1A", 6),
        ("1B", 2),
        ("1C", 1),
        ("1D", 1),
        ("7", 3),
        ("8", 4),
        ("9", 1),
        ("10", 1),
    )
)
# What contacts say, by the first character of the source code (individuals, schools, health, and so on).
_CONCERNS: dict[str, tuple[str, ...]] = {
    "1": (
        "Family member worried about the children's care at home",
        "Neighbour reports children left alone in the evening",
        "Relative concerned about parent's drinking",
        "Young person asking for help with arguments at home",
        "Grandparent worried about home conditions",
    ),
    "2": (
        "Child arrived at school hungry and unkempt",
        "Unexplained bruising noticed by class teacher",
        "Persistent absence from school",
        "Child disclosed arguments and shouting at home",
        "Child's behaviour has changed; withdrawn in class",
        "Parent appeared intoxicated at collection",
    ),
    "3": (
        "Missed health appointments and immunisations",
        "Injury to a non-mobile baby",
        "Mother's low mood after birth; support needed",
        "Attendance at A&E after a fall; history inconsistent",
        "Concern about weight and growth",
        "Parent's mental health affecting care of the children",
    ),
    "4": ("Home in poor condition; rent arrears and eviction risk", "Family presenting as homeless"),
    "5": (
        "Adult services: parent's substance misuse",
        "Youth offending: young person missing overnight",
        "Family support worker: plan not progressing",
        "Another council's transfer-in information",
    ),
    "6": (
        "Domestic abuse incident; children present",
        "Domestic abuse incident; children not present",
        "Young person reported missing from home",
        "Child found wandering unsupervised",
        "Concern for welfare visit to the home",
        "Young person arrested; appropriate adult needed",
    ),
    "7": ("Probation: parent released from custody", "Cafcass: private law safeguarding letter"),
    "8": ("Children's centre worried about home conditions", "Voluntary provider worried about neglect"),
    "9": ("Anonymous report of children left alone",),
    "1_0": ("Concern for a child's welfare",),
}
_EARLIER_OUTCOMES = Weighted(
    ((ContactOutcome.NO_FURTHER_ACTION, 48), (ContactOutcome.ADVICE, 42), (ContactOutcome.EARLY_HELP, 10))
)


def _concerns(source: str) -> tuple[str, ...]:
    return _CONCERNS["1_0" if source == "10" else source[0]]


def _floor(story: Story, day: int) -> int:
    """The earliest day a contact can be about this family's episode starting on `day`: after the last episode
    closed and after the birth of the youngest child born by then (so each child still joins at the same
    episode)."""
    youngest = max((born for born in story.births if born < day), default=day - 1)
    return max(HISTORY_DAY, youngest + 1, story.quiet_from)


def contact(story: Story, day: int, source: str, outcome: str, decided: int | None) -> None:
    """A contact received on `day` and screened on `decided` (None: not screened yet)."""
    g = story.g
    concern = story.rng.choice(_concerns(source))
    screened = ContactOutcome(outcome)
    screener = story.front_door()
    reason = (
        f"{screened.label}: screened against the council's threshold guidance" if decided is not None else ""
    )
    # Written feedback to the referrer goes with the decision (the same day).
    row = [
        day,
        source,
        concern,
        screened.value if decided is not None else "",
        decided,
        "",
        "",
        screener if decided is not None else None,
        reason,
        decided,
    ]
    slot = story.record("contact", -1, row)
    story.ev(
        day,
        "contact.received",
        g.payload("contact.received", source=ReferralSource(source).label, concern=concern),
        slot,
        screener,
    )
    if decided is not None:
        story.ev(
            decided,
            "contact.decided",
            g.payload("contact.decided", outcome=screened.label),
            slot,
            screener,
        )


def screened_on(story: Story, day: int) -> int:
    """Most contacts are screened the day they arrive or the next working day; a few take longer."""
    roll = story.r()
    if roll < 0.55:
        return on_weekday(day)
    if roll < 0.94:
        return on_weekday(day + 1)
    return on_weekday(day + story.u(2, 5))


def _earlier(story: Story, floor: int, day: int) -> list[int]:
    """Days of the earlier contacts about the family before `day` (none if there is no room)."""
    lo = max(floor, day - _LEAD_UP_DAYS)
    if day - lo < 5:
        return []
    count = int(story.rng.expovariate(1 / EARLIER_CONTACTS) + 0.5)
    return sorted(on_weekday(story.u(lo, day - 3)) for _ in range(count))


def episode_with_contacts(
    story: Story, day: int, source: str, outcome: str, received: int | None = None
) -> None:
    """Start an episode on `day` with the contacts that led to it: earlier ones, then the one received on
    `received` (default `day`) and screened, by `day`, with `outcome`."""
    floor = _floor(story, day)
    received = day if received is None else max(min(received, day), floor)
    earlier = [when for when in _earlier(story, floor, received) if when < received]
    story.episode(earlier[0] if earlier else received)
    for when in earlier:
        contact(
            story,
            when,
            W_CONTACT_SOURCE.pick(story.rng),
            _EARLIER_OUTCOMES.pick(story.rng),
            min(screened_on(story, when), received),
        )
    contact(story, received, source, outcome, min(screened_on(story, received), day))


def referral_contact_day(story: Story, day: int) -> int:
    """The day the contact that became a referral on `day` arrived: that day or the working day before."""
    if story.r() < 0.6:
        return day
    back = day - 1
    while (back - 1) % 7 >= 5:
        back -= 1
    return back


def after_closure(story: Story, start: int) -> None:
    """Contacts about a family after its last episode closed, to today (the latest may not be screened yet)."""
    today = story.today
    if today - start < 5:
        return
    count = int(story.rng.expovariate(1 / ((today - start) / 365.25 * _AFTER_CLOSURE_PER_YEAR)) + 0.5)
    for when in sorted(on_weekday(story.u(start, today)) for _ in range(count)):
        if when > today:
            break
        decided: int | None = screened_on(story, when)
        if decided is not None and (decided > today or (when == today and story.r() < 0.5)):
            decided = None
        outcome = _EARLIER_OUTCOMES.pick(story.rng)
        contact(story, when, W_CONTACT_SOURCE.pick(story.rng), outcome, decided)
