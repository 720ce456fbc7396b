"""Early help and step change forms: every field optional here, so the service words what is missing."""

from __future__ import annotations

from django import forms

from hearth.earlyhelp.models import EarlyHelpEndReason
from hearth.organisation.models import Service

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HINT = "For example, 3/3/2026"


def _date(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, input_formats=DATE_FORMATS, help_text=DATE_HINT)


def _text(label: str, rows: int = 4) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), required=False)


class StartForm(forms.Form):
    start_date = _date("Date early help started")
    lead_professional = forms.CharField(label="Lead professional", max_length=120, required=False)
    lead_organisation = forms.CharField(
        label="Lead professional's organisation or team", max_length=120, required=False
    )
    reason = _text("Why the family needs early help")


class AssessForm(forms.Form):
    assessed_on = _date("Date of the early help assessment")
    summary = _text("What the assessment found", rows=6)


class EndForm(forms.Form):
    end_reason = forms.ChoiceField(
        label="Why early help is ending",
        choices=[c for c in EarlyHelpEndReason.choices if c[0] != EarlyHelpEndReason.STEPPED_UP],
        widget=forms.RadioSelect,
        required=False,
    )
    end_date = _date("Date early help ended")


class StepRequestForm(forms.Form):
    to_service = forms.ModelChoiceField(
        label="Receiving service",
        queryset=Service.objects.order_by("name"),
        empty_label="Choose",
        required=False,
    )
    reason = _text("Reason for the request", rows=6)
    requested_on = _date("Date of the request")


class AcceptForm(forms.Form):
    accepted_on = _date("Date accepted")


class DeclineForm(forms.Form):
    declined_on = _date("Date declined")
    reason = _text("Why the request is declined")


class HandoverForm(forms.Form):
    handover_on = _date("Date of the handover")
    note = _text("Handover note: what the receiving service and the family were told")


class FollowUpForm(forms.Form):
    followed_up_on = _date("Date of the follow-up")
    note = _text("How the child is doing")
