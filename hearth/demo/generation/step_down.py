"""Stepping down from children's social care to early help, as the step-down protocol records it.

The social worker asks the early help service to take the family on (step_down.requested); its manager accepts
1 to 5 working days later (step_change.accepted) and the early help episode starts that day, led by the early help worker
who accepted, who assesses and sets the plan's outcomes; at handover, 3 to 12 days after acceptance, the child in need episode
closes (RC9 after an assessment, RC7 after a child in need plan), the step-down completes and the early help
worker holds the case. The child is followed for three months (step_down.followed_up, mostly within a week of
the date; one in ten late). About one step-down in eight (where the history has room) is re-referred to social
care within those three months: the early help episode ends, stepped up, the follow-up records the re-referral,
and the new referral (assessed, then closed with no further action) is linked to the step-down.

Which closures step down is decided in histories.closed_episode (about 1 in 6 of closures after an assessment or
a child in need plan).
"""

from __future__ import annotations

from datetime import date

from hearth.core.calendar import add_calendar_months
from hearth.demo.generation.children_in_need import (
    assessment,
    assessment_days,
    census_year_end,
    close,
    referral,
    weekday_on_or_before,
)
from hearth.demo.generation.early_help import early_help_episode
from hearth.demo.generation.plan import EHT, RA, SERVICE_OF_KIND
from hearth.demo.generation.story import Story, on_weekday
from hearth.earlyhelp.models import Direction, EarlyHelpEndReason

SERVICE = SERVICE_OF_KIND[EHT]
ROOM = 110
"""Days a step-down needs after its handover before whatever follows it (the early help and the follow-up)."""
_RE_REFERRAL_ROOM = 330
_REASONS = (
    "Needs can now be met by early help: the plan's outcomes are largely achieved and the family want support.",
    "Assessment found needs below the social care threshold; family agree to early help support.",
    "Risks reduced; continuing support with routines, attendance and parenting through early help.",
)
_FOLLOWED_UP = (
    "Support sustained; no further concerns",
    "Support sustained; no further concerns",
    "Early help continuing; no further concerns",
    "Early help ended; family managing well",
)
_HANDOVER_NOTE = "Handover meeting held with the family and the early help worker; plan agreed."
_RE_REFERRED = "Re-referred to children's social care"


def handover_days(story: Story, requested: int) -> tuple[int, int]:
    """(accepted, handover) days for a step-down requested on `requested`."""
    accepted = on_weekday(requested + story.u(1, 5))
    return accepted, on_weekday(accepted + story.u(3, 12))


def step_down(
    story: Story, cin: int, requested: int, accepted: int, handover: int, until: int, reason_code: str
) -> int:
    """A step-down from the child in need episode `cin`, closing it with `reason_code` at handover; everything
    it leads to is over by `until` (at least ROOM days after the handover). Returns the last day it ran."""
    g, r, u = story.g, story.r, story.u
    eh_worker = story.any_worker(EHT)
    follow_until = add_calendar_months(date.fromordinal(handover), 3).toordinal()
    re_referral: int | None = None
    if until - handover >= _RE_REFERRAL_ROOM and r() < 0.12:
        day = on_weekday(handover + u(20, 85))
        # (a child born meanwhile would start their history at the re-referral, without the step-down)
        if not any(story.episodes[-1][0] <= born <= day for born in story.births):
            re_referral = day
    if re_referral is not None:
        eh_end, end_reason = re_referral, EarlyHelpEndReason.STEPPED_UP.value
        followed, note = re_referral, _RE_REFERRED
    else:
        eh_end, end_reason = min(on_weekday(handover + u(100, 365)), until), None
        followed = on_weekday(follow_until + (u(6, 30) if r() < 0.1 else u(-7, 5)))
        followed = min(followed, until)
        note = _FOLLOWED_UP[int(r() * len(_FOLLOWED_UP))]
    slot = story.record(
        "stepchange",
        -1,
        [
            Direction.DOWN.value,
            cin,
            None,  # the early help episode, below
            g.org.early_help_service,
            _REASONS[int(r() * len(_REASONS))],
            requested,
            None,  # requested by: who records step_down.requested
            accepted,
            None,  # accepted by: who records step_change.accepted
            None,
            "",
            handover,
            _HANDOVER_NOTE,
            follow_until,
            followed,
            note,
            None,  # a re-referral within the follow-up, below
        ],
    )
    values = story.records[slot][2]
    story.ev(requested, "step_down.requested", g.payload("step_down.requested", service=SERVICE), slot)
    story.ev(
        accepted,
        "step_change.accepted",
        g.payload("step_change.accepted", direction=Direction.DOWN.label, service=SERVICE),
        slot,
        eh_worker.id,
    )
    values[2] = early_help_episode(
        story, accepted, eh_end, eh_worker, values[4], end_reason, stepped_down=True
    )
    story.ev(handover, "step_down.completed", g.payload("step_down.completed", service=SERVICE), slot)
    close(story, cin, handover, reason_code, _HANDOVER_NOTE)  # the note is the closing summary
    story.allocate(handover, eh_worker, f"Stepped down to early help ({SERVICE})")
    story.ev(
        followed,
        "step_down.followed_up",
        g.payload("step_down.followed_up", outcome=note),
        slot,
        eh_worker.id,
    )
    story.deallocate(eh_end)
    if re_referral is None:
        story.quiet_from = max(eh_end, followed) + 1
        return max(eh_end, followed)
    # Re-referred within the follow-up: assessed again and closed with no further action.
    story.quiet_from = handover + 1
    again, decided = referral(story, re_referral)
    values[16] = again
    story.allocate(decided, story.any_worker(RA), "New referral")
    start = on_weekday(decided + u(0, 2))
    done = start + assessment_days(story, start)
    assessment(story, again, start, done, "nfa")
    closed = on_weekday(done + u(0, 10))
    if closed > census_year_end(done):  # closed in the census year of its assessment (8825Q)
        closed = max(done, weekday_on_or_before(census_year_end(done)))
    close(story, again, closed, "RC8")
    return closed
