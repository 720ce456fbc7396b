"""A child's family as it is now (issue 18): who lives with the child, and which of them are children."""

from __future__ import annotations

from django.db.models import QuerySet

from hearth.people.models import HouseholdMembership, Person, RecordKind


def household_members(child_id: int) -> list[Person]:
    """Everyone living with the child now, oldest first: the people an assessment must consider."""
    households = HouseholdMembership.objects.filter(person_id=child_id, end_date=None).values("household_id")
    members = (
        Person.objects.filter(
            household_memberships__household_id__in=households, household_memberships__end_date=None
        )
        .exclude(pk=child_id)
        .distinct()
        .order_by("date_of_birth", "pk")
    )
    return list(members)


def children_living_with(child_id: int) -> QuerySet[Person]:
    """The other children living with the child now (brothers, sisters and any other child of the household)."""
    households = HouseholdMembership.objects.filter(person_id=child_id, end_date=None).values("household_id")
    return (
        Person.objects.filter(
            kind=RecordKind.CHILD,
            merged_into=None,
            household_memberships__household_id__in=households,
            household_memberships__end_date=None,
        )
        .exclude(pk=child_id)
        .distinct()
        .order_by("date_of_birth", "pk")
    )
