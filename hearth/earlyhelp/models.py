"""Early help episodes and the step-up and step-down protocol between early help and social care."""

from __future__ import annotations

from django.db import models


class EarlyHelpEndReason(models.TextChoices):
    OUTCOMES_MET = "outcomes_met", "Outcomes met"
    STEPPED_UP = "stepped_up", "Stepped up to children's social care"
    DECLINED = "declined", "Family declined or withdrew consent"
    MOVED = "moved", "Moved away"
    OTHER = "other", "Other"


class EarlyHelpEpisode(models.Model):
    """SSD ssd_early_help_episodes: start, end, reason, end reason, organisation and worker."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="early_help_episodes")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    lead_professional = models.CharField(max_length=120, blank=True)
    lead_organisation = models.CharField(max_length=120, blank=True)
    reason = models.TextField(blank=True, default="", db_default="")
    end_reason = models.CharField(
        max_length=14, choices=EarlyHelpEndReason.choices, blank=True, default="", db_default=""
    )
    assessment_date = models.DateField(null=True, blank=True)
    assessment_summary = models.TextField(blank=True, default="", db_default="")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date=None) | models.Q(end_date__gte=models.F("start_date")),
                name="early_help_ends_after_start",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class Direction(models.TextChoices):
    DOWN = "down", "Step-down to early help"
    UP = "up", "Step-up to children's social care"


class StepChange(models.Model):
    """A move between social care and early help under the formal protocol.

    Requested by the sending worker, naming the receiving service; accepted (or declined) by the receiving
    service; a plan must exist before the handover is recorded; after a step-down the child is followed for
    three months and a re-referral in that time is flagged against it.
    """

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="step_changes")
    direction = models.CharField(max_length=4, choices=Direction.choices)
    cin_episode = models.ForeignKey(
        "children_in_need.CinEpisode", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    early_help = models.ForeignKey(
        EarlyHelpEpisode, null=True, blank=True, on_delete=models.CASCADE, related_name="step_changes"
    )
    to_service = models.ForeignKey("organisation.Service", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    requested_on = models.DateField()
    requested_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    accepted_on = models.DateField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    declined_on = models.DateField(null=True, blank=True)
    declined_reason = models.TextField(blank=True)
    handover_on = models.DateField(null=True, blank=True)
    handover_note = models.TextField(blank=True)
    follow_up_until = models.DateField(null=True, blank=True)
    followed_up_on = models.DateField(null=True, blank=True)
    follow_up_note = models.TextField(blank=True)
    re_referral = models.ForeignKey(
        "children_in_need.CinEpisode", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["child", "requested_on"], name="stepchange_child_idx")]

    @property
    def status(self) -> str:
        if self.declined_on:
            return "Declined"
        if self.handover_on:
            return "Handed over"
        if self.accepted_on:
            return "Accepted: waiting for the plan and handover"
        return "Waiting for the receiving service"
