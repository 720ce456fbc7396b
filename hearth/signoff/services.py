"""Sign-off: a worker asks, a manager over the child's team approves with a rationale or returns with what must
change. The decision reaches the record through its own service, which settles the request here, and the child's
chronology through that service's events or the `sign_off.*` events.

A manager may also decide on the record's own page without being asked (authorising an assessment directly): the
decision is still recorded here, as a request and its decision by the same manager.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from hearth.core import clock, policy
from hearth.core.audit import audit_change, audited_update, snapshot
from hearth.core.council_settings import setting_value
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.validation import past_date_problem
from hearth.organisation.models import StaffUser
from hearth.signoff.kinds import Approve, SendBack, SignOffKind, kind_of
from hearth.signoff.models import SignOff, SignOffStatus


def sign_off_required(kind: SignOffKind, on: date) -> bool:
    """Whether the council asks a manager to sign off this kind of record (from the setting in force on `on`)."""
    return kind.required_setting is None or bool(setting_value(kind.required_setting, on))


def waiting_sign_off(kind: SignOffKind, subject: models.Model) -> SignOff | None:
    return SignOff.objects.filter(kind=kind.key, subject_id=subject.pk, status=SignOffStatus.WAITING).first()


def latest_sign_off(kind: SignOffKind, subject: models.Model) -> SignOff | None:
    return (
        SignOff.objects.select_related("requested_by", "decided_by")
        .filter(kind=kind.key, subject_id=subject.pk)
        .order_by("-requested_at", "-pk")
        .first()
    )


def _payload(kind: SignOffKind, subject: models.Model, row: SignOff, **extra: Any) -> dict[str, Any]:
    return {"kind": kind.key, "what": kind.describe(subject), "sign_off": row.pk, **extra}


def sign_off_request(
    *, kind: str, subject: models.Model, by: StaffUser, on: date | None = None, note: str = ""
) -> SignOff:
    """Ask a manager to sign off the record. Call inside the record's service transaction, or on its own."""
    policy.require(
        by, "child.record_work", policy.record_of("child.record_work", pk=kind_of(kind).child_id(subject))
    )
    declared = kind_of(kind)
    on = on or clock.today()
    with transaction.atomic():
        waiting = (
            SignOff.objects.select_for_update(of=("self",))
            .select_related("requested_by")
            .filter(kind=kind, subject_id=subject.pk, status=SignOffStatus.WAITING)
            .first()
        )
        if waiting is not None:
            raise ValidationError(
                {
                    "__all__": f"This is already waiting for a manager's decision: {waiting.requested_by.full_name} "
                    f"sent it on {long_date(waiting.requested_on)}."
                }
            )
        if problem := declared.request_problem(subject):
            raise ValidationError({"__all__": problem})
        try:
            with transaction.atomic():  # two people sending the same record at once: the second is told
                row = SignOff.objects.create(
                    child_id=declared.child_id(subject),
                    kind=kind,
                    subject_id=subject.pk,
                    requested_by=by,
                    requested_on=on,
                    note=note.strip(),
                )
        except IntegrityError:
            raise ValidationError(
                {"__all__": "Someone sent this for a manager's decision a moment ago: it is waiting already."}
            ) from None
        audit_change(user=by, instance=row, action="create", before=None, child_id=row.child_id)
        if declared.generic_events:
            event_record(
                child_id=row.child_id,
                type="sign_off.requested",
                occurred_on=on,
                recorded_by=by,
                record=subject,
                payload=_payload(declared, subject, row),
            )
    return row


def sign_off_settle(
    *, kind: str, subject: models.Model, by: StaffUser, on: date, approved: bool, rationale: str
) -> SignOff:
    """The record's own service made the manager's decision: settle the waiting request (or record a decision
    taken without one). Call inside that service's transaction, after its checks."""
    declared = kind_of(kind)
    row = (
        SignOff.objects.select_for_update()
        .filter(kind=kind, subject_id=subject.pk, status=SignOffStatus.WAITING)
        .first()
    )
    if row is None:
        row = SignOff.objects.create(
            child_id=declared.child_id(subject),
            kind=kind,
            subject_id=subject.pk,
            requested_by=by,
            requested_on=on,
            status=SignOffStatus.APPROVED if approved else SignOffStatus.RETURNED,
            decided_by=by,
            decided_on=on,
            decided_at=clock.now(),
            rationale=rationale.strip(),
        )
        audit_change(user=by, instance=row, action="create", before=None, child_id=row.child_id)
    else:
        before = snapshot(row)
        row.status = SignOffStatus.APPROVED if approved else SignOffStatus.RETURNED
        row.decided_by, row.decided_on, row.decided_at = by, on, clock.now()
        row.rationale = rationale.strip()
        row.save(update_fields=["status", "decided_by", "decided_on", "decided_at", "rationale"])
        audit_change(user=by, instance=row, action="update", before=before, child_id=row.child_id)
    if declared.generic_events:
        event_record(
            child_id=row.child_id,
            type="sign_off.approved" if approved else "sign_off.returned",
            occurred_on=on,
            recorded_by=by,
            record=subject,
            payload=_payload(
                declared,
                subject,
                row,
                by=by.full_name,
                rationale=row.rationale[:200],
                requested_by=row.requested_by_id,
            ),
            summary=None
            if row.rationale
            else f"{declared.describe(subject)} {'signed off' if approved else 'returned'} by {by.full_name}",
        )
    return row


