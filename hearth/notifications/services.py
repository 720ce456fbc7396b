"""Making and sending notifications.

`notify` writes a notification for each recipient who may open the child (need-to-know), in the transaction of the
event that caused it, and queues its email when the recipient wants it straight away. `digest_send` emails one
summary of what is waiting for a person's daily summary. Emails go through Django's email framework (SMTP, or GOV.UK
Notify with `hearth.notifications.notify.NotifyEmailBackend`); a subject is the kind of news only, a body a link.
An address the mail server refuses is kept on the notification and shown to the person in Hearth; a server that
cannot be reached is tried again by the queue.
"""

from __future__ import annotations

import smtplib
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from hearth.core import clock
from hearth.core.models import Event
from hearth.core.tasks import background
from hearth.notifications.models import Delivery, Notification, NotificationPreference
from hearth.organisation.models import StaffUser


class AddressRefused(Exception):
    """The mail service will not deliver to this address (a permanent failure: not tried again)."""


def delivery_for(user: StaffUser, code: str) -> str:
    from hearth.notifications.kinds import notification_kind

    chosen = (
        NotificationPreference.objects.filter(user=user, kind=code).values_list("delivery", flat=True).first()
    )
    if chosen:
        return chosen
    kind = notification_kind(code)
    return kind.default if kind is not None else Delivery.IN_APP


def notify(
    *,
    kind: str,
    recipients: Iterable[StaffUser],
    text: str,
    url: str,
    child_id: int | None = None,
    not_to: StaffUser | None = None,
) -> list[Notification]:
    """Tell each recipient (once, and not the person who did it) who may open the child."""
    from hearth.people.access import can_open

    made: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user.pk in seen or not user.is_active or (not_to is not None and user.pk == not_to.pk):
            continue
        seen.add(user.pk)
        if child_id is not None and not can_open(user, child_id):
            continue
        delivery = delivery_for(user, kind)
        notification = Notification.objects.create(
            recipient=user,
            kind=kind,
            child_id=child_id,
            text=text[:300],
            url=url[:300],
            created_at=clock.now(),
            delivery=delivery,
        )
        if delivery == Delivery.IMMEDIATE:
            notification_email_task.enqueue(notification_pk=notification.pk)
        made.append(notification)
    return made


def notify_from_event(kind: object, event: Event) -> None:
    from hearth.notifications.kinds import NotificationKind

    assert isinstance(kind, NotificationKind)
    recorded_by = StaffUser.objects.filter(pk=event.recorded_by_id).first() if event.recorded_by_id else None
    notify(
        kind=kind.code,
        recipients=kind.recipients(event),
        text=kind.text(event),
        url=kind.url(event),
        child_id=event.child_id,
        not_to=recorded_by,
    )


def _link(url: str) -> str:
    return f"{settings.HEARTH_BASE_URL.rstrip('/')}{url}"


def _send(user: StaffUser, subject: str, body: str) -> None:
    """One email through the configured backend; a refused address is AddressRefused."""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        connection=get_connection(),
    )
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        reasons = "; ".join(
            f"{code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason}"
            for code, reason in error.recipients.values()
        )
        raise AddressRefused(f"The mail server refused {user.email}: {reasons}") from error


def _email_problem(user: StaffUser) -> str:
    return "" if user.email else "No email address is recorded for you: ask an administrator to add it."


@background("Notification email", retries=3)
def notification_email_task(notification_pk: int) -> str:
    from hearth.notifications.kinds import notification_kind

    notification = Notification.objects.select_related("recipient").get(pk=notification_pk)
    if notification.emailed_at is not None:
        return "already sent"
    kind = notification_kind(notification.kind)
    label = kind.label if kind is not None else "News in Hearth"
    problem = _email_problem(notification.recipient)
    if not problem:
        body = (
            f"{label}.\n\nOpen it in Hearth: {_link(notification.url or '/notifications/')}\n\n"
            "Sign in to see what it is about. For the children's safety this email holds no names or details."
        )
        try:
            _send(notification.recipient, f"Hearth: {label.lower()}", body)
        except AddressRefused as error:
            problem = str(error)
    Notification.objects.filter(pk=notification_pk).update(
        emailed_at=None if problem else clock.now(), email_error=problem[:300]
    )
    return problem or "sent"


def digest_due() -> list[int]:
    """The people with news waiting for their daily summary."""
    waiting = Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at=None, email_error="")
    return sorted(set(waiting.values_list("recipient_id", flat=True)))


def digests_queue() -> int:
    """Queue today's summary for everyone with news waiting (`hearth digests`, scheduled by the council)."""
    due = digest_due()
    with transaction.atomic():
        for user_pk in due:
            digest_send_task.enqueue(user_pk=user_pk)
    return len(due)


@background("Daily summary email", retries=3)
def digest_send_task(user_pk: int) -> str:
    return digest_send(StaffUser.objects.get(pk=user_pk))


def digest_send(user: StaffUser) -> str:
    """Email one summary of the news waiting for this person's daily summary: how many of each kind, and a link."""
    from hearth.notifications.kinds import notification_kind

    now = clock.now()
    waiting = list(
        Notification.objects.filter(
            recipient=user, delivery=Delivery.DIGEST, emailed_at=None, email_error="", created_at__lte=now
        ).order_by("created_at")
    )
    if not waiting:
        return "nothing waiting"
    counts = Counter(notification.kind for notification in waiting)
    lines = []
    for code, count in counts.items():
        kind = notification_kind(code)
        lines.append(f"- {kind.label if kind else code}: {count}")
    problem = _email_problem(user)
    if not problem:
        body = (
            "Your daily summary from Hearth:\n\n" + "\n".join(lines) + f"\n\nOpen them in Hearth: "
            f"{_link('/notifications/')}\n\nFor the children's safety this email holds no names or details."
        )
        try:
            _send(user, f"Hearth: your daily summary ({len(waiting)} new)", body)
        except AddressRefused as error:
            problem = str(error)
    Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(
        emailed_at=None if problem else now, email_error=problem[:300]
    )
    return problem or f"sent {len(waiting)}"


def notifications_read(*, user: StaffUser, ids: Iterable[int] | None = None) -> int:
    """Mark a person's notifications read (these, or all)."""
    unread = Notification.objects.filter(recipient=user, read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=clock.now())


def preferences_save(*, user: StaffUser, choices: dict[str, str]) -> None:
    from django.core.exceptions import ValidationError

    from hearth.notifications.kinds import notification_kind

    errors = {
        code: "Choose how this news reaches you."
        for code, delivery in choices.items()
        if notification_kind(code) is None or delivery not in Delivery.values
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for code, delivery in choices.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=code, defaults={"delivery": delivery}
            )
