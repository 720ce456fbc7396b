"""Children in need episodes (CIN census CINdetails), assessments, plans, visits and closure."""

from __future__ import annotations

from django.db import models

from hearth.core.codesets import AssessmentFactor, PrimaryNeed, ReasonForClosure, ReferralSource
from hearth.core.versions import Versioned


class CinEpisode(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="cin_episodes")
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=3, choices=ReferralSource.choices)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    referral_nfa = models.BooleanField(default=False)
    closure_date = models.DateField(null=True, blank=True)
    reason_for_closure = models.CharField(max_length=3, choices=ReasonForClosure.choices, blank=True)
    # Closure is proposed by the worker and signed off by a manager; the episode closes at sign-off.
    closure_proposed_on = models.DateField(null=True, blank=True)
    closure_proposed_reason = models.CharField(
        max_length=3, choices=ReasonForClosure.choices, blank=True, default="", db_default=""
    )
    closure_summary = models.TextField(blank=True, default="", db_default="")
    closure_proposed_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closure_signed_off_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["child", "referral_date"], name="cin_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closure_date=None) | models.Q(closure_date__gte=models.F("referral_date")),
                name="cin_closes_after_referral",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


class AssessmentKind(models.TextChoices):
    SINGLE = "single", "Single assessment"
    INITIAL = "initial", "Initial assessment"
    CORE = "core", "Core assessment"


class AssessmentOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    EARLY_HELP = "early_help", "Step down to early help"
    CIN_PLAN = "cin_plan", "Child in need plan"
    STRATEGY = "strategy", "Strategy discussion (section 47 enquiries)"
    LOOKED_AFTER = "looked_after", "Child to become looked after"
    CORE_ASSESSMENT = "core", "Core assessment (2010 profile)"


class Assessment(Versioned):
    """An assessment of a child in need (CIN census Assessments; SSD ssd_cin_assessments and factors).

    Started by the worker, completed (submitted) by them, then authorised by a manager with a rationale: the
    authorisation date is the census's AssessmentAuthorisationDate and meets the assessment's timescale.
    """

    episode = models.ForeignKey(CinEpisode, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(
        max_length=10, choices=AssessmentKind.choices, default=AssessmentKind.SINGLE, db_default="single"
    )
    start_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    authorisation_date = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorisation_rationale = models.TextField(blank=True, default="", db_default="")
    returned_reason = models.TextField(blank=True, default="", db_default="")
    worker = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    child_seen_date = models.DateField(null=True, blank=True)
    child_seen_alone = models.BooleanField(default=False, db_default=False)
    child_views = models.TextField(blank=True, default="", db_default="")
    child_views_not_obtained = models.TextField(blank=True, default="", db_default="")
    parents_views = models.TextField(blank=True, default="", db_default="")
    # One entry per member of the household when the assessment was completed: {person_id, name, finding}.
    household_considered = models.JSONField(default=list, blank=True, db_default=[])
    previous_involvement = models.TextField(blank=True, default="", db_default="")
    analysis = models.TextField(blank=True, default="", db_default="")
    outcome = models.CharField(
        max_length=12, choices=AssessmentOutcome.choices, blank=True, default="", db_default=""
    )
    factors = models.JSONField(default=list, blank=True)
    late_reason = models.TextField(blank=True, default="", db_default="")
    shared_with_parents_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(authorisation_date=None)
                | models.Q(authorisation_date__gte=models.F("start_date")),
                name="assessment_authorised_after_start",
            )
        ]

    @property
    def factor_labels(self) -> list[str]:
        """Each factor in words, in the order of the CIN census list (issue 18: words, not codes)."""
        order = {code: index for index, code in enumerate(AssessmentFactor.values)}
        return [
            AssessmentFactor(code).label
            for code in sorted(self.factors, key=lambda code: order.get(code, len(order)))
            if code in order
        ]

    @property
    def status(self) -> str:
        if self.authorisation_date:
            return "Authorised"
        if self.completed_on:
            return "Awaiting authorisation"
        return "In progress"


class CinPlan(models.Model):
    episode = models.ForeignKey(CinEpisode, on_delete=models.CASCADE, related_name="plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
