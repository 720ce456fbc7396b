"""Each child's current failures of the census validation rules, kept up to date as their records change."""

from __future__ import annotations

from django.db import models


class QualityFailure(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    collection_year = models.PositiveSmallIntegerField()
    rule = models.CharField(max_length=12)
    is_query = models.BooleanField(default=False)
    location = models.CharField(max_length=200)
    message = models.CharField(max_length=300)
    fix = models.CharField(max_length=300)
    found_on = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["child"], name="quality_child_idx"),
            models.Index(fields=["collection_year", "rule"], name="quality_rule_idx"),
        ]
