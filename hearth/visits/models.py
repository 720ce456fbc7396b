"""A statutory visit to a child, of any kind (ADR 18): the kinds are declared by their domains (`kinds.py`)."""

from __future__ import annotations

from django.db import models


class VisitGroup(models.Model):
    """One visit to several children of a family, recorded once (issue 18): what was common to them all. Each
    child's `Visit` holds what was theirs (seen, seen alone, their views) and points here; a correction of the
    shared notes shows on every child's visit."""

    visit_date = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()


class Visit(models.Model):
    """A visit to the child (SSD ssd_cin_visits): seen, seen alone, bedroom seen, or not seen and why; the kind's own
    questions' answers in `answers`."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(max_length=4)  # a declared kind of visit (hearth.visits.kinds)
    cin_plan = models.ForeignKey(
        "children_in_need.CinPlan", null=True, blank=True, on_delete=models.CASCADE, related_name="visits"
    )
    cp_plan = models.ForeignKey(
        "protection.ChildProtectionPlan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="visits",
    )
    placement = models.ForeignKey(
        "care.Placement", null=True, blank=True, on_delete=models.CASCADE, related_name="visits"
    )
    # A failed visit is seen by the manager the same day (inspection report 2012 paragraph 19).
    manager_seen_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    manager_note = models.TextField(blank=True, default="", db_default="")
    visit_date = models.DateField()
    seen = models.BooleanField()
    seen_alone = models.BooleanField(default=False)
    bedroom_seen = models.BooleanField(default=False)
    not_seen_reason = models.TextField(blank=True)
    note = models.TextField(blank=True)
    # What the child said of their wishes and feelings on this visit (the shared notes are the group's).
    views = models.TextField(blank=True, default="", db_default="")
    group = models.ForeignKey(
        VisitGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    answers = models.JSONField(default=dict, db_default={}, blank=True)
    recorded_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "children_in_need_visit"  # where the first kind kept it (ADR 18)
        indexes = [models.Index(fields=["child", "visit_date"], name="visit_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seen=True) | models.Q(seen_alone=False, bedroom_seen=False),
                name="visit_alone_only_when_seen",
            )
        ]

    @property
    def notes(self) -> str:
        """The notes of the visit: the family's shared notes when the children were visited together."""
        return self.group.note if self.group is not None else self.note
