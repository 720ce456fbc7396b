"""News that reaches the person who can act on it (issue 15): a notification in Hearth, and, by each person's
choice per kind, an email straight away or in a daily summary. An email says only the kind of news and links to
Hearth: no child's name or details leave Hearth by email."""

from __future__ import annotations

from django.db import models


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "By email straight away"
    DIGEST = "digest", "By email in a daily summary"
    IN_APP = "in_app", "Only in Hearth"


class Notification(models.Model):
    recipient = models.ForeignKey("organisation.StaffUser", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    child = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    text = models.CharField(max_length=300, help_text="What happened, without the child's name")
    url = models.CharField(max_length=300, help_text="Where to act")
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(
                fields=["recipient"],
                name="notification_digest_idx",
                condition=models.Q(delivery="digest", emailed_at=None),
            ),
        ]


class NotificationPreference(models.Model):
    user = models.ForeignKey("organisation.StaffUser", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")
        ]
