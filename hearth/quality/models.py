"""Each child's current failures of the census validation rules, kept up to date as their records change."""

from __future__ import annotations

from django.db import models


class QualityFailure(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    collection_year = models.PositiveSmallIntegerField()
    rule = models.CharField(max_length=12)
    is_query = models.BooleanField(default=False)
    table = models.CharField(max_length=40, blank=True, default="", db_default="")  # the validator's table
    field = models.CharField(max_length=40, blank=True, default="", db_default="")  # the census element
    value = models.CharField(max_length=100, blank=True, default="", db_default="")
    location = models.CharField(max_length=200)
    message = models.CharField(max_length=300)
    fix = models.CharField(max_length=300)
    found_on = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["child"], name="quality_child_idx"),
            models.Index(fields=["collection_year", "rule"], name="quality_rule_idx"),
        ]


class QualityPending(models.Model):
    """A child whose record changed since the census rules last checked it: the queue's task checks them in
    batches. `since` is the latest change, so a change made while a check runs is checked again."""

    child = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    since = models.DateTimeField()
