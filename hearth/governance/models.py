"""Information governance (issue 20, ADR 41): legal holds, the tombstone a disposal leaves, and subject access
requests with the redactions a reviewer checks before the bundle is released."""

from __future__ import annotations

from django.db import models


class LegalHold(models.Model):
    """A record that must not be disposed of (litigation, an inquiry, a complaint to the Ombudsman): with its reason,
    who placed it and until when (blank: until lifted). A hold is lifted, never deleted."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    until = models.DateField(null=True, blank=True, help_text="Blank: until someone lifts it")
    placed_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField()
    lifted_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "lifted_at"], name="legal_hold_person_idx")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="legal_hold_has_reason"),
            models.CheckConstraint(
                condition=models.Q(lifted_at=None) | ~models.Q(lifted_reason=""),
                name="legal_hold_lifted_with_reason",
            ),
        ]


class Disposal(models.Model):
    """What is left of a record once disposed of: no name, no date of birth, no content; the council's ID, the
    kind of record, the rule it was kept under, when the period ended, who disposed of it, when and why, and how
    many rows and files of each kind were erased."""

    person_number = models.CharField(max_length=20)
    kind = models.CharField(max_length=10, help_text="child, adult, or document (a working copy on a record)")
    rule = models.CharField(max_length=40)
    rule_title = models.CharField(max_length=200)
    period_years = models.PositiveIntegerField()
    setting = models.CharField(max_length=60, help_text="The council setting the period came from")
    retention_ended_on = models.DateField()
    reason = models.TextField()
    disposed_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    disposed_at = models.DateTimeField()
    removed = models.JSONField(default=dict, help_text="Rows erased, by kind of record")
    files_removed = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["person_number"], name="disposal_person_number_idx")]


class SubjectAccessStatus(models.TextChoices):
    IN_REVIEW = "in_review", "Redactions to review"
    RELEASED = "released", "Released"


class SubjectAccessRequest(models.Model):
    """A person's request for their own record: the export is drafted with other people's details redacted, a
    reviewer checks the redactions and signs off, and only then is the bundle made and released."""

    subject = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    received_on = models.DateField(help_text="The day the council received the request")
    requested_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=SubjectAccessStatus.choices, default=SubjectAccessStatus.IN_REVIEW
    )
    reviewed_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    file = models.CharField(
        max_length=200, blank=True, help_text="The bundle's name in the documents storage"
    )
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["subject", "requested_at"], name="sar_subject_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="in_review", released_at=None, file="")
                | (
                    models.Q(status="released")
                    & ~models.Q(released_at=None)
                    & ~models.Q(reviewed_by=None)
                    & ~models.Q(file="")
                ),
                name="sar_released_after_review",
            )
        ]


class Redaction(models.Model):
    """A word or phrase about someone else (a name, an identifier, an address) taken out of the bundle wherever it
    appears; proposed from the people linked to the subject, or added by the reviewer. The reviewer may keep one in
    (`redact` false) where it is the subject's own information."""

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="redactions")
    text = models.CharField(max_length=200)
    whose = models.CharField(max_length=200, help_text="Whose detail it is, as the reviewer reads it")
    redact = models.BooleanField(default=True)
    added_by_reviewer = models.BooleanField(default=False)

    class Meta:
        ordering = ["whose", "text"]
        constraints = [models.UniqueConstraint(fields=["request", "text"], name="redaction_unique_text")]
