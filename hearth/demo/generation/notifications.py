"""Police notifications of domestic abuse as they are told, once a family's history is known.

About one family in eight known to the service has one to four notifications over the years, more of those whose
assessments found domestic abuse (factors 3A to 3C) or whose contacts came from the police about it. A repeat
notification within a year is common. Risk (DASH) is standard for about 60%, medium 28%, high 12%; a high-risk
notification has its MARAC referral within a few days. Most are screened the day they arrive or the next working
day (about 8% later). A notification decided as a referral or a strategy discussion is the police contact that
led to one of the history's referrals (the same day and decision), so no referral is invented; when the history
has none to match, the decision is one that needs no referral (early help or a letter).

A notification is one row for the household, linked to every child in it, each with their own events: its
children are those whose history (`family.Family`) includes the day it arrived, so a notification is placed only
on a day when every child born by then has their history (and none is yet 18).

A few families (about one for every 2,400 children, at least one) have a notification received today or
yesterday that is still waiting to be screened, so the front door's queue is not empty.
"""

from __future__ import annotations

import random
from datetime import date

from hearth.core.codesets import ReferralSource
from hearth.demo.generation.codes import Weighted
from hearth.demo.generation.plan import CIN_A, CIN_P, CP, EH, LAC, CouncilPlan, planned_families
from hearth.demo.generation.story import HISTORY_DAY, Story, birthday, on_weekday
from hearth.frontdoor.models import ContactOutcome, DomesticAbuseNotificationDecision, RiskLevel

NOTIFICATION_EVENTS = frozenset({"da_notification.received", "da_notification.screened"})
WAITING_PER_CHILDREN = 2400
"""Children for each notification waiting to be screened today (at least one)."""
_WAITING_STATUSES = (CP, CIN_A, CIN_P, EH)
# Chance that a family has notifications: domestic abuse found by an assessment, a police contact about it,
# neither.
_SHARE_FACTOR, _SHARE_POLICE, _SHARE_OTHER = 0.25, 0.11, 0.045
_DA_FACTORS = ('"3A"', '"3B"', '"3C"')
_DA_CONCERN = "Domestic abuse incident"
_CHILDREN_PRESENT = "Domestic abuse incident; children present"
_POLICE = ReferralSource("6").label
_REPEAT_WITHIN_YEAR = 0.6
_LATE = 0.08
_COUNT = Weighted(((1, 45), (2, 30), (3, 15), (4, 10)))
_RISK = Weighted(((RiskLevel.STANDARD, 60), (RiskLevel.MEDIUM, 28), (RiskLevel.HIGH, 12)))
_D = DomesticAbuseNotificationDecision
_DECISIONS = {
    RiskLevel.STANDARD: Weighted(
        ((_D.NO_FURTHER_ACTION, 55), (_D.LETTER, 38), (_D.EARLY_HELP, 5), (_D.REFERRAL, 2))
    ),
    RiskLevel.MEDIUM: Weighted(
        ((_D.NO_FURTHER_ACTION, 25), (_D.LETTER, 38), (_D.EARLY_HELP, 24), (_D.REFERRAL, 13))
    ),
    RiskLevel.HIGH: Weighted(
        (
            (_D.NO_FURTHER_ACTION, 4),
            (_D.LETTER, 8),
            (_D.EARLY_HELP, 18),
            (_D.REFERRAL, 40),
            (_D.STRATEGY_DISCUSSION, 30),
        )
    ),
}
# The decision when the history has no referral for a referral or strategy decision to be.
_WITHOUT_REFERRAL = {
    RiskLevel.STANDARD: _D.LETTER,
    RiskLevel.MEDIUM: _D.EARLY_HELP,
    RiskLevel.HIGH: _D.EARLY_HELP,
}
_TO_REFERRAL = {_D.REFERRAL, _D.STRATEGY_DISCUSSION}
_CONTACT_DECISION = {
    ContactOutcome.REFERRAL.value: _D.REFERRAL,
    ContactOutcome.STRATEGY_DISCUSSION.value: _D.STRATEGY_DISCUSSION,
}
_SUMMARIES = {
    RiskLevel.STANDARD: (
        "Verbal argument between the parents; the children were asleep upstairs",
        "Ex-partner came to the address and refused to leave; children present, no injuries",
        "Argument at a contact handover; no injuries and no offences disclosed",
        "Neighbour called police about shouting; no offences disclosed, children seen and well",
        "Parents arguing after drinking; the children were at their grandparents'",
    ),
    RiskLevel.MEDIUM: (
        "Mother pushed during an argument; the children were in the next room",
        "Threats by text and at the door from an ex-partner on bail; children present",
        "Damage to the home during an argument; the eldest child called the police",
        "Father arrested after an assault on mother; the children saw the aftermath",
        "Controlling behaviour and threats reported by mother; second call this year",
    ),
    RiskLevel.HIGH: (
        "Mother strangled by her partner; children in the house; partner arrested",
        "Assault with a weapon; the children were present and one was hurt trying to intervene",
        "Stalking and threats to kill by an ex-partner; non-molestation order breached",
        "Assault on mother during pregnancy; partner arrested and released on bail",
    ),
}
_REASONS = {
    _D.NO_FURTHER_ACTION: (
        "Information recorded and shared with the school and health visitor; no role for children's social care.",
        "The family already has support from the domestic abuse service; information recorded.",
    ),
    _D.LETTER: (
        "Letter to the non-abusing parent with safety advice and the domestic abuse support services.",
        "Letter to both parents about the effect of domestic abuse on children, with local support services.",
    ),
    _D.EARLY_HELP: (
        "Repeat incidents with the children present: early help offered with the domestic abuse service.",
        "Mother agrees to early help; referral to the domestic abuse service for support and safety planning.",
    ),
    _D.REFERRAL: (
        "Children present and a parent injured: meets the threshold for a referral to children's social care.",
        "Escalating incidents with the children at risk of harm: referred to children's social care.",
    ),
    _D.STRATEGY_DISCUSSION: (
        "High risk with the children present: strategy discussion with police and health the same day.",
        "A child hurt in the incident: strategy discussion to consider a section 47 enquiry.",
    ),
}


