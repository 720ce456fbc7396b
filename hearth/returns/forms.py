from __future__ import annotations

from typing import Any

from django import forms

from hearth.core.forms import DayMonthYearField
from hearth.returns.annex_a import annex_a_months


class CensusExportForm(forms.Form):
    year = forms.IntegerField(
        label="Collection year",
        help_text="The year the collection ends: 2026 is 1 April 2025 to 31 March 2026",
        error_messages={
            "required": "Enter the collection year",
            "invalid": "Enter the collection year as a number, like 2026",
        },
    )


class AnnexAExportForm(forms.Form):
    on = DayMonthYearField(
        label="Date Annex A is made on",
        what="the date Annex A is made on",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "on"
        ].help_text = f"The lists cover the {annex_a_months()} months up to and including this day. For example, 27 3 2026"
