"""A child's health on the record (issue 17 item 1): health assessments, dental checks, immunisations, the strengths
and difficulties questionnaire, substance misuse, and the health action plan with missed appointments. For children
in care above all (CPPCR 2010 regulations 7 and 8; DfE and DHSC statutory guidance "Promoting the health and
well-being of looked-after children", 2015), and available for any child. Each record says who recorded it and for
which agency (`Attributed`): health partners record their own part."""

from __future__ import annotations

from django.db import models

from hearth.people.models import Attributed


class AssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial health assessment"
    REVIEW = "review", "Review health assessment"


class HealthAssessment(Attributed):
    """A health assessment by a registered medical practitioner (initial) or a nurse or midwife (review)."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="health_assessments")
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices)
    assessed_on = models.DateField()
    assessed_by = models.CharField(max_length=200)
    summary = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["child", "assessed_on"], name="health_assessment_child_idx")]


class CheckKind(models.TextChoices):
    DENTAL = "dental", "Dental check"
    IMMUNISATIONS = "immunisations", "Immunisations reviewed"
    SIGHT = "sight", "Sight test"


class HealthCheck(Attributed):
    """A dental check or sight test, or a review of the child's immunisations (up to date or not)."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="health_checks")
    kind = models.CharField(max_length=15, choices=CheckKind.choices)
    checked_on = models.DateField()
    up_to_date = models.BooleanField(null=True, blank=True)  # immunisations only
    notes = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "kind", "checked_on"], name="health_check_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="immunisations", up_to_date__isnull=False)
                | (~models.Q(kind="immunisations") & models.Q(up_to_date=None)),
                name="health_check_immunisations_say_up_to_date",
            )
        ]


class SdqReason(models.TextChoices):
    """Why there is no score (SSDA903 OC2 SDQ_REASON, returns.md 2.3)."""

    AGE = "SDQ1", "Under 4 or over 17 on the date"
    CARER_REFUSED = "SDQ2", "The carer refused"
    DISABILITY = "SDQ3", "The child's disability prevents it"
    OTHER = "SDQ4", "Another reason"
    CHILD_REFUSED = "SDQ5", "The young person refused"


class SdqScore(Attributed):
    """A strengths and difficulties questionnaire: its total difficulties score (0 to 40), or why there is none."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="sdq_scores")
    completed_on = models.DateField()
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=4, choices=SdqReason.choices, blank=True)
    completed_by = models.CharField(max_length=120, blank=True)  # the carer, a teacher, the young person

    class Meta:
        indexes = [models.Index(fields=["child", "completed_on"], name="sdq_child_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=40), name="sdq_score_at_most_40"),
            models.CheckConstraint(
                condition=(models.Q(score=None) & ~models.Q(reason=""))
                | (models.Q(score__isnull=False) & models.Q(reason="")),
                name="sdq_score_or_reason",
            ),
        ]


class SubstanceMisuse(Attributed):
    """A substance misuse problem identified, and whether an intervention was offered and received (OC2)."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="substance_misuse")
    identified_on = models.DateField()
    details = models.TextField()
    intervention_offered = models.BooleanField(default=False)
    intervention_received = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["child", "identified_on"], name="substance_child_idx")]


class HealthAction(Attributed):
    """One action of the child's health action plan: what, who, by when, and when it was done."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="health_actions")
    action = models.CharField(max_length=300)
    who = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_note = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "due_on"], name="health_action_child_idx")]


class MissedAppointment(Attributed):
    """A health appointment the child did not attend, and why if known."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="missed_appointments")
    missed_on = models.DateField()
    appointment = models.CharField(max_length=200)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "missed_on"], name="missed_appointment_child_idx")]