def waiting_families(plan: CouncilPlan) -> frozenset[int]:
    """The families with a notification waiting to be screened today: about one for every 2,400 children, at
    least one, among families open to children in need or early help."""
    waiting = planned_families(plan, _WAITING_STATUSES, WAITING_PER_CHILDREN, "notifications:waiting")
    # A tiny council: any family still open (a care leaver is no longer a child).
    return waiting or planned_families(plan, (LAC,), WAITING_PER_CHILDREN, "notifications:waiting")


class _Household:
    """Which days a notification can be about this household's children: those whose histories include it."""

    def __init__(self, story: Story, births: list[int]) -> None:
        episodes = story.episodes
        # As family.Family writes them: a child's history starts with the first episode that began once they
        # were born.
        self.starts = [next((e[0] for e in episodes if e[0] >= dob), episodes[-1][0]) for dob in births]
        self.births = births
        self.lo = max(HISTORY_DAY, min(self.starts))

    def children_on(self, day: int) -> list[int] | None:
        """The children a notification on `day` is about, or None if that day does not fit (a child born by then
        whose history starts later, one whose history starts before birth, or one 18 by then)."""
        chosen = []
        for index, (dob, start) in enumerate(zip(self.births, self.starts, strict=True)):
            if (start <= day) != (dob < day):
                return None
            if start <= day:
                if day >= birthday(dob, 18):
                    return None
                chosen.append(index)
        return chosen or None


