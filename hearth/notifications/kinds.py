"""The kinds of news Hearth sends, each following the events that make it, and who needs to act on it.

A kind names the events it follows (`core.events.event_listener_register`), who should hear of each (the child's
worker, their team's manager, the new worker on an allocation), the sentence shown in Hearth and the link to act.
Each person chooses per kind how it reaches them (`Delivery`); `default` is what they get until they choose.
A domain adds its own kinds with `notification_kind_register`. A partner agency's new entry is told as its "new from
partners" line is written (a listener registered with people.partners, issue 17); an escalation is sent by
`hearth daily`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from hearth.core.events import event_listener_register
from hearth.core.models import Event
from hearth.notifications.models import Delivery
from hearth.organisation.models import Allocation, StaffUser
from hearth.organisation.roles import Role
from hearth.people.models import PartnerContribution
from hearth.people.partners import partner_write_listener_register


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: str  # "A visit failed": the settings page, the list, and the only words in an email's subject
    default: str = Delivery.IMMEDIATE
    events: tuple[str, ...] = ()
    recipients: Callable[[Event], list[StaffUser]] = field(default=lambda event: [])
    text: Callable[[Event], str] = field(default=lambda event: "")
    url: Callable[[Event], str] = field(default=lambda event: "")


_KINDS: dict[str, NotificationKind] = {}


def notification_kind_register(kind: NotificationKind) -> None:
    if kind.code in _KINDS and _KINDS[kind.code] != kind:
        raise ValueError(f"The notification kind {kind.code!r} is declared twice")
    _KINDS[kind.code] = kind
    if kind.events:
        from hearth.notifications.services import notify_from_event

        def listener(event: Event) -> None:
            notify_from_event(kind, event)

        event_listener_register(kind.events, listener)


def notification_kinds() -> list[NotificationKind]:
    return list(_KINDS.values())


def notification_kind(code: str) -> NotificationKind | None:
    return _KINDS.get(code)


def _held_by(child_id: int | None) -> Allocation | None:
    if child_id is None:
        return None
    return (
        Allocation.objects.select_related("worker__line_manager", "team__manager", "team__service__head")
        .filter(child_id=child_id, end_date=None)
        .first()
    )


def _worker(event: Event) -> list[StaffUser]:
    held = _held_by(event.child_id)
    return [held.worker] if held is not None else []


def _team_manager(event: Event) -> list[StaffUser]:
    """The manager over the child's team; where the team names none, the worker's line manager; failing both, the
    heads of the team's service: someone who can act always hears."""
    held = _held_by(event.child_id)
    if held is None:
        return []
    if held.team.manager is not None:
        return [held.team.manager]
    if held.worker.line_manager is not None:
        return [held.worker.line_manager]
    service = held.team.service
    if service.head is not None:
        return [service.head]
    return list(StaffUser.objects.filter(role=Role.HEAD_OF_SERVICE, team__service=service, is_active=True))


def _new_worker(event: Event) -> list[StaffUser]:
    allocation = Allocation.objects.select_related("worker").filter(pk=event.record_id or 0).first()
    return [allocation.worker] if allocation is not None else []


def _url(name: str, **kwargs: object) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _child_page(event: Event) -> str:
    return _url("childrecord:child_page", pk=event.child_id)


notification_kind_register(
    NotificationKind(
        code="allocation",
        label="A child was allocated to you",
        events=("allocation.changed",),
        recipients=_new_worker,
        text=lambda event: "Allocated to you from " + event.occurred_on.strftime("%-d %B %Y"),
        url=_child_page,
    )
)
notification_kind_register(
    NotificationKind(
        code="failed_visit",
        label="A visit failed",
        events=("cp_visit.failed", "cin_visit.failed", "lac_visit.failed"),
        recipients=lambda event: _team_manager(event) + _worker(event),
        text=lambda event: (
            "A statutory visit failed: the child was not seen on " + event.occurred_on.strftime("%-d %B %Y")
        ),
        url=lambda event: (
            _url("visits:failed_seen", pk=event.child_id, visit_pk=event.record_id) or _child_page(event)
        ),
    )
)
notification_kind_register(
    NotificationKind(
        code="returned_work",
        label="Work was returned to you",
        events=("assessment.returned", "cin_episode.closure_returned"),
        recipients=_worker,
        text=lambda event: event.summary[:300],
        url=lambda event: (
            _url("children_in_need:assessment", pk=event.child_id, assessment_pk=event.record_id)
            if event.type == "assessment.returned"
            else _child_page(event)
        ),
    )
)
notification_kind_register(
    NotificationKind(
        code="decision_waiting",
        label="A decision is waiting for you",
        default=Delivery.DIGEST,
        events=("sign_off.requested",),
        recipients=_team_manager,
        text=lambda event: event.summary[:300],
        url=lambda event: _url("signoff:waiting"),
    )
)
notification_kind_register(
    NotificationKind(
        code="document_added",
        label="A document was added to a child you hold",
        default=Delivery.DIGEST,
        events=("document.added",),
        recipients=_worker,
        text=lambda event: event.summary[:300],  # the type only: a title stays with the document
        url=lambda event: _url("documents:documents", pk=event.child_id),
    )
)
# Sent by `hearth daily` (worklists.escalation) and by the partners' recording (issue 17): no event of their own.
notification_kind_register(NotificationKind(code="escalation", label="An overdue alert was escalated to you"))
notification_kind_register(
    NotificationKind(
        code="partner_entry", label="A partner agency added to a record", default=Delivery.DIGEST
    )
)


def _partner_entry(instance: PartnerContribution) -> None:
    """Each partner write (its "new from partners" line, people.partners) tells the worker who holds the child."""
    from hearth.notifications.services import notify

    held = _held_by(instance.child_id)
    notify(
        kind="partner_entry",
        recipients=[held.worker] if held is not None else [],
        text=f"{instance.agency}: {instance.what}",
        url=instance.link,
        child_id=instance.child_id,
        not_to=instance.by,
    )


partner_write_listener_register(_partner_entry)
