"""A request for a manager's sign-off on a record about a child, and the manager's decision on it.

One table for every kind of record a council asks a manager to authorise (assessments, closures, plans,
step-downs, ...): the kind names the record's model through the registry in `kinds.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from hearth.core import clock


class SignOffStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned"
    WITHDRAWN = "withdrawn", "No longer needed"


class SignOff(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="sign_offs")
    kind = models.CharField(max_length=40)
    subject_id = models.PositiveBigIntegerField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    requested_at = models.DateTimeField(default=clock.now)
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=SignOffStatus.choices, default=SignOffStatus.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The manager's rationale for an approval, or what must change for a return.
    rationale = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "requested_on"], name="signoff_status_idx"),
            models.Index(fields=["kind", "subject_id"], name="signoff_subject_idx"),
            models.Index(fields=["child", "requested_on"], name="signoff_child_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_id"],
                condition=models.Q(status="waiting"),
                name="one_waiting_sign_off_per_record",
            ),
            models.CheckConstraint(
                condition=models.Q(status="waiting", decided_on=None)
                | (~models.Q(status="waiting") & ~models.Q(decided_on=None)),
                name="sign_off_decided_when_not_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_id}: {self.status}"
