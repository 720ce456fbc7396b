from __future__ import annotations

from django import forms

from hearth.core.events import all_event_types

VIEW_CHOICES = [
    ("key", "Key events"),
    ("standard", "Key and standard events"),
    ("all", "Everything, including process"),
]


class ChronologyFilterForm(forms.Form):
    view = forms.ChoiceField(label="Show", choices=VIEW_CHOICES, required=False, initial="key")
    type = forms.MultipleChoiceField(
        label="Type of event", required=False, widget=forms.CheckboxSelectMultiple
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text="For example, 1/4/2024",
    )
    date_to = forms.DateField(label="To", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["type"].choices = [(t.code, t.label) for t in all_event_types()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "The 'to' date must be on or after the 'from' date.")
        return data


class ManualEntryForm(forms.Form):
    occurred_on = forms.DateField(
        label="Date it happened",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text="For example, 14/2/2009",
    )
    text = forms.CharField(
        label="What happened", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=280
    )
