"""Police domestic abuse notifications: recorded for every child in the household, screened within the local
timescale, repeat notifications flagged, a high-risk case linked to its MARAC referral."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import clock, policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.events import event_record
from hearth.core.validation import past_date_problem
from hearth.frontdoor.models import DomesticAbuseNotification, DomesticAbuseNotificationDecision, RiskLevel
from hearth.organisation.models import StaffUser
from hearth.people.models import Person, RecordKind

REPEAT_WINDOW = timedelta(days=365)


def notification_record(
    *,
    police_reference: str,
    incident_on: date | None,
    received_on: date | None,
    risk_level: str,
    summary: str,
    children: list[Person],
    by: StaffUser,
) -> DomesticAbuseNotification:
    policy.require(by, "notifications.screen")
    for child in children:  # the notification's events and clocks go onto each child's record
        if child.kind == RecordKind.CHILD and not child.is_restricted:  # a restricted child: see the page
            policy.require(by, "child.record_work", child)
    errors: dict[str, str] = {}
    if not police_reference.strip():
        errors["police_reference"] = "Enter the police reference."
    if problem := past_date_problem(incident_on, "the date of the incident"):
        errors["incident_on"] = problem
    if problem := past_date_problem(received_on, "the date the notification was received"):
        errors["received_on"] = problem
    elif incident_on and received_on and received_on < incident_on:
        errors["received_on"] = "The notification cannot be received before the incident."
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = "Choose the risk level: standard, medium or high."
    if not summary.strip():
        errors["summary"] = "Enter what happened."
    if not children:
        errors["children"] = "Name at least one child in the household."
    elif any(child.kind != RecordKind.CHILD for child in children):
        errors["children"] = "Only children's records can be named as children in the household."
    if errors:
        raise ValidationError(errors)
    assert received_on is not None and incident_on is not None
    with transaction.atomic():
        notification = DomesticAbuseNotification.objects.create(
            police_reference=police_reference.strip(),
            incident_on=incident_on,
            received_on=received_on,
            risk_level=risk_level,
            summary=summary.strip()[:500],
        )
        notification.children.set(children)
        for child in children:
            audit_change(user=by, instance=notification, action="create", before=None, child_id=child.pk)
            event_record(
                child_id=child.pk,
                type="da_notification.received",
                occurred_on=received_on,
                recorded_by=by,
                record=notification,
                payload={"risk": RiskLevel(risk_level).label.lower(), "summary": summary[:120]},
            )
    return notification


def earlier_notifications(notification: DomesticAbuseNotification) -> int:
    """Notifications about any of the same children in the 12 months before this one (repeat notifications)."""
    return (
        DomesticAbuseNotification.objects.filter(
            children__in=notification.children.all(),
            received_on__gte=notification.received_on - REPEAT_WINDOW,
            received_on__lte=notification.received_on,
        )
        .exclude(pk=notification.pk)
        .distinct()
        .count()
    )


def notification_screen(
    *,
    notification: DomesticAbuseNotification,
    decision: str,
    reason: str,
    decided_on: date | None,
    marac_referred_on: date | None = None,
    by: StaffUser,
) -> DomesticAbuseNotification:
    """The screening decision and who made it; a high-risk notification needs its MARAC referral recorded."""
    policy.require(by, "notifications.screen")
    errors: dict[str, str] = {}
    if notification.decision:
        errors["decision"] = "This notification has already been screened."
    if decision not in DomesticAbuseNotificationDecision.values:
        errors["decision"] = "Choose the screening decision."
    if not reason.strip():
        errors["reason"] = "Enter the reason for the decision."
    if decided_on is None:
        errors["decided_on"] = "Enter the date of the decision."
    elif decided_on < notification.received_on or decided_on > clock.today():
        errors["decided_on"] = "The decision must be between the day the notification was received and today."
    if notification.risk_level == RiskLevel.HIGH and marac_referred_on is None:
        errors["marac_referred_on"] = "A high-risk notification needs the date of its MARAC referral."
    if errors:
        raise ValidationError(errors)
    assert decided_on is not None
    with transaction.atomic():
        before = snapshot(notification)
        notification.decision, notification.decision_reason = decision, reason.strip()
        notification.decided_on, notification.decided_by, notification.marac_referred_on = (
            decided_on,
            by,
            marac_referred_on,
        )
        notification.save(
            update_fields=["decision", "decision_reason", "decided_on", "decided_by", "marac_referred_on"]
        )
        for child in notification.children.all():
            audit_change(user=by, instance=notification, action="update", before=before, child_id=child.pk)
            event_record(
                child_id=child.pk,
                type="da_notification.screened",
                occurred_on=decided_on,
                recorded_by=by,
                record=notification,
                payload={"decision": DomesticAbuseNotificationDecision(decision).label},
            )
    return notification
