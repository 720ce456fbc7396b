"""Child in need episodes as they are told: referral, assessment, child in need plan and its visits, closure."""

from __future__ import annotations

import json
from datetime import date

from hearth.core.codesets import ReasonForClosure, ReferralSource
from hearth.demo.generation.codes import W_FACTOR, W_NEED, W_SOURCE
from hearth.demo.generation.contacts import episode_with_contacts, referral_contact_day
from hearth.demo.generation.story import Story, on_weekday
from hearth.frontdoor.models import ContactOutcome

STRATEGY = "Strategy discussion and assessment"  # the decision on a referral that needs one
_WT2013_DAY = date(2013, 4, 15).toordinal()
_CIN_SEEN = (
    {"seen": True, "seen_alone": False, "seen_text": "yes"},
    {"seen": True, "seen_alone": True, "seen_text": "yes, seen alone"},
    {"seen": False, "seen_alone": False, "seen_text": "no"},
)


def referral(
    story: Story,
    day: int,
    *,
    nfa: bool = False,
    need: str | None = None,
    source: str | None = None,
    decision: str = "Assessment",
    by_day: int | None = None,
) -> tuple[int, int]:
    """Referral received (from a contact) and decided; returns (episode slot, decision day)."""
    source = source or W_SOURCE.pick(story.rng)
    outcome = ContactOutcome.STRATEGY_DISCUSSION if decision == STRATEGY else ContactOutcome.REFERRAL
    episode_with_contacts(story, day, source, outcome, referral_contact_day(story, day))
    need = "" if nfa else (need or W_NEED.pick(story.rng))
    slot = story.record("cin", -1, [day, source, need, nfa, None, ""])
    fd = story.front_door()
    story.ev(
        day,
        "referral.received",
        story.g.payload("referral.received", source=ReferralSource(source).label, source_code=source),
        slot,
        fd,
    )
    roll = story.r()
    decided = day if roll < 0.6 else day + 1 if roll < 0.92 else day + story.u(2, 4)
    decided = min(on_weekday(decided), story.today if by_day is None else by_day)
    story.ev(
        decided,
        "referral.decided",
        story.g.payload("referral.decided", decision="No further action" if nfa else decision),
        slot,
        fd,
    )
    return slot, decided


def close(story: Story, cin: int, day: int, reason: str) -> None:
    values = story.records[cin][2]
    values[4], values[5] = day, reason
    story.ev(
        day,
        "cin_episode.closed",
        story.g.payload("cin_episode.closed", reason=ReasonForClosure(reason).label, reason_code=reason),
        cin,
    )
    story.deallocate(day)
    story.quiet_from = day + 1


def assessment(story: Story, cin: int, start: int, done: int | None) -> int:
    seen = min(start + story.u(0, 7), done if done is not None else story.today)
    count = 1 if story.r() < 0.5 else 2 if story.r() < 0.7 else 3
    factors = sorted({W_FACTOR.pick(story.rng) for _ in range(count)})
    slot = story.record("assessment", cin, [start, done, seen, json.dumps(factors)])
    story.ev(start, "assessment.started", story.g.payload("assessment.started"), slot)
    if done is not None:
        story.ev(done, "assessment.completed", story.g.payload("assessment.completed"), slot)
    return slot


def assessment_days(story: Story, start: int) -> int:
    late = story.r() < 0.1
    if start < _WT2013_DAY:  # initial assessment: 10 working days under the 2010 profile
        return story.u(15, 30) if late else story.u(3, 13)
    return story.u(64, 100) if late else story.u(10, 60)


def cin_plan(story: Story, cin: int, start: int, end: int | None, behind: bool) -> None:
    slot = story.record("cinplan", cin, [start, end])
    story.ev(start, "cin_plan.started", story.g.payload("cin_plan.started"), slot)
    stop = story.stop_for(end, behind, 32)
    yes, alone, no = _CIN_SEEN
    for day in story.series(start, stop, (5, 26), (14, 26), 0.04, (29, 45)):
        roll = story.r()
        if roll < 0.04:
            story.ev(day, "cin_visit.completed", story.g.payload("cin_visit.completed", **no), slot)
        elif roll < 0.55:
            story.ev(
                day,
                "cin_visit.completed",
                story.g.payload("cin_visit.completed", **alone),
                slot,
                alt=story.g.payload("cin_visit.completed", **yes),
            )
        else:
            story.ev(day, "cin_visit.completed", story.g.payload("cin_visit.completed", **yes), slot)
    if end is not None:
        story.changes_of_worker(start, end)
    if end is not None:
        story.ev(end, "cin_plan.ended", story.g.payload("cin_plan.ended"), slot)
