"""Who may export a statutory return and download its file (ADR 16). A council-wide return holds every child in
the council, so only someone whose scope is the whole council may export it (issue 13)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from hearth.core import policy
from hearth.core.policy import Action, Subject, declare, subject_register
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import Role, Scope
from hearth.returns.models import ReturnExport

EXPORT_ROLES = frozenset({Role.PERFORMANCE, Role.HEAD_OF_SERVICE})
COUNCIL_WIDE = (
    "A council-wide return holds every child in the council: only someone whose scope is the whole council may "
    "export it. Ask the performance team."
)


def _council_scope(user: StaffUser, record: Any) -> str | None:
    return None if user.effective_scope == Scope.ALL else COUNCIL_WIDE


EXPORT = declare(
    Action(
        "returns.export",
        "export statutory returns (performance officers do)",
        EXPORT_ROLES,
        rule=_council_scope,
    )
)

subject_register(
    Subject(
        name="return_export",
        may_read=lambda user, item: policy.allowed(user, "returns.export"),
        readable=lambda user: (
            ReturnExport.objects.all()
            if policy.allowed(user, "returns.export")
            else ReturnExport.objects.none()
        ),
        fetch=lambda kwargs: ReturnExport.objects.filter(pk=kwargs.get("export_pk", 0)).first(),
    )
)


def _requester(user: StaffUser, item: ReturnExport) -> str | None:
    if item.requested_by_id == user.pk:
        return None
    return "Only the person who exported a return may download its file: the reads of its children are logged to them."


DOWNLOAD = declare(
    Action(
        "returns.download",
        "download a return's file",
        EXPORT_ROLES,
        subject="return_export",
        rule=_requester,
        rule_records=lambda user: Q(requested_by=user),
    )
)
