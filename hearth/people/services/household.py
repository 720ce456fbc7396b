"""Actions on the people around a child: relationships and the household over time."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import clock, policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.codesets import (
    RelationshipType,
)
from hearth.core.events import event_record
from hearth.organisation.models import StaffUser
from hearth.people.models import (
    Household,
    HouseholdMembership,
    Person,
    RecordKind,
    Relationship,
)
from hearth.people.services.person import _today


def relationship_add(
    *,
    person: Person,
    other: Person,
    type: str,
    parental_responsibility: bool = False,
    start_date: date | None = None,
    by: StaffUser | None,
) -> Relationship:
    """Record that `person` is `type` of `other` (for example, the mother of the child)."""
    policy.require(by, "child.record_work", other)
    errors: dict[str, str] = {}
    if person.pk == other.pk:
        errors["other"] = "A person cannot have a relationship to themselves: choose someone else."
    if type not in RelationshipType.values:
        errors["type"] = f"{type!r} is not a known relationship."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        relationship = Relationship.objects.create(
            person=person,
            other=other,
            type=type,
            parental_responsibility=parental_responsibility,
            start_date=start_date,
        )
        audit_change(user=by, instance=relationship, action="create", before=None, child_id=other.pk)
    return relationship


def household_join(
    *, household: Household, person: Person, start_date: date, by: StaffUser | None
) -> HouseholdMembership:
    """Someone joins a household: the event goes on the record of every child living there."""
    if start_date > _today():
        raise ValidationError({"start_date": "The date they joined must be today or in the past."})
    with transaction.atomic():
        membership = HouseholdMembership.objects.create(
            household=household, person=person, start_date=start_date
        )
        audit_change(user=by, instance=membership, action="create", before=None, child_id=person.pk)
        children = Person.objects.filter(
            kind=RecordKind.CHILD,
            household_memberships__household=household,
            household_memberships__end_date=None,
        ).exclude(pk=person.pk)
        for child in children:
            event_record(
                child_id=child.pk,
                type="household.joined",
                occurred_on=start_date,
                recorded_by=by,
                record=membership,
                payload={"name": person.full_name},
            )
    return membership


def household_leave(
    *, membership: HouseholdMembership, end_date: date, by: StaffUser | None
) -> HouseholdMembership:
    """Someone leaves a household: the event goes on the record of every child still living there."""
    policy.require(by, "child.record_work", membership.person)
    if end_date > _today():
        raise ValidationError({"end_date": "The date they left must be today or in the past."})
    if end_date < membership.start_date:
        raise ValidationError(
            {"end_date": f"The date they left must be on or after {membership.start_date:%-d %B %Y}."}
        )
    with transaction.atomic():
        before = snapshot(membership)
        membership.end_date = end_date
        membership.save(update_fields=["end_date"])
        audit_change(
            user=by, instance=membership, action="update", before=before, child_id=membership.person_id
        )
        for child in _children_living_in(membership.household, exclude=membership.person):
            event_record(
                child_id=child.pk,
                type="household.left",
                occurred_on=end_date,
                recorded_by=by,
                record=membership,
                payload={"name": membership.person.full_name},
            )
    return membership


def _children_living_in(household: Household, exclude: Person) -> list[Person]:
    return list(
        Person.objects.filter(
            kind=RecordKind.CHILD,
            household_memberships__household=household,
            household_memberships__end_date=None,
        ).exclude(pk=exclude.pk)
    )


def household_add_member(
    *, child: Person, member: Person, start_date: date | None, by: StaffUser | None
) -> HouseholdMembership:
    """Someone comes to live with the child: into the child's current household, or a new one for them both."""
    policy.require(by, "child.record_work", child)
    if start_date is None:
        raise ValidationError({"start_date": "Enter the date they started living with the child."})
    with transaction.atomic():
        current = (
            HouseholdMembership.objects.filter(person=child, end_date=None)
            .select_related("household")
            .first()
        )
        if (
            current is not None
            and HouseholdMembership.objects.filter(
                person=member, household=current.household, end_date=None
            ).exists()
        ):
            raise ValidationError({"member_number": f"{member.full_name} already lives with the child."})
        if current is None:
            household = Household.objects.create(
                family_identifier=f"H{child.person_number}-{clock.now():%y%m%d%H%M%S}"
            )
            household_join(household=household, person=child, start_date=start_date, by=by)
        else:
            household = current.household
        return household_join(household=household, person=member, start_date=start_date, by=by)
