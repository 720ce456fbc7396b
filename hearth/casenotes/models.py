"""Case notes: what happened, written by the worker as a draft, then finalised and locked; corrections are addenda."""

from __future__ import annotations

from django.db import models


class NoteType(models.TextChoices):
    VISIT = "visit", "Visit"
    TELEPHONE_CALL = "telephone_call", "Telephone call"
    MEETING = "meeting", "Meeting"
    OBSERVATION = "observation", "Observation"
    MANAGERS_NOTE = "managers_note", "Manager's note"
    OTHER = "other", "Other"


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class CaseNote(models.Model):
    """One case note about a child. A draft is the author's alone; a final note never changes again.

    `version` goes up with every save, so a save made from a page opened before someone else's save is refused.
    """

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="case_notes")
    author = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    note_type = models.CharField(max_length=20, choices=NoteType.choices)
    occurred_on = models.DateField()
    text = models.TextField()
    status = models.CharField(max_length=5, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    finalised_at = models.DateTimeField(null=True, blank=True)
    significant = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["child", "occurred_on"], name="casenote_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(status="draft") & models.Q(finalised_at=None))
                | (models.Q(status="final") & ~models.Q(finalised_at=None)),
                name="casenote_final_has_finalised_at",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="casenote_version_positive"),
        ]

    @property
    def is_final(self) -> bool:
        return self.status == NoteStatus.FINAL


class CaseNoteChild(models.Model):
    """Another child of the family the note is also about (issue 18): one note, written once, on each child's record,
    with its own event on each; an addendum to it shows on every child."""

    note = models.ForeignKey(CaseNote, on_delete=models.CASCADE, related_name="shared_with")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "child"], name="casenote_child_once")]
        indexes = [models.Index(fields=["child"], name="casenote_shared_child_idx")]


class Addendum(models.Model):
    """Added to a final note to correct or add to it: the note itself is never edited."""

    note = models.ForeignKey(CaseNote, on_delete=models.CASCADE, related_name="addenda")
    author = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    added_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "addenda"
