"""Periods of care, placements and care-leaver status (SSDA903 episodes in outline): extended by the care issue."""

from __future__ import annotations

from django.db import models

from hearth.core.codesets import LegalStatus, PlacementProvider, PlacementType, ReasonEpisodeCeased


class CarePeriod(models.Model):
    """A continuous period of being looked after."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="care_periods")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    legal_status = models.CharField(max_length=2, choices=LegalStatus.choices)
    reason_ceased = models.CharField(max_length=3, choices=ReasonEpisodeCeased.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "start_date"], name="care_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date=None) | models.Q(end_date__gte=models.F("start_date")),
                name="care_ends_after_start",
            )
        ]


class Placement(models.Model):
    period = models.ForeignKey(CarePeriod, on_delete=models.CASCADE, related_name="placements")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    placement_type = models.CharField(max_length=3, choices=PlacementType.choices)
    provider = models.CharField(max_length=3, choices=PlacementProvider.choices)
    postcode = models.CharField(max_length=8, blank=True)


class CareLeaverStatus(models.Model):
    """A young person entitled to leaving-care support (relevant, former relevant, qualifying, eligible)."""

    class Eligibility(models.TextChoices):
        ELIGIBLE = "eligible", "Eligible (16 or 17, still looked after)"
        RELEVANT = "relevant", "Relevant (16 or 17, left care)"
        FORMER_RELEVANT = "former_relevant", "Former relevant (18 to 25)"
        QUALIFYING = "qualifying", "Qualifying"

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="care_leaver_statuses")
    eligibility = models.CharField(max_length=16, choices=Eligibility.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
