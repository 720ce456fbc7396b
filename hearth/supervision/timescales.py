"""The actions agreed in supervision: each is due on the date the manager set and is its owner's work."""

from datetime import date

from hearth.core.timescales.rules import Interval, Owner, Profile, Rule, Unit, register_rules

register_rules(
    Rule(
        id="supervision.action",
        title="Action from supervision done",
        source="Local supervision policy: each action has an owner and a date (inspection report 2012 paragraphs "
        "55, 56); the date set in supervision, 20 working days if none",
        profile=Profile.LOCAL,
        in_force_from=date(2000, 1, 1),
        starts_on=("supervision.action",),
        satisfied_by=("supervision.action_done",),
        interval=Interval(20, Unit.WORKING_DAYS),
        one_at_a_time=False,
        owner=Owner.NAMED,
        owner_from="owner_id",
        due_date_from="due_date",
        satisfied_start_from="action_event",
    ),
)
