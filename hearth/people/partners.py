"""Partners who record their own part (issue 17 item 4, ADR 28).

A health visitor, a school nurse, a designated teacher or the virtual school is not a staff role: each is a kind of
involvement in a child's professional network (`ProfessionalInvolvement.role`). A partner agency's user may write
what their kind of involvement covers, for the children whose network they are in today, and nothing else. This
module says which kinds cover what (`HEALTH`, `EDUCATION`), answers a policy's rule for them, and attributes each
partner write: the agency, and the basis for sharing the council's setting names for that kind of agency (the UK
GDPR articles it rests on). Every partner write leaves a `PartnerContribution` for the allocated worker's list
("new from partners") until the worker has read it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q

from hearth.core import clock, policy
from hearth.core.audit import audit_change, locked_fresh, snapshot
from hearth.core.codesets import ProfessionalRole
from hearth.core.council_settings import declare, setting_value
from hearth.core.events import event_record
from hearth.organisation.roles import PARTNER_ROLES, Role
from hearth.people.models import PartnerContribution, ProfessionalInvolvement

if TYPE_CHECKING:
    from hearth.organisation.models import StaffUser
    from hearth.people.models import Person

COUNCIL_AGENCY = "Children's social care"

# The kinds of involvement that may record each part of a child's record.
HEALTH = frozenset(
    {
        ProfessionalRole.GP,
        ProfessionalRole.HEALTH_VISITOR,
        ProfessionalRole.SCHOOL_NURSE,
        ProfessionalRole.MIDWIFE,
        ProfessionalRole.PAEDIATRICIAN,
        ProfessionalRole.CAMHS,
        ProfessionalRole.LAC_NURSE,
    }
)
EDUCATION = frozenset(
    {
        ProfessionalRole.DESIGNATED_TEACHER,
        ProfessionalRole.SCHOOL,
        ProfessionalRole.NURSERY,
        ProfessionalRole.VIRTUAL_SCHOOL,
    }
)

declare(
    "partner_sharing_basis",
    "The basis for sharing under which each kind of partner agency records on a child's record",
    {
        Role.PARTNER_HEALTH: "UK GDPR Article 6(1)(e) (public task) and Article 9(2)(h) (health or social care)",
        Role.PARTNER_EDUCATION: "UK GDPR Article 6(1)(e) (public task) and Article 9(2)(g) (substantial public "
        "interest: safeguarding of children, Data Protection Act 2018 Schedule 1 paragraph 18)",
        Role.PARTNER_POLICE: "UK GDPR Article 6(1)(e) (public task) and Article 9(2)(g) (substantial public "
        "interest: safeguarding of children, Data Protection Act 2018 Schedule 1 paragraph 18)",
    },
    "Local: each council's information sharing agreement with its partners names the lawful basis; these are the "
    "usual ones (ICO data sharing code, 2021; Working Together 2023 on information sharing)",
)


def is_partner(user: StaffUser) -> bool:
    return user.role in PARTNER_ROLES


def _involved(user: StaffUser, kinds: frozenset[str]) -> Q:
    return Q(staff_user=user, end_date=None, role__in=sorted(kinds))


def partner_problem(
    user: StaffUser, child: Person, kinds: frozenset[str], what: str, doing: str = "record this"
) -> str | None:
    """A policy rule: staff pass; a partner passes only for a child whose network they are in today as one of
    `kinds` (why not, otherwise)."""
    if not is_partner(user):
        return None
    if ProfessionalInvolvement.objects.filter(_involved(user, kinds), child=child).exists():
        return None
    return f"Only a partner in this child's network as {what} may {doing}."


def partner_records(user: StaffUser, kinds: frozenset[str]) -> Q:
    """The same rule as a filter on children."""
    if not is_partner(user):
        return Q()
    return Q(Exists(ProfessionalInvolvement.objects.filter(_involved(user, kinds), child=OuterRef("pk"))))


@dataclass(frozen=True)
class Attribution:
    """Who recorded a write, for the record and the chronology: the agency and, for a partner, the basis for
    sharing in force on the day."""

    agency: str
    sharing_basis: str

    @property
    def by_partner(self) -> bool:
        return bool(self.sharing_basis)


def attribution(user: StaffUser | None) -> Attribution:
    if user is None or not is_partner(user):
        return Attribution(COUNCIL_AGENCY, "")
    bases = setting_value("partner_sharing_basis", clock.today()) or {}
    basis = str(bases.get(user.role, "")) or "Not set: ask the council to set the basis for sharing"
    return Attribution(user.partner_organisation or Role(user.role).label, basis)


# Who else hears of a partner's write, registered by the layers above (the notifications app tells the worker).
_PARTNER_WRITE_LISTENERS: list[Callable[[PartnerContribution], None]] = []


def partner_write_listener_register(listener: Callable[[PartnerContribution], None]) -> None:
    if listener not in _PARTNER_WRITE_LISTENERS:
        _PARTNER_WRITE_LISTENERS.append(listener)


def partner_contribution_note(
    *, child: Person, by: StaffUser | None, what: str, link: str, record: models.Model
) -> None:
    """After a partner's write (inside its transaction): a line on the allocated worker's list until read, and
    whatever the registered listeners do with it (a notification)."""
    if by is None or not is_partner(by):
        return
    said = attribution(by)
    note = PartnerContribution.objects.create(
        child=child,
        by=by,
        agency=said.agency,
        what=what,
        link=link,
        record_type=record._meta.label_lower,
        record_id=record.pk,
        recorded_at=clock.now(),
    )
    for listener in _PARTNER_WRITE_LISTENERS:
        listener(note)


def partner_contribution_seen(*, contribution: PartnerContribution, by: StaffUser) -> None:
    """The worker has read a partner's contribution: it leaves their list. Anyone who records work on the child
    may mark it read (not only the allocated worker: a manager covering an absence)."""
    policy.require(by, "child.record_work", contribution.child)
    with transaction.atomic():
        locked = locked_fresh(contribution)
        if locked.seen_at is not None:
            return
        before = snapshot(locked)
        locked.seen_at = clock.now()
        locked.seen_by = by
        locked.save(update_fields=["seen_at", "seen_by"])
        audit_change(user=by, instance=locked, action="update", before=before, child_id=locked.child_id)


def attributed_create(
    *,
    child: Person,
    by: StaffUser | None,
    record: Any,
    event: str,
    occurred_on: date,
    payload: dict[str, Any],
    what: str,
    link: str,
    on_behalf_of: str = "",
) -> Any:
    """Save a new record that is `Attributed` (inside the caller's transaction): who recorded it for which agency
    and on what basis, its audit row, its event (with the agency), and for a partner the worker's line. A member of
    staff typing in what an agency sent names it (`on_behalf_of`): the record is that agency's, entered by staff."""
    said = attribution(by)
    if on_behalf_of and not said.by_partner:
        said = Attribution(f"{on_behalf_of} (entered by {COUNCIL_AGENCY.lower()})", "")
    record.recorded_by = by
    record.recorded_at = clock.now()
    record.agency = said.agency
    record.sharing_basis = said.sharing_basis
    record.full_clean()
    record.save()
    audit_change(user=by, instance=record, action="create", before=None, child_id=child.pk)
    event_record(
        child_id=child.pk,
        type=event,
        occurred_on=occurred_on,
        recorded_by=by,
        record=record,
        payload={**payload, "agency": said.agency},
    )
    partner_contribution_note(child=child, by=by, what=what, link=link, record=record)
    return record
