"""The failed-visit rules every kind of statutory visit declares (ADR 18; inspection report 2012 paragraph 19: no
failed visit goes unnoticed): a visit where the child was not seen alerts the manager on the day it is recorded,
even when the visit was days earlier, and opens a follow-up met by the next visit where the child is seen."""

from __future__ import annotations

from datetime import date

from hearth.core.timescales.rules import Interval, Owner, Profile, Rule, Unit


def failed_visit_rules(
    *,
    prefix: str,
    visits: str,
    failed_event: str,
    seen_event: str,
    failed_seen_event: str,
    ends_on: tuple[str, ...],
    follow_up_setting: str,
    in_force_from: date = date(2010, 1, 1),
) -> tuple[Rule, Rule]:
    """The follow-up (`<prefix>.visit_follow_up`) and the manager's alert (`<prefix>.failed_visit_seen_by_manager`)
    of one kind of visit; `visits` names them ("child protection visit")."""
    return (
        Rule(
            id=f"{prefix}.visit_follow_up",
            title=f"Failed {visits} followed up: child seen",
            source="Local standard: a failed visit is followed up within 1 working day (inspection report 2012 para 19)",
            profile=Profile.LOCAL,
            in_force_from=in_force_from,
            starts_on=(failed_event,),
            satisfied_by=(seen_event,),
            satisfied_when={"seen": True},
            ends_on=ends_on,
            interval_setting=follow_up_setting,
        ),
        Rule(
            id=f"{prefix}.failed_visit_seen_by_manager",
            title=f"Failed {visits}: the manager told the same day",
            source="Inspection report 2012 paragraph 19: no failed visit without the manager aware",
            profile=Profile.LOCAL,
            in_force_from=in_force_from,
            starts_on=(failed_event,),
            satisfied_by=(failed_seen_event,),
            satisfied_start_from="failed_event",
            ends_on=ends_on,
            one_at_a_time=False,
            interval=Interval(0, Unit.WORKING_DAYS),
            # Due the day the failed visit is recorded, not the day of the visit: a late entry still alerts today.
            due_date_from="recorded_on",
            owner=Owner.TEAM,
        ),
    )
