"""Missing and absent episodes, for any child, with the return interview offered after each; and screenings for
the risk of exploitation (issue 17; DfE statutory guidance on children who run away or go missing from home or
care, January 2014)."""

from __future__ import annotations

from django.db import models


class AbsenceKind(models.TextChoices):
    MISSING = "missing", "Missing: whereabouts not known"
    AWAY = "away", "Absent or away without permission: whereabouts known"


class Risk(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class InterviewOutcome(models.TextChoices):
    HELD = "held", "Held"
    DECLINED = "declined", "Offered and declined"


class MissingEpisode(models.Model):
    """One time a child was missing or away: from when and where, until when and where found, with the police's
    part and the return interview offered afterwards."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="missing_episodes")
    kind = models.CharField(max_length=10, choices=AbsenceKind.choices)
    started_on = models.DateField()
    started_time = models.TimeField(null=True, blank=True)
    missing_from = models.CharField(max_length=200)
    risk = models.CharField(max_length=10, choices=Risk.choices)
    police_informed = models.BooleanField(default=False)
    police_reference = models.CharField(max_length=50, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    ended_time = models.TimeField(null=True, blank=True)
    where_found = models.CharField(max_length=200, blank=True)
    interview_offered_on = models.DateField(null=True, blank=True)  # when a declined offer was made
    interview_outcome = models.CharField(max_length=10, choices=InterviewOutcome.choices, blank=True)
    interview_on = models.DateField(null=True, blank=True)
    interviewer = models.CharField(max_length=200, blank=True)
    interview_notes = models.TextField(blank=True)
    # None only for a record written by an import or the demo, not by a member of staff
    recorded_by = models.ForeignKey(
        "organisation.StaffUser", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["child", "started_on"], name="missing_child_started_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on=None) | models.Q(ended_on__gte=models.F("started_on")),
                name="missing_ends_after_it_starts",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class ExploitationConcern(models.TextChoices):
    SEXUAL = "sexual", "Child sexual exploitation"
    CRIMINAL = "criminal", "Child criminal exploitation (including county lines)"
    BOTH = "both", "Sexual and criminal exploitation"
    OTHER = "other", "Other exploitation (trafficking, radicalisation)"


class ScreeningOutcome(models.TextChoices):
    NO_CONCERN = "none", "No concern"
    LOW = "low", "Low risk"
    MEDIUM = "medium", "Medium risk"
    HIGH = "high", "High risk"


class ExploitationScreening(models.Model):
    """A screening of a child's risk of exploitation with the council's tool: its outcome and when it is reviewed.
    The latest screening is the child's flag until its outcome is "no concern"."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="exploitation_screenings"
    )
    concern = models.CharField(max_length=10, choices=ExploitationConcern.choices)
    tool = models.CharField(max_length=200)
    outcome = models.CharField(max_length=10, choices=ScreeningOutcome.choices)
    screened_on = models.DateField()
    review_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    # None only for a record written by an import or the demo, not by a member of staff
    recorded_by = models.ForeignKey(
        "organisation.StaffUser", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["child", "screened_on"], name="exploitation_child_idx")]
