"""Child in need episodes as they are told: referral, assessment, child in need plan and its visits, closure."""

from __future__ import annotations

import json
from datetime import date

from hearth.children_in_need.models import AssessmentKind, AssessmentOutcome
from hearth.core import clock
from hearth.core.codesets import ReasonForClosure, ReferralSource
from hearth.demo.generation.assessment_text import (
    ANALYSIS,
    CLOSURE_SUMMARIES,
    LATE_REASONS,
    NOT_SEEN,
    NOT_SEEN_VISIT,
    PARENTS_VIEWS,
    RATIONALE,
    RECOMMENDED,
    TOO_YOUNG,
    VIEWS,
    VIEWS_NOT_GIVEN,
)
from hearth.demo.generation.codes import W_FACTOR, W_NEED, W_SOURCE
from hearth.demo.generation.contacts import episode_with_contacts, referral_contact_day
from hearth.demo.generation.plan import CIN_A, CouncilPlan, planned_families
from hearth.demo.generation.plans import outcomes, reviews
from hearth.demo.generation.story import Story, on_weekday
from hearth.frontdoor.models import ContactOutcome
from hearth.plans.models import ReviewKind

STRATEGY = "Strategy discussion and assessment"  # the decision on a referral that needs one
_WT2013_DAY = date(2013, 4, 15).toordinal()
_CIN_SEEN = {"seen": True, "seen_alone": False, "seen_text": "yes"}
_CIN_SEEN_ALONE = {"seen": True, "seen_alone": True, "seen_text": "yes, seen alone"}
_NFA_SUMMARY = "No further action on the referral."  # as children_in_need.services writes it
_CIN_NOT_SEEN = {"seen": False, "seen_alone": False, "seen_text": "no", "bedroom_seen": False}


AWAITING_PER_CHILDREN = 2000
"""Children for each family still being assessed whose assessment certainly waits for the manager to authorise it
(at least one; about a fifth of the others wait too)."""


def awaiting_authorisation_families(plan: CouncilPlan) -> frozenset[int]:
    return planned_families(plan, (CIN_A,), AWAITING_PER_CHILDREN, "awaiting-authorisation")


def referral(
    story: Story,
    day: int,
    *,
    nfa: bool = False,
    need: str | None = None,
    source: str | None = None,
    decision: str = "Assessment",
    by_day: int | None = None,
    need_at_assessment: bool = False,
) -> tuple[int, int]:
    """Referral received (from a contact) and decided; returns (episode slot, decision day). With
    `need_at_assessment` the primary need is left for the assessment in progress to record."""
    source = source or W_SOURCE.pick(story.rng)
    outcome = ContactOutcome.STRATEGY_DISCUSSION if decision == STRATEGY else ContactOutcome.REFERRAL
    episode_with_contacts(story, day, source, outcome, referral_contact_day(story, day))
    need = "" if nfa or need_at_assessment else (need or W_NEED.pick(story.rng))
    fd = story.front_door()
    # Closure summary and who signed it off: no further action on the referral closes the episode at the
    # decision, by whoever made it; otherwise filled in when the episode closes.
    slot = story.record(
        "cin", -1, [day, source, need, nfa, None, "", _NFA_SUMMARY if nfa else "", fd if nfa else None]
    )
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
    if nfa and decided > census_year_end(day):
        # No further action closes the episode at the decision. One received before 1 April and closed after it
        # would be in the next census, which queries a no-further-action referral from before its year (8569Q).
        decided = day
    story.ev(
        decided,
        "referral.decided",
        story.g.payload("referral.decided", decision="No further action" if nfa else decision),
        slot,
        fd,
    )
    return slot, decided


def close(story: Story, cin: int, day: int, reason: str, summary: str = "") -> None:
    """The episode closes, signed off by the manager of the worker's team (a referral's no further action: by
    who decided it) with a closing summary (by default one for the reason)."""
    values = story.records[cin][2]
    values[4], values[5] = day, reason
    if values[7] is None:
        summaries = CLOSURE_SUMMARIES[reason]
        values[6] = summary or summaries[cin % len(summaries)]
        values[7] = story.worker.manager_id if story.worker is not None else story.front_door()
    story.ev(
        day,
        "cin_episode.closed",
        story.g.payload("cin_episode.closed", reason=ReasonForClosure(reason).label, reason_code=reason),
        cin,
        values[7],
    )
    story.deallocate(day)
    story.quiet_from = day + 1