def sign_off_withdraw(
    *, kind: str, subject: models.Model, by: StaffUser | None, on: date, reason: str
) -> None:
    """The record no longer needs a decision (its episode or plan ended another way): close a waiting request."""
    declared = kind_of(kind)
    for row in SignOff.objects.select_for_update().filter(
        kind=kind, subject_id=subject.pk, status=SignOffStatus.WAITING
    ):
        before = snapshot(row)
        row.status, row.decided_by, row.decided_on = SignOffStatus.WITHDRAWN, by, on
        row.decided_at, row.rationale = clock.now(), reason
        row.save(update_fields=["status", "decided_by", "decided_on", "decided_at", "rationale"])
        audit_change(user=by, instance=row, action="update", before=before, child_id=row.child_id)
        if declared.generic_events:
            event_record(
                child_id=row.child_id,
                type="sign_off.withdrawn",
                occurred_on=on,
                recorded_by=by,
                record=subject,
                payload=_payload(declared, subject, row),
            )


def decision_problems(row: SignOff, by: StaffUser) -> dict[str, str]:
    """Why this user may not decide this request now (already decided, or no authority), or nothing."""
    if row.status != SignOffStatus.WAITING:
        who = row.decided_by.full_name if row.decided_by else "the system"
        when = long_date(row.decided_on) if row.decided_on else ""
        return {
            "__all__": f"This has already been decided ({row.get_status_display().lower()} by {who} on {when}): "
            "nothing was changed."
        }
    if problem := policy.problem(by, "child.sign_off", row.child):
        return {"__all__": problem}
    return {}


def sign_off_decide(
    *, sign_off: SignOff, by: StaffUser, approve: bool, decided_on: date | None, rationale: str
) -> SignOff:
    """The manager's decision on a waiting request, from the decisions page."""
    policy.refusal(by, "child.sign_off", sign_off.child)  # a refusal is logged here, outside the transaction
    with transaction.atomic():
        row = SignOff.objects.select_for_update(of=("self",)).select_related("decided_by").get(pk=sign_off.pk)
        errors = decision_problems(row, by)
        if problem := past_date_problem(decided_on, "the date of the decision"):
            errors["decided_on"] = problem
        elif decided_on is not None and decided_on < row.requested_on:
            errors["decided_on"] = (
                f"The decision cannot be before the request was made ({long_date(row.requested_on)})."
            )
        if not rationale.strip():
            errors["rationale"] = (
                "Enter the rationale for the decision."
                if approve
                else "Enter what must change before this can be signed off."
            )
        if errors:
            raise ValidationError(errors)
        assert decided_on is not None
        declared = kind_of(row.kind)
        subject = declared.model._default_manager.get(pk=row.subject_id)
        if approve:
            declared.approve(subject, by, decided_on, rationale.strip())
        else:
            declared.send_back(subject, by, decided_on, rationale.strip())
        row.refresh_from_db()
        if row.status == SignOffStatus.WAITING:
            raise RuntimeError(f"The {row.kind} service did not settle sign-off {row.pk}")
    return row


def decision_only(kind: str) -> tuple[Approve, SendBack]:
    """The approve and return of a record whose sign-off changes nothing on it but the decision itself (a plan
    agreed by the manager), or only one of them (a returned plan stays as it was): each settles the request."""

    def approve(subject: models.Model, by: StaffUser, on: date, rationale: str) -> object:
        return sign_off_settle(kind=kind, subject=subject, by=by, on=on, approved=True, rationale=rationale)

    def send_back(subject: models.Model, by: StaffUser, on: date, reason: str) -> object:
        return sign_off_settle(kind=kind, subject=subject, by=by, on=on, approved=False, rationale=reason)

    return approve, send_back


def decision_record(
    *,
    kind: str,
    subject: models.Model,
    child_id: int,
    by: StaffUser,
    on: date,
    approved: bool,
    rationale: str,
    changes: dict[str, Any],
    event: str,
    payload: dict[str, Any] | None = None,
    summary: str | None = None,
    settle: bool = True,
) -> None:
    """What every manager's decision on a record ends with, once its checks have passed, in one transaction: the
    record's change (audited), the child's event, and the sign-off request settled (`settle=False` where the council
    asks for no sign-off)."""
    with transaction.atomic():
        if changes:
            audited_update(subject, by=by, child_id=child_id, **changes)
        event_record(
            child_id=child_id,
            type=event,
            occurred_on=on,
            recorded_by=by,
            record=subject,
            payload=payload,
            summary=summary,
        )
        if settle:
            sign_off_settle(kind=kind, subject=subject, by=by, on=on, approved=approved, rationale=rationale)
