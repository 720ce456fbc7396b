from __future__ import annotations

from typing import Any

from django import forms

from hearth.core.forms import date_field, text_field
from hearth.visits.kinds import VisitKind

_YES_NO = [("yes", "Yes"), ("no", "No")]


class VisitForm(forms.Form):
    """The questions every statutory visit asks, then the kind's own."""

    visit_date = date_field("Date of the visit")
    seen = forms.ChoiceField(
        label="Was the child seen?", choices=_YES_NO, widget=forms.RadioSelect, required=False
    )
    seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    bedroom_seen = forms.BooleanField(label="The child's bedroom was seen", required=False)
    not_seen_reason = text_field("If the child was not seen, why not", 3)
    note = text_field("Notes of the visit", 6)

    def __init__(self, *args: Any, kind: VisitKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name, make in kind.questions:
            self.fields[name] = make()

    def values(self) -> dict[str, Any]:
        """The service's arguments: seen as True, False or None (unanswered), the kind's answers apart."""
        data = dict(self.cleaned_data)
        data["seen"] = {"yes": True, "no": False}.get(data.pop("seen"))
        data["answers"] = {name: data.pop(name) for name, _ in self.kind.questions}
        return data


class FailedVisitSeenForm(forms.Form):
    """The manager has seen a failed visit: what they have decided or asked for."""

    note = text_field("What you have decided or asked for", 3)
