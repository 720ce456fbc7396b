"""Statutory returns exported from the web pages: who asked for which return and period, and how far it has got."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class ReturnName(models.TextChoices):
    CIN_CENSUS = "cin-census", "Children in need census"
    ANNEX_A = "annex-a", "Ofsted's Annex A"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ReturnExport(models.Model):
    """One export of a return for a collection year (the census) or made on a day (Annex A), run in the background;
    the file lives under
    VAR_DIR/exports (`file_path` is relative to that folder) and is served only to the person who asked for it,
    whose read of every child in it is logged when the export completes."""

    return_name = models.CharField(max_length=20, choices=ReturnName.choices)
    collection_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The census: the collection year ends 31 March of this year"
    )
    on_date = models.DateField(
        null=True,
        blank=True,
        help_text="Annex A: the day its lists are made on (they cover the months before)",
    )
    requested_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=7, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    children_done = models.PositiveIntegerField(default=0)
    children_total = models.PositiveIntegerField(null=True, blank=True)
    episodes = models.PositiveIntegerField(null=True, blank=True)
    file_path = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the export last wrote a chunk: one that stops moving (the server restarted) is marked failed.
    progress_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ExportStatus.values), name="return_export_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(finished_at=None) | models.Q(status__in=["done", "failed"]),
                name="return_export_finished_only_when_done_or_failed",
            ),
            models.CheckConstraint(
                condition=Q(return_name="annex-a", on_date__isnull=False, collection_year=None)
                | (~Q(return_name="annex-a") & Q(collection_year__isnull=False, on_date=None)),
                name="return_export_has_its_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_return_name_display()} {self.period} ({self.get_status_display()})"

    @property
    def period(self) -> str:
        """The period the return covers, in words: a collection year, or Annex A's day."""
        if self.on_date is not None:
            return f"made on {self.on_date:%-d %B %Y}"
        year = self.collection_year or 0
        return f"{year - 1} to {year}"

    @property
    def is_active(self) -> bool:
        return self.status in {ExportStatus.QUEUED, ExportStatus.RUNNING}


class ImportMode(models.TextChoices):
    STRICT = "strict", "Strict: the whole file or nothing"
    MIGRATION = "migration", "Migration: every record that can be held, its failures flagged"


class ImportOutcome(models.TextChoices):
    LOADED = "loaded", "Loaded"
    WITH_FAILURES = "with_failures", "Loaded with failures"
    REFUSED = "refused", "Refused"


class CensusImport(models.Model):
    """One census file loaded as history: who loaded it, how, and what became of each child in it."""

    collection_year = models.PositiveSmallIntegerField()
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    mode = models.CharField(max_length=9, choices=ImportMode.choices)
    imported_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField()
    loaded = models.PositiveIntegerField(default=0)
    loaded_with_failures = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    report = models.TextField(help_text="The report as it was given")

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"CIN census {self.collection_year} from {self.file_name}"


class CensusImportChild(models.Model):
    """A child of an imported file: the XML as it was in the file (kept for audit), and what became of it."""

    census_import = models.ForeignKey(CensusImport, on_delete=models.CASCADE, related_name="children")
    position = models.PositiveIntegerField(help_text="The child's place in the file, from 1")
    la_child_id = models.CharField(max_length=40, blank=True)
    person = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=13, choices=ImportOutcome.choices)
    reasons = models.JSONField(default=list)
    xml = models.TextField()

    class Meta:
        ordering = ["census_import", "position"]
        indexes = [models.Index(fields=["person"], name="census_import_child_idx")]
