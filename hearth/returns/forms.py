from __future__ import annotations

from django import forms


class CensusExportForm(forms.Form):
    year = forms.IntegerField(
        label="Collection year",
        help_text="The year the collection ends: 2026 is 1 April 2025 to 31 March 2026",
        error_messages={
            "required": "Enter the collection year",
            "invalid": "Enter the collection year as a number, like 2026",
        },
    )
