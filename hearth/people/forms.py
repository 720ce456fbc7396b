from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from hearth.core.codesets import (
    AddressType,
    Disability,
    Ethnicity,
    IdentifierType,
    ImmigrationStatus,
    ProfessionalRole,
    RelationshipType,
    Religion,
    Sex,
)
from hearth.people.models import NameKind, Person


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Name, date of birth, postcode or ID",
        help_text="For example: Jayden Smith 14/03/2016, NE1 4, or an NHS number",
        max_length=120,
        required=False,
    )


class PersonForm(forms.Form):
    kind = forms.ChoiceField(
        label="Record for", choices=[("child", "A child or young person"), ("adult", "An adult")]
    )
    forename = forms.CharField(
        label="First name", max_length=80, error_messages={"required": "Enter the person's first name."}
    )
    middle_names = forms.CharField(label="Middle names", max_length=120, required=False)
    surname = forms.CharField(
        label="Last name", max_length=80, error_messages={"required": "Enter the person's last name."}
    )
    preferred_name = forms.CharField(label="Known as", max_length=80, required=False)
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        help_text="For example, 27/03/2016",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    expected_date_of_birth = forms.DateField(
        label="Expected date of birth (unborn child)", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, initial=Sex.UNKNOWN)
    gender_identity = forms.CharField(label="Gender identity (if different)", max_length=60, required=False)
    ethnicity = forms.ChoiceField(
        label="Ethnicity", choices=[("", "Not yet recorded"), *Ethnicity.choices], required=False
    )
    first_language = forms.CharField(label="First language", max_length=60, required=False)
    religion = forms.ChoiceField(
        label="Religion", choices=[("", "Not yet recorded"), *Religion.choices], required=False
    )
    nhs_number = forms.CharField(label="NHS number", max_length=12, required=False)
    upn = forms.CharField(label="Unique pupil number (UPN)", max_length=13, required=False)
    confirm_not_duplicate = forms.BooleanField(
        label="I have checked the possible matches and this is a different person", required=False
    )

    def person_values(self) -> dict[str, object]:
        return {k: v for k, v in self.cleaned_data.items() if k != "confirm_not_duplicate"}


class EmergencyAccessForm(forms.Form):
    person_number = forms.CharField(label="The child's ID", max_length=20)
    reason = forms.CharField(
        label="Why you need to see this record now", widget=forms.Textarea, max_length=500
    )


DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class PersonEditForm(PersonForm):
    warnings = forms.CharField(
        label="Warnings",
        max_length=300,
        required=False,
        help_text="Shown to everyone who opens the record, for example a risk to visiting staff",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["confirm_not_duplicate"]
        del self.fields["kind"]

    def person_values(self) -> dict[str, object]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class AddressForm(forms.Form):
    type = forms.ChoiceField(label="Type of address", choices=AddressType.choices, initial=AddressType.HOME)
    line_1 = forms.CharField(label="Address line 1", max_length=120, required=False)
    line_2 = forms.CharField(label="Address line 2", max_length=120, required=False)
    town = forms.CharField(label="Town or city", max_length=80, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    start_date = forms.DateField(
        label="Living here from",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 1/9/2024",
    )


class RelationshipForm(forms.Form):
    other_number = forms.CharField(
        label="The other person's ID",
        max_length=20,
        help_text="Their record ID, for example A0001234 or C0000042",
    )
    type = forms.ChoiceField(label="They are this person's", choices=RelationshipType.choices)
    parental_responsibility = forms.BooleanField(label="They have parental responsibility", required=False)
    start_date = forms.DateField(label="Since (if known)", required=False, input_formats=DATE_FORMATS)


class HouseholdJoinForm(forms.Form):
    member_number = forms.CharField(label="ID of the person now living with the child", max_length=20)
    start_date = forms.DateField(
        label="Living with the child from", required=False, input_formats=DATE_FORMATS
    )


class HouseholdLeaveForm(forms.Form):
    end_date = forms.DateField(label="Date they left", required=False, input_formats=DATE_FORMATS)


class ProfessionalForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=ProfessionalRole.choices)
    name = forms.CharField(label="Name", max_length=120, required=False)
    organisation = forms.CharField(label="Organisation", max_length=120, required=False)
    telephone = forms.CharField(label="Telephone", max_length=30, required=False)
    email = forms.EmailField(label="Email", required=False)
    start_date = forms.DateField(label="Involved since", required=False, input_formats=DATE_FORMATS)


class DuplicateCheckedForm(forms.Form):
    note = forms.CharField(
        label="What you checked",
        max_length=200,
        help_text="For example, the records searched and why this is a different person",
        required=False,
    )


class MergeForm(forms.Form):
    duplicate_number = forms.CharField(
        label="ID of the duplicate record to merge into this one", max_length=20
    )
    confirm = forms.BooleanField(
        label="I have checked these are the same person; the duplicate's history moves to this record",
        error_messages={"required": "Confirm that you have checked these records are the same person."},
    )


class OtherNameForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of name", choices=[c for c in NameKind.choices if c[0] != NameKind.CURRENT]
    )
    forename = forms.CharField(label="First name", max_length=80, required=False)
    surname = forms.CharField(label="Last name", max_length=80, required=False)


class IdentifierForm(forms.Form):
    type = forms.ChoiceField(label="Kind of identifier", choices=IdentifierType.choices)
    value = forms.CharField(label="Identifier", max_length=40, required=False)
    valid_from = forms.DateField(label="Known from (if known)", required=False, input_formats=DATE_FORMATS)


class DisabilityForm(forms.Form):
    code = forms.ChoiceField(label="Disability", choices=Disability.choices)
    start_date = forms.DateField(label="Since (if known)", required=False, input_formats=DATE_FORMATS)


class ImmigrationStatusForm(forms.Form):
    status = forms.ChoiceField(label="Immigration status", choices=ImmigrationStatus.choices)
    start_date = forms.DateField(label="From", required=False, input_formats=DATE_FORMATS)


class RestrictForm(forms.Form):
    restricted = forms.BooleanField(label="Restrict this record to the people named", required=False)
    named = forms.CharField(
        label="Usernames of the people who may open it",
        help_text="Separate usernames with commas. You are always included.",
        required=False,
        max_length=500,
    )


class AlsoAboutForm(forms.Form):
    """A form for a record that may be made once for several children of a family (issue 18): `siblings` are offered
    as "Also about" (the children living with the child whose records the user may write to); none, no question."""

    also_about_hint = "The same record on each brother's or sister's record you choose: written once"

    def __init__(self, *args: Any, siblings: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.siblings = {str(child.pk): child for child in siblings}
        if self.siblings:
            self.fields["also_about"] = forms.MultipleChoiceField(
                label="Also about",
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=self.also_about_hint,
                choices=[(pk, child.full_name) for pk, child in self.siblings.items()],
            )

    def also_about_children(self) -> list[Person] | None:
        """The brothers and sisters chosen (None when the page offered none)."""
        if "also_about" not in self.fields:
            return None
        return [self.siblings[pk] for pk in self.cleaned_data.get("also_about") or [] if pk in self.siblings]
