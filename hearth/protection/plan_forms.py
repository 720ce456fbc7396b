"""Forms for the child protection plan pages: core groups (attendance by agency, minutes, progress per outcome)
and the manager's note on a failed visit. Visits use the child in need visit form."""

from __future__ import annotations

from typing import Any

from django import forms

from hearth.core.forms import date_field, text_field
from hearth.plans.forms import ReviewForm
from hearth.protection.conferences import AttendanceRow
from hearth.protection.models import Agency

ATTENDANCE_CHOICES = [
    ("attended", "Attended"),
    ("absent", "Invited, did not attend"),
    ("", "Not invited"),
]


class CoreGroupForm(ReviewForm):
    """The review form's progress per outcome, with the date held, attendance by agency and the minutes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["review_date"], self.fields["attendees"]
        fields: dict[str, forms.Field] = {"held_on": date_field("Date of the core group")}
        for agency, label in Agency.choices:
            fields[f"attendance_{agency}"] = forms.ChoiceField(
                label=label,
                choices=ATTENDANCE_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                help_text="Education must be invited: its absence is flagged"
                if agency == Agency.EDUCATION
                else "",
            )
            fields[f"name_{agency}"] = forms.CharField(label=f"Who came from {label.lower()}", required=False)
        fields["summary"] = self.fields.pop("summary")
        fields["summary"].label = "What the core group found and how the plan changes"
        fields["minutes"] = text_field("Minutes", 8)
        fields["minutes_recorded_on"] = date_field("Date the minutes were recorded")
        self.fields = {**fields, **self.fields}

    def attendance(self) -> list[AttendanceRow]:
        data = self.cleaned_data
        return [
            AttendanceRow(
                agency=agency,
                attended=data[f"attendance_{agency}"] == "attended",
                name=data[f"name_{agency}"],
            )
            for agency in Agency.values
            if data.get(f"attendance_{agency}")
        ]


class MinutesForm(forms.Form):
    minutes = text_field("Minutes", 8)
    minutes_recorded_on = date_field("Date the minutes were recorded")