def police_notifications(story: Story, births: list[int], rng: random.Random, *, waiting: bool) -> None:
    """The family's police notifications of domestic abuse (if any), told on its story."""
    roll = rng.random()
    if roll >= _SHARE_FACTOR and not waiting:  # the highest chance: most families need not be looked at
        return
    records = story.records
    found_abuse = police = False
    referral_contacts: list[int] = []  # police contacts that led to a referral
    for slot, (table, _, values, _) in enumerate(records):
        if table == "assessment":
            found_abuse = found_abuse or any(code in values[16] for code in _DA_FACTORS)
        elif table == "contact" and values[1] == "6":
            police = police or values[2].startswith(_DA_CONCERN)
            if values[3] in _CONTACT_DECISION:
                referral_contacts.append(slot)
    share = _SHARE_FACTOR if found_abuse else _SHARE_POLICE if police else _SHARE_OTHER
    known = roll < share
    if not known and not waiting:
        return
    household = _Household(story, births)
    today = story.today
    if waiting:  # received today or yesterday
        day = today - (rng.random() < 0.5)
        if household.children_on(day) is not None:
            _notification(story, rng, day, _RISK.pick(rng), None)
        if not known:
            return
    hi = today - 10  # old enough to have been screened, even late
    if hi <= household.lo:
        return
    wanted = [_RISK.pick(rng) for _ in range(_COUNT.pick(rng))]
    placed: list[tuple[int, RiskLevel, DomesticAbuseNotificationDecision, int | None]] = []
    others: list[tuple[RiskLevel, DomesticAbuseNotificationDecision]] = []
    rng.shuffle(referral_contacts)
    for risk in wanted:
        decision = _DECISIONS[risk].pick(rng)
        if decision not in _TO_REFERRAL:
            others.append((risk, decision))
            continue
        # The police contact that led to a referral, decided the same way; none left: a decision without one.
        while referral_contacts:
            slot = referral_contacts.pop()
            day = records[slot][2][0]
            if household.lo <= day <= hi and household.children_on(day) is not None:
                placed.append((day, risk, _CONTACT_DECISION[records[slot][2][3]], slot))
                break
        else:
            others.append((risk, _WITHOUT_REFERRAL[risk]))
    # Repeat notifications, many within a year of the one before (or, before one that led to a referral, of the
    # one after: the incidents escalated).
    anchor = placed[0][0] if placed else None
    forwards = anchor is None
    for risk, decision in others:
        if anchor is None:
            day = rng.randint(household.lo, hi)
        else:
            gap = rng.randint(14, 365) if rng.random() < _REPEAT_WITHIN_YEAR else rng.randint(366, 1500)
            day = anchor + gap if forwards else anchor - gap
        if not household.lo <= day <= hi or household.children_on(day) is None:
            continue
        placed.append((day, risk, decision, None))
        anchor = day
    for day, risk, decision, contact in sorted(placed, key=lambda item: item[0]):
        _notification(story, rng, day, risk, decision, contact)


def _notification(
    story: Story,
    rng: random.Random,
    received: int,
    risk: RiskLevel,
    decision: DomesticAbuseNotificationDecision | None,
    contact: int | None = None,
) -> None:
    """A notification received on `received` and screened with `decision` (None: waiting to be screened); if it
    is the police contact in slot `contact` that led to a referral, screened when that contact was."""
    g, today = story.g, story.today
    roll = rng.random()
    incident = received - (0 if roll < 0.3 else 1 if roll < 0.8 else rng.randint(2, 3))
    incident_date = date.fromordinal(incident)
    summary = rng.choice(_SUMMARIES[risk])
    recorder = rng.choice(g.org.front_door)
    values: list[object] = [
        f"NM/{incident_date:%y}/{rng.randint(1000, 99999):05d}",
        incident,
        received,
        risk.value,
        summary,
        "",
        "",
        None,
        None,
        None,
    ]
    slot = story.record("dan", -1, values)
    story.notifications.append(slot)
    story.ev(
        received,
        "da_notification.received",
        g.payload("da_notification.received", risk=risk.label.lower(), summary=summary[:120]),
        slot,
        recorder,
    )
    if decision is None:
        return
    if contact is not None:
        decided = story.records[contact][2][4]
        _about_domestic_abuse(story, contact)
    else:
        calendar = g.engine.calendar
        on = date.fromordinal(received)
        roll = rng.random()
        if roll < _LATE:
            decided = calendar.add_working_days(on, rng.randint(2, 4)).toordinal()
        elif roll < 0.55 and calendar.is_working_day(on):
            decided = received
        else:
            decided = calendar.add_working_days(on, 1).toordinal()
    screener = recorder if rng.random() < 0.7 else rng.choice(g.org.front_door)
    values[5], values[6] = decision.value, rng.choice(_REASONS[decision])
    values[7], values[8] = decided, screener
    if risk == RiskLevel.HIGH:
        values[9] = min(on_weekday(received + rng.randint(0, 3)), today)
    story.ev(
        decided,
        "da_notification.screened",
        g.payload("da_notification.screened", decision=decision.label),
        slot,
        screener,
    )


def _about_domestic_abuse(story: Story, contact: int) -> None:
    """The police contact that is this notification says so."""
    values = story.records[contact][2]
    if values[2].startswith(_DA_CONCERN):
        return
    values[2] = _CHILDREN_PRESENT
    payload = story.g.payload("contact.received", source=_POLICE, concern=_CHILDREN_PRESENT)
    for entry in story.entries:
        if entry[4] == contact and entry[2] == "contact.received":
            entry[3] = payload
            break
