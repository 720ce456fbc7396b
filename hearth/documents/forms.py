from __future__ import annotations

from typing import Any

from django import forms

from hearth.core.forms import date_field, text_field
from hearth.documents.models import DocumentType, RetentionClass
from hearth.organisation.models import StaffUser


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input: the service checks each one (and says which is wrong)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [item for item in data if item]
        return [data] if data else []


def _staff_choices() -> forms.ModelMultipleChoiceField[StaffUser]:
    """The people who may be named: set per page to those around the child (`NamedPeople.name_from`)."""
    return forms.ModelMultipleChoiceField(
        label="Who may open it",
        queryset=StaffUser.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each must be able to open the child's record. You may always open what you added.",
    )


class NamedPeople(forms.Form):
    def name_from(self, people: Any) -> None:
        self.fields["named"].queryset = people  # type: ignore[attr-defined]


class DocumentAddForm(NamedPeople):
    upload = MultipleFileField(label="Files", required=False)
    document_type = forms.ModelChoiceField(
        label="Type of document",
        queryset=DocumentType.objects.filter(active=True),
        required=False,
        empty_label="Choose a type",
    )
    document_date = date_field("Date of the document")
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=200,
        help_text="Leave blank to use each file's name; with several files, each title starts with this",
    )
    author = forms.CharField(
        label="Written by", required=False, max_length=120, help_text="Where someone other than you wrote it"
    )
    description = text_field("Description", rows=3)
    restricted = forms.BooleanField(
        label="Only named people may open it",
        required=False,
        help_text="For a document that not everyone who opens the child's record should read",
    )
    named = _staff_choices()


class VersionForm(forms.Form):
    upload = forms.FileField(label="The new file", required=False)


class RemoveForm(forms.Form):
    reason = text_field("Why was it uploaded in error?", rows=3)


class RestrictForm(NamedPeople):
    named = _staff_choices()


class DocumentTypeForm(forms.Form):
    name = forms.CharField(label="Name", required=False, max_length=80)
    retention = forms.ChoiceField(
        label="How long documents of this type are kept",
        choices=RetentionClass.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    active = forms.BooleanField(label="Offered for new documents", required=False, initial=True)
