"""Child protection as it is told: strategy discussion and section 47 enquiry, the initial conference (or the
conclusion that none is needed), and the plan's visits, core groups and reviews."""

from __future__ import annotations

from hearth.core.codesets import CategoryOfAbuse
from hearth.demo.generation.codes import W_CATEGORY
from hearth.demo.generation.story import CHILD_SEEN, Story, on_weekday

_FAILED_REASONS = ("No one at home", "Refused entry", "Child not at home", "Family had moved without notice")
NO_CONFERENCE_SHARE = 0.2
"""Of children in need who are assessed or planned for (not protected), those whose referral led to a section 47
enquiry that found no conference was needed: about a third of all enquiries then end without one."""


def section_47(story: Story, cin: int, strategy: int, conference: int, plan: bool) -> None:
    """A strategy discussion starts a section 47 enquiry that leads to an initial conference."""
    _enquiry(story, cin, strategy)
    story.chair = story.rng.choice(story.g.org.chairs)
    outcome = "Child protection plan" if plan else "No plan: child in need"
    story.ev(conference, "icpc.held", story.g.payload("icpc.held", outcome=outcome), cin, story.chair)


def section_47_no_conference(story: Story, cin: int, strategy: int, by_day: int | None = None) -> int | None:
    """A section 47 enquiry that concludes no conference is needed: the day it did, or None if open today."""
    _enquiry(story, cin, strategy)
    concluded = on_weekday(strategy + story.u(5, 20))
    if by_day is not None:
        concluded = min(concluded, by_day)
    if concluded > story.today:
        return None
    story.ev(concluded, "icpc.not_required", story.g.payload("icpc.not_required"), cin)
    return concluded


def _enquiry(story: Story, cin: int, strategy: int) -> None:
    story.ev(
        strategy,
        "strategy_discussion.held",
        story.g.payload("strategy_discussion.held", section_47=True),
        cin,
    )
    story.ev(strategy, "s47.started", story.g.payload("s47.started"), cin)


def cp_plan(story: Story, cin: int, start: int, end: int | None, behind: bool) -> None:
    category = W_CATEGORY.pick(story.rng)
    latest = category if story.r() < 0.9 else W_CATEGORY.pick(story.rng)
    slot = story.record("cpp", cin, [start, end, category, latest])
    label = CategoryOfAbuse(category).label
    story.ev(
        start,
        "cp_plan.started",
        story.g.payload("cp_plan.started", category=label, category_code=category),
        slot,
    )
    stop = story.stop_for(end, behind, 20)
    g = story.g
    seen, alone, no = CHILD_SEEN
    r = story.r
    for day in story.series(start, stop, (3, 12), (5, 13), 0.05, (15, 24)):
        roll = r()
        if roll < 0.04:
            g_reason = _FAILED_REASONS[int(r() * len(_FAILED_REASONS))]
            story.ev(day, "cp_visit.failed", g.payload("cp_visit.failed", reason=g_reason), slot)
            day = on_weekday(day + story.u(1, 3))
            if day >= stop:
                break
            roll = 0.5
        if roll < 0.07:
            story.ev(day, "cp_visit.completed", g.payload("cp_visit.completed", **no), slot)
        elif roll < 0.7:
            story.ev(
                day,
                "cp_visit.completed",
                g.payload("cp_visit.completed", **alone),
                slot,
                alt=g.payload("cp_visit.completed", **seen),
            )
        else:
            story.ev(day, "cp_visit.completed", g.payload("cp_visit.completed", **seen), slot)
    core_stop = end if end is not None else story.today + 1
    first = True
    # The first within 10 working days of the conference, then about every four weeks (the 20 working days of
    # the local core group interval); now and then one is late.
    for day in story.series(start, core_stop, (4, 13), (21, 28), 0.06, (30, 42)):
        if first and story.r() < 0.1:  # first core group sometimes late
            day = on_weekday(day + story.u(6, 12))
            if day >= core_stop:
                break
        first = False
        story.ev(day, "core_group.held", g.payload("core_group.held"), slot)
    review_stop = (
        end
        if end is not None
        else (story.today - story.u(200, 260) if behind and story.r() < 0.25 else story.today + 1)
    )
    reviews = story.series(start, review_stop, (60, 89), (150, 180), 0.05, (185, 200))
    for day in reviews:
        story.ev(day, "rcpc.held", g.payload("rcpc.held", outcome="Plan continues"), slot, story.chair)
    if end is not None:
        story.changes_of_worker(start, end)
    if end is not None:
        story.ev(end, "rcpc.held", g.payload("rcpc.held", outcome="Plan ended"), slot, story.chair)
        story.ev(end, "cp_plan.ended", g.payload("cp_plan.ended"), slot)
