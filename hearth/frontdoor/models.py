"""Contacts to children's services (SSD ssd_contacts; Annex A list 1): the outline the front-door issue extends."""

from __future__ import annotations

from django.db import models

from hearth.core.codesets import ReferralSource


class ContactOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    ADVICE = "advice", "Advice and information"
    EARLY_HELP = "early_help", "Early help"
    REFERRAL = "referral", "Referral to children's social care"
    STRATEGY_DISCUSSION = "strategy", "Strategy discussion"


class FamilyContact(models.Model):
    """One contact about several children of a family, recorded once (issue 18): each child has their own `Contact`
    (their own screening decision and clock) in the group; a correction of what it is about shows on each."""

    recorded_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()


class Contact(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="contacts")
    family = models.ForeignKey(
        FamilyContact, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    received_on = models.DateField()
    source = models.CharField(max_length=3, choices=ReferralSource.choices)
    concern = models.CharField(max_length=300)
    referrer_name = models.CharField(max_length=120, blank=True)
    referrer_organisation = models.CharField(max_length=120, blank=True)
    outcome = models.CharField(max_length=12, choices=ContactOutcome.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    feedback_sent_on = models.DateField(null=True, blank=True, help_text="Written feedback to the referrer")

    class Meta:
        indexes = [models.Index(fields=["child", "received_on"], name="contact_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_on=None) | models.Q(decided_on__gte=models.F("received_on")),
                name="contact_decided_after_received",
            )
        ]


class RiskLevel(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class DomesticAbuseNotificationDecision(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action: information recorded"
    LETTER = "letter", "Letter or advice to the family"
    EARLY_HELP = "early_help", "Early help"
    REFERRAL = "referral", "Referral to children's social care"
    STRATEGY_DISCUSSION = "strategy", "Strategy discussion"


class DomesticAbuseNotification(models.Model):
    """A police notification of a domestic abuse incident in a household with children, screened at the front door."""

    police_reference = models.CharField(max_length=40)
    incident_on = models.DateField()
    received_on = models.DateField()
    risk_level = models.CharField(max_length=8, choices=RiskLevel.choices)
    summary = models.CharField(max_length=500)
    children = models.ManyToManyField("people.Person", related_name="domestic_abuse_notifications")
    decision = models.CharField(max_length=12, choices=DomesticAbuseNotificationDecision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marac_referred_on = models.DateField(
        null=True, blank=True, help_text="MARAC referral for a high-risk case"
    )

    class Meta:
        indexes = [models.Index(fields=["received_on"], name="dan_received_idx")]
