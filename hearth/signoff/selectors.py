"""What waits for a manager's decision, and a record's sign-off state for its page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q

from hearth.core.council_settings import setting_value
from hearth.core.timescales.store import council_calendar
from hearth.organisation.authority import sign_off_problem, teams_signed_off_by
from hearth.organisation.models import Allocation, StaffUser
from hearth.people.models import RestrictedAccess
from hearth.signoff.kinds import SignOffKind, kind_of
from hearth.signoff.models import SignOff, SignOffStatus


@dataclass(frozen=True)
class WaitingLine:
    sign_off: SignOff
    kind_label: str
    what: str
    url: str
    due_on: date
    overdue: bool


def _subjects(rows: list[SignOff]) -> dict[tuple[str, int], object]:
    """The records the requests are about, one query per kind."""
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row.subject_id)
    found: dict[tuple[str, int], object] = {}
    for key, ids in by_kind.items():
        kind = kind_of(key)
        for pk, subject in kind.model._default_manager.select_related(*kind.related).in_bulk(ids).items():
            found[(key, pk)] = subject
    return found


def waiting_for(user: StaffUser, today: date) -> list[WaitingLine]:
    """Requests this user may decide: children held by teams they manage (a restricted child's only when the
    user is named on the record), oldest first, each with the date it falls due."""
    teams = teams_signed_off_by(user)
    if not teams:
        return []
    held = Allocation.objects.filter(child_id=OuterRef("child_id"), end_date=None, team_id__in=teams)
    named = RestrictedAccess.objects.filter(child_id=OuterRef("child_id"), user=user)
    rows = list(
        SignOff.objects.select_related("child", "requested_by")
        .filter(Exists(held), status=SignOffStatus.WAITING)
        .filter(Q(child__is_restricted=False) | Q(Exists(named)))
        .order_by("requested_on", "pk")
    )
    calendar = council_calendar()
    subjects = _subjects(rows)
    lines = []
    for row in rows:
        kind = kind_of(row.kind)
        subject = subjects.get((row.kind, row.subject_id))
        label = kind.label
        what = kind.describe(subject) if subject is not None else f"{kind.label} (no longer on record)"
        url = kind.url(subject) if subject is not None else ""
        due = calendar.add_working_days(
            row.requested_on, setting_value("manager_decision_working_days", row.requested_on)
        )
        lines.append(WaitingLine(row, label, what, url, due, due < today))
    return lines


def decided_by(user: StaffUser, limit: int = 20) -> list[SignOff]:
    return list(
        SignOff.objects.select_related("child")
        .filter(decided_by=user)
        .exclude(status=SignOffStatus.WITHDRAWN)
        .order_by("-decided_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class Panel:
    kind: SignOffKind
    child_id: int
    latest: SignOff | None
    required: bool
    waiting: bool
    can_request: bool
    can_sign_off_now: bool
    request_problem: str | None
    can_decide: bool


def panel(kind_key: str, subject: object, user: StaffUser, required: bool) -> Panel:
    from hearth.signoff.services import latest_sign_off

    kind = kind_of(kind_key)
    latest = latest_sign_off(kind, subject)  # type: ignore[arg-type]
    waiting = latest is not None and latest.status == SignOffStatus.WAITING
    approved = latest is not None and latest.status == SignOffStatus.APPROVED
    child_id = kind.child_id(subject)
    may_decide = sign_off_problem(user, child_id) is None
    # A manager who may decide signs off on the record itself rather than asking; partners never ask.
    open_to_act = required and not waiting and not approved and not user.is_partner
    can_request = open_to_act and not may_decide
    can_sign_off_now = open_to_act and may_decide and kind.direct_on_panel
    return Panel(
        kind=kind,
        child_id=child_id,
        latest=latest,
        required=required,
        waiting=waiting,
        can_request=can_request,
        can_sign_off_now=can_sign_off_now,
        request_problem=kind.request_problem(subject) if can_request or can_sign_off_now else None,
        can_decide=waiting and may_decide,
    )
