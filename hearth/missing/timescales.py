"""Missing children's timescales (timescales.md 1.1): the return interview after each episode, and the review of a
screening for the risk of exploitation on the date it set."""

from datetime import date

from hearth.core.council_settings import declare
from hearth.core.timescales.actions import rule_action_register, started_record_action
from hearth.core.timescales.rules import Interval, Owner, Profile, Rule, Unit, register_rules

MISSING_GUIDANCE_2014 = date(2014, 1, 1)

declare(
    "missing_repeat_episodes",
    "Episodes within the period that make a child 'repeat missing'",
    3,
    "Local practice: the DfE's 2014 guidance asks councils to know which children go missing repeatedly without "
    "defining it; three episodes in 90 days is a common local definition",
)
declare(
    "missing_repeat_days",
    "The period, in days, over which missing episodes are counted for 'repeat missing'",
    90,
    "Local practice (as missing_repeat_episodes)",
)

register_rules(
    Rule(
        id="missing.return_interview",
        title="Return interview after a missing episode",
        source="DfE statutory guidance on children who run away or go missing from home or care (January 2014): "
        "an independent return interview offered to every child who returns from being missing, carried out within "
        "72 hours; a child's refusal of the offer closes it (not after an absence whose whereabouts were known)",
        profile=Profile.REGULATIONS,
        in_force_from=MISSING_GUIDANCE_2014,
        starts_on=("missing.ended",),
        starts_when={"kind": "missing"},
        satisfied_by=("missing.interview_held", "missing.interview_declined"),
        interval=Interval(3, Unit.DAYS),
        one_at_a_time=False,
        satisfied_start_from="ended_event",
        owner=Owner.ALLOCATED_OR_FRONT_DOOR,
    ),
    Rule(
        id="exploitation.screening_review",
        title="Exploitation screening reviewed",
        source="Local practice: a screening for the risk of exploitation is reviewed on the date it sets, 3 "
        "months if it sets none",
        profile=Profile.LOCAL,
        in_force_from=date(2000, 1, 1),
        starts_on=("exploitation.screened",),
        starts_when={"at_risk": True},
        satisfied_by=("exploitation.screened",),
        interval=Interval(3, Unit.MONTHS),
        due_date_from="review_on",
    ),
)

# From the worklist, a return interview that is due opens the form that records it (issue 18).
rule_action_register(
    ("missing.return_interview",),
    started_record_action("missing.missingepisode", "missing:interview", "episode_pk"),
)
