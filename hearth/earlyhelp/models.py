"""Early help episodes: the outline the front-door issue extends (assessment, team around the child, plan)."""

from __future__ import annotations

from django.db import models


class EarlyHelpEpisode(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="early_help_episodes")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    lead_professional = models.CharField(max_length=120, blank=True)
    lead_organisation = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date=None) | models.Q(end_date__gte=models.F("start_date")),
                name="early_help_ends_after_start",
            )
        ]
