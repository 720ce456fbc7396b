"""Supervision of a worker by their manager: the reflective discussion, wellbeing, and for each child discussed
the decision and its actions (each with an owner and a date), which are also written to the child's record."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from hearth.core import clock


class Supervision(models.Model):
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions_received"
    )
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    reflective_discussion = models.TextField()
    wellbeing = models.TextField()
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        indexes = [models.Index(fields=["worker", "held_on"], name="supervision_worker_held_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(worker=models.F("manager")), name="supervision_not_of_oneself"
            )
        ]

    def __str__(self) -> str:
        return f"Supervision of {self.worker} on {self.held_on:%-d %B %Y}"


class SupervisionDecision(models.Model):
    """What was decided about one child in a supervision (written to the child's record as a key event)."""

    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="decisions")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    decision = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["supervision", "child"], name="one_decision_per_child_discussed")
        ]


class SupervisionAction(models.Model):
    """An action agreed in supervision: an obligation on the child, the owner's work until marked done."""

    decision = models.ForeignKey(SupervisionDecision, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    # The child's event that opened the action's obligation; the 'done' event names it to meet that obligation.
    started_by = models.ForeignKey(
        "core.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
