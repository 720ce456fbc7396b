"""Plan outcomes, reviews and progress, shared by every kind of plan (early help, child in need, child protection,
a looked-after child's care plan and each placement's plan).

An outcome says what must change, the action, who does it, by when, and how we will know (the measure); a
review records progress on each outcome. Each row belongs to exactly one plan (one foreign key per kind of
plan; child protection plans add theirs).
"""

from __future__ import annotations

from django.db import models

from hearth.people.models import Attributed

PLAN_KEYS = ("cin_plan", "early_help", "cp_plan", "care_plan", "placement_plan")


def _one_plan(prefix: str) -> models.CheckConstraint:
    """Exactly one of the plan keys is set."""
    condition = models.Q(pk__in=[])
    for key in PLAN_KEYS:
        condition |= models.Q(**{f"{other}__isnull": other != key for other in PLAN_KEYS})
    return models.CheckConstraint(condition=condition, name=f"{prefix}_belongs_to_one_plan")


class OfOnePlan:
    """A row that belongs to exactly one plan, through one of the plan keys."""

    @property
    def plan_key(self) -> str:
        """Which kind of plan the row belongs to (its one set plan key)."""
        return next(key for key in PLAN_KEYS if getattr(self, f"{key}_id") is not None)

    @property
    def plan_id(self) -> int:
        return int(getattr(self, f"{self.plan_key}_id"))

    @property
    def plan(self) -> models.Model:
        plan: models.Model = getattr(self, self.plan_key)
        return plan


class PlanOutcome(OfOnePlan, models.Model):
    cin_plan = models.ForeignKey(
        "children_in_need.CinPlan", null=True, blank=True, on_delete=models.CASCADE, related_name="outcomes"
    )
    early_help = models.ForeignKey(
        "earlyhelp.EarlyHelpEpisode", null=True, blank=True, on_delete=models.CASCADE, related_name="outcomes"
    )
    cp_plan = models.ForeignKey(
        "protection.ChildProtectionPlan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    # A looked-after child's care plan (the period of care) and each placement's plan (issue 16 item 5).
    care_plan = models.ForeignKey(
        "care.CarePeriod", null=True, blank=True, on_delete=models.CASCADE, related_name="outcomes"
    )
    placement_plan = models.ForeignKey(
        "care.Placement", null=True, blank=True, on_delete=models.CASCADE, related_name="outcomes"
    )
    what_must_change = models.TextField()
    action = models.TextField()
    # Child protection plans also say what the parents and each professional will do (inspection 2012 para 39).
    parents_will_do = models.TextField(blank=True, default="", db_default="")
    professionals_will_do = models.TextField(blank=True, default="", db_default="")
    owner = models.CharField(max_length=120)
    # The professional in the child's network who owns the action, where one does: they update its progress
    # themselves between reviews (issue 17 item 4).
    owner_involvement = models.ForeignKey(
        "people.ProfessionalInvolvement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField()
    measure = models.TextField()
    added_on = models.DateField()
    achieved_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [_one_plan("outcome")]
        ordering = ["pk"]


class ReviewKind(models.TextChoices):
    REVIEW = "review", "Plan review"
    TEAM_AROUND_THE_CHILD = "tac", "Team around the child meeting"
    CORE_GROUP = "core_group", "Core group meeting"
    REVIEW_CONFERENCE = "rcpc", "Review child protection conference"


class PlanReview(models.Model):
    cin_plan = models.ForeignKey(
        "children_in_need.CinPlan", null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    early_help = models.ForeignKey(
        "earlyhelp.EarlyHelpEpisode", null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    cp_plan = models.ForeignKey(
        "protection.ChildProtectionPlan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    care_plan = models.ForeignKey(
        "care.CarePeriod", null=True, blank=True, on_delete=models.CASCADE, related_name="plan_reviews"
    )
    placement_plan = models.ForeignKey(
        "care.Placement", null=True, blank=True, on_delete=models.CASCADE, related_name="plan_reviews"
    )
    kind = models.CharField(max_length=10, choices=ReviewKind.choices, default=ReviewKind.REVIEW)
    review_date = models.DateField()
    attendees = models.TextField(blank=True)
    summary = models.TextField()
    recorded_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [_one_plan("review")]
        ordering = ["-review_date", "-pk"]


class Progress(models.TextChoices):
    WORSE = "worse", "Worse"
    NONE = "none", "No progress"
    SOME = "some", "Some progress"
    GOOD = "good", "Good progress"
    ACHIEVED = "achieved", "Achieved"


class OutcomeProgress(models.Model):
    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="progress")
    outcome = models.ForeignKey(PlanOutcome, on_delete=models.CASCADE, related_name="progress")
    progress = models.CharField(max_length=10, choices=Progress.choices)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "outcome"], name="one_progress_per_outcome")]


class ActionUpdate(Attributed):
    """Progress on an outcome's action between reviews, by its owner: a partner named on the plan, or the child's
    social care staff. Read at the next review and on the worker's list ("new from partners")."""

    outcome = models.ForeignKey(PlanOutcome, on_delete=models.CASCADE, related_name="updates")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    progress = models.CharField(max_length=10, choices=Progress.choices)
    note = models.TextField()
    updated_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["outcome", "updated_on"], name="action_update_outcome_idx")]


class PlanContribution(OfOnePlan, Attributed):
    """What a professional brings to the plan's next meeting (issue 17 item 4): a core group, a review or a review
    conference, written beforehand by a partner in the child's network (or by staff for an agency that sent it).
    Shown on the form that records the meeting and linked to the review it was read at, so the record of each
    meeting keeps what each agency said."""

    cin_plan = models.ForeignKey(
        "children_in_need.CinPlan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    early_help = models.ForeignKey(
        "earlyhelp.EarlyHelpEpisode",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    cp_plan = models.ForeignKey(
        "protection.ChildProtectionPlan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    care_plan = models.ForeignKey(
        "care.CarePeriod", null=True, blank=True, on_delete=models.CASCADE, related_name="plan_contributions"
    )
    placement_plan = models.ForeignKey(
        "care.Placement", null=True, blank=True, on_delete=models.CASCADE, related_name="plan_contributions"
    )
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    meeting = models.CharField(max_length=10, choices=ReviewKind.choices)
    meeting_on = models.DateField(null=True, blank=True)  # the meeting's date where the contributor knows it
    progress = models.TextField()  # what the agency has done and seen since the last meeting
    worries = models.TextField(blank=True)
    # the meeting it was read at: set when the review or core group is recorded
    review = models.ForeignKey(
        PlanReview, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    # or, for a looked-after child's care plan, the looked-after review it was read at
    lac_review = models.ForeignKey(
        "care.LacReview", null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )

    class Meta:
        constraints = [_one_plan("contribution")]
        indexes = [models.Index(fields=["child", "recorded_at"], name="contribution_child_idx")]
