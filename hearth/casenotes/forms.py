from __future__ import annotations

from django import forms

from hearth.casenotes.models import NoteType
from hearth.people.forms import AlsoAboutForm

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class NoteForm(AlsoAboutForm):
    also_about_hint = "The same note on each brother's or sister's record you choose: written once"

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


class AddendumForm(forms.Form):
    text = forms.CharField(
        label="Addendum",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A final note cannot be changed: what you add here is shown with it, with your name and the time",
    )
