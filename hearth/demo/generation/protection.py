"""Child protection as it is told, with the records hearth.protection's services write: the strategy discussion
and section 47 enquiry, the initial conference (or the conclusion that none is needed), and the plan with its
outcomes, visits, core groups and review conferences.

Proportions chosen for the demo:

- Strategy discussions: led by the worker's team manager 85%, else by the social worker (flagged); a meeting
  30%; police and social care always take part, health 90%, education 80%, housing 5%.
- Section 47 enquiries: concluded "conference needed" on the day of the initial conference; without a
  conference, "child in need" when a child in need plan follows, else not substantiated 60% / no further action
  40% (still being assessed today: child in need or not substantiated, half each).
- Conferences (initial and review), chaired by a child protection chair: parents present 88%; a child under four
  is too young to take part (views observed), otherwise views conveyed by the social worker 50%, an advocate
  20%, attended 15%, declined 15%. Invited: social care, police (attended 85%), health (90%), education
  (absent 15%), probation and housing 10% each. One to three reports (social care always; health 50%, then
  education or police), each shared with the parents 2 to 7 working days before, 12% late (the day before or on
  the day). A review conference changes the category in about one plan in ten.
- Plans: the chair's risks; 2 to 4 outcomes from a bank, each with what the parents and the professionals will
  do, who, by when (3 to 9 months) and the measure, added on the day or within four days; finalised 0 to 3 days
  after. Progress at each core group and review conference on every outcome still open (achieved 6%, rising
  two points a meeting; the last open outcome stays open while the plan lasts).
- Visits: about every 5 to 13 days; 6% fail (not seen, with the reason); the child is seen alone at 59% of
  visits (never under four), the bedroom seen at 60%. The failed visit is followed up the next working day 80%,
  else 2 or 3 days later; its team manager sees it the same day 90%, else a day or two later, except that about
  half of those in the last two days are not seen yet, and a few families (one for every 1,500 children, at
  least one) have a visit that failed today or on the last working day still waiting for the manager.
- Core groups: attended by social care, health (90%) and education (absent 15%), police invited 30%; minutes
  recorded within about 5 working days 88%, later for the rest (not yet, for a recent meeting). To keep the
  seed's speed, a core group's attendance rows are its partner agencies only: social care's attendance is in
  its plan review's attendees, not a row of its own (conferences have a row for every agency).
"""

from __future__ import annotations

import json
from datetime import date

from hearth.core.codesets import CategoryOfAbuse
from hearth.demo.generation.codes import W_CATEGORY, Weighted
from hearth.demo.generation.plan import CP, CouncilPlan, planned_families
from hearth.demo.generation.plans import progress
from hearth.demo.generation.protection_text import (
    ATTENDEE_NAMES,
    CORE_GROUP_MINUTES,
    CORE_GROUP_SUMMARIES,
    CP_OUTCOMES,
    DECISION_REASONS,
    INFORMATION_SHARED,
    MINUTES,
    OBSERVED,
    OUTLINE_PLAN,
    REVIEW_OUTLINE,
    RISKS,
    VIEWS,
)
from hearth.demo.generation.protection_visits import visits
from hearth.demo.generation.story import Story, on_weekday
from hearth.plans.models import Progress, ReviewKind
from hearth.protection.models import (
    Agency,
    ChildParticipation,
    ConferenceDecision,
    ConferenceKind,
    Section47Outcome,
)

NO_CONFERENCE_SHARE = 0.2
"""Of children in need who are assessed or planned for (not protected), those whose referral led to a section 47
enquiry that found no conference was needed: about a third of all enquiries then end without one."""
FAILED_TODAY_PER_CHILDREN = 1500
"""Children for each family whose latest visit failed today and waits for the manager (at least one)."""
_O = Section47Outcome
AFTER_PLAN = Weighted(((_O.CHILD_IN_NEED.value, 1),))
AFTER_ASSESSMENT = Weighted(((_O.NOT_SUBSTANTIATED.value, 60), (_O.NO_FURTHER_ACTION.value, 40)))
ASSESSING = Weighted(((_O.NOT_SUBSTANTIATED.value, 50), (_O.CHILD_IN_NEED.value, 50)))


class _A:
    """Agencies as the plain strings the rows carry."""

    SOCIAL_CARE, POLICE, HEALTH = Agency.SOCIAL_CARE.value, Agency.POLICE.value, Agency.HEALTH.value
    EDUCATION, PROBATION, HOUSING = Agency.EDUCATION.value, Agency.PROBATION.value, Agency.HOUSING.value


