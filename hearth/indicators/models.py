"""What the council compares its indicators with, and the months whose figures were reported and frozen."""

from __future__ import annotations

from django.db import models


class BenchmarkKind(models.TextChoices):
    TARGET = "target", "Target"
    ENGLAND = "england", "England"


class IndicatorBenchmark(models.Model):
    """A figure an indicator is read against: the council's target, or England's published figure. Hearth ships none:
    the performance officer enters each with where it is from and the year it is for."""

    indicator = models.CharField(max_length=40)
    kind = models.CharField(max_length=7, choices=BenchmarkKind.choices)
    value = models.DecimalField(max_digits=8, decimal_places=1)
    source = models.CharField(max_length=200)
    year = models.CharField(max_length=20)
    set_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "kind"], name="indicator_benchmark_once"),
        ]


class IndicatorSnapshot(models.Model):
    """A month's figures as reported, frozen so that a board's numbers do not move after the meeting. A correction
    is a new version with its reason; earlier versions are kept."""

    month = models.DateField(help_text="The month's first day")
    version = models.PositiveSmallIntegerField()
    figures = models.JSONField()  # {indicator: {"council": [cases, met, value], "teams": {team: [...]}}}
    frozen_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    frozen_at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-month", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["month", "version"], name="indicator_snapshot_version_once"),
        ]


class IndicatorCount(models.Model):
    """An indicator's cases and those meeting it for one month, team and worker, as last counted from the record
    (`hearth.indicators.store`): the pages read these, the children behind a figure are asked of the record."""

    indicator = models.CharField(max_length=40)
    month = models.DateField()
    team_id = models.BigIntegerField(null=True)  # plain ids: a recount replaces every row
    worker_id = models.BigIntegerField(null=True)
    cases = models.PositiveIntegerField()
    met = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["indicator", "month"], name="indicator_count_idx")]


class IndicatorCounting(models.Model):
    """When the indicators were last counted, and the months counted."""

    first_month = models.DateField()
    last_month = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    seconds = models.FloatField()
