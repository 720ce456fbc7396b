from __future__ import annotations

from django import forms

from hearth.missing.models import AbsenceKind, ExploitationConcern, InterviewOutcome, Risk, ScreeningOutcome

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
TIME_FORMATS = ["%H:%M", "%H.%M"]


def _date(label: str, *, help_text: str = "For example, 3/3/2026") -> forms.DateField:
    return forms.DateField(label=label, required=False, input_formats=DATE_FORMATS, help_text=help_text)


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label, required=False, input_formats=TIME_FORMATS, help_text="24-hour clock, for example 21:30"
    )


class EpisodeForm(forms.Form):
    required = ("kind", "started_on", "missing_from", "risk")
    kind = forms.ChoiceField(
        label="What happened", choices=AbsenceKind.choices, widget=forms.RadioSelect, required=False
    )
    started_on = _date("Date the child went missing")
    started_time = _time("Time the child went missing")
    missing_from = forms.CharField(label="Where the child went missing from", required=False, max_length=200)
    risk = forms.ChoiceField(label="Risk", choices=Risk.choices, widget=forms.RadioSelect, required=False)
    police_informed = forms.BooleanField(label="The police were told", required=False)
    police_reference = forms.CharField(label="Police reference", required=False, max_length=50)
    ended_on = _date(
        "Date the child came back or was found",
        help_text="Leave empty if the child is still missing. For example, 4/3/2026",
    )
    ended_time = _time("Time the child came back or was found")
    where_found = forms.CharField(
        label="Where the child was found or came back to", required=False, max_length=200
    )


class ReturnForm(forms.Form):
    required = ("ended_on", "where_found")
    ended_on = _date("Date the child came back or was found")
    ended_time = _time("Time the child came back or was found")
    where_found = forms.CharField(
        label="Where the child was found or came back to", required=False, max_length=200
    )


class InterviewForm(forms.Form):
    required = ("outcome",)
    outcome = forms.ChoiceField(
        label="Return interview", choices=InterviewOutcome.choices, widget=forms.RadioSelect, required=False
    )
    interview_on = _date("Date of the interview", help_text="If it was held. For example, 5/3/2026")
    interviewer = forms.CharField(
        label="Who held it",
        required=False,
        max_length=200,
        help_text="An independent person, with their organisation",
    )
    interview_offered_on = _date(
        "Date the interview was offered", help_text="If it was declined. For example, 5/3/2026"
    )
    interview_notes = forms.CharField(
        label="What the child said, and what happens next",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ScreeningForm(forms.Form):
    required = ("concern", "tool", "outcome", "screened_on")
    concern = forms.ChoiceField(
        label="Screened for", choices=ExploitationConcern.choices, widget=forms.RadioSelect, required=False
    )
    tool = forms.CharField(label="Screening tool", required=False, max_length=200)
    outcome = forms.ChoiceField(
        label="Outcome", choices=ScreeningOutcome.choices, widget=forms.RadioSelect, required=False
    )
    screened_on = _date("Date of the screening")
    review_on = _date("Review by", help_text="If there is a risk; 3 months after the screening if left empty")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))
