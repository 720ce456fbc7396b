"""The forms of the retention, disposal and subject access pages."""

from __future__ import annotations

from django import forms

from hearth.core.forms import date_field, text_field


class HoldForm(forms.Form):
    reason = text_field(
        "Why is the record held?", rows=3, hint="The claim, inquiry or complaint it is needed for"
    )
    until = date_field("Held until (optional)")


class LiftForm(forms.Form):
    lifted_reason = text_field("Why is the hold lifted?", rows=3)


class DisposeForm(forms.Form):
    reason = text_field(
        "Reason for disposal", rows=3, hint="For example, the retention review of March 2027 found it due"
    )


class SubjectAccessForm(forms.Form):
    received_on = date_field("Date the request was received")


class RedactionsForm(forms.Form):
    added = forms.CharField(
        label="Add a redaction (optional)",
        required=False,
        max_length=200,
        help_text="A name or detail of someone else that appears in the record",
    )
    whose = forms.CharField(label="Whose detail is it? (optional)", required=False, max_length=200)


class ReleaseForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked every redaction: the bundle shows no one else's details", required=False
    )
    note = text_field("Note of the review (optional)", rows=2)
