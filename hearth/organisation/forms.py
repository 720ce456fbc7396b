from __future__ import annotations

from django import forms

from hearth.organisation.models import StaffUser, Team
from hearth.organisation.roles import PARTNER_ROLES, Role


class AllocationForm(forms.Form):
    worker = forms.ModelChoiceField(
        label="Worker", queryset=StaffUser.objects.none(), error_messages={"required": "Choose the worker."}
    )
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.order_by("name"), error_messages={"required": "Choose the team."}
    )
    start_date = forms.DateField(
        label="From",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text="For example, 2/12/2026",
        error_messages={"required": "Enter the date the allocation starts."},
    )
    reason = forms.CharField(label="Reason", max_length=200, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        holders = StaffUser.objects.exclude(role__in=[*PARTNER_ROLES, Role.ADMINISTRATOR]).order_by(
            "full_name"
        )
        self.fields["worker"].queryset = holders  # type: ignore[attr-defined]


def date_field(label: str, what: str, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text="For example, 2/12/2026",
        error_messages={
            "invalid": f"Enter the {what} as a real date, for example 2/12/2026.",
            "required": f"Enter the {what}.",
        },
    )


class StaffWorkforceForm(forms.Form):
    qualification_date = date_field("Date qualified as a social worker", "date qualified")
    social_work_england_number = forms.CharField(
        label="Social Work England registration number", max_length=20, required=False
    )
    registration_renewal_date = date_field(
        "Social Work England registration renewal date", "registration renewal date"
    )
    vetting_renewal_date = date_field("DBS check renewal date", "DBS check renewal date")
    last_appraisal_date = date_field("Date of last appraisal", "date of the last appraisal")
    full_time_equivalent = forms.DecimalField(
        label="Full-time equivalent",
        max_digits=3,
        decimal_places=2,
        help_text="1 for full time, for example 0.6 for three days a week",
        error_messages={
            "required": "Enter the full-time equivalent, for example 1 or 0.6.",
            "invalid": "Enter the full-time equivalent as a number, for example 0.6.",
            "max_digits": "Enter the full-time equivalent between 0.1 and 1, for example 0.6.",
            "max_decimal_places": "Enter the full-time equivalent to two decimal places at most.",
            "max_whole_digits": "Enter the full-time equivalent between 0.1 and 1, for example 0.6.",
        },
    )
    is_agency_worker = forms.BooleanField(label="Agency worker", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TrainingRecordForm(forms.Form):
    course = forms.CharField(
        label="Course", max_length=120, error_messages={"required": "Enter the name of the course."}
    )
    completed_on = date_field("Completed on", "date the course was completed", required=True)
    expires_on = date_field("Needs refreshing by", "date the training needs refreshing")