_AGENCIES = Weighted(
    (
        (json.dumps([_A.SOCIAL_CARE, _A.POLICE, _A.HEALTH, _A.EDUCATION]), 67),
        (json.dumps([_A.SOCIAL_CARE, _A.POLICE, _A.HEALTH]), 18),
        (json.dumps([_A.SOCIAL_CARE, _A.POLICE, _A.EDUCATION]), 10),
        (json.dumps([_A.SOCIAL_CARE, _A.POLICE, _A.HEALTH, _A.EDUCATION, _A.HOUSING]), 5),
    )
)
_PARTICIPATION = Weighted(
    (
        (ChildParticipation.VIEWS_CONVEYED.value, 50),
        (ChildParticipation.ADVOCATE.value, 20),
        (ChildParticipation.ATTENDED.value, 15),
        (ChildParticipation.DECLINED.value, 15),
    )
)
_CP_PROGRESS = Weighted(
    (
        (Progress.WORSE.value, 8),
        (Progress.NONE.value, 18),
        (Progress.SOME.value, 40),
        (Progress.GOOD.value, 28),
        (Progress.ACHIEVED.value, 6),
    )
)
_D, _K = ConferenceDecision, ConferenceKind
_CP_PLAN = "Child protection plan"
_LABELS = dict(Agency.choices)
_ATTENDEES: dict[tuple[str, ...], str] = {}


def failed_visit_families(plan: CouncilPlan) -> frozenset[int]:
    """Families on a protection plan whose latest visit failed today (or on the last working day) and is waiting
    for the manager: about one for every 1,500 children, at least one."""
    return planned_families(plan, (CP,), FAILED_TODAY_PER_CHILDREN, "failed-visits")


def section_47(story: Story, cin: int, strategy: int, conference: int, plan: bool) -> None:
    """A strategy discussion starts a section 47 enquiry that leads to an initial conference."""
    g, r = story.g, story.r
    enquiry = _enquiry(story, cin, strategy)
    values = story.records[enquiry][2]
    values[2], values[3] = conference, _O.CONFERENCE.value
    story.ev(
        conference,
        "s47.completed",
        g.payload("s47.completed", outcome=_O.CONFERENCE.label, outcome_code=_O.CONFERENCE.value),
        enquiry,
    )
    story.chair = story.rng.choice(g.org.chairs)
    if plan:
        category = W_CATEGORY.pick(story.rng)
        risks = RISKS[category][int(r() * len(RISKS[category]))]
        decision = _D.PLAN.value
    else:
        category, risks, decision = "", "", _D.NO_PLAN.value
    outline = OUTLINE_PLAN[int(r() * len(OUTLINE_PLAN))]
    slot, _ = _conference(
        story, _K.INITIAL.value, enquiry, None, conference, decision, category, risks, outline
    )
    story.conference = slot if plan else -1
    story.ev(
        conference,
        "icpc.held",
        g.payload("icpc.held", outcome=_D(decision).label, kind=_K.INITIAL.label, pre_birth=False),
        slot,
        story.chair,
    )


def section_47_no_conference(
    story: Story, cin: int, strategy: int, by_day: int | None = None, outcomes: Weighted = ASSESSING
) -> int | None:
    """A section 47 enquiry that concludes no conference is needed (its outcome from `outcomes`): the day it did,
    or None if open today."""
    enquiry = _enquiry(story, cin, strategy)
    concluded = on_weekday(strategy + story.u(5, 20))
    if by_day is not None:
        concluded = min(concluded, by_day)
    if concluded > story.today:
        return None
    outcome = outcomes.pick(story.rng)
    values = story.records[enquiry][2]
    values[2], values[3] = concluded, outcome
    g = story.g
    story.ev(
        concluded,
        "s47.completed",
        g.payload("s47.completed", outcome=Section47Outcome(outcome).label, outcome_code=outcome),
        enquiry,
    )
    story.ev(concluded, "icpc.not_required", g.payload("icpc.not_required"), enquiry)
    return concluded


def _enquiry(story: Story, cin: int, strategy: int) -> int:
    """The strategy discussion and the section 47 enquiry it starts; returns the enquiry's record slot."""
    r = story.r
    worker = story.worker
    led_by_manager = r() < 0.85
    if worker is None:
        led, led_by_manager = story.front_door(), False
    else:
        led = worker.manager_id if led_by_manager else worker.id
    meeting = r() < 0.3
    discussion = story.record(
        "strategy",
        cin,
        [
            strategy,
            meeting,
            led,
            led_by_manager,
            _AGENCIES.pick(story.rng),
            INFORMATION_SHARED[int(r() * len(INFORMATION_SHARED))],
            True,
            DECISION_REASONS[int(r() * len(DECISION_REASONS))],
            MINUTES[int(r() * len(MINUTES))] if meeting or r() < 0.6 else "",
            None,  # recorded by: who records the event
        ],
    )
    story.ev(
        strategy,
        "strategy_discussion.held",
        story.g.payload("strategy_discussion.held", section_47=True, led_by_manager=led_by_manager),
        discussion,
    )
    enquiry = story.record("s47", cin, [discussion, strategy, None, ""])
    story.ev(strategy, "s47.started", story.g.payload("s47.started"), enquiry)
    return enquiry


