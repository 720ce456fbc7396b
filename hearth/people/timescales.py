"""The person record's own duty: a new record that may duplicate one its creator could not open is checked by the
front door (issue 13), who merge it or record that it is not a duplicate."""

from datetime import date

from hearth.core.timescales.rules import Owner, Profile, Rule, register_rules

register_rules(
    Rule(
        id="person.duplicate_check",
        title="Possible duplicate record checked",
        source="Local data quality standard: one record per child (inspection report 2012, paragraph 42)",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("person.possible_duplicate",),
        satisfied_by=("person.duplicate_checked", "person.merged"),
        interval_setting="duplicate_check_working_days",
        owner=Owner.FRONT_DOOR,
    ),
)
