"""Forms for the child protection plan pages: core groups (attendance by agency, minutes, progress per outcome)
and the manager's note on a failed visit. Visits use the child in need visit form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from hearth.core.forms import date_field, text_field
from hearth.plans.forms import ReviewForm
from hearth.plans.models import PlanOutcome, Progress
from hearth.protection.conferences import AttendanceRow
from hearth.protection.models import Agency

ATTENDANCE_CHOICES = [
    ("attended", "Attended"),
    ("absent", "Invited, did not attend"),
    ("", "Not invited"),
]


class CoreGroupForm(ReviewForm):
    """The review form's progress per outcome, with the date held, attendance by agency and the minutes."""

    def __init__(
        self,
        *args: Any,
        outcomes: Sequence[PlanOutcome] = (),
        siblings: Sequence[tuple[Any, Any, list[PlanOutcome]]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, outcomes=list(outcomes), **kwargs)
        self.own_outcomes = [outcome.pk for outcome in outcomes]
        self.siblings = list(siblings)
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
        # Brothers and sisters on protection plans reviewed at the same core group (issue 18): each plan's progress.
        for child, _, child_outcomes in self.siblings:
            self.fields[f"c{child.pk}_reviewed"] = forms.ChoiceField(
                label=f"Was {child.full_name}'s plan reviewed at this core group?",
                choices=[("yes", "Yes"), ("", "No")],
                widget=forms.RadioSelect,
                required=False,
                initial="",
            )
            for outcome in child_outcomes:
                self.fields[f"progress_{outcome.pk}"] = forms.ChoiceField(
                    label=f"{child.forename}: {outcome.what_must_change}",
                    choices=Progress.choices,
                    widget=forms.RadioSelect,
                    required=False,
                    help_text=f"Measure: {outcome.measure}",
                )
                self.fields[f"note_{outcome.pk}"] = text_field(f"What has changed for {child.forename}", 2)

    def own_progress(self) -> dict[int, tuple[str, str]]:
        """Progress on the outcomes of the plan whose page this is."""
        return {pk: value for pk, value in self.progress().items() if pk in self.own_outcomes}

    def sibling_progress(self) -> list[tuple[Any, dict[int, tuple[str, str]]]]:
        """Each brother's or sister's plan reviewed at this core group, with progress on its own outcomes."""
        reviewed = []
        for child, plan, child_outcomes in self.siblings:
            if self.cleaned_data.get(f"c{child.pk}_reviewed") == "yes":
                mine = {outcome.pk for outcome in child_outcomes}
                reviewed.append((plan, {pk: value for pk, value in self.progress().items() if pk in mine}))
        return reviewed

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
