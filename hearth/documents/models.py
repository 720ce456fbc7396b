"""Documents kept on a child's record (issue 15): a council's list of types, each document's versions, and who a
restricted document is limited to.

A document is about one child and may be attached to one of the records of their work (a contact, an assessment, a
conference...): `attached_to` names the kind of record (declared by its app in `attachments.py`) and `record_id` its
row. The file of each version lives in the documents storage (settings.STORAGES["documents"]), never under the web
root, under a name Hearth makes; the name the uploader gave is kept, cleaned, for the download.
"""

from __future__ import annotations

from django.db import models


class RetentionClass(models.TextChoices):
    """How long the council keeps a document (for the retention work of the production issue): each type has one."""

    CHILD_RECORD = "child_record", "As the child's record (until the 25th birthday, or 75 years for care)"
    ADOPTION = "adoption", "Adoption record (100 years from the adoption order)"
    CORRESPONDENCE = "correspondence", "Correspondence (as the child's record)"
    SHORT = "short", "Working copy (6 years from the case closing)"


class DocumentType(models.Model):
    """A type of document a council keeps (its own list, edited by an administrator or performance officer)."""

    name = models.CharField(max_length=80, unique=True)
    retention = models.CharField(
        max_length=20, choices=RetentionClass.choices, default=RetentionClass.CHILD_RECORD
    )
    active = models.BooleanField(default=True, help_text="Offered for new documents")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DocumentStatus(models.TextChoices):
    AVAILABLE = "available", "Available"
    IN_ERROR = "in_error", "Uploaded in error"


class Document(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="documents")
    attached_to = models.CharField(
        max_length=60, blank=True, help_text="The kind of record (an app's attachments.py); blank: the child"
    )
    record_id = models.PositiveIntegerField(null=True, blank=True)
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    document_date = models.DateField(help_text="The date the document is of (a report's date, a letter's)")
    author = models.CharField(max_length=120, blank=True, help_text="Who wrote it, where not Hearth's user")
    added_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    restricted = models.BooleanField(default=False, help_text="Only the people named may open it")
    status = models.CharField(max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.AVAILABLE)
    removed_reason = models.TextField(blank=True)
    removed_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["child", "document_date"], name="document_child_idx"),
            models.Index(fields=["attached_to", "record_id"], name="document_record_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(attached_to="") & models.Q(record_id=None))
                | (~models.Q(attached_to="") & ~models.Q(record_id=None)),
                name="document_attached_to_a_record",
            ),
            models.CheckConstraint(
                condition=(models.Q(status="available") & models.Q(removed_at=None))
                | (models.Q(status="in_error") & ~models.Q(removed_at=None) & ~models.Q(removed_reason="")),
                name="document_removed_with_reason",
            ),
        ]

    @property
    def is_available(self) -> bool:
        return self.status == DocumentStatus.AVAILABLE


class ScanStatus(models.TextChoices):
    NOT_SCANNED = "not_scanned", "Not scanned (no scanner configured)"
    PENDING = "pending", "Waiting for the virus check"
    CLEAN = "clean", "Checked: no virus found"
    INFECTED = "infected", "Quarantined: a virus was found"


class DocumentVersion(models.Model):
    """One file of a document. A new version never replaces an old one: the latest is the document's current file."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.CharField(max_length=200, help_text="The file's name in the documents storage")
    original_name = models.CharField(max_length=150, help_text="The uploaded file's name, cleaned")
    content_type = models.CharField(max_length=120, help_text="Read from the content, not the name")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    scan = models.CharField(max_length=12, choices=ScanStatus.choices, default=ScanStatus.NOT_SCANNED)
    scan_detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="document_version_positive"),
        ]

    @property
    def may_download(self) -> bool:
        return self.scan in (ScanStatus.NOT_SCANNED, ScanStatus.CLEAN)


class DocumentGrant(models.Model):
    """A restricted document is open only to the people named here (and who added it), who must still be able to
    open the child's record: a restriction narrows, never widens."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey("organisation.StaffUser", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "user"], name="document_grant_unique")]