def _weekday_back(day: int) -> int:
    while (day - 1) % 7 >= 5:
        day -= 1
    return day


def assessment(
    story: Story, cin: int, start: int, done: int | None, outcome: str = "", *, core: bool = False
) -> int:
    """An assessment from `start`, authorised on `done` (None: still in progress today) with `outcome`.

    The worker completes it a day or so before the manager authorises it (submitted, then completed events);
    it is shared with the parents soon after for most. A core assessment follows an initial one (2010 profile).
    """
    g, r, u, today = story.g, story.r, story.u, story.today
    if core:
        kind = AssessmentKind.CORE
    else:
        kind = AssessmentKind.INITIAL if start < _WT2013_DAY else AssessmentKind.SINGLE
    label = kind.label
    worker = story.worker
    seen = None if r() < 0.04 else min(start + u(0, 7), done if done is not None else today)
    count = 1 if r() < 0.5 else 2 if r() < 0.7 else 3
    factors = sorted({W_FACTOR.pick(story.rng) for _ in range(count)})
    completed: int | None = None
    if done is not None:
        completed = max(start, _weekday_back(done - u(0, 3)))
    elif (today - start > 10 and r() < 0.2) or story.awaiting_authorisation:  # sent, not yet authorised
        completed = max(start, _weekday_back(today - u(0, 2)))
    if completed is not None and not outcome:
        outcome = RECOMMENDED.pick(story.rng)
    late_reason = ""
    if done is not None:
        calendar = g.engine.calendar
        if core:
            due = calendar.add_working_days(date.fromordinal(start), 35)
        else:
            due = calendar.add_working_days(
                date.fromordinal(story.records[cin][2][0]), 10 if start < _WT2013_DAY else 45
            )
        if done > due.toordinal():
            late_reason = LATE_REASONS[int(r() * len(LATE_REASONS))]
    shared = min(on_weekday(done + u(0, 10)), today) if done is not None and r() < 0.85 else None
    alone = seen is not None and r() < 0.5
    if seen is None:
        views, not_obtained = "", NOT_SEEN[int(r() * len(NOT_SEEN))]
    elif r() < 0.9:
        views, not_obtained = VIEWS[int(r() * len(VIEWS))], ""
    else:
        views, not_obtained = "", VIEWS_NOT_GIVEN[int(r() * len(VIEWS_NOT_GIVEN))]
    prior = len(story.episodes) - 1
    if prior <= 0:
        previous = "No previous involvement with children's social care."
    else:
        last = date.fromordinal(story.quiet_from - 1)
        previous = (
            f"Known before: {prior} earlier episode{'s' if prior > 1 else ''} with the front door or children's "
            f"services, the last ending in {last:%B %Y}."
        )
    values = [
        kind.value,
        start,
        completed,
        done,
        None,  # authorised by: the manager who records the completed event
        RATIONALE[outcome] if done is not None else "",
        worker.id if worker is not None else None,  # the worker: who sends it for authorisation
        seen,
        alone,
        views,
        not_obtained,
        PARENTS_VIEWS[int(r() * len(PARENTS_VIEWS))] if completed is not None or seen is not None else "",
        "[]",  # the household considered: filled in once the family's household is known
        previous,
        ANALYSIS[outcome] if completed is not None else "",
        outcome if completed is not None else "",
        json.dumps(factors),
        late_reason,
        shared,
    ]
    alt = None
    if seen is not None:  # a child under four: not seen alone, and too young to give their views in words
        young = list(values)
        young[8], young[9], young[10] = False, "", TOO_YOUNG[int(r() * len(TOO_YOUNG))]
        alt = (seen, young)
    slot = story.record("assessment", cin, values, alt)
    payload = {"kind": label}
    story.ev(start, "assessment.started", g.payload("assessment.started", **payload), slot)
    if completed is not None:
        story.ev(completed, "assessment.submitted", g.payload("assessment.submitted", **payload), slot)
    if done is not None:
        manager = worker.manager_id if worker is not None else None
        story.ev(
            done,
            "assessment.completed",
            g.payload("assessment.completed", **payload, outcome=AssessmentOutcome(outcome).label),
            slot,
            manager,
        )
    if shared is not None:
        story.ev(shared, "assessment.shared", g.payload("assessment.shared", **payload), slot)
    return slot


