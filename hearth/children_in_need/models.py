"""Children in need episodes (CIN census CINdetails), assessments and plans: the core the front-door issue extends."""

from __future__ import annotations

from django.db import models

from hearth.core.codesets import PrimaryNeed, ReasonForClosure, ReferralSource


class CinEpisode(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="cin_episodes")
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=3, choices=ReferralSource.choices)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    referral_nfa = models.BooleanField(default=False)
    closure_date = models.DateField(null=True, blank=True)
    reason_for_closure = models.CharField(max_length=3, choices=ReasonForClosure.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "referral_date"], name="cin_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closure_date=None) | models.Q(closure_date__gte=models.F("referral_date")),
                name="cin_closes_after_referral",
            )
        ]


class Assessment(models.Model):
    episode = models.ForeignKey(CinEpisode, on_delete=models.CASCADE, related_name="assessments")
    start_date = models.DateField()
    authorisation_date = models.DateField(null=True, blank=True)
    child_seen_date = models.DateField(null=True, blank=True)
    factors = models.JSONField(default=list, blank=True)


class CinPlan(models.Model):
    episode = models.ForeignKey(CinEpisode, on_delete=models.CASCADE, related_name="plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
