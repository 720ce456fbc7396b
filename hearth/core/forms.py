"""Form fields every page words the same way: dates typed as day/month/year, and free text."""

from __future__ import annotations

from django import forms

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HINT = "For example, 3/3/2026"


def date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, input_formats=DATE_FORMATS, help_text=DATE_HINT)


def text_field(label: str, rows: int = 4, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=hint
    )