def assessment_days(story: Story, start: int) -> int:
    late = story.r() < 0.1
    if start < _WT2013_DAY:  # initial assessment: 10 working days under the 2010 profile
        return story.u(15, 30) if late else story.u(3, 13)
    days = story.u(64, 100) if late else story.u(10, 60)
    # A late assessment still open at 31 March is a census query (8670Q) the demo does not need: one that would
    # run over the year end having started more than 45 working days before it finishes by 31 March.
    year_end = census_year_end(start)
    if start + days > year_end and year_end - start > 63:
        days = year_end - start
    return days


def census_year_end(day: int) -> int:
    """The 31 March that ends the census year holding `day`."""
    return date(clock.current_collection_year(date.fromordinal(day)), 3, 31).toordinal()


def enquiry_assessment_done(done: int, enquiry_ends: int) -> int:
    """The day a section 47 enquiry's assessment is authorised: not in an earlier census year than the enquiry
    ends, so each census that holds the enquiry holds its assessment too (2991Q)."""
    return enquiry_ends if census_year_end(done) < enquiry_ends else done


def weekday_on_or_before(day: int) -> int:
    weekday = (day - 1) % 7  # Monday is 0: date(1, 1, 1) is a Monday with ordinal 1
    return day - (weekday - 4 if weekday > 4 else 0)


def cin_plan(story: Story, cin: int, start: int, end: int | None, behind: bool) -> int:
    """A child in need plan: its outcomes, visits (each a Visit row), reviews about every three months."""
    g, r, u = story.g, story.r, story.u
    slot = story.record("cinplan", cin, [start, end])
    story.ev(start, "cin_plan.started", g.payload("cin_plan.started"), slot)
    added = min(
        on_weekday(start + (0 if r() < 0.6 else u(1, 7))), story.today, end if end is not None else start + 7
    )
    targets = outcomes(story, slot, True, added, 2 + int(r() * 3))
    stop = story.stop_for(end, behind, 32)
    for day in story.series(start, stop, (5, 26), (14, 26), 0.04, (29, 45)):
        roll = r()
        bedroom = r() < 0.4
        if roll < 0.04:
            reason = NOT_SEEN_VISIT[int(r() * len(NOT_SEEN_VISIT))]
            visit = story.record(
                "visit",
                -1,
                [
                    slot,
                    None,
                    "cin",
                    day,
                    False,
                    False,
                    False,
                    reason,
                    "",
                    None,
                    None,
                    "",
                ],
            )
            story.ev(day, "cin_visit.completed", g.payload("cin_visit.completed", **_CIN_NOT_SEEN), visit)
        elif roll < 0.55:
            values = [
                slot,
                None,
                "cin",
                day,
                True,
                True,
                bedroom,
                "",
                "",
                None,
                None,
                "",
            ]
            young = list(values)
            young[5] = False
            visit = story.record("visit", -1, values, (day, young))
            story.ev(
                day,
                "cin_visit.completed",
                g.payload("cin_visit.completed", **_CIN_SEEN_ALONE, bedroom_seen=bedroom),
                visit,
                alt=g.payload("cin_visit.completed", **_CIN_SEEN, bedroom_seen=bedroom),
            )
        else:
            visit = story.record(
                "visit",
                -1,
                [
                    slot,
                    None,
                    "cin",
                    day,
                    True,
                    False,
                    bedroom,
                    "",
                    "",
                    None,
                    None,
                    "",
                ],
            )
            story.ev(
                day,
                "cin_visit.completed",
                g.payload("cin_visit.completed", **_CIN_SEEN, bedroom_seen=bedroom),
                visit,
            )
    if end is not None:
        review_stop = end
    elif behind and r() < 0.3:
        review_stop = story.today - u(100, 130)
    else:
        review_stop = story.today + 1
    days = [
        day for day in story.series(start, review_stop, (70, 88), (70, 88), 0.05, (96, 115)) if day > added
    ]
    reviews(story, slot, True, ReviewKind.REVIEW.value, days, targets)
    if end is not None:
        story.changes_of_worker(start, end)
        story.ev(end, "cin_plan.ended", g.payload("cin_plan.ended"), slot)
    return slot
