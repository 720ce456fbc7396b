from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from hearth.casenotes.models import NoteType

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class NoteForm(forms.Form):
    note_type = forms.ChoiceField(
        label="Type of note", choices=NoteType.choices, widget=forms.RadioSelect, required=False
    )
    occurred_on = forms.DateField(
        label="Date this happened",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 3/3/2026",
    )
    text = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 12}))
    significant = forms.BooleanField(
        label="This is a significant event",
        required=False,
        help_text="A significant note is shown in the child's key events and chronology",
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    also_about = forms.MultipleChoiceField(
        label="Also about",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The same note on the record of each brother or sister you choose: written once",
    )

    def __init__(self, *args: Any, siblings: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.siblings = {str(child.pk): child for child in siblings}
        chosen = self.fields["also_about"]
        assert isinstance(chosen, forms.MultipleChoiceField)
        chosen.choices = [(pk, child.full_name) for pk, child in self.siblings.items()]
        if not self.siblings:
            del self.fields["also_about"]

    def also_about_children(self) -> list[Any] | None:
        """The brothers and sisters chosen (None when the page offered none: the note's stay as they are)."""
        if "also_about" not in self.fields:
            return None
        return [self.siblings[pk] for pk in self.cleaned_data.get("also_about") or [] if pk in self.siblings]


class AddendumForm(forms.Form):
    text = forms.CharField(
        label="Addendum",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A final note cannot be changed: what you add here is shown with it, with your name and the time",
    )
