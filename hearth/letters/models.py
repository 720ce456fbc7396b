"""Letters and forms produced from the record (issue 15): the council's Word templates, one per kind of letter, and
each letter asked for, made on the task queue into a PDF kept on the record as a document."""

from __future__ import annotations

from django.db import models


class LetterTemplate(models.Model):
    """A council's Word template for a kind of letter; a new upload is a new version, the latest is used."""

    kind = models.CharField(max_length=40)
    version = models.PositiveIntegerField()
    file = models.CharField(max_length=200, help_text="The .docx in the documents storage")
    uploaded_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="letter_template_version_unique")
        ]


class LetterStatus(models.TextChoices):
    QUEUED = "queued", "Being prepared"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be made"


class Letter(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    attached_to = models.CharField(max_length=60)
    record_id = models.PositiveIntegerField()
    recipient = models.CharField(max_length=300, help_text="Who it is to, as addressed")
    requested_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=LetterStatus.choices, default=LetterStatus.QUEUED)
    error = models.CharField(max_length=300, blank=True)
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    template_version = models.PositiveIntegerField(null=True, blank=True)
    # what the sender typed for the fields the kind asks for (an invitation's date, time and place), as written
    answers = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["attached_to", "record_id"], name="letter_record_idx")]
