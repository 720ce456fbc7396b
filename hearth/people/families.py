"""A child's family as it is now (issue 18): who lives with the child, and which of them are children."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from hearth.core import policy
from hearth.people.models import HouseholdMembership, Person, RecordKind

if TYPE_CHECKING:
    from hearth.organisation.models import StaffUser

T = TypeVar("T")


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


# children_living_with as one fixed statement: every form that records work asks it, and building the query cost
# more than the database takes to answer it.
LIVING_WITH = (
    "SELECT DISTINCT p.* FROM people_person p"
    " JOIN people_householdmembership m ON m.person_id = p.id AND m.end_date IS NULL"
    " WHERE p.kind = %s AND p.merged_into_id IS NULL AND p.id <> %s AND m.household_id IN"
    " (SELECT h.household_id FROM people_householdmembership h WHERE h.person_id = %s AND h.end_date IS NULL)"
    " ORDER BY p.date_of_birth, p.id"
)


def siblings_to_write(user: StaffUser, child_id: int) -> list[Person]:
    """The children living with the child whose records the user may write to: a record made once for a family may be
    about them too (a child the user may not write to is not offered, nor named)."""
    return [
        other
        for other in Person.objects.raw(LIVING_WITH, [RecordKind.CHILD.value, child_id, child_id])
        if policy.allowed(user, "child.record_work", other)  # offered, not tried: no refusal is logged
    ]


def also_about_problems(child: Person, others: list[Person], by: StaffUser) -> list[str]:
    """Why a record about `child` cannot also be about these children (none when it can): each must live with the
    child now, and `by` must be allowed to write to each (the policy is asked for each)."""
    living_with = set(children_living_with(child.pk).values_list("pk", flat=True))
    problems = []
    for other in others:
        if other.pk == child.pk:
            continue
        if other.pk not in living_with:
            problems.append(
                f"{other.full_name} does not live with {child.full_name}: record theirs on their own record."
            )
        elif problem := policy.refusal(by, "child.record_work", other):
            problems.append(f"{other.full_name}: {problem}")
    return problems


def may_write_to_all(user: StaffUser, children: Iterable[Person]) -> bool:
    """Whether the user may change a record shared by these children (its shared part shows on each)."""
    return all(policy.allowed(user, "child.record_work", child) for child in children)


@dataclass(frozen=True)
class ChildStep(Generic[T]):
    """One child's part of a record made once for a family: how to write it, and the prefix its fields are named with
    on the form ("" for the child whose page it is), so a refusal lands on the right child's field."""

    child: Person
    prefix: str
    write: Callable[[], T]


def record_for_each(
    steps: Sequence[ChildStep[T]], *, shared: Iterable[str] = (), own: Iterable[str] = ()
) -> list[T]:
    """Write each child's part in one transaction; any child's refusal refuses them all (nothing is written), each
    refusal on that child's field. `shared` fields, asked once for all, take the refusal on the field itself (a
    brother's or sister's named with them); `own` are prefixes of fields already unique to one child (an outcome's
    progress, `progress_<outcome>`), never prefixed; a refusal of the whole record is named by the child. Call inside
    `transaction.atomic()` with the shared rows written first."""
    errors: dict[str, list[str]] = {}
    written: list[T] = []
    shared_fields, own_prefixes = set(shared), tuple(own)
    for index, step in enumerate(steps):
        try:
            written.append(step.write())
        except ValidationError as refused:
            for name, messages in refused.message_dict.items():
                if name in shared_fields:
                    said = messages if index == 0 else [f"{step.child.full_name}: {m}" for m in messages]
                    errors.setdefault(name, []).extend(m for m in said if m not in errors.get(name, []))
                elif name == "__all__":
                    errors.setdefault(name, []).extend(f"{step.child.full_name}: {m}" for m in messages)
                elif own_prefixes and name.startswith(own_prefixes):
                    errors.setdefault(name, []).extend(m for m in messages if m not in errors.get(name, []))
                else:
                    errors[step.prefix + name] = messages
    if errors:
        transaction.set_rollback(True)
        raise ValidationError(errors)
    return written
