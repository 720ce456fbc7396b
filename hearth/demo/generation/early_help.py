"""Early help episodes as they are told."""

from __future__ import annotations

from hearth.demo.generation.contacts import W_CONTACT_SOURCE, episode_with_contacts
from hearth.demo.generation.staff import Worker
from hearth.demo.generation.story import Story
from hearth.frontdoor.models import ContactOutcome

_EH_LEADS = (
    ("Family support worker", "Northmoor Early Help"),
    ("School", ""),
    ("Health visitor", "Northmoor Community Health"),
    ("Children's centre worker", "Northmoor Children's Centres"),
    ("Youth worker", "Northmoor Youth Service"),
)


def early_help(story: Story, start: int, end: int | None, worker: Worker) -> None:
    contacted = start - story.u(2, 20)
    source = W_CONTACT_SOURCE.pick(story.rng)
    episode_with_contacts(story, start, source, ContactOutcome.EARLY_HELP, contacted)
    story.allocate(start, worker, "Early help")
    lead, organisation = story.rng.choice(_EH_LEADS)
    slot = story.record(
        "eh",
        -1,
        [start, end, f"{lead} ({worker.team_name})" if lead.startswith("Family") else lead, organisation],
    )
    story.ev(start, "early_help.started", story.g.payload("early_help.started", lead=lead), slot)
    if end is not None:
        story.ev(end, "early_help.ended", story.g.payload("early_help.ended"), slot)
        story.deallocate(end)
        story.quiet_from = end + 1
