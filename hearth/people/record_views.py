"""Pages that change a person's record: details, addresses, relationships, household, network, merge.

Each is a thin view: the access helper, a form, one service, a response.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard
from hearth.core.posting import apply_errors
from hearth.organisation.models import StaffUser
from hearth.people.access import access_child, visible_people
from hearth.people.forms import (
    AddressForm,
    DisabilityForm,
    DuplicateCheckedForm,
    HouseholdJoinForm,
    HouseholdLeaveForm,
    IdentifierForm,
    ImmigrationStatusForm,
    MergeForm,
    OtherNameForm,
    PersonEditForm,
    ProfessionalForm,
    RelationshipForm,
    RestrictForm,
)
from hearth.people.header import record_form_page
from hearth.people.models import HouseholdMembership, Person
from hearth.people.services import (
    PERSON_FIELDS,
    address_add,
    disability_add,
    household_add_member,
    household_leave,
    identifier_add,
    immigration_status_add,
    person_add_name,
    person_duplicate_checked,
    person_merge,
    person_restrict,
    person_update,
    professional_add,
    relationship_add,
)


def _editable(request: AuthenticatedRequest, pk: int) -> Person:
    """The record a change page is about (the page's guard has asked the policy)."""
    return access_child(request.user, pk, path=request.path)


def _other_person(request: AuthenticatedRequest, number: str, field: str) -> Person:
    other = visible_people(request.user).filter(person_number=number.strip().upper()).first()
    if other is None:
        raise ValidationError(
            {field: "No record you can open has that ID: check it, or create the record first."}
        )
    return other


def _edit_page(
    request: AuthenticatedRequest,
    person: Person,
    form: forms.Form,
    title: str,
    action: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("people:details", pk=person.pk)
    return record_form_page(
        request,
        person,
        form,
        title=title,
        cancel_url=reverse("people:details", kwargs={"pk": person.pk}),
        section="details",
    )


@guard("child.record_work", every_method=True)
def edit_details(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _editable(request, pk)
    initial = {key: getattr(person, key) for key in PERSON_FIELDS} | {"version": person.version}
    form = PersonEditForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> None:
        values = {k: v for k, v in data.items() if k != "version"}
        person_update(person=person, values=values, version=data["version"], by=request.user)

    return _edit_page(request, person, form, "Change details", save, "Details saved.")


@guard("child.record_work", every_method=True)
def add_relationship(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _editable(request, pk)
    form = RelationshipForm(request.POST or None)

    def save(data: dict[str, Any]) -> None:
        other = _other_person(request, data["other_number"], "other_number")
        if other.pk == person.pk:
            raise ValidationError(
                {
                    "other_number": "A person cannot have a relationship to themselves: enter someone else's ID."
                }
            )
        relationship_add(
            person=other,
            other=person,
            type=data["type"],
            parental_responsibility=data["parental_responsibility"],
            start_date=data["start_date"],
            by=request.user,
        )

    return _edit_page(
        request, person, form, "Add a family member or relationship", save, "Relationship added."
    )


@guard("child.record_work", every_method=True)
def join_household(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _editable(request, pk)
    form = HouseholdJoinForm(request.POST or None)

    def save(data: dict[str, Any]) -> None:
        member = _other_person(request, data["member_number"], "member_number")
        household_add_member(child=person, member=member, start_date=data["start_date"], by=request.user)

    return _edit_page(request, person, form, "Add someone to the household", save, "Household updated.")


@guard("child.record_work", every_method=True)
def leave_household(request: AuthenticatedRequest, pk: int, membership_pk: int) -> HttpResponse:
    person = _editable(request, pk)
    households = HouseholdMembership.objects.filter(person=person, end_date=None).values("household_id")
    membership = get_object_or_404(
        HouseholdMembership, pk=membership_pk, household_id__in=households, end_date=None
    )
    form = HouseholdLeaveForm(request.POST or None)

    def save(data: dict[str, Any]) -> None:
        if data["end_date"] is None:
            raise ValidationError({"end_date": "Enter the date they left."})
        household_leave(membership=membership, end_date=data["end_date"], by=request.user)

    return _edit_page(
        request, person, form, f"{membership.person.full_name} left the household", save, "Household updated."
    )


@guard("person.merge", every_method=True)
def merge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _editable(request, pk)

    def save(data: dict[str, Any]) -> None:
        duplicate = _other_person(request, data["duplicate_number"], "duplicate_number")
        try:
            person_merge(keep=person, merge=duplicate, by=request.user)
        except ValidationError as error:
            raise ValidationError({"duplicate_number": error.messages}) from error

    return _edit_page(
        request, person, MergeForm(request.POST or None), "Merge a duplicate record", save, "Records merged."
    )


@guard("person.merge", every_method=True)
def duplicate_checked(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The front door (or whoever may merge) records that a possible duplicate is a different person."""
    person = _editable(request, pk)

    def save(data: dict[str, Any]) -> None:
        person_duplicate_checked(person=person, note=data["note"], by=request.user)

    return _edit_page(
        request,
        person,
        DuplicateCheckedForm(request.POST or None),
        "Not a duplicate: record the check",
        save,
        "Duplicate check recorded.",
    )


@guard("person.restrict", every_method=True)
def restrict(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _editable(request, pk)
    named_now = ", ".join(
        person.restricted_access.values_list("user__username", flat=True).order_by("user__username")
    )
    form = RestrictForm(
        request.POST or None, initial={"restricted": person.is_restricted, "named": named_now}
    )

    def save(data: dict[str, Any]) -> None:
        usernames = {name.strip() for name in data["named"].split(",") if name.strip()}
        found = list(StaffUser.objects.filter(username__in=usernames, is_active=True))
        unknown = usernames - {user.username for user in found}
        if unknown:
            raise ValidationError(
                {"named": f"No active member of staff has the username {', '.join(sorted(unknown))}."}
            )
        person_restrict(person=person, restricted=data["restricted"], named=found, by=request.user)

    return _edit_page(request, person, form, "Restrict access to this record", save, "Access updated.")


def _adding(
    form_class: type[forms.Form], title: str, action: Callable[..., object], done: str
) -> Callable[..., HttpResponseBase]:
    """A page that adds one thing to a person's record: the form's fields go to the service as they are."""

    @guard("child.record_work", every_method=True)
    def view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
        person = _editable(request, pk)
        form = form_class(request.POST or None)
        return _edit_page(
            request, person, form, title, lambda data: action(person, request.user, **data), done
        )

    return view


add_name = _adding(
    OtherNameForm,
    "Add a previous name or alias",
    lambda person, by, **data: person_add_name(person=person, by=by, **data),
    "Name added.",
)
add_identifier = _adding(
    IdentifierForm,
    "Add an identifier",
    lambda person, by, **data: identifier_add(person=person, by=by, **data),
    "Identifier added.",
)
add_disability = _adding(
    DisabilityForm,
    "Add a disability",
    lambda person, by, **data: disability_add(person=person, by=by, **data),
    "Disability added.",
)
add_immigration_status = _adding(
    ImmigrationStatusForm,
    "Record an immigration status",
    lambda person, by, **data: immigration_status_add(person=person, by=by, **data),
    "Immigration status recorded.",
)
add_address = _adding(
    AddressForm,
    "Add an address",
    lambda person, by, **data: address_add(person=person, by=by, **data),
    "Address added.",
)
add_professional = _adding(
    ProfessionalForm,
    "Add a professional to the network",
    lambda person, by, **data: professional_add(child=person, by=by, **data),
    "Professional added.",
)
