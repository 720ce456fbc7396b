from __future__ import annotations

from django import forms

from hearth.health.models import AssessmentKind, CheckKind, SdqReason

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label: str, *, help_text: str = "For example, 3/3/2026") -> forms.DateField:
    return forms.DateField(label=label, required=False, input_formats=DATE_FORMATS, help_text=help_text)


def _text(label: str, *, rows: int = 0, help_text: str = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label, required=False, max_length=None if rows else 200, widget=widget, help_text=help_text
    )


class AssessmentForm(forms.Form):
    required = ("kind", "assessed_on", "assessed_by", "summary")
    kind = forms.ChoiceField(
        label="Assessment", choices=AssessmentKind.choices, widget=forms.RadioSelect, required=False
    )
    assessed_on = _date("Date of the assessment")
    assessed_by = _text("Carried out by", help_text="Name and role, for example Dr A Patel, paediatrician")
    summary = _text("What it found and recommended", rows=6)


class CheckForm(forms.Form):
    required = ("kind", "checked_on")
    kind = forms.ChoiceField(
        label="Check", choices=CheckKind.choices, widget=forms.RadioSelect, required=False
    )
    checked_on = _date("Date of the check")
    up_to_date = forms.ChoiceField(
        label="Immunisations up to date",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        required=False,
        help_text="For a review of immunisations only",
    )
    notes = _text("Notes", rows=3)


class SdqForm(forms.Form):
    required = ("completed_on",)
    completed_on = _date("Date of the questionnaire")
    score = forms.IntegerField(label="Total difficulties score", required=False, help_text="From 0 to 40")
    reason = forms.ChoiceField(
        label="Or, why there is no score",
        choices=[("", "There is a score"), *SdqReason.choices],
        required=False,
    )
    completed_by = _text("Completed by", help_text="The carer, a teacher or the young person")


class SubstanceForm(forms.Form):
    required = ("identified_on", "details")
    identified_on = _date("Date it was identified")
    details = _text("What was identified", rows=4)
    intervention_offered = forms.BooleanField(label="An intervention was offered", required=False)
    intervention_received = forms.BooleanField(label="An intervention was received", required=False)


class ActionForm(forms.Form):
    required = ("action", "who", "due_on")
    action = _text("Action")
    who = _text("Who will do it")
    due_on = _date("Due by")


class ActionDoneForm(forms.Form):
    required = ("done_on",)
    done_on = _date("Date it was done")
    done_note = _text("What came of it")


class MissedForm(forms.Form):
    required = ("missed_on", "appointment")
    missed_on = _date("Date of the appointment")
    appointment = _text("Appointment", help_text="For example, CAMHS first appointment")
    reason = _text("Why it was missed, if known")
