"""Need-to-know access to children's records: the one place that decides who may open whose record.

`visible_people(user)` answers "which records may this user open?" as a queryset; `access_child(user, pk)`
answers "may this user open this one?" from the same definition, logs the read, and raises Http404 when the
answer is no, so a denied read looks exactly like a record that does not exist.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hearth.core.audit import audit_read
from hearth.core.models import AccessAction, EmergencyAccess
from hearth.organisation.models import Allocation, StaffUser
from hearth.organisation.roles import EMERGENCY_ACCESS_ROLES, Scope
from hearth.people.models import Person, ProfessionalInvolvement, RecordKind, RestrictedAccess

EMERGENCY_ACCESS_HOURS = 24


def _open_allocations(**filters: object) -> Exists:
    return Exists(Allocation.objects.filter(child=OuterRef("pk"), end_date=None, **filters))


def _scope_condition(user: StaffUser) -> Q:
    scope = user.effective_scope
    if scope == Scope.ALL:
        return Q(pk__isnull=False)  # not Q(): an empty Q disappears when combined with |
    if scope == Scope.PARTNER:
        return Q(
            Exists(
                ProfessionalInvolvement.objects.filter(child=OuterRef("pk"), staff_user=user, end_date=None)
            )
        )
    if scope == Scope.NONE:
        return Q(pk__in=[])
    own = Q(_open_allocations(worker=user)) | Q(created_by=user)
    if scope == Scope.OWN_CASELOAD or user.team_id is None:
        return own
    if scope == Scope.TEAM:
        team_ids = [user.team_id, *user.managed_teams.values_list("pk", flat=True)]
        return own | Q(_open_allocations(team_id__in=team_ids))
    assert user.team is not None
    return own | Q(_open_allocations(team__service_id=user.team.service_id))  # Scope.SERVICE


def visible_people(user: StaffUser) -> QuerySet[Person]:
    """Every record this user may open: by scope, plus emergency grants, minus restricted records not named."""
    if not user.is_authenticated or not user.is_active:
        return Person.objects.none()
    emergency = Exists(
        EmergencyAccess.objects.filter(child=OuterRef("pk"), user=user, expires_at__gt=timezone.now())
    )
    named = Exists(RestrictedAccess.objects.filter(child=OuterRef("pk"), user=user))
    by_scope = _scope_condition(user)
    if user.effective_scope not in (Scope.PARTNER, Scope.NONE):
        by_scope |= Q(kind=RecordKind.ADULT)
    return Person.objects.filter(merged_into=None).filter(
        (by_scope | Q(emergency)) & (Q(is_restricted=False) | Q(named))
    )


def visible_children(user: StaffUser) -> QuerySet[Person]:
    return visible_people(user).filter(kind=RecordKind.CHILD)


def can_open(user: StaffUser, pk: int) -> bool:
    return visible_people(user).filter(pk=pk).exists()


def access_child(user: StaffUser, pk: int, *, action: str = AccessAction.VIEW, path: str = "") -> Person:
    """Fetch a record for a page, print or export; log the read. Not allowed looks like not found."""
    person = visible_people(user).filter(pk=pk).first()
    if person is None:
        raise Http404("No such record")
    audit_read(user=user, child_id=person.pk, action=action, path=path)
    return person


def emergency_access_grant(*, user: StaffUser, person_number: str, reason: str) -> Person:
    """Open a record outside one's scope for a short time against a reason; logged and reported."""
    if user.role not in EMERGENCY_ACCESS_ROLES:
        raise ValidationError({"person_number": "Your role cannot use emergency access."})
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": "Explain why you need emergency access (at least 10 characters)."})
    person = Person.objects.filter(person_number=person_number.strip().upper(), merged_into=None).first()
    if person is None or person.is_restricted:
        raise ValidationError({"person_number": "No record with that ID was found."})
    now = timezone.now()
    with transaction.atomic():
        EmergencyAccess.objects.create(
            user=user,
            child=person,
            reason=reason.strip(),
            granted_at=now,
            expires_at=now + timedelta(hours=EMERGENCY_ACCESS_HOURS),
        )
        audit_read(user=user, child_id=person.pk, action=AccessAction.EMERGENCY, reason=reason.strip())
    return person
