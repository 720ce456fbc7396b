"""The person record's own duty: a record that a new one may duplicate (its creator could not open it, so was not
told) is checked by the front door (issue 13), who merge the two or record that they are different people."""

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