def _attendees(agencies: tuple[str, ...]) -> str:
    """The attendees of a meeting as plans.PlanReview records them (from those who attended)."""
    found = _ATTENDEES.get(agencies)
    if found is None:
        found = _ATTENDEES[agencies] = ", ".join(f"{_LABELS[a]} ({ATTENDEE_NAMES[a]})" for a in agencies)
    return found


def _attendance(
    story: Story, conference: int | None, core_group: int | None, invited: list[str], attended: list[str]
) -> str:
    """Attendance rows for the invited agencies (education absent about 15%) after those in `attended` (who
    attended without a row); returns the attendees text."""
    r = story.r
    for agency in invited:
        came = agency == _A.SOCIAL_CARE or r() < (
            0.85 if agency in (_A.EDUCATION, _A.POLICE) else 0.9 if agency == _A.HEALTH else 0.8
        )
        story.record("attendance", -1, [conference, core_group, agency, ATTENDEE_NAMES[agency], True, came])
        if came:
            attended.append(agency)
    return _attendees(tuple(attended))


def _conference(
    story: Story,
    kind: str,
    enquiry: int | None,
    plan: int | None,
    day: int,
    decision: str,
    category: str,
    risks: str,
    outline: str,
) -> tuple[int, str]:
    """A conference record with its attendance and reports; returns its slot and who attended."""
    r, g = story.r, story.g
    participation = _PARTICIPATION.pick(story.rng)
    views = VIEWS[int(r() * len(VIEWS))]
    values = [
        kind,
        enquiry,
        plan,
        False,
        day,
        story.chair,
        r() < 0.88,
        participation,
        views,
        decision,
        category,
        risks,
        outline,
        "",
        story.chair,
    ]
    young = list(values)
    young[7], young[8] = ChildParticipation.TOO_YOUNG.value, OBSERVED[int(r() * len(OBSERVED))]
    slot = story.record("conference", -1, values, (day, young))
    invited = [_A.SOCIAL_CARE, _A.POLICE, _A.HEALTH, _A.EDUCATION]
    if r() < 0.1:
        invited.append(_A.PROBATION)
    if r() < 0.1:
        invited.append(_A.HOUSING)
    attendees = _attendance(story, slot, None, invited, [])
    reports = [
        (_A.SOCIAL_CARE, story.worker.name if story.worker is not None else ATTENDEE_NAMES[_A.SOCIAL_CARE])
    ]
    if r() < 0.5:
        reports.append((_A.HEALTH, ATTENDEE_NAMES[_A.HEALTH]))
    if r() < 0.4:
        other = _A.EDUCATION if r() < 0.6 else _A.POLICE
        reports.append((other, ATTENDEE_NAMES[other]))
    calendar = g.engine.calendar
    held = date.fromordinal(day)
    for agency, author in reports:
        before = story.u(0, 1) if r() < 0.12 else story.u(2, 7)
        shared = calendar.add_working_days(held, -before).toordinal() if before else day
        story.record("report", -1, [slot, agency, author, shared])
    return slot, attendees


def _outcomes(story: Story, plan: int, added: int, count: int) -> list[int]:
    """The plan's measurable outcomes, each with its plan.outcome_added event."""
    g, u = story.g, story.u
    slots = []
    for what, action, parents, professionals, owner, measure in story.rng.sample(CP_OUTCOMES, count):
        slot = story.record(
            "outcome",
            -1,
            [
                None,
                None,
                what,
                action,
                owner,
                added + u(90, 270),
                measure,
                added,
                None,
                plan,
                parents,
                professionals,
            ],
        )
        story.ev(
            added, "plan.outcome_added", g.payload("plan.outcome_added", plan=_CP_PLAN, what=what[:120]), slot
        )
        slots.append(slot)
    return slots


def _core_group(story: Story, plan: int, day: int, still: list[int], number: int) -> None:
    r, u = story.r, story.u
    invited = [_A.HEALTH, _A.EDUCATION]  # and social care, always there (no row: see the module's docstring)
    if r() < 0.3:
        invited.append(_A.POLICE)
    recorded: int | None = on_weekday(day + (u(0, 6) if r() < 0.88 else u(8, 16)))
    minutes = CORE_GROUP_MINUTES[int(r() * len(CORE_GROUP_MINUTES))]
    if recorded is not None and recorded > story.today:
        recorded, minutes = None, ""
    summary = CORE_GROUP_SUMMARIES[int(r() * len(CORE_GROUP_SUMMARIES))]
    review = story.record(
        "review", -1, [None, None, ReviewKind.CORE_GROUP.value, day, "", summary, None, plan]
    )
    progress(story, review, still, day, _CP_PROGRESS, 0.02 * number)
    group = story.record("cgroup", plan, [day, review, minutes, recorded, None])
    story.records[review][2][4] = _attendance(story, None, group, invited, [_A.SOCIAL_CARE])
    story.ev(day, "core_group.held", story.g.payload("core_group.held"), group)


