"""Form fields every page words the same way: dates typed as day/month/year (in one box, or in GOV.UK's three), and
free text."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HINT = "For example, 3/3/2026"


def date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, input_formats=DATE_FORMATS, help_text=DATE_HINT)


def text_field(label: str, rows: int = 4, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=hint
    )


class DayMonthYearWidget(forms.MultiWidget):
    """GOV.UK's date input: day, month and year boxes (laid out by `core/components/field.html`)."""

    def __init__(self) -> None:
        super().__init__([forms.TextInput(attrs={"inputmode": "numeric"}) for _ in range(3)])

    def decompress(self, value: date | None) -> list[int | None]:
        return [value.day, value.month, value.year] if value else [None, None, None]


class DayMonthYearField(forms.MultiValueField):
    """A date typed in GOV.UK's day, month and year boxes, its errors worded as the pattern words them about `what`
    ("Enter the date ...", "The date ... must include a month", "... must be a real date")."""

    widget = DayMonthYearWidget

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        self.what = what
        parts = [forms.CharField(required=False) for _ in range(3)]
        kwargs.setdefault("error_messages", {"required": f"Enter {what}."})
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list:
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        subject = self.what[0].upper() + self.what[1:]
        missing = [name for name, value in (("day", day), ("month", month), ("year", year)) if not value]
        if missing:
            raise forms.ValidationError(f"{subject} must include a {' and a '.join(missing)}.")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(f"{subject} must be a real date, written in numbers like 27 3 2026.")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{subject} must be a real date.") from None
