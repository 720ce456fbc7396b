from __future__ import annotations

from django import forms

from hearth.education.models import ExclusionKind, KeyStage, SenKind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label: str, *, help_text: str = "For example, 3/3/2026") -> forms.DateField:
    return forms.DateField(label=label, required=False, input_formats=DATE_FORMATS, help_text=help_text)


def _text(label: str, *, rows: int = 0, help_text: str = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label, required=False, max_length=None if rows else 300, widget=widget, help_text=help_text
    )


class SchoolForm(forms.Form):
    required = ("urn", "start_date")
    urn = _text("School URN", help_text="The school's unique reference number, 6 digits")
    start_date = _date("Date the child started")


class AttendanceForm(forms.Form):
    required = ("period_start", "period_end", "percentage")
    period_start = _date("First day of the period")
    period_end = _date("Last day of the period")
    percentage = forms.DecimalField(label="Attendance (%)", required=False, help_text="For example, 92.5")


class ExclusionForm(forms.Form):
    required = ("kind", "start_date", "reason")
    kind = forms.ChoiceField(
        label="Kind", choices=ExclusionKind.choices, widget=forms.RadioSelect, required=False
    )
    start_date = _date("Date it started")
    school_days = forms.IntegerField(
        label="Length in school days", required=False, help_text="For a suspension"
    )
    reason = _text("Reason the school gave")


class SenForm(forms.Form):
    required = ("kind", "from_date")
    kind = forms.ChoiceField(
        label="Special educational needs", choices=SenKind.choices, widget=forms.RadioSelect, required=False
    )
    from_date = _date("From")
    primary_need = _text("Primary need")


class AttainmentForm(forms.Form):
    required = ("key_stage", "assessed_on", "result")
    key_stage = forms.ChoiceField(
        label="Key stage", choices=[("", "Choose"), *KeyStage.choices], required=False
    )
    assessed_on = _date("Date of the assessment")
    result = _text("Result")


class PepStartForm(forms.Form):
    required = ("started_on",)
    started_on = _date("Date the plan was started")


class PepSectionsForm(forms.Form):
    attainment_and_progress = _text("Attainment and progress", rows=5)
    attendance_and_behaviour = _text("Attendance and behaviour", rows=4)
    targets = _text("Targets for the term (SMART), and who will help", rows=5)
    pupil_premium_plus = _text("Pupil premium plus: what it pays for", rows=3)
    child_views = _text("The child's views", rows=4, help_text="Completed by the social worker")
    care_plan_links = _text("Links to the care plan", rows=3, help_text="Completed by the social worker")


class PepSignOffForm(forms.Form):
    required = ("meeting_on",)
    meeting_on = _date("Date of the PEP meeting")
