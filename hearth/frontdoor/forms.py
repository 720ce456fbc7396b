from __future__ import annotations

from django import forms

from hearth.core.codesets import ReferralSource
from hearth.frontdoor.models import ContactOutcome
from hearth.people.forms import AlsoAboutForm

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class ContactForm(AlsoAboutForm):
    also_about_hint = (
        "A contact about the family: each brother or sister you choose gets the same contact to screen"
    )

    received_on = forms.DateField(
        label="Date received", required=False, input_formats=DATE_FORMATS, help_text="For example, 3/3/2026"
    )
    source = forms.ChoiceField(
        label="Who made the contact", choices=[("", "Choose"), *ReferralSource.choices], required=False
    )
    referrer_name = forms.CharField(label="Referrer's name", max_length=120, required=False)
    referrer_organisation = forms.CharField(label="Referrer's organisation", max_length=120, required=False)
    concern = forms.CharField(
        label="What the contact is about",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=300,
        required=False,
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision", choices=ContactOutcome.choices, widget=forms.RadioSelect, required=False
    )
    reason = forms.CharField(
        label="Reason for the decision", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    decided_on = forms.DateField(label="Date of the decision", required=False, input_formats=DATE_FORMATS)


class FeedbackForm(forms.Form):
    sent_on = forms.DateField(
        label="Date written feedback was sent to the referrer", required=False, input_formats=DATE_FORMATS
    )


class ConcernForm(forms.Form):
    concern = forms.CharField(
        label="What the contact is about",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=300,
        required=False,
    )
