"""Front door timescales (timescales.md 1.1: contacts have no national timescale; a local standard)."""

from datetime import date

from hearth.core.timescales.rules import Owner, Profile, Rule, register_rules

register_rules(
    Rule(
        id="da_notification.screening",
        title="Police domestic abuse notification screened",
        source="Local standard for screening police notifications (inspection report 2012, paragraphs 12, 19, 25)",
        profile=Profile.LOCAL,
        in_force_from=date(2010, 1, 1),
        starts_on=("da_notification.received",),
        satisfied_by=("da_notification.screened",),
        interval_setting="da_notification_screening_working_days",
        one_at_a_time=False,
        owner=Owner.FRONT_DOOR,
    ),
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
