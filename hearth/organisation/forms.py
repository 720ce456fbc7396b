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
