"""Transferring a worker's children."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from hearth.organisation.forms import date_field
from hearth.organisation.models import StaffUser, Team
from hearth.organisation.roles import PARTNER_ROLES, Role
from hearth.people.models import Person


class ChildChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.person_number})"


class CaseloadTransferForm(forms.Form):
    children = ChildChoiceField(
        label="Children to transfer",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the children to transfer."},
    )
    worker = forms.ModelChoiceField(
        label="Transfer to",
        queryset=StaffUser.objects.none(),
        error_messages={"required": "Choose the worker."},
    )
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.order_by("name"), error_messages={"required": "Choose the team."}
    )
    start_date = date_field("From", "date the transfer takes effect", required=True)
    reason = forms.CharField(label="Reason for the transfer", max_length=200, required=False)

    def __init__(self, *args: Any, children: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children  # type: ignore[attr-defined]
        # Inactive workers are listed too, so that choosing one is refused with a reason rather than hidden.
        holders = StaffUser.objects.exclude(role__in=[*PARTNER_ROLES, Role.ADMINISTRATOR]).order_by(
            "full_name"
        )
        self.fields["worker"].queryset = holders  # type: ignore[attr-defined]
