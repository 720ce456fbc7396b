"""Front door timescales (timescales.md 1.1: contacts have no national timescale; a local standard)."""

from datetime import date

from hearth.core.timescales.rules import Owner, Profile, Rule, register_rules

register_rules(
    Rule(
        id="contact.decision",
        title="Contact screened",
        source="Local standard: contacts have no national timescale; many councils use 1 working day",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("contact.received",),
        satisfied_by=("contact.decided",),
        interval_setting="contact_decision_working_days",
        one_at_a_time=False,
        owner=Owner.FRONT_DOOR,
    ),
)
