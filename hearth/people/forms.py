from __future__ import annotations

from django import forms

from hearth.core.codesets import Ethnicity, Religion, Sex


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