def _review_conference(
    story: Story, plan: int, day: int, decision: str, category: str, still: list[int], number: int
) -> None:
    """A review conference: progress on each open outcome (a plan review of kind rcpc), then its decision."""
    g, r = story.g, story.r
    outlines = REVIEW_OUTLINE[decision]
    outline = outlines[int(r() * len(outlines))]
    review = story.record(
        "review",
        -1,
        [
            None,
            None,
            ReviewKind.REVIEW_CONFERENCE.value,
            day,
            "",
            f"{_D(decision).label}. {outline}",
            story.chair,
            plan,
        ],
    )
    progress(story, review, still, day, _CP_PROGRESS, 0.02 * number)
    conference, attendees = _conference(
        story, _K.REVIEW.value, None, plan, day, decision, category, "", outline
    )
    story.records[review][2][4] = attendees
    story.ev(
        day,
        "rcpc.held",
        g.payload("rcpc.held", outcome=_D(decision).label, kind=_K.REVIEW.label, pre_birth=False),
        conference,
        story.chair,
    )
    if decision == _D.CHANGE_CATEGORY.value:
        story.ev(
            day,
            "cp_plan.category_changed",
            g.payload("cp_plan.category_changed", category=CategoryOfAbuse(category).label),
            plan,
            story.chair,
        )


def cp_plan(story: Story, cin: int, start: int, end: int | None, behind: bool) -> None:
    g, r, u, today = story.g, story.r, story.u, story.today
    conference, story.conference = story.conference, -1
    if conference >= 0:
        category, risks = story.records[conference][2][10], story.records[conference][2][11]
    else:
        category = W_CATEGORY.pick(story.rng)
        risks = RISKS[category][0]
    limit = today if end is None else min(today, end)
    added = min(on_weekday(start + (0 if r() < 0.5 else u(1, 4))), limit)
    finalised = max(added, min(on_weekday(added + u(0, 3)), limit))
    values = [start, end, category, category, risks, finalised]
    slot = story.record("cpp", cin, values)
    if conference >= 0:  # the conference that decided on the plan (its copy for a child under four too)
        decided = story.records[conference]
        decided[2][2] = slot
        if decided[3] is not None:
            decided[3][1][2] = slot
    story.ev(
        start, "cp_plan.started", g.payload("cp_plan.started", category=CategoryOfAbuse(category).label), slot
    )
    still = _outcomes(story, slot, added, 2 + int(r() * 3))
    story.ev(finalised, "cp_plan.finalised", g.payload("cp_plan.finalised"), slot)
    seen_by = visits(story, slot, start, story.stop_for(end, behind, 20), end)
    core_stop = end if end is not None else today + 1
    first = True
    # The first within 10 working days of the conference, then about every four weeks (the 20 working days of
    # the local core group interval); now and then one is late.
    groups = []
    for day in story.series(start, core_stop, (4, 13), (21, 28), 0.06, (30, 42)):
        if first and r() < 0.1:  # first core group sometimes late
            day = on_weekday(day + u(6, 12))
            if day >= core_stop:
                break
        first = False
        groups.append(day)
    review_stop = end if end is not None else (today - u(200, 260) if behind and r() < 0.25 else today + 1)
    reviews = story.series(start, review_stop, (60, 89), (150, 180), 0.05, (185, 200))
    change = int(r() * len(reviews)) if reviews and r() < 0.1 else -1
    meetings = sorted(
        [(day, 0, -1) for day in groups] + [(day, 1, index) for index, day in enumerate(reviews)]
    )
    for number, (day, is_review, index) in enumerate(meetings):
        if not is_review:
            _core_group(story, slot, day, still, number)
        elif index == change:
            new = W_CATEGORY.pick(story.rng)
            while new == values[3]:
                new = W_CATEGORY.pick(story.rng)
            values[3] = new
            _review_conference(story, slot, day, _D.CHANGE_CATEGORY.value, new, still, number)
        else:
            _review_conference(story, slot, day, _D.CONTINUE.value, "", still, number)
    if end is not None:
        story.changes_of_worker(start, end)
    # The manager who saw a failed visit: the manager of the worker who recorded it (after any change of worker).
    managers = g.org.managers
    for visit_entry, seen_entry in seen_by:
        seen_entry[5] = managers.get(visit_entry[5], visit_entry[5])
    if end is not None:
        _review_conference(story, slot, end, _D.END_PLAN.value, "", still, len(meetings))
        story.ev(end, "cp_plan.ended", g.payload("cp_plan.ended"), slot)
