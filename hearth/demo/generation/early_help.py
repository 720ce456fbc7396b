"""Early help episodes as they are told: from the front door, or after a step-down from social care.

Proportions chosen for the demo: every episode has a reason from a small bank; the early help assessment is
completed 1 to 4 weeks after the start (about 92% within the 20 working days, the rest up to ten weeks), with
2 or 3 plan outcomes added that day; team around the child meetings follow about every 5 to 8 weeks (6% late, at
8 to 11 weeks) and review progress on the outcomes. Ended episodes end with outcomes met (65%), the family
declining or withdrawing consent (18%), a move away (9%) or another reason (8%); an episode that a re-referral
to social care ends is stepped up.
"""

from __future__ import annotations

from hearth.demo.generation.codes import Weighted
from hearth.demo.generation.contacts import W_CONTACT_SOURCE, episode_with_contacts
from hearth.demo.generation.plans import outcomes, reviews
from hearth.demo.generation.staff import Worker
from hearth.demo.generation.story import Story, on_weekday
from hearth.earlyhelp.models import EarlyHelpEndReason
from hearth.frontdoor.models import ContactOutcome
from hearth.plans.models import ReviewKind

_EH_LEADS = (
    ("Family support worker", "Northmoor Early Help"),
    ("School", ""),
    ("Health visitor", "Northmoor Community Health"),
    ("Children's centre worker", "Northmoor Children's Centres"),
    ("Youth worker", "Northmoor Youth Service"),
)
REASONS = (
    "Parenting support: routines and boundaries at home",
    "School attendance below 90%",
    "Domestic abuse in the home (standard risk); support for mother and the children",
    "Parent's mental health affecting family life",
    "Child's emotional wellbeing and behaviour at home and school",
    "Housing and money worries",
    "Young carer for a parent with a long-term illness",
)
_SUMMARIES = (
    "Family agree they need help with routines and school attendance; strengths in the children's "
    "relationships with their mother and wider family.",
    "Mother is isolated and low in mood; the children are well cared for but attendance has slipped.",
    "Arguments at home have affected the children's sleep and behaviour; parents want support.",
    "Money and housing worries are the main pressure; the children's needs are otherwise met.",
)
W_END_REASON = Weighted(
    (
        (EarlyHelpEndReason.OUTCOMES_MET.value, 65),
        (EarlyHelpEndReason.DECLINED.value, 18),
        (EarlyHelpEndReason.MOVED.value, 9),
        (EarlyHelpEndReason.OTHER.value, 8),
    )
)


def early_help(story: Story, start: int, end: int | None, worker: Worker) -> None:
    """Early help from the front door: the contacts that led to it, then the episode."""
    contacted = start - story.u(2, 20)
    source = W_CONTACT_SOURCE.pick(story.rng)
    episode_with_contacts(story, start, source, ContactOutcome.EARLY_HELP, contacted)
    story.allocate(start, worker, "Early help")
    early_help_episode(story, start, end, worker)
    if end is not None:
        story.deallocate(end)
        story.quiet_from = end + 1


def early_help_episode(
    story: Story,
    start: int,
    end: int | None,
    worker: Worker,
    reason: str | None = None,
    end_reason: str | None = None,
    *,
    stepped_down: bool = False,
) -> int:
    """The episode itself, recorded by its early help worker: assessment, outcomes, meetings, end; its slot."""
    g, r, u, today = story.g, story.r, story.u, story.today
    if stepped_down:  # the early help worker who accepted the step-down leads, as the service records it
        lead, organisation = worker.name, worker.team_name
    else:
        lead, organisation = story.rng.choice(_EH_LEADS)
        if lead.startswith("Family"):
            lead, organisation = f"{lead} {worker.name}", worker.team_name
    last = min(end, today) if end is not None else today
    assessed: int | None = on_weekday(start + (u(32, 70) if r() < 0.08 else u(5, 26)))
    assert assessed is not None
    if assessed > last:
        assessed = None  # not assessed yet (or the family withdrew before it)
    if end is not None and end_reason is None:
        end_reason = W_END_REASON.pick(story.rng)
    slot = story.record(
        "eh",
        -1,
        [
            start,
            end,
            lead,
            organisation,
            reason or REASONS[int(r() * len(REASONS))],
            end_reason or "",
            assessed,
            _SUMMARIES[int(r() * len(_SUMMARIES))] if assessed is not None else "",
        ],
    )
    by = worker.id
    story.ev(
        start,
        "early_help.started",
        g.payload("early_help.started", lead=f"{lead} ({organisation})" if organisation else lead),
        slot,
        by,
    )
    if assessed is not None:
        story.ev(assessed, "early_help.assessed", g.payload("early_help.assessed"), slot, by)
        targets = outcomes(story, slot, False, assessed, 2 + (r() < 0.5), by)
        stop = end if end is not None else today + 1
        days = [
            day for day in story.series(start, stop, (35, 54), (35, 54), 0.06, (58, 75)) if day > assessed
        ]
        reviews(story, slot, False, ReviewKind.TEAM_AROUND_THE_CHILD.value, days, targets, by)
    if end is not None:
        story.ev(end, "early_help.ended", g.payload("early_help.ended"), slot, by)
    return slot
