"""Actions on the details of a person's record: addresses, identifiers, disability, immigration status,
the professional network."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from hearth.core import policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.codesets import (
    AddressType,
    Disability,
    IdentifierType,
    ImmigrationStatus,
    ProfessionalRole,
)
from hearth.core.identifiers import (
    nhs_number_is_valid,
    normalise_postcode,
    postcode_is_valid,
    upn_is_valid,
)
from hearth.core.validation import past_date_problem
from hearth.organisation.models import StaffUser
from hearth.people.models import (
    Address,
    Identifier,
    Person,
    PersonDisability,
    PersonImmigrationStatus,
    ProfessionalInvolvement,
)


def _end_current(rows: QuerySet[Any], *, on: date, by: StaffUser | None, child_id: int) -> None:
    """End, on the day the new one starts, whichever of these dated rows is current; each change audited."""
    for current in rows.select_for_update().filter(end_date=None, start_date__lte=on):
        before = snapshot(current)
        current.end_date = on
        current.save(update_fields=["end_date"])
        audit_change(user=by, instance=current, action="update", before=before, child_id=child_id)


def address_add(
    *,
    person: Person,
    line_1: str,
    line_2: str = "",
    town: str = "",
    postcode: str,
    type: str,
    start_date: date | None,
    by: StaffUser | None,
) -> Address:
    """Record a new address from a date; the current address of the same type ends the day before."""
    policy.require(by, "child.record_work", person)
    errors: dict[str, str] = {}
    if not line_1.strip():
        errors["line_1"] = "Enter the first line of the address."
    if not postcode_is_valid(postcode):
        errors["postcode"] = "Enter a real postcode, like NE1 4ST."
    if problem := past_date_problem(start_date, "the date they started living here"):
        errors["start_date"] = problem
    if type not in AddressType.values:
        errors["type"] = f"{type!r} is not a known address type."
    if errors:
        raise ValidationError(errors)
    assert start_date is not None
    with transaction.atomic():
        _end_current(
            Address.objects.filter(person=person, type=type), on=start_date, by=by, child_id=person.pk
        )
        address = Address.objects.create(
            person=person,
            type=type,
            line_1=line_1.strip(),
            line_2=line_2.strip(),
            town=town.strip(),
            postcode=normalise_postcode(postcode),
            start_date=start_date,
        )
        audit_change(user=by, instance=address, action="create", before=None, child_id=person.pk)
    return address


def professional_add(
    *,
    child: Person,
    role: str,
    name: str,
    organisation: str = "",
    telephone: str = "",
    email: str = "",
    start_date: date | None,
    by: StaffUser | None,
) -> ProfessionalInvolvement:
    policy.require(by, "child.record_work", child)
    errors: dict[str, str] = {}
    if role not in ProfessionalRole.values:
        errors["role"] = "Choose the professional's role."
    if not name.strip():
        errors["name"] = "Enter the professional's name."
    if problem := past_date_problem(start_date, "the date they became involved"):
        errors["start_date"] = problem
    if errors:
        raise ValidationError(errors)
    assert start_date is not None
    with transaction.atomic():
        involvement = ProfessionalInvolvement(
            child=child,
            role=role,
            name=name.strip(),
            organisation=organisation.strip(),
            telephone=telephone.strip(),
            email=email.strip(),
            start_date=start_date,
        )
        involvement.full_clean()
        involvement.save()
        audit_change(user=by, instance=involvement, action="create", before=None, child_id=child.pk)
    return involvement


def identifier_add(
    *, person: Person, type: str, value: str, valid_from: date | None = None, by: StaffUser | None
) -> Identifier:
    """Record another identifier (a case number in another system, an earlier UPN, ...)."""
    policy.require(by, "child.record_work", person)
    errors: dict[str, str] = {}
    value = value.strip().upper()
    if type not in IdentifierType.values:
        errors["type"] = "Choose the kind of identifier."
    if not value:
        errors["value"] = "Enter the identifier."
    elif type == IdentifierType.NHS_NUMBER and not nhs_number_is_valid(value):
        errors["value"] = "NHS number must be 10 digits and pass the NHS check digit."
    elif type in (IdentifierType.UPN, IdentifierType.FORMER_UPN) and not upn_is_valid(value):
        errors["value"] = "A UPN must be 13 characters with a correct check letter."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        identifier = Identifier.objects.create(person=person, type=type, value=value, valid_from=valid_from)
        audit_change(user=by, instance=identifier, action="create", before=None, child_id=person.pk)
    return identifier


def disability_add(
    *, person: Person, code: str, start_date: date | None = None, by: StaffUser | None
) -> PersonDisability:
    policy.require(by, "child.record_work", person)
    if code not in Disability.values:
        raise ValidationError({"code": "Choose a disability from the list."})
    if person.disabilities.filter(code=code).exists():
        raise ValidationError({"code": "This disability is already recorded."})
    with transaction.atomic():
        disability = PersonDisability.objects.create(person=person, code=code, start_date=start_date)
        audit_change(user=by, instance=disability, action="create", before=None, child_id=person.pk)
    return disability


def immigration_status_add(
    *, person: Person, status: str, start_date: date | None, by: StaffUser | None
) -> PersonImmigrationStatus:
    """A new immigration status from a date; the current one ends that day."""
    policy.require(by, "child.record_work", person)
    errors: dict[str, str] = {}
    if status not in ImmigrationStatus.values:
        errors["status"] = "Choose the immigration status."
    if problem := past_date_problem(start_date, "the date the status began"):
        errors["start_date"] = problem
    if errors:
        raise ValidationError(errors)
    assert start_date is not None
    with transaction.atomic():
        _end_current(person.immigration_statuses.all(), on=start_date, by=by, child_id=person.pk)
        record = PersonImmigrationStatus.objects.create(person=person, status=status, start_date=start_date)
        audit_change(user=by, instance=record, action="create", before=None, child_id=person.pk)
    return record
