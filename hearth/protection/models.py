"""Child protection plans (CIN census ChildProtectionPlans): the core the child protection issue extends."""

from __future__ import annotations

from django.db import models

from hearth.core.codesets import CategoryOfAbuse


class ChildProtectionPlan(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="protection_plans")
    cin_episode = models.ForeignKey(
        "children_in_need.CinEpisode", null=True, on_delete=models.PROTECT, related_name="protection_plans"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    initial_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    latest_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)

    class Meta:
        indexes = [models.Index(fields=["child", "start_date"], name="cpp_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date=None) | models.Q(end_date__gte=models.F("start_date")),
                name="cpp_ends_after_start",
            )
        ]
